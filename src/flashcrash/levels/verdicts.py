"""Verdicts of the chapter "The support breaks" (claims c06-c09, c40, c41, c47, c50).

The rules (thresholds, checks, verdicts) are in :mod:`flashcrash.rules.support_levels`; here each
claim's measures are taken from the chapter's measures (the part the rules read, :class:`~flashcrash.levels.chapter.SupportLevelsRuleMeasures`),
passed to its rule, and the evidence sentence is built from the same measures. The rule's checks close
the evidence (:func:`~flashcrash.levels.evidence.judge`). The claims about activity at the break
(c47, c50) are in :mod:`flashcrash.levels.activity_verdicts`.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.claims import Assessment, Figure
from flashcrash.levels.activity_verdicts import sell_orders, weak_liquidity
from flashcrash.levels.bands import range_side
from flashcrash.levels.chapter import SupportLevelsMeasures, SupportLevelsRuleMeasures, rule_measures
from flashcrash.levels.evidence import counted, judge
from flashcrash.levels.round_numbers import PIVOT_BARS
from flashcrash.levels.significance import level_test_measures
from flashcrash.levels.windows import LOOKBACK_DAYS
from flashcrash.rules import support_levels as SL


def prior_range(m: SupportLevelsRuleMeasures) -> Assessment:
    """c06: the 24 h, 72 h and 7-day bands before the day, and the article's range in mid-December."""
    rb, day = m.range, m.day
    e24, e72, e7d = rb.bands["24h"], rb.bands["72h"], rb.bands["7D"]
    rm = SL.PriorRange(width_percentile=e24.percentile, share_in_range=e24.share_87_90)
    where = range_side(e24.low, e24.high)
    sentence = (
        f"In the 24 h before {day:%Y-%m-%d} BTC (Binance perpetual, hourly bars) traded between ${e24.low:,.0f} and ${e24.high:,.0f}: "
        f"a band {e24.width_frac:.1%} wide, narrower than on {rm.width_percentile:.0%} of the previous year's days{where}. "
        f"Over 72 h the band was ${e72.low:,.0f}-${e72.high:,.0f}, over 7 days ${e7d.low:,.0f}-${e7d.high:,.0f}. "
        f"The $87k-$90k description fits mid-December instead: {rb.mid_share:.0%} of hourly closes of 10-20 December were inside it, and on {rb.n_mid_inside} of the "
        f"{rb.n_mid} candidate days of 10-20 December at least half of the prior 24 h closes were."
    )
    figures = [
        Figure("prior_24h_low", e24.low, "USD"),
        Figure("prior_24h_high", e24.high, "USD"),
        Figure("prior_24h_width", e24.width_frac, "fraction"),
        Figure("prior_24h_width_percentile_1y", e24.percentile, "fraction"),
        Figure("prior_24h_share_closes_87k_90k", e24.share_87_90, "fraction"),
        Figure("prior_72h_low", e72.low, "USD"),
        Figure("prior_72h_high", e72.high, "USD"),
        Figure("prior_7d_low", e7d.low, "USD"),
        Figure("prior_7d_high", e7d.high, "USD"),
        Figure("mid_december_share_closes_87k_90k", rb.mid_share, "fraction"),
        Figure("mid_december_candidates_mostly_in_range", rb.n_mid_inside, "days"),
    ]
    return judge("c06-prior-range", rm, sentence, figures)


def support_before(m: SupportLevelsRuleMeasures) -> Assessment:
    """c07: $87k against both nulls in the month before, and its place in the volume profile."""
    lt, v = m.tests.table, m.volume
    q, h = m.tests.row("87k support before", "15min"), m.tests.row("87k support before", "1h")
    rm = SL.SupportBefore(LEVEL_BREAK, level_test_measures(lt, "87k support before"), v.percentile_87k)
    sentence = (
        f"In the {LOOKBACK_DAYS} days before {m.day:%Y-%m-%d}, on 15-minute bars $87k was touched {counted(q.touches, 'time')} from above: "
        f"{counted(q.bounces, 'bounce')}, {counted(q.breaks, 'break')} (rate {q.rate:.2f}); random levels of the same path bounce at {q.null_levels_mean:.2f} "
        f"(p = {q.p_levels:.2f}), bootstrapped paths at {q.null_paths_mean:.2f} (p = {q.p_paths:.2f}). On hourly bars: {h.bounces} of "
        f"{counted(h.bounces + h.breaks, 'decided touch')} bounced (p = {h.p_levels:.2f} and {h.p_paths:.2f}). "
        f"The $87k price bin ranks at the {rm.volume_percentile:.0%} volume percentile of the month's profile; the nearest high-volume node is at ${v.nearest_node_87k:,.0f}."
    )
    figures = [
        Figure("touches_15m", q.touches, "touches"),
        Figure("bounces_15m", q.bounces, "bounces"),
        Figure("breaks_15m", q.breaks, "breaks"),
        Figure("bounce_rate_15m", q.rate, "fraction"),
        Figure("null_rate_random_levels_15m", q.null_levels_mean, "fraction"),
        Figure("p_random_levels_15m", q.p_levels, "fraction"),
        Figure("p_bootstrap_paths_15m", q.p_paths, "fraction"),
        Figure("bounce_rate_1h", h.rate, "fraction"),
        Figure("p_random_levels_1h", h.p_levels, "fraction"),
        Figure("p_bootstrap_paths_1h", h.p_paths, "fraction"),
        Figure("volume_percentile_87k_bin", rm.volume_percentile, "fraction"),
        Figure("nearest_high_volume_node", v.nearest_node_87k, "USD"),
    ]
    return judge("c07-87k-support", rm, sentence, figures)


def resistance_after(m: SupportLevelsRuleMeasures) -> Assessment:
    """c08: how soon the price was back above $87k, and $87k against both nulls as a resistance."""
    ae = m.after
    f5, f1 = m.tests.row("87k resistance after", "5min"), m.tests.row("87k resistance after", "1h")
    rm = SL.ResistanceAfter(LEVEL_BREAK, level_test_measures(m.tests.table, "87k resistance after"), ae.hours_to_back_above_87k)
    sentence = (
        f"After the low of {ae.low_time:%Y-%m-%d %H:%M} UTC, BTC first closed a 5-minute bar back above $87k at {ae.back_above_87k:%Y-%m-%d %H:%M} UTC "
        f"({rm.hours_to_back_above:.0f} h later) and spent {ae.share_above_87k_7d:.0%} of the next 7 days and {ae.share_above_87k_to_5m_end:.0%} of the time to 2026-01-29 above it. "
        f"Approaches from below (5-minute bars, to 2026-01-29): {counted(f5.touches, 'touch')}, {counted(f5.bounces, 'rejection')}, {counted(f5.breaks, 'break')} upward "
        f"(rate {f5.rate:.2f}; random levels {f5.null_levels_mean:.2f}, p = {f5.p_levels:.2f}; bootstrapped paths p = {f5.p_paths:.2f}). "
        f"On hourly bars to {ae.hourly_end:%Y-%m-%d}: {counted(f1.bounces, 'rejection')}, {counted(f1.breaks, 'break')} (p = {f1.p_levels:.2f} / {f1.p_paths:.2f})."
    )
    figures = [
        Figure("back_above_87k", ae.back_above_87k, "UTC"),
        Figure("hours_to_back_above_87k", ae.hours_to_back_above_87k, "hours"),
        Figure("share_above_87k_next_7d", ae.share_above_87k_7d, "fraction"),
        Figure("share_above_87k_to_2026_01_29", ae.share_above_87k_to_5m_end, "fraction"),
        Figure("touches_from_below_5m", f5.touches, "touches"),
        Figure("rejections_5m", f5.bounces, "rejections"),
        Figure("breaks_up_5m", f5.breaks, "breaks"),
        Figure("rejection_rate_5m", f5.rate, "fraction"),
        Figure("p_random_levels_5m", f5.p_levels, "fraction"),
        Figure("p_bootstrap_paths_5m", f5.p_paths, "fraction"),
        Figure("rejection_rate_1h", f1.rate, "fraction"),
        Figure("p_random_levels_1h", f1.p_levels, "fraction"),
    ]
    return judge("c08-87k-resistance-after", rm, sentence, figures)


def support_after(m: SupportLevelsRuleMeasures) -> Assessment:
    """c09: the lowest price in the weeks after, and $84k against both nulls as a support."""
    ae = m.after
    g5, g1 = m.tests.row("84k support after", "5min"), m.tests.row("84k support after", "1h")
    lost = ae.first_daily_close_below_84k_band
    rm = SL.SupportAfter(LEVEL_LOW, level_test_measures(m.tests.table, "84k support after"), ae.low_after_day)
    sentence = (
        f"After the event's low (${ae.low_to_5m_end:,.0f} again at {ae.low_to_5m_end_time:%H:%M} UTC the same day) and from the next day to the end of the 5-minute data "
        f"(2026-01-29) BTC's lowest price was ${rm.low_after:,.0f} ({ae.low_after_day_time:%Y-%m-%d %H:%M} UTC). "
        f"Touches of $84k from above: 5-minute bars {g5.touches} ({counted(g5.bounces, 'bounce')}, {counted(g5.breaks, 'break')}; p = {g5.p_levels:.2f} random levels, "
        f"{g5.p_paths:.2f} bootstrapped paths); hourly bars to {ae.hourly_end:%Y-%m-%d} {g1.touches} ({counted(g1.bounces, 'bounce')}, {counted(g1.breaks, 'break')}; "
        f"p = {g1.p_levels:.2f} / {g1.p_paths:.2f}). "
        f"The first UTC day closing below the band was {lost:%Y-%m-%d}; by {ae.low_to_hourly_end_time:%Y-%m-%d} BTC had fallen to ${ae.low_to_hourly_end:,.0f}."
    )
    figures = [
        Figure("low_2025_12_02_to_2026_01_29", ae.low_after_day, "USD"),
        Figure("low_2025_12_02_to_2026_01_29_bar", ae.low_after_day_time, "UTC"),
        Figure("touches_5m", g5.touches, "touches"),
        Figure("bounces_5m", g5.bounces, "bounces"),
        Figure("breaks_5m", g5.breaks, "breaks"),
        Figure("p_random_levels_5m", g5.p_levels, "fraction"),
        Figure("p_bootstrap_paths_5m", g5.p_paths, "fraction"),
        Figure("touches_1h", g1.touches, "touches"),
        Figure("bounces_1h", g1.bounces, "bounces"),
        Figure("breaks_1h", g1.breaks, "breaks"),
        Figure("first_daily_close_below_84k_band", lost, "UTC"),
        Figure("low_to_hourly_end", ae.low_to_hourly_end, "USD"),
    ]
    return judge("c09-84k-support-after", rm, sentence, figures)


def smashed(m: SupportLevelsRuleMeasures) -> Assessment:
    """c40: the first break of $87k on the day (depth, time back above) and the churn to the final one."""
    b, day = m.breaks, m.day
    first, last = b.first_87k, b.final_87k
    rm = SL.FirstBreak(LEVEL_BREAK, first.depth, first.minutes_to_recover)
    sentence = (
        f"The fall from the day's open of ${b.day_open:,.0f} to $87k took {(first.time - day) / pd.Timedelta('1min') + 5:.0f} minutes ({b.fall_open_to_87k:.1%}). "
        f"The first bar below $87k opened at {first.time:%H:%M} UTC. BTC crossed $87k downward {counted(len(b.b87), 'time')} that day; the last crossing, after which it stayed below, "
        f"was at {last:%H:%M} UTC, {b.hours_first_to_final:.1f} h after the first."
    )
    figures = [
        Figure("first_bar_below_87k", first.time, "UTC"),
        Figure("first_break_depth", first.depth, "USD"),
        Figure("first_break_minutes_to_recover", first.minutes_to_recover, "minutes"),
        Figure("crossings_87k_on_day", len(b.b87), "crossings"),
        Figure("final_break_87k", last, "UTC"),
        Figure("hours_first_to_final_break", b.hours_first_to_final, "hours"),
        Figure("fall_open_to_87k", b.fall_open_to_87k, "fraction"),
    ]
    return judge("c40-87k-smashed", rm, sentence, figures)


def round_thousands(m: SupportLevelsRuleMeasures) -> Assessment:
    """c41: swing pivots near round thousands, and round against half-way levels as supports."""
    r = m.round
    rm = SL.RoundNumbers(p_clustering=float(r.p_clustering), p_round_vs_half_way=r.p_round_vs_half_way)
    sentence = (
        f"Round thousands as turning points, {LOOKBACK_DAYS} days before the event (15-minute bars, swing pivots of +-{PIVOT_BARS} bars): {r.n_near} of {r.n_pivots} pivots "
        f"({r.share_near:.0%}) lay within $100 of a multiple of $1,000, against {r.expected:.0%} by chance (binomial p = {rm.p_clustering:.2f}). "
        f"Pooled over all round-thousand levels the bounce rate was {r.round_rate:.2f} ({r.round_bounces} of {r.round_decided}), "
        f"at the half-way ($500) levels {r.half_rate:.2f} ({r.half_bounces} of {r.half_decided}; one-sided p = {rm.p_round_vs_half_way:.2f})."
    )
    figures = [
        Figure("pivots", r.n_pivots, "pivots"),
        Figure("pivots_near_round_1000", r.n_near, "pivots"),
        Figure("share_near_round_1000", r.share_near, "fraction"),
        Figure("share_expected", r.expected, "fraction"),
        Figure("p_binomial", r.p_clustering, "fraction"),
        Figure("bounce_rate_round_levels", r.round_rate, "fraction"),
        Figure("bounce_rate_half_way_levels", r.half_rate, "fraction"),
        Figure("p_round_vs_half_way", r.p_round_vs_half_way, "fraction"),
    ]
    return judge("c41-87k-psychological", rm, sentence, figures)


def assess(m: SupportLevelsMeasures | SupportLevelsRuleMeasures | None = None) -> dict[str, Assessment]:
    """Verdicts of the chapter "The support breaks" (claims c06-c09, c40, c41, c47, c50) from its
    measures (the rules' part of the chapter's measures; by default :func:`~flashcrash.levels.chapter.rule_measures`,
    which computes only that part), by the rules of :mod:`flashcrash.rules.support_levels`."""
    r = rule_measures() if m is None else m.rules if isinstance(m, SupportLevelsMeasures) else m
    return {
        "c06-prior-range": prior_range(r),
        "c07-87k-support": support_before(r),
        "c08-87k-resistance-after": resistance_after(r),
        "c09-84k-support-after": support_after(r),
        "c40-87k-smashed": smashed(r),
        "c41-87k-psychological": round_thousands(r),
        "c47-large-sell-orders": sell_orders(r.activity, r.day),
        "c50-weak-liquidity": weak_liquidity(r.activity, r.day),
    }


def verdict_table(assessments: dict[str, Assessment]) -> pd.DataFrame:
    """One row per claim: ``claim``, ``verdict`` and ``rule`` (the rule's sentence), for the chapter's verdict table."""
    return pd.DataFrame(
        [{"claim": cid, "verdict": a.verdict, "rule": a.ruling.text} for cid, a in assessments.items()],
        columns=["claim", "verdict", "rule"],
    ).set_index("claim")
