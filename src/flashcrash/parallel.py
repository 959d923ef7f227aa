"""Independent calls spread over worker processes: the chapters' verdicts, when they are computed
from scratch, run two at a time on a two-core machine.

Workers are forked (they share what the parent already loaded, and each writes what it computes to
the results cache); results come back pickled. ``FLASHCRASH_PROCESSES`` sets the number of
processes (``1``: everything in this process); by default as many workers as CPUs, at most
:data:`MAX_WORKERS`. Without ``fork`` (not Linux or macOS), the calls run in this process. The
results are the same either way: each call is a pure function of its arguments and the data.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

WORKERS_ENV = "FLASHCRASH_PROCESSES"
#: Most worker processes used by default.
MAX_WORKERS = 2


def cpus() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def workers() -> int:
    """Processes to use: ``$FLASHCRASH_PROCESSES``, else the CPUs available (at most MAX_WORKERS)."""
    env = os.environ.get(WORKERS_ENV, "").strip()
    if env:
        try:
            n = int(env)
        except ValueError as exc:
            raise ValueError(f"{WORKERS_ENV} must be a whole number of processes, got {env!r}") from exc
        return max(1, n)
    return min(MAX_WORKERS, cpus())


def _call(job: tuple[Callable[..., Any], tuple]) -> Any:
    fn, args = job
    return fn(*args)


def map_calls(fn: Callable[..., Any], calls: Sequence[tuple], processes: int | None = None) -> list[Any]:
    """``[fn(*args) for args in calls]``, in that order, spread over worker processes when there is
    more than one call and more than one process. ``fn`` must be a module-level function."""
    n = workers() if processes is None else max(1, processes)
    if n <= 1 or len(calls) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(*args) for args in calls]
    with ProcessPoolExecutor(max_workers=min(n, len(calls)), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_call, [(fn, tuple(args)) for args in calls]))
