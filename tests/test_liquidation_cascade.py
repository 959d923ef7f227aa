"""Cascade engine: invariants, the reference oracle, inversion round trip, errors."""

import numpy as np
import pytest

from flashcrash.liquidation import cascade as cs
from flashcrash.liquidation.bench import random_book


def small_book(n=600, seed=0):
    lp, no, sd = random_book(n, 90_000.0, seed)
    return lp, no, sd


def path(nb=40, seed=0, start=90_000.0, vol=0.006):
    rng = np.random.default_rng(seed)
    mid = start * np.exp(np.cumsum(rng.normal(-0.002, vol, nb)))
    return mid * 0.997, mid * 1.003


IMPACT = cs.Impact(y=1.0, sigma=0.03, volume=5e7)
FIELDS = ("long_usd", "short_usd", "long_count", "short_count", "impact_long", "impact_short", "low", "high", "multiplier")


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("impact", [cs.Impact(y=0.0), IMPACT])
def test_vectorised_equals_reference_exactly(seed, impact):
    lp, no, sd = small_book(seed=seed)
    lo, hi = path(seed=seed)
    a = cs.run(lp, no, sd, lo, hi, impact, positions=True)
    b = cs.run_reference(lp, no, sd, lo, hi, impact)
    for f in FIELDS:
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert np.array_equal(a.position_bar, b.position_bar)


def test_reference_agrees_with_counts_and_fractional_notionals():
    lp, no, sd = small_book(300, seed=5)
    no = no * 1.37
    cnt = np.linspace(1, 3, len(lp))
    lo, hi = path(seed=5)
    a = cs.run(lp, no, sd, lo, hi, IMPACT, count=cnt)
    b = cs.run_reference(lp, no, sd, lo, hi, IMPACT, count=cnt)
    for f in FIELDS:
        assert np.allclose(getattr(a, f), getattr(b, f), rtol=1e-12, atol=1e-6), f


def test_hand_computed_cascade_fixed_point():
    # one bar, three longs with LP 99, 97, 95 (USD), 100 USD each; exogenous low 98.5
    # impact = sqrt(S / 10000): S=100 -> 0.1 -> p = 88.65, crossing all three: S=300 -> 0.1732...
    lp = np.array([99.0, 97.0, 95.0])
    no = np.array([100.0, 100.0, 100.0])
    sd = np.array([1, 1, 1])
    imp = cs.Impact(y=1.0, sigma=1.0, volume=10_000.0)
    r = cs.run(lp, no, sd, [98.5], [100.0], imp, tick=1.0)
    assert r.long_usd[0] == 300.0 and r.long_count[0] == 3
    assert r.impact_long[0] == pytest.approx(np.sqrt(0.03))
    assert r.low[0] == pytest.approx(98.5 * (1 - np.sqrt(0.03)))
    # without impact only the first is crossed
    r0 = cs.run(lp, no, sd, [98.5], [100.0], cs.Impact(y=0.0), tick=1.0)
    assert r0.long_usd[0] == 100.0 and r0.low[0] == 98.5


def test_notional_conserved_and_no_double_liquidation():
    lp, no, sd = small_book(2000, seed=3)
    lo, hi = path(80, seed=3)
    r = cs.run(lp, no, sd, lo, hi, IMPACT, positions=True)
    liq = r.position_bar >= 0
    assert r.liquidated_usd == pytest.approx(no[liq].sum())
    assert r.liquidated_usd + no[~liq].sum() == pytest.approx(no.sum())
    # per-bar totals equal the positions assigned to that bar: each position counted once
    per_bar = np.bincount(r.position_bar[liq], weights=no[liq], minlength=len(lo))
    assert np.allclose(per_bar, r.long_usd + r.short_usd)
    assert (r.long_count + r.short_count).sum() == liq.sum()
    # running the same path twice: nothing is liquidated again in the repeat
    r2 = cs.run(lp, no, sd, np.concatenate([lo, lo]), np.concatenate([hi, hi]), cs.Impact(y=0.0))
    assert r2.long_usd[len(lo) :].sum() + r2.short_usd[len(lo) :].sum() == 0.0


def test_zero_impact_means_no_amplification():
    lp, no, sd = small_book(seed=4)
    lo, hi = path(seed=4)
    r = cs.run(lp, no, sd, lo, hi, cs.Impact(y=0.0))
    assert np.array_equal(r.low, lo) and np.array_equal(r.high, hi)
    assert (r.impact_long == 0).all() and (r.multiplier == 1).all()


def test_impact_amplifies_and_more_leverage_liquidates_more():
    from flashcrash.liquidation.prices import liquidation_price

    rng = np.random.default_rng(7)
    n = 3000
    entry = 90_000 * (1 + rng.uniform(-0.05, 0.05, n))
    side = np.where(rng.random(n) < 0.6, 1, -1)
    no = np.rint(rng.uniform(1_000, 20_000, n))
    lo, hi = path(60, seed=7)
    prev = -1.0
    for lev in (2.0, 5.0, 10.0, 20.0, 50.0):
        lp = liquidation_price(entry, np.full(n, lev), side, no)
        for imp in (cs.Impact(y=0.0), IMPACT):
            r = cs.run(lp, no, side, lo, hi, imp)
            if imp.y == 0.0:
                assert r.liquidated_usd >= prev
                prev = r.liquidated_usd
            else:
                assert r.low.min() <= lo.min() * (1 + 1e-12)
    assert prev > 0


def test_inversion_round_trip():
    lp, no, sd = small_book(1500, seed=9)
    lo, hi = path(50, seed=9)
    book = cs.prepare(lp, no, sd)
    imp = cs.Impact(y=0.5, sigma=0.03, volume=5e8)
    exo = cs.implied_exogenous(book, lo, hi, imp)
    fwd = cs.simulate(book, exo.low, exo.high, imp)
    assert np.allclose(fwd.low, lo, rtol=1e-3)
    assert (exo.low >= lo * (1 - 1e-12)).all()  # removing forced selling can only raise the lows
    assert np.allclose(fwd.long_usd.sum(), exo.long_usd.sum(), rtol=0.05)


def test_sparse_ticks_use_the_unique_path():
    lp = np.array([1.0, 5.0e8, 90_000.0, 80_000.0])
    no = np.array([10.0, 20.0, 30.0, 40.0])
    sd = np.array([1, -1, 1, -1])
    a = cs.run(lp, no, sd, [85_000.0], [95_000.0], positions=True)
    b = cs.run_reference(lp, no, sd, [85_000.0], [95_000.0])
    assert a.long_usd[0] == 30.0 and a.short_usd[0] == 40.0
    assert np.array_equal(a.position_bar, b.position_bar)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="same length"):
        cs.run([1.0], [1.0, 2.0], [1], [1.0], [1.0])
    with pytest.raises(ValueError, match="side"):
        cs.run([1.0], [1.0], [0], [1.0], [1.0])
    with pytest.raises(ValueError, match="low <= high"):
        cs.run([1.0], [1.0], [1], [2.0], [1.0])
    with pytest.raises(ValueError, match="notionals"):
        cs.run([1.0], [-1.0], [1], [1.0], [1.0])


@pytest.mark.parametrize("impact", [cs.Impact(y=0.0), IMPACT])
def test_dense_grid_and_unique_bins_give_identical_results(monkeypatch, impact):
    # the grid is sized to the data: the same book binned densely (one bin per tick) and sparsely
    # (np.unique) must liquidate exactly the same notionals in the same bars
    lp, no, sd = small_book(3000, seed=11)
    lo, hi = path(60, seed=11)
    monkeypatch.setattr(cs, "DENSE_BINS_PER_POSITION", 10**9)
    dense_book = cs.prepare(lp, no, sd)
    dense = cs.simulate(dense_book, lo, hi, impact, positions=True)
    monkeypatch.setattr(cs, "DENSE_BINS_PER_POSITION", 0)
    sparse_book = cs.prepare(lp, no, sd)
    sparse = cs.simulate(sparse_book, lo, hi, impact, positions=True)
    assert len(sparse_book.longs.key_price) < len(dense_book.longs.key_price)  # both paths really ran
    for f in FIELDS:
        assert np.array_equal(getattr(dense, f), getattr(sparse, f)), f
    assert np.array_equal(dense.position_bar, sparse.position_bar)
    assert dense.liquidated_usd > 0


@pytest.mark.parametrize("dense", [10**9, 0])
def test_reweigh_is_prepare_with_other_weights(monkeypatch, dense):
    # the same positions at other notionals (and counts): bit for bit what binning them again gives,
    # on the dense grid and on the unique bins
    monkeypatch.setattr(cs, "DENSE_BINS_PER_POSITION", dense)
    lp, no, sd = small_book(500, seed=3)
    other = no * np.where(sd > 0, 3.7, 0.25)
    count = other / 5_000.0
    again, fresh = cs.reweigh(cs.prepare(lp, no, sd), other, count), cs.prepare(lp, other, sd, count)
    for a, b in ((again.longs, fresh.longs), (again.shorts, fresh.shorts)):
        assert np.array_equal(a.cum_usd, b.cum_usd) and np.array_equal(a.cum_count, b.cum_count) and np.array_equal(a.key_price, b.key_price)
    assert again.initial_usd == fresh.initial_usd and again.longs.cum_usd[-1] != cs.prepare(lp, no, sd).longs.cum_usd[-1]
    no_count = cs.reweigh(cs.prepare(lp, no, sd, count), other)  # no count: one trader per position, as prepare
    assert np.array_equal(no_count.shorts.cum_count, cs.prepare(lp, other, sd).shorts.cum_count)
    with pytest.raises(ValueError, match="one value per position"):
        cs.reweigh(fresh, other[:-1])
    with pytest.raises(ValueError, match="finite and >= 0"):
        cs.reweigh(fresh, -other)


def test_grid_is_sized_to_the_positions():
    # 1,000 longs spread over $60k (600,001 ticks): one bin per distinct price, no dense grid of ticks
    spread = np.linspace(40_000.0, 100_000.0, 1000)
    b = cs.prepare(spread, np.ones(1000), np.ones(1000, dtype=int))
    assert len(b.longs.key_price) == 1000
    # 1,000 longs three ticks apart (2,998 ticks <= 4 per position): the dense grid, empty bins included
    packed = 90_000.0 + 0.3 * np.arange(1000)
    b = cs.prepare(packed, np.ones(1000), np.ones(1000, dtype=int))
    assert len(b.longs.key_price) == 2998 and b.longs.cum_usd[-1] == 1000.0


@pytest.mark.parametrize("engine", [cs.run, cs.run_reference])
def test_fixed_point_cap_raises_a_clear_error(monkeypatch, engine):
    # the hand-computed cascade above needs two steps: a cap of 2 lets it settle, a cap of 1 raises
    args = (np.array([99.0, 97.0, 95.0]), np.full(3, 100.0), np.ones(3, dtype=int), [98.5], [100.0], cs.Impact(y=1.0, sigma=1.0, volume=10_000.0))
    monkeypatch.setattr(cs, "MAX_FIXED_POINT_STEPS", 2)
    assert engine(*args, tick=1.0).long_usd[0] == 300.0
    monkeypatch.setattr(cs, "MAX_FIXED_POINT_STEPS", 1)
    with pytest.raises(cs.FixedPointError, match="MAX_FIXED_POINT_STEPS=1"):
        engine(*args, tick=1.0)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("impact", [cs.Impact(y=0.0), IMPACT])
def test_plain_python_engine_is_the_same_algorithm_with_identical_results(seed, impact):
    # the benchmarks' reference: same binning, prefix sums and fixed point, in lists and dicts
    lp, no, sd = small_book(2000, seed=seed)
    lo, hi = path(60, seed=seed)
    cnt = np.linspace(1, 2, len(lp))
    a = cs.run(lp, no, sd, lo, hi, impact, count=cnt)
    b = cs.run_plain(lp, no, sd, lo, hi, impact, count=cnt)
    for f in FIELDS:
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert a.initial_usd == b.initial_usd and a.liquidated_usd > 0


def test_plain_python_engine_hand_computed_and_capped(monkeypatch):
    args = (np.array([99.0, 97.0, 95.0]), np.full(3, 100.0), np.ones(3, dtype=int), [98.5], [100.0], cs.Impact(y=1.0, sigma=1.0, volume=10_000.0))
    r = cs.run_plain(*args, tick=1.0)
    assert r.long_usd[0] == 300.0 and r.impact_long[0] == pytest.approx(np.sqrt(0.03))
    monkeypatch.setattr(cs, "MAX_FIXED_POINT_STEPS", 1)
    with pytest.raises(cs.FixedPointError, match="MAX_FIXED_POINT_STEPS=1"):
        cs.run_plain(*args, tick=1.0)


def _exogenous_bar_by_bar(book, low, high, impact):
    """The inversion written bar by bar (the definition): the oracle of the vectorised one."""
    nb = len(low)
    out = {k: np.zeros(nb) for k in ("low", "high", "long_usd", "short_usd", "impact_long", "impact_short", "multiplier")}
    L, S = book.longs, book.shorts
    jl = js = 0
    m = 1.0
    for t in range(nb):
        j = max(jl, int(np.searchsorted(L.key_price, -float(low[t]), side="right")))
        s_l = float(L.cum_usd[j] - L.cum_usd[jl])
        e = cs._impact(impact.y, impact.sigma, s_l, impact.volume, impact.cap)
        jl = j
        j = max(js, int(np.searchsorted(S.key_price, float(high[t]), side="right")))
        s_s = float(S.cum_usd[j] - S.cum_usd[js])
        e_s = cs._impact(impact.y, impact.sigma, s_s, impact.volume, impact.cap)
        js = j
        out["low"][t] = float(low[t]) / (1.0 - e) / m
        out["high"][t] = float(high[t]) / (1.0 + e_s) / m
        out["long_usd"][t], out["short_usd"][t] = s_l, s_s
        out["impact_long"][t], out["impact_short"][t] = e, e_s
        m = m * (1.0 - e) * (1.0 + e_s)
        out["multiplier"][t] = m
    return out


@pytest.mark.parametrize("seed", [0, 3, 9])
def test_vectorised_inversion_equals_the_bar_by_bar_definition_exactly(seed):
    lp, no, sd = small_book(3000, seed=seed)
    no = no * 1.37  # fractional notionals: sums are not exact, so the order of operations matters
    lo, hi = path(80, seed=seed)
    book = cs.prepare(lp, no, sd)
    imp = cs.Impact(y=0.7, sigma=0.03, volume=3e8)
    got = cs.implied_exogenous(book, lo, hi, imp)
    want = _exogenous_bar_by_bar(book, lo, hi, imp)
    for k, v in want.items():
        assert np.array_equal(getattr(got, k), v), k
    assert got.long_usd.sum() > 0 and got.multiplier[-1] < 1.0


# --------------------------------------------------------------------------- hand-computed edges of the engine
ONE = cs.Impact(y=1.0, sigma=1.0, volume=10_000.0)


def test_default_impact_law_and_its_cap():
    # defaults: Y = 1, daily sigma 3 %, daily volume 1.5e10 USD; 1.5e8 USD sold moves the price 0.03 * sqrt(0.01)
    r = cs.run([99.0], [1.5e8], [1], [98.0], [100.0], cs.Impact(), tick=1.0)
    assert r.impact_long[0] == pytest.approx(0.003) and r.low[0] == pytest.approx(98.0 * 0.997)
    # a sale far beyond the depth is capped at half the price
    big = cs.run([99.0], [1e12], [1], [98.0], [100.0], ONE, tick=1.0)
    assert cs.IMPACT_CAP == 0.5 and big.impact_long[0] == 0.5 and big.low[0] == 49.0
    # no volume at all: the cap; nothing sold or Y = 0: no impact
    assert cs.run([99.0], [1.0], [1], [98.0], [100.0], cs.Impact(y=1.0, sigma=1.0, volume=0.0), tick=1.0).impact_long[0] == 0.5
    assert cs.run([99.0], [0.0], [1], [98.0], [100.0], ONE, tick=1.0).impact_long[0] == 0.0


def test_short_squeeze_by_hand_and_permanent_impact():
    # bar 1: a short at 101 (100 USD) is crossed by the high 101.5: forced buying, impact 10 %
    # bar 2: nothing left; its exogenous extremes are scaled by the permanent impact 1.1
    r = cs.run([101.0], [100.0], [-1], [99.0, 99.0], [101.5, 101.5], ONE, tick=1.0)
    assert r.short_usd.tolist() == [100.0, 0.0] and r.impact_short[0] == pytest.approx(0.1)
    assert r.high[0] == pytest.approx(101.5 * 1.1) and r.high[1] == pytest.approx(101.5 * 1.1)
    assert r.low[1] == pytest.approx(99.0 * 1.1) and r.multiplier.tolist() == pytest.approx([1.1, 1.1])
    flat = cs.run([101.0], [100.0], [-1], [99.0, 99.0], [101.5, 101.5], ONE, tick=1.0, carry=False)
    assert flat.multiplier.tolist() == [1.0, 1.0] and flat.high[1] == 101.5


def test_long_impact_carries_to_the_next_bar():
    r = cs.run([99.0], [100.0], [1], [98.5, 98.5], [100.0, 100.0], ONE, tick=1.0)
    assert r.multiplier.tolist() == pytest.approx([0.9, 0.9])
    assert r.low.tolist() == pytest.approx([98.5 * 0.9, 98.5 * 0.9]) and r.high[1] == pytest.approx(90.0)


def test_equal_prices_and_boundaries_of_the_inputs():
    # a long whose liquidation price equals the low is liquidated; one a tick below is not
    r = cs.run([98.0, 97.0], [1.0, 2.0], [1, 1], [98.0], [100.0], tick=1.0)
    assert r.long_usd[0] == 1.0
    # shorts: equal to the high is liquidated
    assert cs.run([100.0, 101.0], [1.0, 2.0], [-1, -1], [98.0], [100.0], tick=1.0).short_usd[0] == 1.0
    # a 1x long has liquidation price 0 and zero notionals are allowed; a bar with low == high is allowed
    z = cs.run([0.0, 50.0], [5.0, 0.0], [1, 1], [60.0], [60.0], tick=1.0)
    assert z.long_usd[0] == 0.0 and z.low[0] == 60.0
    with pytest.raises(ValueError, match="liquidation prices"):
        cs.run([-0.1], [1.0], [1], [1.0], [1.0])
    with pytest.raises(ValueError, match="liquidation prices"):
        cs.run([np.nan], [1.0], [1], [1.0], [1.0])
    with pytest.raises(ValueError, match="same length"):
        cs.run([1.0, 2.0], [1.0, 2.0], [1, 1], [1.0], [1.0], count=[1.0])
    with pytest.raises(ValueError, match="low <= high"):
        cs.run([1.0], [1.0], [1], [0.0], [1.0])
    with pytest.raises(ValueError, match="low <= high"):
        cs.run([1.0], [1.0], [1], [np.inf], [np.inf])
    with pytest.raises(ValueError, match="one value per bar"):
        cs.run([1.0], [1.0], [1], [1.0, 2.0], [3.0])
    with pytest.raises(ValueError, match="sigma"):
        cs.run([1.0], [1.0], [1], [1.0], [2.0], cs.Impact(y=1.0, sigma=-0.1))
    with pytest.raises(ValueError, match="volume"):
        cs.run([1.0], [1.0], [1], [1.0], [2.0], cs.Impact(y=1.0, volume=np.nan))


def test_implied_exogenous_by_hand():
    # bar 1: observed low 90 crossed a long at 95 (25 USD): impact 5 %, exogenous low 90 / 0.95
    # bar 2: observed low 80 crosses a long at 85 (100 USD): impact 10 %, exogenous 80 / 0.9 / 0.95
    book = cs.prepare([95.0, 85.0], [25.0, 100.0], [1, 1], tick=1.0)
    exo = cs.implied_exogenous(book, [90.0, 80.0], [100.0, 100.0], ONE)
    assert exo.long_usd.tolist() == [25.0, 100.0]
    assert exo.impact_long.tolist() == pytest.approx([0.05, 0.1])
    assert exo.low.tolist() == pytest.approx([90.0 / 0.95, 80.0 / 0.9 / 0.95])
    assert exo.high.tolist() == pytest.approx([100.0, 100.0 / 0.95])
    assert exo.multiplier.tolist() == pytest.approx([0.95, 0.95 * 0.9])
    flat = cs.implied_exogenous(book, [90.0, 80.0], [100.0, 100.0], ONE, carry=False)
    assert flat.low[1] == pytest.approx(80.0 / 0.9) and flat.multiplier.tolist() == [1.0, 1.0]
    # forward, bar 1 comes back; in bar 2 the exogenous low times the permanent impact, 80 / 0.9,
    # no longer reaches the long at 85: the cascade stops at that earlier fixed point
    fwd = cs.simulate(book, exo.low, exo.high, ONE)
    assert fwd.low.tolist() == pytest.approx([90.0, 80.0 / 0.9])


def test_counts_and_position_bars():
    r = cs.run([99.0, 97.0, 101.0], [10.0, 20.0, 30.0], [1, 1, -1], [98.0, 96.0], [100.0, 102.0], count=[2.0, 3.0, 4.0], tick=1.0, positions=True)
    assert r.long_count.tolist() == [2.0, 3.0] and r.short_count.tolist() == [0.0, 4.0]
    assert r.position_bar.tolist() == [0, 1, 1] and r.initial_usd == 60.0 and r.liquidated_usd == 60.0
