"""Charts of the chapter "The liquidation waterfall": the observed hourly liquidations with the price,
the modelled liquidation map, the model against the observations, and the amplification of a drop."""

from __future__ import annotations

import altair as alt
import pandas as pd

from flashcrash.figures import theme as T
from flashcrash.figures.common import time_tip

SIDES = alt.Scale(domain=list(T.SIDE_COLOURS), range=list(T.SIDE_COLOURS.values()))


def _need(df: pd.DataFrame, cols: tuple[str, ...], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")


def hourly_observed_data(liquidations: pd.DataFrame) -> pd.DataFrame:
    """Long table of hourly liquidations (``liquidations``: UTC index, ``long_usd``, ``short_usd``):
    ``time``, ``side`` (long / short), ``usd`` and ``usd_m`` (million USD)."""
    _need(liquidations, ("long_usd", "short_usd"), "liquidations")
    wide = liquidations[["long_usd", "short_usd"]].rename(columns={"long_usd": "long", "short_usd": "short"}).rename_axis("time")
    out = wide.stack().rename("usd").reset_index()
    out.columns = ["time", "side", "usd"]
    out["usd_m"] = out["usd"] / 1e6
    return out


def hourly_observed_chart(liquidations: pd.DataFrame, price: pd.Series, name: str = "liq-hourly-observed") -> alt.LayerChart:
    """Stacked hourly bars of long and short liquidations (million USD) with the hourly close
    (``price``: USD, UTC index) as a line on its own axis."""
    long_df = hourly_observed_data(liquidations)
    bars = (
        alt.Chart(long_df)
        .mark_bar()
        .encode(
            x=alt.X("time:T", title="Time (UTC)", axis=alt.Axis(format=T.AXIS_TIME)),
            y=alt.Y("usd_m:Q", stack="zero", title="Liquidated (million USD)"),
            color=alt.Color("side:N", title="Side", scale=SIDES),
            tooltip=[
                time_tip(title="hour (UTC)"),
                alt.Tooltip("side:N", title="side"),
                alt.Tooltip("usd_m:Q", title="liquidated (million USD)", format=",.2f"),
            ],
        )
    )
    px = price.rename("price").rename_axis("time").reset_index()
    line = (
        alt.Chart(px)
        .mark_line(color=T.PRICE)
        .encode(
            x="time:T",
            y=alt.Y("price:Q", title="BTC perpetual close (USD)", scale=alt.Scale(zero=False)),
            tooltip=[time_tip(title="hour (UTC)"), alt.Tooltip("price:Q", title="close (USD)", format=T.USD)],
        )
    )
    first, last = long_df["time"].min(), long_df["time"].max()
    return (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(
            name=name,
            width=680,
            height=300,
            title="Hourly BTC liquidations on Binance, Bybit and OKX, long vs short, with the price",
            description=(
                f"Stacked hourly bars of long and short BTC liquidations in million USD from {first:%-d %B %H:%M} to {last:%-d %B %H:%M} UTC, "
                "with the hourly BTC perpetual close as a line."
            ),
        )
    )


def liquidation_map_chart(lmap: pd.DataFrame, open_price: float, bin_usd: float, within: float = 0.15, name: str = "liq-map-before") -> alt.LayerChart:
    """Modelled long and short notional (``lmap``: ``price``, ``side``, ``notional`` in USD per
    ``bin_usd`` bin) within ``within`` (fraction) of ``open_price`` (USD), with a rule at the open."""
    _need(lmap, ("price", "side", "notional"), "liquidation map")
    near = lmap[(lmap["price"] > open_price * (1 - within)) & (lmap["price"] < open_price * (1 + within))].assign(musd=lambda d: d["notional"] / 1e6)
    bars = (
        alt.Chart(near)
        .mark_bar()
        .encode(
            x=alt.X("price:Q", title="Liquidation price (USD)", scale=alt.Scale(zero=False)),
            y=alt.Y("musd:Q", title=f"Notional (million USD per ${bin_usd:,.0f} bin)"),
            color=alt.Color("side:N", title="Side", scale=SIDES),
            tooltip=[
                alt.Tooltip("price:Q", title="price bin (USD)", format=T.USD),
                alt.Tooltip("side:N", title="side"),
                alt.Tooltip("musd:Q", title="notional (million USD)", format=",.2f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"price": [open_price], "label": ["open"]}))
        .mark_rule(color=T.PRICE, strokeDash=[4, 3])
        .encode(x="price:Q", tooltip=[alt.Tooltip("label:N", title="marker"), alt.Tooltip("price:Q", title="open, 00:00 UTC (USD)", format=T.USD)])
    )
    return (bars + rule).properties(
        name=name,
        width=680,
        height=280,
        title="Model liquidation map at 00:00 UTC on 1 December 2025 (fitted book)",
        description=f"Bars of modelled long and short notional by liquidation price in ${bin_usd:,.0f} bins, with a dashed rule at the opening price ({open_price:,.0f} USD).",
    )


def model_vs_observed_data(hourly: pd.DataFrame, fitted_day: pd.Timestamp) -> pd.DataFrame:
    """Long table of observed and modelled hourly liquidations (``hourly``: UTC index, ``long_usd``,
    ``short_usd``, ``model_long``, ``model_short`` in USD): ``day`` ("2025-12-01 (fitted)" or
    "... (out of sample)"), ``hour``, ``time``, ``series`` and ``musd`` (million USD)."""
    _need(hourly, ("long_usd", "short_usd", "model_long", "model_short"), "hourly model table")
    hd = hourly.rename_axis("time").reset_index()
    days = hd["time"].dt.floor("1D")
    hd["day"] = days.dt.strftime(T.DATE) + (days == fitted_day).map({True: " (fitted)", False: " (out of sample)"})
    hd["observed"] = (hd["long_usd"] + hd["short_usd"]) / 1e6
    hd["model"] = (hd["model_long"] + hd["model_short"]) / 1e6
    hd["hour"] = hd["time"].dt.hour
    return hd.melt(id_vars=["day", "hour", "time"], value_vars=["observed", "model"], var_name="series", value_name="musd")


def model_vs_observed_chart(hourly: pd.DataFrame, fitted_day: pd.Timestamp, name: str = "liq-model-vs-observed") -> alt.FacetChart:
    """Small multiples, one per day of ``hourly`` (see :func:`model_vs_observed_data`), of observed and
    modelled hourly liquidations; ``fitted_day`` (UTC midnight) is the day the model was fitted on."""
    hd = model_vs_observed_data(hourly, fitted_day)
    order = list(dict.fromkeys(hd["day"]))
    mv = (
        alt.Chart(hd)
        .mark_line(point=True)
        .encode(
            x=alt.X("hour:O", title="Hour of the day (UTC)", axis=alt.Axis(values=list(range(0, 24, 6)), labelAngle=0)),
            y=alt.Y("musd:Q", title="Liquidated (million USD)"),
            color=alt.Color("series:N", title="Series", scale=alt.Scale(domain=["observed", "model"], range=[T.OBSERVED, T.MODEL])),
            tooltip=[
                alt.Tooltip("day:N", title="day"),
                time_tip(title="hour (UTC)"),
                alt.Tooltip("series:N", title="series"),
                alt.Tooltip("musd:Q", title="liquidated (million USD)", format=",.2f"),
            ],
        )
        .properties(width=210, height=150)
        .facet(facet=alt.Facet("day:N", title="Day (UTC)", sort=order), columns=3)
    )
    return mv.properties(
        name=name,
        title="Modelled vs observed hourly BTC liquidations (Binance + Bybit + OKX)",
        description="Small multiples, one per day, of observed and modelled hourly liquidations in million USD; the first day is the fit, the others use the same parameters without refitting.",
    )


def amplification_band(curves: pd.DataFrame, central: pd.DataFrame, lo: float = 0.05, hi: float = 0.95) -> pd.DataFrame:
    """Per shock (fraction): the ``lo`` and ``hi`` quantiles of the amplification across bootstrap
    ``curves`` (``shock``, ``amplification``, one curve per draw), the ``central`` fit's amplification,
    and ``shock_pct`` (percent)."""
    _need(curves, ("shock", "amplification"), "bootstrap curves")
    _need(central, ("shock", "amplification"), "central curve")
    q = curves.groupby("shock")["amplification"].quantile([lo, hi]).unstack()
    band = q.set_axis(["lo", "hi"], axis=1).reset_index().merge(central[["shock", "amplification"]], on="shock")
    band["shock_pct"] = band["shock"] * 100
    return band


def amplification_chart(curves: pd.DataFrame, central: pd.DataFrame, name: str = "liq-amplification-band") -> alt.LayerChart:
    """Amplification (total move / exogenous move) of a drop from the open, against its size: the
    fitted curve and the 5-95% band across bootstrap fits (see :func:`amplification_band`)."""
    bd = amplification_band(curves, central)
    shock = alt.Tooltip("shock_pct:Q", title="exogenous drop (%)", format=".1f")
    area = (
        alt.Chart(bd)
        .mark_area(opacity=0.3, color=T.MODEL)
        .encode(
            x=alt.X("shock_pct:Q", title="Exogenous drop from the open (%)"),
            y=alt.Y("lo:Q", title="Amplification (total move / exogenous move)", scale=alt.Scale(zero=False)),
            y2="hi:Q",
            tooltip=[shock, alt.Tooltip("lo:Q", title="5% of fits", format=".3f"), alt.Tooltip("hi:Q", title="95% of fits", format=".3f")],
        )
    )
    line = (
        alt.Chart(bd)
        .mark_line(color=T.MODEL)
        .encode(x="shock_pct:Q", y="amplification:Q", tooltip=[shock, alt.Tooltip("amplification:Q", title="fitted", format=".3f")])
    )
    return (area + line).properties(
        name=name,
        width=680,
        height=260,
        title="Amplification of a one-bar drop (fitted book, 5-95% bootstrap band)",
        description="Line of the amplification factor against the size of an exogenous drop from the 1 December open, with a shaded 5 to 95 percent band across bootstrap parameter sets.",
    )
