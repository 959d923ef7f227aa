"""Files published with the site, beside the pages, for readers, journalists and machines.

While the book builds, :mod:`flashcrash.sphinxext` points ``FLASHCRASH_PUBLISH_DIR`` at a folder that
Sphinx copies to the site's root (``html_extra_path``), stamps the build time in
``FLASHCRASH_BUILD_TIME`` and names the page being executed in ``FLASHCRASH_PAGE``; the notebooks'
kernels inherit all three (:mod:`flashcrash.build`). Outside a build nothing is written. Each chart's
files are written by :func:`flashcrash.charts.write_chart_files`.

Layout in the site's root:

- ``charts/<id>.csv`` (the chart's data, one file), ``<id>.vl.json`` (Vega-Lite spec with credits in
  ``usermeta``), ``<id>.svg`` and ``<id>.png`` (credited images), ``<id>.html`` (standalone, embeddable);
- ``claims.json`` (the ledger with version, build date, licence, verdicts in words), ``claims.csv``,
  ``claims.jsonld`` (one schema.org ``ClaimReview`` per claim);
- ``datapackage.json`` (Frictionless Data Package of ``claims.csv`` and every chart's CSV).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from flashcrash.build import CHARTS, build_info, publish_dir
from flashcrash.claims import PENDING
from flashcrash.rules.base import (
    CONTRADICTED,
    NOT_CHECKABLE,
    PARTLY,
    REPRODUCED,
    VERDICTS,
)

#: ClaimReview rating: how far public market data support the claim, worst 1 to best 4
RATING = {CONTRADICTED: 1, NOT_CHECKABLE: 2, PARTLY: 3, REPRODUCED: 4}
WORST_RATING, BEST_RATING = 1, 4
RATING_SCALE = (
    "How far public market data support the claim: 1 contradicted (the data say otherwise), "
    "2 not checkable (no public data settle it), 3 partly reproduced, 4 reproduced."
)


# ------------------------------------------------------------------------------------------------
# Changes and corrections
# ------------------------------------------------------------------------------------------------
CHANGE_FIELDS = ("date", "claim", "old", "new", "reason")


def changes_path() -> Path:
    from flashcrash.paths import data_dir

    return data_dir() / "changes.yaml"


def load_changes(path: Path | None = None, claim_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """The entries of ``data/changes.yaml``, oldest first, each with its page ``anchor``.

    Every entry needs ``date`` (YYYY-MM-DD), ``claim`` (a known claim id), ``old`` and ``new`` (verdict
    codes; ``old`` may be ``pending``) and a ``reason``; ``version`` is optional. A bad entry is an error.
    """
    p = path or changes_path()
    doc = yaml.safe_load(p.read_text(encoding="utf-8")) if p.is_file() else None
    entries = (doc or {}).get("changes") or []
    if claim_ids is None:
        from flashcrash.claims import load_claims

        claim_ids = {c.id for c in load_claims()}
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        where = f"{p.name}, entry {i + 1}"
        missing = [f for f in CHANGE_FIELDS if not e.get(f)]
        if missing:
            raise ValueError(f"{where}: missing {missing}")
        date = str(e["date"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError(f"{where}: date must be YYYY-MM-DD, got {date!r}")
        if e["claim"] not in claim_ids:
            raise ValueError(f"{where}: unknown claim {e['claim']!r}")
        if e["old"] not in (*VERDICTS, PENDING) or e["new"] not in VERDICTS:
            raise ValueError(f"{where}: old and new must be verdict codes {VERDICTS}, got {e['old']!r} -> {e['new']!r}")
        if e["old"] == e["new"]:
            raise ValueError(f"{where}: the verdict did not change ({e['old']!r})")
        anchor = f"change-{date}-{e['claim']}"
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor += f"-{seen[anchor]}"
        out.append({**{k: e[k] for k in CHANGE_FIELDS}, "date": date, "version": str(e.get("version") or ""), "anchor": anchor})
    return sorted(out, key=lambda x: x["date"])


def changes_by_claim(changes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in changes:
        out.setdefault(c["claim"], []).append(c)
    return out


# ------------------------------------------------------------------------------------------------
# The ledger, published
# ------------------------------------------------------------------------------------------------
def published_ledger(ledger: dict[str, Any], changes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``claims.json``: the ledger with the report's version, build date, address and licence, the
    article it checks, and for each claim its verdict in words, its permanent address and its changes."""
    from flashcrash.citation import (
        ARTICLE,
        CONTENT_LICENCE,
        CONTENT_LICENCE_URL,
        citation,
        claim_url,
        site_url,
        verdict_words,
    )

    info = build_info()
    by_claim = changes_by_claim(changes or [])
    cff = citation()
    rows = []
    for r in ledger["claims"]:
        row: dict[str, Any] = {"id": r["id"], "url": claim_url(r["id"])}
        for k, v in r.items():
            if k == "id":
                continue
            row[k] = v
            if k == "verdict":
                row["verdict_words"] = verdict_words(v)
        row["changes"] = [site_url() + "book/changes.html#" + c["anchor"] for c in by_claim.get(r["id"], [])]
        rows.append(row)
    return {
        "title": cff.get("preferred-citation", cff)["title"],
        "url": site_url(),
        "version": info["version"],
        "build_date": info["build_date"],
        "built_at": info["built_at"],
        "licence": {
            "name": CONTENT_LICENCE,
            "url": CONTENT_LICENCE_URL,
            "covers": "text, charts, chart data and this ledger; the code is under the repository's licence; market data under each source's terms",
        },
        "article": {k: ARTICLE[k] for k in ("outlet", "outlet_url", "headline", "first_heading", "date", "address", "copy_url")},
        "verdicts": {v: verdict_words(v) for v in VERDICTS},
        "rating_scale": RATING_SCALE,
        "claims": rows,
    }


LEDGER_CSV_COLUMNS = ["id", "url", "verdict", "verdict_words", "chapter", "statement", "excerpt", "evidence", "rule", "evidence_kind", "figures"]


def ledger_csv(ledger: dict[str, Any]) -> str:
    """The ledger as CSV: one row per claim; ``rule`` is the rule's sentence; ``evidence_kind`` and
    ``figures`` (as ``name=value unit``) are joined by ``; ``."""
    from flashcrash.citation import claim_url, verdict_words

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LEDGER_CSV_COLUMNS)
    for r in ledger["claims"]:
        figs = "; ".join(f"{f['name']}={f['value']} {f['unit']}".strip() for f in r["figures"])
        rule = (r.get("rule") or {}).get("text", "")
        kinds = "; ".join(r.get("evidence_kind") or [])
        w.writerow(
            [
                r["id"],
                claim_url(r["id"]),
                r["verdict"],
                verdict_words(r["verdict"]),
                r["chapter"],
                r["statement"],
                r["excerpt"],
                r["evidence"],
                rule,
                kinds,
                figs,
            ]
        )
    return buf.getvalue()


def _article_work() -> dict[str, Any]:
    from flashcrash.citation import ARTICLE

    a = ARTICLE
    work: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": a["headline"] or a["first_heading"],
        "inLanguage": a["language"],
        "publisher": {"@type": "Organization", "name": a["outlet"], "url": a["outlet_url"]},
        "description": " ".join((a["headline_note"], a["date_note"], a["address_note"])),
    }
    if a["date"]:
        work["datePublished"] = a["date"]
    work["url"] = a["address"] or a["copy_url"]
    return work


def claim_reviews(ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` per assessed claim (pending claims have none yet)."""
    from flashcrash.citation import (
        ARTICLE,
        citation,
        claim_url,
        site_url,
        verdict_words,
    )

    info = build_info()
    cff = citation()
    author = {"@type": "Organization", "name": cff["authors"][0].get("name", "The flashcrash authors"), "url": site_url()}
    out = []
    for r in ledger["claims"]:
        if r["verdict"] not in RATING:
            continue
        rule = (r.get("rule") or {}).get("text")
        out.append(
            {
                "@type": "ClaimReview",
                "@id": claim_url(r["id"]),
                "url": claim_url(r["id"]),
                "claimReviewed": r["statement"],
                "datePublished": info["build_date"],
                "author": author,
                "publisher": author,
                "itemReviewed": {
                    "@type": "Claim",
                    "text": r["excerpt"],
                    "author": {"@type": "Organization", "name": ARTICLE["outlet"], "url": ARTICLE["outlet_url"]},
                    "appearance": _article_work(),
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[r["verdict"]],
                    "bestRating": BEST_RATING,
                    "worstRating": WORST_RATING,
                    "alternateName": verdict_words(r["verdict"]),
                    "ratingExplanation": (f"{rule} " if rule else "") + RATING_SCALE,
                },
                "reviewBody": r["evidence"],
                "version": info["version"],
            }
        )
    return out


def claims_jsonld(ledger: dict[str, Any]) -> dict[str, Any]:
    """``claims.jsonld``: the ClaimReviews as one JSON-LD document."""
    return {"@context": "https://schema.org", "@graph": claim_reviews(ledger)}


def jsonld_script(ledger: dict[str, Any]) -> str:
    """The ledger page's ``<script type="application/ld+json">`` with every ClaimReview."""
    text = json.dumps(claims_jsonld(ledger), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def write_ledger_files(ledger: dict[str, Any], folder: Path | None = None, changes: list[dict[str, Any]] | None = None) -> list[str]:
    """Write ``claims.json``, ``claims.csv`` and ``claims.jsonld`` into the publish folder (if any)."""
    folder = folder or publish_dir()
    if folder is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.json").write_text(json.dumps(published_ledger(ledger, changes), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "claims.csv").write_text(ledger_csv(ledger), encoding="utf-8")
    (folder / "claims.jsonld").write_text(json.dumps(claims_jsonld(ledger), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return ["claims.json", "claims.csv", "claims.jsonld"]


# ------------------------------------------------------------------------------------------------
# Data package
# ------------------------------------------------------------------------------------------------
CLAIMS_FIELDS = [
    ("id", "string", "Claim id: stable, the claim's anchor on the ledger page", ""),
    ("url", "string", "The claim's permanent address", ""),
    ("verdict", "string", "Verdict code: one of " + ", ".join(VERDICTS) + " (or pending)", ""),
    ("verdict_words", "string", "The verdict in words", ""),
    ("chapter", "string", "Id of the chapter that tests the claim", ""),
    ("statement", "string", "The claim in the report's words", ""),
    ("excerpt", "string", "A verbatim fragment of the article", ""),
    ("evidence", "string", "What the data show, in one or two sentences", ""),
    ("rule", "string", "The rule that gives the verdict, in one sentence", ""),
    ("evidence_kind", "string", "What the verdict rests on (market data, model, contemporaneous reports), joined by '; '", ""),
    ("figures", "string", "The figures behind the verdict as name=value unit, joined by '; '", ""),
]

_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def infer_type(values: list[str]) -> str:
    """Table Schema type of a CSV column from its non-empty cells."""
    v = [x for x in values if x != ""]
    if not v:
        return "string"
    for pattern, kind in ((_INT, "integer"), (_NUM, "number"), (_DT, "datetime"), (_DATE, "date")):
        if all(pattern.match(x) for x in v):
            return kind
    if all(x in ("True", "False") for x in v):
        return "boolean"
    return "string"


def _sentences(*parts: str | None) -> str:
    """Non-empty parts as sentences, each ending with a full stop."""
    return " ".join(p.strip() if p.strip().endswith(".") else p.strip() + "." for p in parts if p and p.strip())


def _csv_columns(path: Path) -> dict[str, list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return {}
    head, body = rows[0], rows[1:]
    return {h: [r[i] if i < len(r) else "" for r in body] for i, h in enumerate(head)}


def _source_entries(keys: list[str]) -> list[dict[str, str]]:
    from flashcrash import charts as C
    from flashcrash.citation import url
    from flashcrash.data import registry

    reg = registry()
    titles = {s: e for (s, _), e in reg.items()}
    out = []
    for k in keys:
        if k in titles:
            e = titles[k]
            out.append({"title": f"{C.provider(k)}: {e.title} Terms: {e.licence}", "path": url(f"book/data_sources.html#src-{k}")})
        else:
            out.append({"title": k, "path": url("book/reproduce.html")})
    return out


_CSV_RESOURCE = {"profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}


def _licences() -> list[dict[str, str]]:
    """The content licence (CC BY 4.0) as a Data Package ``licenses`` list."""
    from flashcrash.citation import CONTENT_LICENCE, CONTENT_LICENCE_SPDX, CONTENT_LICENCE_URL

    return [{"name": CONTENT_LICENCE_SPDX, "title": f"Creative Commons Attribution 4.0 ({CONTENT_LICENCE})", "path": CONTENT_LICENCE_URL}]


def _claims_resource(lic: list[dict[str, str]]) -> dict[str, Any]:
    """The resource of ``claims.csv`` (the ledger), with its schema from :data:`CLAIMS_FIELDS`."""
    return {
        "name": "claims",
        "path": "claims.csv",
        **_CSV_RESOURCE,
        "title": "The claims ledger",
        "description": "Every checkable claim of the article with its verdict, the rule that gives it, the evidence and the figures.",
        "licenses": lic,
        "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d, _ in CLAIMS_FIELDS], "primaryKey": ["id"]},
    }


def _chart_fields(csv_path: Path, meta: dict[str, Any]) -> list[dict[str, str]]:
    """Schema fields of a chart's CSV: name, inferred type, description (title and unit from the
    chart's ``usermeta``) and the unit when the chart states one."""
    fields = []
    for name, values in _csv_columns(csv_path).items():
        d = (meta.get("fields") or {}).get(name, {})
        title = d.get("title", name)
        desc = title + (f" (unit: {d['unit']})" if d.get("unit") and d["unit"] not in title else "")
        field = {"name": name, "type": infer_type(values), "description": desc}
        if d.get("unit"):
            field["unit"] = d["unit"]
        fields.append(field)
    return fields


def _chart_resource(cid: str, csv_path: Path, meta: dict[str, Any], lic: list[dict[str, str]]) -> dict[str, Any]:
    """The resource of one chart's data (``charts/<cid>.csv``), described from the chart's ``usermeta``."""
    return {
        "name": cid,
        "path": f"{CHARTS}/{cid}.csv",
        **_CSV_RESOURCE,
        "title": meta.get("title") or cid,
        "description": _sentences(
            meta.get("subtitle"), meta.get("description"), f"Chart: {meta.get('url', '')}", "Derived from the sources listed, which keep their own terms"
        ),
        "sources": _source_entries(list(meta.get("sources") or [])),
        "licenses": lic,
        "schema": {"fields": _chart_fields(csv_path, meta)},
    }


def _chart_resources(folder: Path, lic: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """A resource per chart spec in ``folder/charts`` that has its CSV beside it, in name order, and
    the source keys they name (each once, in order of first mention)."""
    resources: list[dict[str, Any]] = []
    all_sources: list[str] = []
    for spec_path in sorted((folder / CHARTS).glob("*.vl.json")):
        meta = json.loads(spec_path.read_text(encoding="utf-8")).get("usermeta") or {}
        cid = spec_path.name[: -len(".vl.json")]
        csv_path = folder / CHARTS / f"{cid}.csv"
        if not csv_path.is_file():
            continue
        all_sources += [k for k in (meta.get("sources") or []) if k not in all_sources]
        resources.append(_chart_resource(cid, csv_path, meta, lic))
    return resources, all_sources


def datapackage(folder: Path) -> dict[str, Any]:
    """The Frictionless Data Package of the published tables in ``folder`` (the site's root):
    ``claims.csv`` and every ``charts/<id>.csv``, with schemas, sources and licences."""
    from flashcrash.citation import citation, site_url

    info = build_info()
    cff = citation()
    lic = _licences()
    resources = [_claims_resource(lic)] if (folder / "claims.csv").is_file() else []
    charts, all_sources = _chart_resources(folder, lic)
    return {
        "profile": "tabular-data-package",
        "name": "flashcrash",
        "title": cff.get("preferred-citation", cff)["title"],
        "description": "The claims ledger of the report and the data of every chart. Text, charts and these tables: CC BY 4.0; the market data they are derived from remain under each source's terms.",
        "version": info["version"],
        "created": info["built_at"].replace("Z", ":00Z"),
        "homepage": site_url(),
        "contributors": [{"title": a.get("name", ""), "role": "author"} for a in cff["authors"]],
        "licenses": lic,
        "sources": _source_entries(all_sources),
        "resources": resources + charts,
    }


def write_datapackage(folder: Path) -> Path:
    path = folder / "datapackage.json"
    path.write_text(json.dumps(datapackage(folder), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
