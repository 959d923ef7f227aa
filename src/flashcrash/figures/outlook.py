"""Charts of the chapter "The outlook, scored": the scenario fan with the realised price, the
probability each model gave to the article's outlook events, and the models' skill."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from flashcrash.figures import theme as T
from flashcrash.scenarios.forecast import HIGH, LOW, MODELS

_EVENT = re.compile(r"^(touch_84k|above_87k|inside|ath)_(\d+m|\d{4})$")
_WHAT = {"touch_84k": "Open at or below $84k", "above_87k": "Open at or above $87k", "inside": "All opens in $84k-$87k", "ath": "New all-time high"}
#: Price axis of the fan chart (USD, log scale).
FAN_DOMAIN = (40_000, 200_000)


def months(code: str) -> str:
    """A horizon code in words: "1m" -> "1 month", "12m" -> "12 months"."""
    n = int(code[:-1])
    return f"{n} month{'s' if n != 1 else ''}"


def event_lines(event: str) -> list[str]:
    """An outlook event id in words, as two short lines: "touch_84k_3m" -> ["Open at or below $84k",
    "within 3 months"], "inside_1m" -> ["All opens in $84k-$87k", "for 1 month"], "ath_2025" ->
    ["New all-time high", "in 2025"]; an unknown id is spelled out on one line."""
    m = _EVENT.match(event)
    if not m:
        return [T.label(event)]
    what, when = _WHAT[m.group(1)], m.group(2)
    if when.isdigit():
        return [what, f"in {when}"]
    return [what, f"{'for' if m.group(1) == 'inside' else 'within'} {months(when)}"]


def event_label(event: str) -> str:
    """An outlook event id in words on one line: "touch_84k_3m" -> "Open at or below $84k within 3 months"."""
    return " ".join(event_lines(event))


def _day_strings(df: pd.DataFrame, col: str = "time") -> pd.DataFrame:
    return df.assign(**{col: pd.to_datetime(df[col]).dt.strftime(T.DATE)})


def _fhs_layers(f: pd.DataFrame, x: alt.X, ysc: alt.Scale, day: alt.Tooltip, usd: dict) -> tuple[alt.Chart, alt.Chart, alt.Chart]:
    """The FHS fan: its 5-95% band, its 25-75% band and its median (USD, log scale)."""
    band90 = (
        alt.Chart(f)
        .mark_area(opacity=0.18, color=T.BLUE, clip=True)
        .encode(
            x,
            alt.Y("q05:Q", title="Price (USD, log scale)", scale=ysc),
            alt.Y2("q95:Q"),
            tooltip=[day, alt.Tooltip("q05:Q", title="FHS 5% (USD)", **usd), alt.Tooltip("q95:Q", title="FHS 95% (USD)", **usd)],
        )
    )
    band50 = (
        alt.Chart(f)
        .mark_area(opacity=0.3, color=T.BLUE, clip=True)
        .encode(
            x,
            alt.Y("q25:Q", scale=ysc),
            alt.Y2("q75:Q"),
            tooltip=[day, alt.Tooltip("q25:Q", title="FHS 25% (USD)", **usd), alt.Tooltip("q75:Q", title="FHS 75% (USD)", **usd)],
        )
    )
    median = (
        alt.Chart(f)
        .mark_line(color=T.BLUE, clip=True)
        .encode(x, alt.Y("q50:Q", scale=ysc), tooltip=[day, alt.Tooltip("q50:Q", title="FHS median (USD)", **usd)])
    )
    return band90, band50, median


def fan_chart(fan_fhs: pd.DataFrame, fan_rw: pd.DataFrame, prices: pd.Series, as_of: pd.Timestamp, ath: float, name: str = "outlook-fan") -> alt.LayerChart:
    """Quantiles of the FHS scenarios (``fan_fhs``: ``time``, ``q05``, ``q25``, ``q50``, ``q75``,
    ``q95`` in USD), the random walk's 5-95% range (``fan_rw``), the realised daily open from
    ``as_of`` (``prices``: USD, UTC index), and the levels $84k, $87k and the all-time high ``ath``."""
    for what, df, cols in (("FHS fan", fan_fhs, ("time", "q05", "q25", "q50", "q75", "q95")), ("random-walk fan", fan_rw, ("time", "q05", "q95"))):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"{what} lacks columns {missing}")
    f, r = _day_strings(fan_fhs), _day_strings(fan_rw)
    real = _day_strings(prices[prices.index >= as_of].rename("open").rename_axis("time").reset_index())
    x = alt.X("time:T", title="Date (UTC)")
    ysc = alt.Scale(type="log", domain=list(FAN_DOMAIN))
    day = alt.Tooltip("time:T", title="day (UTC)", format=T.DATE)
    usd = {"format": T.USD}
    band90, band50, median = _fhs_layers(f, x, ysc, day, usd)
    rw_long = r.melt(id_vars="time", value_vars=["q05", "q95"], var_name="quantile", value_name="price")
    rw_long["quantile"] = rw_long["quantile"].map({"q05": "5%", "q95": "95%"})
    rw = (
        alt.Chart(rw_long)
        .mark_line(color=T.MUTED, strokeDash=[4, 3], clip=True)
        .encode(
            x,
            alt.Y("price:Q", scale=ysc),
            detail="quantile:N",
            tooltip=[day, alt.Tooltip("quantile:N", title="random-walk quantile"), alt.Tooltip("price:Q", title="random walk (USD)", **usd)],
        )
    )
    path = (
        alt.Chart(real)
        .mark_line(color=T.RED, strokeWidth=1.8, clip=True)
        .encode(x, alt.Y("open:Q", scale=ysc), tooltip=[day, alt.Tooltip("open:Q", title="realised open (USD)", **usd)])
    )
    lv = pd.DataFrame({"level": [LOW, HIGH, ath], "label": ["$84k", "$87k", "all-time high"]})
    levels = (
        alt.Chart(lv)
        .mark_rule(color=T.FAINT, strokeDash=[2, 2], clip=True)
        .encode(alt.Y("level:Q", scale=ysc), tooltip=[alt.Tooltip("label:N", title="level"), alt.Tooltip("level:Q", title="price (USD)", **usd)])
    )
    return (band90 + band50 + median + rw + path + levels).properties(
        name=name,
        width=520,
        height=360,
        title=f"Scenarios from {as_of:%Y-%m-%d} and the realised Bitstamp open",
        description=(
            f"Fan chart of simulated Bitcoin prices (5-95% and 25-75% bands and median) for 12 months after {as_of:%Y-%m-%d}, "
            f"the random walk's 5-95% range dashed, and the realised daily open to {real['time'].iloc[-1]} laid over it."
        ),
    )


def probabilities_chart(probs: pd.DataFrame, name: str = "outlook-probabilities") -> alt.LayerChart:
    """Dots: the probability each model gave to each outlook event (``probs``: index event id, one
    column per model of :data:`flashcrash.scenarios.forecast.MODELS` as fractions, ``outcome`` 1/0 or
    missing); a cross at what happened."""
    missing = [c for c in (*MODELS, "outcome") if c not in probs.columns]
    if missing:
        raise ValueError(f"probability table lacks columns {missing}")
    long = probs[list(MODELS)].rename_axis("event").reset_index().melt(id_vars="event", var_name="model", value_name="probability")
    long["model"] = long["model"].map(T.label)
    outc = probs[["outcome"]].rename_axis("event").reset_index().dropna()
    outc["happened"] = outc["outcome"].map({1: "yes", 0: "no"})
    for df in (long, outc):  # the axis shows two short lines ("|" breaks them), the tooltip one
        df["axis"] = df["event"].map(lambda e: "|".join(event_lines(e)))
        df["event"] = df["event"].map(event_label)
    order = ["|".join(event_lines(e)) for e in probs.index]
    y = alt.Y("axis:N", sort=order, title=None, axis=alt.Axis(labelExpr="split(datum.value, '|')", labelLimit=0, labelLineHeight=12, labelPadding=6))
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=70)
        .encode(
            alt.X("probability:Q", title="Probability", scale=alt.Scale(domain=[0, 1], padding=10), axis=alt.Axis(format=T.PERCENT_AXIS)),
            y,
            alt.Color("model:N", title="Model", sort=[T.label(m) for m in MODELS], legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("event:N", title="event"),
                alt.Tooltip("model:N", title="model"),
                alt.Tooltip("probability:Q", title="probability", format=T.PERCENT),
            ],
        )
    )
    marks = (
        alt.Chart(outc)
        .mark_point(shape="cross", size=140, color=T.INK)
        .encode(alt.X("outcome:Q"), y, tooltip=[alt.Tooltip("event:N", title="event"), alt.Tooltip("happened:N", title="happened")])
    )
    return (dots + marks).properties(
        name=name,
        width=440,
        height=30 * len(order),
        title="Event probabilities by model; black cross = what happened (resolved events only)",
        description=f"Dot chart of the probability each model gave to {len(order)} events of the article's outlook, with the realised outcome of the {len(outc)} resolved ones marked.",
    )


def score_label(code: str) -> str:
    """A score code in words: "brier" -> "Brier score", "pinball_3m" -> "Pinball loss, 3 months"."""
    if code.startswith("pinball_"):
        return f"Pinball loss, {months(code.removeprefix('pinball_'))}"
    return T.label(code)


def scores_chart(scores: pd.DataFrame, name: str = "outlook-scores") -> alt.Chart:
    """Bars: each model's skill against the random walk (``scores``: index model, ``skill_<score>``
    columns as fractions; above zero: better than the random walk)."""
    cols = [c for c in scores.columns if c.startswith("skill_")]
    if not cols or "random_walk" not in scores.index:
        raise ValueError("score table needs skill_ columns and a random_walk row")
    sk = scores[cols].drop(index="random_walk").rename_axis("model").reset_index().melt(id_vars="model", var_name="score", value_name="skill")
    sk["score"] = sk["score"].str.removeprefix("skill_").map(score_label)
    sk["model"] = sk["model"].map(T.label)
    return (
        alt.Chart(sk)
        .mark_bar()
        .encode(
            alt.X("score:N", title="Score", sort=[score_label(c.removeprefix("skill_")) for c in cols], axis=alt.Axis(labelAngle=-30)),
            alt.Y("skill:Q", title="Skill vs random walk (below 0 = worse)", axis=alt.Axis(format=T.PERCENT_AXIS)),
            alt.Color("model:N", title="Model", legend=alt.Legend(orient="bottom")),
            xOffset="model:N",
            tooltip=[
                alt.Tooltip("model:N", title="model"),
                alt.Tooltip("score:N", title="score"),
                alt.Tooltip("skill:Q", title="skill", format=T.SIGNED_PERCENT),
            ],
        )
        .properties(
            name=name,
            width=400,
            height=260,
            title="Skill of the GARCH scenarios against the driftless random walk",
            description="Bar chart of the Brier and pinball skill of the FHS models relative to the random walk; a bar below zero means the random walk scored better.",
        )
    )
