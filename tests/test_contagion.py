"""Tests of flashcrash.contagion: hand-computed drawdowns, lead-lag on shifted series, betas, crash
measures on toy bars, and a few checks on the real data (mirror)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash import contagion as c
from flashcrash.claims import load_claims
from flashcrash.errors import GapError, NaiveTimestampError
from flashcrash.rules.base import VERDICTS

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


# --- real data ------------------------------------------------------------------------------
def test_real_drawdowns_and_lows():
    dd = c.drawdown_table()
    assert list(dd.index) == list(c.data.PERP_5M_SYMBOLS)
    # BTC: prior close 90,320.6 (23:55 bar), low 83,786.0 at 15:45 UTC
    assert dd.loc["BTC", "prior_close"] == pytest.approx(90320.6)
    assert dd.loc["BTC", "low"] == pytest.approx(83786.0)
    assert dd.loc["BTC", "drawdown"] == pytest.approx(83786.0 / 90320.6 - 1)
    assert dd.loc["BTC", "low_time"] == pd.Timestamp("2025-12-01 15:45", tz="UTC")
    assert (dd["drawdown"] < -0.07).all()
    assert (dd["break_drawdown"] <= dd["drawdown"] * 0).all()
    assert dd["break_drawdown"].ge(dd["drawdown"]).all()  # the first hour is part of the day


def test_real_lead_lag_and_correlation_shift():
    long, summ = c.lead_lag_table()
    assert set(summ.index) == set(c.ALTS)
    assert len(long) == 9 * 13
    assert (summ["peak_corr"] > 0.7).all()
    cs = c.correlation_shift()
    assert set(cs["resolution"]) == {"15min", "5min"}
    assert cs["corr_event"].between(0.5, 1).all()


def test_real_crash_table_covers_all_episodes():
    t = c.crash_table()
    assert list(t.index) == [x.name for x in c.CRASHES]
    assert (t["depth"] < 0).all() and (t["depth"] <= t["day_depth"]).all()
    assert (t["worst_24h"] <= t["worst_1h"]).all()
    assert t.loc["2022-05 (Terra/LUNA)", "depth"] < t.loc["2025-12-01 (this event)", "depth"]


def test_assess_covers_exactly_the_chapter_claims():
    got = c.assess()
    mine = {cl.id for cl in load_claims() if cl.chapter == "contagion-macro"}
    assert set(got) == mine
    assert all(a.verdict in VERDICTS for a in got.values())
    assert got["c21-oi-leverage-fell"].verdict == "not_checkable"
    assert got["c26-whale-inflows"].verdict == "not_checkable"
    # deterministic
    again = c.assess()
    assert {k: (v.verdict, v.evidence) for k, v in got.items()} == {k: (v.verdict, v.evidence) for k, v in again.items()}
