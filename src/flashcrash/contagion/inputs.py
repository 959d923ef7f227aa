"""The chapter's data, read once at the top (:func:`load`; what its rules read alone: :func:`load_rule_inputs`);
every function below takes its data as arguments.

Bars are OHLC(V) frames on UTC indexes of bar open times, prices USD (USDT at par), funding prints
fractions per 8 h, FRED series daily or monthly values (yields and rates in percent).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash import backdrop, data, macro
from flashcrash.article import EVENT_DAY
from flashcrash.atlas.compare import comparison_rows
from flashcrash.contagion.altcoins import closes, closes_15m
from flashcrash.contagion.derivatives import BASIS_SYMBOLS
from flashcrash.data.validate import to_utc

#: Coins with 15-minute perpetual bars before the event day; :data:`EARLY_5M` have 5-minute bars instead.
FIFTEEN_MINUTE, EARLY_5M = ("BTC", "ETH", "XRP"), ("SOL", "DOGE")
#: Coins whose funding history the chapter ranks (BTC, ETH and XRP have prints since 2019).
FUNDING_SYMBOLS = ("BTC", "ETH", "XRP")
#: FRED series the chapter reads: the macro panel's, unemployment and CPI.
FRED_SERIES = (*macro.PANEL, "UNRATE", "CPIAUCSL")
#: What the rules read of them: hourly bars and funding of BTC and ETH (c19, c20), the yields, the
#: effective rate, the US trading days (VIX), unemployment and CPI (c22-c24, c27).
RULE_BASIS_SYMBOLS = RULE_FUNDING_SYMBOLS = ("BTC", "ETH")
RULE_FRED_SERIES = ("DGS2", "DGS10", "EFFR", "VIXCLS", "UNRATE", "CPIAUCSL")


@dataclass(frozen=True)
class RuleInputs:
    """What the chapter's rules read, for the crash ``day`` (UTC midnight).

    ``perp_5m``: symbol -> 5-minute perpetual bars of the ten coins (BTC first); ``closes_5m`` their
    closes side by side; ``perp_1h`` and ``spot_1h``: hourly perpetual and spot bars of
    :data:`RULE_BASIS_SYMBOLS` (at least); ``open_interest``: Binance BTCUSDT open interest (USD,
    hourly, CoinGlass); ``funding``: symbol -> funding prints since 2019 of :data:`RULE_FUNDING_SYMBOLS`
    (at least); ``decisions``: the Fed's rate decisions (:func:`flashcrash.macro.fed_decisions`);
    ``fred``: FRED id -> series (:data:`RULE_FRED_SERIES`, at least); ``atlas_events``: the crash
    atlas's events the comparison with 2022 reads (:func:`flashcrash.atlas.compare.comparison_rows`:
    those of 2022 and of the crash day, with the columns the comparison reads, valued as the whole
    atlas values them); ``backdrop``: the backdrop's data (:func:`flashcrash.backdrop.load_inputs`).
    """

    day: pd.Timestamp
    perp_5m: dict[str, pd.DataFrame]
    closes_5m: pd.DataFrame
    perp_1h: dict[str, pd.DataFrame]
    spot_1h: dict[str, pd.DataFrame]
    open_interest: pd.Series
    funding: dict[str, pd.Series]
    decisions: pd.DataFrame
    fred: dict[str, pd.Series]
    atlas_events: pd.DataFrame
    backdrop: backdrop.Inputs


@dataclass(frozen=True)
class Inputs(RuleInputs):
    """Everything the chapter reads (:class:`RuleInputs` for every symbol and series of the page):
    ``perp_1h``/``spot_1h`` of :data:`~flashcrash.contagion.derivatives.BASIS_SYMBOLS`, ``funding`` of
    :data:`FUNDING_SYMBOLS`, ``fred`` of :data:`FRED_SERIES`, and ``closes_15m``: 15-minute closes of
    BTC and :data:`~flashcrash.contagion.altcoins.PRIOR_MONTH_ALTS` since October 2025."""

    closes_15m: pd.DataFrame


def _rule_data(day: pd.Timestamp, basis: tuple[str, ...], funding: tuple[str, ...], fred: tuple[str, ...]) -> dict:
    """The fields of :class:`RuleInputs` for ``day``, with the hourly bars of ``basis``, the funding of
    ``funding`` and the FRED series ``fred``."""
    perp_5m = {s: data.perp_5m(s) for s in data.PERP_5M_SYMBOLS}
    return {
        "day": day,
        "perp_5m": perp_5m,
        "closes_5m": closes(perp_5m),
        "perp_1h": {s: data.perp_1h(s) for s in basis},
        "spot_1h": {s: data.spot_1h(s) for s in basis},
        "open_interest": data.derivatives_1h()["oi_close"].dropna(),
        "funding": {s: macro.funding_history(s) for s in funding},
        "decisions": macro.fed_decisions(),
        "fred": {s: data.fred(s) for s in fred},
        "atlas_events": comparison_rows(day),
        "backdrop": backdrop.load_inputs(),
    }


def load_rule_inputs(day: pd.Timestamp | None = None) -> RuleInputs:
    """Read what the rules need for ``day`` (UTC midnight; default the crash day,
    :data:`flashcrash.article.EVENT_DAY`) from the registry's files."""
    day = to_utc(EVENT_DAY if day is None else day)
    return RuleInputs(**_rule_data(day, RULE_BASIS_SYMBOLS, RULE_FUNDING_SYMBOLS, RULE_FRED_SERIES))


def load(day: pd.Timestamp | None = None) -> Inputs:
    """Read the chapter's data for ``day`` (UTC midnight; default the crash day,
    :data:`flashcrash.article.EVENT_DAY`) from the registry's files."""
    day = to_utc(EVENT_DAY if day is None else day)
    return Inputs(
        **_rule_data(day, BASIS_SYMBOLS, FUNDING_SYMBOLS, FRED_SERIES),
        closes_15m=closes_15m({s: data.perp_15m(s) for s in FIFTEEN_MINUTE}, {s: data.perp_5m_history(s) for s in EARLY_5M}),
    )
