"""Liquidation prices: hand-computed values, direction, monotonicity, tiers, errors."""

import numpy as np
import pytest

from flashcrash.liquidation import prices as pr


def test_bracket_cum_matches_published_table():
    # cum column of the Binance BTCUSDT snapshot, as published
    assert pr.BTCUSDT_BRACKETS.cum.tolist() == [0.0, 50.0, 1300.0, 46300.0, 546300.0, 2546300.0, 5046300.0, 8046300.0, 28046300.0, 103046300.0]


def test_hand_computed_long_and_short_tier1():
    # long 10x at 100,000 USD, 10,000 USD notional: tier 1 (mmr 0.4 %, cum 0)
    # LP = 100000 * (1 - 0.1) / (1 - 0.004) = 90000 / 0.996
    lp = pr.liquidation_price(100_000, 10, 1, 10_000)
    assert lp == pytest.approx(90_000 / 0.996, rel=1e-12)
    # short: 100000 * 1.1 / 1.004
    assert pr.liquidation_price(100_000, 10, "short", 10_000) == pytest.approx(110_000 / 1.004, rel=1e-12)


def test_hand_computed_tier2_with_maintenance_amount():
    # 100,000 USD notional at 50,000 USD entry: Q = 2 BTC, tier 2 (mmr 0.5 %, cum 50)
    # long 20x: (50000 * 0.95 - 50 / 2) / 0.995 = 47475 / 0.995
    assert pr.liquidation_price(50_000, 20, 1, 100_000) == pytest.approx(47_475 / 0.995, rel=1e-12)
    # short 20x: (50000 * 1.05 + 25) / 1.005
    assert pr.liquidation_price(50_000, 20, -1, 100_000) == pytest.approx(52_525 / 1.005, rel=1e-12)


def test_long_below_entry_short_above():
    e = np.full(5, 90_000.0)
    lev = np.array([2, 5, 10, 50, 125.0])
    n = np.full(5, 20_000.0)
    assert (pr.liquidation_price(e, lev, 1, n) < e).all()
    assert (pr.liquidation_price(e, lev, -1, n) > e).all()


def test_monotone_in_leverage():
    lev = np.arange(1, 126, dtype=float)
    longs = pr.liquidation_price(np.full(lev.size, 90_000.0), lev, 1, np.full(lev.size, 10_000.0))
    shorts = pr.liquidation_price(np.full(lev.size, 90_000.0), lev, -1, np.full(lev.size, 10_000.0))
    assert (np.diff(longs) > 0).all()  # more leverage: liquidated closer to entry
    assert (np.diff(shorts) < 0).all()
    assert longs[0] == 0.0  # a 1x long is never liquidated


def test_tier_boundaries():
    idx = pr.bracket_index([1.0, 49_999.99, 50_000.0, 250_000.0, 499_999_999.0])
    assert idx.tolist() == [0, 0, 1, 2, 9]
    # maintenance margin N*mmr - cum is continuous at every floor
    b = pr.BTCUSDT_BRACKETS
    below = b.floor[1:] * b.mmr[:-1] - b.cum[:-1]
    above = b.floor[1:] * b.mmr[1:] - b.cum[1:]
    assert np.allclose(below, above, rtol=0, atol=1e-6)
    # the tier is picked by the entry notional while the margin is checked at the liquidation price,
    # so the liquidation price steps slightly at a floor: 80,000 USD entry, 20x, 50,000 USD notional
    # tier 1: 76000 / 0.996; tier 2 (Q = 0.625 BTC): (76000 - 50 / 0.625) / 0.995
    lo = pr.liquidation_price(80_000, 20, 1, 50_000 - 1e-6)
    hi = pr.liquidation_price(80_000, 20, 1, 50_000)
    assert lo == pytest.approx(76_000 / 0.996, rel=1e-12)
    assert hi == pytest.approx(75_920 / 0.995, rel=1e-12)
    assert 0 < lo - hi < 5.0
    # and the higher tier raises a long's liquidation price further from the floor
    assert pr.liquidation_price(80_000, 20, 1, 240_000) > pr.liquidation_price(80_000, 20, 1, 40_000)


def test_errors_are_clear():
    with pytest.raises(ValueError, match="leverage above the maximum"):
        pr.liquidation_price(90_000, 125, 1, 100_000)  # tier 2 allows 100x
    with pytest.raises(ValueError, match="side"):
        pr.liquidation_price(90_000, 10, "up", 1_000)
    with pytest.raises(ValueError, match="entry"):
        pr.liquidation_price(-1, 10, 1, 1_000)
    with pytest.raises(ValueError, match="positive"):
        pr.bracket_index([0.0])
    with pytest.raises(ValueError, match="cap"):
        pr.make_brackets([0, 10], [20, 30], [10, 5], [0.01, 0.02])


def test_round_to_tick():
    assert pr.round_to_tick([90_000.04, 90_000.06]).tolist() == [90_000.0, 90_000.1]


def test_published_bracket_table():
    b = pr.BTCUSDT_BRACKETS
    assert b.floor.tolist() == [0, 50_000, 250_000, 3_000_000, 20_000_000, 40_000_000, 100_000_000, 120_000_000, 200_000_000, 300_000_000]
    assert b.cap.tolist() == b.floor.tolist()[1:] + [500_000_000]
    assert b.max_leverage.tolist() == [125, 100, 50, 20, 10, 5, 4, 3, 2, 1]
    assert b.mmr.tolist() == [0.004, 0.005, 0.01, 0.025, 0.05, 0.10, 0.125, 0.15, 0.25, 0.50]
    assert pr.BTCUSDT_TICK == 0.1


def test_bracket_table_validation_each_rule():
    ok = pr.make_brackets([0, 10], [10, 30], [10, 5], [0.01, 0.02])
    assert ok.cum.tolist() == [0.0, 10 * 0.01]
    with pytest.raises(ValueError, match="same length"):
        pr.Brackets(np.array([0.0, 10.0]), np.array([10.0, 30.0]), np.array([10.0]), np.array([0.01, 0.02]), np.array([0.0, 0.1]))
    with pytest.raises(ValueError, match="start at 0"):
        pr.make_brackets([1, 10], [10, 30], [10, 5], [0.01, 0.02])
    with pytest.raises(ValueError, match="increase"):
        pr.make_brackets([0, 10, 10], [10, 10, 30], [10, 5, 2], [0.01, 0.02, 0.03])
    with pytest.raises(ValueError, match="start at 0"):
        pr.Brackets(*(np.zeros(0) for _ in range(5)))


def test_cap_and_leverage_boundaries():
    assert pr.bracket_index([500_000_000.0]).tolist() == [9]  # the last cap itself is allowed
    with pytest.raises(ValueError, match=r"above the last bracket cap \(500,000,000 USD\)"):
        pr.bracket_index([500_000_000.5])
    assert pr.liquidation_price(90_000, 125, 1, 10_000) > 0  # tier 1 allows 125x exactly
    with pytest.raises(ValueError, match="leverage above the maximum"):
        pr.liquidation_price(90_000, 125.01, 1, 10_000)
    assert pr.liquidation_price(90_000, 200, 1, 10_000, check_leverage=False) > 0
    assert pr.liquidation_price(90_000, 1, 1, 10_000) == 0.0  # 1x is allowed and never liquidated
    with pytest.raises(ValueError, match=">= 1"):
        pr.liquidation_price(90_000, 0.99, 1, 10_000)
    with pytest.raises(ValueError, match="entry"):
        pr.liquidation_price(0.0, 10, 1, 10_000)
    with pytest.raises(ValueError, match="entry"):
        pr.liquidation_price(np.inf, 10, 1, 10_000)
    with pytest.raises(ValueError, match="side"):
        pr.liquidation_price(90_000, 10, 0, 10_000)
    # numeric sides agree with the words
    assert pr.liquidation_price(90_000, 10, -1, 10_000) == pr.liquidation_price(90_000, 10, "short", 10_000)
