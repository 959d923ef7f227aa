"""How the chapter's verdicts are put together: each claim's rule applied to its measures, and the
evidence sentence followed by the rule's checks (:func:`flashcrash.rules.base.with_evidence`)."""

from __future__ import annotations

from flashcrash.claims import Assessment, Figure
from flashcrash.rules import support_levels as SL


def counted(k: float, word: str) -> str:
    """``1 bounce`` / ``3 bounces``."""
    return SL.count(int(k), word)


def judge(claim_id: str, measures: object, sentence: str, figures: list[Figure]) -> Assessment:
    """The claim's rule applied to its measures, with the evidence: the sentence, then the rule's checks."""
    ruling = SL.RULES[claim_id](measures)
    return Assessment.of(ruling, sentence, figures)
