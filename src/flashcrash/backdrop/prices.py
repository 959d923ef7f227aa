"""Where BTC stood before the crash: against its all-time high and over the months before (claims c54, c58).

Prices USD, returns as fractions, days UTC; the daily bars are Yahoo BTC-USD (:func:`flashcrash.data.yahoo_daily`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from flashcrash.data.validate import require_utc, to_utc


def high_context(daily: pd.DataFrame, day: pd.Timestamp) -> dict[str, float | pd.Timestamp]:
    """Where BTC stood against its all-time high at the close before ``day``.

    ``daily``: daily bars with ``high`` and ``close`` (USD) on UTC days. Returns ``close_before`` (USD,
    the last close before ``day``), ``close_day`` (its day), ``ath`` (highest high up to it, USD) and
    ``ath_day``, ``drawdown_from_high`` (``1 - close_before / ath``) and ``return_30d`` (against the last
    close at least 30 days earlier).
    """
    require_utc(daily.index, "daily bars index")
    day = to_utc(day)
    prev = daily.loc[daily.index < day]
    if len(prev) < 31:
        raise ValueError(f"need at least 31 daily bars before {day.date()}, got {len(prev)}")
    close = float(prev["close"].iloc[-1])
    t = prev.index[-1]
    ath_day = prev["high"].idxmax()
    ath = float(prev["high"].loc[ath_day])
    month = prev["close"].loc[: t - pd.Timedelta(days=30)]
    return {
        "close_before": close,
        "close_day": t,
        "ath": ath,
        "ath_day": ath_day,
        "drawdown_from_high": 1.0 - close / ath,
        "return_30d": close / float(month.iloc[-1]) - 1.0,
    }


def prior_returns(close: pd.Series, day: pd.Timestamp, months: Sequence[int] = (1, 3, 6)) -> pd.Series:
    """Returns (fractions) over ``months`` calendar months to the last close before ``day``, indexed
    by the number of months; each start is the last close on or before the same date ``k`` months earlier."""
    require_utc(close.index, "daily closes index")
    day = to_utc(day)
    prev = close.loc[close.index < day]
    if prev.empty:
        raise ValueError(f"no close before {day.date()}")
    t, last = prev.index[-1], float(prev.iloc[-1])
    out = {}
    for k in months:
        start = prev.loc[: t - pd.DateOffset(months=k)]
        if start.empty:
            raise ValueError(f"the closes do not reach {k} months before {t.date()}")
        out[k] = last / float(start.iloc[-1]) - 1.0
    return pd.Series(out, name="return", dtype=float).rename_axis("months")
