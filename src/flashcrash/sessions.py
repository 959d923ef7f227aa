"""Trading sessions in UTC, with daylight saving handled through the exchanges' own time zones.

Convention (stated in the book):

- **Asia**: Tokyo business hours 09:00-17:00 JST = 00:00-08:00 UTC (Japan has no daylight saving);
- **Europe**: London 08:00-16:30 local (07:00-15:30 UTC in summer, 08:00-16:30 UTC in winter);
- **US**: New York 09:30-16:00 local (13:30-20:00 UTC in summer, 14:30-21:00 UTC in winter).

Sessions overlap (Europe/US); a timestamp gets the label of every session it falls in, joined with
"+", or "off" if none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc

#: name -> (IANA time zone, local open "HH:MM", local close "HH:MM")
SESSIONS: dict[str, tuple[str, str, str]] = {
    "Asia": ("Asia/Tokyo", "09:00", "17:00"),
    "Europe": ("Europe/London", "08:00", "16:30"),
    "US": ("America/New_York", "09:30", "16:00"),
}

#: Local time zones of the article's "Asian" readers, for reporting times.
ASIA_TZ = "Asia/Hong_Kong"  # UTC+8, also Singapore / Beijing
#: New York, where the Federal Reserve releases its statements.
NEW_YORK_TZ = "America/New_York"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def local_minutes(session: str) -> tuple[int, int]:
    """Open and close of ``session`` in minutes after local midnight, in the session's own time zone
    (``(540, 1020)`` for Tokyo's 09:00-17:00)."""
    _, start, end = SESSIONS[session]
    return _minutes(start), _minutes(end)


def in_session(times: pd.DatetimeIndex, session: str) -> np.ndarray:
    """Boolean mask: which (tz-aware) ``times`` fall inside ``session``'s local hours, weekends included
    (crypto trades every day; the session is the hours its region's traders are at work)."""
    require_utc(times, "times")
    tz, start, end = SESSIONS[session]
    # minute of the local day from the local wall-clock nanoseconds: the same as hour * 60 + minute,
    # without pandas computing each field through the time zone again
    wall = times.tz_convert(tz).tz_localize(None).as_unit("ns").asi8
    minute = (wall // 60_000_000_000) % 1440
    return (minute >= _minutes(start)) & (minute < _minutes(end))


def label_sessions(times: pd.DatetimeIndex) -> pd.Series:
    """Session label of each timestamp: "Asia", "Europe", "US", "Europe+US", ... or "off"."""
    require_utc(times, "times")
    masks = {name: in_session(times, name) for name in SESSIONS}
    labels = []
    for i in range(len(times)):
        names = [n for n in SESSIONS if masks[n][i]]
        labels.append("+".join(names) if names else "off")
    return pd.Series(labels, index=times, name="session")


def session_bounds_utc(day: pd.Timestamp, session: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """UTC start and end of ``session`` on the local calendar date of ``day``."""
    tz, start, end = SESSIONS[session]
    d = pd.Timestamp(day).date().isoformat()
    return (pd.Timestamp(f"{d} {start}", tz=tz).tz_convert("UTC"), pd.Timestamp(f"{d} {end}", tz=tz).tz_convert("UTC"))
