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
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.event import compare_sources
from flashcrash.sessions import label_sessions


@dataclass(frozen=True)
class _Arrays:
    """The columns of 5-minute bars as arrays, read once for every day and level: open times (ns
    since the epoch, UTC), open, low and close (USD), the bar length (minutes, and as a time span)
    and the bars' index."""

    t: np.ndarray
    open: np.ndarray
    low: np.ndarray
    close: np.ndarray
    minutes: float
    step: pd.Timedelta
    index: pd.DatetimeIndex

    @classmethod
    def of(cls, bars: pd.DataFrame) -> _Arrays:
        require_utc(bars.index, "bars index")
        minutes = X.bar_minutes(bars)
        cols = (bars[c].to_numpy(float) for c in ("open", "low", "close"))
        return cls(bars.index.as_unit("ns").asi8, *cols, minutes, pd.Timedelta(minutes=minutes), bars.index)


def _span(t: np.ndarray, start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, int]:
    """Positions [i0, i1) of the bars (open times ``t``, ns since the epoch, increasing) from ``start``
    to ``end`` inclusive: what ``bars.loc[start:end]`` selects, without pandas' label lookup."""
    return int(np.searchsorted(t, start.value, "left")), int(np.searchsorted(t, end.value, "right"))


def _crossing_bars(a: _Arrays, day: pd.Timestamp, level: float) -> np.ndarray:
    """Positions of the bars of ``day`` that cross ``level`` downward, as :func:`flashcrash.crossings.downward_crossings`
    finds them in the window from one bar before ``day`` to its end (the window's first bar compared
    with its own open; a missing previous close replaced by that open, as there)."""
    i0, i1 = _span(a.t, day - a.step, day + pd.Timedelta("1D") - pd.Timedelta("1ns"))
    if i1 <= i0:
        return np.zeros(0, dtype=np.int64)
    prev = np.concatenate([a.open[i0 : i0 + 1], a.close[i0 : i1 - 1]])
    prev = np.where(np.isnan(prev), a.open[i0], prev)
    pos = i0 + np.flatnonzero((prev >= level) & (a.low[i0:i1] < level))
    return pos[a.t[pos] >= day.value]


def _recovery(a: _Arrays, i: int, level: float, above: np.ndarray) -> dict[str, object]:
    """After the crossing bar at position ``i``: the first bar (``i``'s included) closing at or above
    ``level`` (``above``: the positions of every such bar), the minutes to its close, the minutes in
    bars trading below the level until then and the lowest low (USD)."""
    k = int(np.searchsorted(above, i))
    j = int(above[k]) if k < len(above) else None
    seg = a.low[i : (j + 1) if j is not None else len(a.low)]
    t = a.index[i]
    return {
        "recovered": a.index[j] if j is not None else pd.NaT,
        "minutes_to_recover": float((a.index[j] + a.step - t) / pd.Timedelta("1min")) if j is not None else float("nan"),
        "minutes_below": float((seg < level).sum() * a.minutes),
        "low_before_recovery": float(seg.min()),
    }


def _break_rows(bars: pd.DataFrame, days: list[pd.Timestamp], levels: tuple[float, ...]) -> list[dict[str, object]]:
    """The rows of :func:`break_table`, day by day, level by level, in time order."""
    a = _Arrays.of(bars)
    found = [(day, level, _crossing_bars(a, day, level)) for day in days for level in levels]
    times = a.index[np.concatenate([p for _, _, p in found])] if found else a.index[:0]
    sessions = iter(label_sessions(pd.DatetimeIndex(times)).tolist())
    above = {level: np.flatnonzero(a.close >= level) for level in levels}
    return [
        {
            "day": day,
            "level": level,
            "time": a.index[i],
            "session": next(sessions),
            "bar_low": float(a.low[i]),
            "depth": float(level - a.low[i]),
            **_recovery(a, int(i), level, above[level]),
        }
        for day, level, pos in found
        for i in pos
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
    return pd.DataFrame(_break_rows(bars, [to_utc(d) for d in days], levels))


def day_summary(bars: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Per day of ``days`` (``bars``: 5-minute bars): the low (USD) and its bar, depth of the low below $87k and
    $84k (USD; negative = the low stayed above), number of crossings of each level, first crossing of
    each with its session, and minutes below $84k."""
    days = [to_utc(d) for d in days]
    by: dict[tuple[pd.Timestamp, float], list[dict[str, object]]] = {}
    for r in _break_rows(bars, days, (LEVEL_BREAK, LEVEL_LOW)):
        by.setdefault((r["day"], r["level"]), []).append(r)  # type: ignore[arg-type]
    t = bars.index.as_unit("ns").asi8
    rows = []
    for day in days:
        today = bars.iloc[slice(*_span(t, day, day + pd.Timedelta("1D") - pd.Timedelta("1ns")))]  # :func:`~flashcrash.levels.windows.day_bars`
        row = {"day": day, "low": float(today["low"].min()), "low_time": today["low"].idxmin()}
        for level, tag in ((LEVEL_BREAK, "87k"), (LEVEL_LOW, "84k")):
            b = by.get((day, level), [])
            row[f"depth_below_{tag}"] = level - row["low"]
            row[f"crossings_{tag}"] = len(b)
            row[f"first_{tag}"] = b[0]["time"] if b else pd.NaT
            row[f"session_{tag}"] = b[0]["session"] if b else ""
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
