"""Sphinx extension of the book: ships the vega bundle so charts draw offline.

Writes ``_static/flashcrash-vega.js`` (from vl-convert) into the built site and loads it on
every page, before the charts' own scripts run.
"""

from __future__ import annotations

from pathlib import Path

from flashcrash.charts import javascript_bundle

BUNDLE = "flashcrash-vega.js"


def _write_bundle(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / BUNDLE).write_text(javascript_bundle(), encoding="utf-8")


def setup(app):
    app.add_js_file(BUNDLE, priority=200)
    app.connect("build-finished", _write_bundle)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
