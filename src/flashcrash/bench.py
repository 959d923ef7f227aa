"""Benchmarks: each fast engine timed against a plain-Python reference of the same model, same run.

A benchmark is a function returning a list of result dicts
``{"name", "size", "seconds", "reference_seconds", "ratio"}``; they are listed in :data:`BENCHMARKS`
as ``"module:function"`` (a module not written yet is skipped).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from flashcrash.optional import optional_function

BENCHMARKS = [
    "flashcrash.liquidation.bench:benchmarks",
    "flashcrash.scenarios.bench:benchmarks",
]


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Shortest wall time of ``repeat`` calls (seconds): the least disturbed by the machine."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def result(name: str, size: int | str, seconds: float, reference_seconds: float, reference_size: int | str | None = None) -> dict[str, Any]:
    """One benchmark row. When the reference ran at a smaller size, its time is scaled linearly
    to ``size`` and the row says so in ``reference_size``."""
    row: dict[str, Any] = {"name": name, "size": size, "seconds": round(seconds, 6), "reference_seconds": round(reference_seconds, 6), "ratio": round(reference_seconds / seconds, 2) if seconds > 0 else None}
    if reference_size is not None:
        row["reference_size"] = reference_size
    return row


def run_all() -> dict[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for spec in BENCHMARKS:
        fn = optional_function(spec)
        if fn is not None:
            rows.extend(fn())
    return {"benchmarks": rows}
