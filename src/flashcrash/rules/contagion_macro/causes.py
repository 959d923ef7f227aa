"""Rule of c69: three causes together (macro liquidity, leverage, Asian selling), from the verdicts of
the claims that stand for them."""

from __future__ import annotations

from dataclasses import dataclass

from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    NOT_CHECKABLE,
    PARTLY,
    REPORTS,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

# --------------------------------------------------------------------------------------------
# c69: three causes together (macro liquidity, leverage, Asian selling)
# --------------------------------------------------------------------------------------------
CAUSES_FAILED_MAX = Threshold("components_contradicted_max", 1, "claims", "one failed cause leaves a 'resonance' of two; two failed causes leave none")


@dataclass(frozen=True)
class ThreeCauses:
    """c69: the verdicts of the three component claims, as ``(claim id, verdict)``: tightening liquidity
    expectations (c22), excessive leverage (c59) and Asian selling (c56)."""

    components: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        if len(self.components) != 3:
            raise ValueError(f"c69 needs exactly three component verdicts, got {len(self.components)}")
        bad = [v for _, v in self.components if v not in (REPRODUCED, PARTLY, CONTRADICTED, NOT_CHECKABLE)]
        if bad:
            raise ValueError(f"unknown component verdicts {bad}")


def three_causes(m: ThreeCauses) -> Ruling:
    k = int(CAUSES_FAILED_MAX.value)
    held = [c for c, v in m.components if v in (REPRODUCED, PARTLY)]
    failed = [c for c, v in m.components if v == CONTRADICTED]
    all_hold = Check(
        "all_hold",
        len(held) == 3,
        yes="all three causes hold at least in part",
        no=f"{len(held)} of the 3 causes hold{'s' if len(held) == 1 else ''} at least in part ({', '.join(held) or 'none'})",
    )
    many = Check(
        "too_many_failed",
        len(failed) > k,
        yes=f"{len(failed)} of the 3 are contradicted ({', '.join(failed)}), more than {k}",
        no=f"{len(failed)} of the 3 are contradicted, at most {k}",
    )
    if all_hold.passed:
        verdict = REPRODUCED
    elif many.passed:
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    text = (
        "From the component claims' own verdicts (c22 cut expectations cooled, c59 traders chased with high leverage, c56 concentrated Asian selling): "
        f"reproduced if all three hold at least in part; contradicted if more than {k} is contradicted; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (CAUSES_FAILED_MAX,), (all_hold, many), (MARKET_DATA, REPORTS))
