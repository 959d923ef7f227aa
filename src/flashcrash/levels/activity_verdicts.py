"""Verdicts of the two claims about activity at the break: large sell orders (c47) and weak liquidity (c50).

Orders and order-book depth are not in the public data; bar volume and range are (see
:mod:`flashcrash.break_activity`). Each claim's measures come from the chapter's activity measures
(:class:`~flashcrash.levels.chapter.Activity`), its verdict from :mod:`flashcrash.rules.support_levels`.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.article import LEVEL_BREAK
from flashcrash.claims import Assessment, Figure
from flashcrash.levels.chapter import Activity
from flashcrash.levels.evidence import judge
from flashcrash.rules import support_levels as SL


def _others(table: pd.DataFrame, day: pd.Timestamp, claim: str) -> tuple[pd.Series, pd.DataFrame]:
    """The row of ``day`` in a per-day table and the other days' rows; a clear error without that day."""
    t = table.set_index("day")
    if day not in t.index:
        raise ValueError(f"no 5-minute close below $87k on the event day {day.date()}: nothing to measure for {claim}")
    return t.loc[day], t.drop(index=day)


def sell_orders(activity: Activity, day: pd.Timestamp) -> Assessment:
    """c47: the bar that broke $87k on a close against the day's ordinary bars and the month's bursts."""
    r, others = _others(activity.bars, day, "c47")
    burst = others[
        (others["volume_ratio"] >= SL.BURST_RATIO.value)
        & (others["range_ratio"] >= SL.BURST_RATIO.value)
        & (others["volume_percentile_15m"] >= SL.BURST_PERCENTILE.value)
    ]
    m = SL.BreakBar(LEVEL_BREAK, float(r["volume_ratio"]), float(r["range_ratio"]), float(r["volume_percentile_15m"]))
    hour_before = float(r["volume_ratio"] / r["volume_ratio_preceding"])  # the preceding hour's median bar, in ordinary bars
    sentence = (
        f"On {day:%Y-%m-%d} the first 5-minute bar to close below $87k opened at {r['break_bar']:%H:%M} UTC: {r['volume']:,.0f} BTC traded over a ${r['range']:,.0f} range "
        f"(Binance perpetual). Against the 12 bars of the hour before it the bar looks ordinary ({r['volume_ratio_preceding']:.1f} times their median volume, "
        f"{r['range_ratio_preceding']:.1f} times their range), because that hour already traded {hour_before:.1f} times the 24 h median bar: the fall had begun. "
        f"Taker buy and sell volume and the order book are not in the data, so a heavy bar is consistent with large sell orders, not proof of them. "
        f"Of the {len(others)} other candidate days with a 5-minute close below $87k, {len(burst)} had a break bar as heavy, wide and rare."
    )
    figures = [
        Figure("break_bar", r["break_bar"], "UTC"),
        Figure("break_bar_volume", float(r["volume"]), "BTC"),
        Figure("break_bar_range", float(r["range"]), "USD"),
        Figure("volume_ratio_24h", m.volume_ratio, "ratio"),
        Figure("range_ratio_24h", m.range_ratio, "ratio"),
        Figure("volume_ratio_hour_before", float(r["volume_ratio_preceding"]), "ratio"),
        Figure("range_ratio_hour_before", float(r["range_ratio_preceding"]), "ratio"),
        Figure("volume_ratio_15m", float(r["volume_ratio_15m"]), "ratio"),
        Figure("volume_percentile_15m_30d", m.volume_percentile, "fraction"),
        Figure("other_days_with_close_below_87k", len(others), "days"),
        Figure("other_days_as_heavy", len(burst), "days"),
    ]
    return judge("c47-large-sell-orders", m, sentence, figures)


def weak_liquidity(activity: Activity, day: pd.Timestamp) -> Assessment:
    """c50: market volume in the hour before the break against the same hour on ordinary days."""
    r, others = _others(activity.hours, day, "c50")
    thin = others[(others["before_ratio"] <= SL.THIN_RATIO_MAX.value) | others["weekend"]]
    m = SL.HourBefore(float(r["before_ratio"]), bool(r["weekend"]))
    hb = r["hour_before"]
    sentence = (
        f"In the clock hour before the break ({hb:%Y-%m-%d %H:%M}-{hb + pd.Timedelta('1h'):%H:%M} UTC, a {hb:%A}; the break bar opened {r['break_bar']:%A %H:%M} UTC) "
        f"Binance's BTC perpetual and spot markets traded {r['before_volume']:,.0f} BTC together: {m.ratio:.2f} times the median of that hour of day over the 30 days before "
        f"(perpetual {r['before_ratio_perp']:.2f}, spot {r['before_ratio_spot']:.2f}) and {r['before_ratio_week']:.2f} times the median of the same hour of the week "
        f"over 12 weeks. The break's own hour traded {r['break_hour_ratio']:.2f} times its usual volume. Volume is a proxy: the depth of the order book is not in the data. "
        f"On {len(thin)} of the {len(others)} other candidate days the hour before the break was thin or fell on a weekend."
    )
    figures = [
        Figure("hour_before_break", hb, "UTC"),
        Figure("hour_before_volume", float(r["before_volume"]), "BTC"),
        Figure("hour_before_ratio_30d", m.ratio, "ratio"),
        Figure("hour_before_ratio_perp_30d", float(r["before_ratio_perp"]), "ratio"),
        Figure("hour_before_ratio_spot_30d", float(r["before_ratio_spot"]), "ratio"),
        Figure("hour_before_ratio_same_hour_of_week_12w", float(r["before_ratio_week"]), "ratio"),
        Figure("break_hour_ratio_30d", float(r["break_hour_ratio"]), "ratio"),
        Figure("break_on_weekend", "yes" if m.weekend else "no", ""),
        Figure("other_days_thin_or_weekend", len(thin), "days"),
    ]
    return judge("c50-weak-liquidity", m, sentence, figures)
