"""Verdict rules of the chapter "The outlook, scored" (claims c29-c33).

Every statement is scored on the realised path: Bitstamp daily opens at 00:00 UTC after the as-of
point (the end of the crash day). Measures are computed by :mod:`flashcrash.scenarios.assess`; the
scenario models' probabilities are shown beside the verdicts but do not decide them. Units: prices
in USD, returns and shares as fractions, durations in days.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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

#: "near" a level
NEAR = Threshold("near_level", 0.03, "fraction", "within 3 % of a level: about one day's move of BTC, so the price is at the level, not merely on its way")
#: a share of days that counts as "most" of them
MOSTLY = Threshold("mostly_share", 0.5, "fraction", "more than half the daily opens: the level was broken more often than it held")
#: a share of days that counts as "rarely"
RARELY = Threshold("rarely_share", 0.1, "fraction", "fewer than one open in ten: a resistance lets the price through only now and then")
#: a gain that counts as strong upward momentum
STRONG_GAIN = Threshold("strong_gain", 0.10, "fraction", "a 10 % gain: less than one monthly standard deviation of BTC, a low bar for 'strong'")


# --------------------------------------------------------------------------------------------
# c29: support near $84k, oscillation around it (1-3 months)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Support84k:
    """c29: days until the first daily open at or below the level (``inf`` if none), the days of the
    1- and 3-month horizons, the median open over 3 months and the level (USD)."""

    days_held: float
    days_1m: int
    days_3m: int
    median_open_3m: float
    level: float = A.LEVEL_LOW


def support_84k(m: Support84k) -> Ruling:
    near = NEAR.value
    dev = m.median_open_3m / m.level - 1.0
    lo, hi = m.level * (1 - near), m.level * (1 + near)
    held = Check("held_1m", m.days_held > m.days_1m, yes=f"the level held for {m.days_held:.0f} days, longer than the {m.days_1m}-day first month", no=f"the level broke after {m.days_held:.0f} days, within the {m.days_1m}-day first month")
    checks = [held]
    if held.passed:
        centred = Check("centred", lo <= m.median_open_3m <= hi, yes=f"the 3-month median open was {dev:+.1%} from it, within {near:.0%}: the price oscillated around it", no=f"the 3-month median open was {dev:+.1%} from it, more than {near:.0%}: the price did not oscillate around it")
        held3 = Check("held_3m", m.days_held > m.days_3m, yes=f"it still held after {m.days_3m} days", no=f"it broke within the {m.days_3m} days of 3 months")
        checks += [centred, held3]
        verdict = REPRODUCED if centred.passed and held3.passed else PARTLY
    else:
        verdict = CONTRADICTED
    text = (
        f"Reproduced if no daily open fell to ${m.level:,.0f} or below within 3 months and the 3-month median open was within {near:.0%} of it; "
        "partly if the level held for the first month only or the price did not centre on it; contradicted if it broke within the first month."
    )
    return Ruling(verdict, THRESHOLD, text, (NEAR,), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c30: $87k as resistance (1-3 months)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resistance87k:
    """c30: shares (fraction) of daily opens at or above the level in the first month and over 3
    months, the highest open over 3 months and the level (USD)."""

    share_above_1m: float
    share_above_3m: float
    max_open_3m: float
    level: float = A.LEVEL_BREAK


def resistance_87k(m: Resistance87k) -> Ruling:
    most, rare, near = MOSTLY.value, RARELY.value, NEAR.value
    broken = Check("mostly_above_1m", m.share_above_1m > most, yes=f"{m.share_above_1m:.0%} of opens in the first month were at or above it, more than {most:.0%}: it was no resistance", no=f"{m.share_above_1m:.0%} of opens in the first month were at or above it, at most {most:.0%}")
    checks = [broken]
    if broken.passed:
        verdict = CONTRADICTED
    else:
        cap = m.level * (1 + near)
        rarely = Check("rarely_above_3m", m.share_above_3m < rare, yes=f"{m.share_above_3m:.0%} over 3 months, under {rare:.0%}", no=f"{m.share_above_3m:.0%} over 3 months, not under {rare:.0%}")
        capped = Check("capped", m.max_open_3m < cap, yes=f"no open reached {cap:,.0f} USD ({near:.0%} above it)", no=f"the highest open, {m.max_open_3m:,.0f} USD, passed {cap:,.0f} USD ({near:.0%} above it)")
        checks += [rarely, capped]
        verdict = REPRODUCED if rarely.passed and capped.passed else PARTLY
    text = (
        f"Contradicted if more than {most:.0%} of the first month's daily opens were at or above ${m.level:,.0f}; reproduced if fewer than "
        f"{rare:.0%} of 3 months' opens were and none passed it by {near:.0%}; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (MOSTLY, RARELY, NEAR), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c31: no strong upward momentum (1-3 months)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoMomentum:
    """c31: returns (fraction) from the as-of open to the opens 1 and 3 months later."""

    return_1m: float
    return_3m: float


def no_momentum(m: NoMomentum) -> Ruling:
    g = STRONG_GAIN.value
    c1 = Check("no_strong_gain_1m", m.return_1m < g, yes=f"after 1 month the open was {m.return_1m:+.1%}, under +{g:.0%}", no=f"after 1 month the open was {m.return_1m:+.1%}, at least +{g:.0%}")
    c3 = Check("no_strong_gain_3m", m.return_3m < g, yes=f"after 3 months {m.return_3m:+.1%}, under +{g:.0%}: no strong upward momentum", no=f"after 3 months {m.return_3m:+.1%}, at least +{g:.0%}")
    verdict = REPRODUCED if c1.passed and c3.passed else CONTRADICTED
    text = f"Reproduced if the daily open 1 month and 3 months after the as-of point were both less than {g:.0%} above the as-of open; contradicted otherwise."
    return Ruling(verdict, THRESHOLD, text, (STRONG_GAIN,), (c1, c3), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c32: a new all-time high in 2025
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewHigh2025:
    """c32: the all-time-high open up to the as-of point and the highest open in the rest of 2025 (USD)."""

    ath: float
    max_open_rest_of_year: float


#: A new high is any daily open above the old one: no margin (the article says "new highs", not by how much).
NEW_HIGH_MARGIN = Threshold("new_high_margin", 0.0, "fraction", "a new high: any daily open above the highest open before, by any margin")


def new_high_2025(m: NewHigh2025) -> Ruling:
    gap = m.max_open_rest_of_year / m.ath - 1.0
    new = Check("new_high", gap > NEW_HIGH_MARGIN.value, yes=f"the highest open of the rest of 2025 was {gap:.1%} above the old high: a new high", no=f"the highest open of the rest of 2025 was {-gap:.1%} below the old high: no new high")
    verdict = REPRODUCED if new.passed else CONTRADICTED
    text = "Reproduced if a daily open in the rest of 2025 was above the highest open up to the as-of point; contradicted otherwise."
    return Ruling(verdict, THRESHOLD, text, (NEW_HIGH_MARGIN,), (new,), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c33: a new upward round over 6-12 months
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Upturn6to12m:
    """c33: returns (fraction) from the as-of open to the open 6 months later and to the last open in
    the data (which may end before 12 months)."""

    return_6m: float
    return_end: float

    def __post_init__(self) -> None:
        if math.isnan(self.return_6m) or math.isnan(self.return_end):
            raise ValueError("c33 needs the 6-month and end-of-data returns (the data must reach 6 months)")


def upturn_6_12m(m: Upturn6to12m) -> Ruling:
    g = STRONG_GAIN.value
    r6, re = m.return_6m, m.return_end
    below = Check("below_start", r6 < 0 and re < 0, yes=f"the price was below the as-of open after 6 months ({r6:+.1%}) and at the data's end ({re:+.1%})", no=f"the price was not below the as-of open both after 6 months ({r6:+.1%}) and at the data's end ({re:+.1%})")
    checks = [below]
    if below.passed:
        verdict = CONTRADICTED
    else:
        up = Check("strong_rise", r6 > g and re > g, yes=f"both are more than +{g:.0%}: an upward round", no=f"not both are more than +{g:.0%}")
        checks.append(up)
        verdict = REPRODUCED if up.passed else PARTLY
    text = (
        f"Reproduced if the open 6 months after the as-of point and the last open in the data were both more than {g:.0%} above the as-of open; "
        "contradicted if both were below it; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (STRONG_GAIN,), tuple(checks), (MARKET_DATA,))


RULES: dict[str, Callable[..., Ruling]] = {
    "c29-oscillate-84k": support_84k,
    "c30-87k-resistance-1-3m": resistance_87k,
    "c31-no-upward-momentum": no_momentum,
    "c32-new-ath-2025": new_high_2025,
    "c33-upward-6-12m": upturn_6_12m,
}
