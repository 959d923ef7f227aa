"""From three exchanges' BTC liquidations to the market-wide totals that news reports quote.

The public CoinGlass file (:func:`flashcrash.data.liquidations_1h`) holds BTC liquidations on Binance,
Bybit and OKX only. Reports (``data/reported.yaml``) quote CoinGlass's totals for all coins on all
exchanges, and its count of liquidated traders. The *coverage ratio* of a reported figure is the
figure divided by the three-exchange BTC liquidations (USD) over the same window::

    ratio = reported market-wide figure / three-exchange BTC USD over the report's window

(USD per USD for totals, traders per USD for counts). A report's window is the 24 hours (or the UTC
day so far) to its ``window_end`` when the report fixes it, and otherwise the report's UTC day.

The book's own estimate of a market-wide figure on a day is the day's three-exchange BTC USD times
the range (lowest to highest) of the ratios measured on the reports of *other* days within the
data: the estimate is never calibrated to the reports it is compared with.

Units: USD, traders, UTC times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Reported figures of a market-wide total liquidated (USD) in a day or 24 hours, or in the crash
#: described (``reported.yaml`` figure names).
TOTAL_NAMES = ("liquidations_24h_total", "liquidations_day_total", "liquidations_total")
#: Reported figures of one hour's liquidations (USD). A longs-only figure stands for the hour's
#: total: in the data, longs were 98.5 % of the event's worst hour.
HOUR_NAMES = ("liquidations_1h_total", "liquidations_1h_long")
#: Reported counts of liquidated traders.
TRADER_NAMES = ("traders_liquidated_24h", "traders_liquidated")
#: Reports whose figures are listed but not used as evidence of size, with the reason.
NOT_EVIDENCE = {"r12-capwolf-dec01": "a first-person blog post that names no data source"}
#: Fewest ratios from other days for an estimate.
MIN_RATIOS = 3

HOUR = pd.Timedelta(hours=1)
DAY = pd.Timedelta(days=1)


def reported(table: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """The rows of :func:`flashcrash.reported.figures_table` whose figure is one of ``names``, without
    the reports in :data:`NOT_EVIDENCE`; columns ``report``, ``about_day``, ``name``, ``value``,
    ``qualifier``, ``window``, ``window_end``."""
    rows = table[table["name"].isin(names) & ~table["report"].isin(list(NOT_EVIDENCE))]
    out = rows[["report", "about_day", "name", "value", "qualifier", "window", "window_end"]].reset_index(drop=True)
    return out.assign(value=out["value"].astype(float))


#: Rolling windows of a fixed number of hours (``reported.yaml`` window names).
ROLLING_HOURS = {"1h": 1, "4h": 4, "12h": 12, "24h": 24}


def windows(rows: pd.DataFrame) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """Per row, the first and last hourly bar (UTC open times) of its window.

    With a ``window_end``: the ``1h``/``4h``/``12h``/``24h`` bars to it (a window ending at 06:45
    ends with the 06:00 bar), or the UTC day up to it (``day``, ``event``, ``session``). Without one:
    the whole UTC ``about_day`` for a day-long window (``24h``, ``day``, ``event``), NaT for the
    shorter ones, which cannot be placed."""
    day = pd.DatetimeIndex(pd.to_datetime(rows["about_day"], utc=True))
    end = pd.DatetimeIndex(pd.to_datetime(rows["window_end"], utc=True))
    hours = rows["window"].map(ROLLING_HOURS).to_numpy(dtype=float)
    known = ~end.isna()
    last = end.floor("h").where(known, day + DAY - HOUR)
    first = last - pd.to_timedelta(np.nan_to_num(hours, nan=1.0) - 1, unit="h")
    first = first.where(known & ~np.isnan(hours), last.floor("D"))
    short = ~known & ~np.isnan(hours) & (hours < 24)
    return first.where(~short, pd.NaT), last.where(~short, pd.NaT)


def window_usd(liq: pd.Series, first: pd.DatetimeIndex, last: pd.DatetimeIndex) -> np.ndarray:
    """Three-exchange BTC liquidations (USD) from bar ``first`` to bar ``last`` (inclusive) of the
    hourly series ``liq``; NaN where the data do not hold every hour of the window."""
    idx = liq.index
    cum = np.concatenate([[0.0], np.cumsum(liq.to_numpy(float))])
    i = idx.searchsorted(first, side="left")
    j = idx.searchsorted(last, side="right")
    hours = ((last - first) / HOUR).to_numpy() + 1  # NaN for an unplaced window
    usd = cum[j] - cum[i]
    return np.where((j - i) == hours, usd, np.nan)


def coverage_ratios(rows: pd.DataFrame, liq: pd.Series) -> pd.DataFrame:
    """``rows`` with ``three_ex_usd`` (the data over each report's window) and ``ratio`` (value /
    three_ex_usd); NaN for a report whose window the data do not cover."""
    first, last = windows(rows)
    usd = window_usd(liq, first, last)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(usd > 0, rows["value"].to_numpy(float) / usd, np.nan)
    return rows.assign(window_first=first, window_last=last, three_ex_usd=usd, ratio=ratio)


@dataclass(frozen=True)
class Scale:
    """The coverage ratios measured on reports of days other than ``day``: lowest, highest, how many."""

    day: pd.Timestamp
    low: float
    high: float
    n: int

    def of(self, three_ex_usd: float) -> tuple[float, float]:
        """The market-wide estimate (low, high) of a three-exchange BTC amount (USD)."""
        return three_ex_usd * self.low, three_ex_usd * self.high


def scale_for(ratios: pd.DataFrame, day: pd.Timestamp) -> Scale:
    """The range of the ratios of reports about days other than ``day`` (those the data cover)."""
    r = ratios.loc[(ratios["about_day"] != day) & ratios["ratio"].notna(), "ratio"]
    if len(r) < MIN_RATIOS:
        raise ValueError(f"only {len(r)} reports of days other than {day.date()} within the data; an estimate needs at least {MIN_RATIOS}")
    return Scale(day, float(r.min()), float(r.max()), len(r))
