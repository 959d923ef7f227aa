"""The "scenario" benchmark: 100,000 FHS paths x 365 daily steps, vectorised, against the plain-Python
reference of the same simulation (:func:`flashcrash.scenarios.simulate.simulate_reference`).

Both use the same GARCH(1,1) parameters and a fixed pool of standardised residuals (a fixed-seed
Student-t(4) sample rescaled to unit variance, so the benchmark needs no data) and track the same
three barriers. The reference runs at a smaller number of paths (``REFERENCE_PATHS``) and its time
is scaled linearly to 100,000 paths (the work is proportional to paths x steps).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from flashcrash import bench
from flashcrash.scenarios.simulate import simulate_paths, simulate_reference

N_PATHS = 100_000
N_STEPS = 365
REFERENCE_PATHS = 1_000
SEED = 7
#: parameters of the order of the fitted BTC model (percent returns per day)
PARAMS = {"mu": 0.10, "omega": 0.21, "alpha": 0.065, "beta": 0.914, "h1": 6.9}
P0 = 86_331.0
UP = (87_000.0, 124_750.0)
DOWN = (84_000.0,)


def residual_pool(n: int = 1_800, seed: int = SEED) -> np.ndarray:
    """Unit-variance, zero-mean Student-t(4) sample: a stand-in for fitted standardised residuals."""
    z = np.random.default_rng(seed).standard_t(4, n)
    return (z - z.mean()) / z.std()


def run_fast(n_paths: int = N_PATHS, seed: int = SEED):
    return simulate_paths(P0, n_paths, N_STEPS, pool=residual_pool(), seed=seed, up=UP, down=DOWN, record_steps=np.array([N_STEPS]), **PARAMS)


def run_reference(n_paths: int = REFERENCE_PATHS, seed: int = SEED):
    return simulate_reference(P0, n_paths, N_STEPS, pool=residual_pool(), seed=seed, up=UP, down=DOWN, **PARAMS)


def benchmarks() -> list[dict[str, Any]]:
    """One row: ``scenario`` at 100,000 paths x 365 steps (best of 3), reference scaled from 1,000 paths."""
    fast = bench.best_of(run_fast, repeat=3)
    ref = bench.best_of(run_reference, repeat=1) * (N_PATHS / REFERENCE_PATHS)
    return [bench.result("scenario", f"{N_PATHS} paths x {N_STEPS} days", fast, ref, reference_size=f"{REFERENCE_PATHS} paths x {N_STEPS} days, scaled x{N_PATHS // REFERENCE_PATHS}")]
