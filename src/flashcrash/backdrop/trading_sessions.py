"""The trading sessions against ordinary days (claim c56): per UTC day, a session's return, volume and
share of the day's fall, and the crash day's against the same session on the days before (a null
distribution; sessions as in :mod:`flashcrash.sessions`).

Returns and shares are fractions, volumes in the base asset, days UTC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc, to_utc
from flashcrash.sessions import SESSIONS, in_session

#: Ordinary days the Asian session is compared with (the days before the crash day).
NULL_DAYS = 180


def session_days(bars: pd.DataFrame, session: str = "Asia") -> pd.DataFrame:
    """Per UTC day: ``session``'s return, volume and share of the day's fall, from hourly bars.

    ``bars``: hourly OHLCV (USD; volume in the base asset) on a sorted UTC index of bar open times.
    Columns: ``session_return`` (last close / first open of the session's bars - 1), ``volume`` (sum),
    ``bars`` (how many of the session's hours the day has), ``fall_share`` (``(day open - session low) /
    (day open - day low)``, clipped to [0, 1]; NaN when the day never traded below its open). Days
    without a bar in the session are absent.
    """
    require_utc(bars.index, "bars index")
    if session not in SESSIONS:
        raise ValueError(f"unknown session {session!r}; known: {', '.join(SESSIONS)}")
    if not bars.index.is_monotonic_increasing:
        raise ValueError("bars must be sorted by time")
    day = bars.index.floor("1D").asi8

    def starts(keys: np.ndarray) -> np.ndarray:
        return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])

    d0 = starts(day)
    whole_day = day[d0]
    day_open = bars["open"].to_numpy()[d0]
    day_low = np.minimum.reduceat(bars["low"].to_numpy(), d0)
    mask = in_session(bars.index, session)
    s, sday = bars[mask], day[mask]
    if s.empty:
        return pd.DataFrame(columns=["session_return", "volume", "bars", "fall_share"])
    s0 = starts(sday)
    s1 = np.r_[s0[1:], len(sday)] - 1
    k = np.searchsorted(whole_day, sday[s0])
    session_low = np.minimum.reduceat(s["low"].to_numpy(), s0)
    fall = day_open[k] - day_low[k]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(fall > 0, np.clip((day_open[k] - session_low) / fall, 0.0, 1.0), np.nan)
    res = pd.DataFrame(
        {
            "session_return": s["close"].to_numpy()[s1] / s["open"].to_numpy()[s0] - 1.0,
            "volume": np.add.reduceat(s["volume"].to_numpy(), s0),
            "bars": (s1 - s0 + 1).astype(int),
            "fall_share": share,
        },
        index=pd.DatetimeIndex(sday[s0], tz="UTC").rename("day"),
    )
    return res


def session_against_ordinary(days: pd.DataFrame, day: pd.Timestamp, n_days: int = NULL_DAYS) -> dict[str, float]:
    """The session on ``day`` (a row of :func:`session_days`) against the ``n_days`` complete sessions before it.

    ``return_percentile`` and ``volume_percentile``: share of those days at or below the day's value;
    ``volume_ratio``: the day's volume over their median; plus the day's ``session_return``,
    ``session_volume``, ``fall_share`` and ``null_days``. Incomplete sessions (fewer bars than the most common
    count) are left out of the null.
    """
    day = to_utc(day)
    if day not in days.index:
        raise ValueError(f"no session on {day.date()} in the table")
    full = days["bars"] == days["bars"].mode().iloc[0]
    null = days[full & (days.index < day)].iloc[-n_days:]
    if len(null) < n_days:
        raise ValueError(f"only {len(null)} complete sessions before {day.date()}, need {n_days}")
    row = days.loc[day]
    return {
        "session_return": float(row["session_return"]),
        "return_percentile": float(np.mean(null["session_return"].to_numpy() <= row["session_return"])),
        "session_volume": float(row["volume"]),
        "volume_ratio": float(row["volume"] / null["volume"].median()),
        "volume_percentile": float(np.mean(null["volume"].to_numpy() <= row["volume"])),
        "fall_share": float(row["fall_share"]) if pd.notna(row["fall_share"]) else 0.0,
        "null_days": len(null),
    }


def sessions_table(bars: pd.DataFrame, day: pd.Timestamp, n_days: int = NULL_DAYS) -> pd.DataFrame:
    """:func:`session_against_ordinary` for every session of :data:`flashcrash.sessions.SESSIONS`, one row each."""
    rows = {s: session_against_ordinary(session_days(bars, s), day, n_days) for s in SESSIONS}
    out = pd.DataFrame(rows).T
    out.index.name = "session"
    return out.astype({"null_days": int})
