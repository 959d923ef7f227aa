"""Afterwards: how $87k and $84k behaved after the event day's low (5-minute data to 2026-01-29,
hourly data to May 2026): the first passage back above $87k, the share of time above it, the lows of
the following days and weeks, and every touch of both levels."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.levels.touches import TOL, level_episodes
from flashcrash.levels.windows import post_event_bars


def first_close_at_or_above(bars: pd.DataFrame, level: float, after: pd.Timestamp) -> pd.Timestamp:
    """Open time (UTC) of the first bar at or after ``after`` that closed at or above ``level``; NaT if none."""
    sub = bars.loc[after:]
    hit = sub.index[sub["close"].to_numpy() >= level]
    return hit[0] if len(hit) else pd.NaT


def first_close_below(bars: pd.DataFrame, level: float, after: pd.Timestamp) -> pd.Timestamp:
    """Open time (UTC) of the first bar at or after ``after`` that closed below ``level``; NaT if none."""
    sub = bars.loc[after:]
    hit = sub.index[sub["close"].to_numpy() < level]
    return hit[0] if len(hit) else pd.NaT


def share_above(bars: pd.DataFrame, level: float, start: pd.Timestamp, span: str | None) -> float:
    """Fraction of bar closes at or above ``level`` from ``start`` over ``span`` (to the end if None)."""
    sub = bars.loc[start:] if span is None else bars.loc[start : start + pd.Timedelta(span) - pd.Timedelta("1ns")]
    return float((sub["close"] >= level).mean())


@dataclass(frozen=True)
class AfterEvent:
    """How $87k and $84k behaved after the event day's low (prices USD, times UTC bar opens)."""

    day: pd.Timestamp  # the event day (UTC midnight)
    low_time: pd.Timestamp  # the bar of its low
    back_above_87k: pd.Timestamp  # first 5-minute close at or above $87k after it
    hours_to_back_above_87k: float
    share_above_87k_7d: float  # fraction of 5-minute closes at or above $87k in the 7 days from the low
    share_above_87k_to_5m_end: float  # ... to the end of the 5-minute data
    low_to_5m_end: float  # lowest price after the low's bar, to the end of the 5-minute data
    low_to_5m_end_time: pd.Timestamp
    low_after_day: float  # lowest price from the next UTC day to the end of the 5-minute data
    low_after_day_time: pd.Timestamp
    rejections_87k: pd.DataFrame  # touches of $87k from below on 5-minute bars (:func:`~flashcrash.levels.touches.level_episodes`)
    tests_84k: pd.DataFrame  # touches of $84k from above on hourly bars
    first_daily_close_below_84k_band: pd.Timestamp  # first UTC day closing below $84k (1 - tol)
    hourly_end: pd.Timestamp  # the last hourly bar
    low_to_hourly_end: float
    low_to_hourly_end_time: pd.Timestamp

    @property
    def share_above_87k_7d_pct(self) -> float:
        return self.share_above_87k_7d * 100

    @property
    def share_above_87k_to_5m_end_pct(self) -> float:
        return self.share_above_87k_to_5m_end * 100

    @property
    def weeks_84k_held(self) -> float:
        """Weeks from the event day to the first daily close below the $84k band."""
        return float((self.first_daily_close_below_84k_band - self.day) / pd.Timedelta("7D"))

    @property
    def low_after_inside_84k_band(self) -> bool:
        """The lowest price of the following weeks came down into the $84k band (at most $84k (1 + tol))."""
        return bool(self.low_after_day <= LEVEL_LOW * (1 + TOL))


def after_event(b5: pd.DataFrame, b1: pd.DataFrame, day: pd.Timestamp, low_time: pd.Timestamp) -> AfterEvent:
    """How $87k and $84k behaved after ``low_time`` (the bar of the low of ``day``, UTC midnight), from
    the BTC perpetual's 5-minute bars ``b5`` and hourly bars ``b1``."""
    back = first_close_at_or_above(b5, LEVEL_BREAK, low_time)
    after = b1[b1.index > low_time]  # hourly bars opening after the low's 5-minute bar
    daily_close = after["close"].resample("1D").last()
    lost = daily_close[daily_close < LEVEL_LOW * (1 - TOL)]
    until_5m = b5.loc[low_time + pd.Timedelta("5min") :]
    later = b5.loc[day + pd.Timedelta("1D") :]  # from the next UTC day on: the days and weeks after
    return AfterEvent(
        day=day,
        low_time=low_time,
        back_above_87k=back,
        hours_to_back_above_87k=float((back - low_time) / pd.Timedelta("1h")) if pd.notna(back) else float("nan"),
        share_above_87k_7d=share_above(b5, LEVEL_BREAK, low_time, "7D"),
        share_above_87k_to_5m_end=share_above(b5, LEVEL_BREAK, low_time, None),
        low_to_5m_end=float(until_5m["low"].min()),
        low_to_5m_end_time=until_5m["low"].idxmin(),
        low_after_day=float(later["low"].min()),
        low_after_day_time=later["low"].idxmin(),
        rejections_87k=level_episodes(post_event_bars(b5, low_time), LEVEL_BREAK, "resistance"),
        tests_84k=level_episodes(post_event_bars(b1, low_time), LEVEL_LOW, "support"),
        first_daily_close_below_84k_band=lost.index[0] if len(lost) else pd.NaT,
        hourly_end=b1.index[-1],
        low_to_hourly_end=float(after["low"].min()),
        low_to_hourly_end_time=after["low"].idxmin(),
    )
