"""Marks shared by several chapters' charts: the article's price levels, the crash day on a time
axis, time tooltips, text wrapped onto lines."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.figures import theme as T

#: The article's two levels (USD) and how charts name them.
LEVELS = {LEVEL_BREAK: "$87,000 (support broken)", LEVEL_LOW: "$84,000 (briefly below)"}


def time_tip(field: str = "time", title: str = "time (UTC)", fmt: str = T.TIME) -> alt.Tooltip:
    """A tooltip of a UTC time field."""
    return alt.Tooltip(f"{field}:T", title=title, format=fmt)


def level_rules(levels: dict[float, str] | None = None, scale: alt.Scale | None = None) -> alt.Chart:
    """Dashed horizontal rules at price levels (USD -> name; default the article's $87k and $84k)."""
    lv = pd.DataFrame({"level": list((levels or LEVELS).keys()), "name": list((levels or LEVELS).values())})
    y = alt.Y("level:Q", scale=scale) if scale is not None else alt.Y("level:Q")
    return (
        alt.Chart(lv)
        .mark_rule(color=T.LEVEL, strokeDash=[6, 3])
        .encode(y=y, tooltip=[alt.Tooltip("name:N", title="level"), alt.Tooltip("level:Q", title="price (USD)", format=T.USD)])
    )


def event_rule(day: pd.Timestamp) -> alt.Chart:
    """A dashed vertical rule at the crash day (UTC midnight)."""
    ev = pd.DataFrame({"time": [day], "label": [f"crash day ({day:%Y-%m-%d})"]})
    return (
        alt.Chart(ev)
        .mark_rule(color=T.EVENT, strokeDash=[4, 3])
        .encode(x="time:T", tooltip=[alt.Tooltip("label:N", title="marker"), time_tip(fmt=T.DATE, title="day (UTC)")])
    )


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters (a longer word keeps its
    own line); vega draws a list of strings as a multi-line title or label."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
