"""The scan of every day, the best-matching day and the candidate days the other chapters examine."""

from __future__ import annotations

import functools

import pandas as pd

from flashcrash.cache import cached
from flashcrash.event import load
from flashcrash.event.criteria import score_table
from flashcrash.event.markets import coin_days, day_returns, liquidation_days
from flashcrash.event.scan import price_days


@functools.cache
@cached("event-score-days")
def score_days() -> pd.DataFrame:
    """Every UTC day from :data:`~flashcrash.event.scan.SCAN_START` to the end of the BTC price data,
    one row each, with the measures and the fit of each element of
    :data:`~flashcrash.event.criteria.CRITERIA` (see :func:`~flashcrash.event.criteria.score_table`),
    at the finest resolution of that day (column ``resolution``). ``attrs['coverage_ratio']`` holds
    the (low, high) market-to-three-exchange liquidation ratio used. The data are read here, once."""
    ratio = load.coverage_ratio_range(load.coverage_reports())
    out = score_table(price_days(load.btc_bars()), coin_days(day_returns(load.coin_sources())), liquidation_days(load.liquidations(), ratio))
    out.attrs["coverage_ratio"] = ratio
    return out


def best_day(scores: pd.DataFrame) -> pd.Timestamp:
    """UTC midnight of the best-matching day of ``scores`` (highest score; the earliest on a tie)."""
    return scores["score"].idxmax()


def event_day() -> pd.Timestamp:
    """UTC midnight of the best-matching day of the scan (:func:`score_days`). The day is pinned as
    :data:`flashcrash.article.EVENT_DAY`, which the other chapters read; a data test checks the two agree."""
    return best_day(score_days())


def candidates(scores: pd.DataFrame, min_score: int | None = None, resolution: str | None = "5min") -> list[pd.Timestamp]:
    """The best day of ``scores`` first, then every other day that broke $87k, by score (then date).

    By default only days scored on 5-minute bars (2025-11-30 to 2026-01-28), which the other
    chapters examine bar by bar; ``resolution=None`` lists every day of the scan."""
    best = best_day(scores)
    keep = scores["broke_87k"] & (scores.index != best)
    if resolution is not None:
        keep &= scores["resolution"] == resolution
    others = scores[keep].sort_values(["score"], ascending=False, kind="stable")
    if min_score is not None:
        others = others[others["score"] >= min_score]
    return [best, *others.index]


def candidate_days(min_score: int | None = None, resolution: str | None = "5min") -> list[pd.Timestamp]:
    """:func:`candidates` of the scan of every day (:func:`score_days`)."""
    return candidates(score_days(), min_score, resolution)
