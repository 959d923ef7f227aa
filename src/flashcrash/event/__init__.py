"""Which day was it? A day-by-day scan of the data against the article.

The article describes one day: a calm market inside $87,000-$90,000, a sharp break of $87,000 during
the Asian session, a brief dip below $84,000, ETH and altcoins following, heavy liquidations (about
$820M in 24 hours, over $600M in the worst hour, over 90 % longs), "in mid-December". Every UTC day
from 2024-01-01 to the end of the BTC price data is tested on each of those elements separately
(:data:`~flashcrash.event.criteria.CRITERIA`), at the finest resolution available for that day
(5-minute perpetual bars where the 5-minute file covers the whole day, 15-minute bars otherwise); the
day that fits most elements is the event. The scan is vectorised: it groups bars by day and never
loops over days.

One concern per module:

- :mod:`~flashcrash.event.load`: the data the scan reads (and nothing else reads data);
- :mod:`~flashcrash.event.scan`: the finest bars of each day and the price elements per day;
- :mod:`~flashcrash.event.markets`: ETH and altcoin day returns, liquidations per day;
- :mod:`~flashcrash.event.criteria`: the elements as yes/no tests, and each day's score;
- :mod:`~flashcrash.event.days`: the scan of every day, the best day and the candidate days;
- :mod:`~flashcrash.event.elements`: which element fits which day, and the measures of c42;
- :mod:`~flashcrash.event.sources`: the day in every price source, and the calm before it;
- :mod:`~flashcrash.event.chapter`: the chapter's measures, one object (:func:`measures`);
- :mod:`~flashcrash.event.verdicts`: the chapter's assessor (:func:`assess`);
- :mod:`~flashcrash.event.tables`: the chapter's tables as the page shows them.

Conventions: bars are indexed by their UTC open time; level crossings (:mod:`flashcrash.crossings`)
are exact to the bar (5 or 15 minutes for the perpetual, 1 hour for spot and index). The article's
levels come from :mod:`flashcrash.article`; the day the scan identifies is pinned there as
:data:`flashcrash.article.EVENT_DAY`, which every other chapter examines. The thresholds that define
each element are named in :mod:`flashcrash.rules.which_day`.
"""

from __future__ import annotations

from flashcrash.event.chapter import (
    TOP_DAYS,
    WhichDayCore,
    WhichDayInputs,
    WhichDayMeasures,
    build_measures,
    core_measures,
    load_inputs,
    measures,
    rule_measures,
)
from flashcrash.event.criteria import (
    BRIEF_MINUTES,
    CRITERIA,
    FITS,
    LABELS,
    MID_DECEMBER,
    MISSES,
    NO_DATA,
    SCORED,
    SHARP_DROP,
    criteria_long,
    element_checked,
    score_table,
)
from flashcrash.event.days import best_day, break_days, candidate_days, candidates, event_day, five_minute_scan, score_days
from flashcrash.event.elements import (
    best_candidates,
    best_fitting_day,
    element_summary,
    element_table,
    element_texts,
    element_wide,
    missed_elements,
    one_event_measures,
)
from flashcrash.event.load import btc_15m, btc_bars, coin_sources, coverage_ratio_range, coverage_reports, source_bars
from flashcrash.event.markets import coin_days, daily_closes, day_returns, liquidation_days
from flashcrash.event.scan import (
    DAY_MINUTES,
    OHLC,
    SCAN_START,
    bar_flags,
    day_measures,
    every_day,
    finest_bars,
    high_within_day,
    price_days,
    resolution_comparison,
)
from flashcrash.event.sources import PriorCalm, compare_sources, prior_calm
from flashcrash.event.tables import element_overview, element_summary_table, missed_table, sources_table
from flashcrash.event.verdicts import assess
from flashcrash.event.words import local_time, millions, utc_clock

__all__ = [
    "BRIEF_MINUTES",
    "CRITERIA",
    "DAY_MINUTES",
    "FITS",
    "LABELS",
    "MID_DECEMBER",
    "MISSES",
    "NO_DATA",
    "OHLC",
    "SCAN_START",
    "SCORED",
    "SHARP_DROP",
    "TOP_DAYS",
    "WhichDayCore",
    "WhichDayInputs",
    "PriorCalm",
    "WhichDayMeasures",
    "assess",
    "bar_flags",
    "best_candidates",
    "best_day",
    "best_fitting_day",
    "btc_15m",
    "btc_bars",
    "build_measures",
    "core_measures",
    "day_measures",
    "every_day",
    "high_within_day",
    "break_days",
    "candidate_days",
    "candidates",
    "coin_days",
    "coin_sources",
    "compare_sources",
    "coverage_ratio_range",
    "coverage_reports",
    "criteria_long",
    "daily_closes",
    "day_returns",
    "element_checked",
    "element_overview",
    "element_summary",
    "element_summary_table",
    "element_table",
    "element_texts",
    "element_wide",
    "event_day",
    "five_minute_scan",
    "finest_bars",
    "liquidation_days",
    "load_inputs",
    "local_time",
    "measures",
    "millions",
    "missed_elements",
    "missed_table",
    "one_event_measures",
    "price_days",
    "prior_calm",
    "resolution_comparison",
    "rule_measures",
    "score_days",
    "score_table",
    "source_bars",
    "sources_table",
    "utc_clock",
]
