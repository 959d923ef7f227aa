"""Calibration on synthetic market data (the data loaders replaced): bars of a day, depth, the
closed-form fit and its round trip, validation, amplification and the shock curve by hand."""

import math

import numpy as np
import pandas as pd
import pytest

import flashcrash.data as fd
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import cascade as cs


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """The calibration keeps per-day results for the process; these tests swap the market under it."""

    def clear():
        for mod in (cal, bk):
            for fn in vars(mod).values():
                if hasattr(fn, "cache_clear") and getattr(fn, "__module__", "") == mod.__name__:
                    fn.cache_clear()

    clear()
    yield
    clear()


DAY = pd.Timestamp("2025-12-01", tz="UTC")


def bars(index, close, spread=0.5):
    close = np.asarray(close, dtype=float)
    return pd.DataFrame({"open": close, "high": close + spread, "low": close - spread, "close": close, "volume": np.full(len(close), 2.0)}, index=index)


def synthetic_market(monkeypatch, liq=None):
    """21 days of hourly bars near 100 USD, then a day of 5-minute bars that falls to 88 and rises to 116."""
    h_idx = pd.date_range(DAY - pd.Timedelta(days=21), DAY, freq="1h", inclusive="left")
    h_close = 100.0 + np.sin(np.arange(len(h_idx)) / 5.0)
    m_idx = pd.date_range(DAY, periods=288, freq="5min")
    m_close = np.r_[np.linspace(100.0, 88.0, 144), np.linspace(88.0, 116.0, 144)]
    q_idx = pd.date_range(DAY - pd.Timedelta(days=7), DAY + pd.Timedelta(days=1), freq="15min", inclusive="left")
    monkeypatch.setattr(fd, "perp_1h", lambda symbol="BTC": bars(h_idx, h_close))
    monkeypatch.setattr(fd, "perp_5m", lambda symbol="BTC": bars(m_idx, m_close))
    monkeypatch.setattr(fd, "perp_15m", lambda symbol="BTC": bars(q_idx, np.full(len(q_idx), 100.0)))
    if liq is not None:
        monkeypatch.setattr(fd, "liquidations_1h", lambda: liq)


def liquidations(long_usd, short_usd, start=DAY):
    idx = pd.date_range(start, periods=len(long_usd), freq="1h")
    return pd.DataFrame({"long_usd": long_usd, "short_usd": short_usd, "total_usd": np.asarray(long_usd) + np.asarray(short_usd)}, index=idx)


def test_published_constants():
    assert cal.LEVERAGE_GRID[0] == 2.0 and cal.LEVERAGE_GRID[-1] == 80.0 and len(cal.LEVERAGE_GRID) == 17
    assert cal.LEVERAGE_GRID[8] == pytest.approx(math.sqrt(160.0), abs=0.005)  # geometric: the middle is sqrt(2 * 80)
    assert (cal.DEFAULT_Y, cal.DEPTH_DAYS) == (1.0, 7)
    assert cal.fit.__defaults__[0] == DAY and len(cal.VALIDATION_DAYS) == 6  # fitted on the crash day by default


def test_day_bars_prefers_complete_5_minute_bars(monkeypatch):
    synthetic_market(monkeypatch)
    cal.day_bars.cache_clear()  # kept per day for the process: start clean, and after each patch
    assert len(cal.day_bars(DAY)) == 288
    cal.day_bars.cache_clear()
    full5 = fd.perp_5m()
    monkeypatch.setattr(fd, "perp_5m", lambda symbol="BTC": full5.iloc[:287])  # one bar short: 15-minute bars
    got = cal.day_bars(DAY)
    cal.day_bars.cache_clear()
    assert len(got) == 96 and got.index[1] - got.index[0] == pd.Timedelta(minutes=15)
    q = fd.perp_15m()
    monkeypatch.setattr(fd, "perp_15m", lambda symbol="BTC": q.drop(q.index[q.index >= DAY][5]))
    with pytest.raises(ValueError, match="no complete day"):
        cal.day_bars(DAY)


def test_depth_hand_computed(monkeypatch):
    # 96 fifteen-minute closes alternating 100 and 100 e^a: 95 log returns +a, -a, ..., +a
    a = 0.01
    idx = pd.date_range(DAY - pd.Timedelta(days=1), DAY, freq="15min", inclusive="left")
    close = np.where(np.arange(96) % 2 == 0, 100.0, 100.0 * math.exp(a))
    monkeypatch.setattr(fd, "perp_15m", lambda symbol="BTC": bars(idx, close))
    sigma, volume = cal.depth(DAY, days=1)
    n = 95  # std (ddof 1) of 48 values +a and 47 values -a is a sqrt((n + 1) / n)
    assert sigma == pytest.approx(a * math.sqrt((n + 1) / n) * math.sqrt(96), rel=1e-9)
    assert volume == pytest.approx(2.0 * 48 * (100.0 + 100.0 * math.exp(a)), rel=1e-12)


def test_observed_hourly_needs_24_hours(monkeypatch):
    monkeypatch.setattr(fd, "liquidations_1h", lambda: liquidations(np.arange(30.0), np.zeros(30)))
    o = cal.observed_hourly(DAY)
    assert list(o.columns) == ["long_usd", "short_usd"] and o["long_usd"].sum() == sum(range(24))
    monkeypatch.setattr(fd, "liquidations_1h", lambda: liquidations(np.arange(23.0), np.zeros(23)))
    with pytest.raises(ValueError, match="24 hours"):
        cal.observed_hourly(DAY)


def test_scales_least_squares_by_hand():
    u = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    o = np.array([2.0, 4.0, 3.0])
    # (u.o)/(u.u): 10/5 = 2; nothing to scale: 0; 9/3 = 3
    assert cal._scales(u, o).tolist() == [2.0, 0.0, 3.0]


def test_fit_quality_measures_by_hand():
    hourly = pd.DataFrame({"long_usd": [1.0, 2.0, 3.0], "short_usd": [0.0, 0.0, 1.0], "model_long": [1.0, 2.0, 2.0], "model_short": [0.0, 1.0, 0.0]})
    f = cal.Fit(DAY, bk.BookParams(), pd.DataFrame(), hourly, pd.DataFrame())
    assert f.total_error == pytest.approx(6.0 / 7.0 - 1.0)  # model 6 USD against 7 observed
    assert f.correlation == pytest.approx(np.corrcoef([1.0, 3.0, 2.0], [1.0, 2.0, 4.0])[0, 1])


BASE = bk.BookParams(leverages=(3.0, 5.0, 10.0, 20.0, 50.0), leverage_spread=0.5)
GRID = (5.0, 10.0, 20.0)


def test_fit_recovers_the_parameters_that_made_the_data(monkeypatch):
    synthetic_market(monkeypatch)
    true = bk.with_scale(bk.BookParams(**{**BASE.__dict__, "median_leverage": 10.0}), 3e8, 1e8)
    uL, uS, _ = cal.unit_response(DAY, true)
    assert uL.sum() > 0 and uS.sum() > 0  # both sides are liquidated on this path
    monkeypatch.setattr(fd, "liquidations_1h", lambda: liquidations(3e8 * uL, 1e8 * uS))
    f = cal.fit(DAY, BASE, GRID, n_boot=4, seed=1)
    assert f.params.median_leverage == 10.0
    assert f.params.long_usd == pytest.approx(3e8, rel=1e-9) and f.params.short_usd == pytest.approx(1e8, rel=1e-9)
    assert f.grid["sse"].iloc[1] == pytest.approx(0.0, abs=1e-6 * (3e8) ** 2) and (f.grid["sse"].drop(index=1) > 1.0).all()
    assert f.total_error == pytest.approx(0.0, abs=1e-9) and f.correlation == pytest.approx(1.0)
    assert len(f.boot) == 4 and (f.boot["median_leverage"] == 10.0).all()
    assert np.allclose(f.boot["long_usd"], 3e8, rtol=1e-9)
    # the grid's error is the sum of squared hourly misses (USD^2) of both sides at each median leverage
    for i, lev in enumerate(GRID):
        row = f.grid.iloc[i]
        h = cal.model_hourly(DAY, bk.with_scale(bk.BookParams(**{**BASE.__dict__, "median_leverage": lev}), row["long_usd"], row["short_usd"]))
        miss = ((h["model_long"] - h["long_usd"]) ** 2).sum() + ((h["model_short"] - h["short_usd"]) ** 2).sum()
        assert row["sse"] == pytest.approx(miss, rel=1e-9, abs=1e-3)
    v = cal.validate(f.params, (DAY,))
    assert v.loc[DAY, "total_error"] == pytest.approx(0.0, abs=1e-9) and v.loc[DAY, "hourly_correlation"] == pytest.approx(1.0)
    assert v.loc[DAY, "model_long_share"] == pytest.approx(v.loc[DAY, "observed_long_share"])
    h = cal.model_hourly(DAY, f.params)
    assert np.allclose(h["model_long"], h["long_usd"]) and np.allclose(h["model_short"], h["short_usd"])


def one_bar(monkeypatch, book, depth=(1.0, 10_000.0)):
    """A day of one bar (open 100, low 90, high 100), fixed depth and a hand-made book."""
    monkeypatch.setattr(cal, "day_bars", lambda day: pd.DataFrame({"open": [100.0], "high": [100.0], "low": [90.0], "close": [95.0]}, index=[DAY]))
    monkeypatch.setattr(cal, "depth", lambda day, days=cal.DEPTH_DAYS: depth)
    monkeypatch.setattr(cal, "scaled_book", lambda day, params: book)
    arrays = tuple(book[c].to_numpy(dtype=float) for c in ("lp", "notional", "side", "count"))
    monkeypatch.setattr(cal, "_scaled_prepared", lambda day, params: cs.prepare(*arrays))


def test_amplification_by_hand(monkeypatch):
    # a long of 25 USD at 95 USD: the observed low 90 crossed it, impact sqrt(25 / 10000) = 5 %,
    # so without forced selling the low would have been 90 / 0.95; amplification 10 / (100 - 90 / 0.95) = 1.9
    book = pd.DataFrame({"lp": [95.0], "notional": [25.0], "side": [1], "count": [1.0]})
    one_bar(monkeypatch, book)
    a = cal.amplification(DAY, bk.BookParams())
    assert a.exogenous_low == pytest.approx(90.0 / 0.95) and a.observed_low == 90.0 and a.open == 100.0
    assert a.forward_low == pytest.approx(90.0)
    assert a.factor == pytest.approx(1.9)
    assert a.path["impact_long"].tolist() == pytest.approx([0.05]) and a.path["long_usd"].tolist() == [25.0]
    # Y = 2 doubles the impact: 10 %, low without forced selling 100, no exogenous fall: undefined
    assert math.isnan(cal.amplification(DAY, bk.BookParams(), y=2.0).factor)


def test_amplification_without_positions_is_one(monkeypatch):
    one_bar(monkeypatch, pd.DataFrame({"lp": [95.0], "notional": [0.0], "side": [1], "count": [0.0]}))
    a = cal.amplification(DAY, bk.BookParams())
    assert a.factor == 1.0 and a.exogenous_low == 90.0


def test_shock_curve_by_hand(monkeypatch):
    one_bar(monkeypatch, pd.DataFrame({"lp": [95.0], "notional": [25.0], "side": [1], "count": [1.0]}))
    c = cal.shock_curve(bk.BookParams(), shocks=np.array([0.04, 0.1]))
    # 4 %: 96 does not reach 95, nothing sold; 10 %: 90 crosses 95, 5 % impact, low 85.5
    assert c["total_move"].tolist() == pytest.approx([0.04, 0.145])
    assert c["amplification"].tolist() == pytest.approx([1.0, 1.45])
    assert c["long_usd"].tolist() == [0.0, 25.0]
    d = cal.shock_curve(bk.BookParams())
    assert len(d) == 24 and d["shock"].iloc[0] == pytest.approx(0.005) and d["shock"].iloc[-1] == pytest.approx(0.12)


def test_unit_response_runs_the_engine_without_impact(monkeypatch):
    synthetic_market(monkeypatch)
    p = bk.BookParams(**{**BASE.__dict__, "median_leverage": 10.0})
    uL, uS, book = cal.unit_response(DAY, p)
    assert len(uL) == 24 and len(uS) == 24
    b = cal.day_bars(DAY)
    r = cs.run(book["lp"], book["notional"], book["side"], b["low"], b["high"], cs.Impact(y=0.0))
    assert uL.sum() == pytest.approx(r.long_usd.sum()) and uS.sum() == pytest.approx(r.short_usd.sum())
    assert uL.sum() <= 1.0 + 1e-12 and uS.sum() <= 1.0 + 1e-12  # a unit book cannot lose more than 1 USD a side


def test_scaled_book_carries_each_sides_notional(monkeypatch):
    synthetic_market(monkeypatch)
    cal._unit_book.cache_clear()
    try:
        p = bk.with_scale(bk.BookParams(**{**BASE.__dict__, "median_leverage": 10.0}), 3.0, 2.0)
        b = cal.scaled_book(DAY, p)
        assert b.loc[b.side == 1, "notional"].sum() == pytest.approx(3.0) and b.loc[b.side == -1, "notional"].sum() == pytest.approx(2.0)
        assert np.allclose(b["count"], b["notional"] / p.position_usd)
        again = cal.scaled_book(DAY, bk.with_scale(p, 6.0, 0.0))  # the same unit book, scaled again
        assert again.loc[again.side == 1, "notional"].sum() == pytest.approx(6.0) and again.loc[again.side == -1, "notional"].sum() == 0.0
    finally:
        cal._unit_book.cache_clear()  # the synthetic book must not outlive the synthetic data
