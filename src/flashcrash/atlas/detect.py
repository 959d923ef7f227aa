"""The crash rule: which stretches of a price series are crashes.

**Rule.** A bar is *in a crash* when its low is at least :data:`DROP` (5 %) below the highest high
of the bars that opened in the :data:`WINDOW` (24 hours, clock time) up to and including it::

    low_t <= (1 - DROP) * max{ high_s : t - WINDOW < s <= t }

Each such bar defines a *window* from the bar holding that high (the latest one, on ties) to the end
of the bar itself. Windows that overlap or touch are merged into one **event**, so a slide that stays
5 % under its trailing high for days is one event, not dozens.

Conventions: bars are indexed by their UTC open time on a regular grid (one bar length); a bar
spans ``[open, open + step)``. The window is clock time, so a gap in the data neither creates nor
hides a fall: the high before a gap counts for 24 hours, whether or not bars follow it, and a fall
across a gap longer than 24 hours is no crash. Missing bars inside an event are reported
(``gap_hours``). An event whose look-back reaches before the first bar, or which is still under way
at the last bar, is marked ``censored``: its true start or end may lie outside the data.

Per event (:func:`find_events`): ``start`` (open of the high that began it), ``end`` (end of its last
crash bar), ``break_time`` (open of the first crash bar: when the rule fired), ``break_high`` (the
trailing 24 h high at that bar, USD), ``high``/``high_time`` and ``low``/``low_time`` (the deepest
peak-to-trough fall inside the event: the trough and the highest high before it, USD),
``drawdown`` (1 - low / high, fraction), ``worst_fall`` (largest fall from the trailing 24 h high
over the event's bars, fraction: the rule's own statistic), ``worst_1h`` (largest fall from a high to
a low at most one hour later, fraction; at hourly resolution this is one bar's range),
``duration_hours`` (end - start), ``fall_hours`` (low_time - high_time), ``bars``, ``gap_hours`` and
``censored``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc

#: Fall from the trailing high that makes a crash (fraction of the high).
DROP = 0.05
#: Look-back of the trailing high (clock time).
WINDOW = pd.Timedelta(hours=24)
#: Window of the speed measure ``worst_1h`` (clock time).
SPEED_WINDOW = pd.Timedelta(hours=1)

EVENT_COLUMNS = [
    "start",
    "end",
    "break_time",
    "break_high",
    "high",
    "high_time",
    "low",
    "low_time",
    "drawdown",
    "worst_fall",
    "worst_1h",
    "duration_hours",
    "fall_hours",
    "bars",
    "gap_hours",
    "censored",
]
#: The columns of :data:`EVENT_COLUMNS` that hold times (UTC).
TIME_COLUMNS = ("start", "end", "break_time", "high_time", "low_time")
#: One hour in nanoseconds.
HOUR_NS = 3_600_000_000_000


@dataclass(frozen=True)
class CrashRule:
    """The crash rule's two constants: ``drop`` (fraction) and ``window`` (clock time)."""

    drop: float = DROP
    window: pd.Timedelta = WINDOW

    def __post_init__(self) -> None:
        if not 0 < self.drop < 1:
            raise ValueError(f"drop must be a fraction in (0, 1), got {self.drop}")
        if pd.Timedelta(self.window) <= pd.Timedelta(0):
            raise ValueError(f"window must be a positive duration, got {self.window}")

    @property
    def text(self) -> str:
        """The rule in one plain sentence."""
        hours = pd.Timedelta(self.window) / pd.Timedelta(hours=1)
        return (
            f"a crash is any stretch in which the price trades at least {self.drop:.0%} below its highest "
            f"high of the previous {hours:g} hours; overlapping stretches are one event"
        )


#: The rule with its default constants.
DEFAULT_RULE = CrashRule()


def bar_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The bar length: the most common step of ``index`` (needs two bars)."""
    if len(index) < 2:
        raise ValueError("need at least two bars to know the bar length")
    steps = np.diff(index.as_unit("ns").asi8)
    vals, counts = np.unique(steps, return_counts=True)
    return pd.Timedelta(int(vals[np.argmax(counts)]), unit="ns")


def grid_positions(index: pd.DatetimeIndex, step: pd.Timedelta) -> np.ndarray:
    """Position of each bar on the regular grid that starts at the first bar (0, 1, 2, ... with
    holes where bars are missing). Raises if a bar is off the grid."""
    ns = index.as_unit("ns").asi8
    off = ns - ns[0]
    s = step.value
    if (off % s).any():
        bad = index[np.flatnonzero(off % s)[0]]
        raise ValueError(f"bar at {bad} is not on the {step} grid that starts at {index[0]}: resample the bars first")
    return off // s


def _check_bars(bars: pd.DataFrame) -> None:
    if not isinstance(bars.index, pd.DatetimeIndex):
        raise TypeError("bars must have a DatetimeIndex of UTC bar open times")
    require_utc(bars.index, "bars index")
    for col in ("high", "low"):
        if col not in bars.columns:
            raise ValueError(f"bars need a {col!r} column (USD); they have {list(bars.columns)}")
    if not bars.index.is_monotonic_increasing or bars.index.has_duplicates:
        raise ValueError("bar times must be unique and increasing")
    px = bars[["high", "low"]].to_numpy(float)
    if not np.isfinite(px).all() or (px <= 0).any():
        raise ValueError("high and low must be finite and positive (USD): no missing prices inside bars")
    if (px[:, 1] > px[:, 0]).any():
        raise ValueError(f"low above high at {bars.index[np.flatnonzero(px[:, 1] > px[:, 0])[0]]}")


def _on_grid(values: np.ndarray, pos: np.ndarray, size: int, fill: float) -> np.ndarray:
    out = np.full(size, fill)
    out[pos] = values
    return out


def _grid_high(bars: pd.DataFrame, window: pd.Timedelta) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Highs on the regular grid (-inf where a bar is missing), bar positions, rolling max per bar, window in bars."""
    _check_bars(bars)
    step = bar_step(bars.index)
    n = int(pd.Timedelta(window) / step)
    if n < 1:
        raise ValueError(f"window {window} is shorter than one bar ({step})")
    pos = grid_positions(bars.index, step)
    hi = _on_grid(bars["high"].to_numpy(float), pos, int(pos[-1]) + 1, -np.inf)
    roll = pd.Series(hi).rolling(n, min_periods=1).max().to_numpy()[pos]
    return hi, pos, roll, n


def _holders(hi: np.ndarray, at: np.ndarray, n: int, chunk: int = 4096) -> np.ndarray:
    """Grid position of the latest bar holding the maximum of ``hi`` over ``(p - n, p]``, for each
    grid position ``p`` in ``at`` (worked in chunks, so memory stays at ``chunk x n`` values)."""
    padded = np.concatenate([np.full(n - 1, -np.inf), hi])
    win = np.lib.stride_tricks.sliding_window_view(padded, n)
    out = np.empty(len(at), dtype=np.int64)
    for i in range(0, len(at), chunk):
        p = at[i : i + chunk]
        out[i : i + chunk] = p - np.argmax(win[p][:, ::-1], axis=1)
    return out


def trailing_high(bars: pd.DataFrame, window: pd.Timedelta = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Per bar: the highest high of the bars opening in ``(t - window, t]`` (USD) and the grid
    position of the (latest) bar that holds it. Missing bars simply do not count."""
    hi, pos, roll, n = _grid_high(bars, window)
    return roll, _holders(hi, pos, n)


def flag_bars(bars: pd.DataFrame, rule: CrashRule = DEFAULT_RULE) -> pd.DataFrame:
    """Per bar: ``trailing_high`` (USD), ``fall`` (1 - low / trailing high, fraction) and ``crash``
    (the rule holds: low <= (1 - drop) x trailing high)."""
    _, _, high24, _ = _grid_high(bars, rule.window)
    low = bars["low"].to_numpy(float)
    return pd.DataFrame({"trailing_high": high24, "fall": 1.0 - low / high24, "crash": low <= (1.0 - rule.drop) * high24}, index=bars.index)


def _worst_within(high: np.ndarray, low: np.ndarray, pos: np.ndarray, n: int) -> np.ndarray:
    """Per bar: 1 - low_t / (highest high of the n grid bars up to t): the largest fall into bar t
    from a high at most n - 1 bars earlier (same bar included)."""
    size = int(pos[-1]) + 1
    hi = _on_grid(high, pos, size, -np.inf)
    roll = pd.Series(hi).rolling(n, min_periods=1).max().to_numpy()[pos]
    return 1.0 - low / roll


def find_events(
    bars: pd.DataFrame, rule: CrashRule = DEFAULT_RULE, keep: Callable[[pd.DatetimeIndex, pd.DatetimeIndex], np.ndarray] | None = None
) -> pd.DataFrame:
    """Every crash event in ``bars`` (OHLC in USD on a UTC index), one row each with the columns of
    :data:`EVENT_COLUMNS` (see the module docstring), in time order. No event: an empty frame.

    ``keep``: an optional filter of the events by their starts and ends (UTC), a boolean array; the
    rows of the others are not built (the same rows as filtering the whole table afterwards)."""
    hi_grid, pos, high24, n_win = _grid_high(bars, rule.window)
    step = bar_step(bars.index)
    high = bars["high"].to_numpy(float)
    low = bars["low"].to_numpy(float)
    k = np.flatnonzero(low <= (1.0 - rule.drop) * high24)
    if len(k) == 0:
        return pd.DataFrame({c: [] for c in EVENT_COLUMNS})
    w_start = _holders(hi_grid, pos[k], n_win)  # grid position of each crash bar's high
    w_end = pos[k] + 1  # grid position just after each crash bar
    new = np.concatenate([[True], w_start[1:] > w_end[:-1]])  # a window that starts after the last one ended
    first = np.flatnonzero(new)
    last = np.concatenate([first[1:], [len(k)]]) - 1
    worst = np.maximum.reduceat((1.0 - low / high24)[k], first)
    a, b = w_start[first], w_end[last]  # each event's grid positions [a, b)
    groups = np.arange(len(first))
    if keep is not None:
        t0, ns = bars.index[0], step.value
        groups = groups[np.asarray(keep(t0 + pd.to_timedelta(a * ns, unit="ns"), t0 + pd.to_timedelta(b * ns, unit="ns")), dtype=bool)]
    speed = _worst_within(high, low, pos, max(1, int(SPEED_WINDOW / step)))
    arrays = _EventArrays(pd.DatetimeIndex(bars.index).as_unit("ns").asi8, high, low, high24, pos, speed, step.value, n_win)
    rows = [arrays.row(int(a[g]), int(b[g]), int(k[first[g]]), float(worst[g])) for g in groups]
    out = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    if rows:  # the times, built as int64 nanoseconds, become UTC timestamps in one step per column
        for c in TIME_COLUMNS:
            out[c] = pd.to_datetime(out[c].to_numpy(np.int64), utc=True)
    return out


@dataclass(frozen=True)
class _EventArrays:
    """The arrays :func:`find_events` reads to build one event's row: bar open times (int64 ns
    since the epoch, UTC), highs and lows (USD), trailing 24 h highs, grid positions, worst falls
    within the speed window, the bar length (ns) and the window in grid steps."""

    t: np.ndarray
    high: np.ndarray
    low: np.ndarray
    high24: np.ndarray
    pos: np.ndarray
    speed: np.ndarray
    step: int
    n_win: int

    def row(self, a: int, b: int, kb: int, worst: float) -> dict:
        """The row of the event on grid positions ``[a, b)`` whose first crash bar is ``kb``; its
        times (:data:`TIME_COLUMNS`) as int64 nanoseconds (plain integers: numbers, not pandas
        timestamps, which cost microseconds each to make)."""
        t, step = self.t, self.step
        i, j = int(np.searchsorted(self.pos, a)), int(np.searchsorted(self.pos, b))  # bars [i, j)
        h, lo = self.high[i:j], self.low[i:j]
        runmax = np.maximum.accumulate(h)
        dd = 1.0 - lo / runmax
        m = int(np.argmax(dd))
        p = int(np.flatnonzero(h[: m + 1] == runmax[m])[-1])
        return {
            "start": int(t[0]) + a * step,
            "end": int(t[0]) + b * step,
            "break_time": int(t[kb]),
            "break_high": float(self.high24[kb]),
            "high": float(runmax[m]),
            "high_time": int(t[i + p]),
            "low": float(lo[m]),
            "low_time": int(t[i + m]),
            "drawdown": float(dd[m]),
            "worst_fall": worst,
            "worst_1h": float(self.speed[i:j].max()),
            "duration_hours": float((b - a) * step / HOUR_NS),
            "fall_hours": float((int(t[i + m]) - int(t[i + p])) / HOUR_NS),
            "bars": int(j - i),
            "gap_hours": float(((b - a) - (j - i)) * step / HOUR_NS),
            "censored": bool(self.pos[kb] < self.n_win - 1 or j == len(t)),
        }
