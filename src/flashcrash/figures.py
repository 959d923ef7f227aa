"""Charts shared by several pages (the chapter and the landing page), built from package results."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash import data as D
from flashcrash import event as E
from flashcrash.sessions import label_sessions


def event_path_chart(day: pd.Timestamp, name: str, width: int = 560, height: int = 360) -> alt.LayerChart:
    """BTC perpetual 5-minute bars from 12 h before ``day`` to its end, with the $87k and $84k levels,
    the first bar below each, and the Asian session shaded."""
    row = E.score_days().loc[day]
    brk, b84 = row["first_break_87k"], row["first_below_84k"]
    btc = D.perp_5m("BTC").loc[day - pd.Timedelta("12h") : day + pd.Timedelta("1D") - pd.Timedelta("5min")]
    path = btc.reset_index()[["time", "open", "high", "low", "close"]]
    path["session"] = label_sessions(btc.index).to_numpy()
    levels = pd.DataFrame({"level": [E.LEVEL_BREAK, E.LEVEL_LOW], "label": ["$87,000 (support broken)", "$84,000 (briefly below)"]})
    marks = pd.DataFrame({"time": [brk, b84], "price": [E.LEVEL_BREAK, E.LEVEL_LOW], "event": ["first bar below $87k", "first bar below $84k"]})
    base = alt.Chart(path).encode(x=alt.X("time:T", title="Time (UTC)", axis=alt.Axis(format="%d %b %H:%M")))
    asia = (
        alt.Chart(path[path["session"].str.contains("Asia")])
        .mark_rect(opacity=0.12, color="#bf8700")
        .encode(x="time:T", x2=alt.X2("end:T"), tooltip=[alt.Tooltip("session:N")])
        .transform_calculate(end="datum.time + 5*60*1000")
    )
    band = base.mark_area(opacity=0.3, color="#0969da").encode(
        y=alt.Y("low:Q", title="BTC perpetual price (USD)", scale=alt.Scale(zero=False)), y2="high:Q"
    )
    line = base.mark_line(color="#0969da", strokeWidth=1).encode(
        y="close:Q",
        tooltip=[
            alt.Tooltip("time:T", title="bar open (UTC)", format="%Y-%m-%d %H:%M"),
            alt.Tooltip("low:Q", format=",.1f", title="low (USD)"),
            alt.Tooltip("high:Q", format=",.1f", title="high (USD)"),
            alt.Tooltip("close:Q", format=",.1f", title="close (USD)"),
            "session:N",
        ],
    )
    rules = alt.Chart(levels).mark_rule(strokeDash=[6, 3], color="#cf222e").encode(y="level:Q", tooltip=["label:N", alt.Tooltip("level:Q", format=",.0f")])
    pts = alt.Chart(marks).mark_point(shape="triangle-down", size=140, filled=True, color="#cf222e").encode(
        x="time:T", y="price:Q", tooltip=["event:N", alt.Tooltip("time:T", format="%Y-%m-%d %H:%M", title="bar open (UTC)")]
    )
    return (asia + band + line + rules + pts).properties(
        name=name,
        width=width,
        height=height,
        title=f"BTC perpetual, 5-minute bars around {day:%d %b %Y} (shaded: Asian session)",
        description=(
            f"Price path of the Binance BTCUSDT perpetual around {day:%d %B %Y} with the $87k and $84k levels; "
            f"the first bar below $87k at {brk:%H:%M} UTC and the first below $84k at {b84:%H:%M} UTC."
        ),
    )


def verdicts_by_chapter_chart(ledger: dict, name: str) -> alt.Chart:
    """Stacked bars: number of claims per verdict in each chapter."""
    from flashcrash.claims import load_chapters

    titles = {c.id: c.title for c in load_chapters()}
    df = pd.DataFrame([{"chapter": titles[r["chapter"]], "verdict": r["verdict"].replace("_", " "), "claim": r["id"]} for r in ledger["claims"]])
    from flashcrash.claims import PENDING
    from flashcrash.rules.base import VERDICTS

    order = [v.replace("_", " ") for v in (*VERDICTS, PENDING)]
    colours = ["#1a7f37", "#9a6700", "#cf222e", "#57606a", "#8c959f"]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("chapter:N", title=None, sort=[titles[c.id] for c in load_chapters()]),
            x=alt.X("count():Q", title="Claims", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("verdict:N", scale=alt.Scale(domain=order, range=colours), title="Verdict", legend=alt.Legend(orient="bottom", columns=5)),
            order=alt.Order("verdict_rank:Q"),
            tooltip=["chapter:N", "verdict:N", alt.Tooltip("count():Q", title="claims")],
        )
        .transform_calculate(verdict_rank="indexof(" + str(order) + ", datum.verdict)")
        .properties(
            name=name,
            width=440,
            height=180,
            title="The article's claims by verdict, per chapter",
            description="Stacked bar chart of the number of claims in each chapter that the data reproduce, partly reproduce, contradict or cannot check.",
        )
    )
