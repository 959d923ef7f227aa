"""Verdict rules of the chapter "Which day was it?" (claims c01-c05 and c42), and the thresholds
that define each element of the article's description in the day scan (:mod:`flashcrash.event`).

Each claim has a frozen dataclass of measures (numbers already computed from the data) and a pure
function ``rule(measures) -> Ruling``; :data:`RULES` maps claim ids to those functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcrash import article as A
from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)
from flashcrash.sessions import local_minutes

# --------------------------------------------------------------------------- the article's elements
_ASIA_MINUTES = local_minutes("Asia")  # Tokyo business hours, minutes after local midnight (flashcrash.sessions)
BREAK_LEVEL = Threshold("break_level", A.LEVEL_BREAK, "USD", "the article: 'breaking through the critical support level of $87,000'")
LOW_LEVEL = Threshold("low_level", A.LEVEL_LOW, "USD", "the article: 'briefly falling below $84,000'")
RANGE_LOW = Threshold("range_low", A.RANGE_LOW, "USD", "the article: 'a narrow range of $87,000 to $90,000'")
RANGE_HIGH = Threshold("range_high", A.RANGE_HIGH, "USD", "the article: 'a narrow range of $87,000 to $90,000'")
CALM_MIN_SHARE = Threshold("calm_min_share", 0.5, "fraction", "'oscillating within' the range: closes inside it at least half of the 24 hours before")
SHARP_MIN_DROP = Threshold(
    "sharp_min_drop_1h", 0.02, "fraction", "'plummeted sharply in a short period': at least 2 % from a high to a later low within one hour"
)
BRIEF_MAX_MINUTES = Threshold("brief_max_minutes", 120, "minutes", "'briefly': at most two hours in all in bars below $84,000")
ALTS_MIN_DOWN_SHARE = Threshold(
    "alts_min_down_share", 0.8, "fraction", "'other mainstream altcoins also fell': at least 80 % of those with data closed the UTC day lower"
)
LONG_MIN_SHARE = Threshold("long_min_share", A.LONG_SHARE, "fraction", "'suffering over 90% of the losses': longs at least 90 % of the day's liquidations")
ARTICLE_24H_USD = Threshold("article_24h_usd", A.LIQUIDATED_24H_USD, "USD", "the article: 'the total liquidation amount climbing to $820 million' in 24 hours")
ARTICLE_WORST_HOUR_USD = Threshold("article_worst_hour_usd", A.WORST_HOUR_USD, "USD", "the article: 'during the most intense hour ... over $600 million'")
MID_DECEMBER_FIRST = Threshold("mid_december_first_day", A.MID_DECEMBER_DAYS[0], "day of December", "'mid-December' read generously as the 10th to the 20th")
MID_DECEMBER_LAST = Threshold("mid_december_last_day", A.MID_DECEMBER_DAYS[1], "day of December", "'mid-December' read generously as the 10th to the 20th")
ASIA_OPEN = Threshold("asia_open", _ASIA_MINUTES[0], "minutes after midnight, Tokyo", "Asian session: Tokyo business hours from 09:00 JST (00:00 UTC)")
ASIA_CLOSE = Threshold("asia_close", _ASIA_MINUTES[1], "minutes after midnight, Tokyo", "Asian session: Tokyo business hours until 17:00 JST (08:00 UTC)")
CALM_MAX_VOL_PERCENTILE = Threshold(
    "calm_max_vol_percentile", 0.5, "fraction", "calm: realised volatility of the 24 h before no higher than on half of the previous 30 days"
)
#: The elements that single out one event: the price path of the day itself.
CORE_ELEMENTS = ("broke_87k", "break_in_asia", "below_84k", "brief_below_84k", "sharp_drop")
CORE = Threshold(
    "core_elements",
    ", ".join(CORE_ELEMENTS),
    "elements",
    "the price path of the day (a break of $87k from above in the Asian session, a sharp fall, a brief dip below $84k) singles out one event; "
    "the date, the range before, the coins and the liquidation sizes are shared by many days or may be misreported",
)

_BASIS = (MARKET_DATA,)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _dec_window() -> str:
    return f"{MID_DECEMBER_FIRST.value}-{MID_DECEMBER_LAST.value} December"


# --------------------------------------------------------------------------- c01 mid-December
@dataclass(frozen=True)
class MidDecemberMeasures:
    """The best-matching day of the scan and what the mid-December days did."""

    best_day: str  # ISO date (UTC) of the day that fits most elements
    best_day_month: int  # 1-12
    best_day_of_month: int  # 1-31
    mid_december_days: int  # days of 10-20 December in the scan (every year)
    mid_december_break_days: int  # of which broke $87k from above
    mid_december_path_days: int  # of which broke $87k and traded below $84k
    mid_december_lowest_usd: float  # lowest price in those days (USD)


def mid_december(m: MidDecemberMeasures) -> Ruling:
    """c01: reproduced if the best-matching day is in mid-December; partly if it is not but a
    mid-December day also broke $87k and traded below $84k; contradicted otherwise."""
    first, last = MID_DECEMBER_FIRST.value, MID_DECEMBER_LAST.value
    inside = m.best_day_month == 12 and first <= m.best_day_of_month <= last
    path = m.mid_december_path_days >= 1
    checks = (
        Check(
            "best_day_in_mid_december",
            inside,
            yes=f"the best-matching day, {m.best_day}, falls within {_dec_window()}",
            no=f"the best-matching day, {m.best_day}, falls outside {_dec_window()}",
        ),
        Check(
            "mid_december_price_path",
            path,
            yes=f"{_plural(m.mid_december_path_days, 'day')} of {_dec_window()} also broke $87k and traded below $84k",
            no=f"no day of {_dec_window()} both broke $87k and traded below $84k",
        ),
    )
    verdict = REPRODUCED if inside else (PARTLY if path else CONTRADICTED)
    text = (
        f"Reproduced if the day that fits the article best falls on {_dec_window()}; partly if it does not but a day of {_dec_window()} "
        "also broke $87k and traded below $84k; contradicted otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (MID_DECEMBER_FIRST, MID_DECEMBER_LAST, BREAK_LEVEL, LOW_LEVEL), checks, _BASIS)


# --------------------------------------------------------------------------- c02 Asian session
@dataclass(frozen=True)
class AsianSessionMeasures:
    """When the event day's first break of $87k happened."""

    day: str  # ISO date (UTC)
    first_break_utc: str | None  # open of the first bar below $87k ("HH:MM"), None if no break
    break_minute_tokyo: float | None  # minutes after midnight in Tokyo at that bar's open
    break_session: str  # session label of that bar ("Asia", "Europe+US", "off", "")


def asian_session(m: AsianSessionMeasures) -> Ruling:
    """c02: reproduced if the first bar below $87k opened in Tokyo business hours; contradicted otherwise."""
    t = m.break_minute_tokyo
    inside = t is not None and ASIA_OPEN.value <= t < ASIA_CLOSE.value
    if t is None:
        yes, no = "the first break of $87k fell in the Asian session", f"BTC did not break $87k from above on {m.day}, so no break fell in the Asian session"
    else:
        local = f"{int(t) // 60:02d}:{int(t) % 60:02d} in Tokyo"
        yes = f"the first bar below $87k opened at {m.first_break_utc} UTC ({local}), inside the Asian session (09:00-17:00 JST)"
        no = f"the first bar below $87k opened at {m.first_break_utc} UTC ({local}), outside the Asian session (09:00-17:00 JST); session: {m.break_session}"
    checks = (Check("break_in_asian_session", inside, yes=yes, no=no),)
    text = (
        "Reproduced if the first bar that traded below $87,000 opened during Tokyo business hours (09:00-17:00 JST, 00:00-08:00 UTC); contradicted otherwise."
    )
    return Ruling(REPRODUCED if inside else CONTRADICTED, THRESHOLD, text, (ASIA_OPEN, ASIA_CLOSE, BREAK_LEVEL), checks, _BASIS)


# --------------------------------------------------------------------------- c03 break of $87k
@dataclass(frozen=True)
class Break87kMeasures:
    """The event day's break of $87k and its speed."""

    day: str  # ISO date (UTC)
    breaks_87k: int  # bars that traded below $87k after a close at or above it
    max_1h_drop: float  # fraction: largest fall from a high to a later low within one hour that day


def break_87k(m: Break87kMeasures) -> Ruling:
    """c03: reproduced if BTC broke $87k and fell at least 2 % within one hour that day; partly if
    it broke $87k more slowly; contradicted if it did not break $87k."""
    broke = m.breaks_87k >= 1
    sharp = m.max_1h_drop >= SHARP_MIN_DROP.value
    lim = f"{SHARP_MIN_DROP.value:.0%}"
    checks = (
        Check("broke_87k", broke, yes=f"BTC traded through $87,000 from above on {m.day}", no=f"BTC did not trade through $87,000 from above on {m.day}"),
        Check(
            "sharp",
            sharp,
            yes=f"its largest fall within one hour, {m.max_1h_drop:.1%}, reached the {lim} of a sharp drop",
            no=f"its largest fall within one hour, {m.max_1h_drop:.1%}, fell short of the {lim} of a sharp drop",
        ),
    )
    verdict = REPRODUCED if broke and sharp else (PARTLY if broke else CONTRADICTED)
    text = f"Reproduced if BTC traded through $87,000 from above and fell at least {lim} within one hour that day; partly if it broke $87,000 more slowly; contradicted if it did not break it."
    return Ruling(verdict, THRESHOLD, text, (BREAK_LEVEL, SHARP_MIN_DROP), checks, _BASIS)


# --------------------------------------------------------------------------- c04 below $84k
@dataclass(frozen=True)
class Below84kMeasures:
    """The event day's low and the time spent below $84k."""

    day: str  # ISO date (UTC)
    low_usd: float  # the day's lowest trade (USD)
    minutes_below: float  # minutes of the bars whose low is below $84k (upper bound at the bar resolution)
    bar_minutes: float  # bar length (minutes)


def below_84k(m: Below84kMeasures) -> Ruling:
    """c04: reproduced if BTC traded below $84k for at most two hours in all; partly if below for
    longer; contradicted if it stayed above."""
    below = m.low_usd < LOW_LEVEL.value
    brief = below and m.minutes_below <= BRIEF_MAX_MINUTES.value
    lim = BRIEF_MAX_MINUTES.value
    checks = (
        Check("below_84k", below, yes=f"the day's low, ${m.low_usd:,.0f}, was below $84,000", no=f"the day's low, ${m.low_usd:,.0f}, stayed above $84,000"),
        Check(
            "brief",
            brief,
            yes=f"the bars below $84,000 add up to {m.minutes_below:.0f} minutes, within the {lim} of 'briefly'",
            no=f"the bars below $84,000 add up to {m.minutes_below:.0f} minutes, not within the {lim} of 'briefly'",
        ),
    )
    verdict = REPRODUCED if brief else (PARTLY if below else CONTRADICTED)
    text = f"Reproduced if BTC traded below $84,000 for at most {lim} minutes in all that day; partly if below for longer; contradicted if it stayed above."
    return Ruling(verdict, THRESHOLD, text, (LOW_LEVEL, BRIEF_MAX_MINUTES), checks, _BASIS)


# --------------------------------------------------------------------------- c05 without warning
@dataclass(frozen=True)
class WithoutWarningMeasures:
    """How calm the 24 hours before the event day were."""

    day: str  # ISO date (UTC)
    prior_share_in_range: float  # fraction of the 24 h before with closes inside $87k-$90k
    vol_24h: float  # realised volatility of 15-minute log returns over those 24 h (annualised fraction)
    vol_percentile: float  # fraction of the previous days whose same 24 h measure was lower
    n_days: int  # previous days compared


def without_warning(m: WithoutWarningMeasures) -> Ruling:
    """c05: reproduced if the 24 hours before were quieter than the median of the previous 30 days
    and inside $87k-$90k at least half the time; partly otherwise ('without warning' itself is not
    measurable, so the data can weaken the claim but not refute it)."""
    quiet = m.vol_percentile <= CALM_MAX_VOL_PERCENTILE.value
    in_range = m.prior_share_in_range >= CALM_MIN_SHARE.value
    checks = (
        Check(
            "quiet",
            quiet,
            yes=f"volatility was higher than on only {m.vol_percentile:.0%} of the previous {m.n_days} days: calm",
            no=f"volatility was higher than on {m.vol_percentile:.0%} of the previous {m.n_days} days: not calm",
        ),
        Check(
            "in_range",
            in_range,
            yes=f"BTC closed inside $87k-$90k {m.prior_share_in_range:.0%} of the time, the narrow range described",
            no=f"BTC closed inside $87k-$90k only {m.prior_share_in_range:.0%} of the time, not the narrow range described",
        ),
    )
    text = (
        "Reproduced if the 24 hours before were calmer than the median of the previous 30 days and inside $87k-$90k at least half the time; "
        "otherwise partly, since 'without warning' itself cannot be measured."
    )
    return Ruling(
        REPRODUCED if quiet and in_range else PARTLY, THRESHOLD, text, (CALM_MAX_VOL_PERCENTILE, CALM_MIN_SHARE, RANGE_LOW, RANGE_HIGH), checks, _BASIS
    )


# --------------------------------------------------------------------------- c42 one event
@dataclass(frozen=True)
class Elsewhere:
    """An element the best day misses, and the day that fits it best instead."""

    element: str  # the element's description
    days_fitting: int  # days of the scan that fit it
    best_day: str | None  # ISO date of the highest-scoring day that fits it, None if none


@dataclass(frozen=True)
class OneEventMeasures:
    """Whether one day fits every element of the article, from the day scan."""

    n_elements: int  # elements of the article tested (date included)
    days_scanned: int
    days_fitting_all: int  # days that fit every element
    best_day: str  # ISO date of the day that fits most elements
    best_day_fits: int  # elements it fits
    days_fitting_core: int  # days that fit every element of CORE_ELEMENTS
    core_day: str | None  # ISO date of the first such day
    missed: tuple[Elsewhere, ...]  # the elements the best day misses


def one_event(m: OneEventMeasures) -> Ruling:
    """c42: reproduced if one day fits every element; partly if none does but one day fits the whole
    price path (:data:`CORE_ELEMENTS`), so the other elements are wrong or belong to other days;
    contradicted if no day fits even the price path (the description mixes days)."""
    all_one = m.days_fitting_all >= 1
    core = m.days_fitting_core >= 1
    checks = (
        Check(
            "one_day_fits_all",
            all_one,
            yes=f"{_plural(m.days_fitting_all, 'day')} of {m.days_scanned} fit all {m.n_elements} elements",
            no=f"no day of {m.days_scanned} fits all {m.n_elements} elements (the most any fits is {m.best_day_fits}, on {m.best_day})",
        ),
        Check(
            "one_day_fits_price_path",
            core,
            yes=f"the price path fits {_plural(m.days_fitting_core, 'day')}, first {m.core_day}",
            no="no day fits the whole price path",
        ),
    )
    verdict = REPRODUCED if all_one else (PARTLY if core else CONTRADICTED)
    text = (
        "Reproduced if one day fits every element of the article; partly if none does but one day fits the whole price path "
        "(a break of $87k from above in the Asian session, a fall of 2 % within an hour, a dip below $84k of at most two hours); "
        "contradicted if no day fits even the price path."
    )
    return Ruling(verdict, THRESHOLD, text, (CORE, BREAK_LEVEL, LOW_LEVEL, SHARP_MIN_DROP, BRIEF_MAX_MINUTES, ASIA_OPEN, ASIA_CLOSE), checks, _BASIS)


RULES = {
    "c01-mid-december": mid_december,
    "c02-asian-session": asian_session,
    "c03-break-87k": break_87k,
    "c04-below-84k": below_84k,
    "c05-without-warning": without_warning,
    "c42-one-event": one_event,
}
