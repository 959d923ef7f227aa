"""Level crossings on intraday bars: when the price traded through a level, for how long, how fast.

Conventions: bars are OHLC frames (USD) indexed by their UTC open time; a bar "trades below" a level
when its low is below it, and "breaks" the level from above when the previous bar closed at or above
it. Times are exact to the bar; minutes below a level are the summed length of the bars that traded
below it, an upper bound at the bars' resolution. Used by the day scan (:mod:`flashcrash.event`), the
level tests (:mod:`flashcrash.levels`) and the liquidation chapter (:mod:`flashcrash.liquidation`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc


def downward_crossings(bars: pd.DataFrame, level: float) -> pd.DataFrame:
    """Bars in which the price trades below ``level`` after the previous bar closed at or above it.

    Returns one row per crossing: ``time`` (bar open, UTC), ``low`` (USD, the bar's low) and
    ``depth`` (USD below the level). The first bar of the frame counts when its open is at or above
    the level and its low below.
    """
    require_utc(bars.index, "bars index")
    prev = bars["close"].shift(1).fillna(bars["open"].iloc[0] if len(bars) else np.nan)
    hit = (prev >= level) & (bars["low"] < level)
    out = bars.loc[hit, ["low"]].copy()
    out["depth"] = level - out["low"]
    out.index.name = "time"
    return out


def upward_crossings(bars: pd.DataFrame, level: float) -> pd.DataFrame:
    """Bars in which the price trades at or above ``level`` after the previous bar closed below it
    (``time``, ``high`` in USD)."""
    require_utc(bars.index, "bars index")
    prev = bars["close"].shift(1).fillna(bars["open"].iloc[0] if len(bars) else np.nan)
    hit = (prev < level) & (bars["high"] >= level)
    out = bars.loc[hit, ["high"]].copy()
    out.index.name = "time"
    return out


def bar_minutes(bars: pd.DataFrame) -> float:
    """Length of one bar in minutes, from the index's most common step."""
    steps = np.diff(bars.index.as_unit("ns").asi8)
    if len(steps) == 0:
        raise ValueError("need at least two bars to know their length")
    vals, counts = np.unique(steps, return_counts=True)
    return float(vals[np.argmax(counts)] / 60e9)


def minutes_below(bars: pd.DataFrame, level: float) -> float:
    """Minutes spent in bars that traded below ``level`` (an upper bound at the bars' resolution)."""
    return float((bars["low"] < level).sum() * bar_minutes(bars))


def max_drop_within(bars: pd.DataFrame, window: str = "1h") -> tuple[float, pd.Timestamp]:
    """Largest fall from a high to a later low within ``window`` (fraction, positive), and the
    open time of the bar where that low was reached."""
    n = int(pd.Timedelta(window) / pd.Timedelta(minutes=bar_minutes(bars)))
    high = bars["high"].to_numpy()
    low = bars["low"].to_numpy()
    # running max of highs over the current and previous n-1 bars (the high may be in the same bar)
    hmax = pd.Series(high).rolling(n, min_periods=1).max().to_numpy()
    drop = 1.0 - low / hmax
    i = int(np.argmax(drop))
    return float(drop[i]), bars.index[i]
