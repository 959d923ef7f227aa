"""Run the book's notebooks several at a time, each in its own kernel, before Sphinx reads them.

myst-nb executes notebooks one after another as it reads them; on a machine with several CPUs most
of them then wait. The book's extension (:mod:`flashcrash.sphinxext`) instead hands every notebook
Sphinx is about to read to :class:`NotebookRuns`, which runs :data:`WORKERS_ENV` (default: one per
CPU) of them at once, each in a fresh kernel (a process of its own, forked from a process that has
imported the libraries once, :mod:`flashcrash.forkkernel`; :data:`FORK_ENV` ``=0`` starts each from
scratch), and gives back the executed notebooks; myst-nb renders them without executing again
(``execute_notebooks: "off"`` in ``_config.yml``). Each kernel starts in the notebook's folder and
inherits the build's environment, with :data:`~flashcrash.build.PAGE_ENV` naming its page, exactly
as when myst-nb runs it. A failing cell fails the build with the notebook's name and the cell's
traceback; nothing is skipped.

Notebooks that share expensive results (the chapters' measures, the ledger) compute them once
through the results cache (:mod:`flashcrash.cache`); :data:`LAST` lists the pages that read the
whole ledger, which start after the others so that they find it there.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flashcrash.build import PAGE_ENV
from flashcrash.cache import lookup, store
from flashcrash.forkkernel import PRELOAD, SERVER_ENV, ForkServer, kernel_command
from flashcrash.forkkernel import available as fork_available
from flashcrash.parallel import cpus
from flashcrash.svgserver import SERVER_ENV as SVG_SERVER_ENV
from flashcrash.svgserver import SvgServer

WORKERS_ENV = "FLASHCRASH_NOTEBOOK_WORKERS"
#: ``0`` starts every kernel from scratch instead of forking it from a process with the libraries imported.
FORK_ENV = "FLASHCRASH_FORK_KERNELS"
#: Seconds a notebook may run before its execution fails (as myst-nb's ``timeout``).
TIMEOUT_S = 600
#: Pages that read every chapter's results: started last, when the chapters have cached theirs.
LAST = ("intro", "ledger", "cite")
#: Pages started first: the longest from scratch (the atlas's page times the atlas on every market,
#: about twice any other page), so that the short ones fill the end instead of waiting for it.
FIRST = ("06_atlas",)


class NotebookError(RuntimeError):
    """A notebook failed to execute (a cell raised, the kernel died, or the time ran out)."""


@dataclass(frozen=True)
class Executed:
    """One executed notebook: its page, the notebook as JSON text, and the wall time it took (s)."""

    page: str
    notebook: str
    seconds: float


def workers() -> int:
    """Notebooks run at once: ``$FLASHCRASH_NOTEBOOK_WORKERS``, else the number of CPUs (at least 1)."""
    env = os.environ.get(WORKERS_ENV, "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"{WORKERS_ENV} must be a whole number of notebooks (1 or more), got {env!r}")
        return int(env)
    return cpus()


def run_order(pages: Sequence[str]) -> list[str]:
    """``pages`` in the order they start: as given, except those named in :data:`FIRST` (by their
    last path part), which go first, and those named in :data:`LAST`, which go at the end."""
    name = {p: p.rsplit("/", 1)[-1] for p in pages}
    early = [p for n in FIRST for p in pages if name[p] == n]
    late = [p for p in pages if name[p] in LAST]
    return early + [p for p in pages if p not in early and p not in late] + late


def _svg_server() -> SvgServer:
    from flashcrash.build import VL_VERSION

    return SvgServer(VL_VERSION)


@functools.cache
def forked_kernel_manager() -> type:
    """A ``jupyter_client`` kernel manager whose kernels are forked by a
    :class:`~flashcrash.forkkernel.ForkServer` (named in the kernel's environment)."""
    from flashcrash.kernels import QuickKernelManager

    class ForkedKernelManager(QuickKernelManager):
        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            return kernel_command(os.path.realpath(self.connection_file))

    return ForkedKernelManager


def execute_one(page: str, path: Path, timeout: int = TIMEOUT_S, server: str | None = None, extra_env: dict[str, str] | None = None) -> Executed:
    """Execute the notebook at ``path`` (page name ``page``) in a fresh kernel started in the
    notebook's folder (forked by the kernel server at socket ``server``, if given; with
    ``extra_env`` added to its environment); raises :class:`NotebookError` naming the notebook,
    with the failing cell's traceback, if it fails."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from flashcrash.kernels import QuickKernelManager

    t0 = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, **(extra_env or {}), PAGE_ENV: page}
    # jupyter_client's manager and client without their fixed waits (flashcrash.kernels)
    manager: type = QuickKernelManager
    if server is not None:
        env[SERVER_ENV] = server
        manager = forked_kernel_manager()
    # the kernel is stopped at once when the last cell has run: a polite shutdown only waits
    client = NotebookClient(
        nb, timeout=timeout, allow_errors=False, shutdown_kernel="immediate", resources={"metadata": {"path": str(path.parent)}}, kernel_manager_class=manager
    )
    try:
        client.execute(env=env)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        raise NotebookError(f"notebook {path} (page {page}) failed to execute:\n{exc}") from None
    return Executed(page, nbformat.writes(nb), time.perf_counter() - t0)


#: Results-cache name of the executions the build records (:func:`record_execution`).
EXECUTED = "executed-notebook"


def _notebook_key(path: Path) -> tuple[str, str]:
    return path.name, hashlib.sha256(path.read_bytes()).hexdigest()


def record_execution(path: Path, executed: str) -> None:
    """Keep the executed notebook (JSON text) of the notebook at ``path`` in the results cache,
    under its bytes and the cache's key (the package's source, the data, the library versions):
    the notebook tests replay it instead of running the same notebook again."""
    store(EXECUTED, executed, *_notebook_key(path))


def recorded_execution(path: Path) -> str | None:
    """The executed notebook recorded for the notebook at ``path`` as it is now, under the current
    key; None when there is none (or the results cache is off)."""
    hit, executed = lookup(EXECUTED, *_notebook_key(path))
    return executed if hit else None


#: The ledger's command, after the Python interpreter.
LEDGER_ARGS = ("-m", "flashcrash", "ledger", "--json")


def compute_ledger() -> bool:
    """Compute the ledger (every chapter's verdicts, in worker processes) into the results cache
    with ``python -m flashcrash ledger --json``; True when it worked. The chapters' pages then find
    the measures their rules read, and the pages that show the whole ledger find it, instead of
    computing them side by side. A failure is left for the pages to show: each computes what it
    needs and fails with its own traceback."""
    if lookup("ledger", None)[0]:  # kept from an earlier run under the same key: nothing to compute
        return True
    try:
        done = subprocess.run([sys.executable, *LEDGER_ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


class NotebookRuns:
    """Notebooks executing in the background, :func:`workers` at a time, in :func:`run_order`:
    :meth:`result` waits for one page's. ``report`` is called as each one finishes; ``first`` is
    called (in the background) before any notebook starts."""

    def __init__(
        self,
        jobs: Sequence[tuple[str, Path]],
        n_workers: int | None = None,
        report: Callable[[Executed], None] | None = None,
        forked: bool | None = None,
        timeout: int = TIMEOUT_S,
        first: Callable[[], object] | None = None,
        preload: Sequence[str] = PRELOAD,
        draw_charts: bool = False,
        record: bool = False,
    ) -> None:
        paths = dict(jobs)
        n = workers() if n_workers is None else max(1, n_workers)
        if forked is None:
            forked = os.environ.get(FORK_ENV, "1") != "0"
        # kernels forked from one process that imported the libraries once (flashcrash.forkkernel),
        # the modules ``preload``
        self._server = ForkServer(preload) if forked and len(paths) > 1 and fork_available() else None
        # ``draw_charts`` (the book build): the charts' renderer started once for every kernel
        self._svg = _svg_server() if draw_charts and hasattr(socket, "AF_UNIX") else None
        self._pool = ThreadPoolExecutor(max_workers=min(n, max(1, len(paths))), thread_name_prefix="notebook")
        self._report = report
        self._timeout = timeout
        self._record = record  # the build: each execution kept for the notebook tests (record_execution)
        # ``first`` (if any) runs in a thread of its own; no notebook starts before it has ended
        self._ready = threading.Event()
        self._first_error: BaseException | None = None
        threading.Thread(target=self._first, args=(first,), name="notebooks-first", daemon=True).start()
        self._futures: dict[str, Future[Executed]] = {p: self._pool.submit(self._run, p, paths[p]) for p in run_order(list(paths))}

    def _first(self, first: Callable[[], object] | None) -> None:
        try:
            if first is not None:
                first()
        except BaseException as exc:  # a bug: every notebook fails with it, instead of a line on stderr
            self._first_error = exc
        finally:
            self._ready.set()

    def _run(self, page: str, path: Path) -> Executed:
        self._ready.wait()
        if self._first_error is not None:
            raise NotebookError(f"notebook {path} (page {page}) not run: the step before the notebooks failed: {self._first_error!r}") from self._first_error
        extra_env = {SVG_SERVER_ENV: self._svg.path} if self._svg else None
        ex = execute_one(page, path, self._timeout, self._server.path if self._server else None, extra_env)
        if self._record:
            record_execution(path, ex.notebook)
        if self._report is not None:
            self._report(ex)
        return ex

    @property
    def pages(self) -> list[str]:
        """The pages being executed, in the order they start."""
        return list(self._futures)

    def result(self, page: str) -> Executed:
        """The executed notebook of ``page``, once it has run; raises :class:`NotebookError` if it failed."""
        return self._futures[page].result()

    def close(self) -> None:
        """Stop starting notebooks and wait for the running ones."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        for server in (self._server, self._svg):
            if server is not None:
                server.close()
        self._server = self._svg = None


def execute_notebooks(jobs: Sequence[tuple[str, Path]], n_workers: int | None = None, report: Callable[[Executed], None] | None = None) -> dict[str, Executed]:
    """Execute every ``(page, path)`` of ``jobs`` (see :class:`NotebookRuns`) and wait for all.
    Returns ``{page: Executed}``; raises :class:`NotebookError` naming every notebook that failed,
    after all have run."""
    runs = NotebookRuns(jobs, n_workers, report)
    done: dict[str, Executed] = {}
    failed: list[str] = []
    try:
        for page in runs.pages:
            try:
                done[page] = runs.result(page)
            except NotebookError as exc:
                failed.append(str(exc))
    finally:
        runs.close()
    if failed:
        raise NotebookError("\n\n".join(failed))
    return done
