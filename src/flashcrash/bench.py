"""Benchmarks: each fast engine against a plain-Python reference that runs the SAME algorithm.

A benchmark is a function returning a list of rows built by :func:`result`; they are listed in
:data:`BENCHMARKS` as ``"module:function"`` (a module not written yet is skipped). Rules every row
follows, so that a ratio means what it says:

* **Same algorithm.** The reference is what a careful analyst would write in plain Python (lists,
  dicts, :mod:`bisect`, :mod:`math`) for the same algorithm, not a slower algorithm.
* **Same output.** Engine and reference run on the same input and their outputs are compared
  (``outputs_equal``, with the ``tolerance`` used, at size ``compared_at``).
* **Best of several runs, in one process**, with the spread: ``seconds`` is the best of ``runs``
  runs, ``seconds_median``/``seconds_max`` and ``spread`` (max / best - 1) show how noisy it was;
  the same for the reference (``reference_runs``, ``reference_spread``).
* **Measured or extrapolated, never mixed up.** A reference too slow to run at full size is
  measured at ``reference_size`` (``reference_measured_seconds``) and scaled to ``size`` with the
  stated ``scaling`` rule; the row then says ``extrapolated: true`` and ``reference_seconds`` is that
  scaled figure. Otherwise ``extrapolated: false`` and ``reference_seconds`` is measured.
* **The floor.** ``floor_seconds`` times the practical minimum for the same work (described in
  ``floor``), e.g. one ``np.bincount`` scatter of the same positions: how far the engine is from it.
* **One row, one process; rows side by side.** Every timing of a row (engine, reference, floor) is
  taken in one process, one after the other. The rows themselves run in worker processes side by
  side, one per CPU (at most :data:`flashcrash.parallel.MAX_WORKERS`; ``FLASHCRASH_PROCESSES=1``
  runs them one after the other in this process): each row has a core to itself, shares the
  memory bus with the row beside it, and says how many ran at once (``processes``). Side by side,
  the spread of repeated runs is larger and a memory-bound engine's best time a little slower (its
  ratio lower, not higher); one after the other gives the quieter timings.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flashcrash.optional import optional_function

#: The benchmarks, in the order their rows are reported.
BENCHMARKS = [
    "flashcrash.liquidation.bench:small_rows",
    "flashcrash.liquidation.bench:large_rows",
    "flashcrash.scenarios.bench:benchmarks",
]
#: Started first, the longest: the worker processes then finish at about the same time.
START_FIRST = ("flashcrash.liquidation.bench:large_rows",)


@dataclass(frozen=True)
class Timing:
    """Wall times (seconds) of ``runs`` calls of the same work in one process."""

    best: float
    median: float
    worst: float
    runs: int

    @property
    def spread(self) -> float:
        """worst / best - 1: 0 for a quiet machine, 0.5 when the slowest run took 50 % longer."""
        return self.worst / self.best - 1.0 if self.best > 0 else 0.0


def timed(fn: Callable[[], Any], runs: int = 3) -> tuple[Timing, Any]:
    """Call ``fn`` ``runs`` times (at least once); the timings and the last result."""
    if runs < 1:
        raise ValueError(f"runs must be >= 1, got {runs}")
    times = []
    out = None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return Timing(min(times), statistics.median(times), max(times), runs), out


def result(
    name: str,
    size: int | str,
    engine: Timing,
    reference: Timing,
    *,
    reference_desc: str,
    outputs_equal: bool,
    tolerance: str,
    compared_at: int | str,
    floor: Timing,
    floor_desc: str,
    reference_size: int | str | None = None,
    scale: float = 1.0,
    scaling: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One benchmark row. With ``reference_size`` (a smaller size the reference ran at), the
    reference's best time is multiplied by ``scale`` (stated in words by ``scaling``) and the row is
    marked ``extrapolated: true``."""
    extrapolated = reference_size is not None
    if extrapolated and (scaling is None or scale <= 0):
        raise ValueError(f"{name}: an extrapolated reference needs its scaling rule and a positive scale")
    if not extrapolated and scale != 1.0:
        raise ValueError(f"{name}: a reference measured at full size cannot be scaled")
    ref_seconds = reference.best * scale
    row: dict[str, Any] = {
        "name": name,
        "size": size,
        "seconds": round(engine.best, 6),
        "seconds_median": round(engine.median, 6),
        "seconds_max": round(engine.worst, 6),
        "runs": engine.runs,
        "spread": round(engine.spread, 3),
        "reference": reference_desc,
        "reference_seconds": round(ref_seconds, 6),
        "reference_measured_seconds": round(reference.best, 6),
        "reference_runs": reference.runs,
        "reference_spread": round(reference.spread, 3),
        "extrapolated": extrapolated,
        "reference_size": reference_size if extrapolated else size,
        "scaling": scaling if extrapolated else None,
        "ratio": round(ref_seconds / engine.best, 2) if engine.best > 0 else None,
        "outputs_equal": bool(outputs_equal),
        "tolerance": tolerance,
        "compared_at": compared_at,
        "floor_seconds": round(floor.best, 6),
        "floor": floor_desc,
        "engine_over_floor": round(engine.best / floor.best, 1) if floor.best > 0 else None,
    }
    row.update(extra)
    return row


def run_spec(spec: str) -> list[dict[str, Any]]:
    """The rows of one registered benchmark function (``"module:function"``; none if its module is
    not written yet)."""
    fn = optional_function(spec)
    return fn() if fn is not None else []


def run_all(processes: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every registered benchmark, in worker processes side by side (``processes``: default
    :func:`flashcrash.parallel.workers`), those of :data:`START_FIRST` first; rows in the order of
    :data:`BENCHMARKS`, each with ``processes``, the number of rows that could run at once."""
    from flashcrash.parallel import map_calls, workers

    n = min(workers() if processes is None else max(1, processes), len(BENCHMARKS))
    started = sorted(BENCHMARKS, key=lambda spec: spec not in START_FIRST)  # stable: otherwise as registered
    rows = dict(zip(started, map_calls(run_spec, [(spec,) for spec in started], n), strict=True))
    return {"benchmarks": [{**row, "processes": n} for spec in BENCHMARKS for row in rows[spec]]}
