"""The tables of the chapter "The support breaks" as the page shows them: headers in words with units,
times as text, percentages in percent, rounded as printed.

Each builder takes one table of the chapter's measures (:class:`~flashcrash.levels.chapter.SupportLevelsMeasures`)
and only selects, formats and renames.
"""

from __future__ import annotations

import pandas as pd

RANGE_HEADERS = {
    "low": "24 h low (USD)",
    "high": "24 h high (USD)",
    "width_pct": "width (%)",
    "percentile": "width percentile (1 y)",
    "in_87_90_pct": "closes in $87k-$90k (%)",
}
TEST_HEADERS = {
    "bounces": "bounces / rejections",
    "null_levels_mean": "rate, random levels",
    "p_levels": "p (random levels)",
    "null_paths_mean": "rate, bootstrap paths",
    "p_paths": "p (bootstrap paths)",
}
SENSITIVITY_HEADERS = {"tol": "band (%)", "move": "bounce distance (%)", "p_levels": "p (random levels)", "null_mean": "rate, random levels"}
BREAK_HEADERS = {
    "level": "level (USD)",
    "time": "crossing bar (UTC)",
    "bar_low": "bar low (USD)",
    "depth": "depth (USD)",
    "recovered": "recovered (UTC)",
    "low_before_recovery": "low before recovery (USD)",
}


def range_table(rb: pd.DataFrame) -> pd.DataFrame:
    """The 24 h band before each candidate day (:attr:`RangeBefore.table <flashcrash.levels.chapter.RangeBefore>`), by date, in percent."""
    tab = rb[rb["window"] == "24h"].sort_values("day").copy()
    tab["day"] = tab["day"].dt.strftime("%Y-%m-%d")
    tab = tab.assign(width_pct=tab["width_frac"] * 100, percentile=tab["percentile"] * 100, in_87_90_pct=tab["share_87_90"] * 100)
    return tab[["day", "low", "high", "width_pct", "percentile", "in_87_90_pct"]].rename(columns=RANGE_HEADERS).round(1).set_index("day")


def level_tests_table(lt: pd.DataFrame) -> pd.DataFrame:
    """The level tests (:func:`~flashcrash.levels.significance.level_tests`) with their windows as dates, rounded to 2 decimals."""
    show = lt.assign(start=lt["start"].dt.strftime("%Y-%m-%d"), end=lt["end"].dt.strftime("%Y-%m-%d"))
    cols = ["test", "bars", "start", "end", "touches", "bounces", "breaks", "open", "rate", "null_levels_mean", "p_levels", "null_paths_mean", "p_paths"]
    return show[cols].rename(columns=TEST_HEADERS).round(2).set_index(["test", "bars"])


def sensitivity_table(sens: pd.DataFrame) -> pd.DataFrame:
    """The sensitivity check (:func:`~flashcrash.levels.significance.sensitivity`), band widths in percent."""
    return sens.assign(tol=sens["tol"] * 100, move=sens["move"] * 100).rename(columns=SENSITIVITY_HEADERS).round(2).set_index("band (%)")


def breaks_table(bt: pd.DataFrame) -> pd.DataFrame:
    """The crossings of one day (:func:`~flashcrash.levels.breaks.break_table`), times as ``YYYY-MM-DD HH:MM``."""
    disp = bt.assign(time=bt["time"].dt.strftime("%Y-%m-%d %H:%M"), recovered=bt["recovered"].dt.strftime("%Y-%m-%d %H:%M"))
    cols = ["level", "time", "session", "bar_low", "depth", "recovered", "minutes_to_recover", "minutes_below", "low_before_recovery"]
    return disp[cols].rename(columns=BREAK_HEADERS).set_index(["level (USD)", "crossing bar (UTC)"])


def sources_table(sc: pd.DataFrame) -> pd.DataFrame:
    """The first crossings in every price source (:func:`~flashcrash.levels.breaks.source_check`), times as ``HH:MM``."""
    cols = ["source", "resolution_min", "first_below_87k", "first_below_84k", "low", "low_bar", "agrees_87k", "agrees_84k"]
    return (
        sc.assign(
            first_below_87k=sc["first_below_87k"].dt.strftime("%H:%M"),
            first_below_84k=sc["first_below_84k"].dt.strftime("%H:%M"),
            low_bar=sc["low_bar"].dt.strftime("%H:%M"),
        )[cols]
        .round(1)
        .set_index("source")
    )


def candidates_table(ds: pd.DataFrame) -> pd.DataFrame:
    """Every candidate day's crossings (:func:`~flashcrash.levels.breaks.day_summary`), times as ``HH:MM``."""
    cols = ["day", "low", "low_time", "crossings_87k", "first_87k", "session_87k", "depth_below_87k", "depth_below_84k", "minutes_below_84k"]
    return (
        ds.assign(low_time=ds["low_time"].dt.strftime("%H:%M"), first_87k=ds["first_87k"].dt.strftime("%H:%M"), first_84k=ds["first_84k"].dt.strftime("%H:%M"))
        .reset_index()
        .assign(day=lambda x: x["day"].dt.strftime("%Y-%m-%d"))[cols]
        .set_index("day")
    )
