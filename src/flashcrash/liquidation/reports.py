"""What contemporaneous reports said about the day's liquidations, and the coverage model that scales
the three exchanges' BTC data to the whole market (:mod:`.coverage`): the reported hourly peaks,
24-hour totals and trader counts, with coverage ratios where they can be placed.

Amounts in USD, counts in traders, days and windows UTC. Every function takes its data as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from flashcrash import reported as rp
from flashcrash.claims import Figure
from flashcrash.liquidation import coverage as cv
from flashcrash.rules import liquidations as rl


@dataclass(frozen=True)
class Reports:
    """The reported hourly peaks, 24-hour totals and trader counts, with coverage ratios where placed."""

    hour: pd.DataFrame
    total: pd.DataFrame
    traders: pd.DataFrame
    usd_scale: cv.Scale  # market-wide USD per three-exchange BTC USD, from other days
    trader_scale: cv.Scale  # traders per three-exchange BTC USD, from other days


def reports(stored: Sequence[rp.Report], liq: pd.DataFrame, day: pd.Timestamp) -> Reports:
    """The contemporaneous reports among ``stored`` (:func:`flashcrash.reported.load_reports`) placed
    against the three-exchange hourly liquidations ``liq`` (USD), with the scales of the days other
    than ``day``."""
    table = rp.figures_table([r for r in stored if not r.retrospective])  # contemporaneous reports only
    total_usd = liq["total_usd"]
    total = cv.coverage_ratios(cv.reported(table, cv.TOTAL_NAMES), total_usd)
    traders = cv.coverage_ratios(cv.reported(table, cv.TRADER_NAMES), total_usd)
    return Reports(cv.reported(table, cv.HOUR_NAMES), total, traders, cv.scale_for(total, day), cv.scale_for(traders, day))


def window_words(row: Any) -> str:
    """``24h to 2025-12-01 06:45 UTC``, ``1h, longs`` - what one reported figure covers."""
    end = f" to {row.window_end:%Y-%m-%d %H:%M} UTC" if pd.notna(row.window_end) else f", {row.about_day:%Y-%m-%d}"
    return f"{row.window}{end}{', longs' if row.name.endswith('_long') else ''}"


def of_day(rows: pd.DataFrame, day: pd.Timestamp) -> tuple[rl.Reported, ...]:
    """The reports of ``day`` as rule measures (source id, value, window)."""
    return tuple(rl.Reported(r.report, float(r.value), window_words(r)) for r in rows[rows["about_day"] == day].itertuples())


def reported_figures(rows: pd.DataFrame, what: str, unit: str, days: tuple[pd.Timestamp, ...]) -> list[Figure]:
    """``reported_<what>_<day>_<rNN>_<window>`` for every report of ``days``."""
    sel = rows[rows["about_day"].isin(list(days))].sort_values(["about_day", "report"], kind="stable")
    return [Figure(f"reported_{what}_{r.about_day:%Y-%m-%d}_{r.report[:3]}_{r.window}", float(r.value), unit) for r in sel.itertuples()]


def scale_figures(s: cv.Scale, est: tuple[float, float], unit: str) -> list[Figure]:
    """The coverage scale's range and the estimate it gives, as figures (``unit``: USD or traders)."""
    ratio_unit = "ratio" if unit == "USD" else f"{unit} per USD"
    return [
        Figure("coverage_ratio_low", s.low, ratio_unit),
        Figure("coverage_ratio_high", s.high, ratio_unit),
        Figure("coverage_ratio_reports", s.n, "reports"),
        Figure("estimate_low", est[0], unit),
        Figure("estimate_high", est[1], unit),
    ]


def timed_growth(rows: pd.DataFrame, day: pd.Timestamp) -> str:
    """How the three-exchange 24-hour BTC total moved between the day's first and last reports that
    state their time (``rows`` from :func:`.coverage.coverage_ratios`)."""
    t = rows[(rows["about_day"] == day) & rows["window_end"].notna() & (rows["window"] == "24h")].sort_values("window_end")
    if len(t) < 2:
        return "few of them state their time"
    a, b = t.iloc[0], t.iloc[-1]
    return (
        f"where they state a time, from {a.window_end:%H:%M} to {b.window_end:%H:%M} UTC, over which the three exchanges' rolling 24-hour BTC total "
        f"went from {a.three_ex_usd / 1e6:.1f}M to {b.three_ex_usd / 1e6:.1f}M USD"
    )


def reported_table(rep: Reports, days: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    """The reported hourly peaks, 24-hour totals and trader counts of ``days``: one row per figure with
    its day, report, quantity, value, window and (for totals and counts) coverage ratio."""
    parts = [(rep.hour.assign(ratio=float("nan")), "one hour (USD)"), (rep.total, "24 h total (USD)"), (rep.traders, "traders")]
    t = pd.concat([r.assign(quantity=q) for r, q in parts], ignore_index=True)
    t = t[t["about_day"].isin(list(days))].sort_values(["about_day", "quantity", "report"], kind="stable")
    return pd.DataFrame(
        {
            "day": t["about_day"].dt.strftime("%Y-%m-%d"),
            "report": t["report"],
            "quantity": t["quantity"],
            "value": t["value"],
            "window": [window_words(r) for r in t.itertuples()],
            "coverage_ratio": t["ratio"],
        }
    ).reset_index(drop=True)


def reported_daily_average(stored: Sequence[rp.Report]) -> tuple[float, float, str]:
    """The reported average day of liquidations in 2025 (low, high; USD) and the report's id."""
    for r in stored:
        f = {x.name: x.value for x in r.figures}
        if "liquidations_daily_average_low" in f and "liquidations_daily_average_high" in f:
            return float(f["liquidations_daily_average_low"]), float(f["liquidations_daily_average_high"]), r.id
    raise ValueError("no report in data/reported.yaml gives the average daily liquidations of the year")
