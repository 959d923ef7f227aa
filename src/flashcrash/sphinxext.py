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


def setup(app):
    app.add_js_file(BUNDLE, priority=200)
    app.connect("build-finished", _write_bundle)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before handlers that may end the event
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
