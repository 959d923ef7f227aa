"""A model book of open BTC perpetual positions before a given time (cohorts by entry, leverage, side).

Nothing in the public data lists individual positions, so the book is built from stated assumptions,
each a named field of :class:`BookParams` with its default and the reason for it:

* **Entries**: positions were opened at the prices traded during the ``lookback_days`` before
  ``asof``, in proportion to the USD volume traded at each hourly bar (typical price (H+L+C)/3 of the
  Binance BTCUSDT perpetual), down-weighted by age with a half-life ``half_life_days`` (older
  positions are more likely to have been closed). This is how public "liquidation heatmaps" spread
  open interest over entry prices (CoinGlass documents building them from traded prices and leverage
  buckets); the volume weighting is an assumption.
* **Leverage**: a discrete mix over ``leverages`` with log-normal weights around ``median_leverage``
  (spread ``leverage_spread`` in log units). The median is the main free parameter of the fit.
* **Side**: ``long_usd`` and ``short_usd`` are the notionals (USD) of the long and short books,
  fitted separately (the model is linear in each).
* **Survivors only**: a cohort that the prices traded between its entry and ``asof`` would already
  have liquidated is removed (its liquidation price was crossed).
* **Position size**: every position has notional ``position_usd`` (USD), which fixes its maintenance
  tier and the number of traders a cohort stands for (count = notional / position_usd).

Units: USD prices and notionals, UTC times.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from flashcrash import data
from flashcrash.data.validate import require_utc
from flashcrash.liquidation.prices import (
    BTCUSDT_BRACKETS,
    Brackets,
    bracket_index,
    liquidation_price,
    round_to_tick,
)

#: Leverages offered in exchange interfaces' presets (Binance's slider marks 1-125x); the mix is over these.
DEFAULT_LEVERAGES = (2.0, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0, 75.0, 100.0, 125.0)


@dataclass(frozen=True)
class BookParams:
    """Assumptions of the model book (defaults and sources in the module docstring)."""

    lookback_days: float = 21.0  # days of traded prices before ``asof`` that hold the entries
    half_life_days: float = 7.0  # age half-life of the entry weights (days)
    median_leverage: float = 10.0  # centre of the leverage mix (x); fitted
    leverage_spread: float = 0.8  # standard deviation of ln(leverage) in the mix
    leverages: tuple[float, ...] = DEFAULT_LEVERAGES
    long_usd: float = (
        4.0e9  # notional of surviving longs (USD); fitted. Default: half of ~8e9 USD, the Binance BTCUSDT OI on 2025-12-04 (first value in the data)
    )
    short_usd: float = 4.0e9  # notional of surviving shorts (USD); fitted
    position_usd: float = 5_000.0  # notional of one position (USD): a retail-sized order, tier 1 of the brackets

    def __post_init__(self) -> None:
        if self.lookback_days <= 0 or self.half_life_days <= 0:
            raise ValueError("lookback_days and half_life_days must be positive")
        if self.median_leverage < 1 or self.leverage_spread <= 0:
            raise ValueError("median_leverage must be >= 1 and leverage_spread > 0")
        if self.long_usd < 0 or self.short_usd < 0 or self.position_usd <= 0:
            raise ValueError("long_usd and short_usd must be >= 0 and position_usd > 0 (USD)")
        if min(self.leverages) < 1:
            raise ValueError("leverages must be >= 1")


def leverage_weights(params: BookParams) -> np.ndarray:
    """Weights (sum 1) of ``params.leverages``: log-normal around the median leverage."""
    lev = np.asarray(params.leverages, dtype=float)
    w = np.exp(-0.5 * ((np.log(lev) - np.log(params.median_leverage)) / params.leverage_spread) ** 2)
    return w / w.sum()


@functools.lru_cache(maxsize=64)
def entry_bars(asof: pd.Timestamp, lookback_days: float) -> pd.DataFrame:
    """Hourly Binance BTCUSDT perpetual bars of the ``lookback_days`` before ``asof`` (UTC), with
    ``price`` (typical price, USD) and ``usd_volume`` (USD). Kept per (asof, lookback) for the
    process: the calibration builds dozens of books on the same bars. Read it, do not modify it."""
    require_utc(asof, "asof")
    bars = data.perp_1h("BTC")
    sel = bars[(bars.index >= asof - pd.Timedelta(days=lookback_days)) & (bars.index < asof)]
    if len(sel) < 24:
        raise ValueError(f"fewer than 24 hourly bars before {asof}; the perpetual's hourly data start {bars.index[0]}")
    out = pd.DataFrame(
        {"price": (sel["high"] + sel["low"] + sel["close"]) / 3.0, "usd_volume": sel["volume"] * sel["close"], "low": sel["low"], "high": sel["high"]}
    )
    return out


def cohorts(entries: pd.DataFrame, asof: pd.Timestamp, params: BookParams = BookParams(), brackets: Brackets = BTCUSDT_BRACKETS) -> pd.DataFrame:
    """The book as a table of cohorts, one per (entry bar, leverage, side).

    ``entries``: bars before ``asof`` with ``price`` (entry, USD), ``usd_volume`` (weight), ``low`` and
    ``high`` (USD, to drop cohorts already liquidated). Columns of the result: ``entry_time``, ``entry``
    (USD), ``leverage``, ``side`` (+1/-1), ``lp`` (liquidation price, USD, on the tick), ``notional``
    (USD; longs sum to ``params.long_usd``, shorts to ``params.short_usd``), ``count`` (positions).
    """
    if entries.empty:
        raise ValueError("no entry bars: cannot build a book")
    lev = np.asarray(params.leverages, dtype=float)
    tier = bracket_index(np.array([params.position_usd]), brackets)[0]
    lev = np.minimum(lev, brackets.max_leverage[tier])
    lw = leverage_weights(params)
    age_days = (asof - entries.index).total_seconds().to_numpy() / 86400.0
    ew = entries["usd_volume"].to_numpy(float) * 0.5 ** (age_days / params.half_life_days)
    n_e, n_l = len(entries), len(lev)
    entry = np.repeat(entries["price"].to_numpy(float), n_l)
    levs = np.tile(lev, n_e)
    w = np.repeat(ew, n_l) * np.tile(lw, n_e)
    # lowest low / highest high traded after each entry bar, up to asof
    lows = entries["low"].to_numpy(float)
    highs = entries["high"].to_numpy(float)
    later_low = np.append(np.minimum.accumulate(lows[::-1])[::-1][1:], np.inf)
    later_high = np.append(np.maximum.accumulate(highs[::-1])[::-1][1:], -np.inf)
    ll = np.repeat(later_low, n_l)
    lh = np.repeat(later_high, n_l)
    times = entries.index.repeat(n_l)  # keeps the time zone (no Timestamp objects)
    rows, sides, lps, notionals = [], [], [], []
    for sgn, total in ((1, params.long_usd), (-1, params.short_usd)):
        lp = round_to_tick(liquidation_price(entry, levs, np.full(len(entry), sgn), np.full(len(entry), params.position_usd), brackets))
        alive = lp < ll if sgn == 1 else lp > lh
        ws = np.where(alive, w, 0.0)
        notional = total * ws / ws.sum() if ws.sum() > 0 else ws
        keep = np.flatnonzero(alive)
        rows.append(keep)
        sides.append(np.full(len(keep), sgn, dtype=np.int64))
        lps.append(lp[keep])
        notionals.append(notional[keep])
    idx = np.concatenate(rows)  # the longs alive, then the shorts alive, in entry order
    notional = np.concatenate(notionals)
    cols = {
        "entry_time": times[idx],
        "entry": entry[idx],
        "leverage": levs[idx],
        "side": np.concatenate(sides),
        "lp": np.concatenate(lps),
        "notional": notional,
    }
    return pd.DataFrame({**cols, "count": notional / params.position_usd})


def build(asof: pd.Timestamp, params: BookParams = BookParams()) -> pd.DataFrame:
    """The model book just before ``asof`` (UTC) from the hourly perpetual bars (see :func:`cohorts`)."""
    asof = pd.Timestamp(asof)
    require_utc(asof, "asof")
    return cohorts(entry_bars(asof, params.lookback_days), asof, params)


def with_scale(params: BookParams, long_usd: float, short_usd: float) -> BookParams:
    """The same assumptions with other long/short notionals (USD)."""
    return replace(params, long_usd=float(long_usd), short_usd=float(short_usd))


def liquidation_map(book: pd.DataFrame, bin_usd: float = 250.0) -> pd.DataFrame:
    """Notional (USD) by liquidation price bin (USD) and side: the 'liquidation map' of a book."""
    b = (np.floor(book["lp"] / bin_usd) * bin_usd).rename("price")
    out = book.assign(price=b, side_name=np.where(book["side"] > 0, "long", "short")).groupby(["price", "side_name"], as_index=False)["notional"].sum()
    return out.rename(columns={"side_name": "side"})
