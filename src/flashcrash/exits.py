"""Leaving a process without freeing what it holds.

At exit the interpreter frees every object one at a time; for a process holding a book's pages or
a test run's data and measures that took 0.1 to 3 s (measured), which the caller waits for. The
build command, the command line and the test workers leave this way once their work is written.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn


def leave_without_freeing(code: int) -> NoReturn:
    """Flush the logs and the standard streams, then end this process at once with ``code``."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
