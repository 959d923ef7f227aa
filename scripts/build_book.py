"""``jupyter-book build -W --keep-going .``, with Sphinx reading the pages on every core.

Reading a notebook page executes it, so the pages' notebooks run side by side instead of one after
another (jupyter-book's command line has no option for Sphinx's ``-j``). Arguments are passed on to
``jupyter-book build``; the default is the strict build of the whole book. ``FLASHCRASH_BUILD_JOBS``
sets the number of processes (default: three per core). Sphinx hands each process a contiguous
share of the pages; with more processes than cores the shares are small (two pages), so one process
does not end up with every chapter while another reads the light pages, and the kernels' waits
(start-up, reading files) overlap with the others' computing.
"""

from __future__ import annotations

import functools
import os
import sys

from jupyter_book import sphinx as jb_sphinx
from jupyter_book.cli.main import main as jupyter_book

STRICT = ["-W", "--keep-going", "."]


#: processes per core reading pages, by default
JOBS_PER_CORE = 3


def jobs() -> int:
    """Processes reading pages: ``FLASHCRASH_BUILD_JOBS`` or :data:`JOBS_PER_CORE` per core."""
    return int(os.environ.get("FLASHCRASH_BUILD_JOBS") or JOBS_PER_CORE * (os.cpu_count() or 1))


if __name__ == "__main__":
    # the command line looks build_sphinx up at call time: hand it the number of processes
    jb_sphinx.build_sphinx = functools.partial(jb_sphinx.build_sphinx, jobs=jobs())
    sys.exit(jupyter_book(["build", *(sys.argv[1:] or STRICT)]))
