"""Times and amounts of the day scan in words: local clock times, UTC clock times, millions of USD."""

from __future__ import annotations

import pandas as pd

from flashcrash.sessions import ASIA_TZ


def local_time(ts: pd.Timestamp, tz: str = ASIA_TZ) -> str:
    """``2025-12-01 08:55 HKT``-style local time of a UTC timestamp."""
    t = ts.tz_convert(tz)
    return f"{t:%Y-%m-%d %H:%M} {t.tzname()}"


def utc_clock(t: pd.Timestamp) -> str:
    """``00:55 UTC``: the clock time of a UTC timestamp."""
    return f"{t:%H:%M} UTC"


def millions(x: float) -> str:
    """``$820M``: an amount in USD, in whole millions."""
    return f"${x / 1e6:,.0f}M"
