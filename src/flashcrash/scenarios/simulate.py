"""Filtered historical simulation (FHS) of daily price paths, vectorised over paths.

Barone-Adesi, Giannopoulos & Vosper (1999): draw standardised residuals z* with replacement from
the fitted sample, rebuild returns with the GARCH(1,1) variance recursion, so that volatility
clusters as fitted while the shape of the shocks (fat tails, skew) is the empirical one::

    r_k = mu + sqrt(h_k) z*_k,    h_{k+1} = omega + alpha (sqrt(h_k) z*_k)^2 + beta h_k.

Prices: ``P_k = P_0 exp(sum r / 100)`` (returns in percent). The loop runs over the ``n_steps``
days; every operation inside is an array operation over all paths, so the cost per day is a few
passes over ``n_paths`` floats (the random walk, whose variance does not depend on the path, draws
and cumulates a block of days at once). Barrier first-passage days are tracked block by block (a path "hits"
an up barrier B on day k if ``P_k >= B``, a down barrier if ``P_k <= B``): daily monitoring,
matching daily data. A driftless constant-volatility Gaussian random walk is the same engine with
``alpha = beta = 0``, ``mu = 0`` and ``pool=None`` (standard normal shocks).

:func:`simulate_reference` is a plain-Python version of the same algorithm (used by the
benchmark and by a test that compares the two in distribution).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np

#: first-passage day of a path that never hits within the simulated days
NEVER = np.iinfo(np.int32).max


@dataclass
class Paths:
    """Result of a simulation.

    ``log_price[i, j]``: ln P (P in USD) on day ``record_steps[i]`` for path ``j`` (float32).
    ``first_up[B]`` / ``first_down[B]``: day of first ``P >= B`` / ``P <= B`` per path (int32;
    :data:`NEVER` if not hit). ``p0``: the starting price (USD).
    """

    p0: float
    n_steps: int
    record_steps: np.ndarray
    log_price: np.ndarray
    first_up: dict[float, np.ndarray] = field(default_factory=dict)
    first_down: dict[float, np.ndarray] = field(default_factory=dict)

    def price_at(self, step: int) -> np.ndarray:
        """Simulated prices (USD) on day ``step`` (must be one of ``record_steps``)."""
        idx = np.searchsorted(self.record_steps, step)
        if idx >= len(self.record_steps) or self.record_steps[idx] != step:
            raise KeyError(f"day {step} was not recorded; recorded days: {self.record_steps[:5]}... pass it in record_steps")
        return np.exp(self.log_price[idx].astype(float))

    def prob_up(self, level: float, by_step: int) -> float:
        """Share of paths with ``P >= level`` on some day 1..by_step."""
        return float(np.mean(self.first_up[level] <= by_step))

    def prob_down(self, level: float, by_step: int) -> float:
        """Share of paths with ``P <= level`` on some day 1..by_step."""
        return float(np.mean(self.first_down[level] <= by_step))

    def prob_inside(self, low: float, high: float, through_step: int) -> float:
        """Share of paths with ``low < P < high`` on every day 1..through_step."""
        exit_day = np.minimum(self.first_down[low], self.first_up[high])
        return float(np.mean(exit_day > through_step))

    @property
    def n_paths(self) -> int:
        return int(self.log_price.shape[1])


def _checked_inputs(
    p0: float, n_paths: int, n_steps: int, h1: float, omega: float, pool: np.ndarray | None, record_steps: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The days to record (sorted, unique, within 1..n_steps) and the residual pool as a contiguous
    float array (``None`` for standard normal shocks); a clear error for any impossible input."""
    if p0 <= 0 or n_paths < 1 or n_steps < 1:
        raise ValueError(f"need p0 > 0, n_paths >= 1, n_steps >= 1 (got {p0}, {n_paths}, {n_steps})")
    if h1 <= 0 or omega < 0:
        raise ValueError(f"variances must be positive (h1={h1}, omega={omega})")
    steps = np.arange(1, n_steps + 1) if record_steps is None else np.unique(np.asarray(record_steps, dtype=int))
    if steps.size and (steps[0] < 1 or steps[-1] > n_steps):
        raise ValueError(f"record_steps must lie in 1..{n_steps}")
    pool_arr = None if pool is None else np.ascontiguousarray(pool, dtype=float)
    if pool_arr is not None and (pool_arr.ndim != 1 or pool_arr.size == 0 or not np.isfinite(pool_arr).all()):
        raise ValueError("pool must be a non-empty 1-D array of finite standardised residuals")
    return steps, pool_arr


#: Days simulated per block: the block's ln P (``BLOCK x n_paths`` floats) is kept for the barrier
#: and record passes, made once per block instead of once per day.
BLOCK = 32


def _mark_passages(
    xs: np.ndarray, k0: int, log_up: dict[float, float], log_down: dict[float, float], first_up: dict[float, np.ndarray], first_down: dict[float, np.ndarray]
) -> None:
    """Record the first passage of every path whose ln P is at or beyond a barrier (ln USD) in the
    block ``xs`` (rows: days ``k0``, ``k0 + 1``, ...; columns: paths) and not before it (in place).
    Only the paths whose block maximum (minimum) reaches the barrier are searched day by day."""
    for levels, first, extreme, at in ((log_up, first_up, xs.max(axis=0), np.greater_equal), (log_down, first_down, xs.min(axis=0), np.less_equal)):
        for b, lb in levels.items():
            f = first[b]
            idx = np.flatnonzero(at(extreme, lb) & (f == NEVER))
            if idx.size:
                f[idx] = k0 + at(xs[:, idx], lb).argmax(axis=0)


def _garch_block(
    xs: np.ndarray, x: np.ndarray, h: np.ndarray, rng: np.random.Generator, pool: np.ndarray | None, mu: float, omega: float, alpha: float, beta: float
) -> None:
    """Simulate ``len(xs)`` days day by day: ln P of each day into the rows of ``xs``; ``x`` (ln P)
    and ``h`` (next day's variance, percent^2) are carried forward in place."""
    e = np.empty(x.size)
    for row in xs:
        z = rng.standard_normal(x.size) if pool is None else pool[rng.integers(0, pool.size, x.size)]
        np.sqrt(h, out=e)
        e *= z  # e = sigma_k z_k (percent)
        x += (mu + e) * 0.01
        h *= beta
        h += omega
        h += alpha * (e * e)
        row[:] = x


def _walk_block(xs: np.ndarray, x: np.ndarray, h: np.ndarray, rng: np.random.Generator, mu: float, omega: float) -> None:
    """:func:`_garch_block` for ``alpha = beta = 0`` and normal shocks (the random walk): the block's
    shocks drawn at once (the same stream as day by day) and cumulated along the days, with the
    same additions in the same order, so the paths are bit for bit those of the daily loop."""
    z = rng.standard_normal(xs.shape)
    np.multiply(z, np.sqrt(h), out=xs)  # sigma_k z_k with the carried variance on the first day ...
    if len(xs) > 1:
        np.multiply(z[1:], math.sqrt(omega + 0.0 + 0.0), out=xs[1:])  # ... and omega after it (h = 0 h + omega + 0 e^2)
    xs += mu
    xs *= 0.01
    xs[0] += x
    for i in range(1, len(xs)):  # the cumulative sum, one day after the other
        xs[i] += xs[i - 1]
    x[:] = xs[-1]
    h[:] = omega + 0.0 + 0.0


def simulate_paths(
    p0: float,
    n_paths: int,
    n_steps: int,
    *,
    mu: float,
    omega: float,
    alpha: float,
    beta: float,
    h1: float,
    pool: np.ndarray | None,
    seed: int,
    up: tuple[float, ...] = (),
    down: tuple[float, ...] = (),
    record_steps: np.ndarray | None = None,
) -> Paths:
    """Simulate ``n_paths`` daily paths of ``n_steps`` days from price ``p0`` (USD).

    ``mu`` (percent/day), ``omega`` (percent^2/day), ``alpha``, ``beta``: GARCH(1,1) parameters;
    ``h1``: variance of the first simulated day (percent^2). ``pool``: standardised residuals to
    bootstrap (FHS); ``None`` draws standard normal shocks. ``up``/``down``: barrier levels (USD)
    whose first-passage days are tracked. ``record_steps``: days (1..n_steps) whose log prices are
    kept (default: every day). Reproducible: the same ``seed`` gives the same paths. Days are
    simulated in blocks of :data:`BLOCK`.
    """
    steps, pool_arr = _checked_inputs(p0, n_paths, n_steps, h1, omega, pool, record_steps)
    rng = np.random.default_rng(seed)
    log_up = {b: math.log(b) for b in up}
    log_down = {b: math.log(b) for b in down}
    first_up = {b: np.full(n_paths, NEVER, dtype=np.int32) for b in up}
    first_down = {b: np.full(n_paths, NEVER, dtype=np.int32) for b in down}
    out = np.empty((steps.size, n_paths), dtype=np.float32)
    x = np.full(n_paths, math.log(p0))  # ln P
    h = np.full(n_paths, float(h1))
    buf = np.empty((min(BLOCK, n_steps), n_paths))
    walk = pool_arr is None and alpha == 0.0 and beta == 0.0
    for k0 in range(1, n_steps + 1, BLOCK):
        xs = buf[: min(BLOCK, n_steps + 1 - k0)]
        if walk:
            _walk_block(xs, x, h, rng, mu, omega)
        else:
            _garch_block(xs, x, h, rng, pool_arr, mu, omega, alpha, beta)
        _mark_passages(xs, k0, log_up, log_down, first_up, first_down)
        rec = (steps >= k0) & (steps < k0 + len(xs))
        out[rec] = xs[steps[rec] - k0]
    return Paths(p0=float(p0), n_steps=n_steps, record_steps=steps, log_price=out, first_up=first_up, first_down=first_down)


def simulate_reference(
    p0: float,
    n_paths: int,
    n_steps: int,
    *,
    mu: float,
    omega: float,
    alpha: float,
    beta: float,
    h1: float,
    pool: list[float] | np.ndarray,
    seed: int,
    up: tuple[float, ...] = (),
    down: tuple[float, ...] = (),
) -> tuple[list[float], dict[float, list[int]], dict[float, list[int]]]:
    """Plain-Python FHS (one path at a time, :mod:`random` draws): the benchmark's reference.

    Returns (final ln P per path, first up-passage days per level, first down-passage days per
    level), with ``NEVER`` for no passage. Same model as :func:`simulate_paths`, different random
    stream: the two agree in distribution, not path by path.
    """
    rnd = random.Random(seed)
    z_pool = [float(v) for v in pool]
    n = len(z_pool)
    never = int(NEVER)
    finals: list[float] = []
    fu: dict[float, list[int]] = {b: [] for b in up}
    fd: dict[float, list[int]] = {b: [] for b in down}
    lu = [(b, math.log(b)) for b in up]
    ld = [(b, math.log(b)) for b in down]
    for _ in range(n_paths):
        x = math.log(p0)
        h = h1
        hit_u = {b: never for b in up}
        hit_d = {b: never for b in down}
        for k in range(1, n_steps + 1):
            e = math.sqrt(h) * z_pool[int(rnd.random() * n)]
            x += (mu + e) * 0.01
            h = omega + alpha * e * e + beta * h
            for b, lb in lu:
                if x >= lb and hit_u[b] == never:
                    hit_u[b] = k
            for b, lb in ld:
                if x <= lb and hit_d[b] == never:
                    hit_d[b] = k
        finals.append(x)
        for b in up:
            fu[b].append(hit_u[b])
        for b in down:
            fd[b].append(hit_d[b])
    return finals, fu, fd
