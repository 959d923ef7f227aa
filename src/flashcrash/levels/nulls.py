"""Two nulls for the bounce rate at a level: random levels of the same path, and the same level on
block-bootstrapped paths with the same bar-return distribution and volatility."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc
from flashcrash.levels.touches import MOVE, TOL, TouchStats, episode_stats, episodes, horizon_bars, side_arrays

SEED = 20251201
N_LEVELS = 1000  # random levels of the random-level null
N_PATHS = 300  # block-bootstrapped paths of the path null
BLOCK_BARS = 12  # bars per bootstrap block


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


def random_level_null(
    bars: pd.DataFrame, level: float, side: str = "support", n: int = N_LEVELS, tol: float = TOL, move: float = MOVE, horizon: str = "1D", seed: int = SEED
) -> NullResult:
    """Bounce rate at ``level`` against the rate at ``n`` levels drawn uniformly (fixed ``seed``)
    over the range the same bars traded in. Levels never touched, or with no decided touch, carry
    no rate (NaN) and do not enter the p-value."""
    require_utc(bars.index, "bars index")
    levels = random_levels(bars, n, seed)
    h, lo, c, sgn = side_arrays(bars, side)
    hz = horizon_bars(bars, horizon)
    stats = [episode_stats(episodes(h, lo, c, sgn * x, tol, move, hz)) for x in levels]
    obs = episode_stats(episodes(h, lo, c, sgn * level, tol, move, hz))
    rates = np.array([s.rate for s in stats])
    return NullResult(obs, rates, np.array([s.touches for s in stats]), p_value(obs.rate, rates), "random levels")


def bootstrap_paths(bars: pd.DataFrame, n: int = N_PATHS, block: int = BLOCK_BARS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` synthetic OHLC paths as long as ``bars`` (moving-block bootstrap of whole bars, blocks of
    ``block`` bars, fixed ``seed``): each bar keeps its log open-gap, high, low and close relative to
    its open, so the paths have the data's bar-return distribution, volatility and intrabar ranges,
    with the level structure scrambled. All start at the first open. Returns (high, low, close), each
    of shape (n, len(bars)), USD."""
    o = bars["open"].to_numpy(float)
    c = bars["close"].to_numpy(float)
    prev_c = np.concatenate([[o[0]], c[:-1]])
    g = np.log(o / prev_c)  # open gap
    rh, rl, rc = (np.log(bars[x].to_numpy(float) / o) for x in ("high", "low", "close"))
    T = len(o)
    nb = -(-T // block)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, T - block + 1, size=(n, nb))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n, -1)[:, :T]
    rc_idx = rc[idx]
    step = g[idx] + rc_idx  # log close-to-close
    log_close = np.log(o[0]) + np.cumsum(step, axis=1)
    log_open = log_close - rc_idx
    return np.exp(log_open + rh[idx]), np.exp(log_open + rl[idx]), np.exp(log_close)


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
    ``paths``: the result of ``bootstrap_paths(bars, n, block, seed)`` when already computed (several
    levels tested on the same bars share one set of paths)."""
    H, L, C = bootstrap_paths(bars, n, block, seed) if paths is None else paths
    if side == "resistance":
        H, L, C = -L, -H, -C
    sgn = 1.0 if side == "support" else -1.0
    hz = horizon_bars(bars, horizon)
    stats = [episode_stats(episodes(H[i], L[i], C[i], sgn * level, tol, move, hz)) for i in range(n)]
    h, lo, c, _ = side_arrays(bars, side)
    obs = episode_stats(episodes(h, lo, c, sgn * level, tol, move, hz))
    rates = np.array([s.rate for s in stats])
    return NullResult(obs, rates, np.array([s.touches for s in stats]), p_value(obs.rate, rates), "bootstrapped paths")
