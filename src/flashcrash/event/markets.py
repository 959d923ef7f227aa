"""Per UTC day, the other markets the article describes: ETH and altcoin day returns, and liquidations."""

from __future__ import annotations

import pandas as pd

from flashcrash.crossings import bar_minutes
from flashcrash.data.validate import require_utc


def daily_closes(bars: pd.DataFrame) -> pd.Series:
    """Close (USD) of each UTC day whose last bar ends at midnight; days cut short are left out."""
    require_utc(bars.index, "bars index")
    step = pd.Timedelta(minutes=bar_minutes(bars))
    day = bars.index.floor("1D")
    last = bars.index.to_series().groupby(day).max()
    close = bars["close"].groupby(day).last()
    return close[(last + step).to_numpy() == (last.index + pd.Timedelta("1D")).to_numpy()]


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
