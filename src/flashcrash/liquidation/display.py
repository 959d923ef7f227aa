"""The liquidation chapter's tables as it shows them, from its measures
(:class:`~flashcrash.liquidation.measures.LiquidationMeasures`): amounts in millions of USD, days as
``YYYY-MM-DD``, rounded. The notebook displays them through :func:`flashcrash.tables.format_table`.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.liquidation.measures import REPORT_DAYS
from flashcrash.liquidation.reports import Reports, reported_table


def long_shares_table(ls: pd.DataFrame) -> pd.DataFrame:
    """The candidate days' totals and long shares (:func:`.observed.long_shares`): totals in millions
    of USD, the worst hour as ``HH:MM UTC``, rounded to three decimals."""
    tbl = ls.assign(total_musd=ls["total_usd"] / 1e6, worst_hour_musd=ls["worst_hour_usd"] / 1e6)[
        ["total_musd", "long_share", "worst_hour", "worst_hour_musd", "worst_hour_long_share"]
    ]
    tbl.index = tbl.index.strftime("%Y-%m-%d")
    tbl["worst_hour"] = tbl["worst_hour"].dt.strftime("%H:%M UTC")
    return tbl.round(3)


def validation_table(val: pd.DataFrame) -> pd.DataFrame:
    """The out-of-sample days (:func:`.calibrate.validate`): observed and modelled totals in millions of
    USD, the observed long share, the hourly correlation and the total's error, rounded to three decimals."""
    v = val.copy()
    v.index = v.index.strftime("%Y-%m-%d")
    return v.assign(observed_musd=v["observed_usd"] / 1e6, model_musd=v["model_usd"] / 1e6)[
        ["observed_musd", "model_musd", "observed_long_share", "hourly_correlation", "total_error"]
    ].round(3)


def reported_display(rep: Reports, days: tuple[pd.Timestamp, ...] = REPORT_DAYS) -> pd.DataFrame:
    """:func:`.reports.reported_table` as text: amounts as ``820M`` (USD), trader counts whole, coverage
    ratios to two decimals (traders per million USD for the counts), blank where none is placed."""
    rt = reported_table(rep, days)
    rt["value"] = [f"{v / 1e6:,.0f}M" if q != "traders" else f"{v:,.0f}" for v, q in zip(rt["value"], rt["quantity"], strict=True)]
    rt["coverage_ratio"] = [
        ("" if pd.isna(r) else f"{r:.2f}" if q != "traders" else f"{r * 1e6:,.0f} per M USD") for r, q in zip(rt["coverage_ratio"], rt["quantity"], strict=True)
    ]
    return rt
