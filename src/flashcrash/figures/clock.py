"""Chart of the chapter "The article's own clock": on which days each dated sentence could be true."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.clock import SentenceClock
from flashcrash.figures import theme as T
from flashcrash.figures.common import wrap_words

#: Characters per line of a sentence on the axis.
LINE_CHARS = 26


def clock_intervals(clocks: list[SentenceClock] | tuple[SentenceClock, ...], first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """One row per interval (``claim``, ``sentence``, ``start``, ``end``: UTC days, open ends clipped to
    ``first`` and ``last``; ``end`` is the day after the last true day so a bar covers whole days)."""
    rows = []
    for c in clocks:
        for iv in c.intervals:
            start = max(iv.start, first) if iv.start is not None else first
            end = min(iv.end, last) if iv.end is not None else last
            if start <= end:
                rows.append({"claim": c.claim_id, "sentence": c.label, "start": start, "end": end + pd.Timedelta(days=1), "days": int((end - start).days) + 1})
    return pd.DataFrame(rows, columns=["claim", "sentence", "start", "end", "days"])


def clock_chart(data: pd.DataFrame, name: str) -> alt.Chart:
    """Timeline: one row per dated sentence (``data``: :func:`clock_intervals`), a bar over each span of
    days on which it could be true; sentences wrap onto lines of :data:`LINE_CHARS` characters."""
    order = list(dict.fromkeys(data["sentence"]))
    rows = data.assign(axis=data["sentence"].map(lambda s: "|".join(wrap_words(s, LINE_CHARS))))
    return (
        alt.Chart(rows)
        .mark_bar(height=12, color=T.BLUE)
        .encode(
            x=alt.X("start:T", title="Date (UTC)"),
            x2="end:T",
            y=alt.Y(
                "axis:N",
                title=None,
                sort=["|".join(wrap_words(s, LINE_CHARS)) for s in order],
                axis=alt.Axis(labelExpr="split(datum.value, '|')", labelLimit=0, labelLineHeight=12, labelFontSize=T.LABEL_SIZE),
            ),
            tooltip=[
                alt.Tooltip("claim:N", title="claim"),
                alt.Tooltip("sentence:N", title="sentence"),
                alt.Tooltip("start:T", title="from (UTC)", format=T.DATE),
                alt.Tooltip("days:Q", title="days"),
            ],
        )
        .properties(
            name=name,
            width=360,
            height=44 * len(order),
            title=alt.TitleParams(
                "When could each dated sentence be true?", subtitle=["UTC days on which each sentence holds;", "no day lies under every bar"]
            ),
            description="Timeline: each dated sentence of the article in a row, with bars over the days on which it could be true, from 2018 to the end of the data.",
        )
    )
