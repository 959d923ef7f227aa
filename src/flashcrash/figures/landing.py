"""Charts of the landing page, built from the claims ledger."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from flashcrash.citation import verdict_words
from flashcrash.claims import PENDING
from flashcrash.figures import theme as T
from flashcrash.figures.common import wrap_words
from flashcrash.rules.base import VERDICTS

#: Characters per line of a chapter's name on the axis (names wrap at spaces onto several lines).
LINE_CHARS = 22


def verdicts_by_chapter_data(ledger: dict[str, Any], chapters: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """One row per claim: ``chapter`` (its title), ``axis`` (the title with line breaks as "|"),
    ``verdict`` in words and ``claim`` id. ``chapters``: (id, title) in reading order."""
    titles = dict(chapters)
    unknown = {r["chapter"] for r in ledger["claims"]} - set(titles)
    if unknown:
        raise ValueError(f"ledger names chapters {sorted(unknown)} that are not in the chapter list")
    rows = [{"chapter": titles[r["chapter"]], "verdict": verdict_words(r["verdict"]), "claim": r["id"]} for r in ledger["claims"]]
    df = pd.DataFrame(rows, columns=["chapter", "verdict", "claim"])
    df["axis"] = df["chapter"].map(lambda t: "|".join(wrap_words(t, LINE_CHARS)))
    return df


def verdicts_by_chapter_chart(ledger: dict[str, Any], chapters: Iterable[tuple[str, str]], name: str) -> alt.Chart:
    """Stacked bars: number of claims per verdict in each chapter (``chapters``: (id, title) in
    reading order; long titles wrap onto several lines so they stay whole on a phone)."""
    chapters = list(chapters)
    df = verdicts_by_chapter_data(ledger, chapters)
    # "Pending" in the legend only while a claim waits for its chapter
    shown = (*VERDICTS, PENDING) if any(r["verdict"] == PENDING for r in ledger["claims"]) else VERDICTS
    order = [verdict_words(v) for v in shown]
    colours = [T.VERDICT_COLOURS[v] for v in shown]
    axis_order = ["|".join(wrap_words(t, LINE_CHARS)) for _, t in chapters]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("axis:N", title=None, sort=axis_order, axis=alt.Axis(labelExpr="split(datum.value, '|')", labelLimit=0, labelLineHeight=13)),
            x=alt.X("count():Q", title="Number of claims", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("verdict:N", scale=alt.Scale(domain=order, range=colours), title="Verdict", legend=alt.Legend(orient="bottom", columns=5)),
            order=alt.Order("verdict_rank:Q"),
            tooltip=[alt.Tooltip("chapter:N", title="chapter"), alt.Tooltip("verdict:N", title="verdict"), alt.Tooltip("count():Q", title="claims")],
        )
        .transform_calculate(verdict_rank="indexof(" + str(order) + ", datum.verdict)")
        .properties(
            name=name,
            width=440,
            height=44 * len(chapters),
            title="The article's claims by verdict, per chapter",
            description="Stacked bar chart of the number of claims in each chapter that the data reproduce, partly reproduce, contradict or cannot check.",
        )
    )
