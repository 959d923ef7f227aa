"""Charts of the chapter "Which day was it?": the price path of the crash day with the article's
levels, and which element of the article fits which candidate day."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.event.criteria import CRITERIA, FITS, LABELS, MISSES, NO_DATA
from flashcrash.figures import theme as T
from flashcrash.figures.common import level_rules, time_tip
from flashcrash.sessions import label_sessions

#: Colours of the three outcomes (fits, does not fit, no data) and the mark shown in each cell.
STATUS_COLOURS = {FITS: T.GREEN, MISSES: T.PALE, NO_DATA: T.WHITE}
STATUS_MARKS = {FITS: "✔", MISSES: "✘", NO_DATA: "·"}
#: Words for the bar resolutions of the day scan.
RESOLUTIONS = {"5min": "5-minute", "15min": "15-minute", "1h": "hourly"}


def event_path_data(bars: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """5-minute bars (``open, high, low, close`` in USD, UTC index) from 12 h before ``day`` to its
    end, with ``time`` and the ``session`` label of each bar."""
    for col in ("open", "high", "low", "close"):
        if col not in bars.columns:
            raise ValueError(f"bars lack column {col!r}")
    window = bars.loc[day - pd.Timedelta("12h") : day + pd.Timedelta("1D") - pd.Timedelta("5min")]
    if window.empty:
        raise ValueError(f"no bars around {day:%Y-%m-%d}")
    path = window.rename_axis("time").reset_index()[["time", "open", "high", "low", "close"]]
    path["session"] = label_sessions(window.index).to_numpy()
    return path


def event_path_chart(
    bars: pd.DataFrame, day: pd.Timestamp, first_break: pd.Timestamp, first_below_84k: pd.Timestamp, name: str, width: int = 560, height: int = 360
) -> alt.LayerChart:
    """BTC perpetual 5-minute bars (``bars``: USD, UTC index) from 12 h before ``day`` to its end,
    with the $87k and $84k levels, the first bar below each (``first_break``, ``first_below_84k``:
    bar opens, UTC) and the Asian session shaded."""
    path = event_path_data(bars, day)
    marks = pd.DataFrame({"time": [first_break, first_below_84k], "price": [LEVEL_BREAK, LEVEL_LOW], "event": ["first bar below $87k", "first bar below $84k"]})
    base = alt.Chart(path).encode(x=alt.X("time:T", title="Time (UTC)", axis=alt.Axis(format=T.AXIS_TIME)))
    asia = (
        alt.Chart(path[path["session"].str.contains("Asia")])
        .mark_rect(opacity=0.12, color=T.GOLD)
        .encode(x="time:T", x2=alt.X2("end:T"), tooltip=[alt.Tooltip("session:N", title="session"), time_tip(title="bar open (UTC)")])
        .transform_calculate(end="datum.time + 5*60*1000")
    )
    price_tips = [
        time_tip(title="bar open (UTC)"),
        alt.Tooltip("low:Q", format=T.USD_CENTS, title="low (USD)"),
        alt.Tooltip("high:Q", format=T.USD_CENTS, title="high (USD)"),
        alt.Tooltip("close:Q", format=T.USD_CENTS, title="close (USD)"),
        alt.Tooltip("session:N", title="session"),
    ]
    band = base.mark_area(opacity=0.3, color=T.PRICE).encode(
        y=alt.Y("low:Q", title="BTC perpetual price (USD)", scale=alt.Scale(zero=False)), y2="high:Q", tooltip=price_tips
    )
    line = base.mark_line(color=T.PRICE, strokeWidth=1).encode(y="close:Q", tooltip=price_tips)
    pts = (
        alt.Chart(marks)
        .mark_point(shape="triangle-down", size=140, filled=True, color=T.LEVEL)
        .encode(x="time:T", y="price:Q", tooltip=[alt.Tooltip("event:N", title="event"), time_tip(title="bar open (UTC)")])
    )
    return (asia + band + line + level_rules() + pts).properties(
        name=name,
        width=width,
        height=height,
        title=f"BTC perpetual, 5-minute bars around {day:%d %b %Y} (shaded: Asian session)",
        description=(
            f"Price path of the Binance BTCUSDT perpetual around {day:%d %B %Y} with the $87k and $84k levels; "
            f"the first bar below $87k at {first_break:%H:%M} UTC and the first below $84k at {first_below_84k:%H:%M} UTC."
        ),
    )


def element_grid_data(table: pd.DataFrame) -> pd.DataFrame:
    """The chart's data from :func:`flashcrash.event.element_table`: ``column`` ("2025-12-01 (9)":
    the day and its score), ``mark``, string ``day`` and ``bars`` (the resolution in words); rows in
    element order."""
    need = {"day", "element", "label", "description", "status", "measure", "score", "resolution"}
    missing = need - set(table.columns)
    if missing:
        raise ValueError(f"element table lacks columns {sorted(missing)}")
    bad = set(table["status"]) - set(STATUS_COLOURS)
    if bad:
        raise ValueError(f"unknown statuses {sorted(bad)}; expected {list(STATUS_COLOURS)}")
    out = table.copy()
    out["day"] = pd.to_datetime(out["day"]).dt.strftime(T.DATE)
    out["column"] = out["day"] + " (" + out["score"].astype(str) + ")"
    out["mark"] = out["status"].map(STATUS_MARKS)
    out["bars"] = out["resolution"].map(lambda r: RESOLUTIONS.get(r, r))
    return out[["day", "column", "element", "label", "description", "status", "mark", "measure", "score", "bars"]]


def element_grid_chart(table: pd.DataFrame, name: str, cell: int = 32) -> alt.LayerChart:
    """Heat map of the article's elements (rows) against candidate days (columns, with the number of
    scored elements each fits): green where the day fits the element, grey where it does not, white
    where the data do not cover it. Tooltips give the measure behind each cell. ``cell``: the side
    of one cell in pixels (the chart stays within ~400 px for up to six days)."""
    data = element_grid_data(table)
    order = [LABELS[e] for e in CRITERIA]
    columns = list(dict.fromkeys(data.sort_values("day")["column"]))
    base = alt.Chart(data).encode(
        x=alt.X("column:O", title="Day (UTC), with the number of elements it fits", sort=columns, axis=alt.Axis(labelAngle=-45, labelFontSize=T.LABEL_SIZE)),
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelFontSize=T.LABEL_SIZE, labelLimit=150)),
    )
    tooltip = [
        alt.Tooltip("day:N", title="day (UTC)"),
        alt.Tooltip("description:N", title="element"),
        alt.Tooltip("status:N", title="result"),
        alt.Tooltip("measure:N", title="measure"),
        alt.Tooltip("score:Q", title="elements the day fits"),
        alt.Tooltip("bars:N", title="BTC bars"),
    ]
    cells = base.mark_rect(stroke=T.GRID, strokeWidth=0.5).encode(
        color=alt.Color(
            "status:N",
            title="The day",
            scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        tooltip=tooltip,
    )
    marks = base.mark_text(fontSize=T.LABEL_SIZE).encode(
        text="mark:N",
        color=alt.condition(alt.datum.status == FITS, alt.value(T.WHITE), alt.value(T.MUTED)),
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
