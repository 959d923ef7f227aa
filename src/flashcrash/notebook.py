"""Small helpers shared by the chapter notebooks: set-up, verdict blocks with stable anchors, tables."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from flashcrash import charts, tables
from flashcrash.claims import PENDING, Assessment, Claim, load_chapters, load_claims
from flashcrash.data.registry import require_data
from flashcrash.figures import theme
from flashcrash.rules.base import CONTRADICTED, NOT_CHECKABLE, PARTLY, REPRODUCED
from flashcrash.wording import figure_label, figure_text

#: Verdict -> (symbol, colour); the colours are the theme's (:data:`flashcrash.figures.theme.VERDICT_COLOURS`).
BADGE = {v: (sym, theme.VERDICT_COLOURS[v]) for v, sym in ((REPRODUCED, "✔"), (PARTLY, "◐"), (CONTRADICTED, "✘"), (NOT_CHECKABLE, "?"), (PENDING, "…"))}


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
    return f'<span class="fc-badge fc-{verdict}" style="background:{colour};color:{theme.WHITE};border-radius:4px;padding:1px 6px;white-space:nowrap">{sym} {label}</span>'


def verdict_block(claim: Claim, assessment: Assessment) -> HTML:
    """A claim's verdict as a block whose HTML id is the claim id (a permanent anchor)."""
    claim_id = claim.id
    figs = "".join(
        f'<li title="{html.escape(f.name, quote=True)}">{html.escape(figure_label(f.name))}: {html.escape(figure_text(f.as_json()["value"], f.unit, f.name))}</li>'
        for f in assessment.figures
    )
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
