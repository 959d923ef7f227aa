"""Benchmarks of the cascade engine (registered in :data:`flashcrash.bench.BENCHMARKS`).

* ``cascade-vs-reference``: the vectorised engine against the plain-Python reference on the same
  random book of 100,000 positions over one day of 5-minute bars (288 bars of 2025-12-01). The
  reference is O(positions x bars x fixed-point steps), so it runs on 5,000 positions and its time is
  scaled linearly to 100,000 (``reference_size`` in the row).
* ``cascade-10m``: the vectorised engine on 10 million positions over the same 288 bars
  (reference time scaled from the 5,000-position run).

The daily volume of the impact law is divided by 20 (a thin book) so that the fixed point of a bar
takes several steps: the timing then covers the iteration, not just one search per bar.
"""

from __future__ import annotations

import numpy as np

from flashcrash import bench
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import cascade as cs
from flashcrash.liquidation.prices import liquidation_price


def random_book(n: int, around: float = 90_000.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random positions: entries within +-8 % of ``around`` (USD), leverage 2-100x, half long,
    notionals lognormal around 5,000 USD rounded to whole dollars. Returns (lp, notional, side)."""
    rng = np.random.default_rng(seed)
    entry = around * (1 + rng.uniform(-0.08, 0.08, n))
    lev = rng.choice(np.array([2.0, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0, 75.0, 100.0]), n)
    side = np.where(rng.random(n) < 0.5, 1, -1)
    notional = np.clip(np.rint(rng.lognormal(np.log(5_000), 1.0, n)), 1, 49_999)
    return liquidation_price(entry, lev, side, notional), notional, side


def _day():
    bars = cal.day_bars(cal.EVENT_DAY)
    sigma, volume = cal.depth(cal.EVENT_DAY)
    return bars["low"].to_numpy(), bars["high"].to_numpy(), cs.Impact(y=1.0, sigma=sigma, volume=volume / 20)


def benchmarks() -> list[dict]:
    low, high, imp = _day()
    ref_n = 5_000
    lp, no, sd = random_book(ref_n, float(low[0]))
    ref_t = bench.best_of(lambda: cs.run_reference(lp, no, sd, low, high, imp), repeat=1)
    rows = []
    n = 100_000
    lp, no, sd = random_book(n, float(low[0]))
    t = bench.best_of(lambda: cs.run(lp, no, sd, low, high, imp), repeat=3)
    rows.append(bench.result("cascade-vs-reference (288 five-minute bars)", n, t, ref_t * n / ref_n, reference_size=ref_n))
    n = 10_000_000
    lp, no, sd = random_book(n, float(low[0]), seed=1)
    t = bench.best_of(lambda: cs.run(lp, no, sd, low, high, imp), repeat=2)
    rows.append(bench.result("cascade-10m (288 five-minute bars)", n, t, ref_t * n / ref_n, reference_size=ref_n))
    return rows
