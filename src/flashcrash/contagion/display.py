"""The chapter's tables as it shows them, from its measures (:class:`~flashcrash.contagion.measures.ContagionMeasures`):
columns chosen and rounded, fractions written as percentages where the headers say ``(%)``. The
notebook displays them through :func:`flashcrash.tables.format_table` (its readable headers and units).
"""

from __future__ import annotations

import pandas as pd

from flashcrash.contagion.measures import Comovement, ComovementShown, Derivatives, Fed, FundingShown

#: The crash table's columns and their headers (percentages as numbers of percent).
CRASH_COLUMNS = {
    "peak": "peak (USD)",
    "trough": "trough (USD)",
    "trough_time": "trough (UTC)",
    "depth": "depth (%)",
    "worst_1h": "worst 1 h (%)",
    "worst_24h": "worst 24 h (%)",
    "days_to_prior_close": "days to prior close",
    "days_to_peak": "days to 7-day high",
    "funding_30d_annualised": "funding 30 d (% a year)",
    "funding_30d_percentile": "funding percentile",
}


def drawdowns_table(c: Comovement) -> pd.DataFrame:
    """Per coin: prior close and low (USD), the time of the low (UTC, HH:MM), the day's and the first
    hour's drawdown (percent) and the low's delay after BTC's (minutes)."""
    dd = c.drawdowns
    return dd.assign(
        drawdown_pct=(dd["drawdown"] * 100).round(2),
        break_pct=(dd["break_drawdown"] * 100).round(2),
        low_time=dd["low_time"].dt.strftime("%H:%M"),
    )[["prior_close", "low", "low_time", "drawdown_pct", "break_pct", "minutes_after_btc_low"]]


def correlation_table(c: ComovementShown) -> pd.DataFrame:
    """The correlation shift (:func:`~flashcrash.contagion.altcoins.correlation_shift`), rounded to three decimals."""
    return c.correlation_shift.round(3)


def basis_table(d: Derivatives) -> pd.DataFrame:
    """The basis summary per symbol (:func:`~flashcrash.contagion.derivatives.basis_summary`), rounded to three decimals."""
    return d.basis_summary.round(3)


def funding_table(f: FundingShown) -> pd.DataFrame:
    """Per symbol and window (days): mean funding annualised (percent), its percentile in the history
    (fraction) and its multiple of Binance's default rate."""
    fp = pd.concat(f.percentiles, names=["symbol"]).reset_index(level=0)
    return fp.assign(annualised_pct=(fp["annualised"] * 100).round(2), percentile=(fp["percentile"]).round(3))[
        ["symbol", "window_days", "annualised_pct", "percentile", "baseline_multiple"]
    ]


def fed_table(fed: Fed) -> pd.DataFrame:
    """The Fed's decisions since 2024, announcement and effective days as ``YYYY-MM-DD``."""
    recent = fed.since_2024
    return recent.assign(announced=recent["announced"].dt.strftime("%Y-%m-%d"), effective=recent["effective"].dt.strftime("%Y-%m-%d"))


def crashes_table(crashes: pd.DataFrame) -> pd.DataFrame:
    """The crash table (:func:`~flashcrash.contagion.history.crash_table`) with the headers of
    :data:`CRASH_COLUMNS`: depths and falls in percent (one decimal), recoveries in days."""
    ct = crashes
    tbl = ct.assign(
        trough_time=ct["trough_time"].dt.strftime("%Y-%m-%d %H:%M"),
        **{k: (ct[k] * 100).round(1) for k in ("depth", "day_depth", "worst_1h", "worst_24h", "funding_30d_annualised")},
        funding_30d_percentile=ct["funding_30d_percentile"].round(2),
        days_to_prior_close=ct["days_to_prior_close"].round(1),
        days_to_peak=ct["days_to_peak"].round(1),
    )[list(CRASH_COLUMNS)]
    tbl.columns = list(CRASH_COLUMNS.values())
    return tbl
