"""Rules of the chapter "The support breaks" (claims c06-c09, c40, c41, c47, c50).

Each claim has a frozen dataclass of *measures* (numbers already computed from the data by
:mod:`flashcrash.levels`) and a pure rule function that turns them into a :class:`Ruling`: the
verdict, the rule in one sentence with its thresholds filled in, the thresholds and the yes/no checks
the evidence quotes. The thresholds are module constants; :mod:`flashcrash.levels` imports the ones
its measures need (the share of closes that makes a day "in the range").

A *level test* (:class:`LevelTest`) is one row of :func:`flashcrash.levels.level_tests`: touches,
bounces (rejections for a resistance) and breaks of a level on one bar size, with the p-values of
the two nulls (random levels of the same path, block-bootstrapped paths). A level *stands out* on a
bar size when both p-values are at most :data:`P_SIGNIFICANT`; a missing p-value (no decided touch)
never stands out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from flashcrash import article as A
from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    MODEL,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

# --------------------------------------------------------------------------- thresholds
P_SIGNIFICANT = Threshold(
    "p_significant", 0.10, "p-value", "a level stands out when both nulls (random levels, bootstrapped paths) give p at most 0.10 on one bar size"
)
NARROW_MAX_PERCENTILE = Threshold(
    "narrow_max_percentile", 0.5, "fraction", "narrow: the 24 h band was narrower than on at most half of the previous year's days (below the median)"
)
IN_RANGE_MIN_SHARE = Threshold("in_range_min_share", 0.5, "fraction", "in the range: at least half of the 24 h's hourly closes inside $87k-$90k")
MIN_BOUNCES = Threshold("min_bounces", 2, "bounces", "two bounces (rejections) on one bar size are a pattern, one is an anecdote")
BUSY_MIN_PERCENTILE = Threshold(
    "busy_min_volume_percentile", 0.8, "fraction", "a busy price: the level's $250 bin in the top fifth of the month's volume profile"
)
QUICK_RETURN_MAX_HOURS = Threshold("quick_return_max_hours", 48, "hours", "a price back above the level within two days did not treat it as a ceiling")
BAND_HALF_WIDTH = Threshold(
    "band_half_width", 0.005, "fraction of the level", "the level's band, +-0.5 % (about one hourly bar's median high-low range), as in the level tests"
)
SMASH_MIN_MINUTES = Threshold("smash_min_minutes_below", 60, "minutes", "a smash: the first break stays below the level for more than an hour")
BURST_RATIO = Threshold(
    "burst_ratio",
    3.0,
    "ratio to the median 5-minute bar of the 24 h before",
    "a burst well outside the day's ordinary bar. The baseline is the 24 h before, not the hour before: on 1 December the fall began "
    "55 minutes before the break, so the hour before was the sell-off itself (both ratios are reported)",
)
BURST_PERCENTILE = Threshold(
    "burst_percentile",
    0.99,
    "fraction",
    "top 1 % of the 30 days before: the 15-minute bar holding the break against every 15-minute bar of the month (the 5-minute file starts on 2025-11-30)",
)
ORDINARY_RATIO = Threshold(
    "ordinary_ratio", 1.5, "ratio to the median 5-minute bar of the 24 h before", "within the ordinary bar-to-bar spread of 5-minute volume and range"
)
THIN_RATIO_MAX = Threshold(
    "thin_ratio_max", 1.0, "ratio to the median volume of the same hour of day over 30 days", "a thin hour: no busier than a typical hour at that time of day"
)
BUSY_RATIO_MIN = Threshold(
    "busy_ratio_min", 1.5, "ratio to the median volume of the same hour of day over 30 days", "an unusually busy hour is not a weak-liquidity period"
)

KNOWN_LEVELS = {A.LEVEL_BREAK: "$87k", A.LEVEL_LOW: "$84k"}


def _usd(level: float) -> str:
    """``$87k`` for the article's levels, ``$85,500`` otherwise."""
    return KNOWN_LEVELS.get(float(level), f"${level:,.0f}")


def count(k: int, word: str) -> str:
    """``1 bounce`` / ``3 bounces`` / ``2 touches``."""
    if k == 1:
        return f"{k} {word}"
    return f"{k} {word}es" if word.endswith(("ch", "sh", "s", "x")) else f"{k} {word}s"


def _three_way(first: bool, second: bool) -> str:
    """Reproduced when both hold, partly when one does, contradicted when neither."""
    if first and second:
        return REPRODUCED
    if first or second:
        return PARTLY
    return CONTRADICTED


# --------------------------------------------------------------------------- level tests
@dataclass(frozen=True)
class LevelTest:
    """One level on one bar size: counts and the two nulls' p-values (NaN without a decided touch)."""

    bars: str  # "5min", "15min", "1h"
    touches: int
    bounces: int  # rejections for a resistance
    breaks: int
    p_levels: float  # against random levels of the same path
    p_paths: float  # against block-bootstrapped paths

    def __post_init__(self) -> None:
        if min(self.touches, self.bounces, self.breaks) < 0 or self.bounces + self.breaks > self.touches:
            raise ValueError(f"level test on {self.bars} bars: need 0 <= bounces + breaks <= touches, got {self}")


def stands_out(t: LevelTest) -> bool:
    """Both p-values at most :data:`P_SIGNIFICANT` (a NaN p-value fails)."""
    return t.p_levels <= P_SIGNIFICANT.value and t.p_paths <= P_SIGNIFICANT.value


def _best(tests: tuple[LevelTest, ...]) -> LevelTest:
    """The bar size whose larger p-value is smallest (NaN counts as 1)."""
    if not tests:
        raise ValueError("a level rule needs at least one level test")

    def worse(t: LevelTest) -> float:
        return max(1.0 if math.isnan(p) else p for p in (t.p_levels, t.p_paths))

    return min(tests, key=worse)


def _stand_out_check(level: float, role: str, tests: tuple[LevelTest, ...]) -> Check:
    b = _best(tests)
    p = P_SIGNIFICANT.value
    return Check(
        "stands_out",
        any(stands_out(t) for t in tests),
        yes=f"{_usd(level)} stood out as a {role} against both nulls ({b.bars} bars: p = {b.p_levels:.2f} and {b.p_paths:.2f}, both at most {p:.2f})",
        no=f"against the nulls {_usd(level)} was nothing special as a {role} (best bar size {b.bars}: p = {b.p_levels:.2f} and {b.p_paths:.2f}, not both at most {p:.2f})",
    )


def _bounces_check(level: float, tests: tuple[LevelTest, ...], word: str = "bounce") -> Check:
    most = max(tests, key=lambda t: t.bounces)
    k = MIN_BOUNCES.value
    return Check(
        "repeated_bounces",
        most.bounces >= k,
        yes=f"{_usd(level)} turned the price at least {k} times on one bar size ({count(most.bounces, word)} on {most.bars} bars)",
        no=f"{_usd(level)} turned the price fewer than {k} times on every bar size (at most {count(most.bounces, word)}, on {most.bars} bars)",
    )


# --------------------------------------------------------------------------- c06
@dataclass(frozen=True)
class PriorRange:
    """c06: the 24 h band before the event day's UTC midnight."""

    width_percentile: float  # fraction of the previous year's midnights with a narrower 24 h band
    share_in_range: float  # fraction of the 24 h's hourly closes inside $87k-$90k


def prior_range(m: PriorRange) -> Ruling:
    """c06 "oscillating within a narrow range of $87,000 to $90,000": narrow and in the range."""
    narrow = Check(
        "narrow",
        m.width_percentile <= NARROW_MAX_PERCENTILE.value,
        yes=f"the 24 h band was narrow (width percentile {m.width_percentile:.2f}, at most {NARROW_MAX_PERCENTILE.value:.2f})",
        no=f"the 24 h band was not narrow (width percentile {m.width_percentile:.2f}, above {NARROW_MAX_PERCENTILE.value:.2f})",
    )
    inside = Check(
        "in_range",
        m.share_in_range >= IN_RANGE_MIN_SHARE.value,
        yes=f"{m.share_in_range:.0%} of its hourly closes were inside $87k-$90k (at least {IN_RANGE_MIN_SHARE.value:.0%})",
        no=f"only {m.share_in_range:.0%} of its hourly closes were inside $87k-$90k (fewer than {IN_RANGE_MIN_SHARE.value:.0%})",
    )
    return Ruling(
        _three_way(narrow.passed, inside.passed),
        THRESHOLD,
        f"Reproduced if the 24 h band before the day was narrow (width percentile at most {NARROW_MAX_PERCENTILE.value:.2f} of the previous "
        f"year) and at least {IN_RANGE_MIN_SHARE.value:.0%} of its hourly closes were inside $87k-$90k; partly if one of the two holds; "
        "contradicted if neither.",
        (NARROW_MAX_PERCENTILE, IN_RANGE_MIN_SHARE),
        (narrow, inside),
        (MARKET_DATA,),
    )


# --------------------------------------------------------------------------- c07
@dataclass(frozen=True)
class SupportBefore:
    """c07: $87k as a support in the 30 days before the event."""

    level: float  # USD
    tests: tuple[LevelTest, ...]  # one per bar size (15-minute and hourly)
    volume_percentile: float  # rank of the level's price bin by volume (1 = the busiest bin)


def support_before(m: SupportBefore) -> Ruling:
    """c07 "an important technical support": it stood out against the nulls, or at least was used."""
    out = _stand_out_check(m.level, "support", m.tests)
    bounced = _bounces_check(m.level, m.tests)
    busy = Check(
        "busy_price",
        m.volume_percentile >= BUSY_MIN_PERCENTILE.value,
        yes=f"its price bin was busy (volume percentile {m.volume_percentile:.2f}, at least {BUSY_MIN_PERCENTILE.value:.2f})",
        no=f"its price bin was not busy (volume percentile {m.volume_percentile:.2f}, below {BUSY_MIN_PERCENTILE.value:.2f})",
    )
    verdict = REPRODUCED if out.passed else (PARTLY if bounced.passed or busy.passed else CONTRADICTED)
    return Ruling(
        verdict,
        THRESHOLD,
        f"Reproduced if {_usd(m.level)} stood out as a support against both nulls (both p at most {P_SIGNIFICANT.value:.2f} on one bar size); "
        f"partly if it turned the price at least {MIN_BOUNCES.value} times on one bar size or its price bin was in the month's top "
        f"{1 - BUSY_MIN_PERCENTILE.value:.0%} by volume; contradicted otherwise.",
        (P_SIGNIFICANT, MIN_BOUNCES, BUSY_MIN_PERCENTILE),
        (out, bounced, busy),
        (MARKET_DATA, MODEL),
    )


# --------------------------------------------------------------------------- c08
@dataclass(frozen=True)
class ResistanceAfter:
    """c08: $87k as a resistance after the event's low."""

    level: float  # USD
    tests: tuple[LevelTest, ...]  # approaches from below, one per bar size (5-minute and hourly)
    hours_to_back_above: float  # hours from the low to the first 5-minute close back above (NaN: never)


def resistance_after(m: ResistanceAfter) -> Ruling:
    """c08 "will become an important resistance level": it stood out, and the price stayed below."""
    out = _stand_out_check(m.level, "resistance", m.tests)
    h = m.hours_to_back_above
    qmax = QUICK_RETURN_MAX_HOURS.value
    quick = Check(
        "quick_return",
        h <= qmax,
        yes=f"the price was back above {_usd(m.level)} within {h:.0f} h of the low (at most {qmax} h)",
        no=(
            f"the price stayed below {_usd(m.level)} for {h:.0f} h after the low (more than {qmax} h)"
            if not math.isnan(h)
            else f"the price never closed back above {_usd(m.level)} in the data"
        ),
    )
    rejected = _bounces_check(m.level, m.tests, "rejection")
    verdict = REPRODUCED if out.passed and not quick.passed else (PARTLY if out.passed or rejected.passed else CONTRADICTED)
    return Ruling(
        verdict,
        THRESHOLD,
        f"Reproduced if {_usd(m.level)} stood out as a resistance against both nulls (both p at most {P_SIGNIFICANT.value:.2f} on one bar size) "
        f"and the price did not close back above it within {qmax} hours; partly if it stood out, or rejected the price at least "
        f"{MIN_BOUNCES.value} times on one bar size; contradicted otherwise.",
        (P_SIGNIFICANT, QUICK_RETURN_MAX_HOURS, MIN_BOUNCES),
        (out, quick, rejected),
        (MARKET_DATA, MODEL),
    )


# --------------------------------------------------------------------------- c09
@dataclass(frozen=True)
class SupportAfter:
    """c09: $84k as a support after the event's low."""

    level: float  # USD
    tests: tuple[LevelTest, ...]  # approaches from above, one per bar size (5-minute and hourly)
    low_after: float  # lowest price from the next UTC day to the end of the 5-minute data (USD)


def support_after(m: SupportAfter) -> Ruling:
    """c09 "seek new support around $84,000": the band held, and the level stood out."""
    out = _stand_out_check(m.level, "support", m.tests)
    edge = m.level * (1 - BAND_HALF_WIDTH.value)
    held = Check(
        "held",
        m.low_after >= edge,
        yes=f"the {_usd(m.level)} band held to the end of the 5-minute data (lowest ${m.low_after:,.0f}, not below its lower edge ${edge:,.0f})",
        no=f"the price fell through the {_usd(m.level)} band before the end of the 5-minute data (lowest ${m.low_after:,.0f}, below its lower edge ${edge:,.0f})",
    )
    bounced = _bounces_check(m.level, m.tests)
    verdict = REPRODUCED if out.passed and held.passed else (PARTLY if held.passed or bounced.passed else CONTRADICTED)
    return Ruling(
        verdict,
        THRESHOLD,
        f"Reproduced if no price to the end of the 5-minute data fell below the {_usd(m.level)} band ({BAND_HALF_WIDTH.value:.1%} below the level) "
        f"and {_usd(m.level)} stood out as a support against both nulls (both p at most {P_SIGNIFICANT.value:.2f} on one bar size); "
        f"partly if the band held or the level turned the price at least {MIN_BOUNCES.value} times on one bar size; contradicted otherwise.",
        (BAND_HALF_WIDTH, P_SIGNIFICANT, MIN_BOUNCES),
        (out, held, bounced),
        (MARKET_DATA, MODEL),
    )


# --------------------------------------------------------------------------- c40
@dataclass(frozen=True)
class FirstBreak:
    """c40: the first 5-minute bar below $87k on the event day."""

    level: float  # USD
    depth: float  # USD below the level in the first bar below it
    minutes_to_recover: float  # from that bar's open to the first close back at or above (NaN: never)


def smashed(m: FirstBreak) -> Ruling:
    """c40 "directly smashing through the $87,000 level": the first break deep and lasting."""
    min_depth = BAND_HALF_WIDTH.value * m.level
    deep = Check(
        "deep",
        m.depth >= min_depth,
        yes=f"the first break went ${m.depth:,.0f} below {_usd(m.level)}, through the level's band (at least ${min_depth:,.0f})",
        no=f"the first break went only ${m.depth:,.0f} below {_usd(m.level)}, inside the level's band (less than ${min_depth:,.0f})",
    )
    r = m.minutes_to_recover
    lmin = SMASH_MIN_MINUTES.value
    lasted = Check(
        "lasted",
        math.isnan(r) or r > lmin,
        yes=(f"it stayed below for {r:.0f} minutes (more than {lmin} minutes)" if not math.isnan(r) else "it never closed back above in the data"),
        no=f"the price closed back above {r:.0f} minutes later (within {lmin} minutes)",
    )
    return Ruling(
        REPRODUCED if deep.passed and lasted.passed else PARTLY,
        THRESHOLD,
        f"Reproduced if the first bar below {_usd(m.level)} went through the level's band (at least {BAND_HALF_WIDTH.value:.1%} of the level below it) "
        f"and the price stayed below for more than {lmin} minutes; otherwise partly, since the price did break the level that day.",
        (BAND_HALF_WIDTH, SMASH_MIN_MINUTES),
        (deep, lasted),
        (MARKET_DATA,),
    )


# --------------------------------------------------------------------------- c41
@dataclass(frozen=True)
class RoundNumbers:
    """c41: round thousands as turning points in the 30 days before the event."""

    p_clustering: float  # binomial p of swing pivots within $100 of a multiple of $1,000
    p_round_vs_half_way: float  # one-sided p that round levels bounce more often than half-way ones


def round_numbers(m: RoundNumbers) -> Ruling:
    """c41 "an important psychological support": turning points gather at round thousands."""
    p = P_SIGNIFICANT.value
    clusters = Check(
        "pivots_cluster",
        m.p_clustering <= p,
        yes=f"turning points gathered at round thousands (p = {m.p_clustering:.2f}, at most {p:.2f})",
        no=f"turning points did not gather at round thousands (p = {m.p_clustering:.2f}, above {p:.2f})",
    )
    better = Check(
        "round_bounce_more",
        m.p_round_vs_half_way <= p,
        yes=f"round thousands bounced the price more often than half-way levels (p = {m.p_round_vs_half_way:.2f}, at most {p:.2f})",
        no=f"round thousands bounced the price no more often than half-way levels (p = {m.p_round_vs_half_way:.2f}, above {p:.2f})",
    )
    return Ruling(
        _three_way(clusters.passed, better.passed),
        THRESHOLD,
        f"Reproduced if swing pivots cluster at round thousands and round thousands bounce the price more often than the half-way levels "
        f"(each a one-sided test with p at most {p:.2f}); partly if one of the two holds; contradicted if neither.",
        (P_SIGNIFICANT,),
        (clusters, better),
        (MARKET_DATA, MODEL),
    )


# --------------------------------------------------------------------------- c47
@dataclass(frozen=True)
class BreakBar:
    """c47: the first 5-minute bar that closed below the level, against ordinary bars."""

    level: float  # USD
    volume_ratio: float  # its volume / median volume of the 288 bars (24 h) before
    range_ratio: float  # its high-low range / median range of the same bars
    volume_percentile: float  # the 15-minute bar holding it: volume ratio's percentile in the 30 days before (fraction)

    def __post_init__(self) -> None:
        if not (self.volume_ratio >= 0 and self.range_ratio >= 0):
            raise ValueError(f"volume and range ratios must be non-negative numbers, got {self.volume_ratio}, {self.range_ratio}")
        if not 0 <= self.volume_percentile <= 1:
            raise ValueError(f"volume_percentile must be a fraction in [0, 1], got {self.volume_percentile}")


def large_sell_orders(m: BreakBar) -> Ruling:
    """c47 "Large sell orders suddenly emerged": the break bar heavy, wide and rare (bars show it, not the orders)."""
    k, lo, q = BURST_RATIO.value, ORDINARY_RATIO.value, BURST_PERCENTILE.value
    heavy = Check(
        "heavy",
        m.volume_ratio >= k,
        yes=f"the break bar traded {m.volume_ratio:.1f} times the volume of an ordinary 5-minute bar (at least {k:g})",
        no=f"the break bar traded {m.volume_ratio:.1f} times the volume of an ordinary 5-minute bar (less than {k:g})",
    )
    wide = Check(
        "wide",
        m.range_ratio >= k,
        yes=f"its range was {m.range_ratio:.1f} times an ordinary bar's (at least {k:g})",
        no=f"its range was {m.range_ratio:.1f} times an ordinary bar's (less than {k:g})",
    )
    rare = Check(
        "rare",
        m.volume_percentile >= q,
        yes=f"on 15-minute bars its volume burst was larger than {m.volume_percentile:.2%} of the month before's (in the top {1 - q:.0%})",
        no=f"on 15-minute bars its volume burst was larger than {m.volume_percentile:.2%} of the month before's (not in the top {1 - q:.0%})",
    )
    checks = [heavy, wide, rare]
    if not heavy.passed and not wide.passed:
        checks.append(
            Check(
                "beyond_ordinary",
                max(m.volume_ratio, m.range_ratio) >= lo,
                yes=f"at least one of the two reached {lo:g} times an ordinary bar",
                no=f"neither reached {lo:g} times an ordinary bar: an ordinary bar",
            )
        )
    ordinary = len(checks) == 4 and not checks[3].passed
    verdict = REPRODUCED if heavy.passed and wide.passed and rare.passed else (CONTRADICTED if ordinary else PARTLY)
    return Ruling(
        verdict,
        THRESHOLD,
        f"Reproduced, as far as bars can show (a heavy, wide bar is what large market orders leave; the orders and their side are not public), if the first "
        f"5-minute bar to close below {_usd(m.level)} traded at least {k:g} times the volume and range of the median 5-minute bar of the 24 h before and "
        f"its 15-minute volume burst was in the top {1 - q:.0%} of the 30 days before; contradicted if neither its volume nor its range reached {lo:g} times "
        "the median bar; partly otherwise.",
        (BURST_RATIO, BURST_PERCENTILE, ORDINARY_RATIO),
        tuple(checks),
        (MARKET_DATA,),
    )


# --------------------------------------------------------------------------- c50
@dataclass(frozen=True)
class HourBefore:
    """c50: market volume in the clock hour before the break's hour, against the same hour of day."""

    ratio: float  # Binance BTC volume (perpetual + spot) / median of the same clock hour over the 30 days before
    weekend: bool  # the break bar opened on a Saturday or Sunday (UTC)

    def __post_init__(self) -> None:
        if not self.ratio >= 0:
            raise ValueError(f"the volume ratio must be a non-negative number, got {self.ratio}")


def weak_liquidity(m: HourBefore) -> Ruling:
    """c50 "during relatively weak liquidity periods": a thin hour before the break (volume as the proxy), or a weekend."""
    thin_max, busy_min = THIN_RATIO_MAX.value, BUSY_RATIO_MIN.value
    weekend = Check("weekend", m.weekend, yes="the break came on a weekend (UTC)", no="the break came on a weekday (UTC)")
    thin = Check(
        "thin",
        m.ratio <= thin_max,
        yes=f"the hour before it traded {m.ratio:.2f} times the usual volume for that hour of day (at most {thin_max:.1f}): a thin hour",
        no=f"the hour before it traded {m.ratio:.2f} times the usual volume for that hour of day (more than {thin_max:.1f})",
    )
    checks = [weekend, thin]
    if not thin.passed:
        checks.append(
            Check(
                "busy",
                m.ratio >= busy_min,
                yes=f"at least {busy_min:.1f}: an unusually busy hour, not a thin one",
                no=f"below {busy_min:.1f}: busier than usual, but not unusually busy",
            )
        )
    busy = len(checks) == 3 and checks[2].passed
    verdict = REPRODUCED if weekend.passed or thin.passed else (CONTRADICTED if busy else PARTLY)
    return Ruling(
        verdict,
        THRESHOLD,
        f"Volume stands in for liquidity (order-book depth is not in the data). Reproduced if the clock hour before the break traded at most {thin_max:.1f} times "
        f"the median volume of that hour of day over the 30 days before (BTC perpetual and spot volume together), or the break came on a weekend; "
        f"contradicted if it traded at least {busy_min:.1f} times that median on a weekday; partly otherwise.",
        (THIN_RATIO_MAX, BUSY_RATIO_MIN),
        tuple(checks),
        (MARKET_DATA,),
    )


RULES: dict[str, Callable[..., Ruling]] = {
    "c06-prior-range": prior_range,
    "c07-87k-support": support_before,
    "c08-87k-resistance-after": resistance_after,
    "c09-84k-support-after": support_after,
    "c40-87k-smashed": smashed,
    "c41-87k-psychological": round_numbers,
    "c47-large-sell-orders": large_sell_orders,
    "c50-weak-liquidity": weak_liquidity,
}
