"""Files published with the site, beside the pages: each chart's data, spec and images, and the ledger.

While the book builds, :mod:`flashcrash.sphinxext` points ``FLASHCRASH_PUBLISH_DIR`` at a folder that
Sphinx copies to the site's root (``html_extra_path``); the notebooks' kernels inherit it. Outside a
build the variable is unset and nothing is written.

Layout in the site: ``charts/<id>.csv`` (or ``<id>-<n>.csv`` for several datasets), ``<id>.vl.json``
(the Vega-Lite spec), ``<id>.svg`` and ``<id>.png`` (drawn with vl-convert); ``claims.json`` and
``claims.csv`` (the ledger).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

PUBLISH_ENV = "FLASHCRASH_PUBLISH_DIR"
CHARTS = "charts"


def publish_dir() -> Path | None:
    value = os.environ.get(PUBLISH_ENV)
    return Path(value) if value else None


def write_chart_files(spec: dict[str, Any], folder: Path) -> list[tuple[str, str]]:
    """Write a chart's CSV data, Vega-Lite spec, SVG and PNG into ``folder/charts``.

    Returns ``(label, path relative to the site root)`` pairs, in display order.
    """
    import vl_convert as vlc

    from flashcrash.cache import content_cached
    from flashcrash.charts import VL_VERSION, chart_id, datasets_csv

    out = folder / CHARTS
    out.mkdir(parents=True, exist_ok=True)
    cid = chart_id(spec)
    links: list[tuple[str, str]] = []
    for fname, text in datasets_csv(spec):
        (out / fname).write_text(text, encoding="utf-8")
        links.append((f"CSV {fname}" if fname != f"{cid}.csv" else "CSV", f"{CHARTS}/{fname}"))
    (out / f"{cid}.vl.json").write_text(json.dumps(spec, indent=1, sort_keys=True), encoding="utf-8")
    # drawing is the slow part of a build: each image is kept in the results cache by its spec and
    # the renderer's version, and drawn again only when one of them changes
    key = f"vl-convert {vlc.__version__} vega-lite {VL_VERSION}\n{json.dumps(spec, sort_keys=True)}"
    svg = content_cached("chart-svg", key, lambda: vlc.vegalite_to_svg(spec, vl_version=VL_VERSION).encode("utf-8"))
    (out / f"{cid}.svg").write_bytes(svg)
    (out / f"{cid}.png").write_bytes(content_cached("chart-png-2x", key, lambda: vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=2)))
    links += [("SVG", f"{CHARTS}/{cid}.svg"), ("PNG", f"{CHARTS}/{cid}.png"), ("Vega-Lite spec", f"{CHARTS}/{cid}.vl.json")]
    return links


LEDGER_CSV_COLUMNS = ["id", "verdict", "chapter", "statement", "excerpt", "evidence", "figures"]


def ledger_csv(ledger: dict[str, Any]) -> str:
    """The ledger as CSV: one row per claim; ``figures`` as ``name=value unit`` joined by ``; ``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LEDGER_CSV_COLUMNS)
    for r in ledger["claims"]:
        figs = "; ".join(f"{f['name']}={f['value']} {f['unit']}".strip() for f in r["figures"])
        w.writerow([r["id"], r["verdict"], r["chapter"], r["statement"], r["excerpt"], r["evidence"], figs])
    return buf.getvalue()


def write_ledger_files(ledger: dict[str, Any], folder: Path | None = None) -> list[str]:
    """Write ``claims.json`` and ``claims.csv`` into the publish folder (if any); return their names."""
    from flashcrash.claims import ledger_json

    folder = folder or publish_dir()
    if folder is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.json").write_text(ledger_json(ledger), encoding="utf-8")
    (folder / "claims.csv").write_text(ledger_csv(ledger), encoding="utf-8")
    return ["claims.json", "claims.csv"]
