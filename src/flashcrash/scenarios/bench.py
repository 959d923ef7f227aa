"""The "scenario" benchmark: 100,000 FHS paths x 365 daily steps, vectorised
(:func:`flashcrash.scenarios.simulate.simulate_paths`), against the same algorithm in plain Python
(:func:`run_plain`: the same step-by-step GARCH(1,1) recursion over lists of floats, drawing the
same residual indices from the same numpy generator, so both give identical paths).

Both use GARCH(1,1) parameters of the order of the fitted BTC model and a fixed pool of
standardised residuals (a fixed-seed Student-t(4) sample rescaled to unit variance, so the
benchmark needs no data), and track the same three barriers. The reference is too slow for 100,000
paths: it runs at :data:`REFERENCE_PATHS` paths and its time is scaled linearly (the work is
proportional to paths x steps); the row says ``extrapolated: true``. Outputs are compared at that
size (final log prices as stored, float32; first-passage days exactly).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from flashcrash import bench
from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.scenarios.simulate import NEVER, simulate_paths, simulate_reference

N_PATHS = 100_000
N_STEPS = 365
REFERENCE_PATHS = 2_000
SEED = 7
#: parameters of the order of the fitted BTC model (percent returns per day)
PARAMS = {"mu": 0.10, "omega": 0.21, "alpha": 0.065, "beta": 0.914, "h1": 6.9}
P0 = 86_331.0
UP = (LEVEL_BREAK, 124_750.0)
DOWN = (LEVEL_LOW,)


def residual_pool(n: int = 1_800, seed: int = SEED) -> np.ndarray:
    """Unit-variance, zero-mean Student-t(4) sample: a stand-in for fitted standardised residuals."""
    z = np.random.default_rng(seed).standard_t(4, n)
    return (z - z.mean()) / z.std()


def run_fast(n_paths: int = N_PATHS, seed: int = SEED):
    return simulate_paths(P0, n_paths, N_STEPS, pool=residual_pool(), seed=seed, up=UP, down=DOWN, record_steps=np.array([N_STEPS]), **PARAMS)


def run_reference(n_paths: int = 1_000, seed: int = SEED):
    """The test oracle of a different random stream (:func:`simulate_reference`, one path at a time)."""
    return simulate_reference(P0, n_paths, N_STEPS, pool=residual_pool(), seed=seed, up=UP, down=DOWN, **PARAMS)


def run_plain(n_paths: int = REFERENCE_PATHS, seed: int = SEED) -> tuple[list[float], dict[float, list[int]], dict[float, list[int]]]:
    """The algorithm of :func:`simulate_paths` in plain Python: day by day, path by path, with the
    residual indices drawn by the same numpy generator calls. Returns (final ln P per path, first
    up-passage day per level, first down-passage day per level), ``NEVER`` when not reached."""
    pool = residual_pool().tolist()
    rng = np.random.default_rng(seed)
    mu, omega, alpha, beta, h1 = (PARAMS[k] for k in ("mu", "omega", "alpha", "beta", "h1"))
    x = [math.log(P0)] * n_paths
    h = [float(h1)] * n_paths
    never = int(NEVER)
    ups = [(b, math.log(b), [never] * n_paths) for b in UP]
    downs = [(b, math.log(b), [never] * n_paths) for b in DOWN]
    for k in range(1, N_STEPS + 1):
        draws = rng.integers(0, len(pool), n_paths).tolist()
        for j in range(n_paths):
            e = math.sqrt(h[j]) * pool[draws[j]]
            xj = x[j] + (mu + e) * 0.01
            x[j] = xj
            h[j] = h[j] * beta + omega + alpha * (e * e)
            for _, lb, first in ups:
                if xj >= lb and first[j] == never:
                    first[j] = k
            for _, lb, first in downs:
                if xj <= lb and first[j] == never:
                    first[j] = k
    return x, {b: f for b, _, f in ups}, {b: f for b, _, f in downs}


def same_output(fast, plain) -> bool:
    """Final log prices equal as stored (float32) and every first-passage day equal."""
    finals, fu, fd = plain
    return (
        np.array_equal(fast.log_price[-1], np.asarray(finals, dtype=np.float32))
        and all(np.array_equal(fast.first_up[b], np.asarray(fu[b], dtype=np.int32)) for b in UP)
        and all(np.array_equal(fast.first_down[b], np.asarray(fd[b], dtype=np.int32)) for b in DOWN)
    )


def floor_work(n_paths: int = N_PATHS, seed: int = SEED) -> None:
    """The residual draws alone: each day, ``n_paths`` indices from the generator and one gather of
    the pool (the random numbers any simulation of these paths must produce)."""
    pool = residual_pool()
    rng = np.random.default_rng(seed)
    for _ in range(N_STEPS):
        pool[rng.integers(0, pool.size, n_paths)]


def benchmarks(n_paths: int = N_PATHS, reference_paths: int = REFERENCE_PATHS) -> list[dict[str, Any]]:
    """One row: ``scenario`` at ``n_paths`` x 365 days (best of 3), reference at ``reference_paths``."""
    fast, _ = bench.timed(lambda: run_fast(n_paths), 3)
    ref, plain = bench.timed(lambda: run_plain(reference_paths), 1)
    floor, _ = bench.timed(lambda: floor_work(n_paths), 3)
    scale = n_paths / reference_paths
    return [
        bench.result(
            "scenario",
            f"{n_paths} paths x {N_STEPS} days",
            fast,
            ref,
            reference_desc="flashcrash.scenarios.bench.run_plain: the same GARCH/FHS recursion in plain Python floats and lists, same residual draws",
            outputs_equal=same_output(run_fast(reference_paths), plain),
            tolerance="exact: final ln P as stored (float32) and first-passage days identical",
            compared_at=f"{reference_paths} paths x {N_STEPS} days",
            floor=floor,
            floor_desc="the residual draws alone: n_paths generator indices and one gather per day",
            reference_size=f"{reference_paths} paths x {N_STEPS} days",
            scale=scale,
            scaling=f"linear in paths (work = paths x days): measured at {reference_paths:,} paths x {scale:g}",
        )
    ]
