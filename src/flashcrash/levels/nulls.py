"""Two nulls for the bounce rate at a level: random levels of the same path, and the same level on
block-bootstrapped paths with the same bar-return distribution and volatility."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc
from flashcrash.levels.batch import MaskPassages, level_counts, lockstep_counts, rates
from flashcrash.levels.touches import MOVE, TOL, TouchStats, episode_stats, episodes, horizon_bars, side_arrays

SEED = 20251201
N_LEVELS = 1000  # random levels of the random-level null
N_PATHS = 300  # block-bootstrapped paths of the path null
BLOCK_BARS = 12  # bars per bootstrap block
CHUNK_VALUES = 1 << 16  # values per array when the bootstrapped paths are built a chunk of paths at a time (small enough to stay in cache)
LOG_GUARD = 1e-9  # log units: nearer than this to log(threshold), a path value is compared after np.exp


@dataclass(frozen=True)
class NullResult:
    """Observed bounce rate at a level against a null distribution of the same statistic.

    ``p_value`` = (1 + #null rates >= observed) / (1 + #null draws with a decided touch): the
    chance, under the null, of a level doing at least as well. ``null_rates`` holds the draws."""

    observed: TouchStats
    null_rates: np.ndarray
    null_touches: np.ndarray
    p_value: float
    kind: str

    @property
    def null_mean(self) -> float:
        r = self.null_rates[~np.isnan(self.null_rates)]
        return float(r.mean()) if len(r) else float("nan")

    @property
    def n_valid(self) -> int:
        return int((~np.isnan(self.null_rates)).sum())


def p_value(observed: float, null: np.ndarray) -> float:
    """(1 + #draws of ``null`` at least ``observed``) / (1 + #draws), NaN draws left out; a draw
    within 1e-12 below the observed rate counts as a tie. NaN when ``observed`` is NaN."""
    v = null[~np.isnan(null)]
    if math.isnan(observed):
        return float("nan")
    return float((1 + (v >= observed - 1e-12).sum()) / (1 + len(v)))


def random_levels(bars: pd.DataFrame, n: int = N_LEVELS, seed: int = SEED) -> np.ndarray:
    """``n`` levels (USD) drawn uniformly (fixed ``seed``) over the range ``bars`` traded in."""
    rng = np.random.default_rng(seed)
    return rng.uniform(float(bars["low"].min()), float(bars["high"].max()), n)


def _observed(bars: pd.DataFrame, level: float, side: str, tol: float, move: float, hz: int) -> TouchStats:
    """The counts at ``level`` (USD) on the real bars, by the one-level reference :func:`~flashcrash.levels.touches.episodes`."""
    h, lo, c, sgn = side_arrays(bars, side)
    return episode_stats(episodes(h, lo, c, sgn * level, tol, move, hz))


def _result(observed: TouchStats, counts: np.ndarray, kind: str) -> NullResult:
    """A :class:`NullResult` from the observed counts and the null draws' :data:`~flashcrash.levels.batch.COUNTS`."""
    r = rates(counts)
    return NullResult(observed, r, counts[0], p_value(observed.rate, r), kind)


def random_level_null(
    bars: pd.DataFrame, level: float, side: str = "support", n: int = N_LEVELS, tol: float = TOL, move: float = MOVE, horizon: str = "1D", seed: int = SEED
) -> NullResult:
    """Bounce rate at ``level`` against the rate at ``n`` levels drawn uniformly (fixed ``seed``)
    over the range the same bars traded in. Levels never touched, or with no decided touch, carry
    no rate (NaN) and do not enter the p-value. The draws are counted all at once
    (:func:`~flashcrash.levels.batch.level_counts`, the same counts as one :func:`~flashcrash.levels.touches.episodes` per level)."""
    require_utc(bars.index, "bars index")
    h, lo, c, sgn = side_arrays(bars, side)
    hz = horizon_bars(bars, horizon)
    counts = level_counts(h, lo, c, sgn * random_levels(bars, n, seed), tol, move, hz)
    return _result(_observed(bars, level, side, tol, move, hz), counts, "random levels")


def _log_paths(bars: pd.DataFrame, n: int, block: int, seed: int) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """The paths of :func:`bootstrap_paths` in log space (log USD), a chunk of paths at a time (about
    :data:`CHUNK_VALUES` values per array): (first path of the chunk, log high, log low, log close),
    each of shape (paths in the chunk, len(bars)). The blocks are drawn for all ``n`` paths at once,
    so the chunks do not change the paths."""
    o = bars["open"].to_numpy(float)
    c = bars["close"].to_numpy(float)
    prev_c = np.concatenate([[o[0]], c[:-1]])
    g = np.log(o / prev_c)  # open gap
    rh, rl, rc = (np.log(bars[x].to_numpy(float) / o) for x in ("high", "low", "close"))
    step = g + rc  # log close-to-close of each bar
    T = len(o)
    nb = -(-T // block)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, T - block + 1, size=(n, nb))
    log_o0 = np.log(o[0])
    per = max(1, CHUNK_VALUES // T)
    for r0 in range(0, n, per):
        idx = (starts[r0 : r0 + per, :, None] + np.arange(block)).reshape(-1, nb * block)[:, :T]
        log_close = log_o0 + np.cumsum(step[idx], axis=1)
        log_open = log_close - rc[idx]
        yield r0, log_open + rh[idx], log_open + rl[idx], log_close


def bootstrap_paths(bars: pd.DataFrame, n: int = N_PATHS, block: int = BLOCK_BARS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` synthetic OHLC paths as long as ``bars`` (moving-block bootstrap of whole bars, blocks of
    ``block`` bars, fixed ``seed``): each bar keeps its log open-gap, high, low and close relative to
    its open, so the paths have the data's bar-return distribution, volatility and intrabar ranges,
    with the level structure scrambled. All start at the first open. Returns (high, low, close), each
    of shape (n, len(bars)), USD."""
    parts = list(_log_paths(bars, n, block, seed))
    return tuple(np.exp(np.concatenate([p[i] for p in parts])) for i in (1, 2, 3))  # type: ignore[return-value]


_COMPARE = {"ge": np.greater_equal, "gt": np.greater, "le": np.less_equal, "lt": np.less}


def exp_compare(x: np.ndarray, op: str, u: float, guard: float = LOG_GUARD) -> np.ndarray:
    """``np.exp(x) <op> u`` (``op`` one of "ge", "gt", "le", "lt"; ``u`` USD), decided in log space
    where ``x`` is more than ``guard`` (log units) from ``log(u)`` and with ``np.exp`` on the few values
    nearer, so the answer is the one ``np.exp`` gives without computing it over the whole array."""
    if not u > 0:  # exp(x) > 0 >= u
        return _COMPARE[op](np.exp(x), u)
    v = math.log(u)
    if op in ("ge", "gt"):
        sure, maybe = x > v + guard, x >= v - guard
    else:
        sure, maybe = x < v - guard, x <= v + guard
    near = maybe ^ sure  # sure implies maybe
    if near.any():
        sure[near] = _COMPARE[op](np.exp(x[near]), u)
    return sure


def _path_conditions(level: float, side: str, tol: float, move: float) -> tuple[tuple[int, str, float], ...]:
    """ARM, TOUCH and BREAK at ``level`` (USD) on a path as (log series: 0 high, 1 low, 2 close;
    comparison; threshold in USD): the condition is ``exp(series) <comparison> threshold``. The
    thresholds are those :func:`~flashcrash.levels.touches.episodes` uses on the (mirrored, for
    resistance) path; mirroring only flips the comparisons."""
    lev = (1.0 if side == "support" else -1.0) * level
    a = abs(lev)
    arm, touch, brk = lev + move * a, lev + tol * a, lev - tol * a
    if side == "support":
        return ((0, "ge", arm), (1, "le", touch), (2, "lt", brk))
    return ((1, "le", -arm), (0, "ge", -touch), (2, "gt", -brk))


def bootstrap_nulls(
    bars: pd.DataFrame,
    tests: Sequence[tuple[float, str]],
    n: int = N_PATHS,
    block: int = BLOCK_BARS,
    tol: float = TOL,
    move: float = MOVE,
    horizon: str = "1D",
    seed: int = SEED,
) -> list[NullResult]:
    """:func:`bootstrap_null` for each (level in USD, side) of ``tests`` on the same ``n`` paths of
    ``bars``, built once, a chunk at a time, in log space (the conditions by :func:`exp_compare`);
    only the runs of bars where each condition holds are kept (:class:`~flashcrash.levels.batch.MaskPassages`)."""
    require_utc(bars.index, "bars index")
    T, hz = len(bars), horizon_bars(bars, horizon)
    conds = [_path_conditions(level, side, tol, move) for level, side in tests]
    keys: list[tuple[list[np.ndarray], list[np.ndarray]]] = [([], []) for _ in tests]
    for r0, *series in _log_paths(bars, n, block, seed):
        for cs, (st, en) in zip(conds, keys, strict=True):
            for c, (s, op, u) in enumerate(cs):
                a, b = MaskPassages.runs(exp_compare(series[s], op, u), (c * n + r0) * (T + 1))
                st.append(a)
                en.append(b)
    out = []
    for (level, side), (st, en) in zip(tests, keys, strict=True):
        counts = lockstep_counts(MaskPassages(T, n, np.concatenate(st), np.concatenate(en)), n, hz)
        out.append(_result(_observed(bars, level, side, tol, move, hz), counts, "bootstrapped paths"))
    return out


def bootstrap_null(
    bars: pd.DataFrame,
    level: float,
    side: str = "support",
    n: int = N_PATHS,
    block: int = BLOCK_BARS,
    tol: float = TOL,
    move: float = MOVE,
    horizon: str = "1D",
    seed: int = SEED,
    paths: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> NullResult:
    """Bounce rate at ``level`` on the real bars against the rate at the same level on ``n``
    block-bootstrapped paths (:func:`bootstrap_paths`); paths that never touch it carry no rate.
    ``paths``: (high, low, close) paths in USD, each of shape (n, len(bars)), to test on instead of
    building them (by default they are built in log space, :func:`bootstrap_nulls`)."""
    if paths is None:
        return bootstrap_nulls(bars, [(level, side)], n, block, tol, move, horizon, seed)[0]
    H, L, C = paths
    if side == "resistance":
        H, L, C = -L, -H, -C
    lev = (1.0 if side == "support" else -1.0) * level
    a, hz = abs(lev), horizon_bars(bars, horizon)
    oracle = MaskPassages.of(H >= lev + move * a, L <= lev + tol * a, C < lev - tol * a)
    return _result(_observed(bars, level, side, tol, move, hz), lockstep_counts(oracle, len(H), hz), "bootstrapped paths")
