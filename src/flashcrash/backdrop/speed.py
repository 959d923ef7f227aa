"""Speed and breadth of the fall (claim c55): the largest fall within one hour against the trailing
one-hour falls of the days before, and every altcoin's fall within that same hour.

Falls are fractions (positive), times UTC; the bars' resolution sets what "within one hour" can see
(a high to a low at most one hour later, the high of a bar taken as if it came before its low).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc, to_utc

#: Days before the crash whose one-hour falls are the null for its speed.
SPEED_LOOKBACK_DAYS = 90


def _step(bars: pd.DataFrame) -> pd.Timedelta:
    """The bars' length: the shortest step between two bar open times."""
    if len(bars) < 2:
        raise ValueError("need at least two bars to know their length")
    return pd.Timedelta(int(np.diff(bars.index.as_unit("ns").asi8).min()), unit="ns")


def trailing_falls(bars: pd.DataFrame, window: str = "1h") -> pd.Series:
    """Fall (fraction, positive) from the highest high of the bars of the last ``window`` to each bar's
    low: ``1 - low_t / max(high_{t-n+1..t})``, ``n`` bars per window; NaN until a full window exists.

    At the bars' resolution the high and the low of one bar are taken as if the high came first.
    """
    require_utc(bars.index, "bars index")
    step = _step(bars)
    n = int(pd.Timedelta(window) / step)
    if n < 1:
        raise ValueError(f"window {window} is shorter than one bar ({step})")
    hmax = bars["high"].rolling(n, min_periods=n).max()
    return (1.0 - bars["low"] / hmax).rename("fall")


def window_fall(bars: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Largest fall (fraction, positive) from a high to a later (or the same bar's) low among the bars
    opening in ``[start, end)``."""
    w = bars.loc[start : end - pd.Timedelta(seconds=1)]
    if w.empty:
        raise ValueError(f"no bars between {start} and {end}")
    return float((1.0 - w["low"] / w["high"].cummax()).max())


def speed_breadth(btc: pd.DataFrame, alts: dict[str, pd.DataFrame], day: pd.Timestamp, lookback_days: int = SPEED_LOOKBACK_DAYS) -> dict[str, object]:
    """BTC's largest one-hour fall on ``day`` against the ``lookback_days`` before, and the altcoins in that hour.

    ``btc``: BTC bars (the null's resolution, e.g. 15 minutes) covering the lookback and the day;
    ``alts``: symbol -> bars covering the day. Returns ``hour_fall`` (fraction), ``hour_start`` and
    ``hour_end`` (UTC; the hour ends with the bar where the low came), ``percentile`` (share of the
    lookback's trailing one-hour falls below it), ``null_bars`` (how many) and ``alt_falls`` (Series:
    each altcoin's largest fall within that hour).
    """
    day = to_utc(day)
    falls = trailing_falls(btc, "1h")
    on_day = falls.loc[day : day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)].dropna()
    null = falls.loc[day - pd.Timedelta(days=lookback_days) : day - pd.Timedelta(seconds=1)].dropna()
    if on_day.empty or null.empty:
        raise ValueError(f"the BTC bars do not cover {day.date()} and the {lookback_days} days before it")
    t = on_day.idxmax()
    end = t + _step(btc)
    start = end - pd.Timedelta(hours=1)
    x = float(on_day.max())
    alt_falls = pd.Series({s: window_fall(b, start, end) for s, b in alts.items()}, name="fall", dtype=float)
    return {
        "hour_fall": x,
        "hour_start": start,
        "hour_end": end,
        "percentile": float(np.mean(null.to_numpy() < x)),
        "null_bars": int(null.size),
        "alt_falls": alt_falls,
    }
