"""The day scan: per UTC day, the price elements of the article from the finest bars of that day.

Vectorised: bars are grouped by day, never looped over. Bars are indexed by their UTC open time;
prices in USD; level crossings are exact to the bar (5 or 15 minutes for the perpetual).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW, RANGE_HIGH, RANGE_LOW
from flashcrash.crossings import bar_minutes
from flashcrash.data.validate import require_utc

SCAN_START = pd.Timestamp("2024-01-01", tz="UTC")  # first day scored (the 15-minute BTC file starts here)
DAY_MINUTES = 1440.0
OHLC = ["open", "high", "low", "close"]
#: The measures compared between 5- and 15-minute bars (:func:`resolution_comparison`).
RESOLUTION_MEASURES = ["low", "first_break_87k", "breaks_87k", "minutes_below_84k", "max_1h_drop"]


def finest_bars(fine: pd.DataFrame, coarse: pd.DataFrame) -> pd.DataFrame:
    """One bar series at the finest resolution available for each UTC day.

    A day takes the ``fine`` bars when they cover at least as much of it as the ``coarse`` ones (in
    the data: when the 5-minute file covers the whole day), otherwise the coarse bars; the two are
    never mixed within a day. Returns OHLC (USD) with ``minutes`` (bar length) and ``resolution``
    (``"5min"``, ``"15min"``, ...) on each bar.
    """
    require_utc(fine.index, "fine bars index")
    require_utc(coarse.index, "coarse bars index")
    f_min, c_min = bar_minutes(fine), bar_minutes(coarse)
    if f_min >= c_min:
        raise ValueError(f"the fine bars ({f_min:g} min) must be shorter than the coarse ones ({c_min:g} min)")
    f_day, c_day = fine.index.floor("1D"), coarse.index.floor("1D")
    f_cov = pd.Series(f_min, index=f_day).groupby(level=0).sum()
    c_cov = pd.Series(c_min, index=c_day).groupby(level=0).sum().reindex(f_cov.index, fill_value=0.0)
    use_fine = f_cov.index[f_cov.to_numpy() >= c_cov.to_numpy()]
    parts = [
        fine.loc[f_day.isin(use_fine), OHLC].assign(minutes=f_min, resolution=f"{f_min:g}min"),
        coarse.loc[~c_day.isin(use_fine), OHLC].assign(minutes=c_min, resolution=f"{c_min:g}min"),
    ]
    out = pd.concat(parts).sort_index()
    out.index.name = "time"
    return out


def high_within_day(t: np.ndarray, day: np.ndarray, high: np.ndarray, window_ns: int, max_lag: int) -> np.ndarray:
    """Highest high of the bars of the same UTC day that opened within ``window_ns`` before each bar
    (the bar itself included). Loops over lags (at most ``max_lag``), never over days."""
    out = high.copy()
    for k in range(1, max_lag + 1):
        ok = np.zeros(len(t), dtype=bool)
        ok[k:] = (day[k:] == day[:-k]) & (t[k:] - t[:-k] < window_ns)
        if not ok.any():
            break
        lagged = np.full(len(t), -np.inf)
        lagged[k:] = high[:-k]
        out = np.where(ok, np.maximum(out, lagged), out)
    return out


def _first_time(times: pd.Series, mask: np.ndarray, by: np.ndarray) -> pd.Series:
    """Earliest of ``times`` where ``mask``, per group ``by`` (NaT where none)."""
    return times.where(mask).groupby(by).min()


def bar_flags(bars: pd.DataFrame) -> pd.DataFrame:
    """Per bar (rows numbered from 0): ``time`` (UTC open), ``day``, OHLC (USD), ``minutes``,
    ``resolution`` and what the day measures add up: ``brk``/``brk84`` (traded below $87k / $84k after
    a close at or above it), ``below`` (low below $84k), ``below_min`` and ``inside_min`` (minutes of
    the bar below $84k, or closing inside $87k-$90k) and ``drop`` (fraction below the highest high of
    the same day's hour up to this bar)."""
    t = bars.index.as_unit("ns")
    day = t.floor("1D")
    o, h, lo, c = (bars[k].to_numpy(float) for k in OHLC)
    mins = bars["minutes"].to_numpy(float)
    prev_close = np.concatenate([o[:1], c[:-1]])
    below = lo < LEVEL_LOW
    inside = (c >= RANGE_LOW) & (c <= RANGE_HIGH)
    hmax = high_within_day(t.asi8, day.asi8, h, pd.Timedelta("1h").value, int(np.ceil(60.0 / mins.min())))
    return pd.DataFrame(
        {
            "time": t,
            "day": day,
            "open": o,
            "high": h,
            "low": lo,
            "close": c,
            "minutes": mins,
            "resolution": bars["resolution"].to_numpy(),
            "brk": (prev_close >= LEVEL_BREAK) & (lo < LEVEL_BREAK),
            "brk84": (prev_close >= LEVEL_LOW) & (lo < LEVEL_LOW),
            "below": below,
            "below_min": mins * below,
            "inside_min": mins * inside,
            "drop": 1.0 - lo / hmax,
        }
    )


def day_measures(f: pd.DataFrame) -> pd.DataFrame:
    """The per-bar flags of :func:`bar_flags` summed up per UTC day that has bars (see :func:`price_days`)."""
    g = f.groupby("day", sort=True)
    out = g.agg(
        open=("open", "first"),
        high=("high", "max"),
        low=("low", "min"),
        close=("close", "last"),
        covered_minutes=("minutes", "sum"),
        resolution=("resolution", "first"),
        n_resolutions=("resolution", "nunique"),
        breaks_87k=("brk", "sum"),
        breaks_84k=("brk84", "sum"),
        minutes_below_84k=("below_min", "sum"),
        minutes_inside_range=("inside_min", "sum"),
        max_1h_drop=("drop", "max"),
    )
    out["resolution"] = out["resolution"].where(out.pop("n_resolutions") == 1, "mixed")
    times, d_ns = f["time"], f["day"].array.asi8
    out["low_time"] = times.loc[g["low"].idxmin().to_numpy()].to_numpy()
    out["max_1h_drop_at"] = times.loc[g["drop"].idxmax().to_numpy()].to_numpy()
    out["first_break_87k"] = _first_time(times, f["brk"].to_numpy(), d_ns).to_numpy()
    out["first_below_84k"] = _first_time(times, f["below"].to_numpy(), d_ns).to_numpy()
    return out


def every_day(out: pd.DataFrame) -> pd.DataFrame:
    """The day measures of :func:`day_measures` on every day from the first to the last (days without
    bars kept, with no data), and the previous day's measures as ``prior_*``."""
    full = pd.date_range(out.index[0], out.index[-1], freq="1D")
    out = out.reindex(full)
    out.index.name = "day"
    out["covered_minutes"] = out["covered_minutes"].fillna(0.0)
    out["missing_minutes"] = DAY_MINUTES - out["covered_minutes"]
    out["breaks_87k"] = out["breaks_87k"].fillna(0).astype(int)
    out["breaks_84k"] = out["breaks_84k"].fillna(0).astype(int)
    out["resolution"] = out["resolution"].fillna("none")
    prior = out.shift(1)
    out["prior_high"] = prior["high"]
    out["prior_low"] = prior["low"]
    out["prior_close"] = prior["close"]
    out["prior_share_in_range"] = prior["minutes_inside_range"] / prior["covered_minutes"].where(prior["covered_minutes"] > 0)
    out["prior_missing_minutes"] = prior["missing_minutes"].fillna(DAY_MINUTES)
    return out


def price_days(bars: pd.DataFrame) -> pd.DataFrame:
    """Per UTC day (every day from the first to the last bar, none left out): the price elements.

    ``bars``: OHLC in USD indexed by UTC open time, with ``minutes`` and ``resolution`` columns (as
    from :func:`finest_bars`; without them the whole frame's step is used). Columns returned:

    - ``resolution``, ``covered_minutes`` (bar minutes present) and ``missing_minutes`` (1440 minus it);
    - ``open``, ``high``, ``low``, ``close`` (USD), ``low_time`` (open of the bar with the low);
    - ``first_break_87k`` (open of the first bar that traded below $87k after the previous bar closed
      at or above it; the previous bar may belong to the day before, or come before a gap),
      ``breaks_87k`` (how many);
    - ``breaks_84k`` (bars that traded below $84k after a close at or above it), ``first_below_84k``
      (open of the first bar whose low is below $84k) and ``minutes_below_84k`` (minutes of the bars whose low is below $84k: an
      upper bound at the bar's resolution);
    - ``max_1h_drop`` (fraction, largest fall from a high to a low of a bar opening within one hour
      after it, the low's bar included, both in the day) and ``max_1h_drop_at`` (the low's bar);
    - ``minutes_inside_range`` (minutes of bars closing inside $87k-$90k);
    - ``prior_*``: the same for the previous UTC day (the 24 h before): ``prior_high``, ``prior_low``,
      ``prior_close``, ``prior_share_in_range`` (fraction of the bar minutes present),
      ``prior_missing_minutes``.
    """
    require_utc(bars.index, "bars index")
    if len(bars) == 0:
        raise ValueError("no bars to scan")
    if "minutes" not in bars:
        step = bar_minutes(bars)
        bars = bars.assign(minutes=step, resolution=f"{step:g}min")
    return every_day(day_measures(bar_flags(bars)))


def resolution_comparison(bars: pd.DataFrame, coarse: pd.DataFrame) -> pd.DataFrame:
    """The days the 5-minute bars of ``bars`` (:func:`finest_bars`) cover whole, scanned twice: on those
    5-minute bars and on the ``coarse`` (15-minute) bars of the same days.

    One row per day with ``<measure>_5min`` and ``<measure>_15min`` for ``low``, ``first_break_87k``,
    ``breaks_87k``, ``minutes_below_84k`` and ``max_1h_drop``: what the coarser bars lose (the time of a
    crossing within its quarter hour, several crossings inside one bar, minutes below counted in whole
    bars) and what they keep (the day's low, the lowest trade of its bars)."""
    fine = bars[bars["resolution"] == "5min"]
    days = fine.index.floor("1D").unique()
    coarse = coarse[coarse.index.floor("1D").isin(days)]
    a = price_days(fine).loc[days, RESOLUTION_MEASURES]
    b = price_days(coarse).loc[days, RESOLUTION_MEASURES]
    return a.add_suffix("_5min").join(b.add_suffix("_15min"))
