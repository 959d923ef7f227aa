"""Per UTC day, the other markets the article describes: ETH and altcoin day returns, and liquidations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.crossings import bar_minutes
from flashcrash.data.validate import require_utc

#: Nanoseconds in one day.
DAY_NS = 86_400 * 10**9


def daily_closes(bars: pd.DataFrame) -> pd.Series:
    """Close (USD) of each UTC day whose last bar ends at midnight; days cut short are left out.

    ``bars`` must have a strictly increasing index (the loaders' tables do) and a close in every bar:
    each day's close is then the close of its last bar, found where the day changes."""
    require_utc(bars.index, "bars index")
    if not bars.index.is_monotonic_increasing or bars["close"].isna().any():
        raise ValueError("daily closes need bars in time order with a close in every bar")
    step = pd.Timedelta(minutes=bar_minutes(bars)).value
    ns = bars.index.as_unit("ns").asi8
    day = bars.index.floor("1D").as_unit("ns").asi8
    last = np.flatnonzero(np.append(day[1:] != day[:-1], True))  # the last bar of each day
    whole = ns[last] + step == day[last] + DAY_NS
    index = pd.DatetimeIndex(day[last][whole], tz="UTC", name=bars.index.name)
    return pd.Series(bars["close"].to_numpy()[last][whole], index=index, name="close")


def day_returns(sources: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """Close-to-close UTC-day returns (fraction) per coin; each day from the first source in the
    coin's list that has both closes (sources are never mixed within one return)."""
    cols = {}
    for coin, frames in sources.items():  # a few coins and sources; the days are vectorised
        ret = None
        for fr in frames:
            c = daily_closes(fr)
            c = c.reindex(pd.date_range(c.index[0], c.index[-1], freq="1D"))
            r = c / c.shift(1) - 1.0
            ret = r if ret is None else ret.combine_first(r)
        cols[coin] = ret
    out = pd.DataFrame(cols).sort_index()
    out.index.name = "day"
    return out


def coin_days(returns: pd.DataFrame) -> pd.DataFrame:
    """Per day: ``eth_return`` (fraction), ``alts_down_share`` (fraction of the altcoins with data
    that closed lower), ``n_alts`` (how many had data)."""
    alts = returns.drop(columns=["ETH"])
    n = alts.notna().sum(axis=1)
    return pd.DataFrame({"eth_return": returns["ETH"], "alts_down_share": (alts < 0).sum(axis=1) / n.where(n > 0), "n_alts": n})


def liquidation_days(liq: pd.DataFrame, ratio: tuple[float, float]) -> pd.DataFrame:
    """Per UTC day of the hourly liquidation file: ``liq_hours`` (hours present; a day is covered
    with all 24), ``liquidations_usd`` (three-exchange BTC total), ``liq_long_share`` (long / total),
    ``liq_worst_hour_at`` (UTC start) and ``liq_worst_hour_usd``, and the market-wide estimates
    ``liq_24h_low``/``liq_24h_high`` and ``liq_worst_low``/``liq_worst_high`` (USD, times ``ratio``).
    Days not covered keep their partial sums but count as no data in the scan."""
    require_utc(liq.index, "liquidations index")
    lo, hi = ratio
    if not 0 < lo <= hi:
        raise ValueError(f"coverage ratio range must satisfy 0 < low <= high, got {ratio}")
    day = liq.index.floor("1D")
    tot = liq["total_usd"]
    g = tot.groupby(day)
    out = pd.DataFrame(
        {
            "liq_hours": g.size(),
            "liquidations_usd": g.sum(),
            "liq_long_usd": liq["long_usd"].groupby(day).sum(),
            "liq_worst_hour_at": g.idxmax(),
            "liq_worst_hour_usd": g.max(),
        }
    )
    out["liq_long_share"] = out.pop("liq_long_usd") / out["liquidations_usd"].where(out["liquidations_usd"] > 0)
    for name, col in (("24h", "liquidations_usd"), ("worst", "liq_worst_hour_usd")):
        out[f"liq_{name}_low"] = out[col] * lo
        out[f"liq_{name}_high"] = out[col] * hi
    out.index.name = "day"
    return out
