"""The breaks: every crossing of $87k and $84k on the candidate days, its session, depth and recovery,
the same first crossings in every price source, and the crossing after which the price stayed below.

Crossing times reuse :func:`flashcrash.crossings.downward_crossings`; sessions come from
:mod:`flashcrash.sessions` (Asia = Tokyo 09:00-17:00, Europe = London 08:00-16:30, US = New York
09:30-16:00, daylight saving through the exchanges' own time zones).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash import crossings as X
from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.data.validate import to_utc
from flashcrash.event import compare_sources
from flashcrash.levels.windows import day_bars
from flashcrash.sessions import label_sessions


def _recovery(bars: pd.DataFrame, t: pd.Timestamp, level: float, step: pd.Timedelta) -> dict[str, object]:
    """After the crossing bar opening at ``t``: the first bar (``t``'s included) closing at or above
    ``level``, the minutes to its close, the minutes in bars trading below the level until then and
    the lowest low (USD)."""
    close = bars["close"].to_numpy(float)
    low = bars["low"].to_numpy(float)
    i = bars.index.get_loc(t)
    later = np.flatnonzero(close[i:] >= level)
    j = i + int(later[0]) if len(later) else None
    seg = slice(i, (j + 1) if j is not None else len(bars))
    return {
        "recovered": bars.index[j] if j is not None else pd.NaT,
        "minutes_to_recover": float((bars.index[j] + step - t) / pd.Timedelta("1min")) if j is not None else float("nan"),
        "minutes_below": float((low[seg] < level).sum() * X.bar_minutes(bars)),
        "low_before_recovery": float(low[seg].min()),
    }


def _day_crossings(bars: pd.DataFrame, day: pd.Timestamp, level: float, step: pd.Timedelta) -> list[dict[str, object]]:
    """The rows of :func:`break_table` for one day and one level."""
    window = bars.loc[day - step : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
    cr = X.downward_crossings(window, level)
    cr = cr[cr.index >= day]
    if cr.empty:
        return []
    sess = label_sessions(pd.DatetimeIndex(cr.index))
    return [
        {
            "day": day,
            "level": level,
            "time": t,
            "session": sess.loc[t],
            "bar_low": float(r["low"]),
            "depth": float(r["depth"]),
            **_recovery(bars, t, level, step),
        }
        for t, r in cr.iterrows()
    ]


@dataclass(frozen=True)
class Crossing:
    """One downward crossing of a level (a row of :func:`break_table`): the crossing bar's open (UTC),
    its session, low and depth below the level (USD), the bar that closed back at or above the level
    (NaT if none), the minutes to its close and in bars below the level, and the lowest low until then (USD)."""

    time: pd.Timestamp
    session: str
    bar_low: float
    depth: float
    recovered: pd.Timestamp
    minutes_to_recover: float
    minutes_below: float
    low_before_recovery: float

    @classmethod
    def of(cls, row: pd.Series) -> Crossing:
        """The crossing of one row of :func:`break_table`."""
        return cls(
            row["time"],
            str(row["session"]),
            float(row["bar_low"]),
            float(row["depth"]),
            row["recovered"],
            float(row["minutes_to_recover"]),
            float(row["minutes_below"]),
            float(row["low_before_recovery"]),
        )


def break_table(bars: pd.DataFrame, days: list[pd.Timestamp], levels: tuple[float, ...] = (LEVEL_BREAK, LEVEL_LOW)) -> pd.DataFrame:
    """Every downward crossing of each level on each of ``days``, from ``bars`` (the BTC perpetual's
    5-minute bars, OHLC in USD, UTC open times).

    Columns: ``day``, ``level`` (USD), ``time`` (UTC open of the bar that first traded below),
    ``session`` (Asia/Europe/US/... or off), ``bar_low`` (USD) and ``depth`` (USD below the level in that
    bar), ``recovered`` (open of the first bar, the crossing bar included, that closed at or above the
    level; NaT if none before the data end), ``minutes_to_recover`` (from the crossing bar's open to the recovery bar's
    close), ``minutes_below`` (bars trading below the level in between, times 5) and ``low_before_recovery``
    (USD). Crossings of a day are those whose bar opens on that UTC day; a crossing needs the previous
    bar to have closed at or above the level (:func:`flashcrash.crossings.downward_crossings`).
    """
    step = pd.Timedelta(minutes=X.bar_minutes(bars))
    return pd.DataFrame([row for day in (to_utc(d) for d in days) for level in levels for row in _day_crossings(bars, day, level, step)])


def day_summary(bars: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Per day of ``days`` (``bars``: 5-minute bars): the low (USD) and its bar, depth of the low below $87k and
    $84k (USD; negative = the low stayed above), number of crossings of each level, first crossing of
    each with its session, and minutes below $84k."""
    days = [to_utc(d) for d in days]
    brk = break_table(bars, days)
    rows = []
    for day in days:
        today = day_bars(bars, day)
        row = {"day": day, "low": float(today["low"].min()), "low_time": today["low"].idxmin()}
        for level, tag in ((LEVEL_BREAK, "87k"), (LEVEL_LOW, "84k")):
            b = brk[(brk["day"] == day) & (brk["level"] == level)] if len(brk) else brk
            row[f"depth_below_{tag}"] = level - row["low"]
            row[f"crossings_{tag}"] = len(b)
            row[f"first_{tag}"] = b["time"].iloc[0] if len(b) else pd.NaT
            row[f"session_{tag}"] = b["session"].iloc[0] if len(b) else ""
        row["minutes_below_84k"] = X.minutes_below(today, LEVEL_LOW)
        rows.append(row)
    return pd.DataFrame(rows).set_index("day")


def source_check(sources: dict[str, pd.DataFrame], days: list[pd.Timestamp]) -> pd.DataFrame:
    """First crossings of $87k and $84k and the day's low in every price source of ``sources`` (label ->
    bars, the 5-minute perpetual first; :func:`flashcrash.event.compare_sources`), one row per (day,
    source), with ``agrees_87k`` / ``agrees_84k``: the source's first crossing falls in the same hour
    as the 5-minute perpetual's (both missing also agrees). Days on which a source has no bars (the
    CryptoCompare index ends on 2026-01-17) are skipped and listed in ``attrs["skipped_days"]``."""
    out = []
    skipped = []
    for day in (to_utc(d) for d in days):
        try:
            cs = compare_sources(day, sources).reset_index()
        except ValueError:  # a source has no bars that day (the index ends 2026-01-17)
            skipped.append(day)
            continue
        cs.insert(0, "day", day)
        ref = cs.iloc[0]
        for col, tag in (("first_below_87k", "87k"), ("first_below_84k", "84k")):
            a = cs[col].dt.floor("1h")
            r = ref[col].floor("1h") if pd.notna(ref[col]) else pd.NaT
            cs[f"agrees_{tag}"] = (a == r) | (a.isna() & pd.isna(r))
        out.append(cs)
    res = pd.concat(out, ignore_index=True)
    res.attrs["skipped_days"] = [d.isoformat() for d in skipped]
    return res


def final_break(day_bars: pd.DataFrame, crossings: pd.Series, level: float) -> pd.Timestamp:
    """The crossing after which the price stayed below ``level`` (USD) for the rest of ``day_bars``:
    the first of ``crossings`` (UTC bar opens, in order) after the last bar that closed at or above the
    level; the first crossing if no close at or above follows it, or no crossing follows the last one."""
    if len(crossings) == 0:
        raise ValueError("no crossing of the level to choose from")
    stay = day_bars.loc[crossings.iloc[0] :]
    above = stay.index[stay["close"].to_numpy() >= level]
    later = crossings[crossings > above[-1]] if len(above) else crossings.iloc[:0]
    return later.iloc[0] if len(later) else crossings.iloc[0]
