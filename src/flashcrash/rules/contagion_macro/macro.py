"""Rules of the chapter's macro claims: rate-cut expectations had cooled (c22), Treasury yields had
rebounded (c23), strong jobs and stubborn inflation (c24), and the Fed's cutting cycle of 2025 (c28).
Yields and rate moves in basis points, inflation as a fraction, unemployment in percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from flashcrash.rules.contagion_macro.common import by_count, pct

# --------------------------------------------------------------------------------------------
# c22: rate-cut expectations had cooled
# --------------------------------------------------------------------------------------------
COOLING_BP = Threshold("dgs2_rise_min_bp", 10.0, "bp", "a 10 bp rise of the 2-year yield in a month: a visible part of a 25 bp cut priced out")
CUT_PRICED_BP = Threshold(
    "dgs2_below_effr_bp", 25.0, "bp", "the 2-year yield a full 25 bp step under the effective fed funds rate: at least one more cut priced"
)


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
    cooled = Check(
        "cooled",
        mc >= rise,
        yes=f"the 2-year rose {mc:.0f} bp in the month, at least {rise:.0f} bp: cut expectations cooled",
        no=f"the 2-year moved {mc:+.0f} bp in the month, not a rise of {rise:.0f} bp: cut expectations did not cool",
    )
    priced = Check(
        "cuts_priced",
        sp <= -below,
        yes=f"it sat {-sp:.0f} bp under the effective rate, at least {below:.0f} bp: more cuts were priced",
        no=f"it sat {sp:+.0f} bp from the effective rate, less than {below:.0f} bp under it: no further cut was priced",
    )
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
    before = Check(
        "rebound_before",
        m.before_from_low_bp >= r,
        yes=f"before the crash the 10-year was already {m.before_from_low_bp:.0f} bp above its month low, at least {r:.0f} bp",
        no=f"before the crash the 10-year was only {m.before_from_low_bp:.0f} bp above its month low, less than {r:.0f} bp",
    )
    checks = [before]
    if before.passed:
        verdict = REPRODUCED
    else:
        on_day = Check(
            "rebound_on_day",
            m.on_day_from_low_bp >= r and m.day_change_bp > 0,
            yes=f"it rebounded on the crash day itself ({m.day_change_bp:+.0f} bp, {m.on_day_from_low_bp:.0f} bp above the low), which daily closes cannot place before the break",
            no=f"it had not rebounded by the crash day's close ({m.day_change_bp:+.0f} bp, {m.on_day_from_low_bp:.0f} bp above the low)",
        )
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
JOBS_MAX_RISE = Threshold(
    "unrate_rise_max",
    0.2,
    "percentage points",
    "unemployment up at most 0.2 points on a year: within the survey's sampling error, so not a weakening labour market",
)


@dataclass(frozen=True)
class JobsInflation:
    """c24: CPI inflation over the year (fraction) and the 12-month change of the unemployment rate
    (percentage points), as published before the crash."""

    cpi_yoy: float
    unrate_change_12m: float


def jobs_inflation(m: JobsInflation) -> Ruling:
    cpi, rise = STUBBORN_CPI.value, JOBS_MAX_RISE.value
    stubborn = Check(
        "inflation_stubborn",
        m.cpi_yoy >= cpi,
        yes=f"inflation at {pct(m.cpi_yoy)} was stubborn, at least {cpi:.1%}",
        no=f"inflation at {pct(m.cpi_yoy)} was below {cpi:.1%}, not stubborn",
    )
    strong = Check(
        "jobs_strong",
        m.unrate_change_12m <= rise,
        yes=f"unemployment moved {m.unrate_change_12m:+.1f} points on a year, at most {rise:+.1f}: employment was strong",
        no=f"unemployment rose {m.unrate_change_12m:+.1f} points on a year, more than {rise:+.1f}: employment was not strong",
    )
    verdict = by_count(int(stubborn.passed) + int(strong.passed), 2)
    text = (
        f"Reproduced if CPI inflation was at least {cpi:.1%} and unemployment rose at most {rise:.1f} points over the year before; "
        "partly if only one holds; contradicted if neither does."
    )
    return Ruling(verdict, THRESHOLD, text, (STUBBORN_CPI, JOBS_MAX_RISE), (stubborn, strong), (MARKET_DATA,))


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
    cuts = Check(
        "cuts",
        m.cuts_in_year >= n,
        yes=f"the Fed cut {m.cuts_in_year} times in {year}, at least {n}",
        no=f"the Fed cut {m.cuts_in_year} times in {year}, fewer than {n}",
    )
    began = Check(
        "began_that_year", m.cycle_start_year == year, yes=f"the run of cuts began in {year}", no=f"the run of cuts began in {m.cycle_start_year}, not {year}"
    )
    if cuts.passed and began.passed:
        verdict = REPRODUCED
    elif m.cuts_in_year > 0:
        verdict = PARTLY
    else:
        verdict = CONTRADICTED
    text = f"Reproduced if the Fed cut at least {n} times in {year} in a run that began that year; partly if it cut in {year} otherwise; contradicted if it did not cut in {year}."
    return Ruling(verdict, THRESHOLD, text, (CLAIM_YEAR, CYCLE_MIN_CUTS), (cuts, began), (MARKET_DATA,))
