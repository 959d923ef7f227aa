"""The event day in every price source of the data, and how calm the 24 hours before it were."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.crossings import bar_minutes, downward_crossings
from flashcrash.data.validate import to_utc


def _empty_source_row(label: str, bars: pd.DataFrame) -> dict[str, object]:
    return {
        "source": label,
        "resolution_min": bar_minutes(bars),
        "first_below_87k": pd.NaT,
        "first_below_84k": pd.NaT,
        "low": np.nan,
        "low_bar": pd.NaT,
        "bars_below_84k": 0,
    }


def _source_row(label: str, bars: pd.DataFrame, day: pd.Timestamp) -> dict[str, object]:
    """One source on ``day``: the first bars below $87k (after a close above) and below $84k, and the low."""
    sub = bars.loc[day - pd.Timedelta("1h") : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
    brk = downward_crossings(sub, LEVEL_BREAK)
    brk = brk[brk.index >= day]
    today = sub.loc[day:]
    if today.empty:  # the source does not cover that day (e.g. the index ends 2026-01-17)
        return _empty_source_row(label, bars)
    b84 = today[today["low"] < LEVEL_LOW]
    return {
        "source": label,
        "resolution_min": bar_minutes(bars),
        "first_below_87k": brk.index[0] if len(brk) else pd.NaT,
        "first_below_84k": b84.index[0] if len(b84) else pd.NaT,
        "low": float(today["low"].min()),
        "low_bar": today["low"].idxmin(),
        "bars_below_84k": len(b84),
    }


def compare_sources(day: pd.Timestamp, sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """For each source of ``sources`` (label -> BTC bars, as from
    :func:`flashcrash.event.load.source_bars`), on ``day`` (UTC): the bar of the first trade below
    $87k and below $84k, the day's low (USD) and its bar, and the bars' resolution. Times are bar open
    times. A source that has no bars on ``day`` gets an empty row (NaT / NaN), not an error."""
    day = to_utc(day)
    return pd.DataFrame([_source_row(label, bars, day) for label, bars in sources.items()]).set_index("source")


@dataclass(frozen=True)
class PriorCalm:
    """Realised volatility of 15-minute log returns in the 24 h before a day (``vol_24h``, annualised
    fraction), and its ``percentile`` (fraction) among the same measure on the ``n_days`` days before."""

    vol_24h: float
    percentile: float
    n_days: int


def prior_calm(day: pd.Timestamp, bars: pd.DataFrame, lookback_days: int = 30) -> PriorCalm:
    """Realised volatility of the 15-minute log returns of ``bars`` (BTC 15-minute bars, reaching back
    before ``day``) in the 24 h before ``day`` (annualised fraction) and its percentile among the same
    24-hour measure on each of the ``lookback_days`` days before."""
    day = to_utc(day)
    r = np.log(bars["close"]).diff()
    per_year = np.sqrt(365 * 96)
    vol = r.rolling("1D").std() * per_year
    last_bar = vol.loc[: day - pd.Timedelta("1ns")].index[-1]  # the 24 h window ends with this bar
    at = float(vol.loc[last_bar])
    hist = vol.loc[day - pd.Timedelta(days=lookback_days) : last_bar - pd.Timedelta("1D")]
    daily = hist.at_time(last_bar.time())  # the same 24 h measure, one per earlier day
    return PriorCalm(at, float((daily < at).mean()), len(daily))
