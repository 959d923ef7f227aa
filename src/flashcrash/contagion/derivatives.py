"""Derivatives against spot around the crash: the perpetuals' basis and open interest (claims c19, c21).

* :func:`basis_table` / :func:`basis_summary`: the hourly perp-vs-spot basis (Binance USD-M perpetual
  close over Binance spot close, minus one) before and on the event day, and each market's fall;
* :func:`open_interest_summary`: what the one open-interest series (Binance BTCUSDT via CoinGlass)
  can say about the weeks after the event.

Prices USD (USDT at par), basis as a fraction (summaries in basis points), times UTC. Every function
takes its data as arguments (:func:`flashcrash.contagion.inputs.load` reads them).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from flashcrash.data.validate import to_utc

#: The coins with hourly perpetual and spot bars.
BASIS_SYMBOLS = ("BTC", "ETH", "XRP")


def basis(perp: pd.Series | np.ndarray, spot: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Perpetual premium over spot, ``perp / spot - 1`` (fraction; negative = perp at a discount)."""
    return perp / spot - 1.0


def basis_table(
    perp_1h: Mapping[str, pd.DataFrame], spot_1h: Mapping[str, pd.DataFrame], day: pd.Timestamp, before_days: int = 30, after_days: int = 7
) -> pd.DataFrame:
    """Hourly perp-vs-spot basis (perp close / spot close - 1) around ``day``, for every symbol of
    ``perp_1h`` (symbol -> hourly perpetual bars; ``spot_1h`` the same for spot).

    Long table: ``time, symbol, perp, spot, basis`` (fraction), ``perp_ret``, ``spot_ret``
    (hourly log returns), ``event`` (True for the hours of the event day).
    """
    day = to_utc(day)
    lo, hi = day - pd.Timedelta(days=before_days), day + pd.Timedelta(days=after_days)
    rows = []
    for s, perp in perp_1h.items():
        px = pd.concat({"perp": perp["close"], "spot": spot_1h[s]["close"]}, axis=1, join="inner").loc[lo - pd.Timedelta(hours=1) : hi]
        px["basis"] = basis(px["perp"], px["spot"])
        px["perp_ret"] = np.log(px["perp"]).diff()
        px["spot_ret"] = np.log(px["spot"]).diff()
        px = px.iloc[1:]
        px.insert(0, "symbol", s)
        px["event"] = (px.index >= day) & (px.index < day + pd.Timedelta(days=1))
        rows.append(px.rename_axis("time").reset_index())
    return pd.concat(rows, ignore_index=True)


def basis_summary(table: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Per symbol of ``table`` (:func:`basis_table`): median basis in the 30 days before (bp), basis in
    the break hour and its minimum on the event day (bp), the hour of that minimum (0-23, UTC; a
    number, so the table rounds cleanly), and the event day's perp and spot falls (fraction, prior
    hourly close to lowest hourly close)."""
    day = to_utc(day)
    rows = []
    for s, g in table.groupby("symbol", sort=False):
        g = g.set_index("time")
        before = g[g.index < day]
        ev = g[g["event"]]
        prior = before.iloc[-1]
        rows.append(
            {
                "symbol": s,
                "basis_before_median_bp": float(before["basis"].median() * 1e4),
                "basis_before_p05_bp": float(before["basis"].quantile(0.05) * 1e4),
                "basis_break_hour_bp": float(ev["basis"].iloc[0] * 1e4),
                "basis_event_min_bp": float(ev["basis"].min() * 1e4),
                "basis_event_min_hour_utc": int(ev["basis"].idxmin().hour),
                "perp_fall": float(ev["perp"].min() / prior["perp"] - 1),
                "spot_fall": float(ev["spot"].min() / prior["spot"] - 1),
                "corr_perp_spot_event": float(np.corrcoef(ev["perp_ret"], ev["spot_ret"])[0, 1]),
            }
        )
    return pd.DataFrame(rows).set_index("symbol")


def change_across(oi: pd.Series, day: pd.Timestamp) -> float:
    """Change (fraction) from the last value before ``day`` to the first one at or after ``day + 1 day``;
    NaN if either side is missing."""
    before = oi[oi.index < day]
    after = oi[oi.index >= day + pd.Timedelta(days=1)]
    if before.empty or after.empty:
        return float("nan")
    return float(after.iloc[0] / before.iloc[-1] - 1)


def open_interest_summary(oi: pd.Series, day: pd.Timestamp, horizon_days: int = 30) -> dict[str, float | pd.Timestamp]:
    """What an open-interest series (``oi``: USD notional on a UTC hourly index, no gaps filled) can
    say about the weeks after ``day``.

    ``first_time`` (first hour in the series), ``days_after_event`` (how late it starts, days),
    ``oi_first``, ``oi_after`` (USD notional at the first hour and ``horizon_days`` later),
    ``oi_change`` (fraction), ``oi_min``/``oi_max`` over that span, and ``oi_change_across``
    (fraction, last hour before ``day`` to the first hour of the next day; NaN when the series starts
    after ``day``).
    """
    day = to_utc(day)
    d = oi.dropna()
    first = d.index[0]
    span = d.loc[first : first + pd.Timedelta(days=horizon_days)]
    return {
        "first_time": first,
        "days_after_event": (first - day).total_seconds() / 86400,
        "oi_first": float(span.iloc[0]),
        "oi_after": float(span.iloc[-1]),
        "oi_change": float(span.iloc[-1] / span.iloc[0] - 1),
        "oi_change_across": change_across(d, day),
        "oi_min": float(span.min()),
        "oi_max": float(span.max()),
    }
