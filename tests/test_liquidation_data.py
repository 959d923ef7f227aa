"""Checks on the real data (mirror): the book, the fit and the verdicts."""

import numpy as np
import pandas as pd
import pytest

from flashcrash.errors import NaiveTimestampError
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import cascade as cs
from flashcrash.liquidation import claims as la

pytestmark = pytest.mark.data


def test_observed_worst_hour_and_long_share():
    ls = la.long_shares()
    ev = ls.loc[cal.EVENT_DAY]
    assert ev["worst_hour"] == pd.Timestamp("2025-12-01 00:00", tz="UTC")
    assert 50e6 < ev["worst_hour_usd"] < 60e6
    assert ev["worst_hour_long_share"] > 0.95 and 0.75 < ev["long_share"] < 0.85


def test_book_is_scaled_and_survivors_only():
    p = bk.BookParams(long_usd=3e9, short_usd=1e9)
    b = bk.build(cal.EVENT_DAY, p)
    assert b.loc[b.side == 1, "notional"].sum() == pytest.approx(3e9)
    assert b.loc[b.side == -1, "notional"].sum() == pytest.approx(1e9)
    p0 = float(cal.day_bars(cal.EVENT_DAY)["open"].iloc[0])
    assert (b.loc[b.side == 1, "lp"] < p0 * 1.01).all()  # longs above the price would be liquidated already
    with pytest.raises(NaiveTimestampError):
        bk.build(pd.Timestamp("2025-12-01"), p)


def test_fit_quality_and_amplification():
    f = cal.event_fit()
    assert f.correlation > 0.8
    assert abs(f.total_error) < 0.6
    band = cal.amplification_band()
    assert 1.0 <= band["factor_lo"] <= band["factor"] <= band["factor_hi"]
    assert band["observed_low"] < band["exogenous_low"] < band["open"]
    assert band["forward_low"] == pytest.approx(band["observed_low"], rel=1e-3)


def test_assess_covers_chapter_claims():
    from flashcrash.claims import load_claims

    got = la.assess()
    mine = {c.id for c in load_claims() if c.chapter == "liquidations"}
    assert set(got) == mine
    assert got["c15-rmb-conversion"].verdict == "reproduced"
    assert got["c10-worst-hour-600m"].verdict == "not_checkable"


def test_event_day_agrees_with_event_chapter():
    from flashcrash import event

    assert cal.EVENT_DAY == event.event_day()
    cands = set(event.candidate_days())
    assert set(la.CANDIDATE_DAYS) <= cands


def test_event_day_results_do_not_depend_on_the_grid(monkeypatch):
    # the published amplification comes out bit-identical whether the calibrated book is binned on a
    # dense grid of ticks (as before the grid was sized to the data) or by distinct prices
    params = cal.event_fit().params
    got = {}
    for name, per_position in (("dense", 10**9), ("sized", cs.DENSE_BINS_PER_POSITION)):
        monkeypatch.setattr(cs, "DENSE_BINS_PER_POSITION", per_position)
        got[name] = cal.amplification(cal.EVENT_DAY, params)
    d, s = got["dense"], got["sized"]
    assert (d.factor, d.exogenous_low, d.forward_low) == (s.factor, s.exogenous_low, s.forward_low)
    assert np.array_equal(d.path.to_numpy(), s.path.to_numpy())
    assert 1.0 < s.factor < 3.0
