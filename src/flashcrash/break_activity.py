"""Trading activity at the break of a level: how heavy the break bar was, and how busy the hour before it.

Two sentences of the article are about activity, not prices: "Large sell orders suddenly emerged,
directly smashing through the $87,000 level" and a shock "during relatively weak liquidity periods".
Neither orders nor order-book depth are in the public data; bar volume and range are. So:

* **The break bar** (:func:`break_bar_table`): the first 5-minute bar of a day that closed below the
  level after a close at or above it. Its volume (BTC) and high-low range (USD) are divided by the
  median of the :data:`BASELINE_BARS` bars before it (the 24 hours before: an ordinary bar of the
  day), and by the median of the :data:`PRECEDING_BARS` bars before it (the hour before, which on a
  day whose fall began earlier is the fall itself). Against a null: the same volume ratio for the
  15-minute bar holding the break (15-minute bars go back to 2024, 5-minute bars only to
  2025-11-30), ranked among the ratios of every 15-minute bar of the :data:`NULL_DAYS` days before
  the day. A heavy, wide bar is what large market orders leave; it does not show who sent them, or
  on which side (taker buy and sell volume are not in the data).
* **The hour before the break** (:func:`hour_before_table`): Binance BTC volume (perpetual plus
  spot, BTC) in the clock hour before the break's hour and in the break's hour, each divided by the
  median volume of the same hour of day over the :data:`HOUR_OF_DAY_DAYS` days before, and by the
  median of the same hour of the week over the :data:`HOUR_OF_WEEK_WEEKS` weeks before (crypto
  volume has a weekly cycle: weekends are thin, and Sunday 23:00 UTC, when CME futures reopen in winter, is
  busier than other nights). Volume stands in for liquidity; the order book's depth is not in the data.

All ratios are computed for every bar at once (rolling medians); the per-day tables only pick rows.
Times are UTC bar opens.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc, to_utc

BASELINE_BARS = 288  # 5-minute bars in 24 hours: the ordinary bar the break bar is compared with
PRECEDING_BARS = 12  # 5-minute bars in the hour before the break bar
NULL_BARS_15M = 96  # 15-minute bars in 24 hours: the baseline of the null's ratios
NULL_DAYS = 30  # days of 15-minute bars before the day that make the null
HOUR_OF_DAY_DAYS = 30  # days whose same clock hour makes the ordinary hour
HOUR_OF_WEEK_WEEKS = 12  # weeks whose same hour of the week make the ordinary hour (12 values)


# --------------------------------------------------------------------------- ratios for every bar
def ratio_to_past_median(x: pd.Series, n: int) -> pd.Series:
    """``x`` divided by the median of its ``n`` previous values (NaN until ``n`` values exist, or
    where that median is 0). Vectorised (a rolling median shifted by one bar)."""
    if n < 1:
        raise ValueError(f"need at least one previous value, got n={n}")
    med = x.rolling(n, min_periods=n).median().shift(1)
    return x / med.where(med > 0)


def bar_ratios(bars: pd.DataFrame, baseline: int = BASELINE_BARS, preceding: int = PRECEDING_BARS) -> pd.DataFrame:
    """Per bar: ``volume`` (as given) and ``range`` (high - low, USD), and each divided by the median
    of the ``baseline`` bars before (``volume_ratio``, ``range_ratio``) and of the ``preceding`` bars
    before (``volume_ratio_preceding``, ``range_ratio_preceding``)."""
    require_utc(bars.index, "bars index")
    rng = bars["high"] - bars["low"]
    vol = bars["volume"]
    return pd.DataFrame(
        {
            "volume": vol,
            "range": rng,
            "volume_ratio": ratio_to_past_median(vol, baseline),
            "range_ratio": ratio_to_past_median(rng, baseline),
            "volume_ratio_preceding": ratio_to_past_median(vol, preceding),
            "range_ratio_preceding": ratio_to_past_median(rng, preceding),
        },
        index=bars.index,
    )


def percentile_before(ratios: pd.Series, t: pd.Timestamp, days: int = NULL_DAYS) -> tuple[float, int]:
    """Share of the values of ``ratios`` in the ``days`` days before ``t``'s UTC day that are below
    the value at ``t`` (fraction), and how many values that is. NaN values are left out of the null."""
    t = to_utc(t)
    day = t.normalize()
    null = ratios.loc[day - pd.Timedelta(days=days) : day - pd.Timedelta("1ns")].dropna().to_numpy()
    if len(null) == 0:
        raise ValueError(f"no values in the {days} days before {day.date()} to rank {t} against")
    v = float(ratios.loc[t])
    return float((null < v).mean()), len(null)


# --------------------------------------------------------------------------- the break bar
def first_close_below(bars: pd.DataFrame, level: float, day: pd.Timestamp) -> pd.Timestamp:
    """Open (UTC) of the first bar of the UTC ``day`` that closed below ``level`` (USD) after the
    previous bar closed at or above it (the previous bar may belong to the day before); NaT if none."""
    require_utc(bars.index, "bars index")
    day = to_utc(day).normalize()
    prev = bars["close"].shift(1)
    hit = (bars["close"] < level) & (prev >= level)
    on_day = hit.loc[day : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
    idx = on_day.index[on_day.to_numpy()]
    return idx[0] if len(idx) else pd.NaT


def break_bar_table(bars5: pd.DataFrame, bars15: pd.DataFrame, days: list[pd.Timestamp], level: float) -> pd.DataFrame:
    """One row per day with a break (first 5-minute close below ``level`` after a close at or above;
    days without one are left out). Columns: ``day``, ``break_bar`` (UTC open), ``volume`` (BTC) and
    ``range`` (USD) of the bar, ``volume_ratio`` / ``range_ratio`` (to the median of the
    :data:`BASELINE_BARS` 5-minute bars before), ``volume_ratio_preceding`` /
    ``range_ratio_preceding`` (to the :data:`PRECEDING_BARS` bars before), ``volume_ratio_15m``
    (the 15-minute bar holding the break, to the median of the :data:`NULL_BARS_15M` bars before) and
    its ``volume_percentile_15m`` among the same ratio of every 15-minute bar of the :data:`NULL_DAYS`
    days before the day, with ``null_bars``."""
    if not days:
        raise ValueError("no days to look for a break on")
    first, last = min(to_utc(d) for d in days).normalize(), max(to_utc(d) for d in days).normalize() + pd.Timedelta("1D")
    # only the bars the ratios and the null need (a day to spare before each window)
    bars5 = bars5.loc[first - pd.Timedelta(days=2) : last]
    bars15 = bars15.loc[first - pd.Timedelta(days=NULL_DAYS + 2) : last]
    r5 = bar_ratios(bars5)
    v15 = ratio_to_past_median(bars15["volume"], NULL_BARS_15M)
    rows = []
    for day in days:
        t = first_close_below(bars5, level, day)
        if pd.isna(t):
            continue
        t15 = t.floor("15min")
        if t15 not in v15.index:
            raise ValueError(f"no 15-minute bar opening at {t15} to hold the break of {to_utc(day).date()}")
        pct, n = percentile_before(v15, t15)
        rows.append(
            {
                "day": to_utc(day).normalize(),
                "break_bar": t,
                **r5.loc[t].to_dict(),
                "volume_ratio_15m": float(v15.loc[t15]),
                "volume_percentile_15m": pct,
                "null_bars": n,
            }
        )
    cols = [
        "day",
        "break_bar",
        "volume",
        "range",
        "volume_ratio",
        "range_ratio",
        "volume_ratio_preceding",
        "range_ratio_preceding",
        "volume_ratio_15m",
        "volume_percentile_15m",
        "null_bars",
    ]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- the hour before the break
def same_hour_ratio(volume: pd.Series, period_hours: int, count: int) -> pd.Series:
    """Hourly ``volume`` divided by the median of the ``count`` values ``period_hours``, 2 x
    ``period_hours``, ... hours earlier: with 24, the same clock hour on the ``count`` days before;
    with 168, the same hour of the week on the ``count`` weeks before. Hours missing from the data
    are left out of a median (at least half of the ``count`` values must be there, else NaN).
    Vectorised: the lagged values are stacked and reduced at once."""
    require_utc(volume.index, "volume index")
    if period_hours < 1 or count < 1:
        raise ValueError(f"need period_hours >= 1 and count >= 1, got {period_hours} and {count}")
    v = volume.sort_index().astype(float)
    if not (v.index == v.index.floor("1h")).all():
        raise ValueError("hourly volume must be indexed by whole UTC hours")
    grid = pd.date_range(v.index[0], v.index[-1], freq="1h")
    x = v.reindex(grid).to_numpy()
    n = len(x)
    lagged = np.full((count, n), np.nan)
    for k in range(1, count + 1):  # a handful of lags; each is one vector shift
        lag = k * period_hours
        if lag < n:
            lagged[k - 1, lag:] = x[:-lag]
    enough = np.isfinite(lagged).sum(axis=0) * 2 >= count
    with np.errstate(all="ignore"):
        med = np.where(enough, np.nanmedian(np.where(enough, lagged, 0.0), axis=0), np.nan)
    ratio = pd.Series(x / np.where(med > 0, med, np.nan), index=grid)
    return ratio.reindex(v.index)


def market_volume(perp_1h: pd.DataFrame, spot_1h: pd.DataFrame) -> pd.Series:
    """Binance BTC volume per hour, perpetual plus spot (BTC), on the hours both files have."""
    require_utc(perp_1h.index, "perpetual index")
    require_utc(spot_1h.index, "spot index")
    both = pd.concat({"perp": perp_1h["volume"], "spot": spot_1h["volume"]}, axis=1, join="inner")
    return both["perp"] + both["spot"]


def hour_before_table(perp_1h: pd.DataFrame, spot_1h: pd.DataFrame, breaks: pd.Series) -> pd.DataFrame:
    """Per break (``breaks``: UTC bar opens indexed by day): the clock hour before the break's hour
    and the break's hour, with the market volume (:func:`market_volume`, BTC) of each divided by the
    ordinary volume of that hour of day over :data:`HOUR_OF_DAY_DAYS` days (``*_ratio``) and of that
    hour of the week over :data:`HOUR_OF_WEEK_WEEKS` weeks (``*_ratio_week``), the same per venue for
    the hour before (``before_ratio_perp``, ``before_ratio_spot``), and ``weekend``: the break bar
    opened on a Saturday or Sunday (UTC)."""
    if len(breaks) == 0:
        raise ValueError("no breaks to measure the hour before")
    # only the history the ordinary hours need (the longer window, and a day to spare)
    start = to_utc(min(breaks)).floor("1D") - pd.Timedelta(days=max(HOUR_OF_DAY_DAYS, 7 * HOUR_OF_WEEK_WEEKS) + 1)
    perp_1h, spot_1h = perp_1h.loc[start:], spot_1h.loc[start:]
    vol = market_volume(perp_1h, spot_1h)
    by_day = same_hour_ratio(vol, 24, HOUR_OF_DAY_DAYS)
    by_week = same_hour_ratio(vol, 168, HOUR_OF_WEEK_WEEKS)
    perp = same_hour_ratio(perp_1h["volume"], 24, HOUR_OF_DAY_DAYS)
    spot = same_hour_ratio(spot_1h["volume"], 24, HOUR_OF_DAY_DAYS)
    rows = []
    for day, t in breaks.items():
        hour = to_utc(t).floor("1h")
        before = hour - pd.Timedelta("1h")
        missing = [h for h in (before, hour) if h not in vol.index]
        if missing:
            raise ValueError(f"no hourly volume at {missing[0]} for the break at {t}")
        rows.append(
            {
                "day": day,
                "break_bar": t,
                "hour_before": before,
                "before_volume": float(vol[before]),
                "before_ratio": float(by_day[before]),
                "before_ratio_week": float(by_week[before]),
                "before_ratio_perp": float(perp[before]),
                "before_ratio_spot": float(spot[before]),
                "break_hour_volume": float(vol[hour]),
                "break_hour_ratio": float(by_day[hour]),
                "break_hour_ratio_week": float(by_week[hour]),
                "weekend": bool(to_utc(t).day_of_week >= 5),
            }
        )
    cols = [
        "day",
        "break_bar",
        "hour_before",
        "before_volume",
        "before_ratio",
        "before_ratio_week",
        "before_ratio_perp",
        "before_ratio_spot",
        "break_hour_volume",
        "break_hour_ratio",
        "break_hour_ratio_week",
        "weekend",
    ]
    return pd.DataFrame(rows, columns=cols)


def hour_of_day_rank(volume: pd.Series, hour: int, end: pd.Timestamp, days: int = HOUR_OF_DAY_DAYS) -> int:
    """Rank (1 = the busiest) of clock hour ``hour`` among the 24 by median volume over the ``days``
    days before ``end``'s UTC day: how thin that hour usually is."""
    end = to_utc(end).normalize()
    v = volume.loc[end - pd.Timedelta(days=days) : end - pd.Timedelta("1ns")]
    med = v.groupby(v.index.hour).median()
    if hour not in med.index:
        raise ValueError(f"no volume at hour {hour} in the {days} days before {end.date()}")
    return int((med > med[hour]).sum()) + 1
