"""Rules proposed by the crash atlas: "strikingly similar to 2022", tested against the 2022 crashes
found by the same crash rule (:mod:`flashcrash.atlas`).

The article (c25): "the internal logic of the market is strikingly similar: both were triggered by
an external factor after leverage accumulated to an extreme". Two things can be measured: whether
the December 2025 crash was of the same kind and size as the 2022 collapses, and whether leverage,
read from funding, was at an extreme before both. The trigger ("an external factor") is not in the
data.
"""

from __future__ import annotations

from dataclasses import dataclass

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

SIMILAR_DEPTH = Threshold(
    "similar_depth_ratio",
    0.5,
    "fraction",
    "alike in size: at least half as deep (peak to trough, same crash rule) as the shallower of the two 2022 collapses",
)
EXTREME_FUNDING = Threshold(
    "extreme_funding_percentile",
    0.8,
    "fraction",
    "'leverage accumulated to an extreme': 30-day mean funding in the top fifth of all 30-day means since 2019 (as c20)",
)


@dataclass(frozen=True)
class Like2022Measures:
    """The December 2025 crash against the 2022 crashes, all found by the atlas's crash rule on
    Binance BTCUSDT spot hourly bars. Falls are fractions of the high; funding percentiles are
    fractions (0-1) of the 30-day means since 2019 at or below the one before the event.

    ``named_2022`` are the collapses the article can mean (Terra/LUNA, May; FTX, November), with
    their ``named_drawdown``, ``named_fall_hours`` and ``named_funding_percentile`` in the same order."""

    drawdown: float
    worst_1h: float
    fall_hours: float
    funding_percentile: float
    n_2022: int
    share_2022_shallower: float
    median_drawdown_2022: float
    named_2022: tuple[str, ...]
    named_drawdown: tuple[float, ...]
    named_fall_hours: tuple[float, ...]
    named_funding_percentile: tuple[float, ...]

    def __post_init__(self) -> None:
        n = len(self.named_2022)
        if n == 0 or not (len(self.named_drawdown) == len(self.named_fall_hours) == len(self.named_funding_percentile) == n):
            raise ValueError("need at least one named 2022 crash, with one drawdown, fall time and funding percentile each")
        if not 0 < self.drawdown < 1 or any(not 0 < d < 1 for d in self.named_drawdown):
            raise ValueError("drawdowns are fractions in (0, 1)")

    @property
    def depth_ratio(self) -> float:
        """This crash's depth over the shallower named 2022 crash's depth."""
        return self.drawdown / min(self.named_drawdown)


def like_2022(m: Like2022Measures) -> Ruling:
    """c25: alike in size (depth ratio >= 0.5) and funding at an extreme (percentile >= 0.8) before
    this crash and before a 2022 collapse."""
    deep = m.depth_ratio >= SIMILAR_DEPTH.value
    lev_now = m.funding_percentile >= EXTREME_FUNDING.value
    lev_then = max(m.named_funding_percentile) >= EXTREME_FUNDING.value
    shared = lev_now and lev_then
    verdict = REPRODUCED if deep and shared else (PARTLY if deep or shared else CONTRADICTED)
    names = " and ".join(m.named_2022)
    checks = (
        Check(
            "alike_in_size",
            deep,
            yes="it was at least half as deep as the shallower 2022 collapse",
            no="it was less than half as deep as the shallower 2022 collapse",
        ),
        Check(
            "leverage_extreme_before",
            lev_now,
            yes="funding before it was in the top fifth of its history",
            no="funding before it was not in the top fifth of its history",
        ),
        Check(
            "leverage_extreme_2022",
            lev_then,
            yes=f"funding was in the top fifth of its history before {names}",
            no=f"funding was not in the top fifth of its history before {names}",
        ),
    )
    return Ruling(
        verdict,
        THRESHOLD,
        f"Reproduced if the crash was at least {SIMILAR_DEPTH.value:.0%} as deep as the shallower of the 2022 collapses ({names}) "
        f"found by the same crash rule and 30-day funding was at or above its {EXTREME_FUNDING.value:.0%} percentile before "
        "both; partly if one of the two holds; contradicted if neither.",
        (SIMILAR_DEPTH, EXTREME_FUNDING),
        checks,
        (MARKET_DATA,),
    )


RULES = {"c25-like-2022": like_2022}
