"""Helpers shared by the chapter's rules: a fraction in words and the verdict of a count of passed checks."""

from __future__ import annotations

from flashcrash.rules.base import CONTRADICTED, PARTLY, REPRODUCED


def pct(x: float) -> str:
    """A fraction as a percentage with one decimal (``0.0723`` -> ``7.2%``)."""
    return f"{x:.1%}"


def by_count(n_passed: int, n_checks: int) -> str:
    """All checks passed: reproduced; none: contradicted; some: partly."""
    if n_passed == n_checks:
        return REPRODUCED
    return CONTRADICTED if n_passed == 0 else PARTLY
