"""Measures of the chapter "Which day was it?": every number the chapter shows, computed once.

:func:`load_inputs` reads the data (and the scan of every day) once; :func:`build_measures` computes
the chapter's measures from them, with no further reading; :func:`measures` does both, once per process. The notebook, the assessor (:func:`flashcrash.event.verdicts.assess`) and
the tests read the same :class:`WhichDayMeasures`.

Units: prices in USD, times as UTC timestamps (bar open times), durations in minutes or hours as named.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

import pandas as pd

from flashcrash.cache import cached
from flashcrash.event import load
from flashcrash.event.criteria import CRITERIA, SCORED, element_checked
from flashcrash.event.days import best_day, score_days
from flashcrash.event.elements import best_candidates, element_summary, element_table, missed_elements, one_event_measures
from flashcrash.event.scan import resolution_comparison
from flashcrash.event.sources import PriorCalm, compare_sources, prior_calm
from flashcrash.rules import which_day as R
from flashcrash.sessions import label_sessions

#: The highest-scoring days the element table shows (beside the best day of every element).
TOP_DAYS = 5
#: The CryptoCompare index: the source whose low the chapter quotes beside the exchange's.
INDEX_SOURCE = "CryptoCompare index, 1 h"
PERP_5M_SOURCE = "Binance perp, 5 min"


@dataclass(frozen=True)
class WhichDayInputs:
    """The chapter's data, read once: the scan of every day (:func:`~flashcrash.event.days.score_days`),
    the finest BTC bars it ran on, the BTC 15-minute file, every price source by label and the
    market-wide liquidation reports with their coverage ratios."""

    scores: pd.DataFrame
    bars: pd.DataFrame
    btc_15m: pd.DataFrame
    sources: dict[str, pd.DataFrame]
    reports: pd.DataFrame


def load_inputs() -> WhichDayInputs:
    """Read the chapter's data from the registry's files (the scan from the results cache)."""
    return WhichDayInputs(score_days(), load.btc_bars(), load.btc_15m(), load.source_bars(), load.coverage_reports())


@dataclass(frozen=True)
class ScanCoverage:
    """What the scan covers: its first and last day, how many days at each resolution, the days with
    minutes missing, and the number of elements (all, and scored)."""

    first_day: pd.Timestamp
    last_day: pd.Timestamp
    n_days: int
    n_5m: int
    n_15m: int
    first_5m: pd.Timestamp  # NaT when no day was scanned on 5-minute bars
    last_5m: pd.Timestamp
    incomplete_days: tuple[pd.Timestamp, ...]
    incomplete_minutes: float  # minutes missing on them, in total
    n_elements: int
    n_scored: int


@dataclass(frozen=True)
class DataCoverage:
    """What the other markets' data cover: altcoins with a day return (on the best day, and at most in
    the scan's first year), days with all 24 hours of liquidations (how many, first, last), and the
    market-wide coverage ratio range (market-wide per USD of three-exchange BTC liquidations) from
    ``n_reports`` reports."""

    n_alts_day: int
    n_alts_first_year: int
    n_liquidation_days: int
    liquidation_first: pd.Timestamp
    liquidation_last: pd.Timestamp
    ratio_low: float
    ratio_high: float
    n_reports: int


@dataclass(frozen=True)
class ResolutionCheck:
    """The days both BTC files cover whole, scanned on 5- and on 15-minute bars
    (:func:`~flashcrash.event.scan.resolution_comparison`): on how many the lows agree, the best day's
    first $87k break and minutes below $84k at each resolution, the most $87k breaks a day the
    15-minute bars miss."""

    table: pd.DataFrame
    n_days: int
    n_low_same: int
    first_break_5min: pd.Timestamp
    first_break_15min: pd.Timestamp
    breaks_lost: int
    minutes_below_84k_5min: float
    minutes_below_84k_15min: float


@dataclass(frozen=True)
class Ranking:
    """The best day against the others: its score, the runner-up, the best day of the 5-minute data
    alone, and how many days fit the hardest elements and the whole price path (:data:`~flashcrash.rules.which_day.CORE_ELEMENTS`)."""

    best_score: int
    second_day: pd.Timestamp
    second_score: int
    best_5min_day: pd.Timestamp  # NaT when no day was scanned on 5-minute bars
    same_as_5min: bool  # the best day of the whole scan is the best day of the 5-minute data
    n_break_in_asia: int
    n_brief_below_84k: int
    core_days: tuple[pd.Timestamp, ...]


@dataclass(frozen=True)
class BestDay:
    """The best day, bar by bar (bars of that day's scan resolution, ``bar_minutes`` long)."""

    day: pd.Timestamp
    in_mid_december: bool  # the day is one of 10-20 December
    score: int
    resolution: str
    bar_minutes: float
    open: float  # USD
    first_break_87k: pd.Timestamp
    first_below_84k: pd.Timestamp
    session_87k: str
    session_84k: str
    breaks_87k: int
    max_1h_drop: float  # fraction
    max_1h_drop_at: pd.Timestamp
    hours_87k_to_84k: float
    minutes_below_84k: float
    low: float  # USD
    low_time: pd.Timestamp
    prior_low: float  # USD, the 24 h before
    prior_high: float
    prior_share_in_range: float  # fraction of the 24 h before inside $87k-$90k
    calm: PriorCalm


@dataclass(frozen=True)
class SourcesCheck:
    """The best day in every price source (:func:`~flashcrash.event.sources.compare_sources`): the
    table, the UTC clock hours holding the sources' lows (``"15:00"``), the spread of the lows (USD) and
    the index's low."""

    table: pd.DataFrame
    low_hours: tuple[str, ...]
    low_spread: float
    index_low: float


@dataclass(frozen=True)
class MidDecember:
    """The days of 10-20 December in the scan: how many, how many broke $87k (and also $84k), in the
    Asian session, their years and the lowest price (USD)."""

    n_days: int
    n_broke_87k: int
    n_broke_87k_and_84k: int
    n_break_in_asia: int
    years: tuple[int, ...]
    lowest: float


@dataclass(frozen=True)
class WhichDayCore:
    """The measures the chapter's rules read (:func:`flashcrash.event.verdicts.assess`), computed by
    :func:`core_measures` and kept in the results cache (:func:`rule_measures`)."""

    scores: pd.DataFrame  # the scan: one row per UTC day
    day: pd.Timestamp  # the best-matching day
    scan: ScanCoverage
    summary: pd.DataFrame  # per element over the scan (:func:`~flashcrash.event.elements.element_summary`)
    event: BestDay
    mid: MidDecember
    one_event: R.OneEventMeasures
    one_event_day: pd.Timestamp
    missed: tuple[str, ...]  # the elements the best day misses


@dataclass(frozen=True)
class WhichDayMeasures(WhichDayCore):
    """Every number of the chapter "Which day was it?": the rules' measures (:class:`WhichDayCore`)
    and what only the page shows."""

    coverage: DataCoverage
    resolution: ResolutionCheck
    ranking: Ranking
    candidates: tuple[pd.Timestamp, ...]  # the days of the element table
    elements: pd.DataFrame  # element-by-day table of the candidates (:func:`~flashcrash.event.elements.element_table`)
    path_bars: pd.DataFrame  # BTC perpetual 5-minute bars from 12 h before the day to its end
    sources: SourcesCheck
    other_days: tuple[pd.Timestamp, ...]  # the best days of the missed elements (mid-December aside)


def scan_coverage(scores: pd.DataFrame) -> ScanCoverage:
    """What the scan ``scores`` covers (see :class:`ScanCoverage`)."""
    res = scores["resolution"].value_counts()
    five = scores.index[scores["resolution"] == "5min"]
    incomplete = scores[scores["missing_minutes"] > 0]
    return ScanCoverage(
        scores.index[0],
        scores.index[-1],
        len(scores),
        int(res.get("5min", 0)),
        int(res.get("15min", 0)),
        five[0] if len(five) else pd.NaT,
        five[-1] if len(five) else pd.NaT,
        tuple(incomplete.index),
        float(incomplete["missing_minutes"].sum()),
        len(CRITERIA),
        len(SCORED),
    )


def data_coverage(scores: pd.DataFrame, day: pd.Timestamp, reports: pd.DataFrame) -> DataCoverage:
    """What the altcoin and liquidation data of the scan ``scores`` cover (see :class:`DataCoverage`)."""
    liq_days = scores.index[element_checked(scores)["liq_24h"]]
    first_year = scores.loc[scores.index.year == scores.index[0].year, "n_alts"]
    lo, hi = scores.attrs["coverage_ratio"]
    return DataCoverage(
        int(scores.loc[day, "n_alts"]),
        int(first_year.max()) if len(first_year) else 0,
        len(liq_days),
        liq_days[0],
        liq_days[-1],
        float(lo),
        float(hi),
        int(reports["ratio"].notna().sum()),
    )


def resolution_check(bars: pd.DataFrame, btc_15m: pd.DataFrame, day: pd.Timestamp) -> ResolutionCheck:
    """The 5- against 15-minute scan (see :class:`ResolutionCheck`)."""
    rc = resolution_comparison(bars, btc_15m)
    ev = rc.loc[day]
    return ResolutionCheck(
        rc,
        len(rc),
        int((rc["low_5min"] == rc["low_15min"]).sum()),
        ev["first_break_87k_5min"],
        ev["first_break_87k_15min"],
        int((rc["breaks_87k_5min"] - rc["breaks_87k_15min"]).max()),
        float(ev["minutes_below_84k_5min"]),
        float(ev["minutes_below_84k_15min"]),
    )


def ranking(scores: pd.DataFrame, day: pd.Timestamp) -> Ranking:
    """The best day ``day`` against the other days of ``scores`` (see :class:`Ranking`)."""
    ranked = scores.sort_values("score", ascending=False, kind="stable")
    core = scores[list(R.CORE_ELEMENTS)].all(axis=1)
    five = scores.loc[scores["resolution"] == "5min", "score"]
    best5 = five.idxmax() if len(five) else pd.NaT
    return Ranking(
        int(scores.loc[day, "score"]),
        ranked.index[1],
        int(ranked["score"].iloc[1]),
        best5,
        bool(best5 == day),
        int(scores["break_in_asia"].sum()),
        int(scores["brief_below_84k"].sum()),
        tuple(scores.index[core]),
    )


def event_day_measures(scores: pd.DataFrame, day: pd.Timestamp, btc_15m: pd.DataFrame) -> BestDay:
    """The best day ``day`` of ``scores``, bar by bar (see :class:`BestDay`)."""
    row = scores.loc[day]
    brk, low84 = row["first_break_87k"], row["first_below_84k"]
    sess = label_sessions(pd.DatetimeIndex([brk, low84]))
    return BestDay(
        day,
        bool(row["mid_december"]),
        int(row["score"]),
        row["resolution"],
        pd.Timedelta(row["resolution"]) / pd.Timedelta("1min"),
        float(row["open"]),
        brk,
        low84,
        sess.iloc[0],
        sess.iloc[1],
        int(row["breaks_87k"]),
        float(row["max_1h_drop"]),
        row["max_1h_drop_at"],
        float((low84 - brk) / pd.Timedelta("1h")),
        float(row["minutes_below_84k"]),
        float(row["low"]),
        row["low_time"],
        float(row["prior_low"]),
        float(row["prior_high"]),
        float(row["prior_share_in_range"]),
        prior_calm(day, btc_15m),
    )


def sources_check(sources: dict[str, pd.DataFrame], day: pd.Timestamp) -> SourcesCheck:
    """The best day in every price source (see :class:`SourcesCheck`)."""
    src = compare_sources(day, sources)
    hours = tuple(sorted({f"{t:%H:00}" for t in src["low_bar"].dropna().dt.floor("1h")}))
    return SourcesCheck(src, hours, float(src["low"].max() - src["low"].min()), float(src.loc[INDEX_SOURCE, "low"]))


def mid_december_measures(scores: pd.DataFrame) -> MidDecember:
    """The mid-December days of ``scores`` (see :class:`MidDecember`)."""
    mid = scores[scores["mid_december"]]
    return MidDecember(
        len(mid),
        int(mid["broke_87k"].sum()),
        int((mid["broke_87k"] & mid["below_84k"]).sum()),
        int(mid["break_in_asia"].sum()),
        tuple(sorted(set(mid.index.year))),
        float(mid["low"].min()),
    )


def _other_days(summary: pd.DataFrame, missed: list[str]) -> tuple[pd.Timestamp, ...]:
    """The best days of the ``missed`` elements (mid-December aside: it is the claim under test), by date."""
    return tuple(sorted({summary.at[e, "best_day"] for e in missed if e != "mid_december" and pd.notna(summary.at[e, "best_day"])}))


def core_measures(scores: pd.DataFrame, btc_15m: pd.DataFrame) -> WhichDayCore:
    """The rules' measures from the scan ``scores`` and the BTC 15-minute bars ``btc_15m`` (no data
    are read here)."""
    day = best_day(scores)
    summary = element_summary(scores)
    one = one_event_measures(scores, summary)
    one_day = pd.Timestamp(one.best_day, tz="UTC")
    return WhichDayCore(
        scores=scores,
        day=day,
        scan=scan_coverage(scores),
        summary=summary,
        event=event_day_measures(scores, day, btc_15m),
        mid=mid_december_measures(scores),
        one_event=one,
        one_event_day=one_day,
        missed=tuple(missed_elements(scores, one_day)),
    )


@functools.cache
@cached("event-rule-measures")
def rule_measures() -> WhichDayCore:
    """The rules' measures from the data (:func:`core_measures` of the scan and the BTC 15-minute
    bars), kept in the results cache and once per process: what the assessor reads."""
    return core_measures(score_days(), load.btc_15m())


def build_measures(inputs: WhichDayInputs, core: WhichDayCore | None = None) -> WhichDayMeasures:
    """The chapter's measures from ``inputs`` and the rules' measures ``core`` (by default computed
    from ``inputs``; no data are read here)."""
    core = core_measures(inputs.scores, inputs.btc_15m) if core is None else core
    s, day = core.scores, core.day
    cands = best_candidates(s, k=TOP_DAYS, summary=core.summary)
    btc5 = inputs.sources[PERP_5M_SOURCE]
    return WhichDayMeasures(
        **{f.name: getattr(core, f.name) for f in fields(WhichDayCore)},
        coverage=data_coverage(s, day, inputs.reports),
        resolution=resolution_check(inputs.bars, inputs.btc_15m, day),
        ranking=ranking(s, day),
        candidates=tuple(cands),
        elements=element_table(s, cands),
        path_bars=btc5.loc[day - pd.Timedelta("12h") : day + pd.Timedelta("1D") - pd.Timedelta("5min")],
        sources=sources_check(inputs.sources, day),
        other_days=_other_days(core.summary, list(core.missed)),
    )


@functools.cache
@cached("event-chapter-measures")
def measures() -> WhichDayMeasures:
    """The chapter's measures from the data, read once, here: the rules' part from
    :func:`rule_measures` (results cache), the rest from :func:`load_inputs`; kept in the results
    cache and once per process."""
    return build_measures(load_inputs(), rule_measures())
