"""Charts of the crash atlas chapter: where the December 2025 crash stands among every crash the rule
finds (depth, speed, liquidations, long share), the cascade model's out-of-sample record, and the
2022 comparison. Each builder takes the atlas table (:func:`flashcrash.atlas.atlas`) and returns a
titled altair chart with units on its axes and tooltips."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.crashes import THIS_EVENT
from flashcrash.figures import theme as T

#: How events are marked: the crash under test, the other catalogued crashes, the rest.
THIS, NAMED, OTHER = "this crash (Dec 2025)", "other named crash", "other crash"
COLOURS = alt.Scale(domain=[THIS, NAMED, OTHER], range=[T.RED, T.BLUE, T.FAINT])
WIDTH = 560


def marked(events: pd.DataFrame, this_label: str = THIS_EVENT) -> pd.DataFrame:
    """The events with display columns: ``kind`` (:data:`THIS`/:data:`NAMED`/:data:`OTHER`),
    ``drawdown_pct``, ``worst_1h_pct``, ``long_share_pct`` (percent), ``liquidations_musd``
    (million USD), ``when`` (date of the start, text) and ``name`` (label or date)."""
    d = events.copy()
    d["kind"] = [THIS if lab == this_label else (NAMED if lab else OTHER) for lab in d["label"]]
    d["drawdown_pct"] = d["drawdown"] * 100
    d["worst_1h_pct"] = d["worst_1h"] * 100
    d["long_share_pct"] = pd.to_numeric(d["long_share"], errors="coerce") * 100
    d["liquidations_musd"] = pd.to_numeric(d["liquidations_usd"], errors="coerce") / 1e6
    d["when"] = d["start"].dt.strftime("%Y-%m-%d %H:%M UTC")
    d["name"] = [lab if lab else f"{t:%Y-%m-%d}" for lab, t in zip(d["label"], d["start"], strict=True)]
    d["order"] = d["kind"].map({OTHER: 0, NAMED: 1, THIS: 2})
    return d.sort_values("order", kind="stable")


def encoded_fields(chart: alt.Chart) -> list[str]:
    """The columns ``chart``'s encoding reads (position, size, colour, order, tooltips...), each once,
    in the order they first appear."""

    def walk(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["field"]] if isinstance(node.get("field"), str) else []
            return own + [f for v in node.values() for f in walk(v)]
        if isinstance(node, list):
            return [f for v in node for f in walk(v)]
        return []

    return list(dict.fromkeys(walk(chart.encoding.to_dict(validate=False))))


def drawn(chart: alt.Chart) -> alt.Chart:
    """``chart`` with its data cut to the columns its encoding reads. The atlas table has about 55
    columns; the chart, its page, its CSV and its spec carry only what is drawn or shown in a
    tooltip (the whole table is ``python -m flashcrash atlas --json``)."""
    d, fields = chart.data, encoded_fields(chart)
    missing = [f for f in fields if f not in d.columns]
    if missing:
        raise KeyError(f"chart {chart.name!r} encodes {missing}, which its data lack")
    return chart.properties(data=d[[c for c in d.columns if c in fields]])


def _log_domain(pct: pd.Series) -> list[float]:
    """A log-axis domain (percent) that starts just under the rule's threshold and ends above the deepest fall."""
    return [4.0, float(max(10.0, pct.max() * 1.25))]


def _tooltip() -> list:
    return [
        alt.Tooltip("name:N", title="crash"),
        alt.Tooltip("when:N", title="start"),
        alt.Tooltip("drawdown_pct:Q", format=T.PCT_POINTS, title="fall, peak to trough (%)"),
        alt.Tooltip("fall_hours:Q", format=".1f", title="hours from high to low"),
        alt.Tooltip("worst_1h_pct:Q", format=T.PCT_POINTS, title="worst fall within 1 h (%)"),
        alt.Tooltip("session:N", title="session of the break"),
    ]


def _colour(title: str = "Crash") -> alt.Color:
    return alt.Color("kind:N", scale=COLOURS, title=title, legend=alt.Legend(orient="bottom"))


def timeline_chart(events: pd.DataFrame, market: str = "btc-spot-1h", name: str = "atlas-timeline") -> alt.Chart:
    """Every crash of ``market`` over time: depth (percent) against the start date."""
    d = marked(events[events["market"] == market])
    first, last = d["start"].min(), d["start"].max()
    return drawn(
        alt.Chart(d)
        .mark_circle(opacity=0.8)
        .encode(
            # one tick a year, labelled by its year: left to itself, vega ticked the months of a wide chart ("April")
            x=alt.X("start:T", title="Start of the crash (UTC)", axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})),
            y=alt.Y("drawdown_pct:Q", title="Fall, peak to trough (%, log scale)", scale=alt.Scale(type="log", domain=_log_domain(d["drawdown_pct"]))),
            size=alt.Size("kind:N", scale=alt.Scale(domain=[THIS, NAMED, OTHER], range=[140, 90, 20]), legend=None),
            color=_colour(),
            order=alt.Order("order:Q"),
            tooltip=_tooltip(),
        )
        .properties(
            name=name,
            width=WIDTH,
            height=280,
            title=f"Every BTC crash by the rule, {first:%Y}-{last:%Y} (Binance spot, hourly bars)",
            description=f"Scatter of the depth of each of the {len(d)} crashes found by the rule on Binance BTC spot hourly bars from {first:%Y} to {last:%Y}; the December 2025 crash and the other named crashes are marked.",
        )
    )


def depth_speed_chart(events: pd.DataFrame, market: str = "btc-perp-15m", name: str = "atlas-depth-speed") -> alt.Chart:
    """Depth (percent) against the hours from the high to the low, for each crash of ``market``."""
    d = marked(events[events["market"] == market])
    d = d.assign(fall_hours_plot=d["fall_hours"].clip(lower=0.25))
    return drawn(
        alt.Chart(d)
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X("fall_hours_plot:Q", title="Hours from the high to the low (log scale)", scale=alt.Scale(type="log")),
            y=alt.Y("drawdown_pct:Q", title="Fall, peak to trough (%)"),
            size=alt.Size("worst_1h_pct:Q", title="Worst 1-h fall (%)", legend=alt.Legend(orient="bottom")),
            color=_colour(),
            order=alt.Order("order:Q"),
            tooltip=_tooltip(),
        )
        .properties(
            name=name,
            width=WIDTH,
            height=300,
            title="Depth and speed of every BTC crash since 2024 (perpetual, 15-minute bars)",
            description="Scatter of the depth of each crash against the hours it took from high to low, dot size the worst fall within one hour; the December 2025 crash sits among the ordinary ones.",
        )
    )


def liquidations_chart(events: pd.DataFrame, market: str = "btc-perp-15m", name: str = "atlas-liquidations") -> alt.Chart:
    """Liquidations (million USD, log scale) against the long share (percent) for the crashes the
    CoinGlass file covers; dot size the depth."""
    d = marked(events[(events["market"] == market) & events["liquidations_usd"].notna()])
    return drawn(
        alt.Chart(d)
        .mark_circle(opacity=0.85)
        .encode(
            x=alt.X("long_share_pct:Q", title="Long share of liquidations (%)", scale=alt.Scale(zero=False)),
            y=alt.Y("liquidations_musd:Q", title="BTC liquidations in the crash (million USD, log)", scale=alt.Scale(type="log")),
            size=alt.Size("drawdown_pct:Q", title="Fall (%)", legend=alt.Legend(orient="bottom")),
            color=_colour(),
            order=alt.Order("order:Q"),
            tooltip=[
                *_tooltip(),
                alt.Tooltip("liquidations_musd:Q", format=",.0f", title="liquidations (million USD)"),
                alt.Tooltip("long_share_pct:Q", format=".0f", title="long share (%)"),
            ],
        )
        .properties(
            name=name,
            width=WIDTH,
            height=300,
            title="Liquidations and long share, crashes from Nov 2025 (CoinGlass, 3 exchanges)",
            description=f"Scatter of BTC liquidations on Binance, Bybit and OKX during each of the {len(d)} crashes the CoinGlass hourly file covers, against the share of longs among them.",
        )
    )


def fit_chart(events: pd.DataFrame, market: str = "btc-perp-15m", name: str = "atlas-cascade-fit") -> alt.Chart:
    """The cascade model's record: hourly correlation against the weighted absolute error, one dot
    per crash the data cover (in-sample window marked)."""
    d = marked(events[(events["market"] == market) & events["fit_error"].notna()])
    d = d.assign(
        sample=["calibration day inside" if s else "out of sample" for s in d["in_sample"]],
        fit_correlation=pd.to_numeric(d["fit_correlation"], errors="coerce"),
    )
    return drawn(
        alt.Chart(d)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("fit_correlation:Q", title="Hourly correlation, model vs observed", scale=alt.Scale(domain=[-0.2, 1])),
            y=alt.Y("fit_error:Q", title="Weighted absolute error (1 = as bad as zero)", scale=alt.Scale(zero=True)),
            shape=alt.Shape("sample:N", title="Window", legend=alt.Legend(orient="bottom")),
            color=_colour(),
            tooltip=[
                *_tooltip(),
                alt.Tooltip("fit_correlation:Q", format=T.CORRELATION, title="correlation"),
                alt.Tooltip("fit_error:Q", format=".2f", title="weighted abs. error"),
                alt.Tooltip("model_total_error:Q", format="+.0%", title="total: model / observed - 1"),
                alt.Tooltip("fit_hours:Q", title="hours"),
            ],
        )
        .properties(
            name=name,
            width=WIDTH,
            height=300,
            title="The cascade model fitted on 1 Dec 2025, on every other crash",
            description=f"Scatter of the hourly correlation and weighted absolute error of the cascade model, fitted once on 1 December 2025 and not refitted, over {len(d)} crashes covered by the liquidation data.",
        )
    )


def like_2022_chart(events: pd.DataFrame, market: str = "btc-spot-1h", name: str = "atlas-like-2022") -> alt.Chart:
    """The depth of every 2022 crash (the same rule) against the December 2025 crash."""
    d = marked(events[(events["market"] == market) & ((events["start"].dt.year == 2022) | (events["label"] == THIS_EVENT))])
    d = d.assign(year=d["start"].dt.year.astype(str))
    return drawn(
        alt.Chart(d)
        .mark_tick(thickness=2, size=28)
        .encode(
            x=alt.X("drawdown_pct:Q", title="Fall, peak to trough (%, log scale)", scale=alt.Scale(type="log", domain=_log_domain(d["drawdown_pct"]))),
            y=alt.Y("year:N", title="Year of the crash"),
            color=_colour(),
            order=alt.Order("order:Q"),
            tooltip=_tooltip(),
        )
        .properties(
            name=name,
            width=WIDTH,
            height=120,
            title="December 2025 against every 2022 crash (same rule, BTC spot)",
            description="Tick plot of the depth of each 2022 crash found by the rule on Binance BTC spot hourly bars, with Terra/LUNA and FTX marked, and the December 2025 crash below them.",
        )
    )
