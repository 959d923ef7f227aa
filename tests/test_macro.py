"""Tests of flashcrash.macro: decision detection on a toy target range, funding percentiles on a toy
history, publication-lag filtering, and checks on the FRED and Binance data in the mirror."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash import data
from flashcrash import macro as m
from flashcrash.errors import NaiveTimestampError
from tests.conftest import needs_data


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
@needs_data
def test_real_fed_decisions_2024_2025():
    dec = m.fed_decisions()
    recent = dec[dec["announced"] >= pd.Timestamp("2024-01-01", tz="UTC")]
    assert [str(t.date()) for t in recent["announced"]][:6] == ["2024-09-18", "2024-11-07", "2024-12-18", "2025-09-17", "2025-10-29", "2025-12-10"]
    assert list(recent["change_bp"])[:6] == [-50, -25, -25, -25, -25, -25]
    assert m.target_range_on(pd.Timestamp("2025-12-01", tz="UTC"), dec) == (3.75, 4.0)
    assert m.cutting_cycle_start(pd.Timestamp("2025-12-01", tz="UTC"), dec) == pd.Timestamp("2024-09-18", tz="UTC")


@pytest.mark.data
@needs_data
def test_real_funding_and_yields_before_the_event():
    day = pd.Timestamp("2025-12-01", tz="UTC")
    t = m.funding_percentiles(m.funding_history("BTC"), day).set_index("window_days")
    assert t["percentile"].between(0, 1).all()
    assert t.loc[30, "annualised"] < 0.1095  # below Binance's default rate
    y = m.yield_moves(data.fred("DGS10"), day)
    assert y["before"] == pytest.approx(4.02) and y["on_day"] == pytest.approx(4.09)
    li = m.labour_and_inflation(data.fred("UNRATE"), data.fred("CPIAUCSL"), day)
    assert li["unrate_month"] == pd.Timestamp("2025-09-01", tz="UTC")
    assert 0.02 < li["cpi_yoy"] < 0.04


@pytest.mark.data
@needs_data
def test_macro_panel_is_long_and_small():
    p = m.macro_panel({s: data.fred(s) for s in m.PANEL}, pd.Timestamp("2025-12-01", tz="UTC"))
    assert set(p["series"]) == set(m.PANEL)
    assert p.groupby("series").size().to_dict() == {"DGS10": 83, "DGS2": 82, "DTWEXBGS": 80, "EFFR": 83, "VIXCLS": 86}
    assert p["time"].min() >= pd.Timestamp("2025-09-02", tz="UTC") and p["time"].max() <= pd.Timestamp("2025-12-31", tz="UTC")
    assert (p.loc[p["series"] == "DGS10", "unit"] == "percent").all()


def test_funding_percentile_of_a_calm_spell_after_a_hot_one():
    # 30 prints at 0.01 %, 6 at 0.03 %, 6 at 0.01 %: 40 one-day (3-print) means, 8 of them above 0.01 %
    idx = pd.date_range("2024-01-01", periods=42, freq="8h", tz="UTC")
    rates = pd.Series([0.0001] * 30 + [0.0003] * 6 + [0.0001] * 6, index=idx)
    t = m.funding_percentiles(rates, idx[-1] + pd.Timedelta(hours=8), windows=(1,), start=idx[0]).iloc[0]
    assert t["mean_8h"] == pytest.approx(0.0001)
    assert t["percentile"] == pytest.approx(32 / 40)


def test_value_before_is_strictly_before():
    idx = pd.date_range("2025-01-01", periods=4, freq="D", tz="UTC")
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=idx, name="X")
    assert m.value_before(s, idx[2]) == (idx[1], 2.0)
    with pytest.raises(ValueError, match="no observation before"):
        m.value_before(s, idx[0])


def test_known_by_lag_and_target_range_errors():
    idx = pd.date_range("2025-06-01", periods=6, freq="MS", tz="UTC")
    s = pd.Series(np.arange(6.0), index=idx)
    assert m.known_by(s, pd.Timestamp("2025-10-15", tz="UTC"), lag_months=1).index[-1] == pd.Timestamp("2025-09-01", tz="UTC")
    assert m.known_by(s, pd.Timestamp("2025-10-01", tz="UTC")).index[-1] == pd.Timestamp("2025-08-01", tz="UTC")
    up, lo = _range([5.5, 5.0, 5.0])
    dec = m.rate_decisions(up, lo)
    with pytest.raises(ValueError, match="no target range"):
        m.target_range_on(pd.Timestamp("2023-12-31", tz="UTC"), dec)
    assert m.target_range_on(pd.Timestamp("2024-01-02", tz="UTC"), dec) == (4.75, 5.0)
    assert m.cuts_in_year(2023, dec).empty


def test_rolling_mean_funding_by_hand():
    idx = pd.date_range("2024-01-01", periods=7, freq="8h", tz="UTC")
    r = m.rolling_mean_funding(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], index=idx), 1)
    assert r.isna().sum() == 2
    np.testing.assert_allclose(r.dropna().to_numpy(), [2.0, 3.0, 4.0, 5.0, 6.0])


@pytest.mark.data
@needs_data
def test_real_yields_labour_and_funding_pinned():
    day = pd.Timestamp("2025-12-01", tz="UTC")
    y10 = m.yield_moves(data.fred("DGS10"), day)
    assert (y10["before"], y10["on_day"], y10["low"], y10["high"]) == (4.02, 4.09, 4.0, 4.17)
    assert (y10["before_time"], y10["low_time"]) == (pd.Timestamp("2025-11-28", tz="UTC"), pd.Timestamp("2025-11-26", tz="UTC"))
    assert (y10["change_bp"], y10["from_low_bp"], y10["month_bp"]) == pytest.approx((7.0, 9.0, -11.0), abs=1e-9)
    y2 = m.yield_moves(data.fred("DGS2"), day)
    assert (y2["low"], y2["high"], y2["month_bp"], y2["from_low_bp"]) == pytest.approx((3.43, 3.63, -13.0, 11.0), abs=1e-9)
    li = m.labour_and_inflation(data.fred("UNRATE"), data.fred("CPIAUCSL"), day)
    assert (li["unrate"], li["unrate_min_12m"]) == (4.4, 4.0)
    assert li["unrate_change_12m"] == pytest.approx(0.3, abs=1e-9)
    assert li["cpi_month"] == pd.Timestamp("2025-09-01", tz="UTC")
    assert (li["cpi_yoy"], li["cpi_yoy_12m_ago"]) == pytest.approx((0.030225715847133294, 0.024264830315416708), abs=1e-12)
    t = m.funding_percentiles(m.funding_history("BTC"), day)
    assert t["window_days"].tolist() == [1, 7, 30, 90]
    assert t["percentile"].tolist() == pytest.approx([0.30488341399032115, 0.14056756359358918, 0.32976827094474154, 0.23321123321123322], abs=1e-12)
    assert t["annualised"].tolist() == pytest.approx([0.0493407, 0.01775725, 0.05436748, 0.047531922222222224], abs=1e-10)
    d = m.daily_funding(m.funding_history("BTC")).loc["2025-11-30"]
    assert (d["mean_8h"], d["annualised"], d["annualised_30d"]) == pytest.approx((4.506e-05, 0.0493407, 0.05436748), abs=1e-10)
    assert m.funding_history("BTC").index[0] >= m.HISTORY_START


def test_cycle_start_when_every_decision_is_a_cut():
    dec = m.rate_decisions(*_range([5.5, 5.25, 5.0, 4.75]))
    assert list(dec["kind"]) == ["cut", "cut", "cut"]
    assert m.cutting_cycle_start(pd.Timestamp("2024-02-01", tz="UTC"), dec) == pd.Timestamp("2024-01-01", tz="UTC")
    one = m.rate_decisions(*_range([5.5, 5.25]))
    assert m.cutting_cycle_start(pd.Timestamp("2024-02-01", tz="UTC"), one) == pd.Timestamp("2024-01-01", tz="UTC")


def test_yield_moves_and_daily_funding_on_hand_built_series():
    idx = pd.to_datetime(["2025-11-03", "2025-11-10", "2025-11-20", "2025-11-28", "2025-12-01"], utc=True)
    y = m.yield_moves(pd.Series([4.10, 3.95, 4.00, 4.02, 4.09], index=idx, name="DGS10"), pd.Timestamp("2025-12-01", tz="UTC"))
    assert (y["before"], y["on_day"], y["low"], y["high"]) == (4.02, 4.09, 3.95, 4.10)
    assert (y["change_bp"], y["from_low_bp"], y["month_bp"]) == pytest.approx((7.0, 14.0, -8.0), abs=1e-9)
    with pytest.raises(ValueError, match="DGS10: no observations"):
        m.yield_moves(pd.Series([4.0], index=idx[:1], name="DGS10"), pd.Timestamp("2026-03-01", tz="UTC"))
    prints = pd.Series([0.0001, 0.0002, 0.0003, 0.0004], index=pd.date_range("2025-11-30", periods=4, freq="8h", tz="UTC"))
    d = m.daily_funding(prints)
    assert d["mean_8h"].tolist() == pytest.approx([0.0002, 0.0004]) and d["annualised"].iloc[0] == pytest.approx(0.0002 * 3 * 365)
    with pytest.raises(KeyError, match="VIXCLS"):
        m.macro_panel({"DGS10": prints}, pd.Timestamp("2025-12-01", tz="UTC"))
