"""The lockstep engine of the level nulls (flashcrash.levels.batch) against the one-level reference
(flashcrash.levels.touches.episodes): hand-built bars, random bars with ties on the thresholds, the
step cap, both first-passage oracles against brute force, the log-space comparisons of the
bootstrapped paths, and the real windows."""

import numpy as np
import pandas as pd
import pytest

from flashcrash import levels as L
from flashcrash.levels import batch as B
from flashcrash.levels import nulls as N
from tests.conftest import needs_data


def reference_counts(high, low, close, levels, tol, move, horizon):
    """The counts (touches, bounces, breaks, open) per level, one episodes() call each."""
    out = []
    for x in levels:
        s = L.episode_stats(L.episodes(high, low, close, float(x), tol, move, horizon))
        out.append((s.touches, s.bounces, s.breaks, s.open))
    return np.array(out, dtype=np.int64).T.reshape(4, len(levels))


def grid_bars(rng, n, step=0.5):
    """A random walk on a 0.5 grid around 100 (so prices land exactly on the thresholds of levels on
    the grid with tol 0.01 and move 0.05: 101, 105, 99 at level 100), with wicks on the grid."""
    close = 100 + step * np.cumsum(rng.integers(-3, 4, n))
    open_ = np.concatenate([[close[0]], close[:-1]])
    high = np.maximum(open_, close) + step * rng.integers(0, 3, n)
    low = np.minimum(open_, close) - step * rng.integers(0, 3, n)
    return high.astype(float), low.astype(float), close.astype(float)


def test_hand_built_bars_give_the_counts_of_the_reference():
    # the bars of the reference's own hand test: a bounce (touch bar 2, bounce bar 3), then a break
    high = np.array([106.0, 104.0, 102.0, 106.0, 103.0, 100.5, 100.0, 99.5, 106.0])
    low = np.array([104.0, 102.0, 100.5, 101.5, 101.5, 99.5, 98.5, 98.0, 104.0])
    close = np.array([105.0, 103.0, 101.0, 105.0, 102.0, 99.5, 98.5, 99.0, 105.0])
    got = B.level_counts(high, low, close, np.array([100.0, 100.0, 200.0, 90.0]), 0.01, 0.05, horizon=50)
    # 200 is never armed; at 90 (armed at 94.5, touch at 90.9) no low comes down that far
    assert got.T.tolist() == [[2, 1, 1, 0], [2, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert B.level_counts(high, low, close, np.array([100.0]), 0.01, 0.05, horizon=0).T.tolist() == [[1, 0, 0, 1]]  # left open
    # a close exactly at the lower edge is no break; a high exactly at the bounce mark is a bounce
    h2, l2, c2 = np.array([105.0, 101.0, 105.0]), np.array([104.0, 99.0, 101.0]), np.array([105.0, 99.0, 104.0])
    assert B.level_counts(h2, l2, c2, np.array([100.0]), 0.01, 0.05, 50).T.tolist() == [[1, 1, 0, 0]]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_bars_many_levels_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    high, low, close = grid_bars(rng, 400)
    levels = np.concatenate([np.arange(low.min() - 2, high.max() + 2, 0.5), rng.uniform(low.min(), high.max(), 40)])
    seen = np.zeros(4, dtype=np.int64)
    for horizon in (0, 1, 7, 10_000):
        want = reference_counts(high, low, close, levels, 0.01, 0.05, horizon)
        assert np.array_equal(B.level_counts(high, low, close, levels, 0.01, 0.05, horizon), want)
        # mirrored (resistance): negative levels on mirrored bars
        want_r = reference_counts(-low, -high, -close, -levels, 0.01, 0.05, horizon)
        assert np.array_equal(B.level_counts(-low, -high, -close, -levels, 0.01, 0.05, horizon), want_r)
        seen += want.sum(axis=1) + want_r.sum(axis=1)
    assert (seen[1:] > 0).all()  # bounces, breaks and open touches all occur


@pytest.mark.parametrize("seed", [5, 6])
def test_many_paths_at_one_level_equal_the_reference(seed):
    rng = np.random.default_rng(seed)
    paths = [grid_bars(rng, 300) for _ in range(30)]
    H, Lo, C = (np.stack([p[i] for p in paths]) for i in range(3))
    for level, horizon in ((100.0, 10_000), (101.5, 5), (98.0, 0)):
        a = abs(level)
        oracle = B.MaskPassages.of(H >= level + 0.05 * a, Lo <= level + 0.01 * a, C < level - 0.01 * a)
        want = np.hstack([reference_counts(H[i], Lo[i], C[i], [level], 0.01, 0.05, horizon) for i in range(len(H))])
        assert np.array_equal(B.lockstep_counts(oracle, len(H), horizon), want)


def test_the_step_cap_is_the_reference_cap():
    c = np.concatenate([[110.0], np.linspace(110, 100.2, 11)[1:], np.linspace(100.2, 103, 11)[1:], np.linspace(103, 95, 11)[1:]])
    o = np.concatenate([[c[0]], c[:-1]])
    hi, lo = np.maximum(o, c), np.minimum(o, c)
    lv = np.array([100.0, 1000.0])  # one bounce then a break at 100 (2 episodes); 1000 is never armed
    assert B.level_counts(hi, lo, c, lv, 0.005, 0.015, 10_000, max_steps=2).T.tolist() == [[2, 1, 1, 0], [0, 0, 0, 0]]
    with pytest.raises(RuntimeError, match="max_steps=1"):
        B.level_counts(hi, lo, c, lv, 0.005, 0.015, 10_000, max_steps=1)
    with pytest.raises(RuntimeError, match="max_steps=1"):
        L.episodes(hi, lo, c, 100.0, 0.005, 0.015, 10_000, max_steps=1)
    assert B.level_counts(hi, lo, c, lv[1:], 0.005, 0.015, 10_000, max_steps=0).tolist() == [[0], [0], [0], [0]]  # never armed: no step needed


def test_level_oracle_answers_first_passages_like_brute_force():
    rng = np.random.default_rng(8)
    high, low, close = grid_bars(rng, 77)
    low[5] = np.nan  # a missing value never satisfies a condition
    levels = rng.choice(np.arange(90, 110, 0.5), 25)
    o = B.LevelPassages(high, low, close, levels, 0.01, 0.05)
    rows, p = np.repeat(np.arange(25), 78), np.tile(np.arange(78), 25)
    a = np.abs(levels)
    conds = {
        B.ARM: high[None, :] >= (levels + 0.05 * a)[:, None],
        B.TOUCH: low[None, :] <= (levels + 0.01 * a)[:, None],
        B.BREAK: close[None, :] < (levels - 0.01 * a)[:, None],
    }
    for cond, m in conds.items():
        want = [next((q for q in range(pi, 77) if m[r, q]), 77) for r, pi in zip(rows, p, strict=True)]
        assert o.first(cond, rows, p).tolist() == want
        assert B.MaskPassages.of(*conds.values()).first(cond, rows, p).tolist() == want


def test_min_table_blocks_by_hand():
    t = B.min_table(np.array([[3.0, 1.0, 4.0, 1.5, np.nan]]))
    assert t.shape == (1, 3, 6)
    assert t[0, 0].tolist() == [3.0, 1.0, 4.0, 1.5, np.inf, -np.inf]
    assert t[0, 1].tolist() == [1.0, 1.0, 1.5, 1.5, -np.inf, -np.inf]
    assert t[0, 2].tolist() == [1.0, 1.0, -np.inf, -np.inf, -np.inf, -np.inf]
    assert B.rates(np.array([[4, 1, 2], [3, 0, 0], [1, 0, 2], [0, 1, 0]])).tolist()[::2] == [0.75, 0.0] and np.isnan(B.rates(np.array([[1], [0], [0], [1]]))[0])


def test_exp_compare_decides_as_exp_does_at_and_near_the_threshold():
    v = np.log(87_000.0)
    ulps = np.cumsum(np.full(40, np.spacing(v)))
    x = np.concatenate([v - ulps[::-1], [v], v + ulps, v + np.array([-1e-3, -2e-9, -5e-10, 5e-10, 2e-9, 1e-3, np.nan])])
    e = np.exp(x)
    for u in (87_000.0, float(np.exp(v)), float(np.exp(v + ulps[3]))):  # between two exps, and exactly one of them
        assert (e < u).sum() >= 30 and (e > u).sum() >= 30
        for op, f in (("ge", np.greater_equal), ("gt", np.greater), ("le", np.less_equal), ("lt", np.less)):
            assert N.exp_compare(x, op, u).tolist() == f(e, u).tolist()
            assert N.exp_compare(x, op, -u).tolist() == f(e, -u).tolist()  # a threshold below 0
    assert (e == float(np.exp(v))).sum() >= 1


def random_bars(seed, n=500):
    rng = np.random.default_rng(seed)
    c = 100 * np.exp(np.cumsum(rng.normal(0, 0.004, n)))
    o = np.concatenate([[c[0]], c[:-1]])
    idx = pd.date_range("2025-12-01", periods=n, freq="15min", tz="UTC")
    return pd.DataFrame({"open": o, "high": np.maximum(o, c) * 1.002, "low": np.minimum(o, c) * 0.998, "close": c}, index=idx)


def test_bootstrap_nulls_equal_the_reference_on_the_same_paths():
    b = random_bars(9)
    H, Lo, C = L.bootstrap_paths(b, n=40, seed=3)
    level = float(b["close"].median())
    for side in ("support", "resistance"):
        Hs, Ls, Cs, sgn = (H, Lo, C, 1.0) if side == "support" else (-Lo, -H, -C, -1.0)
        want = np.hstack([reference_counts(Hs[i], Ls[i], Cs[i], [sgn * level], L.TOL, L.MOVE, 96) for i in range(40)])
        fast = N.bootstrap_nulls(b, [(level, side)], n=40, seed=3)[0]
        given = L.bootstrap_null(b, level, side, n=40, seed=3, paths=(H, Lo, C))
        assert np.array_equal(fast.null_touches, want[0]) and np.array_equal(given.null_touches, want[0])
        assert np.array_equal(fast.null_rates, B.rates(want), equal_nan=True) and np.array_equal(given.null_rates, fast.null_rates, equal_nan=True)
        assert fast.p_value == given.p_value and fast.observed == given.observed
    assert (want[0] > 0).sum() >= 10  # the level is touched on many paths


def test_log_paths_in_chunks_are_the_paths(monkeypatch):
    b = random_bars(10, n=300)
    whole = L.bootstrap_paths(b, n=25, seed=4)
    monkeypatch.setattr(N, "CHUNK_VALUES", 7 * 300)  # chunks of 7 paths
    parts = list(N._log_paths(b, 25, N.BLOCK_BARS, 4))
    assert [r0 for r0, *_ in parts] == [0, 7, 14, 21]
    for i, arr in enumerate(whole):
        assert np.array_equal(np.exp(np.concatenate([p[i + 1] for p in parts])), arr)


@pytest.fixture(scope="module")
def windows():
    i = L.load_inputs()
    return L.level_windows(i.perp_5m, i.perp_15m, i.perp_1h, i.day, i.low_time)


@pytest.mark.data
@needs_data
@pytest.mark.parametrize("test,freq", [("87k support before", "15min"), ("87k resistance after", "5min"), ("84k support after", "1h")])
def test_real_windows_random_levels_equal_the_reference(windows, test, freq):
    side = "resistance" if "resistance" in test else "support"
    bars = windows.bars(test, freq)
    h, lo, c, sgn = L.side_arrays(bars, side)
    levels = sgn * L.random_levels(bars, 150)
    hz = L.horizon_bars(bars, "1D")
    want = reference_counts(h, lo, c, levels, L.TOL, L.MOVE, hz)
    assert np.array_equal(B.level_counts(h, lo, c, levels, L.TOL, L.MOVE, hz), want)
    assert want[3].sum() >= 1 and want[2].sum() >= 10  # open and broken touches occur


@pytest.mark.data
@needs_data
def test_real_window_bootstrap_equals_the_reference(windows):
    bars = windows.bars("87k support before", "1h")
    H, Lo, C = L.bootstrap_paths(bars, n=60)
    for level, side in ((87_000.0, "support"), (87_000.0, "resistance")):
        Hs, Ls, Cs, sgn = (H, Lo, C, 1.0) if side == "support" else (-Lo, -H, -C, -1.0)
        want = np.hstack([reference_counts(Hs[i], Ls[i], Cs[i], [sgn * level], L.TOL, L.MOVE, 24) for i in range(60)])
        got = N.bootstrap_nulls(bars, [(level, side)], n=60)[0]
        assert np.array_equal(got.null_touches, want[0]) and np.array_equal(got.null_rates, B.rates(want), equal_nan=True)
