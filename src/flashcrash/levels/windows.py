"""The windows of bars the level tests look at: the month before the event, the time after its low, one UTC day."""

from __future__ import annotations

import pandas as pd

from flashcrash.article import EVENT_DAY
from flashcrash.data.validate import to_utc
from flashcrash.errors import GapError

LOOKBACK_DAYS = 30  # the month before the event that the level tests look at
END_5M = pd.Timestamp("2026-01-29", tz="UTC")  # the 5-minute data end on this day


def pre_event_bars(bars: pd.DataFrame, day: pd.Timestamp = EVENT_DAY, days: int = LOOKBACK_DAYS) -> pd.DataFrame:
    """The ``bars`` (UTC open times) of the ``days`` before ``day``. The 5-minute file starts on
    2025-11-30, so the finest bars for the month before 1 December are 15-minute ones."""
    day = to_utc(day)
    out = bars.loc[day - pd.Timedelta(days=days) : day - pd.Timedelta("1ns")]
    if len(out) == 0:
        raise GapError(f"no bars in the {days} days before {day.date()}")
    return out


def post_event_bars(bars: pd.DataFrame, start: pd.Timestamp) -> pd.DataFrame:
    """The ``bars`` from ``start`` (the bar of the event day's low) to the end of the file: 5-minute
    bars end on 2026-01-29, hourly bars in May 2026."""
    return bars.loc[start:]


def day_bars(bars: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The bars opening on the UTC day ``day`` (from its midnight to before the next one)."""
    return bars.loc[day : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
