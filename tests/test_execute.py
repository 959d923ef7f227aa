"""The book's notebooks run several at once, each in its own kernel (flashcrash.execute)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from flashcrash import execute as X
from flashcrash.build import PAGE_ENV


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


#: A cell printing whether its kernel's traffic is encrypted (it holds a CurveZMQ secret key; flashcrash.kernels.ENCRYPTION).
ENCRYPTED = "from ipykernel.kernelapp import IPKernelApp; print('encrypted', IPKernelApp.instance().curve_secretkey is not None)"
#: What a kernel says on the terminal when its traffic is not encrypted.
UNENCRYPTED_WARNING = "without encryption"


def _stdout(notebook_json: str) -> list[str]:
    nb = nbformat.reads(notebook_json, as_version=4)
    return ["".join(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"]


def test_the_longest_page_starts_first_and_pages_reading_the_whole_ledger_last():
    pages = ["book/intro", "book/01_which_day", "book/ledger", "book/02_support_levels", "book/06_atlas", "book/cite", "book/changes"]
    assert X.run_order(pages) == ["book/06_atlas", "book/01_which_day", "book/02_support_levels", "book/changes", "book/intro", "book/ledger", "book/cite"]
    assert X.run_order(pages[:4]) == ["book/01_which_day", "book/02_support_levels", "book/intro", "book/ledger"]
    assert X.run_order([]) == []


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_worker_count_is_refused(monkeypatch, value):
    monkeypatch.setenv(X.WORKERS_ENV, value)
    with pytest.raises(ValueError, match=X.WORKERS_ENV):
        X.workers()


def test_worker_count_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv(X.WORKERS_ENV, "3")
    assert X.workers() == 3
    monkeypatch.delenv(X.WORKERS_ENV)
    assert X.workers() >= 1


def test_no_notebook_starts_before_the_first_step_has_ended(monkeypatch, tmp_path):
    import time

    order = []
    monkeypatch.setattr(
        X, "execute_one", lambda page, path, timeout=X.TIMEOUT_S, server=None, extra_env=None: order.append(page) or X.Executed(page, "{}", 0.1)
    )
    runs = X.NotebookRuns(
        [("a", tmp_path / "a.ipynb"), ("b", tmp_path / "b.ipynb")], n_workers=2, forked=False, first=lambda: time.sleep(0.2) or order.append("first")
    )
    try:
        assert runs.result("b").page == "b" and runs.result("a").page == "a"
    finally:
        runs.close()
    assert order[0] == "first" and sorted(order[1:]) == ["a", "b"]


def test_a_failing_first_step_fails_every_notebook_with_its_error(monkeypatch, tmp_path):
    ran = []
    monkeypatch.setattr(X, "execute_one", lambda page, *a, **k: ran.append(page) or X.Executed(page, "{}", 0.1))

    def first():
        raise AttributeError("partially initialized module 'numpy' has no attribute 'integer'")

    runs = X.NotebookRuns([("a", tmp_path / "a.ipynb"), ("b", tmp_path / "b.ipynb")], n_workers=2, forked=False, first=first)
    try:
        for page in ("a", "b"):
            with pytest.raises(X.NotebookError, match=r"step before the notebooks failed: AttributeError\(.partially initialized") as exc:
                runs.result(page)
            assert isinstance(exc.value.__cause__, AttributeError)
    finally:
        runs.close()
    assert ran == []  # no notebook ran without the step before it


def test_every_failure_is_reported_after_all_have_run(monkeypatch, tmp_path):
    ran = []

    def fake(page, path, timeout=X.TIMEOUT_S, server=None, extra_env=None):
        ran.append(page)
        if "bad" in page:
            raise X.NotebookError(f"notebook {path} (page {page}) failed to execute")
        return X.Executed(page, "{}", 0.1)

    monkeypatch.setattr(X, "execute_one", fake)
    jobs = [(p, tmp_path / f"{p}.ipynb") for p in ("bad1", "good", "bad2")]
    with pytest.raises(X.NotebookError, match=r"(?s)bad1\.ipynb.*bad2\.ipynb"):
        X.execute_notebooks(jobs, n_workers=2)
    assert sorted(ran) == ["bad1", "bad2", "good"]
    monkeypatch.setattr(X, "execute_one", lambda page, path, timeout=X.TIMEOUT_S, server=None, extra_env=None: X.Executed(page, "{}", 0.1))
    assert sorted(X.execute_notebooks(jobs[1:2], n_workers=2)) == ["good"]


class _Env:
    def __init__(self, root: Path) -> None:
        self.root = root

    def doc2path(self, docname: str) -> Path:
        return self.root / (docname + (".md" if docname.endswith("reference") else ".ipynb"))


class _App:
    def __init__(self, root: Path) -> None:
        self.env = _Env(root)


def test_a_notebook_without_an_execution_recorded_under_the_current_key_is_read_again(monkeypatch, tmp_path):
    from flashcrash import cache, sphinxext

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "results"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    env = _Env(tmp_path)
    env.found_docs = {"book/01", "book/02", "book/03", "book/reference"}
    for page in ("book/01", "book/02", "book/03"):
        env.doc2path(page).parent.mkdir(parents=True, exist_ok=True)
        env.doc2path(page).write_text(f'{{"cells": [], "page": "{page}"}}', encoding="utf-8")
    X.record_execution(env.doc2path("book/01"), "executed")
    # book/02 changed (Sphinx reads it anyway); book/03 has no recorded execution; the .md page never counts
    assert sphinxext._outdated_notebooks(None, env, set(), {"book/02"}, set()) == ["book/03"]
    X.record_execution(env.doc2path("book/03"), "executed")
    assert sphinxext._outdated_notebooks(None, env, set(), set(), set()) == ["book/02"]
    env.doc2path("book/01").write_text('{"cells": [], "edited": true}', encoding="utf-8")  # another notebook: its record no longer applies
    assert sphinxext._outdated_notebooks(None, env, set(), set(), set()) == ["book/01", "book/02"]
    X.record_execution(env.doc2path("book/01"), "executed")
    X.record_execution(env.doc2path("book/02"), "executed")
    assert sphinxext._outdated_notebooks(None, env, set(), set(), set()) == []
    monkeypatch.setattr(cache, "fingerprint", lambda: "another package")  # another key (the package edited): none applies
    assert sphinxext._outdated_notebooks(None, env, set(), set(), set()) == ["book/01", "book/02", "book/03"]


def test_the_build_reads_other_pages_first_and_swaps_in_each_executed_notebook(monkeypatch, tmp_path):
    from sphinx.errors import ExtensionError

    from flashcrash import sphinxext

    executed = nbformat.v4.new_notebook()
    executed.cells = [nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)"), nbformat.v4.new_code_cell("2")]

    class FakeRuns:
        def __init__(self, jobs, n, report=None, first=None, draw_charts=False, record=False):
            self.pages = X.run_order([page for page, _ in jobs])
            self.closed = False
            assert first is X.compute_ledger  # the ledger is computed once, before the notebooks
            assert draw_charts  # the book's kernels share one chart renderer
            assert record  # and each execution is kept for the notebook tests

        def result(self, page):
            if page == "book/02":
                raise X.NotebookError("notebook book/02.ipynb (page book/02) failed to execute:\nValueError")
            return X.Executed(page, nbformat.writes(executed), 1.0)

        def close(self):
            self.closed = True

    monkeypatch.setattr(X, "NotebookRuns", FakeRuns)
    app = _App(tmp_path)
    docnames = ["book/intro", "book/01", "book/reference", "book/02"]
    sphinxext._execute_notebooks(app, app.env, docnames)
    assert docnames == ["book/reference", "book/01", "book/02", "book/intro"]  # the notebook-free page first
    source = ["the notebook as stored"]
    sphinxext._source_read(app, "book/01", source)
    cells = nbformat.reads(source[0], as_version=4).cells
    assert cells[0].metadata["tags"] == [sphinxext.HIDE_TAG] and "tags" not in cells[1].metadata
    text = ["# a page"]
    sphinxext._source_read(app, "book/reference", text)
    assert text == ["# a page"]
    runs = app.flashcrash_runs
    with pytest.raises(ExtensionError, match="book/02.ipynb"):
        sphinxext._source_read(app, "book/02", ["stored"])
    assert runs.closed
    sphinxext._stop_notebooks(app, app.env)
    assert app.flashcrash_runs is None


class _Builder:
    format = "html"


class _PngApp:
    def __init__(self, root: Path) -> None:
        self.builder = _Builder()
        self.doctreedir = root / ".doctrees"
        self.outdir = root / "site"


def test_the_build_draws_the_pngs_beside_the_notebooks_and_waits_for_them(monkeypatch, tmp_path):
    from flashcrash import cache, sphinxext
    from flashcrash.build import PUBLISH_ENV

    published = tmp_path / "published"
    (published / "charts").mkdir(parents=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'
    monkeypatch.setenv(PUBLISH_ENV, str(published))
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "results"))
    app, env = _PngApp(tmp_path), _Env(tmp_path)
    sphinxext._start_pngs(app, env, ["book/reference"])  # no notebook to run: nothing to draw
    assert getattr(app, "flashcrash_pngs", None) is None
    sphinxext._start_pngs(app, env, ["book/reference", "book/01"])
    for name, text in (("c.svg", svg), ("c.html", "<html></html>")):  # a kernel publishes a chart
        (published / "charts" / name).write_text(text, encoding="utf-8")
    sphinxext._notebooks_done(app, env)
    sphinxext._finish_pngs(app)
    assert (app.outdir / "charts" / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert app.flashcrash_pngs is None and not (app.doctreedir / sphinxext.PNGS_DONE).exists()
    # a drawer that fails fails the build with its message
    (published / "charts" / "d.svg").write_text("not an svg", encoding="utf-8")
    (published / "charts" / "d.html").write_text("<html></html>", encoding="utf-8")
    sphinxext._start_pngs(app, env, ["book/01"])
    with pytest.raises(RuntimeError, match="drawing the charts' PNGs failed"):
        sphinxext._finish_pngs(app)
    # a build that failed leaves no drawer behind
    sphinxext._start_pngs(app, env, ["book/01"])
    proc = app.flashcrash_pngs[0]
    sphinxext._build_finished(app, RuntimeError("a notebook failed"))
    assert proc.poll() is not None


class _Exited(Exception):
    pass


class _Built:
    def __init__(self, statuscode: int, finished: bool = True) -> None:
        self.statuscode = statuscode
        if finished:
            self.flashcrash_finished = True


@pytest.mark.parametrize(
    "app, last_value, leaves",
    [
        (_Built(0), None, True),  # success: leaves at once, with code 0
        (_Built(1), None, False),  # warnings under -W: the usual exit, with its code
        (_Built(0), RuntimeError("after the build"), False),  # an exception after the build
        (_Built(0, finished=False), None, False),  # the build did not reach its end
    ],
    ids=["success", "warnings", "exception-after", "unfinished"],
)
def test_the_book_command_leaves_at_once_only_after_a_successful_build(monkeypatch, app, last_value, leaves):
    from flashcrash import sphinxext

    codes = []

    def fake_exit(code):
        codes.append(code)
        raise _Exited

    monkeypatch.setattr(sphinxext, "leave_without_freeing", fake_exit)
    if last_value is None:
        monkeypatch.delattr(sphinxext.sys, "last_value", raising=False)
    else:
        monkeypatch.setattr(sphinxext.sys, "last_value", last_value, raising=False)
    if leaves:
        with pytest.raises(_Exited):
            sphinxext._leave_without_freeing(app)
        assert codes == [0]
    else:
        sphinxext._leave_without_freeing(app)
        assert codes == []


def test_leaving_without_freeing_flushes_the_output_and_keeps_the_exit_code():
    import subprocess
    import sys

    code = "import sys; from flashcrash.exits import leave_without_freeing; print('written', end=''); print('logged', end='', file=sys.stderr); leave_without_freeing(3)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (3, "written", "logged")


@pytest.mark.parametrize(
    "argv0, book", [("/x/.venv/bin/jupyter-book", True), ("jb", True), ("/x/jupyter_book/__main__.py", True), ("/x/bin/pytest", False), ("sphinx-build", False)]
)
def test_only_the_book_command_leaves_early(monkeypatch, argv0, book):
    from flashcrash import sphinxext

    monkeypatch.setattr(sphinxext.sys, "argv", [argv0, "build", "."])
    assert sphinxext._is_book_command() is book


def test_the_book_loads_the_extensions_it_uses_and_numbers_no_figures():
    """jupyter-book's LaTeX extension, when loaded, turns numfig on for every builder (Sphinx then walks
    every doctree to number figures); the book builds no LaTeX and keeps numfig off. Its other unused
    defaults (components, toggles, Thebe, intersphinx, numbering across parts) are left out too."""
    from jupyter_book.config import get_final_config

    from flashcrash.paths import repo_root

    root = repo_root()
    config, _ = get_final_config(user_yaml=root / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=root)
    assert config["numfig"] is False
    unused = {"sphinx_jupyterbook_latex", "sphinx_design", "sphinx_thebe", "sphinx_togglebutton", "sphinx.ext.intersphinx", "sphinx_multitoc_numbering"}
    assert not unused & set(config["extensions"])
    assert {"myst_nb", "sphinx_external_toc", "sphinxcontrib.bibtex", "sphinx_copybutton", "flashcrash.sphinxext", "sphinx.ext.autodoc"} <= set(
        config["extensions"]
    )


def test_sphinx_makes_no_log_records_that_its_handlers_would_drop():
    import logging
    from types import SimpleNamespace

    from sphinx.util.logging import NAMESPACE, VERBOSE

    from flashcrash import sphinxext

    logger = logging.getLogger(NAMESPACE)
    before = logger.level
    try:
        for verbosity, level in ((0, logging.INFO), (1, VERBOSE), (2, logging.DEBUG), (3, logging.DEBUG)):
            logger.setLevel(logging.DEBUG)  # as Sphinx sets it
            sphinxext._no_records_nobody_shows(SimpleNamespace(verbosity=verbosity))
            assert logger.level == level, verbosity
    finally:
        logger.setLevel(before)


def test_autodoc_looks_for_no_unused_autodoc_work():
    from types import SimpleNamespace

    from sphinx.ext.autodoc import type_comment, typehints

    from flashcrash import sphinxext

    def own_handler(app, obj, bound_method):
        return None

    def listeners():
        return {
            "autodoc-before-process-signature": [
                SimpleNamespace(id=1, handler=type_comment.update_annotations_using_type_comments),
                SimpleNamespace(id=2, handler=own_handler),
            ],
            "autodoc-process-signature": [SimpleNamespace(id=3, handler=typehints.record_typehints), SimpleNamespace(id=4, handler=own_handler)],
        }

    for mode, gone in (("signature", [1, 3]), ("none", [1, 3]), ("description", [1]), ("both", [1])):
        dropped = []
        app = SimpleNamespace(events=SimpleNamespace(listeners=listeners()), disconnect=dropped.append)
        sphinxext._no_unused_autodoc_work(app, SimpleNamespace(autodoc_typehints=mode))
        assert dropped == gone, mode


def test_where_definitions_start_and_end_is_found_only_when_read(monkeypatch):
    from sphinx.pycode import ModuleAnalyzer
    from sphinx.pycode.parser import Parser

    from flashcrash import sphinxext

    code = "import os\n\n\n@dec\ndef f(x):\n    def inner():\n        pass\n\n    return x\n\n\nclass C:\n    #: doc of a\n    a = 1\n\n    def m(self): return 1\n"
    monkeypatch.setattr(Parser, "parse_definition", Parser.parse_definition)  # Sphinx's own, restored after the test
    sphinxext._definitions_on_demand(None, None)
    analyzer = ModuleAnalyzer(code, "m", "m.py")
    assert analyzer.find_attr_docs() == {("C", "a"): ["doc of a", ""]}  # what autodoc reads
    assert analyzer.tagorder == {"os": 0, "f": 1, "C": 2, "C.a": 3, "C.m": 4}  # the order of members
    assert analyzer.tags._found is None  # not looked for
    # read, they are what Sphinx finds: first line (the decorator's) and last line, inner functions left out
    assert dict(analyzer.find_tags()) == {"f": ("def", 4, 9), "C": ("class", 12, 16), "C.m": ("def", 16, 16)}
    assert "C.m" in analyzer.tags and len(analyzer.tags) == 3


def test_the_bibtex_plugins_are_found_once_and_then_read_from_pybtex_s_registry(monkeypatch):
    from pybtex import plugin

    from flashcrash import sphinxext

    monkeypatch.setattr(plugin, "_RUNTIME_PLUGINS", {})  # pybtex's own registry, restored after the test
    sphinxext._bibtex_plugins_found_once(None, None)
    for group, name in sphinxext.BIBTEX_PLUGINS:
        assert plugin._RUNTIME_PLUGINS[group][name] is plugin.find_plugin(group, name)
    monkeypatch.setattr(plugin, "entry_points", lambda **kw: (_ for _ in ()).throw(AssertionError("entry points read")))
    assert plugin.find_plugin("pybtex.backends", "plaintext").__name__ == "Backend"  # found without reading them


def _processes_mentioning(text: str) -> list[int]:
    """Pids whose command line contains ``text`` (Linux /proc)."""
    found = []
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and text in (p / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(p.name))
        except OSError:
            continue
    return found


@pytest.mark.timeout(90)
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_forked_kernels_know_their_page_and_folder_name_a_failing_cell_stop_a_slow_one_and_leave_nothing_running(tmp_path, capfd):
    (tmp_path / "a").mkdir()
    code = f"import sys, os, pathlib; print('numpy' in sys.modules, os.environ['{PAGE_ENV}'], pathlib.Path.cwd().name)"
    good = _notebook(tmp_path / "a" / "a.ipynb", code, "print(6 * 7)", ENCRYPTED)
    bad = _notebook(tmp_path / "bad.ipynb", "x = 1", "raise ValueError('the data are missing')", "print('never')")
    slow = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)")
    seen = []
    # a server that imports only the kernel and numpy (a plain kernel imports no numpy): quick to start
    preload = ("ipykernel.kernelapp", "ipykernel.ipkernel", "numpy")
    # the slow one first: its second passes while the other two run
    runs = X.NotebookRuns(
        [("book/slow", slow), ("book/bad", bad), ("book/a", good)], n_workers=2, report=lambda ex: seen.append(ex.page), timeout=1, preload=preload
    )
    socket_path = runs._server.path
    try:
        assert runs.pages == ["book/slow", "book/bad", "book/a"]
        with pytest.raises(X.NotebookError, match=r"(?s)bad\.ipynb.*ValueError.*the data are missing"):
            runs.result("book/bad")
        ex = runs.result("book/a")
        assert _stdout(ex.notebook) == ["True book/a a\n", "42\n", "encrypted True\n"] and ex.seconds > 0  # numpy already imported: forked
        with pytest.raises(X.NotebookError, match=r"slow\.ipynb"):
            runs.result("book/slow")  # stopped after its 1 s
    finally:
        runs.close()
    assert seen == ["book/a"]  # reported when done; the failed ones are not
    assert _processes_mentioning(socket_path) == []  # the server is gone, and its kernels with it
    assert UNENCRYPTED_WARNING not in capfd.readouterr().err  # the kernels' own terminal output


@pytest.mark.timeout(60)
def test_a_forked_kernel_that_cannot_start_says_why_and_exits_1(tmp_path):
    gone = tmp_path / "gone"  # the notebook's folder, removed before its kernel starts
    code = (
        "import socket; from flashcrash import forkkernel; a, b = socket.socketpair(); "
        f"forkkernel._run_kernel({{'connection_file': 'kernel.json', 'cwd': {str(gone)!r}, 'env': {{}}}}, a, b)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "FileNotFoundError" in done.stderr and str(gone) in done.stderr  # why, not silence


@pytest.mark.timeout(60)
def test_a_single_notebook_runs_in_a_kernel_started_from_scratch(tmp_path, capfd):
    from flashcrash import forkkernel

    nb = _notebook(tmp_path / "n.ipynb", f"import sys, os; print('numpy' in sys.modules, os.environ['{PAGE_ENV}'])", ENCRYPTED)
    done = X.execute_notebooks([("book/n", nb)], n_workers=1)
    assert _stdout(done["book/n"].notebook) == ["False book/n\n", "encrypted True\n"]
    assert UNENCRYPTED_WARNING not in capfd.readouterr().err
    assert forkkernel._main([]) == 2


@pytest.mark.data
def test_the_ledger_is_computed_before_the_notebooks():
    assert X.compute_ledger() is True


@pytest.mark.parametrize("args", [("-c", "raise SystemExit(3)"), ("-c", "import time; time.sleep(30)")], ids=["fails", "too-slow"])
def test_a_ledger_that_cannot_be_computed_is_left_to_the_pages(monkeypatch, args):
    from flashcrash.cache import NO_CACHE_ENV

    monkeypatch.setenv(NO_CACHE_ENV, "1")  # computed, not read from the results cache
    monkeypatch.setattr(X, "LEDGER_ARGS", args)  # a ledger that stops with an error, or outlasts the time limit
    monkeypatch.setattr(X, "TIMEOUT_S", 0.5)
    assert X.compute_ledger() is False


def test_the_ledger_command_is_the_command_lines_ledger_in_json():
    from flashcrash.cli import _parser

    assert X.LEDGER_ARGS[:2] == ("-m", "flashcrash")
    args = _parser().parse_args(list(X.LEDGER_ARGS[2:]))
    assert args.command == "ledger" and args.json is True


def test_the_books_kernel_server_imports_the_libraries_of_every_page(monkeypatch):
    from flashcrash import forkkernel, servers

    started = []

    class Proc:
        def poll(self):
            return 0

        def wait(self):
            return 0

    monkeypatch.setattr(servers.subprocess, "Popen", lambda cmd, **_: started.append(cmd) or Proc())
    for server in (forkkernel.ForkServer(), forkkernel.ForkServer(("numpy",))):
        server.close()
    assert [cmd[3:4] + cmd[5:] for cmd in started] == [["serve", *forkkernel.PRELOAD], ["serve", "numpy"]]
    assert {"pandas", "altair", "flashcrash.notebook"} <= set(forkkernel.PRELOAD)
    assert forkkernel._main(["serve"]) == 2  # no socket: usage


@pytest.mark.parametrize("draw_charts", [True, False])
def test_the_books_kernels_are_told_the_one_chart_renderer(monkeypatch, tmp_path, draw_charts):
    from flashcrash.svgserver import SERVER_ENV as SVG_ENV

    seen, closed = [], []

    class Renderer:
        path = "/tmp/renderer.sock"

        def close(self):
            closed.append(True)

    monkeypatch.setattr(X, "_svg_server", Renderer)
    monkeypatch.setattr(
        X, "execute_one", lambda page, path, timeout=X.TIMEOUT_S, server=None, extra_env=None: seen.append(extra_env) or X.Executed(page, "{}", 0.1)
    )
    runs = X.NotebookRuns([("a", tmp_path / "a.ipynb"), ("b", tmp_path / "b.ipynb")], n_workers=2, forked=False, draw_charts=draw_charts)
    try:
        assert runs.result("a").page == "a" and runs.result("b").page == "b"
    finally:
        runs.close()
    assert seen == ([{SVG_ENV: Renderer.path}] * 2 if draw_charts else [None, None]) and closed == ([True] if draw_charts else [])
