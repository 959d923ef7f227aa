"""The order of things in the hourly data: which came first, the fall or the liquidations, and how
the liquidations grew. Measures of four sentences of the article (claims c48, c49, c51, c52):

* :func:`long_share_after` - longs' share of the liquidations from the hour of the break through the
  hours after it ("the forced liquidation lines of high-leverage long contracts");
* :func:`first_batch` - the *first batch*: walking back from the day's peak hour of long liquidations
  through the unbroken run of hours whose long liquidations exceed ``multiple`` times the median hour
  of the :data:`BASELINE_DAYS` days before the day, the run's first hour. The run may start on the
  previous UTC day: a cascade does not stop at midnight. "More and larger liquidations" then shows as
  a peak later than, and larger than, the first batch ("As the first batch of long positions was
  liquidated ... triggering more and larger-scale liquidations");
* :func:`fall_timing` - the first hour, in the :data:`FALL_LOOKBACK_HOURS` hours up to the peak hour
  of liquidations, whose perpetual bar fell by at least ``min_fall`` (close over open), and the long
  liquidations in the hour before it ("the selling ... was merely the fuse": the price fell first);
* :func:`day_rank` - the day's liquidations among every complete UTC day of the file ("a large-scale
  deleveraging event").

Liquidations are CoinGlass's hourly BTC liquidations on Binance, Bybit and OKX (USD, hours labelled
by their UTC start); prices are the Binance BTCUSDT perpetual's hourly bars. Hourly bins can hide a
cascade inside one hour: these measures see the order of hours, not of minutes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc, to_utc

BASELINE_DAYS = 7  # the ordinary hour: the median hour of the week before the day
FALL_LOOKBACK_HOURS = 6  # how far before the liquidation peak the first sharp hourly fall is looked for
AFTER_BREAK_HOURS = 3  # hours after the break's hour counted with it for the long share


def _hourly(x: pd.Series, what: str) -> pd.Series:
    require_utc(x.index, what)
    if not x.index.is_monotonic_increasing:
        raise ValueError(f"{what} must be sorted by time")
    return x


def baseline_median(x: pd.Series, day: pd.Timestamp, days: int = BASELINE_DAYS) -> float:
    """Median hourly value of ``x`` over the ``days`` days before the UTC ``day`` (USD)."""
    day = to_utc(day).normalize()
    past = _hourly(x, "liquidations index").loc[day - pd.Timedelta(days=days) : day - pd.Timedelta("1ns")].dropna()
    if past.empty:
        raise ValueError(f"no hourly liquidations in the {days} days before {day.date()}")
    return float(past.median())


def long_share_after(liq: pd.DataFrame, start: pd.Timestamp, hours: int = AFTER_BREAK_HOURS) -> tuple[float, float]:
    """Longs' share of the liquidations in the hour holding ``start`` and the ``hours`` after it
    (fraction), and the total of that window (USD)."""
    h0 = to_utc(start).floor("1h")
    w = liq.loc[h0 : h0 + pd.Timedelta(hours=hours)]
    if len(w) != hours + 1:
        raise ValueError(f"need {hours + 1} hours of liquidations from {h0}, the data have {len(w)}")
    total = float(w["total_usd"].sum())
    if total <= 0:
        raise ValueError(f"no liquidations at all from {h0} over {hours + 1} hours: no long share")
    return float(w["long_usd"].sum()) / total, total


def first_batch(long_usd: pd.Series, day: pd.Timestamp, multiple: float, days: int = BASELINE_DAYS) -> dict[str, object]:
    """The first batch of long liquidations before the UTC ``day``'s peak hour (see the module docstring).

    Returns ``baseline`` (median hour of the ``days`` days before, USD), ``threshold`` (``multiple``
    times it), ``peak`` (UTC hour) and ``peak_usd``, ``first`` (UTC hour) and ``first_usd``,
    ``hours_to_peak`` (from the first batch to the peak), ``next_usd`` (the hour after the peak) and
    ``next_above`` (whether it still exceeds the threshold). The peak is the first hour holding the
    day's largest long liquidations; if the peak itself does not exceed the threshold, it is its own
    first batch.
    """
    x = _hourly(long_usd, "long liquidations index")
    day = to_utc(day).normalize()
    today = x.loc[day : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
    if today.empty:
        raise ValueError(f"no hourly long liquidations on {day.date()}")
    base = baseline_median(x, day, days)
    thr = multiple * base
    peak = today.idxmax()
    i = x.index.get_loc(peak)
    above = x.to_numpy()[: i + 1] > thr
    # the run of consecutive hours above the threshold that ends at the peak starts after the last
    # hour at or below the threshold, and after the last gap in the hours
    linked = np.ones(i + 1, dtype=bool)
    linked[1:] = np.diff(x.index[: i + 1].to_numpy()) == np.timedelta64(1, "h")
    low = np.flatnonzero(~above)
    gap = np.flatnonzero(~linked)
    start = i if not above[i] else max(int(low[-1]) + 1 if len(low) else 0, int(gap[-1]) if len(gap) else 0)
    first = x.index[start]
    nxt = peak + pd.Timedelta("1h")
    next_usd = float(x.get(nxt, np.nan))
    return {
        "baseline": base,
        "threshold": thr,
        "peak": peak,
        "peak_usd": float(x[peak]),
        "first": first,
        "first_usd": float(x[first]),
        "hours_to_peak": int((peak - first) / pd.Timedelta("1h")),
        "next_usd": next_usd,
        "next_above": bool(next_usd > thr),
    }


def fall_timing(close_over_open: pd.Series, long_usd: pd.Series, peak: pd.Timestamp, min_fall: float, lookback: int = FALL_LOOKBACK_HOURS) -> dict[str, object]:
    """The first hour in the ``lookback`` hours up to and including ``peak`` whose bar fell by at least
    ``min_fall`` (``close_over_open`` = close / open - 1 per UTC hour, a fraction), the hours from it to
    the peak (NaN when no hour fell that much), and the long liquidations (USD) in the hour before that
    first fall (or before the peak, when no hour fell that much)."""
    r = _hourly(close_over_open, "hourly returns index")
    x = _hourly(long_usd, "long liquidations index")
    peak = to_utc(peak)
    w = r.loc[peak - pd.Timedelta(hours=lookback) : peak]
    fell = w.index[(w <= -min_fall).to_numpy()]
    first = fell[0] if len(fell) else pd.NaT
    ref = first if len(fell) else peak
    before = ref - pd.Timedelta("1h")
    return {
        "first_fall": first,
        "first_fall_return": float(r[first]) if len(fell) else float("nan"),
        "hours_fall_to_peak": float((peak - first) / pd.Timedelta("1h")) if len(fell) else float("nan"),
        "hour_before": before,
        "before_usd": float(x.get(before, np.nan)),
        "before_return": float(r.get(before, np.nan)),
    }


def day_rank(total_usd: pd.Series, day: pd.Timestamp) -> dict[str, object]:
    """The UTC ``day``'s liquidations (USD) among all complete UTC days (24 hours present) of the
    hourly series: ``total``, ``rank`` (1 = the largest; ties share the better rank), ``days`` and
    ``top_share`` = rank / days (fraction; 0.05 = within the top 5 %), ``largest_day`` and ``largest``."""
    x = _hourly(total_usd, "liquidations index")
    g = x.groupby(x.index.floor("1D"))
    t = pd.DataFrame({"n": g.size(), "sum": g.sum()})
    t = t[t["n"] == 24]["sum"]
    day = to_utc(day).normalize()
    if day not in t.index:
        raise ValueError(f"{day.date()} is not a complete day of the liquidation data")
    v = float(t[day])
    rank = int((t > v).sum()) + 1
    return {"total": v, "rank": rank, "days": len(t), "top_share": rank / len(t), "largest_day": t.idxmax(), "largest": float(t.max())}
