"""Altair charts that draw with no network, fit any screen, and travel with their credits and data.

Call :func:`enable` once at the top of a notebook: it registers the book's theme
(:mod:`flashcrash.figures.theme`) and an offline renderer. The charts themselves are built by
:mod:`flashcrash.figures`; this module renders, credits and publishes them. A chart then renders as HTML that calls ``window.fcEmbed`` (``_static/flashcrash.js``), which
fits the chart to its column (single and layered views take the container's width; composed views are
stacked and resized on narrow screens) and draws it with the vega bundle the book ships itself
(:mod:`flashcrash.sphinxext`), never a CDN. Each chart has a deterministic id (its ``name``).

Every chart is credited: a one-line subtitle and its data sources (from the chart's
``usermeta={"flashcrash": {"subtitle": ..., "sources": [registry source keys]}}``, else from
:data:`CREDITS`), the report's version, the chart's own address and the licence. While the site builds,
:func:`write_chart_files` publishes its data (one CSV), its Vega-Lite spec, a credited
SVG and PNG and a standalone page that embeds anywhere (``charts/<id>.html``).
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from flashcrash import pngs, svgserver
from flashcrash.build import CHARTS, VL_VERSION, build_info, current_page, publish_dir
from flashcrash.cache import content_cached
from flashcrash.figures import theme

RENDERER = "flashcrash"
#: ``summary``: a notebook shows each chart as one line naming it (checked as the renderer checks it,
#: not drawn); set for the notebook tests, which compare printouts, never charts. Every chart is
#: validated and checked in ``tests/test_figures.py`` and drawn by the book build.
DISPLAY_ENV = "FLASHCRASH_CHART_DISPLAY"
THEME = theme.NAME
#: a model's output, not a data source: credited as such
MODEL = "flashcrash models"
LEDGER = "flashcrash claims ledger"


def _sources() -> dict[str, str]:
    from flashcrash.data import loaders as L

    return {
        "5m": L.SOURCE_5M,
        "long": L.SOURCE_LONG,
        "15m": L.SOURCE_15M,
        "liq": L.SOURCE_LIQ,
        "index": L.SOURCE_INDEX,
        "bitstamp": L.SOURCE_BITSTAMP,
        "yahoo": L.SOURCE_YAHOO,
        "fred": L.SOURCE_FRED,
        "fred2": L.SOURCE_FRED2,
    }


#: Credits of the charts built in the chapter notebooks: chart id -> (one-line subtitle, sources).
#: Sources are keys of ``_sources()`` (registry sources) or :data:`MODEL` / :data:`LEDGER`. A chart
#: builder can carry its own instead: ``.properties(usermeta={"flashcrash": {"subtitle": ..., "sources": [...]}})``.
CREDITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "landing-event-path": ("Binance BTCUSDT perpetual, 5-minute low-high band and close, with the $87k and $84k levels", ("5m",)),
    "which-day-path": ("Binance BTCUSDT perpetual, 5-minute low-high band and close, with the $87k and $84k levels", ("5m",)),
    "landing-verdicts": ("Number of the article's claims in each chapter, by the verdict the data give", (LEDGER,)),
    "levels-null": ("Share of 1,000 random price levels with each bounce rate; red line: the article's level", ("15m", "long", "5m")),
    "levels-volume-profile": ("Hourly closes over the 30 days before 1 December and the volume traded in each $250 bin", ("long",)),
    "levels-price-path": ("5-minute low-high band and close, trading sessions shaded, crossings of $87k and $84k marked", ("5m",)),
    "levels-after": ("4-hour low-high range after the crash, with each touch of $87k and $84k and its outcome", ("long",)),
    "liq-hourly-observed": ("Hourly BTC liquidations, long and short, on Binance, Bybit and OKX, with the BTC price", ("liq", "long")),
    "liq-map-before": ("Modelled long and short notional by liquidation price, $250 bins, from the fitted position book", (MODEL, "liq", "long")),
    "liq-model-vs-observed": ("Hourly liquidations, observed and modelled, $M; the first day is the fit, the others tests", (MODEL, "liq", "5m")),
    "liq-amplification-band": ("Total fall divided by the exogenous fall, by size of the initial drop; band: 5-95% of bootstrap fits", (MODEL, "liq", "5m")),
    "cm-drawdowns": ("Fall from the 30 November close to the day's low, and in the hour $87k broke, per perpetual", ("5m",)),
    "cm-lead-lag": ("Correlation of each altcoin's 5-minute returns with BTC's, k minutes earlier or later", ("5m",)),
    "cm-rolling-corr": ("Trailing one-day correlation of 15-minute returns with BTC; dashed line: the crash day", ("5m",)),
    "cm-basis": ("Perpetual price over spot price minus one, hourly, in basis points; dashed line: the crash day", ("long",)),
    "cm-funding": ("30-day mean of the 8-hourly funding rate, annualised; dashed line: the crash day", ("long", "5m")),
    "cm-macro": ("Daily FRED series in the months around the crash; dashed lines: the crash day and the FOMC cuts", ("fred", "fred2")),
    "cm-crashes": ("Fall from the prior 7-day high, and the worst 1-hour and 24-hour falls, per crash", ("long",)),
    "outlook-fan": ("Quantiles of 12-month scenarios from 2 December 2025, with the realised daily price", (MODEL, "bitstamp")),
    "outlook-probabilities": ("Probability each model gave to the article's outlook events; cross: what happened", (MODEL, "bitstamp")),
    "which-day-elements": ("The best candidate days of the scan from 2024 against each element of the article", ("5m", "15m", "liq")),
    "clock-timeline": ("UTC days on which each dated sentence of the article could be true", ("long", "fred", "fred2", "yahoo")),
    "atlas-timeline": ("Every fall of 5% or more from the trailing 24-hour high, BTC spot hourly since 2018", ("long",)),
    "atlas-depth-speed": ("Depth and speed of every crash on the BTC perpetual since 2024", ("15m",)),
    "atlas-liquidations": ("Three-exchange BTC liquidations and long share of each crash the hourly file covers", ("liq", "15m")),
    "atlas-cascade-fit": ("Cascade model fitted on 1 December, without refitting, against each crash's hourly liquidations", (MODEL, "liq", "15m")),
    "atlas-like-2022": ("This crash against the 2022 crashes found by the same rule on hourly spot prices", ("long",)),
    "outlook-scores": ("Skill of each model against a driftless random walk (above zero: better)", (MODEL, "bitstamp")),
}

#: a registry source -> the provider named in credits (by the source key's prefix)
PROVIDERS = {
    "binance": "Binance",
    "coinglass": "CoinGlass",
    "cryptocompare": "CryptoCompare",
    "bitstamp": "Bitstamp",
    "fred": "FRED",
    "yfinance": "Yahoo Finance",
}


def provider(source_key: str) -> str:
    """The provider of a registry source (``binance-usdm-5m-chacal`` -> "Binance")."""
    if source_key in (MODEL, LEDGER):
        return source_key
    prefix = source_key.split("-")[0]
    if prefix not in PROVIDERS:
        raise KeyError(f"no provider named for data source {source_key!r}: add its prefix to flashcrash.charts.PROVIDERS")
    return PROVIDERS[prefix]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_id(spec: dict[str, Any]) -> str:
    """``name`` of the spec (slugified); every published chart has one (the renderer requires it)."""
    if spec.get("name"):
        return _slug(str(spec["name"]))
    import hashlib

    return "c" + hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]


def title_text(spec: dict[str, Any]) -> str:
    """The chart's title as one string (altair allows a string, a list of lines or a title object)."""
    t = spec.get("title", "")
    if isinstance(t, dict):
        t = t.get("text", "")
    if isinstance(t, list):
        t = " ".join(map(str, t))
    return str(t)


def _subtitle_of_spec(spec: dict[str, Any]) -> str:
    t = spec.get("title")
    if isinstance(t, dict) and t.get("subtitle"):
        s = t["subtitle"]
        return " ".join(s) if isinstance(s, list) else str(s)
    return ""


def credits(spec: dict[str, Any]) -> dict[str, Any]:
    """``{"subtitle", "sources": [keys], "providers": [names]}`` of a chart: its usermeta, else :data:`CREDITS`."""
    cid = chart_id(spec)
    user = spec.get("usermeta") if isinstance(spec.get("usermeta"), dict) else {}
    own = user.get("flashcrash") or {}
    table_sub, table_src = CREDITS.get(cid, ("", ()))
    subtitle = own.get("subtitle") or _subtitle_of_spec(spec) or table_sub
    names = _sources()
    keys = [names.get(s, s) for s in (own.get("sources") or table_src)]
    providers: list[str] = []
    for k in keys:
        p = provider(k)
        if p not in providers:
            providers.append(p)
    return {"subtitle": subtitle, "sources": keys, "providers": providers}


# ------------------------------------------------------------------------------------------------
# The chart's data: one table per chart
# ------------------------------------------------------------------------------------------------
def spec_datasets(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The inline datasets of a vega-lite spec (altair puts them under ``datasets``)."""
    out = dict(spec.get("datasets", {}))
    if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        out["data"] = spec["data"]["values"]
    return out


def _mark_type(node: dict[str, Any]) -> str:
    m = node["mark"]
    return m.get("type", "mark") if isinstance(m, dict) else str(m)


def dataset_uses(spec: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Dataset name -> ``(mark type, panel title)`` of every view that draws it."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def walk(node: dict[str, Any], data: str | None, panel: str) -> None:
        d = node.get("data")
        if isinstance(d, dict):
            data = d.get("name", "data" if "values" in d else data)
        if node is not spec and node.get("title"):
            panel = title_text(node)
        if "mark" in node and data:
            out[data].append((_mark_type(node), panel))
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in node.get(key, []):
                walk(child, data, panel)
        if isinstance(node.get("spec"), dict):
            walk(node["spec"], data, panel)

    walk(spec, None, "")
    return out


def _part_label(uses: list[tuple[str, str]]) -> str:
    marks = sorted({m for m, _ in uses})
    panels = sorted({p for _, p in uses if p})
    text = " and ".join(marks) + (" mark" if len(marks) == 1 else " marks") if marks else "data"
    return text + (f" in panel “{'”, “'.join(panels)}”" if panels else "")


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)$")


def _utc_iso(df: pd.DataFrame) -> pd.DataFrame:
    """Timestamps written as ``2025-12-01T00:55:00Z`` (altair writes ``+00:00``)."""
    out = df.copy()
    for c in out.columns:
        s = out[c].dropna()
        if len(s) and s.map(lambda v: isinstance(v, str) and bool(_ISO.match(v))).all():
            out[c] = pd.to_datetime(out[c], utc=True, format="ISO8601").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def chart_table(spec: dict[str, Any]) -> pd.DataFrame:
    """All of a chart's data in one table. With several datasets (layers, panels), a first column
    ``part`` says which marks draw each row; columns a part does not have are empty."""
    sets = spec_datasets(spec)
    if not sets:
        return pd.DataFrame()
    if len(sets) == 1:
        return _utc_iso(pd.DataFrame(next(iter(sets.values()))))
    uses = dataset_uses(spec)
    frames, seen = [], set()
    for name in [n for n in uses if n in sets] + [n for n in sets if n not in uses]:  # in drawing order
        base = _part_label(uses.get(name, []))
        lab, n = base, 2
        while lab in seen:
            lab, n = f"{base} ({n})", n + 1
        seen.add(lab)
        frames.append(pd.DataFrame(sets[name]).assign(part=lab))
    table = pd.concat(frames, ignore_index=True, sort=False)
    return _utc_iso(table[["part", *[c for c in table.columns if c != "part"]]])


def chart_csv(spec: dict[str, Any]) -> str:
    buf = io.StringIO()
    chart_table(spec).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


_UNIT = re.compile(r"\(([^()]*)\)\s*$|,\s*([^,]+)$")


def encoding_titles(spec: dict[str, Any]) -> dict[str, str]:
    """Field -> the title an encoding or tooltip gives it (the first one found)."""
    found: dict[str, str] = {}

    def channel(defn: Any) -> None:
        if isinstance(defn, list):
            for d in defn:
                channel(d)
        elif isinstance(defn, dict) and isinstance(defn.get("field"), str) and isinstance(defn.get("title"), str):
            found.setdefault(defn["field"], defn["title"])

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for ch in (node.get("encoding") or {}).values():
                channel(ch)
            for key in ("layer", "vconcat", "hconcat", "concat"):
                for child in node.get(key, []):
                    walk(child)
            walk(node.get("spec"))

    walk(spec)
    return found


def field_descriptions(spec: dict[str, Any], table: pd.DataFrame) -> dict[str, dict[str, str]]:
    """For each column of the chart's table: ``{"title", "unit"}`` from the chart's own axis and
    tooltip titles, else from :data:`flashcrash.tables.LABELS` or the code name spelled out."""
    from flashcrash.tables import label

    titles = encoding_titles(spec)
    out = {}
    for col in table.columns:
        if col == "part":
            out[col] = {"title": "Part of the chart", "unit": ""}
            continue
        t = titles.get(col) or label(col)
        m = _UNIT.search(t)
        unit = (m.group(1) or m.group(2) or "").strip() if m else ""
        out[col] = {"title": t[:1].upper() + t[1:], "unit": unit if len(unit) <= 12 else ""}
    return out


# ------------------------------------------------------------------------------------------------
# Credits, exported images, standalone page
# ------------------------------------------------------------------------------------------------
def chart_meta(spec: dict[str, Any], page: str | None = None) -> dict[str, Any]:
    """Everything that identifies and credits a chart (also its Vega-Lite ``usermeta``)."""
    from flashcrash.citation import CONTENT_LICENCE, CONTENT_LICENCE_URL, chart_url, url

    cid = chart_id(spec)
    info = build_info()
    cred = credits(spec)
    address = chart_url(cid)
    sources = " · ".join(cred["providers"]) if cred["providers"] else "see the data page"
    return {
        "id": cid,
        "title": title_text(spec),
        "subtitle": cred["subtitle"],
        "description": str(spec.get("description", "")),
        "sources": cred["sources"],
        "providers": cred["providers"],
        "credit": f"Source: {sources} · flashcrash {info['version']} · {address} · {CONTENT_LICENCE}",
        "url": address,
        "page": url(f"{page}.html#fig-{cid}") if page else None,
        "data": f"charts/{cid}.csv",
        "version": info["version"],
        "build_date": info["build_date"],
        "licence": CONTENT_LICENCE,
        "licence_url": CONTENT_LICENCE_URL,
    }


def published_spec(spec: dict[str, Any], meta: dict[str, Any], table: pd.DataFrame | None = None) -> dict[str, Any]:
    """The spec as published: title with its subtitle, and ``usermeta`` carrying the credits and the
    description of every data field."""
    out = json.loads(json.dumps(spec))
    out["title"] = {"text": meta["title"], "subtitle": meta["subtitle"], "anchor": "start"} if meta["subtitle"] else meta["title"]
    fields = field_descriptions(spec, chart_table(spec) if table is None else table)
    user = dict(out.get("usermeta") or {})
    user.update({k: v for k, v in meta.items()})
    user["fields"] = fields
    out["usermeta"] = user
    return out


def _wrap(text: str, width_px: float, font_px: float, sep: str = " ") -> list[str]:
    """Greedy wrap at an estimated 0.53 em per character, breaking only at ``sep``."""
    per_line = max(12, int(width_px / (font_px * 0.53)))
    lines: list[str] = []
    line = ""
    for word in text.split(sep):
        if line and len(line) + len(sep) + len(word) > per_line:
            lines.append(line)
            line = word
        else:
            line = f"{line}{sep}{word}" if line else word
    if line:
        lines.append(line)
    return lines


def credited_svg(spec: dict[str, Any], meta: dict[str, Any]) -> str:
    """The chart as SVG with, inside the image, its title, one-line subtitle and credit footer, and
    ``<title>``/``<desc>`` elements for screen readers and search."""
    import vl_convert as vlc

    bare = json.loads(json.dumps(spec))
    bare.pop("title", None)
    # drawing is the slow part of a build: the drawing is kept in the results cache by its spec and
    # the renderer's version, and drawn again only when one of them changes
    key = f"vl-convert {vlc.__version__} vega-lite {VL_VERSION}\n{json.dumps(bare, sort_keys=True)}"
    # (during the build, drawn by one renderer for every kernel: flashcrash.svgserver)
    inner = content_cached("chart-svg", key, lambda: svgserver.vegalite_to_svg(bare, VL_VERSION).encode("utf-8")).decode("utf-8")
    inner = re.sub(r"^<\?xml[^>]*>\s*", "", inner.strip())
    w = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', inner).group(1))
    h = float(re.search(r'<svg[^>]*\sheight="([\d.]+)"', inner).group(1))
    pad = 12.0
    width = max(w, 520.0)
    text_w = width - 2 * pad
    esc = html.escape
    parts: list[str] = []
    y = pad
    for line in _wrap(meta["title"], text_w, 16):
        y += 18
        parts.append(f'<text x="{pad}" y="{y:.0f}" font-family="sans-serif" font-size="16" font-weight="bold" fill="{theme.INK}">{esc(line)}</text>')
    for line in _wrap(meta["subtitle"], text_w, 12) if meta["subtitle"] else []:
        y += 15
        parts.append(f'<text x="{pad}" y="{y:.0f}" font-family="sans-serif" font-size="12" fill="{theme.MUTED}">{esc(line)}</text>')
    y += 8
    chart = inner.replace("<svg ", f'<svg x="{(width - w) / 2 if w < width else 0:.0f}" y="{y:.0f}" ', 1)
    y += h + 6
    for line in _wrap(meta["credit"], text_w, 10, sep=" · "):
        y += 12
        parts.append(f'<text x="{pad}" y="{y:.0f}" font-family="sans-serif" font-size="10" fill="{theme.MUTED}">{esc(line)}</text>')
    total = y + pad
    desc = " ".join(x if x.endswith(".") else x + "." for x in (meta["subtitle"], meta["description"], meta["credit"]) if x)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        f'width="{width:.0f}" height="{total:.0f}" viewBox="0 0 {width:.0f} {total:.0f}" role="img" '
        f'aria-labelledby="fc-title fc-desc"><title id="fc-title">{esc(meta["title"])}</title>'
        f'<desc id="fc-desc">{esc(desc)}</desc><rect width="100%" height="100%" fill="{theme.WHITE}"/>' + "".join(parts) + chart + "</svg>\n"
    )


def _spec_script(cid: str, spec: dict[str, Any]) -> str:
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<script type="application/json" id="spec-{cid}">{spec_json}</script>'
        f"<script>(function(){{var n=0;function go(){{if(!window.vegaEmbed||!window.fcEmbed){{if(n++<400)setTimeout(go,25);"
        f"else{{console.error('vega bundle missing');}}return;}}window.fcEmbed('{cid}');}}go();}})();</script>"
    )


def _heading(meta: dict[str, Any]) -> str:
    sub = f'<p class="fc-chart-subtitle">{html.escape(meta["subtitle"])}</p>' if meta["subtitle"] else ""
    return f'<p class="fc-chart-title">{html.escape(meta["title"])}</p>{sub}'


def embed_snippet(meta: dict[str, Any], height: int) -> str:
    """The ``<iframe>`` that embeds a chart's standalone page anywhere."""
    return (
        f'<iframe src="{meta["url"]}" title="{html.escape(meta["title"], quote=True)}" width="100%" '
        f'height="{height}" style="border:0;max-width:100%" loading="lazy"></iframe>'
    )


def standalone_page(spec: dict[str, Any], meta: dict[str, Any]) -> str:
    """``charts/<id>.html``: the chart alone, drawn with the site's vendored scripts (relative paths,
    no network), with its title, subtitle and credit line."""
    cid = meta["id"]
    esc = html.escape
    from flashcrash.citation import site_url

    rel_page = "../" + meta["page"][len(site_url()) :] if meta["page"] else f"{cid}.html"
    credit = esc(meta["credit"]).replace(esc(meta["url"]), f'<a href="{esc(rel_page)}" target="_top">{esc(meta["url"])}</a>')
    credit = credit.replace(esc(meta["licence"]), f'<a href="{esc(meta["licence_url"])}" target="_top" rel="license">{esc(meta["licence"])}</a>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(meta['title'])} · flashcrash</title>"
        f'<link rel="canonical" href="{esc(meta["url"])}">'
        f'<meta name="description" content="{esc(meta["description"], quote=True)}">'
        '<link rel="stylesheet" href="../_static/flashcrash.css"><link rel="icon" href="../_static/favicon.svg">'
        '<script src="../_static/flashcrash-vega.js"></script><script src="../_static/flashcrash.js"></script>'
        '</head><body class="fc-standalone">'
        f'<figure class="fc-chart" id="fig-{cid}">{_heading(meta)}'
        f'<div class="fc-vis" id="vis-{cid}" role="img" aria-label="{esc(meta["description"], quote=True)}"></div>'
        f"{_spec_script(cid, spec)}"
        f'<figcaption class="fc-credit">{credit}</figcaption></figure></body></html>\n'
    )


def write_chart_files(spec: dict[str, Any], folder: Path, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write a chart's files into ``folder/charts``: CSV, Vega-Lite spec, credited SVG and PNG, and the
    standalone page. Returns ``{"links": [(label, path from the site's root)], "embed": iframe snippet}``."""
    meta = meta or chart_meta(spec, current_page())
    out = folder / CHARTS
    out.mkdir(parents=True, exist_ok=True)
    cid = meta["id"]
    table = chart_table(spec)
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    (out / f"{cid}.csv").write_text(buf.getvalue(), encoding="utf-8")
    (out / f"{cid}.vl.json").write_text(json.dumps(published_spec(spec, meta, table), indent=1, sort_keys=True), encoding="utf-8")
    svg = credited_svg(spec, meta)
    (out / f"{cid}.svg").write_text(svg, encoding="utf-8")
    if not pngs.later():  # in the book build, drawn once the notebooks have run (flashcrash.pngs)
        (out / f"{cid}.png").write_bytes(pngs.png_of(svg))
    (out / f"{cid}.html").write_text(standalone_page(spec, meta), encoding="utf-8")
    height = int(float(re.search(r'height="([\d.]+)"', svg).group(1))) + 40
    links = [("PNG", f"{CHARTS}/{cid}.png"), ("SVG", f"{CHARTS}/{cid}.svg"), ("CSV", f"{CHARTS}/{cid}.csv"), ("Vega-Lite", f"{CHARTS}/{cid}.vl.json")]
    return {"links": links, "embed": embed_snippet(meta, height), "standalone": f"{CHARTS}/{cid}.html"}


def render_html(spec: dict[str, Any]) -> str:
    """The HTML of one chart on a page: title and subtitle, the chart, its sources, and a row of
    files (PNG · SVG · CSV · Vega-Lite · Embed) published beside the pages."""
    cid = chart_id(spec)
    folder = publish_dir()
    meta = chart_meta(spec, current_page())
    esc = html.escape
    if folder is not None:  # building the site: files published beside the pages (all pages live in book/)
        files = write_chart_files(spec, folder, meta)
        links = " · ".join(f'<a class="fc-file" href="../{path}"{" download" if label != "Embed" else ""}>{label}</a>' for label, path in files["links"])
        snippet = esc(files["embed"])
        row = (
            f'<div class="fc-links">{links} · <details class="fc-embed"><summary>Embed</summary>'
            f'<label for="embed-{cid}">Paste this into a web page to show the chart with its credits:</label>'
            f'<textarea id="embed-{cid}" class="fc-snippet" readonly rows="3">{snippet}</textarea>'
            f'<button type="button" class="fc-copy" data-copy="embed-{cid}">Copy</button></details></div>'
        )
    else:  # a notebook outside the build: the data travel inside the link
        data = base64.b64encode(chart_csv(spec).encode()).decode()
        row = f'<div class="fc-links"><a class="fc-csv" download="{cid}.csv" href="data:text/csv;charset=utf-8;base64,{data}">CSV</a></div>'
    sources = " · ".join(meta["providers"]) or "see the data page"
    return (
        f'<figure class="fc-chart" id="fig-{cid}">{_heading(meta)}'
        f'<div class="fc-vis" id="vis-{cid}" role="img" aria-label="{esc(meta["description"], quote=True)}"></div>'
        f"{_spec_script(cid, spec)}"
        f'<figcaption><p class="fc-source">Source: {esc(sources)}. Licence: {esc(meta["licence"])}.</p>{row}</figcaption></figure>'
    )


def _check_identified(get: Any, name: str) -> None:
    for key in ("name", "title", "description"):  # every published chart is identified and described
        value = get(key)
        if value is alt.Undefined or not value:
            raise ValueError(f"chart {name} has no {key!r}: set it with .properties({key}=...)")


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    _check_identified(spec.get, chart_id(spec))
    return {"text/html": render_html(spec), "text/plain": f"<chart {chart_id(spec)}>"}


def summary(chart: alt.TopLevelMixin, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """A chart as one line (``<chart id>``), checked as :func:`_renderer` checks it but not drawn:
    the display of :data:`DISPLAY_ENV` ``=summary``."""
    name = str(getattr(chart, "name", "") or "")
    _check_identified(lambda key: getattr(chart, key, alt.Undefined), _slug(name) if name else "(unnamed)")
    return {"text/plain": f"<chart {_slug(name)}>"}


def enable() -> None:
    """Register and enable the book's theme and offline renderer; charts embed their data inline.
    With :data:`DISPLAY_ENV` set to ``summary``, IPython shows charts as :func:`summary` lines."""
    theme.register()
    alt.renderers.register(RENDERER, _renderer)
    alt.renderers.enable(RENDERER)
    alt.data_transformers.disable_max_rows()
    if os.environ.get(DISPLAY_ENV) == "summary":
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, summary)


def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed from the installed vl-convert wheel, wrapped in a function
    scope (the bundle declares top-level ``const``s) and exporting ``window.vegaEmbed``."""
    return "(function(){\n" + svgserver.javascript_bundle(VL_VERSION) + "\n})();\n"
