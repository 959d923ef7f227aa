"""Altair charts that draw with no network, each with a title, tooltips and its data as CSV.

Call :func:`enable` once at the top of a notebook. Charts then render as HTML that calls
``window.vegaEmbed`` from a vega bundle the book ships itself (see :mod:`flashcrash.sphinxext`),
never a CDN. Each chart gets a deterministic id (its ``name``, else a hash of its spec) so stored
outputs do not change from run to run, and a "data (CSV)" link with the chart's inline data.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from typing import Any

import altair as alt
import pandas as pd

RENDERER = "flashcrash"
#: vega-lite version bundled by vl-convert that matches altair 6.3's schema
VL_VERSION = "6.4"
ACTIONS = {"export": True, "source": False, "compiled": False, "editor": False}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_id(spec: dict[str, Any]) -> str:
    """``name`` of the spec if set (slugified), else the first 10 hex of the spec's SHA-1."""
    if spec.get("name"):
        return _slug(str(spec["name"]))
    return "c" + hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]


def spec_datasets(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The inline datasets of a vega-lite spec (altair puts them under ``datasets``)."""
    out = dict(spec.get("datasets", {}))
    if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        out["data"] = spec["data"]["values"]
    return out


def datasets_csv(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(file name, CSV text) for each inline dataset of the spec; a single one is ``<id>.csv``."""
    cid = chart_id(spec)
    sets = spec_datasets(spec)
    out = []
    for i, (_, rows) in enumerate(sorted(sets.items())):
        fname = f"{cid}.csv" if len(sets) == 1 else f"{cid}-{i + 1}.csv"
        buf = io.StringIO()
        pd.DataFrame(rows).to_csv(buf, index=False, lineterminator="\n")
        out.append((fname, buf.getvalue()))
    return out


def render_html(spec: dict[str, Any]) -> str:
    """The HTML of one chart: a container, the spec as JSON, a loader script and CSV links."""
    cid = chart_id(spec)
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    from flashcrash.publish import publish_dir, write_chart_files

    folder = publish_dir()
    if folder is not None:  # building the site: link files published beside the pages (all pages live in book/)
        links = " · ".join(
            f'<a class="fc-file" href="../{path}" download>{"data (" + label + ")" if label.startswith("CSV") else label}</a>'
            for label, path in write_chart_files(spec, folder)
        )
    else:  # a notebook outside the build: the data travel inside the link
        many = len(spec_datasets(spec)) > 1
        links = " ".join(
            f'<a class="fc-csv" download="{fname}" href="data:text/csv;charset=utf-8;base64,'
            f'{base64.b64encode(text.encode()).decode()}">data (CSV{": " + html.escape(fname) if many else ""})</a>'
            for fname, text in datasets_csv(spec)
        )
    desc = html.escape(str(spec.get("description", "")))
    return (
        f'<figure class="fc-chart" id="fig-{cid}" aria-label="{desc}">'
        f'<div class="fc-vis" id="vis-{cid}" role="img" aria-label="{desc}"></div>'
        f'<script type="application/json" id="spec-{cid}">{spec_json}</script>'
        f"<script>(function(){{var n=0;function go(){{if(!window.vegaEmbed){{if(n++<400)setTimeout(go,25);"
        f"else{{console.error('vega bundle missing');}}return;}}"
        f"var s=JSON.parse(document.getElementById('spec-{cid}').textContent);"
        f"window.vegaEmbed('#vis-{cid}',s,{{renderer:'svg',actions:{json.dumps(ACTIONS)}}})"
        f".catch(function(e){{console.error(e);}});}}go();}})();</script>"
        f'<figcaption class="fc-links">{links}</figcaption></figure>'
    )


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    for key in ("name", "title", "description"):  # every published chart is identified and described
        if not spec.get(key):
            raise ValueError(f"chart {chart_id(spec)} has no {key!r}: set it with .properties({key}=...)")
    return {"text/html": render_html(spec), "text/plain": f"<chart {chart_id(spec)}>"}


def enable() -> None:
    """Register and enable the offline renderer; charts embed their data inline (no files)."""
    alt.renderers.register(RENDERER, _renderer)
    alt.renderers.enable(RENDERER)
    alt.data_transformers.disable_max_rows()


def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed from the installed vl-convert wheel, wrapped in a function
    scope (the bundle declares top-level ``const``s) and exporting ``window.vegaEmbed``."""
    import vl_convert as vlc

    return "(function(){\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"
