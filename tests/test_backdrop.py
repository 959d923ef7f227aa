"""Tests of flashcrash.backdrop: each measure on small hand-built data (values computed by hand), the
report selection on hand-built reports, and the published measures on the real data (mirror)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash import backdrop as B
from flashcrash.errors import NaiveTimestampError
from flashcrash.reported import Report, ReportedFigure
from tests.conftest import needs_data

pytestmark = pytest.mark.timeout(60)

DAY = pd.Timestamp("2025-12-01", tz="UTC")


def _daily(closes, highs=None, start="2025-10-01"):
    idx = pd.date_range(start, periods=len(closes), freq="1D", tz="UTC")
    c = np.asarray(closes, float)
    h = c if highs is None else np.asarray(highs, float)
    return pd.DataFrame({"open": c, "high": h, "low": np.minimum(c, h), "close": c}, index=idx)


def _bars(highs, lows, start, freq, closes=None, opens=None, volume=None):
    idx = pd.date_range(start, periods=len(highs), freq=freq, tz="UTC")
    h, lo = np.asarray(highs, float), np.asarray(lows, float)
    c = (h + lo) / 2 if closes is None else np.asarray(closes, float)
    o = c if opens is None else np.asarray(opens, float)
    v = np.ones(len(h)) if volume is None else np.asarray(volume, float)
    return pd.DataFrame({"open": o, "high": h, "low": lo, "close": c, "volume": v}, index=idx)


# --- price context --------------------------------------------------------------------------
def test_high_context_by_hand():
    closes = [100.0] * 10 + [120.0] + [110.0] * 29 + [90.0]  # 41 days; the last one is the crash day
    highs = list(closes)
    highs[10] = 125.0  # the all-time high is an intraday high
    d = _daily(closes, highs)
    day = d.index[-1]
    h = B.high_context(d, day)
    assert h["close_before"] == 110.0 and h["ath"] == 125.0 and h["ath_day"] == d.index[10]
    assert h["drawdown_from_high"] == pytest.approx(1 - 110 / 125)
    # 30 days before the last close (index 39) is index 9: close 100
    assert h["return_30d"] == pytest.approx(110 / 100 - 1)


def test_high_context_refuses_short_or_naive_data():
    d = _daily([100.0] * 20)
    with pytest.raises(ValueError, match="31 daily bars"):
        B.high_context(d, d.index[-1])
    naive = _daily([100.0] * 40)
    naive.index = naive.index.tz_localize(None)
    with pytest.raises(NaiveTimestampError):
        B.high_context(naive, DAY)


def test_prior_returns_by_calendar_month():
    idx = pd.date_range("2025-05-01", "2025-11-30", freq="1D", tz="UTC")
    close = pd.Series(np.arange(len(idx), dtype=float) + 100.0, index=idx)
    r = B.prior_returns(close, DAY, (1, 3, 6))
    last = close.iloc[-1]
    assert r[1] == pytest.approx(last / close[pd.Timestamp("2025-10-30", tz="UTC")] - 1)
    assert r[3] == pytest.approx(last / close[pd.Timestamp("2025-08-30", tz="UTC")] - 1)
    assert r[6] == pytest.approx(last / close[pd.Timestamp("2025-05-30", tz="UTC")] - 1)
    with pytest.raises(ValueError, match="12 months"):
        B.prior_returns(close, DAY, (12,))


# --- speed and breadth -------------------------------------------------------------------------
def test_trailing_falls_by_hand():
    b = _bars([100, 102, 101, 100, 99], [99, 101, 98, 97, 99], "2025-12-01", "15min")
    f = B.trailing_falls(b, "1h")  # four bars per hour
    assert f.iloc[:3].isna().all()
    assert f.iloc[3] == pytest.approx(1 - 97 / 102)
    assert f.iloc[4] == pytest.approx(1 - 99 / 102)
    with pytest.raises(ValueError, match="shorter than one bar"):
        B.trailing_falls(b, "5min")


def test_window_fall_needs_the_high_first():
    b = _bars([100, 105, 104], [90, 104, 95], "2025-12-01", "5min")
    # the 90 low comes before the 105 high: the fall counts from 100 (same bar) then from 105 to 95
    assert B.window_fall(b, b.index[0], b.index[-1] + pd.Timedelta(minutes=5)) == pytest.approx(1 - 90 / 100)
    assert B.window_fall(b, b.index[1], b.index[-1] + pd.Timedelta(minutes=5)) == pytest.approx(1 - 95 / 105)
    with pytest.raises(ValueError, match="no bars"):
        B.window_fall(b, DAY + pd.Timedelta(days=3), DAY + pd.Timedelta(days=4))


def test_speed_breadth_on_toy_bars():
    # two quiet days of 15-minute bars (1 % hourly range), then a day with a 5 % fall in its first hour
    n = 3 * 96
    highs, lows = np.full(n, 101.0), np.full(n, 100.0)
    lows[96 * 2 + 3] = 96.0  # the fourth bar of the crash day: 1 - 96/101
    btc = _bars(highs, lows, "2025-11-29", "15min")
    alt = _bars([10.0, 10.0, 9.5, 9.8], [10.0, 9.6, 9.4, 9.7], "2025-12-01 00:00", "15min")
    quiet = _bars([10.0] * 4, [9.9] * 4, "2025-12-01 00:00", "15min")
    sb = B.speed_breadth(btc, {"ALT": alt, "QUIET": quiet}, DAY, lookback_days=2)
    assert sb["hour_fall"] == pytest.approx(1 - 96 / 101)
    assert (sb["hour_start"], sb["hour_end"]) == (DAY, DAY + pd.Timedelta(hours=1))
    assert sb["percentile"] == 1.0 and sb["null_bars"] == 2 * 96 - 3  # the first window needs four bars
    assert sb["alt_falls"]["ALT"] == pytest.approx(1 - 9.4 / 10.0)
    assert sb["alt_falls"]["QUIET"] == pytest.approx(0.01)
    with pytest.raises(ValueError, match="do not cover"):
        B.speed_breadth(btc, {}, DAY + pd.Timedelta(days=5), lookback_days=2)


# --- sessions ----------------------------------------------------------------------------------
def _session_bars():
    """Two UTC days of hourly bars: day 1 flat at 100; day 2 falls 100 -> 94 in Asia (00-08 UTC), to 92 later."""
    n = 48
    opens = np.full(n, 100.0)
    closes = np.full(n, 100.0)
    highs, lows = np.full(n, 100.5), np.full(n, 99.5)
    vol = np.ones(n)
    for i in range(8):  # day 2, 00:00-07:00: down a point an hour with volume 3
        k = 24 + i
        opens[k], closes[k] = 100 - i * 0.75, 100 - (i + 1) * 0.75
        highs[k], lows[k], vol[k] = opens[k], closes[k], 3.0
    opens[32:], closes[32:], highs[32:], lows[32:] = 94.0, 94.0, 94.0, 94.0
    lows[40] = 92.0
    return _bars(highs, lows, "2025-11-30", "1h", closes=closes, opens=opens, volume=vol)


def test_session_days_by_hand():
    t = B.session_days(_session_bars(), "Asia")
    d1, d2 = t.index
    assert t.loc[d1, "session_return"] == 0.0 and t.loc[d1, "volume"] == 8.0 and t.loc[d1, "bars"] == 8
    assert t.loc[d1, "fall_share"] == pytest.approx(0.5 / 0.5)  # the flat day's low (99.5) was reached in Asia
    assert t.loc[d2, "session_return"] == pytest.approx(94 / 100 - 1)
    assert t.loc[d2, "volume"] == 24.0
    assert t.loc[d2, "fall_share"] == pytest.approx((100 - 94) / (100 - 92))
    with pytest.raises(ValueError, match="unknown session"):
        B.session_days(_session_bars(), "Mars")


def test_session_against_ordinary_percentiles_and_incomplete_days():
    idx = pd.date_range("2025-11-25", periods=7, freq="1D", tz="UTC")
    days = pd.DataFrame(
        {
            "session_return": [0.01, -0.02, 0.00, 0.03, -0.01, 0.02, -0.05],
            "volume": [10, 20, 30, 40, 50, 5, 60],
            "bars": [8, 8, 8, 8, 8, 3, 8],
            "fall_share": [0.2] * 6 + [0.8],
        },
        index=idx,
    )
    s = B.session_against_ordinary(days, idx[-1], n_days=5)  # the day with 3 bars is left out
    assert s["return_percentile"] == 0.0 and s["volume_percentile"] == 1.0
    assert s["volume_ratio"] == pytest.approx(60 / 30) and s["fall_share"] == 0.8 and s["null_days"] == 5
    s = B.session_against_ordinary(days, idx[3], n_days=3)
    assert s["return_percentile"] == 1.0 and s["volume_percentile"] == 1.0
    with pytest.raises(ValueError, match="complete sessions"):
        B.session_against_ordinary(days, idx[-1], n_days=6)
    with pytest.raises(ValueError, match="no session"):
        B.session_against_ordinary(days, DAY + pd.Timedelta(days=30), n_days=1)


# --- bull phases and funding -----------------------------------------------------------------
def test_bull_phases_merge_and_drop():
    idx = pd.date_range("2020-01-01", periods=200, freq="1D", tz="UTC")
    r = pd.Series(0.0, index=idx)
    r.iloc[10:40] = 0.5  # 30 days
    r.iloc[50:60] = 0.6  # 10 days later (< 30): merged with the first
    r.iloc[120:125] = 0.9  # 5 days alone: dropped
    r.iloc[160:200] = 0.4  # 40 days
    p = B.bull_phases(r, 0.3, merge_days=30, min_days=30)
    assert p["start"].tolist() == [idx[10], idx[160]] and p["end"].tolist() == [idx[59], idx[199]]
    assert p["days"].tolist() == [50, 40] and p["max_return"].tolist() == [0.6, 0.4]
    assert B.bull_phases(r, 0.95).empty
    assert len(B.bull_phases(r, 0.3, merge_days=5, min_days=1)) == 4


def test_funding_in_bull_markets_on_a_toy_history():
    idx = pd.date_range("2020-01-01", periods=60, freq="1D", tz="UTC")
    close = pd.Series(np.r_[np.full(20, 100.0), np.linspace(100, 200, 20), np.full(20, 200.0)], index=idx)
    # funding (three prints a day) follows the one-day return exactly: rank correlation 1
    ret1 = (close / close.shift(1) - 1).fillna(0.0)
    rates = pd.Series(np.repeat(ret1.to_numpy() / 100, 3), index=pd.date_range("2020-01-01", periods=180, freq="8h", tz="UTC"))
    s, phases = B.funding_in_bull_markets(rates, close, bull_return=0.02, window_days=1)
    assert s["spearman"] == pytest.approx(1.0) and s["days"] == 59 and s["start"] == idx[1]
    assert len(phases) == 0  # runs shorter than 30 days are dropped
    with pytest.raises(ValueError, match="days with both"):
        B.funding_in_bull_markets(rates, close, bull_return=0.2, window_days=40)


# --- reports ------------------------------------------------------------------------------------
def _report(rid, day, claims, figures=(), retro=False, published=None):
    d = pd.Timestamp(day, tz="UTC")
    return Report(
        id=rid,
        outlet="Outlet; copy",
        title="t",
        url="https://example.org",
        published=pd.Timestamp(published, tz="UTC") if published else d,
        published_precision="date",
        about_day=d,
        figures=tuple(ReportedFigure(n, v, "index", "exact", "point", "c") for n, v in figures),
        claims=tuple(claims),
        retrospective=retro,
    )


def test_reports_near_and_readings():
    reps = [
        _report("r90-a", "2025-11-27", ["c63-x"], [("fear_greed_index", 20)]),
        _report("r91-b", "2025-11-29", ["c63-x"], [("fear_greed_index", 28)]),
        _report("r92-c", "2025-11-29", ["c63-x"], [("fear_greed_index", 30)], published="2025-11-30"),
        _report("r93-d", "2025-12-05", ["c63-x", "c65-y"], [("fear_greed_index", 28)]),
        _report("r94-e", "2025-12-02", ["c65-y"], retro=True),
        _report("r95-f", "2025-12-04", ["c65-y"]),
    ]
    assert [r.id for r in B.reports_near(reps, "c65-y", DAY, 2)] == []  # r94 is retrospective, r93 and r95 too far
    assert [r.id for r in B.reports_near(reps, "c65-y", DAY, 3)] == ["r95-f"]  # three days after, at the bound
    assert [r.id for r in B.reports_for(reps, "c65-y")] == ["r93-d", "r94-e", "r95-f"]
    r, f = B.latest_reading(reps, "fear_greed_index", DAY, 7)
    assert (r.id, f.value) == ("r92-c", 30)  # the latest day; on a tie the later publication
    assert B.latest_reading(reps, "fear_greed_index", DAY, 1) is None
    r, f = B.next_reading(reps, "fear_greed_index", DAY, 7)
    assert (r.id, f.value) == ("r93-d", 28)
    assert B.next_reading(reps, "fear_greed_index", DAY, 3) is None


# --- the real data ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    return B.load_inputs()


@needs_data
def test_real_price_context_and_returns(inputs):
    h = B.high_context(inputs.daily, DAY)
    assert (round(h["close_before"], 4), round(h["ath"], 4), h["ath_day"]) == (90394.3125, 126198.0703, pd.Timestamp("2025-10-06", tz="UTC"))
    r = B.prior_returns(inputs.daily["close"], DAY, (1, 3, 6, 12))
    assert r.round(6).tolist() == [-0.165377, -0.169232, -0.130812, -0.062777]


@needs_data
def test_real_speed_breadth_and_sessions(inputs):
    sb = B.speed_breadth(inputs.btc_15m, inputs.alts_5m, DAY)
    assert sb["hour_fall"] == pytest.approx(0.03824578055, abs=1e-10) and sb["hour_start"] == DAY
    assert sb["null_bars"] == 8640 and sb["percentile"] == pytest.approx(8636 / 8640)
    assert sb["alt_falls"].round(4).to_dict() == {
        "ETH": 0.0563,
        "SOL": 0.0468,
        "XRP": 0.0479,
        "DOGE": 0.052,
        "BNB": 0.0491,
        "ADA": 0.0676,
        "AVAX": 0.0459,
        "DOT": 0.0729,
        "LINK": 0.058,
    }
    t = B.sessions_table(inputs.perp_1h, DAY)
    assert list(t.index) == ["Asia", "Europe", "US"] and (t["null_days"] == 180).all()
    assert t.loc["Asia", ["session_return", "return_percentile", "volume_percentile", "fall_share"]].astype(float).round(6).tolist() == [
        -0.042437,
        0.0,
        0.983333,
        0.727952,
    ]


@needs_data
def test_real_funding_in_bull_markets(inputs):
    from flashcrash.rules import contagion_macro as R

    s, p = B.funding_in_bull_markets(inputs.funding, inputs.daily["close"], R.BULL_RETURN.value)
    assert s["spearman"] == pytest.approx(0.4056310249, abs=1e-9) and s["days"] == 2353
    assert [f"{t:%Y-%m}" for t in p["start"]] == ["2020-06", "2020-10", "2021-08", "2023-02", "2023-11", "2024-11", "2025-06"]
    assert (p["peak_percentile"] >= R.DANGEROUS_PCTL.value).sum() == 4 and p["peak_percentile"].min() == pytest.approx(0.202719932, abs=1e-9)


def test_reports_table_and_figure_text():
    reps = [_report("r90-a", "2025-11-29", ["c63-x"], [("fear_greed_index", 28), ("other", 5)]), _report("r91-b", "2025-12-01", ["c57-y"])]
    t = B.reports_table(reps, {"c63-x": ["fear_greed_index"], "c57-y": ["jgb_10y_yield"]})
    assert t[["claim", "report", "reported_value"]].values.tolist() == [["c63-x", "r90-a", "fear greed index: 28"], ["c57-y", "r91-b", ""]]
    assert t["outlet"].tolist() == ["Outlet", "Outlet"]  # the copied outlet after the semicolon is dropped
    fig = ReportedFigure("whale_accumulation", 45000.0, "BTC", "over", "event", "c")
    assert B.figure_text(fig) == "whale accumulation: 45,000 BTC"
    assert B.figure_text(ReportedFigure("long_share", 0.9, "fraction", "about", "24h", "c")) == "long share: 90%"
    assert B.figure_text(ReportedFigure("jgb_10y_yield", 1.84, "percent", "exact", "point", "c")) == "jgb 10y yield: 1.84 %"
    assert B.figure_text(ReportedFigure("remarks_date", pd.Timestamp("2022-02-20", tz="UTC"), "UTC", "about", "none", "c")) == "remarks date: 2022-02-20"


def test_oi_change_needs_the_whole_window():
    idx = pd.date_range("2025-10-30", periods=33 * 24, freq="1h", tz="UTC")
    oi = pd.Series(np.linspace(100.0, 133.0, len(idx)), index=idx)
    # last value before 12-01 00:00 (index 767) against the last at or before 11-01 00:00 (index 48)
    assert B.oi_change(oi, DAY) == pytest.approx(oi.iloc[767] / oi.iloc[48] - 1)
    assert np.isnan(B.oi_change(oi[oi.index >= pd.Timestamp("2025-11-15", tz="UTC")], DAY))
    assert np.isnan(B.oi_change(oi[oi.index >= DAY], DAY))


@pytest.mark.data
@needs_data
def test_real_backdrop_measures(inputs):
    m = B.measures(inputs, DAY)
    assert m.day == DAY and m.high["close_before"] == pytest.approx(90394.3125)
    assert list(m.sessions.index) == ["Asia", "Europe", "US"] and len(m.bull_phases) == 7
    assert len(m.asia_reports) == 4 and len(m.pressure_reports) == 2 and np.isnan(m.oi_change_30d)
    assert m.greed_last is not None and float(m.greed_last[1].value) == 28.0
    assert list(m.unsettled_reports) == ["c64-sentiment-polarized", "c66-vitalik-fundamentals"]
