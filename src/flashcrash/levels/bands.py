"""The range before: the high-low band over the 24 h, 72 h and 7 days before a UTC midnight, and how
narrow it was against the same band at every midnight of the year before."""

from __future__ import annotations

import pandas as pd

from flashcrash import crossings as X
from flashcrash.article import RANGE_HIGH, RANGE_LOW
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.errors import GapError

WINDOWS = ("24h", "72h", "7D")


def _window_rows(bars: pd.DataFrame, days: list[pd.Timestamp], w: str, history: str, step: pd.Timedelta, inside: pd.Series) -> list[dict[str, object]]:
    """The rows of :func:`range_before` for one window ``w``."""
    # rolling over bar open times (t - w, t]: at t = midnight - step it covers [midnight - w, midnight)
    hi = bars["high"].rolling(w).max()
    lo = bars["low"].rolling(w).min()
    share = inside.rolling(w).mean()
    width_frac = (hi - lo) / ((hi + lo) / 2)
    ends = width_frac.index + step  # each window's end (the next bar's open)
    at_mid = width_frac[ends == ends.normalize()]  # windows ending at a UTC midnight
    rows = []
    for day in days:
        day = to_utc(day)
        t = day - step
        if t not in hi.index:
            raise GapError(f"no bar opening at {t} in the bars: cannot measure the {w} band before {day.date()}")
        hist = at_mid.loc[t - pd.Timedelta(history) : t - pd.Timedelta("1ns")].dropna()
        rows.append(
            {
                "day": day,
                "window": w,
                "high": float(hi[t]),
                "low": float(lo[t]),
                "width": float(hi[t] - lo[t]),
                "width_frac": float(width_frac[t]),
                "share_87_90": float(share[t]),
                "percentile": float((hist < width_frac[t]).mean()),
                "n_history": len(hist),
            }
        )
    return rows


def range_before(bars: pd.DataFrame, days: list[pd.Timestamp], windows: tuple[str, ...] = WINDOWS, history: str = "365D") -> pd.DataFrame:
    """High-low band of ``bars`` over each window before each UTC midnight in ``days``.

    Returns one row per (day, window): ``high``/``low`` (USD), ``width`` (USD), ``width_frac`` =
    width / mid-price of the band, ``share_87_90`` (fraction of bar closes inside $87k-$90k) and
    ``percentile``: the fraction of the midnights in the ``history`` before ``day`` whose same-window
    band was narrower (0 = the narrowest band of the year). Bars of the window are those opening in
    ``[day - window, day)``; hourly bars are the natural input (``D.perp_1h``: years of history).
    """
    require_utc(bars.index, "bars index")
    step = pd.Timedelta(minutes=X.bar_minutes(bars))
    if days:
        # only the bars the rows look at: every window of the history year of the earliest day (a day's
        # margin); rolling highs, lows and counts of closes do not depend on earlier bars
        span = max(pd.Timedelta(w) for w in windows) + pd.Timedelta(history) + pd.Timedelta("1D")
        bars = bars.loc[min(to_utc(d) for d in days) - step - span :]
    inside = ((bars["close"] >= RANGE_LOW) & (bars["close"] <= RANGE_HIGH)).astype(float)
    return pd.DataFrame([row for w in windows for row in _window_rows(bars, days, w, history, step, inside)])


def share_in_range(bars: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, low: float = RANGE_LOW, high: float = RANGE_HIGH) -> float:
    """Fraction of bar closes in ``[start, end)`` (UTC) between ``low`` and ``high`` (USD, inclusive)."""
    sub = bars.loc[to_utc(start) : to_utc(end) - pd.Timedelta("1ns"), "close"]
    if sub.empty:
        raise GapError(f"no bars between {start} and {end}")
    return float(((sub >= low) & (sub <= high)).mean())


def range_side(low: float, high: float, range_low: float = RANGE_LOW, range_high: float = RANGE_HIGH) -> str:
    """Where a band (USD) sat against the article's range: ``": the band sat above the stated range"``
    when all of it was above, ``"... below ..."`` when all of it was below, ``""`` when they overlap."""
    if low > range_high:
        return ": the band sat above the stated range"
    if high < range_low:
        return ": the band sat below the stated range"
    return ""
