"""The scan of every day, the best-matching day and the candidate days the other chapters examine."""

from __future__ import annotations

import functools

import pandas as pd

from flashcrash.cache import cached
from flashcrash.event import load
from flashcrash.event.criteria import score_table
from flashcrash.event.markets import coin_days, day_returns, liquidation_days
from flashcrash.event.scan import finest_bars, price_days


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


def five_minute_scan() -> pd.DataFrame:
    """The price measures of :func:`~flashcrash.event.scan.price_days` on the days the BTC 5-minute
    file covers whole (column ``resolution`` is ``"5min"`` there), without the rest of the scan:
    the 5-minute bars and the 15-minute bars from the day before the 5-minute file's first. Every
    measure of a 5-minute day reads only its own bars and the bar before it, so these rows equal
    those of :func:`score_days` (tested); the other rows are not the scan's."""
    fine = load.btc_bars_5m()
    start = fine.index[0].floor("1D") - pd.Timedelta("1D")
    return price_days(finest_bars(fine, load.btc_15m().loc[start:]))


def break_days(day: pd.Timestamp, scan: pd.DataFrame | None = None) -> list[pd.Timestamp]:
    """``day`` first, then every other 5-minute day of ``scan`` (by default :func:`five_minute_scan`)
    that broke $87k, by date: the days of :func:`candidate_days`, which orders them by score, and
    what the other chapters' verdicts read (they count and compare days, in any order)."""
    s = five_minute_scan() if scan is None else scan
    keep = (s["breaks_87k"] >= 1) & (s["resolution"] == "5min") & (s.index != day)
    return [day, *s.index[keep.to_numpy()]]


def candidate_days(min_score: int | None = None, resolution: str | None = "5min") -> list[pd.Timestamp]:
    """:func:`candidates` of the scan of every day (:func:`score_days`)."""
    return candidates(score_days(), min_score, resolution)
