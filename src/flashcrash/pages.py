"""The HTML of the site's own pages (landing, ledger, cite, changes, data), built from the ledger,
the citation file, the article's record and the changes file. Tables go through
:func:`flashcrash.tables.format_table`."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

import pandas as pd

from flashcrash.citation import (
    ARTICLE,
    CONTENT_LICENCE,
    CONTENT_LICENCE_URL,
    claim_citation,
    claim_url,
    verdict_words,
)
from flashcrash.claims import PENDING, Opinion, load_chapters
from flashcrash.publish import build_info, changes_by_claim
from flashcrash.rules.base import VERDICTS
from flashcrash.tables import Table, format_table

ACCESSED = "\x00accessed\x00"  # placeholder replaced by the reader's access date on the page


def badge(verdict: str) -> str:
    from flashcrash.notebook import badge as _badge

    return _badge(verdict)


def verdict_counts(ledger: dict[str, Any]) -> dict[str, int]:
    """Claims per verdict, in the order of :data:`VERDICTS`, then pending."""
    n = Counter(r["verdict"] for r in ledger["claims"])
    return {v: n.get(v, 0) for v in (*VERDICTS, PENDING)}


def counts_html(ledger: dict[str, Any]) -> str:
    """One line of badges with the number of claims per verdict (pending only when there are any)."""
    items = [f"<li><strong>{n}</strong> {badge(v)}</li>" for v, n in verdict_counts(ledger).items() if v != PENDING or n]
    return f'<ul class="fc-counts" aria-label="Number of claims per verdict">{"".join(items)}</ul>'


def article_html() -> str:
    """What is and is not known of the article checked: outlet, headline, date, address."""
    a = ARTICLE
    esc = html.escape
    headline = esc(a["headline"]) if a["headline"] else f"not known. {esc(a['headline_note'])}"
    date = esc(a["date"]) if a["date"] else f"not known. {esc(a['date_note'])}"
    if a["address"]:
        address = f'<a href="{esc(a["address"])}">{esc(a["address"])}</a>'
    else:
        address = f"not known. {esc(a['address_note'])}"
    return (
        '<dl class="fc-article">'
        f'<dt>Outlet</dt><dd><a href="{esc(a["outlet_url"])}">{esc(a["outlet"])}</a>: {esc(a["outlet_evidence"])}.</dd>'
        f"<dt>Headline</dt><dd>{headline}</dd>"
        f"<dt>Date</dt><dd>{date}</dd>"
        f"<dt>Address</dt><dd>{address}</dd>"
        "</dl>"
    )


def _chapter_titles() -> dict[str, tuple[str, str]]:
    """chapter id -> (title, page file name)."""
    return {c.id: (c.title, c.page.split("/")[-1] + ".html") for c in load_chapters()}


def claims_table(ledger: dict[str, Any]) -> Table:
    """The landing page's list of claims: id (linking to its ledger entry), verdict, statement."""
    rows = [
        {
            "claim": f'<a href="ledger.html#{html.escape(r["id"])}"><code>{html.escape(r["id"])}</code></a>',
            "verdict": badge(r["verdict"]),
            "statement": r["statement"],
        }
        for r in ledger["claims"]
    ]
    return format_table(
        pd.DataFrame(rows),
        labels={"claim": "Claim", "verdict": "Verdict", "statement": "Statement"},
        html_columns=["claim", "verdict"],
        cards=True,
        css_class="fc-landing",
    )


def citation_html(claim_id: str, statement: str, verdict: str, cff: dict[str, Any] | None = None) -> str:
    """A claim's suggested citation as HTML; the access date is the build date, replaced on the page
    by the reader's date."""
    text = html.escape(claim_citation(claim_id, statement, verdict, cff, accessed=ACCESSED))
    return text.replace(html.escape(ACCESSED), f'<span class="fc-today">{build_info()["build_date"]}</span>')


def _rule_html(row: dict[str, Any]) -> str:
    rule = row.get("rule")
    if not rule:
        return ""
    kind = "threshold rule" if rule.get("kind") == "threshold" else "judgement"
    out = f'<p class="fc-rule"><strong>Rule</strong> ({kind}): {html.escape(rule.get("text", ""))}</p>'
    th = rule.get("thresholds") or []
    if th:
        items = "; ".join(
            f"{html.escape(str(t.get('name', '')).replace('_', ' '))} = {html.escape(str(t.get('value', '')))} {html.escape(str(t.get('unit', '')))}".strip()
            for t in th
        )
        out += f'<p class="fc-rule">Thresholds: {items}.</p>'
    kinds = row.get("evidence_kind") or []
    if kinds:
        out += f'<p class="fc-rule">Rests on: {html.escape(", ".join(kinds))}.</p>'
    return out


def ledger_table(ledger: dict[str, Any], changes: list[dict[str, Any]] | None = None, cff: dict[str, Any] | None = None) -> Table:
    """The claims ledger: one row per claim, anchored by its id, with the verdict beside its rule and
    evidence, the chapter that tests it, its permalink, a suggested citation and any change of verdict."""
    titles = _chapter_titles()
    by_claim = changes_by_claim(changes or [])
    esc = html.escape
    rows = []
    for r in ledger["claims"]:
        cid = esc(r["id"])
        title, page = titles.get(r["chapter"], (r["chapter"], ""))
        chapter = esc(title) if r["verdict"] == PENDING or not page else f'<a href="{page}#{cid}">{esc(title)}</a>'
        changed = "".join(
            f'<p class="fc-rule"><strong>Verdict changed</strong> on <a href="changes.html#{esc(c["anchor"])}">{esc(c["date"])}</a>: '
            f"{esc(verdict_words(c['old']).lower())} → {esc(verdict_words(c['new']).lower())}.</p>"
            for c in by_claim.get(r["id"], [])
        )
        rows.append(
            {
                "claim": f'<a href="#{cid}"><code>{cid}</code></a><br>{badge(r["verdict"])}',
                "article": f"{esc(r['statement'])}<br><em>“{esc(r['excerpt'])}”</em>",
                "verdict": f"<p>{esc(r['evidence'])}</p>{_rule_html(r)}{changed}",
                "more": (
                    f"<p>Tested in: {chapter}</p>"
                    f'<p class="fc-permalink">Permalink: <a href="#{cid}">{esc(claim_url(r["id"]))}</a></p>'
                    f'<details class="fc-cite-box"><summary>Cite this claim</summary>'
                    f'<span class="fc-cite-text" id="cite-{cid}">{citation_html(r["id"], r["statement"], r["verdict"], cff)}</span>'
                    f'<button type="button" class="fc-copy" data-copy="cite-{cid}">Copy</button></details>'
                ),
            }
        )
    labels = {"claim": "Claim", "article": "What the article says", "verdict": "Verdict: evidence and rule", "more": "Chapter, permalink, citation"}
    return format_table(
        pd.DataFrame(rows), labels=labels, html_columns=list(labels), cards=True, row_ids=[r["id"] for r in ledger["claims"]], css_class="fc-ledger"
    )


def opinions_table(opinions: list[Opinion], claim_ids: list[str] | None = None) -> Table:
    """The article's sentences that are opinion, advice or framing (no verdict): the excerpt and why.

    A claim number in a why (``c69``) links to that claim's ledger row when ``claim_ids`` has it."""
    esc = html.escape
    full = {cid[:3]: cid for cid in claim_ids or []}

    def linked(text: str) -> str:
        return re.sub(r"\bc\d\d\b", lambda m: f'<a href="#{esc(full[m.group(0)])}">{m.group(0)}</a>' if m.group(0) in full else m.group(0), esc(text))

    rows = [{"excerpt": f"<em>“{esc(o.excerpt)}”</em>", "why": linked(o.why)} for o in opinions]
    labels = {"excerpt": "What the article says", "why": "Why it is not a factual claim"}
    return format_table(pd.DataFrame(rows, columns=list(labels)), labels=labels, html_columns=list(labels), cards=True, css_class="fc-opinions")


def citations_table(ledger: dict[str, Any], cff: dict[str, Any] | None = None) -> Table:
    """Every claim with its verdict and suggested citation (the cite page)."""
    rows = [
        {
            "claim": f'<a href="ledger.html#{html.escape(r["id"])}"><code>{html.escape(r["id"])}</code></a><br>{badge(r["verdict"])}',
            "citation": f'<span class="fc-cite-text" id="cite-{html.escape(r["id"])}">{citation_html(r["id"], r["statement"], r["verdict"], cff)}</span>',
        }
        for r in ledger["claims"]
    ]
    return format_table(
        pd.DataFrame(rows),
        labels={"claim": "Claim", "citation": "Suggested citation"},
        html_columns=["claim", "citation"],
        cards=True,
        css_class="fc-cite",
        row_ids=[f"cite-row-{r['id']}" for r in ledger["claims"]],
    )


def changes_table(changes: list[dict[str, Any]]) -> Table | str:
    """The changes and corrections, newest first, each anchored for the ledger's links."""
    if not changes:
        return (
            "<p><strong>No published verdict has changed.</strong> Every change will be listed here with its date, the old and new verdict and the reason.</p>"
        )
    esc = html.escape
    ordered = list(reversed(changes))
    rows = [
        {
            "date": c["date"],
            "claim": f'<a href="ledger.html#{esc(c["claim"])}"><code>{esc(c["claim"])}</code></a>',
            "change": f"{badge(c['old'])} → {badge(c['new'])}",
            "reason": esc(c["reason"]),
            "version": c["version"] or "",
        }
        for c in ordered
    ]
    labels = {"date": "Date", "claim": "Claim", "change": "Old → new verdict", "reason": "Reason", "version": "Version"}
    return format_table(pd.DataFrame(rows), labels=labels, html_columns=["claim", "change", "reason"], cards=True, row_ids=[c["anchor"] for c in ordered])


def licences_html(code_licence: str) -> str:
    """What may be reused and under which terms."""
    from flashcrash.charts import provider
    from flashcrash.data import registry

    esc = html.escape
    terms: dict[str, list[str]] = {}
    for (src, _), e in registry().items():
        terms.setdefault(src, [e.licence])
    items = "".join(
        f'<li><strong>{esc(provider(src))}</strong> (<a href="data_sources.html#src-{esc(src)}"><code>{esc(src)}</code></a>): {esc(t[0])}</li>'
        for src, t in sorted(terms.items())
    )
    return (
        "<ul>"
        f"<li><strong>Code</strong> (the <code>flashcrash</code> package, notebooks, scripts, tests): the repository's licence, {esc(code_licence)} (file <code>LICENSE</code>).</li>"
        f"<li><strong>Text, charts and chart data</strong> (these pages, every chart image, spec and CSV, <code>claims.json</code>, <code>claims.csv</code>, <code>claims.jsonld</code>): "
        f'<a href="{CONTENT_LICENCE_URL}" rel="license">{CONTENT_LICENCE}</a>. Credit “flashcrash” with the version and the link given in each image footer or citation.</li>'
        f"<li><strong>Market data</strong>: not redistributed by this repository; each source keeps its own terms:<ul>{items}</ul></li>"
        "</ul>"
    )
