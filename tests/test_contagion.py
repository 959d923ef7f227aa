"""Tests of flashcrash.contagion: hand-computed drawdowns, lead-lag on shifted series, betas, crash
measures on toy bars, the chapter's measures object and the numbers its text quotes, and checks on
the real data (mirror)."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re

import numpy as np
import pandas as pd
import pytest

from flashcrash import contagion as c
from flashcrash import data
from flashcrash.claims import load_claims
from flashcrash.contagion import display as CD
from flashcrash.contagion.derivatives import change_across
from flashcrash.contagion.measures import core_measures
from flashcrash.contagion.prose import glue_values
from flashcrash.crashes import CRASHES, crashes_with
from flashcrash.errors import GapError, NaiveTimestampError
from tests.conftest import needs_data

DAY = pd.Timestamp("2025-12-01", tz="UTC")


def _bars(closes, lows=None, start="2025-11-30 23:45", freq="5min"):
    idx = pd.date_range(start, periods=len(closes), freq=freq, tz="UTC")
    closes = np.asarray(closes, float)
    lows = closes if lows is None else np.asarray(lows, float)
    return pd.DataFrame({"open": closes, "high": np.maximum(closes, lows), "low": lows, "close": closes}, index=idx)


# --- drawdowns ------------------------------------------------------------------------------
def test_drawdown_hand_computed():
    assert c.drawdown(100.0, 93.0) == pytest.approx(-0.07)
    np.testing.assert_allclose(c.drawdown(np.array([200.0, 50.0]), np.array([150.0, 50.0])), [-0.25, 0.0])
    with pytest.raises(ValueError, match="positive"):
        c.drawdown(0.0, 1.0)


def test_day_drawdown_uses_close_before_the_day_and_lowest_low():
    # bars 23:45, 23:50, 23:55 (prior day) then 00:00 ... ; prior close = 100 (23:55 bar)
    b = _bars([99, 101, 100, 98, 97, 99, 96.5], lows=[99, 101, 100, 97.5, 95, 98, 96])
    out = c.day_drawdown(b, DAY)
    assert out["prior_close"] == 100
    assert out["low"] == 95
    assert out["low_time"] == pd.Timestamp("2025-12-01 00:05", tz="UTC")
    assert out["drawdown"] == pytest.approx(-0.05)
    # a one-bar window only sees the 00:00 bar
    assert c.day_drawdown(b, DAY, hours=5 / 60)["drawdown"] == pytest.approx(-0.025)


def test_day_drawdown_refuses_gaps_and_naive_days():
    b = _bars([100, 100, 100, 99, 98, 97, 96]).drop(pd.Timestamp("2025-12-01 00:05", tz="UTC"))
    with pytest.raises(GapError, match="missing bars"):
        c.day_drawdown(b, DAY)
    with pytest.raises(NaiveTimestampError):
        c.day_drawdown(_bars([100, 100, 100, 99]), pd.Timestamp("2025-12-01"))


# --- lead-lag -------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [0, 1, 3, -2])
def test_shifted_series_peaks_at_its_lag(k):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(600)
    y = np.roll(x, k)  # y_t = x_{t-k}: y follows x by k bars
    y = y + 0.1 * rng.standard_normal(600)
    xc = c.cross_correlation(x, y, max_lag=5)
    assert c.peak_lag(xc) == k
    assert xc.loc[k] > 0.9
    assert list(xc.index) == list(range(-5, 6))


def test_cross_correlation_lag0_is_pearson_and_bad_input_is_refused():
    x = np.array([1.0, 2.0, 0.0, 3.0, 1.0, 4.0])
    y = np.array([2.0, 1.0, 0.5, 3.5, 0.0, 5.0])
    assert c.cross_correlation(x, y, 1).loc[0] == pytest.approx(np.corrcoef(x, y)[0, 1])
    with pytest.raises(ValueError, match="aligned"):
        c.cross_correlation(x, y[:-1], 1)
    with pytest.raises(ValueError, match="max_lag"):
        c.cross_correlation(x, y, 10)
    # six points: lags up to 3 leave at least 3 pairs; lag 4 would leave 2
    assert list(c.cross_correlation(x, y, 3).index) == [-3, -2, -1, 0, 1, 2, 3]
    with pytest.raises(ValueError, match="max_lag must be in 0..3"):
        c.cross_correlation(x, y, 4)
    with pytest.raises(ValueError, match="max_lag"):
        c.cross_correlation(x, y, -1)


def test_peak_lag_tie_goes_to_zero():
    assert c.peak_lag(pd.Series({-1: 0.5, 0: 0.5, 1: 0.2})) == 0


# --- beta, correlation, basis ---------------------------------------------------------------
def test_beta_corr_hand_computed():
    x = np.array([0.01, -0.02, 0.03, -0.01])
    beta, corr = c.beta_corr(x, 2 * x)
    assert beta == pytest.approx(2.0)
    assert corr == pytest.approx(1.0)
    beta, corr = c.beta_corr(x, -0.5 * x + 0.001)
    assert beta == pytest.approx(-0.5)
    assert corr == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="at least 3"):
        c.beta_corr([0.1, 0.2], [0.1, 0.2])


def test_rolling_correlation_and_basis():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    rc = c.rolling_correlation(x, -x, 3)
    assert rc.isna().sum() == 2 and np.allclose(rc.dropna(), -1.0)
    assert c.basis(99.9, 100.0) == pytest.approx(-0.001)


def test_log_returns_refuse_non_positive_prices():
    r = c.log_returns(pd.Series([100.0, 110.0, 99.0]))
    np.testing.assert_allclose(r.to_numpy(), [np.log(1.1), np.log(0.9)])
    with pytest.raises(ValueError, match="positive"):
        c.log_returns(pd.Series([1.0, 0.0]))


# --- crash measures -------------------------------------------------------------------------
def test_crash_measures_on_toy_hourly_bars():
    # 8 days before at 100 (peak high 105 once), crash day falls to 80, then recovers to 101 after 2 days
    idx = pd.date_range("2024-01-01", periods=24 * 12, freq="1h", tz="UTC")
    close = np.full(len(idx), 100.0)
    day = pd.Timestamp("2024-01-09", tz="UTC")
    i0 = idx.get_loc(day)
    close[i0 : i0 + 24] = np.linspace(95, 85, 24)
    close[i0 + 24 : i0 + 48] = 90.0
    close[i0 + 48 :] = 106.0
    high = close.copy()
    high[i0 - 30] = 105.0
    low = close.copy()
    low[i0 + 5] = 80.0
    bars = pd.DataFrame({"open": close, "high": high, "low": low, "close": close}, index=idx)
    m = c.crash_measures(bars, day, day)
    assert m["peak"] == 105 and m["prior_close"] == 100 and m["trough"] == 80
    assert m["trough_time"] == day + pd.Timedelta(hours=5)
    assert m["depth"] == pytest.approx(80 / 105 - 1)
    assert m["day_depth"] == pytest.approx(-0.2)
    # worst 1 h: the 80 wick against the previous close
    assert m["worst_1h"] == pytest.approx(80 / close[i0 + 4] - 1)
    # worst 24 h: from the 100 close before the day to the 80 wick
    assert m["worst_24h"] == pytest.approx(-0.2)
    # closes reach 106 >= 105 at i0+48: 48 - 5 hours after the trough
    assert m["days_to_peak"] == pytest.approx(43 / 24)
    assert m["days_to_prior_close"] == pytest.approx(43 / 24)


def test_crash_measures_lookback_and_two_recoveries():
    # as the toy above, plus a 120 high 8 days before (outside the 7-day look-back) and closes back at
    # the prior close (100) 19 hours after the trough, at the peak (106 >= 105) 43 hours after it
    idx = pd.date_range("2024-01-01", periods=24 * 12, freq="1h", tz="UTC")
    close = np.full(len(idx), 100.0)
    day = pd.Timestamp("2024-01-09", tz="UTC")
    i0 = idx.get_loc(day)
    close[i0 : i0 + 24] = np.linspace(95, 85, 24)
    close[i0 + 24 : i0 + 48] = 100.0
    close[i0 + 48 :] = 106.0
    high = close.copy()
    high[i0 - 30] = 105.0
    high[i0 - 8 * 24] = 120.0
    low = close.copy()
    low[i0 + 5] = 80.0
    bars = pd.DataFrame({"open": close, "high": high, "low": low, "close": close}, index=idx)
    m = c.crash_measures(bars, day, day)
    assert m["peak"] == 105
    assert m["days_to_prior_close"] == pytest.approx(19 / 24)
    assert m["days_to_peak"] == pytest.approx(43 / 24)
    assert c.crash_measures(bars, day, day, peak_lookback_days=9)["peak"] == 120
    # a 2-day episode: the trough search and the worst 1 h run over both days
    low[i0 + 30] = 70.0
    bars2 = bars.assign(low=low)
    m2 = c.crash_measures(bars2, day, day + pd.Timedelta(days=1))
    assert m2["trough"] == 70 and m2["trough_time"] == day + pd.Timedelta(hours=30)
    assert m2["worst_1h"] == pytest.approx(70 / 100 - 1)
    assert m2["days_to_peak"] == pytest.approx(18 / 24)
    capped = close.copy()
    capped[i0:] = np.minimum(capped[i0:], 99.0)  # never back to the prior close of 100
    m3 = c.crash_measures(bars.assign(close=capped), day, day)
    assert m3["prior_close"] == 100 and np.isnan(m3["days_to_prior_close"]) and np.isnan(m3["days_to_peak"])
    with pytest.raises(ValueError, match="do not cover"):
        c.crash_measures(bars, pd.Timestamp("2023-01-01", tz="UTC"), pd.Timestamp("2023-01-01", tz="UTC"))


def test_crashes_with_adds_an_unknown_day_in_order():
    assert crashes_with(pd.Timestamp("2025-12-01", tz="UTC")) == CRASHES
    got = crashes_with(pd.Timestamp("2023-03-10", tz="UTC"))
    assert len(got) == len(CRASHES) + 1
    assert [x.day for x in got] == sorted(x.day for x in got)
    new = next(x for x in got if x not in CRASHES)
    assert (new.name, new.day, new.end) == ("2023-03-10 (this event)", pd.Timestamp("2023-03-10", tz="UTC"), pd.Timestamp("2023-03-10", tz="UTC"))


def test_open_interest_change_across_the_day():
    idx = pd.date_range("2025-11-30 20:00", periods=36, freq="1h", tz="UTC")
    oi = pd.Series(np.linspace(100.0, 135.0, 36), index=idx)
    # last value before 12-01 00:00 is at 23:00 (103); first at or after 12-02 00:00 is at 00:00 (128)
    assert change_across(oi, DAY) == pytest.approx(128 / 103 - 1)
    assert np.isnan(change_across(oi[oi.index >= DAY], DAY))
    assert np.isnan(change_across(oi[oi.index < DAY + pd.Timedelta(days=1)], DAY))
    s = c.open_interest_summary(oi, DAY, horizon_days=1)
    assert s["first_time"] == idx[0] and s["days_after_event"] == pytest.approx(-4 / 24)
    assert (s["oi_first"], s["oi_after"]) == (100.0, oi.iloc[24]) and s["oi_change_across"] == pytest.approx(128 / 103 - 1)


def test_closes_15m_takes_the_last_5_minute_close_of_each_quarter_hour():
    q = pd.date_range("2025-11-30", periods=4, freq="15min", tz="UTC")
    five = pd.date_range("2025-11-30", periods=12, freq="5min", tz="UTC")
    b15 = {"BTC": pd.DataFrame({"close": [1.0, 2.0, 3.0, 4.0]}, index=q), "ETH": pd.DataFrame({"close": [5.0, 6.0, 7.0, 8.0]}, index=q)}
    early = {"SOL": pd.DataFrame({"close": np.arange(1.0, 13.0)}, index=five)}
    got = c.closes_15m(b15, early, start="2025-11-30", end="2025-11-30 00:30")
    assert list(got.columns) == ["BTC", "ETH", "SOL"] and list(got.index) == list(q[:3])
    assert got["SOL"].tolist() == [3.0, 6.0, 9.0] and got["ETH"].tolist() == [5.0, 6.0, 7.0]


def test_lead_lag_and_correlation_shift_on_toy_closes():
    rng = np.random.default_rng(3)
    idx = pd.date_range("2025-11-30", periods=3 * 288, freq="5min", tz="UTC")
    btc = 100 * np.exp(np.cumsum(0.001 * rng.standard_normal(len(idx))))
    follower = np.r_[btc[0], btc[:-1]]  # one bar later
    closes = pd.DataFrame({"BTC": btc, "ALT": follower}, index=idx)
    long, summ = c.lead_lag_table(closes, DAY, max_lag=2)
    assert list(summ.index) == ["ALT"] and summ.loc["ALT", "peak_lag"] == 1 and summ.loc["ALT", "peak_corr"] > 0.99
    assert long["lag_minutes"].tolist() == [-10, -5, 0, 5, 10]
    cs = c.correlation_shift(closes.iloc[::3], closes, DAY, baseline_days=1)
    assert cs["resolution"].tolist() == ["15min", "5min"] and (cs["corr_change"] == cs["corr_event"] - cs["corr_base"]).all()
    five = c.altcoins.correlation_shift_5m(closes, DAY)
    assert five["resolution"].tolist() == ["5min"] and five["corr_event"].iloc[0] == cs["corr_event"].iloc[1]
    pd.testing.assert_frame_equal(c.altcoins.shift_table(c.altcoins.correlation_shift_15m(closes.iloc[::3], DAY, 1), five), cs)


# --- real data ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    return c.load(DAY)


@pytest.fixture(scope="module")
def page_core(inputs):
    """The rules' measures computed from the page's data (the rules read their own, smaller load)."""
    return core_measures(inputs)


@pytest.fixture(scope="module")
def measured(inputs, page_core):
    return c.measures(inputs, page_core)


@pytest.mark.data
@needs_data
def test_the_page_adds_to_the_rules_measures(measured, page_core):
    """The rules' measures (from their data alone: computed from scratch in the ledger's test of two
    runs) are those the page's data give, and the page's, which add rows, tables and series."""
    core = c.rule_measures(DAY)
    for f in dataclasses.fields(c.ContagionCore):
        if f.name in ("comovement", "rates"):  # the page's subclass holds the rules' fields
            for g in dataclasses.fields(getattr(page_core, f.name)):
                assert getattr(getattr(measured, f.name), g.name) is getattr(getattr(page_core, f.name), g.name), g.name  # the same values, not a copy
    pd.testing.assert_frame_equal(measured.derivatives.basis_summary.loc[["BTC", "ETH"]], core.derivatives.basis_summary)
    assert list(measured.derivatives.basis_summary.index) == ["BTC", "ETH", "XRP"] and list(measured.funding.percentiles) == ["BTC", "ETH", "XRP"]
    pd.testing.assert_frame_equal(core.comovement.correlation_shift, page_core.comovement.correlation_shift)
    pd.testing.assert_frame_equal(core.derivatives.basis, page_core.derivatives.basis)
    assert set(measured.rates.panel["series"]) >= {"DTWEXBGS", "VIXCLS"} and not hasattr(core.rates, "panel")
    assert {k: v.verdict for k, v in c.assess(core).items()} == {k: v.verdict for k, v in c.assess(measured).items()}


@pytest.mark.data
@needs_data
def test_real_drawdowns_and_lows(measured):
    dd = measured.comovement.drawdowns
    assert list(dd.index) == list(data.PERP_5M_SYMBOLS)
    # BTC: prior close 90,320.6 (23:55 bar), low 83,786.0 at 15:45 UTC
    assert dd.loc["BTC", "prior_close"] == pytest.approx(90320.6)
    assert dd.loc["BTC", "low"] == pytest.approx(83786.0)
    assert dd.loc["BTC", "drawdown"] == pytest.approx(83786.0 / 90320.6 - 1)
    assert dd.loc["BTC", "low_time"] == pd.Timestamp("2025-12-01 15:45", tz="UTC")
    assert (dd["drawdown"] < -0.07).all()
    assert (dd["break_drawdown"] <= dd["drawdown"] * 0).all()
    assert dd["break_drawdown"].ge(dd["drawdown"]).all()  # the first hour is part of the day


@pytest.mark.data
@needs_data
def test_real_lead_lag_and_correlation_shift(measured):
    long, summ = measured.comovement.lead_lag_long, measured.comovement.lead_lag
    assert set(summ.index) == set(c.ALTS)
    assert len(long) == 9 * 13
    assert (summ["peak_corr"] > 0.7).all()
    cs = measured.comovement.correlation_shift
    assert set(cs["resolution"]) == {"15min", "5min"}
    assert cs["corr_event"].between(0.5, 1).all()


@pytest.mark.data
@needs_data
def test_real_crash_table_covers_all_episodes(inputs, measured):
    t = c.crash_table(inputs.perp_1h["BTC"], inputs.funding["BTC"], CRASHES)
    assert list(t.index) == [x.name for x in CRASHES]
    pd.testing.assert_frame_equal(t, measured.crashes)  # the crash day is one of the catalogue's
    assert (t["depth"] < 0).all() and (t["depth"] <= t["day_depth"]).all()
    assert (t["worst_24h"] <= t["worst_1h"]).all()
    assert t.loc["2022-05 (Terra/LUNA)", "depth"] < t.loc["2025-12-01 (this event)", "depth"]


@pytest.mark.data
@needs_data
def test_assess_covers_exactly_the_chapter_claims():
    got = c.assess()
    mine = {cl.id for cl in load_claims() if cl.chapter == "contagion-macro"}
    assert set(got) == mine
    assert all(a.figures and len(a.evidence) > 40 for a in got.values())  # every verdict shows its measures
    assert got["c21-oi-leverage-fell"].verdict == "not_checkable"
    assert got["c26-whale-inflows"].verdict == "not_checkable"
    assert got["c64-sentiment-polarized"].verdict == got["c66-vitalik-fundamentals"].verdict == "not_checkable"
    # deterministic
    again = c.assess()
    assert {k: (v.verdict, v.evidence) for k, v in got.items()} == {k: (v.verdict, v.evidence) for k, v in again.items()}


# --- the published verdicts and figures --------------------------------------------------------
PUBLISHED = {
    "c18-eth-alts-followed": (
        "reproduced",
        {
            "btc_drawdown": -0.0723489437,
            "eth_drawdown": -0.0909525689,
            "alts_drawdown_min": -0.1115140526,
            "alts_drawdown_max": -0.0774478932,
            "btc_low_time": "2025-12-01T15:45:00Z",
            "max_minutes_between_lows": 70.0,
            "coins_peak_lag0": 9,
            "eth_corr_event_5m": 0.8581024537,
        },
    ),
    "c19-derivatives-to-spot": (
        "partly",
        {
            "btc_spot_fall": -0.0640571049,
            "btc_perp_fall": -0.0639975819,
            "btc_basis_break_hour_bp": -3.367816092,
            "btc_basis_event_min_bp": -7.2443423073,
            "btc_basis_before_median_bp": -4.4894279594,
            "eth_basis_event_min_bp": -7.4893988087,
        },
    ),
    "c20-high-funding-before": (
        "contradicted",
        {
            "btc_funding_30d_annualised": 0.05436748,
            "btc_funding_30d_percentile": 0.3297682709,
            "btc_funding_90d_annualised": 0.0475319222,
            "btc_funding_90d_percentile": 0.2332112332,
            "btc_funding_7d_percentile": 0.1405675636,
            "eth_funding_30d_annualised": 0.0515293617,
            "eth_funding_30d_percentile": 0.3017851647,
        },
    ),
    "c21-oi-leverage-fell": ("not_checkable", {"oi_first_time": "2025-12-04T06:00:00Z", "oi_first": 8248989576.0, "oi_change_first_30d": 0.0453448405}),
    "c22-fed-cut-expectations": (
        "contradicted",
        {
            "dgs2_before": 3.47,
            "dgs2_month_change_bp": -13.0,
            "dgs2_minus_effr_bp": -42.0,
            "next_decision": "2025-12-10T00:00:00Z",
            "next_decision_change_bp": -25,
        },
    ),
    "c23-yields-rebound": (
        "partly",
        {"dgs10_on_day": 4.09, "dgs10_day_change_bp": 7.0, "dgs10_from_month_low_bp": 9.0, "dgs10_month_change_bp": -11.0, "dgs2_day_change_bp": 7.0},
    ),
    "c24-jobs-inflation": ("partly", {"cpi_yoy": 0.0302257158, "cpi_month": "2025-09-01T00:00:00Z", "unrate": 4.4, "unrate_change_12m": 0.3}),
    "c25-like-2022": (
        "contradicted",
        {
            "drawdown_this": 0.0888831425,
            "fall_hours_this": 26.0,
            "funding_30d_percentile_this": 0.3367998811,
            "crashes_2022": 82,
            "median_drawdown_2022": 0.0714531011,
            "share_2022_shallower": 0.6829268293,
            "depth_ratio_to_shallower_2022_collapse": 0.3488127201,
            "drawdown_terra_luna": 0.2613351851,
            "drawdown_ftx": 0.2548162305,
        },
    ),
    "c26-whale-inflows": ("not_checkable", {"drop_start": "2025-12-01T00:00:00Z", "btc_low_time": "2025-12-01T15:45:00Z", "btc_drawdown": -0.0723489437}),
    "c27-etf-flows": ("not_checkable", {"first_us_trading_day": "2025-12-01T00:00:00Z"}),
    "c28-fed-cutting-2025": ("partly", {"cuts_2025": 3, "cuts_2025_bp": -75, "cycle_start": "2024-09-18T00:00:00Z", "target_upper_end_2025": 3.75}),
    "c54-challenge-highs": (
        "contradicted",
        {"close_before": 90394.3125, "ath": 126198.0703125, "ath_day": "2025-10-06T00:00:00Z", "drawdown_from_high": 0.2837108184, "return_30d": -0.1749043673},
    ),
    "c55-speed-breadth": (
        "reproduced",
        {
            "btc_hour_fall": 0.0382457806,
            "worst_hour_start": "2025-12-01T00:00:00Z",
            "speed_percentile": 0.999537037,
            "null_windows": 8640,
            "alts_falling_3pct": 9,
            "eth_hour_fall": 0.05630177,
            "alt_hour_fall_min": 0.0459016393,
            "alt_hour_fall_max": 0.0729166667,
        },
    ),
    "c56-asian-selling": (
        "reproduced",
        {
            "asia_return": -0.0424366561,
            "asia_return_percentile": 0.0,
            "asia_volume_ratio": 3.5089805633,
            "asia_volume_percentile": 0.9833333333,
            "asia_fall_share": 0.7279516413,
            "null_days": 180,
            "europe_return": -0.0225119757,
            "us_return": -0.0063161639,
            "reports_placing_selling_in_asia": 4,
        },
    ),
    "c57-asian-macro-pressure": ("partly", {"reports": 2, "reported_jgb_10y_yield": 1.84}),
    "c58-profit-taking": ("contradicted", {"return_1m": -0.1653768887, "return_3m": -0.1692315447, "return_6m": -0.1308119695, "return_12m": -0.062776584}),
    "c59-leverage-chasing": (
        "contradicted",
        {"btc_funding_30d_percentile": 0.3297682709, "btc_funding_30d_annualised": 0.05436748, "oi_change_30d": None, "oi_first_time": "2025-12-04T06:00:00Z"},
    ),
    "c61-yields-siphoned": ("not_checkable", {"dgs10_before": 4.02, "dgs10_on_day": 4.09, "dgs10_from_month_low_bp": 9.0}),
    "c62-leverage-in-bull-markets": (
        "partly",
        {
            "spearman": 0.4056310249,
            "days": 2353,
            "bull_phases": 7,
            "phases_in_top_quarter": 4,
            "lowest_phase_peak_percentile": 0.202719932,
            "last_phase_start": "2025-06-07T00:00:00Z",
            "last_phase_peak_percentile": 0.202719932,
        },
    ),
    "c63-extreme-greed": (
        "contradicted",
        {
            "reported_fear_greed_index": 28.0,
            "reading_day": "2025-11-29T00:00:00Z",
            "reported_fear_greed_index_after": 28.0,
            "btc_funding_30d_percentile": 0.3297682709,
        },
    ),
    "c64-sentiment-polarized": ("not_checkable", {"crash_day": "2025-12-01T00:00:00Z", "reports_bearing_on_part": 0}),
    "c65-whales-buying": ("partly", {"reports": 2, "reported_whale_longs_added": 71500.0, "reported_whale_accumulation": 45000.0}),
    "c66-vitalik-fundamentals": ("not_checkable", {"crash_day": "2025-12-01T00:00:00Z", "reports_bearing_on_part": 1}),
    "c69-three-causes": ("contradicted", {"causes_holding": 1, "causes_contradicted": 2}),
}


@pytest.fixture(scope="module")
def published():
    return c.assess()


@pytest.mark.data
@needs_data
def test_published_verdicts_and_figures(published):
    assert list(published) == list(PUBLISHED)
    for cid, (verdict, figs) in PUBLISHED.items():
        a = published[cid]
        assert a.verdict == verdict, cid
        got = {f.name: f.as_json()["value"] for f in a.figures}
        assert list(got) == list(figs), cid
        for name, want in figs.items():
            assert got[name] == (pytest.approx(want, abs=1e-9) if isinstance(want, float) else want), (cid, name)


@pytest.mark.data
@needs_data
def test_published_rules_and_evidence(published):
    from flashcrash.rules.contagion_macro import RULES

    for cid, a in published.items():
        assert a.ruling.text and a.evidence.endswith(a.ruling.because()), cid
        assert a.ruling.rule_json()["kind"] in ("threshold", "judgement")
        assert RULES[cid].__name__ in {f.__name__ for f in RULES.values()}
    assert "3.2 days after the crash" in published["c21-oi-leverage-fell"].evidence
    ev = published["c18-eth-alts-followed"].evidence
    assert "(9 of 9 fell further than BTC)" in ev and "at lag 0 for 9 of 9 coins: they fell together" in ev
    assert "The Fed then cut 25 bp on 2025-12-10, 9 days after the crash" in published["c22-fed-cut-expectations"].evidence
    assert "closed at 3.47 % before the crash (-13 bp over the month) against an effective rate of 3.89 %" in published["c22-fed-cut-expectations"].evidence
    assert (
        "The 2025 cuts came on 2025-09-17, 2025-10-29, 2025-12-10 (75 bp in all, to 3.50-3.75 %); the run of cuts started on 2024-09-18, with 100 bp cut before 2025."
        in published["c28-fed-cutting-2025"].evidence
    )
    assert "against 2.4% a year earlier" in published["c24-jobs-inflation"].evidence and "12-month low of 4.0 %" in published["c24-jobs-inflation"].evidence
    assert "this crash was 0.35 times as deep as the shallower" in published["c25-like-2022"].evidence
    assert "(ETH 30 days: 5.2%, percentile 30%)" in published["c20-high-funding-before"].evidence
    assert published["c20-high-funding-before"].ruling.check("low").passed
    assert not published["c19-derivatives-to-spot"].ruling.check("perp_dislocated").passed
    assert "4 contemporaneous reports of the day place the selling in the Asian session" in published["c56-asian-selling"].evidence
    assert "the worst hour of 2025-12-01 ran from 00:00 to 01:00 UTC" in published["c55-speed-breadth"].evidence
    assert "28 for 2025-11-29 (r60-markets-feargreed-nov29, Markets.com news)" in published["c63-extreme-greed"].evidence
    assert "c22-fed-cut-expectations (cut expectations cooled): contradicted; c59-leverage-chasing" in published["c69-three-causes"].evidence
    assert (
        published["c62-leverage-in-bull-markets"].ruling.check("linked").passed
        and not published["c62-leverage-in-bull-markets"].ruling.check("every_phase").passed
    )


@pytest.mark.data
@needs_data
def test_real_contagion_tables_pinned(inputs, measured):
    dd = c.drawdown_table(inputs.perp_5m, DAY)
    assert dd.loc["BTC", "break_drawdown"] == pytest.approx(-0.03743332085925022, abs=1e-12)
    assert dd.loc["ETH", "ratio_to_btc"] == pytest.approx(1.2571374824327501, abs=1e-12)
    assert dd["minutes_after_btc_low"].to_dict() == {
        "BTC": 0.0,
        "ETH": -5.0,
        "SOL": 0.0,
        "XRP": 0.0,
        "DOGE": -15.0,
        "BNB": -15.0,
        "ADA": -15.0,
        "AVAX": 35.0,
        "DOT": 0.0,
        "LINK": 70.0,
    }
    long, ll = c.lead_lag_table(inputs.closes_5m, DAY)
    assert (long["lag_minutes"] == long["lag"] * 5).all() and long["lag"].min() == -6
    assert ll.loc["ETH", "peak_corr"] == pytest.approx(0.8581024536740581, abs=1e-12)
    assert ll.loc["ETH", "btc_leads_minus_follows"] == pytest.approx(0.09354009022658155, abs=1e-12)
    assert ll.loc["SOL", "btc_leads_minus_follows"] == pytest.approx(-0.11578517215525581, abs=1e-12)
    cs = measured.comovement.correlation_shift.set_index(["symbol", "resolution"])
    eth15, eth5 = cs.loc[("ETH", "15min")], cs.loc[("ETH", "5min")]
    assert (eth15["beta_base"], eth15["corr_base"], eth15["beta_event"], eth15["corr_event"]) == pytest.approx(
        (1.33369424892, 0.873618854271, 1.123336799942, 0.92111511266), abs=1e-10
    )
    assert (eth5["beta_base"], eth5["corr_base"], eth5["corr_change"]) == pytest.approx((1.21634574944, 0.871706010826, -0.013603557152), abs=1e-10)
    rc = measured.comovement.rolling_correlation
    assert len(rc) == 5856 and rc["corr"].mean() == pytest.approx(0.826526130153075, abs=1e-12)
    assert rc.iloc[0]["corr"] == pytest.approx(0.8274488691836093, abs=1e-12)


@pytest.mark.data
@needs_data
def test_real_basis_open_interest_and_crashes_pinned(inputs, measured):
    b = c.basis_summary(c.basis_table(inputs.perp_1h, inputs.spot_1h, DAY), DAY)
    pd.testing.assert_frame_equal(b, measured.derivatives.basis_summary)
    assert b.loc[
        "BTC", ["basis_before_median_bp", "basis_before_p05_bp", "basis_break_hour_bp", "basis_event_min_bp", "perp_fall", "spot_fall", "corr_perp_spot_event"]
    ].astype(float).tolist() == pytest.approx(
        [-4.489427959395442, -5.856701745698856, -3.3678160919548006, -7.244342307305418, -0.06399758194697558, -0.06405710491367855, 0.9999333205694234],
        abs=1e-10,
    )
    assert b.loc["ETH", "basis_event_min_hour_utc"] == 10
    shown = CD.basis_table(measured.derivatives)  # the page's table: three decimals
    assert shown.loc["BTC", "basis_before_median_bp"] == -4.489 and shown.loc["BTC", "perp_fall"] == -0.064
    oi = measured.derivatives.open_interest
    assert oi["days_after_event"] == 3.25 and np.isnan(oi["oi_change_across"])
    assert (oi["oi_first"], oi["oi_after"], oi["oi_min"], oi["oi_max"]) == (8248989576.0, 8623038693.0, 7573591598.0, 8851788604.0)
    t = measured.crashes
    yen = t.loc["2024-08-05 (yen carry)"]
    assert (yen["peak"], yen["prior_close"], yen["trough"]) == (70081.0, 65328.9, 48888.0)
    assert yen[["worst_1h", "worst_24h", "days_to_prior_close", "days_to_peak", "funding_30d_annualised", "funding_30d_percentile"]].astype(
        float
    ).tolist() == pytest.approx([-0.07227059153946003, -0.19897758552890288, 52.875, 84.79166666666667, 0.06792029499999999, 0.4050056882821388], abs=1e-10)
    assert np.isnan(t.loc["2025-10-10 (tariff shock)", "days_to_peak"])
    assert t.loc["2025-12-01 (this event)", "trough_time"] == pd.Timestamp("2025-12-01 15:00", tz="UTC")
    assert t.loc["2025-12-01 (this event)", "days_to_prior_close"] == 1.0


# --- the chapter's measures object, its text and its tables ------------------------------------
def _toy_decisions() -> pd.DataFrame:
    t = pd.to_datetime(["2023-07-26", "2024-09-18", "2024-11-07", "2025-09-17", "2025-10-29", "2025-12-10"], utc=True)
    upper = [5.5, 5.0, 4.75, 4.25, 4.0, 3.75]
    change = [25, -50, -25, -50, -25, -25]
    return pd.DataFrame(
        {
            "effective": t + pd.Timedelta(days=1),
            "announced": t,
            "lower": [u - 0.25 for u in upper],
            "upper": upper,
            "change_bp": change,
            "kind": ["hike" if x > 0 else "cut" for x in change],
        }
    )


def test_fed_measures_on_toy_decisions():
    from flashcrash.contagion.measures import fed

    f = fed(_toy_decisions(), DAY)
    assert f.target_range == (3.75, 4.0) and f.cycle_start == pd.Timestamp("2024-09-18", tz="UTC")
    assert f.next_decision["announced"] == pd.Timestamp("2025-12-10", tz="UTC")
    assert len(f.cuts_in_year) == 3 and f.year_cycle_start == pd.Timestamp("2024-09-18", tz="UTC")
    assert f.cut_before_year_bp == 75 and f.year_end_range == (3.5, 3.75)
    assert f.since_2024["announced"].min() == pd.Timestamp("2024-09-18", tz="UTC")
    table = CD.fed_table(f)
    assert table["announced"].tolist()[0] == "2024-09-18" and len(table) == 5


def test_crashes_table_headers_and_percent():
    ct = pd.DataFrame(
        {
            "day": [DAY],
            "peak": [100.0],
            "prior_close": [95.0],
            "trough": [80.0],
            "trough_time": [DAY + pd.Timedelta(hours=5)],
            "depth": [-0.2],
            "day_depth": [-0.1578],
            "worst_1h": [-0.0512],
            "worst_24h": [-0.16],
            "days_to_prior_close": [1.04],
            "days_to_peak": [np.nan],
            "funding_30d_annualised": [0.054],
            "funding_30d_percentile": [0.333],
        },
        index=pd.Index(["x"], name="crash"),
    )
    t = CD.crashes_table(ct)
    assert list(t.columns) == list(CD.CRASH_COLUMNS.values())
    assert t.iloc[0].tolist()[:6] == [100.0, 80.0, "2025-12-01 05:00", -20.0, -5.1, -16.0]
    assert t.iloc[0]["funding 30 d (% a year)"] == 5.4 and t.iloc[0]["funding percentile"] == 0.33 and np.isnan(t.iloc[0]["days to 7-day high"])


def _glue_keys_in_prose(path) -> set[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(cl["source"]) for cl in cells if cl["cell_type"] == "markdown")
    return set(re.findall(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)", text))


@pytest.mark.data
@needs_data
def test_the_measures_object_is_typed_frozen_and_picklable(measured):
    assert dataclasses.is_dataclass(measured) and measured.day == DAY
    with pytest.raises(dataclasses.FrozenInstanceError):
        measured.day = DAY  # type: ignore[misc]
    back = pickle.loads(pickle.dumps(measured))
    pd.testing.assert_frame_equal(back.comovement.drawdowns, measured.comovement.drawdowns)
    assert back.like_2022 == measured.like_2022
    assert measured.comovement.alts_fell_more == 9 and measured.comovement.coins_peak_lag0 == 9
    assert measured.this_crash == "2025-12-01 (this event)"
    assert measured.rates.dgs2_minus_effr_bp == pytest.approx(-42.0)


@pytest.mark.data
@needs_data
def test_the_notebook_and_the_ledger_get_the_same_verdicts(measured, published):
    got = c.assess(measured)
    assert list(got) == list(published)
    assert {k: (a.verdict, a.evidence) for k, a in got.items()} == {k: (a.verdict, a.evidence) for k, a in published.items()}


@pytest.mark.data
@needs_data
def test_the_text_quotes_exactly_the_glued_numbers(measured):
    from tests.conftest import ROOT

    values = glue_values(measured)
    assert set(values) == _glue_keys_in_prose(ROOT / "book" / "04_contagion_macro.ipynb")
    assert values["btc_dd"] == pytest.approx(7.234894365183586, abs=1e-12) and values["alt_dd_max_coin"] == "DOT"
    assert (values["n_worse"], values["n_lag0"], values["sb_n_fell"], values["bm_n"], values["as_reports"]) == (9, 9, 9, 7, 4)
    assert (values["cycle_start"], values["next_cut"], values["fg_day"], values["vb_year"]) == (
        "18 September 2024",
        "10 December 2025",
        "29 November 2025",
        "2022",
    )
    assert values["y2_spread"] == pytest.approx(42.0) and values["rec_this"] == pytest.approx(1.5416666666666667)
    assert values["depth_may22"] == pytest.approx(34.04348062986977, abs=1e-12) and values["whale_btc"] == 45000.0
