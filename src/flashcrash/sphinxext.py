"""Sphinx extension of the book: ships the vega bundle so charts draw offline, and the book's styles.

Writes ``_static/flashcrash-vega.js`` (from vl-convert) and ``_static/flashcrash.css`` into the
built site and loads them on every page; sets up the folder of files published beside the pages.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from flashcrash import __version__
from flashcrash.charts import javascript_bundle
from flashcrash.publish import PUBLISH_ENV

BUNDLE = "flashcrash-vega.js"
CSS = "flashcrash.css"
# charts that fit the column, compact tables and chart captions
STYLE = """
figure.fc-chart { margin: 1.2em 0; overflow-x: auto; }
/* charts scale down to the column (vega's SVG has a viewBox), so legends and right axes stay visible */
.fc-vis, .fc-vis .vega-embed { max-width: 100%; }
.fc-vis svg.marks { max-width: 100%; height: auto; }
figure.fc-chart .fc-links { font-size: 0.85em; text-align: left; }
table.fc-ledger td, table.fc-landing td, table.fc-cite td { vertical-align: top; font-size: 0.9em; }
table.fc-ledger td:nth-child(3) { min-width: 16em; }
table.fc-ledger td:nth-child(4) { min-width: 22em; }
.fc-claim p { margin: 0.3em 0; }
"""
PUBLISHED = "_published"  # beside _config.yml, ignored by git, copied to the site's root


def _published_files(app, config) -> None:
    """Start each build with an empty folder for published files, tell the notebooks' kernels
    where it is, and have Sphinx copy it to the site's root. Show version and build date."""
    folder = Path(app.confdir) / PUBLISHED
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    os.environ[PUBLISH_ENV] = str(folder)
    config.html_extra_path = [*config.html_extra_path, str(folder)]
    stamp = f"flashcrash {__version__} · built {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
    opts = dict(config.html_theme_options or {})
    opts["extra_footer"] = (opts.get("extra_footer") or "") + f'<p class="fc-version">{stamp}</p>'
    config.html_theme_options = opts


def _write_bundle(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / BUNDLE).write_text(javascript_bundle(), encoding="utf-8")
    (static / CSS).write_text(STYLE, encoding="utf-8")


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """sphinx-thebe adds its inline config script once per document; a repeated ``const``
    declaration is a console error. Keep the first copy of each script."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(getattr(js, "attributes", {}).items())))
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


def setup(app):
    app.connect("config-inited", _require_data)
    app.connect("config-inited", _published_files)
    app.add_js_file(BUNDLE, priority=200)
    app.add_css_file(CSS)
    app.connect("build-finished", _write_bundle)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before handlers that may end the event
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
