"""The catalogue of named crashes the book compares the event with (UTC days).

Shared by the contagion chapter (:mod:`flashcrash.contagion`: depth, speed and recovery of each
episode) and the crash atlas (:mod:`flashcrash.atlas`: which detected event stands for which named
episode). The event itself is named by :func:`flashcrash.article.event_label`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash.article import EVENT_DAY, event_label
from flashcrash.data.validate import to_utc


@dataclass(frozen=True)
class Crash:
    """An episode: ``name``, the first day of the fall ``day`` and the last day of the fall ``end`` (UTC)."""

    name: str
    day: pd.Timestamp
    end: pd.Timestamp


def _utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


#: The label of the event under test in the catalogue (``"2025-12-01 (this event)"``).
THIS_EVENT = event_label(EVENT_DAY)

CRASHES = (
    Crash("2022-05 (Terra/LUNA)", _utc("2022-05-05"), _utc("2022-05-12")),
    Crash("2022-11 (FTX)", _utc("2022-11-07"), _utc("2022-11-21")),
    Crash("2024-08-05 (yen carry)", _utc("2024-08-02"), _utc("2024-08-05")),
    Crash("2025-10-10 (tariff shock)", _utc("2025-10-10"), _utc("2025-10-10")),
    Crash(THIS_EVENT, EVENT_DAY, EVENT_DAY),
    Crash("2026-01-29/02-05", _utc("2026-01-29"), _utc("2026-02-05")),
)
#: The 2022 episodes the article compares with.
CRASHES_2022 = ("2022-05 (Terra/LUNA)", "2022-11 (FTX)")


def crashes_with(day: pd.Timestamp) -> tuple[Crash, ...]:
    """:data:`CRASHES`, plus a one-day episode on ``day`` if the catalogue does not have one starting then."""
    day = to_utc(day)
    if any(c.day == day for c in CRASHES):
        return CRASHES
    return tuple(sorted((*CRASHES, Crash(event_label(day), day, day)), key=lambda c: c.day))
