"""The data the day scan reads, each read here and nowhere else in :mod:`flashcrash.event`."""

from __future__ import annotations

import functools

import pandas as pd

from flashcrash import data as D
from flashcrash.event.scan import SCAN_START, finest_bars


@functools.cache
def btc_bars() -> pd.DataFrame:
    """BTC perpetual bars from :data:`~flashcrash.event.scan.SCAN_START`: 5-minute where the 5-minute
    file covers the whole UTC day (2025-11-30 to 2026-01-28), 15-minute otherwise (to 2026-04-30)."""
    return finest_bars(btc_bars_5m(), btc_15m().loc[SCAN_START:])


def btc_bars_5m() -> pd.DataFrame:
    """The BTC perpetual's 5-minute bars (OHLC in USD, UTC open times), the whole file."""
    return D.perp_5m("BTC")


def btc_15m() -> pd.DataFrame:
    """The BTC perpetual's 15-minute bars (OHLC in USD, UTC open times), the whole file."""
    return D.perp_15m("BTC")


def coin_sources() -> dict[str, list[pd.DataFrame]]:
    """Where the ETH and altcoin day returns come from, finest first (10 perpetuals, 5-minute, from
    2025-11-30; the 5-minute SOL and DOGE history from 2025-04-07; hourly XRP and SOL since 2020)."""
    five = {s: [D.perp_5m(s)] for s in D.PERP_5M_SYMBOLS if s != "BTC"}
    five["ETH"].append(D.perp_1h("ETH"))
    five["XRP"].append(D.perp_1h("XRP"))
    five["SOL"] += [D.perp_5m_history("SOL"), D.spot_1h("SOL")]
    five["DOGE"].append(D.perp_5m_history("DOGE"))
    return five


def liquidations() -> pd.DataFrame:
    """The hourly three-exchange BTC liquidations (USD, UTC hour starts)."""
    return D.liquidations_1h()


@functools.cache
def coverage_reports() -> pd.DataFrame:
    """The contemporaneous market-wide 24-hour liquidation reports (``data/reported.yaml``) with each
    report's coverage ``ratio``: market-wide liquidations per USD of Binance+Bybit+OKX BTC
    liquidations over the report's own window (:mod:`flashcrash.liquidation.coverage`). Read once per
    process (the scan and the page's coverage measures read the same table): do not modify it."""
    from flashcrash.liquidation import claims as lc

    return lc.reports().total


def coverage_ratio_range(reports: pd.DataFrame) -> tuple[float, float]:
    """Market-wide liquidations per USD of Binance+Bybit+OKX BTC liquidations (low, high): the lowest
    and highest coverage ``ratio`` of ``reports`` (:func:`coverage_reports`), the same ratios the
    liquidation chapter uses."""
    r = reports["ratio"].dropna()
    return float(r.min()), float(r.max())


def source_bars() -> dict[str, pd.DataFrame]:
    """BTC bars from each price source of the mirror, by label (perp trade, perp mark, spot, index)."""
    return {
        "Binance perp, 5 min": D.perp_5m("BTC"),
        "Binance perp, 15 min": D.perp_15m("BTC"),
        "Binance perp mark price, 1 h": D.mark_1h("BTC"),
        "Binance spot, 1 h": D.spot_1h("BTC"),
        "CryptoCompare index, 1 h": D.index_1h(),
    }
