"""The price series the crash atlas searches (:data:`MARKETS`) and the names of the catalogued
crashes its events stand for (:func:`label_known`). Prices USD, times UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash import data
from flashcrash.crashes import CRASHES


@dataclass(frozen=True)
class Market:
    """One price series the atlas searches: ``symbol`` (BTC, ETH, ...), ``kind`` ("perp" for the
    Binance USD-M perpetual, "spot" for Binance spot) and ``freq`` (bar length)."""

    key: str
    symbol: str
    kind: str
    freq: str

    @property
    def label(self) -> str:
        bar = {"15min": "15-minute", "1h": "hourly"}[self.freq]
        return f"{self.symbol} {'perpetual' if self.kind == 'perp' else 'spot'}, {bar} bars"

    def load(self) -> pd.DataFrame:
        """The market's OHLC bars from the data layer."""
        if self.kind == "spot":
            return data.spot_1h(self.symbol)
        return data.perp_15m(self.symbol) if self.freq == "15min" else data.perp_1h(self.symbol)


MARKETS: dict[str, Market] = {
    m.key: m
    for m in (
        Market("btc-perp-15m", "BTC", "perp", "15min"),
        Market("btc-spot-1h", "BTC", "spot", "1h"),
        Market("btc-perp-1h", "BTC", "perp", "1h"),
        Market("eth-perp-15m", "ETH", "perp", "15min"),
        Market("eth-perp-1h", "ETH", "perp", "1h"),
        Market("eth-spot-1h", "ETH", "spot", "1h"),
        Market("xrp-perp-15m", "XRP", "perp", "15min"),
        Market("xrp-perp-1h", "XRP", "perp", "1h"),
        Market("xrp-spot-1h", "XRP", "spot", "1h"),
        Market("sol-spot-1h", "SOL", "spot", "1h"),
    )
}


def label_known(events: pd.DataFrame) -> pd.Series:
    """Name of the catalogued crash (:data:`flashcrash.crashes.CRASHES`) each event stands for:
    per market and catalogued episode, the deepest event overlapping the episode's days; else "".
    """
    out = pd.Series("", index=events.index, dtype=object)
    for c in CRASHES:
        hit = (events["start"] < c.end + pd.Timedelta(days=1)) & (events["end"] > c.day)
        for _, g in events[hit].groupby("market", sort=False):
            out.loc[g["drawdown"].idxmax()] = c.name
    return out
