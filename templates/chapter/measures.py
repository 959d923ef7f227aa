"""Measures of the chapter "<Chapter title>" (claims cNN-...): every number the chapter shows, computed once.

Template: copy to ``src/flashcrash/<chapter>.py`` and replace ``chapter`` in the imports with the
chapter's module name. The layout every chapter follows:

- :func:`load` reads the data, once, at the top; every function below it takes its data as
  arguments, so tests hand it small, hand-built frames;
- :func:`measures` returns ONE typed object (:class:`ChapterMeasures`) that the notebook, the ledger
  and the tests all read: no number is recomputed anywhere else;
- :func:`assess` is the chapter's assessor, named in ``data/claims.yaml`` (``chapters:``): per claim,
  the rule's verdict (:mod:`flashcrash.rules.chapter`) with the evidence sentence built from the same
  measures, followed by the rule's checks (:func:`flashcrash.rules.base.with_evidence`).

Units: prices in USD, times as UTC timestamps, durations in minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash import data
from flashcrash.article import EVENT_DAY, LEVEL_LOW
from flashcrash.claims import Assessment, Figure
from flashcrash.crossings import bar_minutes
from flashcrash.data.validate import require_utc
from flashcrash.rules import chapter as R
from flashcrash.rules.base import with_evidence


@dataclass(frozen=True)
class Inputs:
    """The chapter's data, read once: BTC perpetual 5-minute bars of one UTC day (OHLC in USD, UTC open times)."""

    bars: pd.DataFrame
    day: pd.Timestamp


def load(day: pd.Timestamp = EVENT_DAY) -> Inputs:
    """Read the chapter's data for ``day`` (UTC midnight) from the registry's files."""
    bars = data.perp_5m("BTC")
    return Inputs(bars.loc[day : day + pd.Timedelta(days=1) - pd.Timedelta("1ns")], day)


@dataclass(frozen=True)
class ChapterMeasures:
    """Every number of the chapter."""

    day: str  # the UTC day, YYYY-MM-DD
    low_usd: float  # the day's lowest low (USD)
    low_time: pd.Timestamp  # open (UTC) of the bar that made it
    minutes_below: float  # minutes in bars that traded below the level (an upper bound at the bars' resolution)
    level: float  # the level tested (USD)


def measures(inputs: Inputs, level: float = LEVEL_LOW) -> ChapterMeasures:
    """The chapter's measures from ``inputs``; a clear error on bars without a UTC index or no bars at all."""
    bars = inputs.bars
    require_utc(bars.index, "bars index")
    if bars.empty:
        raise ValueError(f"no bars on {inputs.day:%Y-%m-%d}")
    low_time = bars["low"].idxmin()
    minutes = float((bars["low"] < level).sum() * bar_minutes(bars))
    return ChapterMeasures(f"{inputs.day:%Y-%m-%d}", float(bars["low"].min()), low_time, minutes, level)


def measures_table(m: ChapterMeasures) -> pd.DataFrame:
    """The measures as the notebook shows them: one row per measure, with its value and unit."""
    rows = [
        ("lowest 5-minute low", m.low_usd, "USD"),
        ("bar of the low (UTC)", f"{m.low_time:%Y-%m-%d %H:%M}", "UTC"),
        ("minutes below the level", m.minutes_below, "minutes"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "unit"]).set_index("measure")


def _below_level(m: ChapterMeasures) -> Assessment:
    ruling = R.below_level(R.BelowLevel(m.low_usd, m.minutes_below, m.day))
    sentence = f"On {m.day} BTC's lowest 5-minute low was ${m.low_usd:,.0f}, in the bar opening at {m.low_time:%H:%M} UTC."
    figures = [Figure("low_usd", m.low_usd, "USD"), Figure("low_time", m.low_time, "UTC"), Figure("minutes_below", m.minutes_below, "minutes")]
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


def assess(m: ChapterMeasures | None = None) -> dict[str, Assessment]:
    """Verdicts of the chapter, claim id -> :class:`flashcrash.claims.Assessment`. The notebook passes
    the measures it shows; the ledger calls it without, and the measures are computed here."""
    m = measures(load()) if m is None else m
    return {"cNN-example": _below_level(m)}
