"""The cyclic garbage collector's thresholds in the project's own batch processes.

The book build (the Sphinx process), the ledger and atlas commands and the test workers hold
hundreds of thousands of long-lived objects (doctrees, modules, data frames, test modules). With
Python's default thresholds (700, 10, 10) the collector scans that whole heap again and again,
measured at about 4 of the build process's 22 CPU seconds, 1 to 2 s per test worker and 0.2 to
0.3 s of the ledger, to free little. :data:`BATCH` collects the same garbage less often; results
are unchanged. Importing the package never changes the thresholds: a reader's session keeps
Python's defaults.
"""

from __future__ import annotations

import gc

#: Net allocations between two collections of the youngest generation, then how many collections of
#: each generation run before one of the next (Python's defaults: 700, 10, 10).
BATCH: tuple[int, int, int] = (10_000, 20, 20)


def for_batch_work() -> tuple[int, int, int]:
    """Set the thresholds of :data:`BATCH` in this process; returns the thresholds they replace."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH)
    return old
