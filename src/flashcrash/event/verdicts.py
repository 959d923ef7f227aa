"""Verdicts of the chapter "Which day was it?" (claims c01-c05 and c42).

Each claim's measures come from the rules' measures of the chapter (:class:`~flashcrash.event.chapter.WhichDayCore`),
its verdict from the rule of :mod:`flashcrash.rules.which_day`; the evidence is the measures sentence
followed by the rule's checks.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.claims import Assessment, Figure
from flashcrash.event.chapter import WhichDayCore, rule_measures
from flashcrash.event.criteria import CRITERIA, SCORED
from flashcrash.event.words import local_time
from flashcrash.rules import which_day as R
from flashcrash.sessions import SESSIONS


def _assessment(claim_id: str, rule_measures: object, sentence: str, figures: list[Figure]) -> Assessment:
    ruling = R.RULES[claim_id](rule_measures)
    return Assessment.of(ruling, sentence, figures)


def _tokyo_minute(t: pd.Timestamp) -> float:
    local = t.tz_convert(SESSIONS["Asia"][0])
    return float(local.hour * 60 + local.minute)


def _iso(day: pd.Timestamp) -> str:
    return f"{day:%Y-%m-%d}"


def _mid_december(m: WhichDayCore) -> Assessment:
    """c01: the best day against the article's "mid-December"."""
    s, e, mid, d = m.scores, m.event, m.mid, _iso(m.day)
    rm = R.MidDecemberMeasures(d, m.day.month, m.day.day, mid.n_days, mid.n_broke_87k, mid.n_broke_87k_and_84k, mid.lowest)
    years = ", ".join(str(y) for y in mid.years)
    sentence = (
        f"Of the {len(s)} UTC days scanned ({s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d}), {d} fits the article best ({e.score} of {len(SCORED)} scored elements). "
        f"On 10-20 December ({years}) BTC broke $87k on {mid.n_broke_87k} days; its lowest price there was ${mid.lowest:,.0f}."
    )
    figures = [
        Figure("best_match_day", m.day, "UTC"),
        Figure("best_match_score", e.score, "elements"),
        Figure("days_scanned", len(s), "days"),
        Figure("mid_december_days_breaking_87k", mid.n_broke_87k, "days"),
        Figure("mid_december_days_breaking_87k_and_84k", mid.n_broke_87k_and_84k, "days"),
        Figure("mid_december_lowest_price", mid.lowest, "USD"),
    ]
    return _assessment("c01-mid-december", rm, sentence, figures)


def _asian_session(m: WhichDayCore) -> Assessment:
    """c02: the session of the first $87k break (and of the first trade below $84k)."""
    e, d = m.event, _iso(m.day)
    brk, low84 = e.first_break_87k, e.first_below_84k
    has_brk = pd.notna(brk)
    rm = R.AsianSessionMeasures(d, f"{brk:%H:%M}" if has_brk else None, _tokyo_minute(brk) if has_brk else None, e.session_87k if has_brk else "")
    sentence = (
        f"On {d} the first {e.bar_minutes:.0f}-minute bar below $87k opened at {brk:%H:%M} UTC ({local_time(brk)}). "
        f"The trades below $84k came later, from {low84:%H:%M} UTC ({local_time(low84)}), session: {e.session_84k}."
    )
    figures = [
        Figure("first_bar_below_87k", brk, "UTC"),
        Figure("session_of_87k_break", e.session_87k, ""),
        Figure("first_bar_below_84k", low84, "UTC"),
        Figure("session_of_84k_break", e.session_84k, ""),
    ]
    return _assessment("c02-asian-session", rm, sentence, figures)


def _break_87k(m: WhichDayCore) -> Assessment:
    """c03: the break of $87k and the largest fall within one hour."""
    e, d = m.event, _iso(m.day)
    rm = R.Break87kMeasures(d, e.breaks_87k, e.max_1h_drop)
    sentence = (
        f"BTC first traded below $87,000 on {d} in the bar of {e.first_break_87k:%H:%M} UTC; "
        f"the largest fall within one hour that day ended in the bar of {e.max_1h_drop_at:%H:%M} UTC."
    )
    figures = [
        Figure("first_bar_below_87k", e.first_break_87k, "UTC"),
        Figure("max_1h_drop", e.max_1h_drop, "fraction"),
        Figure("max_1h_drop_bar", e.max_1h_drop_at, "UTC"),
        Figure("day_open", e.open, "USD"),
    ]
    return _assessment("c03-break-87k", rm, sentence, figures)


def _below_84k(m: WhichDayCore) -> Assessment:
    """c04: how long, and when, BTC traded below $84k."""
    e, d, bar = m.event, _iso(m.day), m.event.bar_minutes
    rm = R.Below84kMeasures(d, e.low, e.minutes_below_84k, bar)
    gap_h = e.hours_87k_to_84k
    sentence = (
        f"BTC traded below $84,000 in {int(e.minutes_below_84k // bar)} {bar:.0f}-minute bars, the first opening at {e.first_below_84k:%H:%M} UTC, "
        f"{gap_h:.1f} hours after the $87k break, not in the same Asian-session move; the low came at {e.low_time:%H:%M} UTC."
    )
    figures = [
        Figure("minutes_below_84k", e.minutes_below_84k, "minutes"),
        Figure("day_low", e.low, "USD"),
        Figure("day_low_bar", e.low_time, "UTC"),
        Figure("hours_from_87k_break_to_84k", gap_h, "hours"),
    ]
    return _assessment("c04-below-84k", rm, sentence, figures)


def _without_warning(m: WhichDayCore) -> Assessment:
    """c05: the 24 hours before the day: their range and realised volatility."""
    e, d, calm = m.event, _iso(m.day), m.event.calm
    rm = R.WithoutWarningMeasures(d, e.prior_share_in_range, calm.vol_24h, calm.percentile, calm.n_days)
    sentence = (
        f"In the 24 h before {d} BTC traded between ${e.prior_low:,.0f} and ${e.prior_high:,.0f} with realised volatility of {calm.vol_24h:.0%} a year. "
        "'Without warning' itself cannot be measured."
    )
    figures = [
        Figure("prior_24h_high", e.prior_high, "USD"),
        Figure("prior_24h_low", e.prior_low, "USD"),
        Figure("prior_share_in_87k_90k", e.prior_share_in_range, "fraction"),
        Figure("prior_24h_realised_vol", calm.vol_24h, "fraction per year"),
        Figure("prior_vol_percentile_30d", calm.percentile, "fraction"),
    ]
    return _assessment("c05-without-warning", rm, sentence, figures)


def _one_event(m: WhichDayCore) -> Assessment:
    """c42: one day fitting every element, or different days fitting different ones."""
    s, m42, scan = m.scores, m.one_event, m.scan
    elsewhere = "; ".join(f"{e.element}: {e.days_fitting} days fit" + (f", the best of them {e.best_day}" if e.best_day else "") for e in m42.missed)
    figures = [
        Figure("days_scanned", m42.days_scanned, "days"),
        Figure("days_5min", scan.n_5m, "days"),
        Figure("days_15min", scan.n_15m, "days"),
        Figure("elements", m42.n_elements, "elements"),
        Figure("days_fitting_all", m42.days_fitting_all, "days"),
        Figure("best_day", m.one_event_day, "UTC"),
        Figure("best_day_elements", m42.best_day_fits, "elements"),
        Figure("days_fitting_price_path", m42.days_fitting_core, "days"),
    ]
    figures += [
        Figure(f"best_day_for_{el}", m.summary.at[el, "best_day"], "UTC") for el in CRITERIA if el in m.missed and pd.notna(m.summary.at[el, "best_day"])
    ]
    sentence = (
        f"Each of the {m42.days_scanned} UTC days from {s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d} was tested on {m42.n_elements} elements of the article "
        f"({scan.n_5m} days on 5-minute bars, {scan.n_15m} on 15-minute bars). {m42.best_day} fits {m42.best_day_fits}; "
        f"the elements it misses fit other days or none ({elsewhere})."
    )
    return _assessment("c42-one-event", m42, sentence, figures)


def assess(m: WhichDayCore | None = None) -> dict[str, Assessment]:
    """Verdicts of the chapter "Which day was it?" (claims c01-c05 and c42) from the rules' measures
    (the page passes its :class:`~flashcrash.event.chapter.WhichDayMeasures`, which hold them; by
    default :func:`~flashcrash.event.chapter.rule_measures`), the rules of :mod:`flashcrash.rules.which_day`
    and evidence = measures sentence + the rule's checks."""
    m = rule_measures() if m is None else m
    return {
        "c01-mid-december": _mid_december(m),
        "c02-asian-session": _asian_session(m),
        "c03-break-87k": _break_87k(m),
        "c04-below-84k": _below_84k(m),
        "c05-without-warning": _without_warning(m),
        "c42-one-event": _one_event(m),
    }
