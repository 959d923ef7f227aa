"""Verdict rules of the chapter "Contagion, leverage and the macro backdrop" (claims c18-c28).

Each claim has a frozen dataclass of measures (numbers already computed from the data by
:mod:`flashcrash.contagion` and :mod:`flashcrash.macro`) and a pure rule returning a
:class:`~flashcrash.rules.base.Ruling`. Units: drawdowns, falls and shares are fractions (a fall is
negative), yields and rate moves are basis points, times are minutes or days.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from flashcrash.rules import atlas as atlas_rules
from flashcrash.rules.base import (
    CONTRADICTED,
    JUDGEMENT,
    MARKET_DATA,
    NOT_CHECKABLE,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _by_count(n_passed: int, n_checks: int) -> str:
    """All checks passed: reproduced; none: contradicted; some: partly."""
    if n_passed == n_checks:
        return REPRODUCED
    return CONTRADICTED if n_passed == 0 else PARTLY


# --------------------------------------------------------------------------------------------
# c18: ETH and the altcoins fell with BTC
# --------------------------------------------------------------------------------------------
ALT_FALL_MIN = Threshold("alt_fall_min", 0.05, "fraction", "a fall of 5 % from the prior close: about two daily standard deviations of BTC, a crash-day move")
LOWS_WITHIN = Threshold("lows_within_minutes", 120, "minutes", "lows within two hours of BTC's belong to the same sell-off, not to separate moves later in the day")
FOLLOWED_SHARE_MIN = Threshold("followed_share_min", 0.5, "fraction", "if fewer than half the altcoins fell 5 %, the market as a whole did not follow")


@dataclass(frozen=True)
class AltsFollowed:
    """c18: drawdowns (fraction, prior close to the day's low) of the altcoins and of BTC, and the
    largest gap (minutes) between an altcoin's low and BTC's."""

    btc_drawdown: float
    alt_drawdowns: tuple[float, ...]
    max_minutes_between_lows: float

    def __post_init__(self) -> None:
        if not self.alt_drawdowns:
            raise ValueError("c18 needs the drawdown of at least one altcoin")


def alts_followed(m: AltsFollowed) -> Ruling:
    n = len(m.alt_drawdowns)
    fell = sum(d <= -ALT_FALL_MIN.value for d in m.alt_drawdowns)
    lim, gap = ALT_FALL_MIN.value, LOWS_WITHIN.value
    all_fell = Check("all_fell", fell == n, yes=f"all {n} altcoins fell at least {lim:.0%}", no=f"only {fell} of {n} altcoins fell at least {lim:.0%}")
    checks = [all_fell]
    if all_fell.passed:
        together = Check("lows_together", m.max_minutes_between_lows <= gap, yes=f"every low came within {m.max_minutes_between_lows:.0f} minutes of BTC's, inside {gap} minutes", no=f"some lows came {m.max_minutes_between_lows:.0f} minutes from BTC's, more than {gap} minutes")
        checks.append(together)
        verdict = REPRODUCED if together.passed else PARTLY
    else:
        most = Check("most_fell", fell >= n * FOLLOWED_SHARE_MIN.value, yes=f"that is at least {FOLLOWED_SHARE_MIN.value:.0%} of them", no=f"that is fewer than {FOLLOWED_SHARE_MIN.value:.0%} of them")
        checks.append(most)
        verdict = PARTLY if most.passed else CONTRADICTED
    text = (
        f"Reproduced if every altcoin fell at least {lim:.0%} from the prior close and every low came within {gap} minutes of BTC's; "
        f"contradicted if fewer than {FOLLOWED_SHARE_MIN.value:.0%} of them fell {lim:.0%}; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (ALT_FALL_MIN, LOWS_WITHIN, FOLLOWED_SHARE_MIN), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c19: the panic ran from the derivatives market to the spot market
# --------------------------------------------------------------------------------------------
SPOT_SHARE_MIN = Threshold("spot_share_of_perp_fall_min", 0.8, "fraction", "spot fell at least 80 % as far as the perpetual: the selling reached spot")
DISLOCATION_BP = Threshold("perp_discount_min_bp", 10.0, "bp", "a perp discount 10 bp beyond its usual level: several times the hourly basis's spread around its median in the month before")


@dataclass(frozen=True)
class DerivativesToSpot:
    """c19: BTC perp and spot falls (fraction, prior hourly close to the day's lowest hourly close) and
    the perp basis (bp of spot): median in the month before and minimum on the event day."""

    perp_fall: float
    spot_fall: float
    basis_before_median_bp: float
    basis_event_min_bp: float

    def __post_init__(self) -> None:
        if self.perp_fall >= 0:
            raise ValueError(f"c19 needs a perp that fell (perp_fall < 0), got {self.perp_fall}")


def derivatives_to_spot(m: DerivativesToSpot) -> Ruling:
    share = m.spot_fall / m.perp_fall
    widening = m.basis_before_median_bp - m.basis_event_min_bp
    lim, bp = SPOT_SHARE_MIN.value, DISLOCATION_BP.value
    spot = Check("spot_fell", m.spot_fall <= lim * m.perp_fall, yes=f"spot fell {share:.0%} as far as the perp, at least {lim:.0%}", no=f"spot fell only {share:.0%} as far as the perp, less than {lim:.0%}")
    checks = [spot]
    if spot.passed:
        led = Check("perp_dislocated", widening >= bp, yes=f"the perp's discount widened {widening:.1f} bp beyond its usual level, at least {bp:.0f} bp: a perp-led dislocation", no=f"the perp's discount widened only {widening:.1f} bp beyond its usual level, less than {bp:.0f} bp: no perp-led dislocation at hourly resolution")
        checks.append(led)
        verdict = REPRODUCED if led.passed else PARTLY
    else:
        verdict = CONTRADICTED
    text = (
        f"Reproduced if spot fell at least {lim:.0%} as far as the perpetual and the perp's basis widened at least {bp:.0f} bp "
        f"beyond its median of the month before; partly if spot fell but the basis did not; contradicted if spot did not fall."
    )
    return Ruling(verdict, THRESHOLD, text, (SPOT_SHARE_MIN, DISLOCATION_BP), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c20: funding had been high for a long time
# --------------------------------------------------------------------------------------------
FUNDING_HIGH_PCTL = Threshold("funding_high_percentile", 0.8, "fraction", "in the top fifth of all 30- and 90-day means since 2019: high by the market's own history")
FUNDING_LOW_PCTL = Threshold("funding_low_percentile", 0.5, "fraction", "at or below the median of that history: not high at all")


@dataclass(frozen=True)
class HighFunding:
    """c20: percentile (fraction) of BTCUSDT mean funding over the 30 and 90 days before the crash
    among all 30- and 90-day means since 2019."""

    percentile_30d: float
    percentile_90d: float

    def __post_init__(self) -> None:
        for p in (self.percentile_30d, self.percentile_90d):
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"c20 percentiles are fractions in [0, 1], got {p}")


def high_funding(m: HighFunding) -> Ruling:
    hi, lo = FUNDING_HIGH_PCTL.value, FUNDING_LOW_PCTL.value
    p30, p90 = m.percentile_30d, m.percentile_90d
    high = Check("high", p30 >= hi and p90 >= hi, yes=f"both percentiles ({p30:.0%}, {p90:.0%}) are at or above {hi:.0%}: long-term high", no=f"not both percentiles ({p30:.0%}, {p90:.0%}) reach {hi:.0%}")
    low = Check("low", p30 <= lo and p90 <= lo, yes=f"both are at or below {lo:.0%}: funding was low, not long-term high", no=f"not both are at or below {lo:.0%}")
    verdict = REPRODUCED if high.passed else (CONTRADICTED if low.passed else PARTLY)
    text = (
        f"Reproduced if the 30- and 90-day mean funding before the crash both sit at or above the {hi * 100:.0f}th percentile of their history "
        f"since 2019; contradicted if both sit at or below the {lo * 100:.0f}th percentile; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (FUNDING_HIGH_PCTL, FUNDING_LOW_PCTL), (high, low), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c21: open interest and leverage fell after the crash
# --------------------------------------------------------------------------------------------
OI_FALL_MIN = Threshold("oi_fall_min", 0.10, "fraction", "a tenth of open interest gone across the crash: 'significantly', beyond the few percent it moves on an ordinary day")


@dataclass(frozen=True)
class OpenInterestFell:
    """c21: how many days after the crash day's start the open-interest series begins, and the change
    of open interest (fraction) from before the day to its end (NaN when the series starts later)."""

    days_after_event: float
    oi_change_across: float = float("nan")


def open_interest_fell(m: OpenInterestFell) -> Ruling:
    fall = OI_FALL_MIN.value
    covered = Check("covered", m.days_after_event <= 0, yes="the open-interest series covers the crash", no=f"the only open-interest series starts {m.days_after_event:.1f} days after the crash")
    checks = [covered]
    if not covered.passed or math.isnan(m.oi_change_across):
        verdict = NOT_CHECKABLE
    else:
        ch = m.oi_change_across
        fell = Check("fell", ch <= -fall, yes=f"open interest fell {-ch:.1%} across the crash, at least {fall:.0%}", no=f"open interest changed {ch:+.1%} across the crash, not a fall of {fall:.0%}")
        checks.append(fell)
        verdict = REPRODUCED if fell.passed else (PARTLY if ch < 0 else CONTRADICTED)
    text = (
        f"Not checkable unless open interest is measured from before the crash; then reproduced if it fell at least {fall:.0%} across it, "
        "partly if it fell less, contradicted if it did not fall."
    )
    return Ruling(verdict, THRESHOLD, text, (OI_FALL_MIN,), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c22: rate-cut expectations had cooled
# --------------------------------------------------------------------------------------------
COOLING_BP = Threshold("dgs2_rise_min_bp", 10.0, "bp", "a 10 bp rise of the 2-year yield in a month: a visible part of a 25 bp cut priced out")
CUT_PRICED_BP = Threshold("dgs2_below_effr_bp", 25.0, "bp", "the 2-year yield a full 25 bp step under the effective fed funds rate: at least one more cut priced")


@dataclass(frozen=True)
class CutExpectations:
    """c22: change of the 2-year Treasury yield over the month before the crash, and its spread to the
    effective fed funds rate at the last close before the crash (both bp; the 2-year is the proxy for
    expectations: no fed funds futures are in the data)."""

    dgs2_month_change_bp: float
    dgs2_minus_effr_bp: float


def cut_expectations(m: CutExpectations) -> Ruling:
    rise, below = COOLING_BP.value, CUT_PRICED_BP.value
    mc, sp = m.dgs2_month_change_bp, m.dgs2_minus_effr_bp
    cooled = Check("cooled", mc >= rise, yes=f"the 2-year rose {mc:.0f} bp in the month, at least {rise:.0f} bp: cut expectations cooled", no=f"the 2-year moved {mc:+.0f} bp in the month, not a rise of {rise:.0f} bp: cut expectations did not cool")
    priced = Check("cuts_priced", sp <= -below, yes=f"it sat {-sp:.0f} bp under the effective rate, at least {below:.0f} bp: more cuts were priced", no=f"it sat {sp:+.0f} bp from the effective rate, less than {below:.0f} bp under it: no further cut was priced")
    if cooled.passed and not priced.passed:
        verdict = REPRODUCED
    elif priced.passed and not cooled.passed:
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    text = (
        f"With the 2-year yield as the proxy: reproduced if it rose at least {rise:.0f} bp in the month before and sat less than {below:.0f} bp "
        f"under the effective rate; contradicted if it did not rise {rise:.0f} bp and sat at least {below:.0f} bp under it; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (COOLING_BP, CUT_PRICED_BP), (cooled, priced), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c23: Treasury yields had rebounded
# --------------------------------------------------------------------------------------------
REBOUND_BP = Threshold("rebound_min_bp", 5.0, "bp", "5 bp above the month's low: about one daily standard deviation of the 10-year yield")


@dataclass(frozen=True)
class YieldsRebound:
    """c23: 10-year yield (bp) above its one-month low at the last close before the crash and at the
    crash day's close, and its change on the day."""

    before_from_low_bp: float
    on_day_from_low_bp: float
    day_change_bp: float


def yields_rebound(m: YieldsRebound) -> Ruling:
    r = REBOUND_BP.value
    before = Check("rebound_before", m.before_from_low_bp >= r, yes=f"before the crash the 10-year was already {m.before_from_low_bp:.0f} bp above its month low, at least {r:.0f} bp", no=f"before the crash the 10-year was only {m.before_from_low_bp:.0f} bp above its month low, less than {r:.0f} bp")
    checks = [before]
    if before.passed:
        verdict = REPRODUCED
    else:
        on_day = Check("rebound_on_day", m.on_day_from_low_bp >= r and m.day_change_bp > 0, yes=f"it rebounded on the crash day itself ({m.day_change_bp:+.0f} bp, {m.on_day_from_low_bp:.0f} bp above the low), which daily closes cannot place before the break", no=f"it had not rebounded by the crash day's close ({m.day_change_bp:+.0f} bp, {m.on_day_from_low_bp:.0f} bp above the low)")
        checks.append(on_day)
        verdict = PARTLY if on_day.passed else CONTRADICTED
    text = (
        f"Reproduced if the 10-year yield stood at least {r:.0f} bp above its one-month low at the last close before the crash; partly if it got there "
        "only with a rise at the crash day's close; contradicted otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (REBOUND_BP,), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c24: strong employment, stubborn inflation
# --------------------------------------------------------------------------------------------
STUBBORN_CPI = Threshold("stubborn_cpi_min", 0.025, "fraction", "CPI inflation half a point or more above the Fed's 2 % target")
JOBS_MAX_RISE = Threshold("unrate_rise_max", 0.2, "percentage points", "unemployment up at most 0.2 points on a year: within the survey's sampling error, so not a weakening labour market")


@dataclass(frozen=True)
class JobsInflation:
    """c24: CPI inflation over the year (fraction) and the 12-month change of the unemployment rate
    (percentage points), as published before the crash."""

    cpi_yoy: float
    unrate_change_12m: float


def jobs_inflation(m: JobsInflation) -> Ruling:
    cpi, rise = STUBBORN_CPI.value, JOBS_MAX_RISE.value
    stubborn = Check("inflation_stubborn", m.cpi_yoy >= cpi, yes=f"inflation at {_pct(m.cpi_yoy)} was stubborn, at least {cpi:.1%}", no=f"inflation at {_pct(m.cpi_yoy)} was below {cpi:.1%}, not stubborn")
    strong = Check("jobs_strong", m.unrate_change_12m <= rise, yes=f"unemployment moved {m.unrate_change_12m:+.1f} points on a year, at most {rise:+.1f}: employment was strong", no=f"unemployment rose {m.unrate_change_12m:+.1f} points on a year, more than {rise:+.1f}: employment was not strong")
    verdict = _by_count(int(stubborn.passed) + int(strong.passed), 2)
    text = (
        f"Reproduced if CPI inflation was at least {cpi:.1%} and unemployment rose at most {rise:.1f} points over the year before; "
        "partly if only one holds; contradicted if neither does."
    )
    return Ruling(verdict, THRESHOLD, text, (STUBBORN_CPI, JOBS_MAX_RISE), (stubborn, strong), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c25: strikingly similar to 2022
# --------------------------------------------------------------------------------------------
SIMILAR_SHARE = Threshold("similar_share_min", 0.5, "fraction", "at least half the milder of the two 2022 crashes' value: the same order of magnitude")


@dataclass(frozen=True)
class Like2022:
    """c25: depth (peak to trough), worst 24-hour fall (both fractions, negative) and days to regain the
    prior peak (NaN if never), for this crash and for the two 2022 crashes (May, November). The worst
    1-hour fall and the 30-day funding percentile (fractions) are context for the evidence; the rule
    does not use them."""

    depth: float
    worst_24h: float
    days_to_peak: float
    depth_2022: tuple[float, float]
    worst_24h_2022: tuple[float, float]
    days_to_peak_2022: tuple[float, float]
    worst_1h: float = float("nan")
    worst_1h_2022: tuple[float, float] = (float("nan"), float("nan"))
    funding_percentile: float = float("nan")
    funding_percentile_2022: tuple[float, float] = (float("nan"), float("nan"))


def _days(x: float) -> float:
    return math.inf if math.isnan(x) else x


def like_2022(m: Like2022) -> Ruling:
    s = SIMILAR_SHARE.value
    ref_depth = min(abs(d) for d in m.depth_2022)
    ref_24h = min(abs(d) for d in m.worst_24h_2022)
    ref_days = min(_days(d) for d in m.days_to_peak_2022)
    checks = (
        Check("as_deep", abs(m.depth) >= s * ref_depth, yes=f"its depth of {_pct(abs(m.depth))} is at least {s:.0%} of 2022's {_pct(ref_depth)}", no=f"its depth of {_pct(abs(m.depth))} is under {s:.0%} of 2022's {_pct(ref_depth)}"),
        Check("as_fast", abs(m.worst_24h) >= s * ref_24h, yes=f"its worst 24 h fall of {_pct(abs(m.worst_24h))} is at least {s:.0%} of 2022's {_pct(ref_24h)}", no=f"its worst 24 h fall of {_pct(abs(m.worst_24h))} is under {s:.0%} of 2022's {_pct(ref_24h)}"),
        Check("as_lasting", _days(m.days_to_peak) >= s * ref_days, yes=f"its {_days(m.days_to_peak):.1f} days to recover are at least {s:.0%} of 2022's {ref_days:.0f}", no=f"its {_days(m.days_to_peak):.1f} days to recover are under {s:.0%} of 2022's {ref_days:.0f}"),
    )
    verdict = _by_count(sum(c.passed for c in checks), len(checks))
    text = (
        f"Reproduced if this crash's depth, worst 24-hour fall and days to recover each reach at least {s:.0%} of the milder 2022 crash's; "
        "contradicted if none does; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (SIMILAR_SHARE,), checks, (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c26: whale addresses showed net inflows
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WhaleInflows:
    """c26: net flow (BTC) into whale addresses during the drop; ``None`` when no on-chain data exist."""

    whale_netflow_btc: float | None = None


def whale_inflows(m: WhaleInflows) -> Ruling:
    have = Check("onchain_data", m.whale_netflow_btc is not None, yes="address-level on-chain flows are in the data", no="no address-level on-chain flows are in the data")
    checks = [have]
    if not have.passed:
        verdict = NOT_CHECKABLE
    else:
        flow = float(m.whale_netflow_btc)  # type: ignore[arg-type]
        inflow = Check("net_inflow", flow > 0, yes=f"whales took in {flow:,.0f} BTC net", no=f"whales' net flow was {flow:,.0f} BTC, not an inflow")
        checks.append(inflow)
        verdict = REPRODUCED if inflow.passed else CONTRADICTED
    text = "Not checkable without address-level on-chain flows; with them, reproduced if whale addresses took in BTC on net during the drop, contradicted otherwise."
    return Ruling(verdict, THRESHOLD, text, (), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c27: ETF flows are the ones to watch
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EtfFlows:
    """c27: whether the statement is advice rather than a fact, and whether ETF flow data exist."""

    is_recommendation: bool = True
    etf_flows_available: bool = False


def etf_flows(m: EtfFlows) -> Ruling:
    advice = Check("recommendation", m.is_recommendation, yes="a recommendation, not a fact", no="a statement of fact")
    data = Check("etf_data", m.etf_flows_available, yes="ETF flow data are available", no="no ETF flow data are in the mirror")
    text = "Not checkable: a recommendation of what to watch cannot be true or false, and no ETF flows are in the data to test its premise."
    reasons = ("the statement advises what to watch; it asserts nothing that data could confirm",)
    return Ruling(NOT_CHECKABLE, JUDGEMENT, text, (), (advice, data), (MARKET_DATA,), reasons)


# --------------------------------------------------------------------------------------------
# c28: the Fed begins a cutting cycle in 2025
# --------------------------------------------------------------------------------------------
CLAIM_YEAR = Threshold("claim_year", 2025, "year", "the year the article names")
CYCLE_MIN_CUTS = Threshold("cycle_min_cuts", 2, "decisions", "a cycle is a run of cuts: at least two")


@dataclass(frozen=True)
class FedCycle2025:
    """c28: Fed cuts announced in 2025 (count) and the year the run of cuts in force at the end of 2025 began."""

    cuts_in_year: int
    cycle_start_year: int


def fed_cycle_2025(m: FedCycle2025) -> Ruling:
    year, n = int(CLAIM_YEAR.value), int(CYCLE_MIN_CUTS.value)
    cuts = Check("cuts", m.cuts_in_year >= n, yes=f"the Fed cut {m.cuts_in_year} times in {year}, at least {n}", no=f"the Fed cut {m.cuts_in_year} times in {year}, fewer than {n}")
    began = Check("began_that_year", m.cycle_start_year == year, yes=f"the run of cuts began in {year}", no=f"the run of cuts began in {m.cycle_start_year}, not {year}")
    if cuts.passed and began.passed:
        verdict = REPRODUCED
    elif m.cuts_in_year > 0:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    text = f"Reproduced if the Fed cut at least {n} times in {year} in a run that began that year; partly if it cut in {year} otherwise; contradicted if it did not cut in {year}."
    return Ruling(verdict, THRESHOLD, text, (CLAIM_YEAR, CYCLE_MIN_CUTS), (cuts, began), (MARKET_DATA,))


RULES: dict[str, Callable[..., Ruling]] = {
    "c18-eth-alts-followed": alts_followed,
    "c19-derivatives-to-spot": derivatives_to_spot,
    "c20-high-funding-before": high_funding,
    "c21-oi-leverage-fell": open_interest_fell,
    "c22-fed-cut-expectations": cut_expectations,
    "c23-yields-rebound": yields_rebound,
    "c24-jobs-inflation": jobs_inflation,
    "c25-like-2022": atlas_rules.like_2022,  # judged on the crash atlas (flashcrash.rules.atlas)
    "c26-whale-inflows": whale_inflows,
    "c27-etf-flows": etf_flows,
    "c28-fed-cutting-2025": fed_cycle_2025,
}
