"""Charts of the chapter "The support breaks": the bounce rate at the article's levels against random
levels, the volume profile before the crash, the crossings of $87k and $84k with the trading sessions,
and the touches of both levels after the crash."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.figures import theme as T
from flashcrash.figures.common import level_rules, time_tip
from flashcrash.sessions import SESSIONS, session_bounds_utc

#: Bar sizes in words.
BARS = {"5min": "5-minute bars", "15min": "15-minute bars", "1h": "hourly bars", "4h": "4-hour bars"}
#: How a level is named on the charts.
LEVEL_NAMES = {LEVEL_BREAK: "$87k", LEVEL_LOW: "$84k"}


def _need(df: pd.DataFrame, cols: tuple[str, ...], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")


def panel_label(test: str, bars: str) -> str:
    """A test in words: ("87k support before", "15min") -> "$87k support before, 15-minute bars"."""
    return f"${test}, {BARS.get(bars, bars)}"


def null_histograms(draws: Mapping[tuple[str, str], pd.Series], tests: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Histogram of the bounce rate at random levels for each (test, bars) of ``draws`` (rates as
    fractions, NaN where a level was never touched), with the rate and p-value at the article's level
    from ``tests`` (:func:`flashcrash.levels.level_tests`). One row per bin: ``test`` (in words),
    ``rate_lo``, ``rate_hi``, ``levels`` (count), ``share`` (fraction of touched levels), ``observed``, ``p``."""
    _need(tests, ("test", "bars", "rate", "p_levels"), "level tests")
    edges = np.linspace(0, 1, bins + 1)
    frames = []
    for (test, bars), rates in draws.items():
        r = pd.Series(rates, dtype=float).dropna()
        obs = tests[(tests["test"] == test) & (tests["bars"] == bars)]
        if obs.empty or r.empty:
            raise ValueError(f"no observed rate or no random-level rates for {test!r} ({bars})")
        counts, _ = np.histogram(r, bins=edges)
        frames.append(
            pd.DataFrame(
                {
                    "test": panel_label(test, bars),
                    "rate_lo": edges[:-1],
                    "rate_hi": edges[1:],
                    "levels": counts.astype(int),
                    "share": counts / len(r),
                    "observed": float(obs["rate"].iloc[0]),
                    "p": float(obs["p_levels"].iloc[0]),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def null_chart(draws: Mapping[tuple[str, str], pd.Series], tests: pd.DataFrame, name: str = "levels-null") -> alt.FacetChart:
    """Small multiples: the distribution of the bounce rate at random levels (grey) and the rate at the
    article's level (red line), one panel per test of ``draws`` (see :func:`null_histograms`)."""
    hist = null_histograms(draws, tests)
    bars = (
        alt.Chart()
        .mark_bar(color=T.GREY)
        .encode(
            x=alt.X(
                "rate_lo:Q", bin="binned", title="Bounce (rejection) rate at the level", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=T.PERCENT_AXIS)
            ),
            x2="rate_hi:Q",
            y=alt.Y("share:Q", title="Share of random levels", axis=alt.Axis(format=T.PERCENT_AXIS)),
            tooltip=[
                alt.Tooltip("rate_lo:Q", title="rate from", format=T.PERCENT_AXIS),
                alt.Tooltip("rate_hi:Q", title="rate to", format=T.PERCENT_AXIS),
                alt.Tooltip("levels:Q", title="random levels"),
                alt.Tooltip("share:Q", title="share of random levels", format=T.PERCENT),
            ],
        )
    )
    rule = (
        alt.Chart()
        .mark_rule(color=T.LEVEL, strokeWidth=3)
        .encode(
            x="observed:Q",
            tooltip=[
                alt.Tooltip("test:N", title="test"),
                alt.Tooltip("observed:Q", title="rate at the article's level", format=T.PERCENT),
                alt.Tooltip("p:Q", title="p (random levels)", format=T.RATE),
            ],
        )
    )
    return (
        alt.layer(bars, rule, data=hist)
        .properties(width=260, height=150)
        .facet(facet=alt.Facet("test:N", title=None, sort=list(dict.fromkeys(hist["test"]))), columns=2)
        .properties(
            name=name,
            title="Bounce rate at the article's levels (red) against 1,000 random levels",
            description="Four histograms of the bounce or rejection rate at random price levels, with a red line at the rate of $87k or $84k; the red lines sit inside the histograms, not in their right tails.",
        )
    )


def volume_profile_chart(hourly: pd.DataFrame, profile: pd.DataFrame, bin_usd: float, name: str = "levels-volume-profile") -> alt.HConcatChart:
    """Left, the hourly closes (``hourly``: UTC index, ``close`` in USD) before the crash with the
    article's levels; right, the volume traded (BTC) in each price bin of ``profile`` (``lo``, ``hi``
    in USD, ``volume``, ``share``), ``bin_usd`` wide, on the same price scale."""
    _need(hourly, ("close",), "hourly bars")
    _need(profile, ("lo", "hi", "volume", "share"), "volume profile")
    pre = hourly.rename_axis("time").reset_index()
    first, last = pre["time"].iloc[0], pre["time"].iloc[-1]
    days = round((last - first) / pd.Timedelta("1D"))
    price = alt.Scale(zero=False, domain=[float(profile["lo"].min()), float(profile["hi"].max())])
    path = (
        alt.Chart(pre)
        .mark_line(color=T.PRICE, strokeWidth=1)
        .encode(
            x=alt.X("time:T", title="Time (UTC)"),
            y=alt.Y("close:Q", title="Price (USD)", scale=price),
            tooltip=[time_tip(title="hour (UTC)"), alt.Tooltip("close:Q", format=T.USD, title="close (USD)")],
        )
    )
    left = (path + level_rules(scale=price)).properties(width=520, height=320, title=f"Hourly closes, the {days} days before the crash")
    vol = (
        alt.Chart(profile)
        .mark_bar(color=T.GREY, orient="horizontal")
        .encode(
            y=alt.Y("lo:Q", title=None, scale=price, axis=alt.Axis(labels=False)),
            y2="hi:Q",
            x=alt.X("volume:Q", title="Volume (BTC)"),
            tooltip=[
                alt.Tooltip("lo:Q", format=T.USD, title="from (USD)"),
                alt.Tooltip("hi:Q", format=T.USD, title="to (USD)"),
                alt.Tooltip("volume:Q", format=T.USD, title="volume (BTC)"),
                alt.Tooltip("share:Q", format=".2%", title="share of the volume"),
            ],
        )
    )
    busiest = profile.loc[profile["volume"].idxmax()]
    right = (vol + level_rules(scale=price)).properties(width=180, height=320, title=f"Volume at price (${bin_usd:,.0f} bins)")
    return alt.hconcat(left, right).properties(
        name=name,
        title=f"BTC perpetual, {first:%-d %B} to {last:%-d %B %Y}: price path and volume profile",
        description=(
            f"Left, hourly BTC closes over the {days} days before the crash with dashed lines at $87,000 and $84,000; "
            f"right, volume traded in each ${bin_usd:,.0f} price bin, the busiest from ${busiest['lo']:,.0f} to ${busiest['hi']:,.0f}."
        ),
    )


def session_spans(first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The trading sessions (``session``, ``start``, ``end``, UTC) that overlap ``first``..``last``, clipped to it."""
    rows = []
    for d in pd.date_range(first.floor("1D") - pd.Timedelta("1D"), last.floor("1D"), freq="1D"):
        for name in SESSIONS:
            a, z = session_bounds_utc(d, name)
            rows.append({"session": name, "start": max(a, first), "end": min(z, last)})
    spans = pd.DataFrame(rows, columns=["session", "start", "end"])
    return spans[spans["end"] > spans["start"]].reset_index(drop=True)


def _price_band(bars: pd.DataFrame, bar_words: str, fmt: str) -> alt.LayerChart:
    tips = [
        time_tip(title=f"{bar_words} (UTC)"),
        alt.Tooltip("low:Q", format=fmt, title="low (USD)"),
        alt.Tooltip("high:Q", format=fmt, title="high (USD)"),
        alt.Tooltip("close:Q", format=fmt, title="close (USD)"),
    ]
    band = (
        alt.Chart(bars)
        .mark_area(color=T.PRICE, opacity=0.35)
        .encode(x=alt.X("time:T", title="Time (UTC)"), y=alt.Y("low:Q", title="Price (USD)", scale=alt.Scale(zero=False)), y2="high:Q", tooltip=tips)
    )
    line = alt.Chart(bars).mark_line(color=T.PRICE, strokeWidth=1).encode(x="time:T", y="close:Q", tooltip=tips)
    return band + line


def _first_crossings(cross: pd.DataFrame) -> str:
    """ "; first below $87k at 00:55 UTC (Asia), ..." from the crossings, in time order."""
    first = cross.sort_values("time").groupby("kind", sort=False).first()
    parts = [f"first {kind} at {r['time']:%Y-%m-%d %H:%M} UTC ({r['session']})" for kind, r in first.iterrows()]
    return "; " + ", ".join(parts) if parts else ""


def price_path_chart(bars: pd.DataFrame, crossings: pd.DataFrame, name: str = "levels-price-path") -> alt.LayerChart:
    """5-minute bars (``bars``: UTC index, ``low``, ``high``, ``close`` in USD) with the trading
    sessions shaded, the article's levels, and a dot at each crossing of ``crossings``
    (:func:`flashcrash.levels.break_table`: ``level``, ``time``, ``bar_low``, ``session``, ``depth``)."""
    _need(bars, ("low", "high", "close"), "bars")
    _need(crossings, ("level", "time", "bar_low", "session", "depth"), "crossings")
    b = bars.rename_axis("time").reset_index()
    first, last = b["time"].iloc[0], b["time"].iloc[-1]
    shade = (
        alt.Chart(session_spans(first, last))
        .mark_rect(opacity=0.18)
        .encode(
            x=alt.X("start:T", title="Time (UTC)"),
            x2="end:T",
            color=alt.Color("session:N", title="Session", scale=alt.Scale(domain=list(T.SESSION_COLOURS), range=list(T.SESSION_COLOURS.values()))),
            tooltip=[alt.Tooltip("session:N", title="session"), time_tip("start", "from (UTC)"), time_tip("end", "to (UTC)")],
        )
    )
    cross = crossings.assign(kind=crossings["level"].map(lambda v: f"below {LEVEL_NAMES.get(v, f'${v:,.0f}')}"))
    dots = (
        alt.Chart(cross)
        .mark_point(color=T.LEVEL, size=60, filled=True)
        .encode(
            x="time:T",
            y="bar_low:Q",
            tooltip=[
                alt.Tooltip("kind:N", title="crossing"),
                time_tip(title="bar (UTC)"),
                alt.Tooltip("session:N", title="session"),
                alt.Tooltip("depth:Q", format=T.USD, title="depth (USD)"),
            ],
        )
    )
    return alt.layer(shade, _price_band(b, "5-minute bar", T.USD_CENTS), level_rules(), dots).properties(
        width=760,
        height=340,
        name=name,
        title=f"BTC perpetual 5-minute bars, {first:%-d %b} to {last:%-d %b %Y}, with $87k, $84k and the sessions",
        description=(
            "5-minute BTC price range and close with the Asian, European and US sessions shaded, dashed lines at $87,000 and $84,000 "
            "and red dots at each crossing below them" + _first_crossings(cross) + "."
        ),
    )


def _counts(outcomes: pd.Series) -> str:
    """ "2 bounces, 1 break" from a column of touch outcomes."""
    n = outcomes.value_counts()
    return ", ".join(f"{c} {o}{'s' if c != 1 else ''}" for o, c in n.items())


def after_chart(hourly: pd.DataFrame, rejections_87k: pd.DataFrame, tests_84k: pd.DataFrame, name: str = "levels-after") -> alt.LayerChart:
    """The 4-hour range of ``hourly`` bars (UTC index, ``low``, ``high``, ``close`` in USD) with each
    touch of $87k from below and of $84k from above (``touch``, ``outcome``, ``resolved``) marked by its outcome."""
    _need(hourly, ("low", "high", "close"), "hourly bars")
    for what, df in (("touches of $87k", rejections_87k), ("touches of $84k", tests_84k)):
        _need(df, ("touch", "outcome", "resolved"), what)
    four = hourly.resample("4h").agg({"low": "min", "high": "max", "close": "last"}).dropna().rename_axis("time").reset_index()
    touches = pd.concat([rejections_87k.assign(level="$87k from below", price=LEVEL_BREAK), tests_84k.assign(level="$84k from above", price=LEVEL_LOW)])
    pts = (
        alt.Chart(touches)
        .mark_point(size=70, filled=True)
        .encode(
            x="touch:T",
            y="price:Q",
            color=alt.Color("outcome:N", title="Touch outcome", scale=alt.Scale(domain=list(T.OUTCOME_COLOURS), range=list(T.OUTCOME_COLOURS.values()))),
            shape=alt.Shape("level:N", title="Test"),
            tooltip=[
                alt.Tooltip("level:N", title="test"),
                time_tip("touch", "touch (UTC)"),
                alt.Tooltip("outcome:N", title="outcome"),
                time_tip("resolved", "resolved (UTC)"),
            ],
        )
    )
    first, last = four["time"].iloc[0], four["time"].iloc[-1]
    return alt.layer(_price_band(four, "4-hour bar", T.USD), level_rules(), pts).properties(
        width=760,
        height=320,
        name=name,
        title=f"After the break: BTC 4-hour range, {first:%b %Y} to {last:%b %Y}, and the touches of $87k and $84k",
        description=(
            "BTC 4-hour price range after the crash with dashed lines at $87,000 and $84,000 and coloured points at each touch of the two levels "
            "and its outcome: " + "; ".join(f"{lv}, {_counts(g['outcome'])}" for lv, g in touches.groupby("level", sort=False)) + "."
        ),
    )
