"""Chart of the chapter "Which day was it?": which element of the article fits which candidate day.

(The chart builders of the other chapters live in :mod:`flashcrash.figures`; a ``figures/`` package
cannot sit beside that module, so this chapter's builder has its own module.)
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.event import CRITERIA, FITS, LABELS, MISSES, NO_DATA

#: Colours of the three outcomes (fits, does not fit, no data) and the mark shown in each cell.
STATUS_COLOURS = {FITS: "#1a7f37", MISSES: "#eaeef2", NO_DATA: "#ffffff"}
STATUS_MARKS = {FITS: "✔", MISSES: "✘", NO_DATA: "·"}


def element_grid_data(table: pd.DataFrame) -> pd.DataFrame:
    """The chart's data from :func:`flashcrash.event.element_table`: ``column`` ("2025-12-01 (9)":
    the day and its score), ``mark`` and string ``day``; rows in element order."""
    need = {"day", "element", "label", "description", "status", "measure", "score", "resolution"}
    missing = need - set(table.columns)
    if missing:
        raise ValueError(f"element table lacks columns {sorted(missing)}")
    bad = set(table["status"]) - set(STATUS_COLOURS)
    if bad:
        raise ValueError(f"unknown statuses {sorted(bad)}; expected {list(STATUS_COLOURS)}")
    out = table.copy()
    out["day"] = pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d")
    out["column"] = out["day"] + " (" + out["score"].astype(str) + ")"
    out["mark"] = out["status"].map(STATUS_MARKS)
    return out[["day", "column", "element", "label", "description", "status", "mark", "measure", "score", "resolution"]]


def element_grid_chart(table: pd.DataFrame, name: str, cell: int = 32) -> alt.LayerChart:
    """Heat map of the article's elements (rows) against candidate days (columns, with the number of
    scored elements each fits): green where the day fits the element, grey where it does not, white
    where the data do not cover it. Tooltips give the measure behind each cell. ``cell``: the side
    of one cell in pixels (the chart stays within ~400 px for up to six days)."""
    data = element_grid_data(table)
    order = [LABELS[e] for e in CRITERIA]
    columns = list(dict.fromkeys(data.sort_values("day")["column"]))
    base = alt.Chart(data).encode(
        x=alt.X("column:O", title="Day (UTC) and elements it fits", sort=columns, axis=alt.Axis(labelAngle=-45, labelFontSize=11)),
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelFontSize=11, labelLimit=150)),
    )
    tooltip = [
        alt.Tooltip("day:N", title="day (UTC)"),
        alt.Tooltip("description:N", title="element"),
        alt.Tooltip("status:N", title="result"),
        alt.Tooltip("measure:N", title="measure"),
        alt.Tooltip("score:Q", title="elements the day fits"),
        alt.Tooltip("resolution:N", title="BTC bars"),
    ]
    cells = base.mark_rect(stroke="#d0d7de", strokeWidth=0.5).encode(
        color=alt.Color("status:N", title="The day", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=tooltip,
    )
    marks = base.mark_text(fontSize=11).encode(
        text="mark:N",
        color=alt.condition(alt.datum.status == FITS, alt.value("#ffffff"), alt.value("#57606a")),
        tooltip=tooltip,
    )
    return (cells + marks).properties(
        name=name,
        width=cell * len(columns),
        height=int(cell * 0.7) * len(order),
        title=alt.TitleParams("Which element fits which day", subtitle=["best candidates of the scan from 2024-01-01;", "hover a cell for its measure"]),
        description=(
            "Heat map: the article's elements in rows, the best candidate days of the day scan in columns; a green cell with a tick where the day fits "
            "the element, grey with a cross where it does not, white where the data do not cover it."
        ),
    )
