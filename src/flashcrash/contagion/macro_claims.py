"""The chapter's macro claims assessed (c22-c24, c28) and the three causes together (c69): rate-cut
expectations, Treasury yields, jobs and inflation, and the Fed's cutting cycle.

Per claim, the rule's verdict (:mod:`flashcrash.rules.contagion_macro`) from the chapter's measures
(:class:`~flashcrash.contagion.measures.Fed`, :class:`~flashcrash.contagion.measures.Rates`), and the
evidence sentence built from the same measures, followed by the rule's checks. Yields and rates in
percent, their moves in basis points.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.claims import Assessment, Figure
from flashcrash.contagion.measures import Fed, Rates
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.base import VERDICT_WORDS, Ruling
from flashcrash.rules.contagion_macro.common import pct

#: The claims c69 rests on, with what each stands for.
CAUSES = (
    ("c22-fed-cut-expectations", "cut expectations cooled"),
    ("c59-leverage-chasing", "traders chased with high leverage"),
    ("c56-asian-selling", "concentrated Asian selling"),
)


def _assess_cut_expectations(r: Rates, f: Fed, day: pd.Timestamp) -> Assessment:
    """c22: had expectations of Fed cuts cooled?"""
    y2, effr, nxt = r.dgs2, r.effr, f.next_decision
    spread_bp = r.dgs2_minus_effr_bp
    ruling = R.cut_expectations(R.CutExpectations(dgs2_month_change_bp=float(y2["month_bp"]), dgs2_minus_effr_bp=float(spread_bp)))
    sentence = (
        f"No fed funds futures are in the data; the 2-year yield is the proxy. It closed at {y2['before']:.2f} % before the crash "
        f"({y2['month_bp']:+.0f} bp over the month) against an effective rate of {effr:.2f} %. The Fed then cut {abs(int(nxt['change_bp']))} bp "
        f"on {nxt['announced'].date()}, {(nxt['announced'] - day).days} days after the crash; nothing in the data points to hikes."
    )
    figures = [
        Figure("dgs2_before", y2["before"], "percent"),
        Figure("dgs2_month_change_bp", y2["month_bp"], "bp"),
        Figure("dgs2_minus_effr_bp", spread_bp, "bp"),
        Figure("next_decision", nxt["announced"], "UTC"),
        Figure("next_decision_change_bp", int(nxt["change_bp"]), "bp"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_yields(r: Rates) -> Assessment:
    """c23: had Treasury yields rebounded?"""
    y10, y2 = r.dgs10, r.dgs2
    m = R.YieldsRebound(
        before_from_low_bp=(y10["before"] - y10["low"]) * 100, on_day_from_low_bp=float(y10["from_low_bp"]), day_change_bp=float(y10["change_bp"])
    )
    ruling = R.yields_rebound(m)
    sentence = (
        f"The 10-year yield closed at {y10['before']:.2f} % before the crash and {y10['on_day']:.2f} % on the crash day; its one-month low was "
        f"{y10['low']:.2f} % ({y10['low_time'].date()}), after a fall of {-y10['month_bp']:.0f} bp over the month. The 2-year moved "
        f"{y2['change_bp']:+.0f} bp on the day; daily closes come after the 00:00-01:00 UTC break."
    )
    figures = [
        Figure("dgs10_on_day", y10["on_day"], "percent"),
        Figure("dgs10_day_change_bp", y10["change_bp"], "bp"),
        Figure("dgs10_from_month_low_bp", y10["from_low_bp"], "bp"),
        Figure("dgs10_month_change_bp", y10["month_bp"], "bp"),
        Figure("dgs2_day_change_bp", y2["change_bp"], "bp"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_jobs_inflation(r: Rates) -> Assessment:
    """c24: strong employment and stubborn inflation?"""
    li = r.labour
    ruling = R.jobs_inflation(R.JobsInflation(cpi_yoy=float(li["cpi_yoy"]), unrate_change_12m=float(li["unrate_change_12m"])))
    sentence = (
        f"CPI rose {pct(li['cpi_yoy'])} in the year to {li['cpi_month']:%B %Y} (the latest month published before the crash), against "
        f"{pct(li['cpi_yoy_12m_ago'])} a year earlier and the 2 % target. Unemployment was {li['unrate']:.1f} % in {li['unrate_month']:%B %Y}, "
        f"against a 12-month low of {li['unrate_min_12m']:.1f} %."
    )
    figures = [
        Figure("cpi_yoy", li["cpi_yoy"], "fraction"),
        Figure("cpi_month", li["cpi_month"], "UTC"),
        Figure("unrate", li["unrate"], "percent"),
        Figure("unrate_change_12m", li["unrate_change_12m"], "percentage points"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_fed_cycle(f: Fed) -> Assessment:
    """c28: did the Fed begin a cutting cycle in 2025?"""
    cuts, start = f.cuts_in_year, f.year_cycle_start
    lo, hi = f.year_end_range
    ruling = R.fed_cycle_2025(R.FedCycle2025(cuts_in_year=len(cuts), cycle_start_year=int(start.year)))
    sentence = (
        f"The 2025 cuts came on {', '.join(str(t.date()) for t in cuts['announced'])} ({int(-cuts['change_bp'].sum())} bp in all, to "
        f"{lo:.2f}-{hi:.2f} %); the run of cuts started on {start.date()}, with {f.cut_before_year_bp} bp cut before 2025."
    )
    figures = [
        Figure("cuts_2025", len(cuts), "decisions"),
        Figure("cuts_2025_bp", int(cuts["change_bp"].sum()), "bp"),
        Figure("cycle_start", start, "UTC"),
        Figure("target_upper_end_2025", hi, "percent"),
    ]
    return Assessment.of(ruling, sentence, figures)


def assess_macro(r: Rates, f: Fed, day: pd.Timestamp) -> dict[str, Assessment]:
    """Assessments of c22-c24 and c28 from the chapter's rates and Fed measures."""
    return {
        "c22-fed-cut-expectations": _assess_cut_expectations(r, f, day),
        "c23-yields-rebound": _assess_yields(r),
        "c24-jobs-inflation": _assess_jobs_inflation(r),
        "c28-fed-cutting-2025": _assess_fed_cycle(f),
    }


def assess_three_causes(rulings: dict[str, Ruling]) -> Assessment:
    """c69: three causes together, from the component claims' rulings (:data:`CAUSES`)."""
    comps = tuple((cid, rulings[cid].verdict) for cid, _ in CAUSES)
    ruling = R.three_causes(R.ThreeCauses(components=comps))
    listed = "; ".join(f"{cid} ({what}): {VERDICT_WORDS[rulings[cid].verdict].lower()}" for cid, what in CAUSES)
    sentence = f"The three causes, by their own claims' verdicts: {listed}."
    held = sum(v in (R.REPRODUCED, R.PARTLY) for _, v in comps)
    failed = sum(v == R.CONTRADICTED for _, v in comps)
    return Assessment.of(ruling, sentence, [Figure("causes_holding", held, "claims"), Figure("causes_contradicted", failed, "claims")])
