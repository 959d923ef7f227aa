"""Tests of flashcrash.macro: decision detection on a toy target range, funding percentiles on a toy
history, publication-lag filtering, and checks on the FRED and Binance data in the mirror."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash import macro as m
from flashcrash.errors import NaiveTimestampError


def _range(values, start="2024-01-01"):
    idx = pd.date_range(start, periods=len(values), freq="D", tz="UTC")
    up = pd.Series([v for v in values], index=idx, dtype=float)
    return up, up - 0.25


def test_rate_decisions_on_a_toy_series():
    up, lo = _range([5.5, 5.5, 5.0, 5.0, 5.0, 4.75, 4.75, 5.0])
    dec = m.rate_decisions(up, lo)
    assert list(dec["effective"].dt.day) == [3, 6, 8]
    assert list(dec["change_bp"]) == [-50, -25, 25]
    assert list(dec["kind"]) == ["cut", "cut", "hike"]
    assert list(dec["announced"].dt.day) == [2, 5, 7]
    assert list(dec["lower"]) == [4.75, 4.5, 4.75]
    # the start level is not a decision; a flat series has none
    assert m.rate_decisions(*_range([2.0] * 5)).empty


def test_rate_decisions_refuse_bad_input():
    up, lo = _range([5.5, 5.0])
    with pytest.raises(ValueError, match="swapped"):
        m.rate_decisions(lo, up)
    with pytest.raises(NaiveTimestampError):
        m.rate_decisions(up.tz_localize(None), lo)


def test_cycle_start_and_cuts_in_year_on_toy_decisions():
    up, lo = _range([5.5, 5.0, 5.0, 4.75, 5.0, 4.75, 4.5])
    dec = m.rate_decisions(up, lo)
    # effective: cuts on days 2 and 4, a hike on day 5, cuts on days 6 and 7 (each announced the day before)
    assert m.cutting_cycle_start(pd.Timestamp("2024-02-01", tz="UTC"), dec) == pd.Timestamp("2024-01-05", tz="UTC")
    assert len(m.cuts_in_year(2024, dec)) == 4
    assert m.target_range_on(pd.Timestamp("2024-01-04", tz="UTC"), dec) == (4.5, 4.75)
    with pytest.raises(ValueError, match="not a cut"):
        m.cutting_cycle_start(pd.Timestamp("2024-01-05", tz="UTC"), dec)  # last announcement: the hike


def test_funding_percentile_on_a_toy_history():
    assert m.percentile_of([1, 2, 3, 4], 3) == 0.75
    assert m.percentile_of([1, 2, 3, 4], 0) == 0.0
    assert m.percentile_of([1, np.nan, 3], 3) == 1.0
    with pytest.raises(ValueError, match="empty"):
        m.percentile_of([], 1.0)
    # 10 days of prints at 0.0001 then 2 days at 0.0003: the last 1-day mean is the highest
    idx = pd.date_range("2024-01-01", periods=36, freq="8h", tz="UTC")
    rates = pd.Series([0.0001] * 30 + [0.0003] * 6, index=idx)
    day = idx[-1] + pd.Timedelta(hours=8)
    t = m.funding_percentiles(rates, day, windows=(1, 2), start=idx[0]).set_index("window_days")
    assert t.loc[1, "mean_8h"] == pytest.approx(0.0003)
    assert t.loc[1, "annualised"] == pytest.approx(0.0003 * 1095)
    assert t.loc[1, "percentile"] == 1.0
    assert t.loc[1, "baseline_multiple"] == pytest.approx(3.0)
    # 2-day means (6 prints): 31 windows, the last one (all 0.0003) is the highest; one before it is 5/6 * 0.0003 + 1/6 * 0.0001
    assert t.loc[2, "mean_8h"] == pytest.approx(0.0003)
    assert t.loc[2, "percentile"] == 1.0
    lower = m.funding_percentiles(rates.iloc[:-1], day - pd.Timedelta(hours=8), windows=(2,), start=idx[0]).iloc[0]
    assert lower["mean_8h"] == pytest.approx((5 * 0.0003 + 0.0001) / 6)
    assert lower["percentile"] == 1.0
    with pytest.raises(ValueError, match="fewer than"):
        m.funding_percentiles(rates, day, windows=(30,), start=idx[0])


def test_annualise():
    assert m.annualise(0.0001) == pytest.approx(0.1095)


def test_known_by_applies_the_publication_lag():
    idx = pd.date_range("2025-06-01", periods=6, freq="MS", tz="UTC")
    s = pd.Series(np.arange(6.0), index=idx)
    kept = m.known_by(s, pd.Timestamp("2025-10-15", tz="UTC"))
    assert kept.index[-1] == pd.Timestamp("2025-08-01", tz="UTC")


# --- real data ------------------------------------------------------------------------------
@pytest.mark.data
def test_real_fed_decisions_2024_2025():
    dec = m.fed_decisions()
    recent = dec[dec["announced"] >= pd.Timestamp("2024-01-01", tz="UTC")]
    assert [str(t.date()) for t in recent["announced"]][:6] == ["2024-09-18", "2024-11-07", "2024-12-18", "2025-09-17", "2025-10-29", "2025-12-10"]
    assert list(recent["change_bp"])[:6] == [-50, -25, -25, -25, -25, -25]
    assert m.target_range_on(pd.Timestamp("2025-12-01", tz="UTC"), dec) == (3.75, 4.0)
    assert m.cutting_cycle_start(pd.Timestamp("2025-12-01", tz="UTC"), dec) == pd.Timestamp("2024-09-18", tz="UTC")


@pytest.mark.data
def test_real_funding_and_yields_before_the_event():
    day = pd.Timestamp("2025-12-01", tz="UTC")
    t = m.funding_percentiles(m.funding_history("BTC"), day).set_index("window_days")
    assert t["percentile"].between(0, 1).all()
    assert t.loc[30, "annualised"] < 0.1095  # below Binance's default rate
    y = m.yield_moves(day, "DGS10")
    assert y["before"] == pytest.approx(4.02) and y["on_day"] == pytest.approx(4.09)
    li = m.labour_and_inflation(day)
    assert li["unrate_month"] == pd.Timestamp("2025-09-01", tz="UTC")
    assert 0.02 < li["cpi_yoy"] < 0.04


@pytest.mark.data
def test_macro_panel_is_long_and_small():
    p = m.macro_panel(pd.Timestamp("2025-12-01", tz="UTC"))
    assert set(p["series"]) == set(m.PANEL)
    assert len(p) < 1000


def test_funding_percentile_of_a_calm_spell_after_a_hot_one():
    # 30 prints at 0.01 %, 6 at 0.03 %, 6 at 0.01 %: 40 one-day (3-print) means, 8 of them above 0.01 %
    idx = pd.date_range("2024-01-01", periods=42, freq="8h", tz="UTC")
    rates = pd.Series([0.0001] * 30 + [0.0003] * 6 + [0.0001] * 6, index=idx)
    t = m.funding_percentiles(rates, idx[-1] + pd.Timedelta(hours=8), windows=(1,), start=idx[0]).iloc[0]
    assert t["mean_8h"] == pytest.approx(0.0001)
    assert t["percentile"] == pytest.approx(32 / 40)
