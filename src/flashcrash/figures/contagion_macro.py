"""Charts of the chapter "Contagion, leverage and the macro backdrop": the fall of each perpetual, the
lead-lag with BTC, rolling correlations, the perpetual-spot basis, funding, the rates and markets
around the crash (FRED), and earlier crashes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.figures import theme as T
from flashcrash.figures.common import event_rule, time_tip, wrap_words
from flashcrash.macro import BASELINE_FUNDING, PANEL

#: Windows of the drawdown chart and measures of the crash comparison, in words.
WINDOWS = {"drawdown": "whole day", "break_drawdown": "first hour (break)"}
CRASH_MEASURES = {"depth": "depth from 7-day high", "worst_1h": "largest 1-hour fall", "worst_24h": "largest 24-hour fall"}
#: Characters per line of a macro panel's y-axis title.
PANEL_TITLE_CHARS = 19


def _need(df: pd.DataFrame, cols: tuple[str, ...], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")


def drawdowns_chart(drawdowns: pd.DataFrame, name: str = "cm-drawdowns") -> alt.Chart:
    """Grouped bars: each perpetual's fall (percent) from the prior close to the day's low and in the
    hour $87k broke (``drawdowns``: index symbol, ``drawdown``, ``break_drawdown`` as fractions, ``low_time``)."""
    _need(drawdowns, ("drawdown", "break_drawdown", "low_time"), "drawdown table")
    bars = (
        drawdowns.rename_axis("symbol")
        .reset_index()[["symbol", *WINDOWS, "low_time"]]
        .melt(id_vars=["symbol", "low_time"], var_name="window", value_name="fall")
    )
    bars["window"] = bars["window"].map(WINDOWS)
    bars["drawdown_pct"] = bars["fall"] * 100
    bars["low_time"] = bars["low_time"].dt.strftime(T.TIME + " UTC")
    day = drawdowns["low_time"].min()
    return (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("symbol:N", sort=list(drawdowns.sort_values("drawdown").index), title="Perpetual (USDT-margined)"),
            xOffset=alt.XOffset("window:N", sort=list(WINDOWS.values())),
            y=alt.Y("drawdown_pct:Q", title="Drawdown from prior close (%)"),
            color=alt.Color("window:N", title="Window", sort=list(WINDOWS.values())),
            tooltip=[
                alt.Tooltip("symbol:N", title="perpetual"),
                alt.Tooltip("window:N", title="window"),
                alt.Tooltip("drawdown_pct:Q", format=".2f", title="drawdown (%)"),
                alt.Tooltip("low_time:N", title="day's low at"),
            ],
        )
        .properties(
            name=name,
            width=620,
            height=280,
            title=f"Drawdown from the prior close, {day:%-d %B %Y}",
            description=(
                f"Bar chart: the fall of each of {len(drawdowns)} Binance perpetuals from the prior close to the day's low, "
                f"from {-drawdowns['drawdown'].max():.0%} to {-drawdowns['drawdown'].min():.0%}, and in the hour $87k broke."
            ),
        )
    )


def lead_lag_chart(lead_lag: pd.DataFrame, name: str = "cm-lead-lag") -> alt.Chart:
    """Cross-correlation of each coin's 5-minute returns with BTC's at lags (``lead_lag``: ``symbol``,
    ``lag_minutes``, ``corr``)."""
    _need(lead_lag, ("symbol", "lag_minutes", "corr"), "lead-lag table")
    return (
        alt.Chart(lead_lag)
        .mark_line(point=True)
        .encode(
            x=alt.X("lag_minutes:Q", title="Lag k (minutes; positive = BTC moves first)"),
            y=alt.Y("corr:Q", title="Correlation of 5-minute returns with BTC"),
            color=alt.Color("symbol:N", title="Coin"),
            tooltip=[
                alt.Tooltip("symbol:N", title="coin"),
                alt.Tooltip("lag_minutes:Q", title="lag (minutes)"),
                alt.Tooltip("corr:Q", format=".3f", title="correlation"),
            ],
        )
        .properties(
            name=name,
            width=620,
            height=260,
            title="Lead-lag: cross-correlation with BTC on the crash day",
            description=f"Line chart: the correlation of each of {lead_lag['symbol'].nunique()} altcoins' 5-minute returns with BTC's, k minutes earlier or later.",
        )
    )


def rolling_correlation_chart(rolling: pd.DataFrame, day: pd.Timestamp, name: str = "cm-rolling-corr") -> alt.LayerChart:
    """Trailing one-day correlation of 15-minute returns with BTC (``rolling``: ``time``, ``symbol``,
    ``corr``), with the crash ``day`` marked."""
    _need(rolling, ("time", "symbol", "corr"), "rolling correlation table")
    line = (
        alt.Chart(rolling)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("time:T", title="Time (UTC)"),
            y=alt.Y("corr:Q", title="Trailing 1-day correlation with BTC (15-min returns)", scale=alt.Scale(zero=False)),
            color=alt.Color("symbol:N", title="Coin"),
            tooltip=[time_tip(title="hour (UTC)"), alt.Tooltip("symbol:N", title="coin"), alt.Tooltip("corr:Q", format=".3f", title="correlation")],
        )
    )
    first, last = rolling["time"].min(), rolling["time"].max()
    return (line + event_rule(day)).properties(
        name=name,
        width=620,
        height=260,
        title=f"Rolling one-day correlation with BTC, {first:%B} to {last:%B %Y}",
        description=f"Line chart: trailing one-day correlations of {', '.join(rolling['symbol'].unique())} with BTC; the dashed line marks the crash day.",
    )


def basis_chart(basis: pd.DataFrame, day: pd.Timestamp, days_before: int = 10, name: str = "cm-basis") -> alt.LayerChart:
    """Hourly perpetual-minus-spot basis in basis points (``basis``: ``time``, ``symbol``, ``basis`` as
    a fraction of spot, ``perp``, ``spot`` in USD) from ``days_before`` days before the crash ``day``."""
    _need(basis, ("time", "symbol", "basis", "perp", "spot"), "basis table")
    b = basis[basis["time"] >= day - pd.Timedelta(days=days_before)].assign(basis_bp=lambda t: t["basis"] * 1e4)[["time", "symbol", "basis_bp", "perp", "spot"]]
    line = (
        alt.Chart(b)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("time:T", title="Time (UTC)"),
            y=alt.Y("basis_bp:Q", title="Perp minus spot (basis points of spot)"),
            color=alt.Color("symbol:N", title="Coin"),
            tooltip=[
                time_tip(title="hour (UTC)"),
                alt.Tooltip("symbol:N", title="coin"),
                alt.Tooltip("basis_bp:Q", format=T.BP, title="basis (bp)"),
                alt.Tooltip("perp:Q", format=",.4g", title="perpetual (USD)"),
                alt.Tooltip("spot:Q", format=",.4g", title="spot (USD)"),
            ],
        )
    )
    first, last = b["time"].min(), b["time"].max()
    return (line + event_rule(day)).properties(
        name=name,
        width=620,
        height=240,
        title=f"Binance perpetual vs spot basis, hourly, {first:%-d %B} to {last:%-d %B %Y}",
        description=f"Line chart: the hourly basis of the {', '.join(b['symbol'].unique())} perpetuals against spot, in basis points, with the crash day marked.",
    )


def funding_chart(funding: pd.DataFrame, day: pd.Timestamp, baseline_8h: float = BASELINE_FUNDING, every: int = 3, name: str = "cm-funding") -> alt.LayerChart:
    """30-day mean funding, annualised (``funding``: ``time``, ``symbol``, ``annualised_30d`` as a
    fraction a year; every ``every``-th day drawn), with the exchange's default rate (``baseline_8h``,
    a fraction per 8 hours) and the crash ``day``."""
    _need(funding, ("time", "symbol", "annualised_30d"), "funding table")
    fh = funding.dropna(subset=["annualised_30d"])
    fh = fh[fh.groupby("symbol").cumcount() % every == 0]
    fh = fh.assign(annualised_30d_pct=fh["annualised_30d"] * 100)[["time", "symbol", "annualised_30d_pct"]]
    line = (
        alt.Chart(fh)
        .mark_line(strokeWidth=1)
        .encode(
            x=alt.X("time:T", title="Time (UTC)"),
            y=alt.Y("annualised_30d_pct:Q", title="Funding, 30-day mean (% a year)"),
            color=alt.Color("symbol:N", title="Perpetual"),
            tooltip=[
                time_tip(title="day (UTC)", fmt=T.DATE),
                alt.Tooltip("symbol:N", title="perpetual"),
                alt.Tooltip("annualised_30d_pct:Q", format=".1f", title="funding (% a year)"),
            ],
        )
    )
    base = pd.DataFrame({"y": [baseline_8h * 3 * 365 * 100], "label": [f"Binance default {baseline_8h:.2%} / 8 h"]})
    base_rule = (
        alt.Chart(base)
        .mark_rule(color=T.FAINT)
        .encode(y="y:Q", tooltip=[alt.Tooltip("label:N", title="marker"), alt.Tooltip("y:Q", format=".2f", title="% a year")])
    )
    first = fh["time"].min()
    return (line + base_rule + event_rule(day)).properties(
        name=name,
        width=620,
        height=260,
        title=f"Binance {' and '.join(fh['symbol'].unique())} funding since {first:%Y} (30-day mean, annualised)",
        description="Line chart: the 30-day mean funding rate of the perpetuals in percent a year, with the exchange's default rate and the crash day (dashed line).",
    )


def macro_markers(decisions: pd.DataFrame, day: pd.Timestamp, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """Dates marked on the macro panels: the crash ``day`` and every FOMC cut announced between
    ``first`` and ``last`` (``decisions``: ``announced``, ``change_bp``)."""
    _need(decisions, ("announced", "change_bp"), "Fed decisions")
    cuts = decisions[(decisions["announced"] >= first) & (decisions["announced"] <= last) & (decisions["change_bp"] < 0)]
    rows = [{"time": day, "label": f"crash day ({day:%Y-%m-%d})"}]
    rows += [{"time": t, "label": f"FOMC cut {int(-c)} bp ({t:%Y-%m-%d})"} for t, c in zip(cuts["announced"], cuts["change_bp"], strict=True)]
    return pd.DataFrame(rows)


def macro_chart(panel: pd.DataFrame, decisions: pd.DataFrame, day: pd.Timestamp, name: str = "cm-macro") -> alt.VConcatChart:
    """Stacked daily FRED series around the crash (``panel``: :func:`flashcrash.macro.macro_panel`,
    long table ``time, series, value``), one panel per series of :data:`flashcrash.macro.PANEL`, on one
    shared time axis, with the crash ``day`` and the FOMC cuts of ``decisions`` marked."""
    _need(panel, ("time", "series", "value"), "macro panel")
    unknown = set(panel["series"]) - set(PANEL)
    if unknown:
        raise ValueError(f"series {sorted(unknown)} are not in flashcrash.macro.PANEL")
    first, last = panel["time"].min(), panel["time"].max()
    x_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    markers = macro_markers(decisions, day, first, last)
    marks = (
        alt.Chart(markers)
        .mark_rule(strokeDash=[4, 3])
        .encode(
            x=alt.X("time:T", scale=x_scale),
            color=alt.Color("label:N", title="Marker", scale=alt.Scale(domain=list(markers["label"]), range=[T.EVENT, *T.CATEGORY[1:]][: len(markers)])),
            tooltip=[alt.Tooltip("label:N", title="marker"), time_tip(title="day (UTC)", fmt=T.DATE)],
        )
    )
    series = [s for s in PANEL if s in set(panel["series"])]
    rows = []
    for sid in series:
        words = T.label(sid)
        bottom = sid == series[-1]
        line = (
            alt.Chart(panel[panel["series"] == sid].assign(name=words))
            .mark_line(point=alt.OverlayMarkDef(size=12), color=T.PRICE)
            .encode(
                x=alt.X(
                    "time:T", scale=x_scale, title="Date (UTC)" if bottom else None, axis=alt.Axis(format="%d %b %Y") if bottom else alt.Axis(labels=False)
                ),
                y=alt.Y(
                    "value:Q",
                    title=wrap_words(words, PANEL_TITLE_CHARS),
                    scale=alt.Scale(zero=False),
                    axis=alt.Axis(minExtent=T.Y_AXIS_EXTENT, maxExtent=T.Y_AXIS_EXTENT),
                ),
                tooltip=[time_tip(title="day (UTC)", fmt=T.DATE), alt.Tooltip("name:N", title="series"), alt.Tooltip("value:Q", format=".2f", title="close")],
            )
        )
        rows.append((line + marks).properties(width=600, height=110))
    return (
        alt.vconcat(*rows, spacing=8)
        .resolve_scale(x="shared")
        .properties(
            name=name,
            title="Rates, yields, VIX and the dollar around the crash (FRED, daily)",
            description=(
                f"{len(series)} stacked line charts on one time axis from {first:%-d %B %Y} to {last:%-d %B %Y}: "
                + ", ".join(T.label(s) for s in series)
                + "; dashed lines mark the crash day and the FOMC cuts."
            ),
        )
    )


def crashes_chart(crashes: pd.DataFrame, name: str = "cm-crashes") -> alt.Chart:
    """Grouped bars: each crash's depth from the prior 7-day high and its worst 1-hour and 24-hour
    falls (``crashes``: index crash name, ``depth``, ``worst_1h``, ``worst_24h`` as negative fractions)."""
    _need(crashes, tuple(CRASH_MEASURES), "crash table")
    cl = crashes.rename_axis("crash").reset_index()[["crash", *CRASH_MEASURES]].melt(id_vars="crash", var_name="measure", value_name="fall")
    cl["fall_pct"] = -cl["fall"] * 100
    cl["measure"] = cl["measure"].map(CRASH_MEASURES)
    return (
        alt.Chart(cl)
        .mark_bar()
        .encode(
            y=alt.Y("crash:N", title="Crash", sort=list(crashes.index)),
            yOffset=alt.YOffset("measure:N", sort=list(CRASH_MEASURES.values())),
            x=alt.X("fall_pct:Q", title="Fall (% of the earlier price)"),
            color=alt.Color("measure:N", title="Measure", sort=list(CRASH_MEASURES.values())),
            tooltip=[
                alt.Tooltip("crash:N", title="crash"),
                alt.Tooltip("measure:N", title="measure"),
                alt.Tooltip("fall_pct:Q", format=".1f", title="fall (%)"),
            ],
        )
        .properties(
            name=name,
            width=560,
            height=60 * len(crashes),
            title="BTC crashes compared: depth and speed (Binance BTCUSDT perpetual, hourly)",
            description=f"Grouped bar chart of the depth and the worst 1-hour and 24-hour falls of {len(crashes)} BTC crashes: "
            + ", ".join(crashes.index)
            + ".",
        )
    )
