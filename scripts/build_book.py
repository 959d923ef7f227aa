"""``jupyter-book build -W --keep-going .``, with Sphinx reading the pages on every core.

Reading a notebook page executes it, so the pages' notebooks run side by side instead of one after
another (jupyter-book's command line has no option for Sphinx's ``-j``). Arguments are passed on to
``jupyter-book build``; the default is the strict build of the whole book. ``FLASHCRASH_BUILD_JOBS``
sets the number of processes (default: the machine's cores).
"""

from __future__ import annotations

import functools
import os
import sys

from jupyter_book import sphinx as jb_sphinx
from jupyter_book.cli.main import main as jupyter_book

STRICT = ["-W", "--keep-going", "."]


def jobs() -> int:
    """Processes reading pages: ``FLASHCRASH_BUILD_JOBS`` or the number of cores."""
    return int(os.environ.get("FLASHCRASH_BUILD_JOBS") or os.cpu_count() or 1)


if __name__ == "__main__":
    # the command line looks build_sphinx up at call time: hand it the number of processes
    jb_sphinx.build_sphinx = functools.partial(jb_sphinx.build_sphinx, jobs=jobs())
    sys.exit(jupyter_book(["build", *(sys.argv[1:] or STRICT)]))
