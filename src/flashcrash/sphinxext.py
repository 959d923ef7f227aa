"""Sphinx extension of the book: offline charts, the book's styles, published files, tidy pages.

- Ships the vega bundle (``_static/flashcrash-vega.js``, from vl-convert) and the book's own
  ``flashcrash.css`` and ``flashcrash.js`` (charts that fit any width, copy buttons), on every page.
- Executes the notebooks Sphinx is about to read several at once (:mod:`flashcrash.execute`), each
  kernel told which page it runs (for chart credits), and hands them to myst-nb as executed. A
  notebook is read (and so executed) again whenever the build has no execution of it recorded
  under the results cache's key: after an edit of the package, new data or other libraries, a
  build shows what the package now computes, not the pages of the last build.
- Sets up the folder of files published beside the pages (:mod:`flashcrash.publish`) and stamps the
  build time; draws the charts' PNGs once the notebooks have run, while Sphinx writes the pages
  (:mod:`flashcrash.pngs`); writes ``datapackage.json`` at the end of the build.
- Hides the printouts the notebook validation compares: a code cell whose source starts with
  ``# NBVAL_CHECK_OUTPUT`` is tagged ``remove-cell`` as the notebook is read, so it still runs (and
  nbval still checks it in the notebook) but the site does not show it. No notebook needs editing.
- Every page's footer shows the report's version, the build date and a link to the changes page.
- Speed: autodoc does not look for type comments (the package annotates its functions), nor for
  where each definition starts and ends (no page shows source code), the build process collects
  garbage less often (:mod:`flashcrash.gcsettings`), and the ``jupyter-book``
  command leaves at once after a successful build instead of freeing its pages.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from flashcrash import __version__, gcsettings, pngs
from flashcrash.build import BUILD_TIME_ENV, PUBLISH_ENV, VL_VERSION, publish_dir
from flashcrash.exits import leave_without_freeing

BUNDLE = "flashcrash-vega.js"
CHART_MARK = '<figure class="fc-chart"'  # how a chart starts on a page (flashcrash.charts.render_html)
CSS = "flashcrash.css"
JS = "flashcrash.js"
STATIC = Path(__file__).parent / "static"
PUBLISHED = "_published"  # beside _config.yml, ignored by git, copied to the site's root
CHECKED = "# NBVAL_CHECK_OUTPUT"
HIDE_TAG = "remove-cell"
CHANGES_PAGE = "book/changes"


def hide_checked_cells(notebook_json: str) -> str:
    """The notebook with ``remove-cell`` added to the tags of every code cell that starts with
    ``# NBVAL_CHECK_OUTPUT`` (unchanged text if there is none)."""
    nb = json.loads(notebook_json)
    changed = False
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        text = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") == "code" and text.lstrip().startswith(CHECKED):
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if HIDE_TAG not in tags:
                tags.append(HIDE_TAG)
                changed = True
    return json.dumps(nb, ensure_ascii=False) if changed else notebook_json


def _published_files(app, config) -> None:
    """Start each build with an empty folder for published files, tell the notebooks' kernels where
    it is and when the build started, and have Sphinx copy it to the site's root."""
    folder = Path(app.confdir) / PUBLISHED
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    os.environ[PUBLISH_ENV] = str(folder)
    os.environ[pngs.LATER_ENV] = "1"  # the kernels write each chart's SVG; _start_pngs draws the PNGs
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    os.environ[BUILD_TIME_ENV] = now.strftime("%Y-%m-%dT%H:%MZ")
    config.html_extra_path = [*config.html_extra_path, str(folder)]
    config.html_favicon = str(STATIC / "favicon.svg")  # else browsers ask for a missing /favicon.ico


def _execute_notebooks(app, env, docnames) -> None:
    """Before Sphinx reads anything: compute the ledger (once, for every page that needs it), then
    execute every notebook Sphinx is about to read, several at once (:mod:`flashcrash.execute`);
    :func:`_source_read` waits for each as Sphinx reaches it. Sphinx
    reads the pages without a notebook first, then the notebooks in the order they run, so pages are
    read while later notebooks still run."""
    from sphinx.util import logging

    from flashcrash.execute import NotebookRuns, compute_ledger, workers

    log = logging.getLogger(__name__)
    jobs = [(d, Path(env.doc2path(d))) for d in sorted(docnames) if str(env.doc2path(d)).endswith(".ipynb")]
    if not jobs:
        return
    n = workers()
    log.info(f"flashcrash: executing {len(jobs)} notebooks, {n} at a time")
    runs = NotebookRuns(
        jobs, n, report=lambda ex: log.info(f"flashcrash: executed {ex.page} in {ex.seconds:.1f} s"), first=compute_ledger, draw_charts=True, record=True
    )
    app.flashcrash_runs = runs
    # the other pages are read while the first notebooks run; then the notebooks, in the order they finish
    docnames[:] = [d for d in docnames if d not in runs.pages] + runs.pages


def _outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    """The notebook pages Sphinx would not read again (their files did not change) but whose
    recorded execution is missing under the results cache's current key
    (:func:`flashcrash.execute.recorded_execution`): the package, the data or the libraries changed
    since the last build, so what the notebook computes may have changed too."""
    from flashcrash.execute import recorded_execution

    fresh = set(added) | set(changed) | set(removed)
    notebooks = [d for d in sorted(env.found_docs) if d not in fresh and str(env.doc2path(d)).endswith(".ipynb")]
    return [d for d in notebooks if recorded_execution(Path(env.doc2path(d))) is None]


def _source_read(app, docname, source) -> None:
    """Before a notebook is parsed: swap in the notebook as executed (:func:`_execute_notebooks`),
    waiting for it if it is still running, and hide its checked printouts."""
    from sphinx.errors import ExtensionError

    from flashcrash.execute import NotebookError

    runs = getattr(app, "flashcrash_runs", None)
    if runs is not None and docname in runs.pages:
        try:
            source[0] = runs.result(docname).notebook
        except NotebookError as exc:
            runs.close()
            raise ExtensionError(str(exc)) from None
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = hide_checked_cells(source[0])


def _stop_notebooks(app, env) -> None:
    """Once every page is read, no notebook is still running."""
    runs = getattr(app, "flashcrash_runs", None)
    if runs is not None:
        runs.close()
        app.flashcrash_runs = None


#: Seconds the build waits for the charts' PNGs at its end (they take a few seconds).
PNG_TIMEOUT_S = 600
#: Created (in the doctrees folder) once every notebook has run: the PNG drawer then finishes.
PNGS_DONE = "flashcrash-notebooks-done"


def _start_pngs(app, env, docnames) -> None:
    """With the notebooks: a low-priority process that draws each chart's PNG straight into the
    site as soon as a kernel has written the chart (:func:`flashcrash.pngs.serve`)."""
    published = publish_dir()
    notebooks = any(str(env.doc2path(d)).endswith(".ipynb") for d in docnames)
    if app.builder.format != "html" or published is None or not notebooks:
        return
    done = Path(app.doctreedir) / PNGS_DONE
    done.parent.mkdir(parents=True, exist_ok=True)
    done.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "flashcrash.pngs", str(published), str(app.outdir), "--until", str(done)]
    app.flashcrash_pngs = (subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), done)


def _notebooks_done(app, env) -> None:
    """Every notebook has run: the PNG drawer draws what is left and stops."""
    started = getattr(app, "flashcrash_pngs", None)
    if started is not None:
        started[1].touch()


def _finish_pngs(app) -> None:
    """Wait for the PNGs (:func:`_start_pngs`); a failure fails the build with the drawer's message."""
    started = getattr(app, "flashcrash_pngs", None)
    if started is None:
        return
    app.flashcrash_pngs = None
    proc, done = started
    done.touch()
    try:
        _, err = proc.communicate(timeout=PNG_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"drawing the charts' PNGs took more than {PNG_TIMEOUT_S} s") from None
    finally:
        done.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(err.strip() or f"drawing the charts' PNGs failed (exit {proc.returncode})")


def footer_html(pathto) -> str:
    """``flashcrash <version> · built <date> UTC · Changes and corrections`` (a link)."""
    stamp = os.environ.get(BUILD_TIME_ENV, "")
    built = stamp.replace("T", " ").replace("Z", " UTC") if stamp else "not stamped"
    return f'<p class="fc-version">flashcrash {__version__} · built {built} · <a href="{pathto(CHANGES_PAGE)}">Changes and corrections</a></p>'


def _page_context(app, pagename, templatename, context, doctree) -> None:
    """The footer with version, build date and a link to the changes page that works from every
    page; the colour mode the theme starts in; each script once (an inline script added twice
    repeats its ``const`` declarations, a console error: sphinx-thebe's config did, when it was
    loaded); and the vega bundle only on pages that show a chart (900 KB that a page of text need
    not load)."""
    if "pathto" in context:
        context["theme_extra_footer"] = footer_html(context["pathto"])
    if not context.get("default_mode"):  # the theme reads it; empty, a first visit logs a console error
        context["default_mode"] = "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    charts = CHART_MARK in context.get("body", "")
    seen, kept = set(), []
    for js in scripts:
        name = str(getattr(js, "filename", js) or "")
        key = (name, tuple(sorted(getattr(js, "attributes", {}).items())))
        if name == f"_static/{BUNDLE}" and not charts:  # Sphinx names the files it was given under _static/
            continue
        if key not in seen:
            seen.add(key)
            kept.append(js)
    scripts[:] = kept


def _require_data(app, config) -> None:
    """Stop the build before any notebook runs, with one message, when the raw data are missing."""
    from sphinx.errors import ConfigError

    from flashcrash.data.registry import data_problem

    problem = data_problem()
    if problem is not None:
        raise ConfigError(problem)


def _start_bundle(app, config) -> None:
    """Start making the vega bundle in a process of its own: from scratch it takes seconds, which
    then pass while the notebooks run instead of at the end of the build (:func:`_build_finished`)."""
    from flashcrash.svgserver import start_bundle

    app.flashcrash_bundle = start_bundle(VL_VERSION)


def _build_finished(app, exception) -> None:
    maker = getattr(app, "flashcrash_bundle", None)
    if maker is not None:
        maker.wait()  # long done: the bundle is in the results cache (else it is made below)
    if exception is not None:
        started = getattr(app, "flashcrash_pngs", None)
        if started is not None:  # the build failed: leave no drawing process behind
            started[0].kill()
            started[0].wait()
            started[1].unlink(missing_ok=True)
        return
    _finish_pngs(app)  # before the data package, which lists the site's files
    if app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    static.mkdir(parents=True, exist_ok=True)
    # imported here: altair and pandas would add a second to the start of every build
    from flashcrash.charts import javascript_bundle
    from flashcrash.publish import write_datapackage

    (static / BUNDLE).write_text(javascript_bundle(), encoding="utf-8")
    for name in (CSS, JS):
        shutil.copyfile(STATIC / name, static / name)
    write_datapackage(out)
    if _is_book_command():
        app.flashcrash_finished = True
        atexit.register(_leave_without_freeing, app)


def _is_book_command() -> bool:
    """True in the process of the ``jupyter-book`` command (not where Sphinx runs inside another program)."""
    return Path(sys.argv[0]).name in {"jupyter-book", "jb"} or sys.argv[0].endswith(os.path.join("jupyter_book", "__main__.py"))


def _leave_without_freeing(app) -> None:
    """At the exit of a ``jupyter-book`` command whose build succeeded: leave without freeing the
    pages, doctrees and notebooks it holds one object at a time (about 2 s of a build, measured).
    A build with warnings or errors, or an exception after it, exits the usual way with its code."""
    if app.statuscode != 0 or getattr(sys, "last_value", None) is not None or not getattr(app, "flashcrash_finished", False):
        return
    leave_without_freeing(0)


def _no_unused_autodoc_work(app, config) -> None:
    """autodoc reads each function's source again to look for ``# type:`` comments; the package
    annotates its functions instead, and the search cost about a second of every build. It also
    records every documented callable's type hints for descriptions of the parameters, which are
    made only when ``autodoc_typehints`` is "both" or "description" (the book shows them in the
    signature): the recording, about 0.2 s of every build, is then left out too."""
    unused = [("autodoc-before-process-signature", "sphinx.ext.autodoc.type_comment", None)]
    if config.autodoc_typehints not in ("both", "description"):
        unused.append(("autodoc-process-signature", "sphinx.ext.autodoc.typehints", "record_typehints"))
    for event, module, name in unused:
        for listener in list(app.events.listeners.get(event, [])):
            handler = listener.handler
            if getattr(handler, "__module__", "") == module and name in (None, getattr(handler, "__name__", "")):
                app.disconnect(listener.id)


class DefinitionsOnDemand(Mapping):
    """Where each class and function of a module's source starts and ends (``{name: (kind, first
    line, last line)}``, what Sphinx's ``DefinitionFinder`` finds), found the first time it is read."""

    def __init__(self, code: str) -> None:
        self._code = code
        self._found: dict[str, tuple[str, int, int]] | None = None

    def _definitions(self) -> dict[str, tuple[str, int, int]]:
        if self._found is None:
            from sphinx.pycode.parser import DefinitionFinder

            finder = DefinitionFinder(self._code.splitlines(True))
            finder.parse()
            self._found = finder.definitions
        return self._found

    def __getitem__(self, name: str) -> tuple[str, int, int]:
        return self._definitions()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._definitions())

    def __len__(self) -> int:
        return len(self._definitions())


def _parse_definition_on_demand(parser) -> None:
    parser.definitions = DefinitionsOnDemand(parser.code)


def _no_records_nobody_shows(app) -> None:
    """Sphinx's logger passes every record down to its handlers, which drop those the verbosity does
    not show; and Sphinx logs each event it emits at DEBUG (about 11,500 records in a build of this
    book, each made and then dropped: about half a second). Set the logger's level to the lowest
    level its handlers show at this verbosity (INFO by default), so that those records are not made.
    With ``-v`` or more, nothing changes."""
    from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP

    shown = VERBOSITY_MAP[app.verbosity]  # the level of Sphinx's own info handlers
    if shown > logging.DEBUG:
        logging.getLogger(NAMESPACE).setLevel(shown)


def _definitions_on_demand(app, config) -> None:
    """Sphinx reads the source of each module autodoc documents in two passes: one (``ast``) for
    its attributes' ``#:`` comments and the order of its members, which autodoc uses, and one, token
    by token in Python, for the lines where each definition starts and ends, which only shown source
    code reads (``literalinclude``'s ``:pyobject:``, the viewcode extension; the book uses neither).
    The second pass now runs only if something reads its result: about half a second less on the
    build's main process (measured)."""
    from sphinx.pycode.parser import Parser

    Parser.parse_definition = _parse_definition_on_demand


#: The pybtex plugins sphinxcontrib-bibtex looks up for every citation it writes.
BIBTEX_PLUGINS = (("pybtex.backends", "plaintext"), ("pybtex.backends", "docutils"))


def _bibtex_plugins_found_once(app, config) -> None:
    """pybtex finds a plugin by reading every installed package's entry points, about 10 ms a
    lookup, and sphinxcontrib-bibtex looks up the plain-text backend once per citation: 0.4 s of
    the build's last, single-process step. Each plugin it uses is looked up here once and registered
    with pybtex (its ``register_plugin``), which later lookups read first."""
    try:
        from pybtex import plugin
    except ImportError:  # the book without its bibliography extension
        return
    for group, name in BIBTEX_PLUGINS:
        plugin.register_plugin(group, name, plugin.find_plugin(group, name), force=True)


def setup(app):
    gcsettings.for_batch_work()  # the build holds every page's doctree: fewer full scans of them
    _no_records_nobody_shows(app)
    app.connect("config-inited", _require_data)
    app.connect("config-inited", _published_files)
    app.connect("config-inited", _start_bundle)
    app.connect("config-inited", _no_unused_autodoc_work)
    app.connect("config-inited", _bibtex_plugins_found_once)
    app.connect("config-inited", _definitions_on_demand)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("env-before-read-docs", _execute_notebooks)
    app.connect("env-before-read-docs", _start_pngs)
    app.connect("source-read", _source_read)
    app.connect("env-updated", _stop_notebooks)
    app.connect("env-updated", _notebooks_done)
    app.add_js_file(BUNDLE, priority=200)
    app.add_js_file(JS, priority=210)
    app.add_css_file(CSS)
    app.connect("build-finished", _build_finished)
    app.connect("html-page-context", _page_context, priority=100)  # before handlers that may end the event
    return {"version": "2", "parallel_read_safe": False, "parallel_write_safe": True}
