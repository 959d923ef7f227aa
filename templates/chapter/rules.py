"""Verdict rules of the chapter "<Chapter title>" (claims cNN-...).

Template: copy to ``src/flashcrash/rules/<chapter>.py``. Per claim: a frozen dataclass of measures
(numbers already computed from the data, units in the field comments) and a pure function
``rule(measures) -> Ruling``; thresholds are module-level :class:`Threshold` constants with a reason;
:data:`RULES` maps claim ids to the functions. The worked example is a claim "BTC briefly fell below
$84,000 on the event day". A rule module imports only :mod:`flashcrash.rules`, :mod:`flashcrash.article`
and :mod:`flashcrash.sessions` (``tests/test_import_graph.py`` checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcrash import article as A
from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

# --------------------------------------------------------------------------- thresholds
#: The article's numbers come from flashcrash.article, never typed again.
LEVEL = Threshold("level", A.LEVEL_LOW, "USD", "the article: 'briefly falling below $84,000'")
BRIEF_MAX_MINUTES = Threshold("brief_max_minutes", 120, "minutes", "'briefly': at most two hours in all in bars below the level")


# --------------------------------------------------------------------------- cNN: below the level, briefly
@dataclass(frozen=True)
class BelowLevel:
    """cNN: the day's lowest low (USD), the minutes spent in bars that traded below the level, and the day (YYYY-MM-DD)."""

    low_usd: float
    minutes_below: float
    day: str

    def __post_init__(self) -> None:
        if not self.low_usd > 0 or self.minutes_below < 0:
            raise ValueError(f"need a positive low (USD) and non-negative minutes, got {self.low_usd}, {self.minutes_below}")


def below_level(m: BelowLevel) -> Ruling:
    """Reproduced if BTC traded below the level for at most the brief limit; partly if for longer;
    contradicted if it stayed above."""
    level, lim = LEVEL.value, BRIEF_MAX_MINUTES.value
    below = Check(
        "below",
        m.low_usd < level,
        yes=f"the low of {m.day}, ${m.low_usd:,.0f}, was below ${level:,.0f}",
        no=f"the low of {m.day}, ${m.low_usd:,.0f}, stayed at or above ${level:,.0f}",
    )
    checks = [below]
    if below.passed:
        brief = Check(
            "brief",
            m.minutes_below <= lim,
            yes=f"the bars below it add up to {m.minutes_below:.0f} minutes, within the {lim}-minute limit of 'briefly'",
            no=f"the bars below it add up to {m.minutes_below:.0f} minutes, more than the {lim}-minute limit of 'briefly'",
        )
        checks.append(brief)
        verdict = REPRODUCED if brief.passed else PARTLY
    else:
        verdict = CONTRADICTED
    text = f"Reproduced if BTC traded below ${level:,.0f} for at most {lim} minutes in all that day; partly if for longer; contradicted if it stayed above."
    return Ruling(verdict, THRESHOLD, text, (LEVEL, BRIEF_MAX_MINUTES), tuple(checks), (MARKET_DATA,))


RULES = {
    "cNN-example": below_level,
}
