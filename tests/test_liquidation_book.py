"""The model book on hand-built entry bars: assumptions, leverage weights, survivors, scaling, the map."""

import math

import numpy as np
import pandas as pd
import pytest

import flashcrash.data as fd
from flashcrash.errors import NaiveTimestampError
from flashcrash.liquidation import book as bk

ASOF = pd.Timestamp("2025-12-01", tz="UTC")


def test_documented_defaults():
    p = bk.BookParams()
    assert (p.lookback_days, p.half_life_days, p.median_leverage, p.leverage_spread) == (21.0, 7.0, 10.0, 0.8)
    assert (p.long_usd, p.short_usd, p.position_usd) == (4.0e9, 4.0e9, 5_000.0)
    assert bk.DEFAULT_LEVERAGES == (2.0, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0, 75.0, 100.0, 125.0)


@pytest.mark.parametrize(
    "bad",
    [
        {"lookback_days": 0.0},
        {"half_life_days": 0.0},
        {"median_leverage": 0.99},
        {"leverage_spread": 0.0},
        {"long_usd": -1.0},
        {"short_usd": -1.0},
        {"position_usd": 0.0},
        {"leverages": (0.5, 10.0)},
    ],
)
def test_params_refuse_each_bad_value(bad):
    with pytest.raises(ValueError):
        bk.BookParams(**bad)


def test_params_accept_their_boundaries():
    p = bk.BookParams(
        lookback_days=0.01, half_life_days=0.01, median_leverage=1.0, leverage_spread=0.01, long_usd=0.0, short_usd=0.0, position_usd=0.01, leverages=(1.0,)
    )
    assert p.median_leverage == 1.0 and p.long_usd == 0.0


def test_leverage_weights_hand_computed():
    # ln(5/10) = -ln 2, ln(40/10) = 2 ln 2: with spread ln 2 the z-scores are -1, 0, 2
    p = bk.BookParams(leverages=(5.0, 10.0, 40.0), median_leverage=10.0, leverage_spread=math.log(2.0))
    raw = np.array([math.exp(-0.5), 1.0, math.exp(-2.0)])
    assert np.allclose(bk.leverage_weights(p), raw / raw.sum(), rtol=1e-12)
    assert bk.leverage_weights(p).sum() == pytest.approx(1.0)


def entries(low2=95.0, high2=105.0):
    """Two hourly entry bars at 100 USD, 2 days and 1 day before ASOF, volume 100 USD each."""
    idx = pd.DatetimeIndex([ASOF - pd.Timedelta(days=2), ASOF - pd.Timedelta(days=1)])
    return pd.DataFrame({"price": [100.0, 100.0], "usd_volume": [100.0, 100.0], "low": [95.0, low2], "high": [105.0, high2]}, index=idx)


P10 = bk.BookParams(leverages=(10.0,), half_life_days=1.0, long_usd=1_000.0, short_usd=500.0, position_usd=5_000.0)


def test_cohorts_weights_by_age_and_scale_each_side():
    b = bk.cohorts(entries(), ASOF, P10)
    longs, shorts = b[b.side == 1], b[b.side == -1]
    # ages 2 and 1 days with a half-life of 1 day: weights 1/4 and 1/2, i.e. 1/3 and 2/3 of each side
    assert longs["notional"].tolist() == pytest.approx([1_000 / 3, 2_000 / 3])
    assert shorts["notional"].tolist() == pytest.approx([500 / 3, 1_000 / 3])
    # 10x in tier 1: long (100 * 0.9) / 0.996 = 90.36 -> 90.4 on the tick; short 110 / 1.004 = 109.56 -> 109.6
    assert longs["lp"].tolist() == pytest.approx([90.4, 90.4]) and shorts["lp"].tolist() == pytest.approx([109.6, 109.6])
    assert b["count"].tolist() == pytest.approx((b["notional"] / 5_000.0).tolist())
    assert set(b.columns) >= {"entry_time", "entry", "leverage", "side", "lp", "notional", "count"}


def test_cohorts_drop_positions_already_liquidated():
    full = bk.cohorts(entries(), ASOF, P10)
    lp_long, lp_short = float(full.loc[full.side == 1, "lp"].iloc[0]), float(full.loc[full.side == -1, "lp"].iloc[0])
    # a later low exactly at a long's liquidation price liquidated it; a tick above did not
    longs = bk.cohorts(entries(low2=lp_long), ASOF, P10).query("side == 1")
    assert len(longs) == 1 and longs["notional"].sum() == pytest.approx(1_000.0)
    assert len(bk.cohorts(entries(low2=lp_long + 0.1), ASOF, P10).query("side == 1")) == 2
    # shorts mirror it with later highs
    s = bk.cohorts(entries(high2=lp_short), ASOF, P10).query("side == -1")
    assert len(s) == 1 and s["notional"].sum() == pytest.approx(500.0)
    assert len(bk.cohorts(entries(high2=lp_short - 0.1), ASOF, P10).query("side == -1")) == 2
    # a bar's own low does not liquidate the positions opened in it, only later bars' lows do
    e = entries()
    e.loc[e.index[1], "low"] = 1.0
    left = bk.cohorts(e, ASOF, P10).query("side == 1")
    assert left["entry_time"].tolist() == [e.index[1]]


def test_cohorts_cap_leverage_at_the_tier_maximum():
    p = bk.BookParams(leverages=(125.0,), median_leverage=100.0, position_usd=100_000.0, long_usd=1.0, short_usd=1.0)
    b = bk.cohorts(entries(), ASOF, p)
    assert (b["leverage"] == 100.0).all()  # tier 2 allows 100x


def test_cohorts_without_entries_raise():
    with pytest.raises(ValueError, match="no entry bars"):
        bk.cohorts(entries().iloc[:0], ASOF, P10)


def test_with_scale_and_liquidation_map():
    p = bk.with_scale(P10, 7.0, 3.0)
    assert (p.long_usd, p.short_usd, p.leverages) == (7.0, 3.0, (10.0,))
    book = pd.DataFrame({"lp": [90_100.0, 90_300.0, 90_249.9, 95_010.0], "side": [1, 1, 1, -1], "notional": [1.0, 2.0, 4.0, 8.0]})
    m = bk.liquidation_map(book)
    got = {(r.price, r.side): r.notional for r in m.itertuples()}
    assert got == {(90_000.0, "long"): 5.0, (90_250.0, "long"): 2.0, (95_000.0, "short"): 8.0}
    m1 = bk.liquidation_map(book, bin_usd=100.0)
    assert {(r.price, r.side) for r in m1.itertuples()} == {(90_100.0, "long"), (90_300.0, "long"), (90_200.0, "long"), (95_000.0, "short")}


def hourly_bars(n=48, end=ASOF):
    idx = pd.date_range(end - pd.Timedelta(hours=n), periods=n, freq="1h")
    c = 100.0 + np.arange(n) % 3
    return pd.DataFrame({"open": c, "high": c + 1.0, "low": c - 1.0, "close": c, "volume": np.full(n, 2.0)}, index=idx)


def test_entry_bars_and_build_from_the_perpetual(monkeypatch):
    monkeypatch.setattr(fd, "perp_1h", lambda symbol="BTC": hourly_bars())
    e = bk.entry_bars(ASOF, 1.0)
    assert len(e) == 24 and e.index[-1] == ASOF - pd.Timedelta(hours=1)
    c = hourly_bars()["close"].iloc[-24:].to_numpy()
    assert np.allclose(e["price"], (c + 1 + c - 1 + c) / 3.0) and np.allclose(e["usd_volume"], 2.0 * c)
    with pytest.raises(ValueError, match="fewer than 24"):
        bk.entry_bars(ASOF, 23.0 / 24.0)
    with pytest.raises(NaiveTimestampError):
        bk.entry_bars(pd.Timestamp("2025-12-01"), 1.0)
    b = bk.build(ASOF, bk.BookParams(lookback_days=1.0, long_usd=10.0, short_usd=20.0))
    assert b.loc[b.side == 1, "notional"].sum() == pytest.approx(10.0) and b.loc[b.side == -1, "notional"].sum() == pytest.approx(20.0)
