"""Verdict rules of the chapter "The outlook, scored" (claims c29-c33, c60, c67, c68).

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
    held = Check(
        "held_1m",
        m.days_held > m.days_1m,
        yes=f"the level held for {m.days_held:.0f} days, longer than the {m.days_1m}-day first month",
        no=f"the level broke after {m.days_held:.0f} days, within the {m.days_1m}-day first month",
    )
    checks = [held]
    if held.passed:
        centred = Check(
            "centred",
            lo <= m.median_open_3m <= hi,
            yes=f"the 3-month median open was {dev:+.1%} from it, within {near:.0%}: the price oscillated around it",
            no=f"the 3-month median open was {dev:+.1%} from it, more than {near:.0%}: the price did not oscillate around it",
        )
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
    broken = Check(
        "mostly_above_1m",
        m.share_above_1m > most,
        yes=f"{m.share_above_1m:.0%} of opens in the first month were at or above it, more than {most:.0%}: it was no resistance",
        no=f"{m.share_above_1m:.0%} of opens in the first month were at or above it, at most {most:.0%}",
    )
    checks = [broken]
    if broken.passed:
        verdict = CONTRADICTED
    else:
        cap = m.level * (1 + near)
        rarely = Check(
            "rarely_above_3m",
            m.share_above_3m < rare,
            yes=f"{m.share_above_3m:.0%} over 3 months, under {rare:.0%}",
            no=f"{m.share_above_3m:.0%} over 3 months, not under {rare:.0%}",
        )
        capped = Check(
            "capped",
            m.max_open_3m < cap,
            yes=f"no open reached {cap:,.0f} USD ({near:.0%} above it)",
            no=f"the highest open, {m.max_open_3m:,.0f} USD, passed {cap:,.0f} USD ({near:.0%} above it)",
        )
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
    c1 = Check(
        "no_strong_gain_1m",
        m.return_1m < g,
        yes=f"after 1 month the open was {m.return_1m:+.1%}, under +{g:.0%}",
        no=f"after 1 month the open was {m.return_1m:+.1%}, at least +{g:.0%}",
    )
    c3 = Check(
        "no_strong_gain_3m",
        m.return_3m < g,
        yes=f"after 3 months {m.return_3m:+.1%}, under +{g:.0%}: no strong upward momentum",
        no=f"after 3 months {m.return_3m:+.1%}, at least +{g:.0%}",
    )
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
    new = Check(
        "new_high",
        gap > NEW_HIGH_MARGIN.value,
        yes=f"the highest open of the rest of 2025 was {gap:.1%} above the old high: a new high",
        no=f"the highest open of the rest of 2025 was {-gap:.1%} below the old high: no new high",
    )
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
    below = Check(
        "below_start",
        r6 < 0 and re < 0,
        yes=f"the price was below the as-of open after 6 months ({r6:+.1%}) and at the data's end ({re:+.1%})",
        no=f"the price was not below the as-of open both after 6 months ({r6:+.1%}) and at the data's end ({re:+.1%})",
    )
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


# --------------------------------------------------------------------------------------------
# c60: liquidity would not be loosened quickly, and might be tightened
# --------------------------------------------------------------------------------------------
LIQUIDITY_HORIZON = Threshold("horizon_days", 90, "days", "the article's short-term outlook runs 1-3 months")


@dataclass(frozen=True)
class LiquidityTightened:
    """c60: the Fed's rate decisions announced within :data:`LIQUIDITY_HORIZON` days after the as-of point:
    cuts and hikes (counts)."""

    cuts: int
    hikes: int

    def __post_init__(self) -> None:
        if self.cuts < 0 or self.hikes < 0:
            raise ValueError(f"counts of decisions cannot be negative, got {self.cuts} cuts and {self.hikes} hikes")


def liquidity_tightened(m: LiquidityTightened) -> Ruling:
    h = int(LIQUIDITY_HORIZON.value)
    cut = Check(
        "cut",
        m.cuts > 0,
        yes=f"the Fed cut {m.cuts} time{'s' if m.cuts != 1 else ''} within {h} days: liquidity was loosened",
        no=f"the Fed did not cut within {h} days",
    )
    hike = Check("hike", m.hikes > 0, yes=f"it hiked {m.hikes} time{'s' if m.hikes != 1 else ''}: liquidity was tightened", no="it did not hike")
    if cut.passed and not hike.passed:
        verdict = CONTRADICTED
    elif hike.passed and not cut.passed:
        verdict = REPRODUCED
    else:
        verdict = PARTLY
    text = f"Contradicted if the Fed cut rates within {h} days after the crash; reproduced if it hiked; partly if it held (or did both)."
    return Ruling(verdict, THRESHOLD, text, (LIQUIDITY_HORIZON,), (cut, hike), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c67: a period of repair and consolidation (1-3 months)
# --------------------------------------------------------------------------------------------
RANGE_MAX = Threshold("range_max", 0.25, "fraction", "a sideways market: the highest price at most 25 % above the lowest over the horizon")
DRIFT_MAX = Threshold("drift_max", 0.10, "fraction", "no net move beyond a typical month of BTC (10 %)")
VOL_RATIO_MAX = Threshold("vol_ratio_max", 1.0, "ratio", "'repair': realised volatility no higher than in the 90 days before")


@dataclass(frozen=True)
class Consolidation:
    """c67: over the first month and over 3 months after the as-of point: the range (fraction, highest
    hourly high over lowest hourly low, minus 1), the net change of the daily open (fraction) and realised
    volatility as a ratio to the 90 days before."""

    range_1m: float
    net_1m: float
    vol_ratio_1m: float
    range_3m: float
    net_3m: float
    vol_ratio_3m: float


def _consolidating(name: str, label: str, rng: float, net: float, vol: float) -> Check:
    r, d, v = RANGE_MAX.value, DRIFT_MAX.value, VOL_RATIO_MAX.value
    ok = rng <= r and abs(net) <= d and vol <= v
    fails = [w for w, bad in ((f"range over {r:.0%}", rng > r), (f"net move over {d:.0%}", abs(net) > d), ("volatility up", vol > v)) if bad]
    measures = f"{label} the range was {rng:.0%}, the net change {net:+.1%} and volatility {vol:.2f} times the 90 days before"
    return Check(name, ok, yes=f"{measures}: a consolidation", no=f"{measures}: no consolidation ({', '.join(fails) or 'none'})")


def consolidation(m: Consolidation) -> Ruling:
    c1 = _consolidating("consolidated_1m", "over the first month", m.range_1m, m.net_1m, m.vol_ratio_1m)
    c3 = _consolidating("consolidated_3m", "over 3 months", m.range_3m, m.net_3m, m.vol_ratio_3m)
    if c1.passed and c3.passed:
        verdict = REPRODUCED
    elif c1.passed:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    r, d = RANGE_MAX.value, DRIFT_MAX.value
    text = (
        f"A horizon consolidates if the price range is at most {r:.0%}, the net change within {d:.0%} and volatility no higher than in the 90 days "
        "before: reproduced if both the first month and 3 months do; partly if only the first month does (the period came and ended early, as in "
        "c29's rule); contradicted if the first month does not."
    )
    return Ruling(verdict, THRESHOLD, text, (RANGE_MAX, DRIFT_MAX, VOL_RATIO_MAX), (c1, c3), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c68: signs of changes in Fed policy would trigger volatility again
# --------------------------------------------------------------------------------------------
EVENT_MULTIPLE = Threshold("event_multiple", 1.5, "ratio", "a visible rise: the move after a Fed decision half as large again as a typical day's")


@dataclass(frozen=True)
class FedVolatility:
    """c68: BTC's absolute 24-hour log return after each Fed decision within 3 months after the as-of
    point, and the median absolute 24-hour return (same clock time) of the other days of those months."""

    event_moves: tuple[float, ...]
    other_median: float

    def __post_init__(self) -> None:
        if not self.event_moves:
            raise ValueError("c68 needs at least one Fed decision in the window")
        if not self.other_median > 0:
            raise ValueError(f"c68 needs a positive median move of the other days, got {self.other_median}")


def fed_volatility(m: FedVolatility) -> Ruling:
    k = EVENT_MULTIPLE.value
    ratio = float(sum(m.event_moves) / len(m.event_moves)) / m.other_median
    big = Check(
        "larger",
        ratio >= k,
        yes=f"BTC moved {ratio:.1f} times a typical day in the 24 hours after Fed decisions, at least {k}",
        no=f"BTC moved {ratio:.1f} times a typical day in the 24 hours after Fed decisions, under {k}",
    )
    verdict = REPRODUCED if big.passed else (PARTLY if ratio > 1.0 else CONTRADICTED)
    text = (
        f"Reproduced if BTC's mean absolute 24-hour move after the Fed's decisions within 3 months was at least {k} times the median of the other days; "
        "contradicted if it was no larger; partly in between."
    )
    return Ruling(verdict, THRESHOLD, text, (EVENT_MULTIPLE,), (big,), (MARKET_DATA,))


RULES: dict[str, Callable[..., Ruling]] = {
    "c29-oscillate-84k": support_84k,
    "c30-87k-resistance-1-3m": resistance_87k,
    "c31-no-upward-momentum": no_momentum,
    "c32-new-ath-2025": new_high_2025,
    "c33-upward-6-12m": upturn_6_12m,
    "c60-liquidity-tightened": liquidity_tightened,
    "c67-consolidation": consolidation,
    "c68-fed-volatility": fed_volatility,
}
