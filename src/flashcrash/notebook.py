"""Small helpers shared by the chapter notebooks: set-up, verdict blocks with stable anchors, tables."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
from IPython.display import HTML

from flashcrash import charts, tables
from flashcrash.claims import PENDING, Assessment, Claim, load_chapters, load_claims
from flashcrash.data.registry import require_data
from flashcrash.rules.base import CONTRADICTED, NOT_CHECKABLE, PARTLY, REPRODUCED

BADGE = {
    REPRODUCED: ("✔", "#1a7f37"),
    PARTLY: ("◐", "#9a6700"),
    CONTRADICTED: ("✘", "#cf222e"),
    NOT_CHECKABLE: ("?", "#57606a"),
    PENDING: ("…", "#8c959f"),
}


def setup() -> None:
    """Offline chart renderer, readable tables (every displayed DataFrame goes through
    :func:`flashcrash.tables.format_table`); stop at once, with one message, when the data are missing."""
    charts.enable()
    tables.enable()
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 80)
    require_data()


def badge(verdict: str) -> str:
    sym, colour = BADGE[verdict]
    label = verdict.replace("_", " ")
    return f'<span class="fc-badge fc-{verdict}" style="background:{colour};color:#fff;border-radius:4px;padding:1px 6px;white-space:nowrap">{sym} {label}</span>'


def _fmt(v: Any, unit: str) -> str:
    if isinstance(v, float) and unit in ("USD", "CNY", "USD notional"):
        return f"{v:,.0f} {unit}" if abs(v) >= 100 else f"{v:,.2f} {unit}"
    if isinstance(v, float) and unit == "fraction":
        return f"{v:.3f} ({v:.1%})"
    if isinstance(v, float):
        return f"{v:,.4g} {unit}"
    return f"{v} {unit}" if unit not in ("UTC", "") else str(v)


def verdict_block(claim: Claim, assessment: Assessment) -> HTML:
    """A claim's verdict as a block whose HTML id is the claim id (a permanent anchor)."""
    claim_id = claim.id
    figs = "".join(f"<li><code>{html.escape(f.name)}</code>: {html.escape(_fmt(f.as_json()['value'], f.unit))}</li>" for f in assessment.figures)
    return HTML(
        f'<div class="fc-claim" id="{claim_id}" style="border-left:4px solid {BADGE[assessment.verdict][1]};padding:4px 12px;margin:12px 0">'
        f"<p><strong>{claim_id}</strong> {badge(assessment.verdict)}</p>"
        f"<p>{html.escape(claim.statement)}<br><em>Article: “{html.escape(claim.excerpt)}”</em></p>"
        f"<p>{html.escape(assessment.evidence)}</p>"
        f'<p class="fc-rule"><em>Rule ({html.escape(assessment.ruling.kind)}):</em> {html.escape(assessment.ruling.text)}</p><ul>{figs}</ul></div>'
    )


def show_verdicts(assessments: dict[str, Assessment]) -> HTML:
    """All of a chapter's verdict blocks, in claims.yaml order."""
    return HTML("".join(verdict_block(c, assessments[c.id]).data for c in load_claims() if c.id in assessments))


def chapter_page(chapter_id: str) -> str:
    """The HTML page name of a chapter (for links from the ledger)."""
    page = {c.id: c.page for c in load_chapters()}[chapter_id]
    return page.split("/")[-1] + ".html"
