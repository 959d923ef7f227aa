"""Coverage model (three exchanges' BTC liquidations -> market-wide figures) on hand-built hours and reports."""

import numpy as np
import pandas as pd
import pytest

from flashcrash.liquidation import coverage as cv

D1 = pd.Timestamp("2025-12-01", tz="UTC")
D2 = pd.Timestamp("2025-12-02", tz="UTC")
D3 = pd.Timestamp("2025-12-03", tz="UTC")


def hours(values, start=D1):
    """An hourly series starting at ``start`` (USD per hour)."""
    return pd.Series(np.asarray(values, dtype=float), index=pd.date_range(start, periods=len(values), freq="1h"))


def rows(*specs):
    """Report rows: (report, about_day, value, window, window_end or None, name)."""
    recs = [{"report": r, "about_day": d, "name": n, "value": v, "qualifier": "exact", "window": w, "window_end": e} for r, d, v, w, e, n in specs]
    return pd.DataFrame(recs, columns=["report", "about_day", "name", "value", "qualifier", "window", "window_end"])


def ts(text):
    return pd.Timestamp(text, tz="UTC")


def test_windows_of_each_kind():
    r = rows(
        ("r01", D2, 1.0, "24h", ts("2025-12-02 06:45"), "liquidations_24h_total"),
        ("r02", D2, 1.0, "day", ts("2025-12-02 17:13"), "liquidations_day_total"),
        ("r03", D2, 1.0, "24h", None, "liquidations_24h_total"),
        ("r04", D2, 1.0, "event", None, "liquidations_total"),
        ("r05", D2, 1.0, "1h", None, "liquidations_1h_total"),
        ("r06", D2, 1.0, "1h", ts("2025-12-02 04:20"), "liquidations_1h_total"),
        ("r07", D2, 1.0, "4h", ts("2025-12-02 04:20"), "liquidations_4h_total"),
        ("r08", D2, 1.0, "12h", ts("2025-12-02 12:00"), "liquidations_12h_total"),
        ("r09", D2, 1.0, "12h", None, "liquidations_12h_total"),
    )
    first, last = cv.windows(r)
    assert list(first[:4]) == [ts("2025-12-01 07:00"), D2, D2, D2]
    assert list(last[:4]) == [ts("2025-12-02 06:00"), ts("2025-12-02 17:00"), ts("2025-12-02 23:00"), ts("2025-12-02 23:00")]
    assert pd.isna(first[4]) and pd.isna(last[4])  # an hour without a stated end cannot be placed
    assert (first[5], last[5]) == (ts("2025-12-02 04:00"), ts("2025-12-02 04:00"))
    assert (first[6], last[6]) == (ts("2025-12-02 01:00"), ts("2025-12-02 04:00"))
    assert (first[7], last[7]) == (ts("2025-12-02 01:00"), ts("2025-12-02 12:00"))
    assert pd.isna(first[8])


def test_window_usd_sums_every_hour_or_nothing():
    liq = hours(np.arange(72))  # 0, 1, ..., 71 USD from 1 Dec 00:00
    first = pd.DatetimeIndex([D1, ts("2025-12-01 07:00"), D3, ts("2025-11-30 23:00"), D3])
    last = pd.DatetimeIndex([ts("2025-12-01 23:00"), ts("2025-12-02 06:00"), ts("2025-12-03 23:00"), ts("2025-12-01 01:00"), ts("2025-12-04 00:00")])
    got = cv.window_usd(liq, first, last)
    assert got[0] == sum(range(24))
    assert got[1] == sum(range(7, 31))
    assert got[2] == sum(range(48, 72))
    assert np.isnan(got[3]) and np.isnan(got[4])  # windows reaching outside the data
    gap = liq.drop(liq.index[30])  # a missing hour inside the window
    assert np.isnan(cv.window_usd(gap, first[1:2], last[1:2])[0])


def test_coverage_ratios_hand_computed():
    liq = hours(np.r_[np.full(24, 2.0), np.full(24, 5.0), np.zeros(24)])  # 48, 120 and 0 USD a day
    r = rows(
        ("r01", D1, 480.0, "24h", None, "liquidations_24h_total"),
        ("r02", D2, 600.0, "day", None, "liquidations_day_total"),
        ("r03", D2, 117.0, "24h", ts("2025-12-02 06:10"), "liquidations_24h_total"),
        ("r04", D3, 10.0, "24h", None, "liquidations_24h_total"),
        ("r05", pd.Timestamp("2025-11-20", tz="UTC"), 10.0, "24h", None, "liquidations_24h_total"),
    )
    c = cv.coverage_ratios(r, liq)
    assert c["three_ex_usd"].tolist()[:4] == [48.0, 120.0, 17 * 2.0 + 7 * 5.0, 0.0]
    assert c["ratio"].tolist()[:3] == [10.0, 5.0, 117.0 / 69.0]
    assert np.isnan(c["ratio"].iloc[3])  # nothing liquidated in the data: no ratio
    assert np.isnan(c["three_ex_usd"].iloc[4]) and np.isnan(c["ratio"].iloc[4])  # before the data


def test_scale_uses_only_other_days_and_needs_three():
    r = pd.DataFrame({"about_day": [D1, D1, D2, D2, D3, D3], "ratio": [100.0, 0.1, 4.0, 6.0, 5.0, np.nan]})
    s = cv.scale_for(r, D1)
    assert (s.low, s.high, s.n) == (4.0, 6.0, 3)
    assert s.of(10.0) == (40.0, 60.0)
    s3 = cv.scale_for(r, D3)
    assert (s3.low, s3.high, s3.n) == (0.1, 100.0, 4)
    s2 = cv.scale_for(r, D2)  # D1's two ratios and D3's one: just enough
    assert (s2.low, s2.high, s2.n) == (0.1, 100.0, 3)
    with pytest.raises(ValueError, match="at least 3"):
        cv.scale_for(r[r["about_day"] != D3], D2)  # D1's two ratios only
    assert cv.MIN_RATIOS == 3


def test_reported_keeps_named_figures_and_drops_non_evidence():
    t = rows(
        ("r04-a", D1, 4e8, "1h", None, "liquidations_1h_long"),
        ("r12-capwolf-dec01", D1, 5e8, "1h", None, "liquidations_1h_long"),
        ("r07-b", D1, 2.2e5, "event", None, "traders_liquidated"),
        ("r09-c", D1, 9.6e8, "24h", None, "liquidations_24h_total"),
    ).assign(value=lambda d: d["value"].astype(object))
    h = cv.reported(t, cv.HOUR_NAMES)
    assert h["report"].tolist() == ["r04-a"] and h["value"].dtype == float
    assert cv.reported(t, cv.TRADER_NAMES)["value"].tolist() == [2.2e5]
    assert cv.reported(t, cv.TOTAL_NAMES)["report"].tolist() == ["r09-c"]
    assert "r12-capwolf-dec01" in cv.NOT_EVIDENCE
