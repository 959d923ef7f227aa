"""Earlier crashes against this one: depth, speed and recovery on Binance BTCUSDT perpetual hourly bars
since 2019, with the funding before each (the catalogue of episodes is :mod:`flashcrash.crashes`).

Prices USD, depths and falls as fractions (negative for a fall), recoveries in days, times UTC. Every
function takes its data as arguments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash import macro
from flashcrash.crashes import Crash
from flashcrash.data.validate import require_utc, to_utc


def crash_measures(bars: pd.DataFrame, day: pd.Timestamp, end: pd.Timestamp, peak_lookback_days: int = 7) -> dict[str, float | pd.Timestamp]:
    """Depth, speed and recovery of one crash from hourly OHLC bars (USD, UTC index).

    * ``peak``: highest high in the ``peak_lookback_days`` before ``day``; ``prior_close``: last
      close before ``day``; ``trough``/``trough_time``: lowest low from ``day`` to the end of ``end``.
    * ``depth`` = trough / peak - 1; ``day_depth`` = trough / prior_close - 1 (fractions).
    * ``worst_1h``: the largest fall within one hour, ``low_t / close_{t-1} - 1`` minimised over the
      bars opening in ``[day, end + 1 day)``; ``worst_24h``: the same with the lowest low of the 24
      bars ``t .. t+23`` (so intrabar wicks count; fractions).
    * ``days_to_prior_close`` / ``days_to_peak``: days from the trough to the first hourly close at
      or above the prior close / the peak (NaN if not reached by the end of the data).
    """
    require_utc(bars.index, "bars index")
    day, end = to_utc(day), to_utc(end)
    stop = end + pd.Timedelta(days=1)
    pre = bars.loc[day - pd.Timedelta(days=peak_lookback_days) : day - pd.Timedelta(seconds=1)]
    win = bars.loc[day : stop - pd.Timedelta(seconds=1)]
    if pre.empty or win.empty:
        raise ValueError(f"bars do not cover the crash starting {day.date()}")
    peak = float(pre["high"].max())
    prior_close = float(pre["close"].iloc[-1])
    i = int(np.argmin(win["low"].to_numpy()))
    trough, t_trough = float(win["low"].iloc[i]), win.index[i]
    close = bars["close"]
    prev = close.shift(1)
    r1 = bars["low"] / prev - 1
    low24 = bars["low"][::-1].rolling(24, min_periods=1).min()[::-1]  # min of lows t .. t+23
    r24 = low24 / prev - 1
    sel = (close.index >= day) & (close.index < stop)
    after = close.loc[t_trough:]

    def days_to(level: float) -> float:
        hit = after[after >= level]
        return float((hit.index[0] - t_trough).total_seconds() / 86400) if len(hit) else float("nan")

    return {
        "peak": peak,
        "prior_close": prior_close,
        "trough": trough,
        "trough_time": t_trough,
        "depth": trough / peak - 1,
        "day_depth": trough / prior_close - 1,
        "worst_1h": float(r1[sel].min()),
        "worst_24h": float(r24[sel].min()),
        "days_to_prior_close": days_to(prior_close),
        "days_to_peak": days_to(peak),
    }


def crash_table(bars: pd.DataFrame, funding: pd.Series, crashes: tuple[Crash, ...]) -> pd.DataFrame:
    """:func:`crash_measures` for every episode of ``crashes`` on ``bars`` (BTCUSDT perpetual hourly
    bars, USD), with the funding before each from ``funding`` (prints, fraction per 8 h): its 30-day
    mean annualised (fraction per year) and its percentile in the history (:func:`flashcrash.macro.funding_percentiles`)."""
    rows = []
    for c in crashes:
        m = crash_measures(bars, c.day, c.end)
        f = macro.funding_percentiles(funding, c.day, windows=(30,)).iloc[0]
        rows.append({"crash": c.name, "day": c.day, **m, "funding_30d_annualised": f["annualised"], "funding_30d_percentile": f["percentile"]})
    return pd.DataFrame(rows).set_index("crash")
