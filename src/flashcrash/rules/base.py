"""The pieces every verdict rule is made of.

A *rule* is a small pure function ``rule(measures) -> Ruling``: it takes one claim's measures (numbers
already computed from the data, in a frozen dataclass) and returns the verdict, the rule in one plain
sentence with its values filled in, the named thresholds it used and the yes/no *checks* it made. The
evidence sentence shown with a verdict quotes each check's phrase (:meth:`Ruling.because`), so the
evidence cannot say the opposite of what the rule decided: :class:`flashcrash.claims.Assessment`
refuses an evidence text that omits a check's phrase or contains its opposite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("reproduced", "partly", "contradicted", "not_checkable")
REPRODUCED, PARTLY, CONTRADICTED, NOT_CHECKABLE = VERDICTS
VERDICT_WORDS = {
    "reproduced": "Reproduced",
    "partly": "Partly reproduced",
    "contradicted": "Contradicted",
    "not_checkable": "Not checkable",
}

# What a verdict rests on: prices and volumes measured in the data, a model's output, or what
# contemporaneous reports said (which the data cannot confirm).
MARKET_DATA, MODEL, REPORTS = BASES = ("market data", "model", "contemporaneous reports")

THRESHOLD, JUDGEMENT = KINDS = ("threshold", "judgement")


@dataclass(frozen=True)
class Threshold:
    """A named constant of a rule: ``value`` in ``unit``, and one line on why that value."""

    name: str
    value: float | int | str
    unit: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "reason": self.reason}


@dataclass(frozen=True)
class Check:
    """One yes/no test a rule made, with the clause the evidence uses for each outcome."""

    name: str
    passed: bool
    yes: str
    no: str

    def __post_init__(self) -> None:
        if not isinstance(self.passed, bool):
            raise TypeError(f"check {self.name!r}: passed must be a bool, got {type(self.passed).__name__}")
        if not self.yes or not self.no or self.yes == self.no:
            raise ValueError(f"check {self.name!r}: needs two different, non-empty phrases")

    @property
    def phrase(self) -> str:
        """The clause for the outcome that happened."""
        return self.yes if self.passed else self.no

    @property
    def opposite(self) -> str:
        """The clause for the outcome that did not happen."""
        return self.no if self.passed else self.yes


@dataclass(frozen=True)
class Ruling:
    """A verdict, the rule that produced it (kind, plain sentence, thresholds) and the checks behind it."""

    verdict: str
    kind: str
    text: str
    thresholds: tuple[Threshold, ...] = ()
    checks: tuple[Check, ...] = ()
    basis: tuple[str, ...] = (MARKET_DATA,)
    reasons: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if self.kind not in KINDS:
            raise ValueError(f"rule kind must be one of {KINDS}, got {self.kind!r}")
        if not self.text.strip():
            raise ValueError("a rule needs its one-sentence text")
        bad = [b for b in self.basis if b not in BASES]
        if bad or not self.basis:
            raise ValueError(f"basis must be a non-empty subset of {BASES}, got {self.basis!r}")
        if self.kind == JUDGEMENT and not self.reasons:
            raise ValueError("a judgement must list its reasons")
        names = [c.name for c in self.checks]
        if len(set(names)) != len(names):
            raise ValueError(f"check names must be unique, got {names}")

    def because(self) -> str:
        """The checks' phrases as one sentence (empty when the rule made no check)."""
        if not self.checks:
            return ""
        text = "; ".join(c.phrase for c in self.checks)
        return text[0].upper() + text[1:] + "."

    def check(self, name: str) -> Check:
        """One check by name (a clear error if the rule made no such check)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"rule made no check {name!r}; it made {[c.name for c in self.checks]}")

    def rule_json(self) -> dict[str, Any]:
        """``{"kind", "text", "thresholds": [{"name", "value", "unit", "reason"}], "reasons"}``."""
        return {
            "kind": self.kind,
            "text": self.text,
            "thresholds": [t.as_json() for t in self.thresholds],
            "reasons": list(self.reasons),
        }


def contradiction(evidence: str, ruling: Ruling) -> str | None:
    """Why ``evidence`` does not fit ``ruling`` (a missing or opposite check phrase), or ``None``.

    Case-insensitive."""
    text = evidence.casefold()  # because() capitalises the first phrase
    for c in ruling.checks:
        if c.phrase.casefold() not in text:
            return f"evidence lacks the phrase of check {c.name!r} ({c.phrase!r})"
        if c.opposite.casefold() not in c.phrase.casefold() and c.opposite.casefold() in text:
            return f"evidence contains the opposite phrase of check {c.name!r} ({c.opposite!r})"
    return None


def with_evidence(sentence: str, ruling: Ruling) -> str:
    """The evidence text: the measures sentence, then the rule's checks (:meth:`Ruling.because`)."""
    tail = ruling.because()
    return f"{sentence.rstrip()} {tail}".strip() if tail else sentence.strip()
