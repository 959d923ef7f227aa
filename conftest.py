"""pytest set-up for the whole repository (the package's tests and the book's notebooks under nbval).

Notebooks: nbval runs every notebook that has cells whose output it checks (``# NBVAL_CHECK_OUTPUT``,
the chapters); the other pages are executed by the strict book build (``make book``), so CI does not
run them twice. A notebook named on the command line is always run. The kernels show each chart as
one checked line instead of drawing it (``FLASHCRASH_CHART_DISPLAY=summary``; set it to ``html`` to
draw them): nbval compares printouts only, ``tests/test_figures.py`` validates every chart, and the
build draws them. After a build, nbval replays the build's recorded execution of an unchanged
notebook instead of running it again (``tests/replay_kernel.py``; ``FLASHCRASH_REPLAY=0`` runs them).

Data: tests find the raw files by the project's one rule (``FLASHCRASH_DATA_MIRROR``, a relative path
read from the repository root; without it, files are downloaded into ``_data_cache/``); there is no
other default. Every test that reads the real data is marked ``@pytest.mark.data``, and every notebook
is marked here. When the data are missing, those tests are skipped with ONE reason (what is missing,
how to fix it), reported once in the summary; ``pytest -m "not data"`` runs the pure suite. A test
without the mark that reads the real data fails: it sees an empty mirror and an empty download cache.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import shutil
import sys
from pathlib import Path, PurePosixPath

import pytest

# Compiled files are kept even where PYTHONDONTWRITEBYTECODE is set: otherwise every test worker
# rewrites the assertions of every test module and compiles the package afresh on every run (about
# half of collection), and every notebook kernel compiles the package again. They live in
# __pycache__/ (ignored by git) and are rewritten when a source changes.
sys.dont_write_bytecode = False

_problem: list[str | None] = []  # the data check, run once per session, when a data test first needs it


def data_problem() -> str | None:
    """None when the data are available (downloading them when no mirror is set), else one message."""
    if not _problem:
        from flashcrash.data.registry import data_problem as check

        _problem.append(check())
    return _problem[0]


#: The marker of a notebook cell whose output nbval compares with the stored one.
CHECKED = "NBVAL_CHECK_OUTPUT"


def pytest_ignore_collect(collection_path, config):
    """nbval runs the notebooks with checked outputs (the chapters); the other pages (landing, ledger,
    data, cite, reproduce) have nothing to compare and are executed, strictly, by the book build.
    Named on the command line, any notebook is run."""
    if collection_path.suffix != ".ipynb":
        return None
    named = any(str(collection_path).endswith(a.split("::")[0].lstrip("./")) for a in config.invocation_params.args if a.endswith(".ipynb") or ".ipynb::" in a)
    if not named and CHECKED not in collection_path.read_text(encoding="utf-8"):
        return True
    return None


#: Test files that run in one worker process, by group. They share what a process reads once: the
#: notebooks one kernel server, the readers of the package's source one parse of it. Every other
#: file is a group of its own, as with pytest-xdist's ``--dist loadfile``.
SAME_WORKER = {
    "source": ("test_article.py", "test_ledger_rules.py", "test_function_length.py", "test_import_graph.py"),
    # the two that import scipy.stats (and scipy.optimize, to compare the GARCH fit with SLSQP): about a second of imports, paid once
    "scipy": ("test_scenarios.py", "test_scenarios_data.py"),
    # the two that draw charts with vl-convert in the test process (its engine starts in about a second)
    "vl-convert": ("test_publish.py", "test_svgserver.py"),
}


#: Seconds the slowest groups take (their tests' durations, ``pytest --durations=0``, rounded). The
#: workers take groups longest first, so that the last ones to finish are short: ordered by their
#: number of tests, as pytest-xdist orders them, a group of a few slow tests (subprocesses, a chart
#: server) came last and one worker finished two seconds after the other. A group not named here is
#: estimated at :data:`SECONDS_PER_TEST` a test.
GROUP_SECONDS = {
    "notebooks": 60.0,  # first: run, not replayed, when the book has not been built
    "scipy": 6.7,
    "tests/test_execute.py": 5.1,
    "vl-convert": 5.0,
    "source": 4.5,
    "tests/test_figures.py": 3.7,
    "tests/test_atlas.py": 3.4,
    "tests/test_contagion.py": 2.0,
    "tests/test_replay.py": 1.8,
    "tests/test_claims.py": 1.7,
    "tests/test_event.py": 1.5,
    "tests/test_liquidation_cascade.py": 0.9,
}
SECONDS_PER_TEST = 0.02


def longest_first(groups: dict[str, int]) -> list[str]:
    """Group names (``{group: number of tests}``) in the order the workers take them: by the
    estimated seconds (:data:`GROUP_SECONDS`, else :data:`SECONDS_PER_TEST` a test), longest first;
    ties keep the given order."""
    return sorted(groups, key=lambda g: -GROUP_SECONDS.get(g, SECONDS_PER_TEST * groups[g]))


def worker_group(nodeid: str) -> str:
    """The group of a test: all notebooks together, the files of :data:`SAME_WORKER`, else its file."""
    file = PurePosixPath(nodeid.split("::", 1)[0])
    if file.suffix == ".ipynb":
        return "notebooks"
    return next((group for group, names in SAME_WORKER.items() if file.name in names), str(file))


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: ignored when it is not in use
def pytest_xdist_make_scheduler(config, log):
    """Test workers take whole groups (:func:`worker_group`), longest first (:func:`longest_first`)."""
    from xdist.scheduler import LoadScopeScheduling

    class SameWorkerScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not getattr(self, "_ordered", False):  # the queue is complete by the first assignment
                self._ordered = True
                order = longest_first({g: len(tests) for g, tests in self.workqueue.items()})
                self.workqueue = type(self.workqueue)((g, self.workqueue[g]) for g in order)
            super()._assign_work_unit(node)

    return SameWorkerScheduling(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """In the test workers, import the test modules from different starting points before collecting.
    Where their compiled form is missing (a fresh clone, an edited test), pytest rewrites a module's
    assertions as it imports it, about 5 s for all of them, and every worker collects every module:
    started from the same end, each worker rewrote them all. Started apart, each rewrites about its
    share and reads the others' from pytest's cache. Collection then finds them imported."""
    workerinput = getattr(session.config, "workerinput", None)
    if workerinput is None:
        return None
    n, i = int(workerinput.get("workercount", 1)), int(str(workerinput.get("workerid", "gw0"))[2:] or 0)
    files = sorted((Path(str(session.config.rootpath)) / "tests").glob("test_*.py"))
    if n < 2 or not files:
        return None
    start = i * len(files) // n
    for path in files[start:] + files[:start]:
        name = f"tests.{path.stem}"
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # collection imports it again and reports the error where it belongs
            sys.modules.pop(name, None)
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.suffix == ".ipynb":  # the book's notebooks compute from the data
            item.add_marker(pytest.mark.data)


def pytest_runtest_setup(item):
    if item.get_closest_marker("data") is not None:
        problem = data_problem()
        if problem is not None:
            pytest.skip(f"no market data: {problem}")
    if item.path.suffix == ".ipynb":
        if _recording(item.path) is not None:
            item.user_properties.append((REPLAYED, item.path.name))
            return
        from flashcrash.charts import DISPLAY_ENV

        # nbval compares the printouts; charts are checked in tests/test_figures.py and drawn by the
        # build, so the kernels show each as one checked line (about a second per chapter saved)
        os.environ.setdefault(DISPLAY_ENV, "summary")
        _forked_notebook_kernels()


#: A notebook item's property when its notebook is replayed (tests/replay_kernel.py), not run.
REPLAYED = "notebook replayed"
_recorded: dict[Path, str | None] = {}  # notebook -> the build's recorded execution of it, looked up once


def _recording(path: Path) -> str | None:
    """The build's recorded execution of the notebook at ``path`` as it is now, under the results
    cache's current key; None when there is none or ``FLASHCRASH_REPLAY=0``."""
    if path not in _recorded:
        from flashcrash.execute import recorded_execution
        from tests.replay_kernel import REPLAY_ENV

        _recorded[path] = None if os.environ.get(REPLAY_ENV, "1") == "0" else recorded_execution(path)
    return _recorded[path]


def pytest_configure(config):
    """In a pytest-xdist worker (not in a pytest run that merely inherits a worker's environment),
    leave at exit without freeing (:func:`_exit_without_freeing`) and collect garbage less often
    (:mod:`flashcrash.gcsettings`). nbval runs a notebook against the replay of the build's recorded
    execution of it when there is one (:mod:`tests.replay_kernel`), and compares the outputs as it
    does a fresh kernel's."""
    if hasattr(config, "workerinput"):  # set by pytest-xdist in its workers only
        atexit.register(_exit_without_freeing)
        from flashcrash import gcsettings

        gcsettings.for_batch_work()  # a worker holds every test module and many tests' data
        _no_last_collection(config)
    elif _is_pytest_command():  # not where pytest runs inside another program (pytest.main)
        atexit.register(_leave_with_the_session_s_status)
    try:
        from nbval.plugin import IPyNbFile
    except ImportError:
        return
    if getattr(IPyNbFile.setup, "replays", False):
        return
    plain = IPyNbFile.setup

    def setup(self):
        executed = _recording(Path(str(self.fspath)))
        if executed is None:
            return plain(self)
        from tests.replay_kernel import ReplayKernel

        self.kernel = ReplayKernel(executed)
        self.setup_sanitize_files()
        return None

    setup.replays = True
    IPyNbFile.setup = setup


def _no_last_collection(config) -> None:
    """Skip the full garbage collection pytest runs as a worker ends (its unraisable-exception check,
    to report a failing ``__del__``): over a worker's heap it took about a second, which the main
    process waited for. The worker leaves without freeing (:func:`_exit_without_freeing`): what that
    collection would finalise is left unfinalised like every other object it leaves behind. Failing
    finalisers met during the tests are still reported. The number of collections is a setting
    pytest keeps for this (a stash key); without it (another pytest), nothing changes."""
    try:
        from _pytest.unraisableexception import gc_collect_iterations_key
    except ImportError:
        return
    config.stash[gc_collect_iterations_key] = 0


_replayed_here: set[str] = set()  # in the main process: the notebooks its workers replayed


def pytest_runtest_logreport(report):
    _replayed_here.update(name for key, name in report.user_properties if key == REPLAYED)


def pytest_terminal_summary(terminalreporter):
    if _replayed_here:
        terminalreporter.write_line(
            f"notebooks replayed from the book build's recorded execution (same notebook, package, data and libraries; "
            f"FLASHCRASH_REPLAY=0 runs them): {', '.join(sorted(_replayed_here))}"
        )


_server: list = []  # this process's kernel server, started for its first notebook


def _forked_notebook_kernels() -> None:
    """nbval's kernels are forked from a process that has imported the libraries once
    (:mod:`flashcrash.forkkernel`), as in the book build: each notebook then starts in a fraction
    of a second instead of importing them again. ``FLASHCRASH_FORK_KERNELS=0`` turns it off."""
    from flashcrash import forkkernel
    from flashcrash.execute import FORK_ENV

    if _server or os.environ.get(FORK_ENV, "1") == "0" or not forkkernel.available():
        return
    from nbval import kernel as nbval_kernel

    server = forkkernel.ForkServer()
    _server.append(server)
    os.environ[forkkernel.SERVER_ENV] = server.path
    plain = nbval_kernel.NbvalKernelspecManager.get_kernel_spec

    def forked_spec(self, kernel_name):
        spec = plain(self, kernel_name)
        spec.argv = forkkernel.kernel_command()
        return spec

    nbval_kernel.NbvalKernelspecManager.get_kernel_spec = forked_spec


def pytest_sessionfinish(session, exitstatus):
    for server in _server:
        server.close()


_session: list = []  # this process's test session, once started


def _is_pytest_command(argv0: str | None = None) -> bool:
    """True in the process of the ``pytest`` command (or ``python -m pytest``)."""
    path = Path(sys.argv[0] if argv0 is None else argv0)
    return path.name in ("pytest", "py.test") or (path.name == "__main__.py" and path.parent.name == "pytest")


def pytest_sessionstart(session):
    _session.append(session)


def _leave_with_the_session_s_status() -> None:
    """The main pytest process's last act, as a worker's (:func:`_exit_without_freeing`): leave with
    the session's exit status (pytest's own exit code), without freeing its objects one by one
    (about half a second with two workers; more with ``-n0``, where this process ran the tests).
    Without a session (``--help``, ``--version``, a usage error) the interpreter ends as usual.
    ``tests/test_replay.py`` checks that a failing run still exits 1."""
    if _session:
        from flashcrash.exits import leave_without_freeing

        leave_without_freeing(int(_session[0].exitstatus))


def _exit_without_freeing() -> None:
    """A test worker's last act: leave without freeing its objects one by one. A worker's heap holds
    the data and measures of many tests, and the interpreter's final clean-up of it took 1 to 3 s,
    which the main pytest process waits for. By now every result has been sent and every other
    exit handler registered during the tests has run (exit handlers run last registered, first)."""
    from flashcrash.exits import leave_without_freeing

    leave_without_freeing(0)


@pytest.fixture(autouse=True)
def _gc_thresholds_kept():
    """A test that runs the command line's ledger or atlas in this process (which sets the batch
    thresholds for the rest of its process, flashcrash.gcsettings) leaves the collector as it found it."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.fixture(autouse=True)
def _keep_priority(monkeypatch):
    """The code that lowers its own process's priority (the build's helpers: flashcrash.servers.
    lowest_priority) leaves the test process's alone: a test worker at the lowest priority would
    get almost no CPU beside the other for the rest of the run. A test that checks the lowering
    runs it in a process of its own."""
    monkeypatch.setattr(os, "nice", lambda increment: 0)


@pytest.fixture(scope="session")
def _empty_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("no-data")


@pytest.fixture(autouse=True)
def _no_real_data_unless_marked(request, _empty_folder, monkeypatch):
    """Tests without the ``data`` mark see an empty mirror and an empty download cache, so a test
    that reads the real data without saying so fails instead of passing wherever the data happen to be.
    One folder serves them all (a new folder per test cost more than many tests), emptied after any
    test that wrote into it."""
    if request.node.get_closest_marker("data") is not None:
        yield
        return
    monkeypatch.setenv("FLASHCRASH_DATA_MIRROR", str(_empty_folder))
    monkeypatch.setenv("FLASHCRASH_CACHE", str(_empty_folder))
    yield
    if any(_empty_folder.iterdir()):
        shutil.rmtree(_empty_folder)
        _empty_folder.mkdir()
