"""Charts of the chapter "<Chapter title>": one function per chart, the data passed in.

Template: copy to ``src/flashcrash/figures/<chapter>.py``. A chart function takes the data it draws
(a DataFrame, the chapter's measures) and a ``name`` (the chart's id: its file names and its address
on the site), and returns an altair chart with a title, axis titles with units, tooltips, a
``description`` (what a screen reader says) and its credits in ``usermeta`` (a one-line subtitle and
the registry sources it draws from). Colours, fonts and number formats come from the book's shared
theme, so a chart function names none. The notebook calls it in one line; ``tests/test_figures_*``
build its spec from a small frame and check the title, the axis titles and the tooltips.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.data.loaders import SOURCE_5M

#: Width (px) on a wide screen; the book's renderer fits charts to a 390 px phone screen.
WIDTH = 560


def below_level_chart(bars: pd.DataFrame, level: float, name: str) -> alt.LayerChart:
    """5-minute lows and closes of one day (USD) with the tested ``level`` as a dashed rule."""
    d = bars.reset_index(names="time")[["time", "low", "close"]]
    base = alt.Chart(d).encode(x=alt.X("time:T", title="Time (UTC)"))
    low = base.mark_line().encode(
        y=alt.Y("low:Q", title="BTC price (USD)", scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("time:T", title="bar open (UTC)", format="%H:%M"),
            alt.Tooltip("low:Q", title="low (USD)", format=",.0f"),
            alt.Tooltip("close:Q", title="close (USD)", format=",.0f"),
        ],
    )
    rule = (
        alt.Chart(pd.DataFrame({"level": [level]}))
        .mark_rule(strokeDash=[4, 3])
        .encode(y="level:Q", tooltip=[alt.Tooltip("level:Q", title="level (USD)", format=",.0f")])
    )
    return (low + rule).properties(
        name=name,
        width=WIDTH,
        height=260,
        title="Did BTC trade below the level, and for how long?",
        description=f"Line chart of BTC's 5-minute lows over one UTC day, with a dashed line at ${level:,.0f}.",
        usermeta={"flashcrash": {"subtitle": "Binance BTCUSDT perpetual, 5-minute lows, with the article's level", "sources": [SOURCE_5M]}},
    )
