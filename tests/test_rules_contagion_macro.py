"""Rules of the contagion and macro chapter (c18-c28) on hand-built measures: every threshold at,
just inside and just outside its boundary, and every verdict each rule can return. No data."""

from __future__ import annotations

import math

import pytest

from flashcrash.claims import Assessment, load_claims
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.base import JUDGEMENT, THRESHOLD, VERDICTS, Ruling, with_evidence

pytestmark = pytest.mark.timeout(10)


def _ok(r: Ruling) -> str:
    """The verdict, after checking that the ruling yields a consistent assessment."""
    a = Assessment(r, with_evidence("Measures.", r))
    assert a.verdict in VERDICTS
    return r.verdict


# --- the module ------------------------------------------------------------------------------
def test_rules_cover_exactly_the_chapter_claims():
    mine = {c.id for c in load_claims() if c.chapter == "contagion-macro"}
    assert set(R.RULES) == mine


def test_threshold_values_and_units():
    got = {t.name: (t.value, t.unit) for t in (R.ALT_FALL_MIN, R.LOWS_WITHIN, R.FOLLOWED_SHARE_MIN, R.SPOT_SHARE_MIN, R.DISLOCATION_BP, R.FUNDING_HIGH_PCTL, R.FUNDING_LOW_PCTL, R.OI_FALL_MIN, R.COOLING_BP, R.CUT_PRICED_BP, R.REBOUND_BP, R.STUBBORN_CPI, R.JOBS_MAX_RISE, R.SIMILAR_SHARE, R.CLAIM_YEAR, R.CYCLE_MIN_CUTS)}
    assert got == {
        "alt_fall_min": (0.05, "fraction"),
        "lows_within_minutes": (120, "minutes"),
        "followed_share_min": (0.5, "fraction"),
        "spot_share_of_perp_fall_min": (0.8, "fraction"),
        "perp_discount_min_bp": (10.0, "bp"),
        "funding_high_percentile": (0.8, "fraction"),
        "funding_low_percentile": (0.5, "fraction"),
        "oi_fall_min": (0.10, "fraction"),
        "dgs2_rise_min_bp": (10.0, "bp"),
        "dgs2_below_effr_bp": (25.0, "bp"),
        "rebound_min_bp": (5.0, "bp"),
        "stubborn_cpi_min": (0.025, "fraction"),
        "unrate_rise_max": (0.2, "percentage points"),
        "similar_share_min": (0.5, "fraction"),
        "claim_year": (2025, "year"),
        "cycle_min_cuts": (2, "decisions"),
    }


# --- c18 ---------------------------------------------------------------------------------------
def _alts(dd=(-0.08, -0.09, -0.10, -0.11), gap=70.0):
    return R.alts_followed(R.AltsFollowed(btc_drawdown=-0.07, alt_drawdowns=tuple(dd), max_minutes_between_lows=gap))


@pytest.mark.parametrize(
    "dd, gap, verdict",
    [
        ((-0.08, -0.09, -0.10, -0.11), 70.0, "reproduced"),
        ((-0.05, -0.09, -0.10, -0.11), 70.0, "reproduced"),  # at the 5 % fall
        ((-0.0501, -0.09, -0.10, -0.11), 70.0, "reproduced"),  # just inside
        ((-0.0499, -0.09, -0.10, -0.11), 70.0, "partly"),  # just outside: 3 of 4 fell
        ((-0.08, -0.09, -0.10, -0.11), 120.0, "reproduced"),  # lows at the 120-minute limit
        ((-0.08, -0.09, -0.10, -0.11), 119.0, "reproduced"),
        ((-0.08, -0.09, -0.10, -0.11), 121.0, "partly"),
        ((-0.01, -0.02, -0.10, -0.11), 70.0, "partly"),  # exactly half fell
        ((-0.01, -0.02, -0.03, -0.11), 70.0, "contradicted"),  # a quarter fell
        ((-0.01, -0.06, -0.10), 70.0, "partly"),  # 2 of 3 >= 50 %
        ((-0.01, -0.02, -0.10), 70.0, "contradicted"),  # 1 of 3 < 50 %
        ((0.01, 0.02), 10.0, "contradicted"),
    ],
)
def test_c18_alts_followed(dd, gap, verdict):
    assert _ok(_alts(dd, gap)) == verdict


def test_c18_checks_text_and_bad_input():
    r = _alts()
    assert r.kind == THRESHOLD and [c.name for c in r.checks] == ["all_fell", "lows_together"]
    assert "at least 5%" in r.text and "120 minutes" in r.text and "fewer than 50%" in r.text
    assert r.because() == "All 4 altcoins fell at least 5%; every low came within 70 minutes of BTC's, inside 120 minutes."
    r2 = _alts((-0.01, -0.02, -0.10, -0.11))
    assert [c.name for c in r2.checks] == ["all_fell", "most_fell"]
    assert r2.check("all_fell").phrase == "only 2 of 4 altcoins fell at least 5%"
    with pytest.raises(ValueError, match="at least one altcoin"):
        R.AltsFollowed(btc_drawdown=-0.07, alt_drawdowns=(), max_minutes_between_lows=0.0)


# --- c19 ---------------------------------------------------------------------------------------
def _spot(spot=-0.0625, perp=-0.0625, median=-4.0, low=-7.0):
    return R.derivatives_to_spot(R.DerivativesToSpot(perp_fall=perp, spot_fall=spot, basis_before_median_bp=median, basis_event_min_bp=low))


@pytest.mark.parametrize(
    "spot, low, verdict",
    [
        (-0.0625, -7.0, "partly"),  # spot fell as far, basis 3 bp wider
        (0.8 * -0.0625, -7.0, "partly"),  # spot at 80 % of the perp's fall
        (-0.0501, -7.0, "partly"),  # just inside
        (-0.0499, -7.0, "contradicted"),  # just outside
        (0.0, -7.0, "contradicted"),
        (-0.0625, -14.0, "reproduced"),  # basis exactly 10 bp beyond the median
        (-0.0625, -14.1, "reproduced"),
        (-0.0625, -13.9, "partly"),
        (-0.0499, -30.0, "contradicted"),  # a dislocation without spot falling
    ],
)
def test_c19_derivatives_to_spot(spot, low, verdict):
    assert _ok(_spot(spot=spot, low=low)) == verdict


def test_c19_phrases_and_bad_input():
    r = _spot(spot=-0.05, low=-7.0)
    assert r.check("spot_fell").phrase == "spot fell 80% as far as the perp, at least 80%"
    assert "3.0 bp" in r.check("perp_dislocated").phrase
    assert [c.name for c in _spot(spot=-0.01).checks] == ["spot_fell"]
    with pytest.raises(ValueError, match="perp that fell"):
        R.DerivativesToSpot(perp_fall=0.0, spot_fall=-0.01, basis_before_median_bp=0.0, basis_event_min_bp=0.0)


# --- c20 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "p30, p90, verdict",
    [
        (0.8, 0.8, "reproduced"),  # at the high percentile
        (0.81, 0.95, "reproduced"),
        (0.79, 0.95, "partly"),  # just outside on one window
        (0.95, 0.79, "partly"),
        (0.9, 0.6, "partly"),  # high on one window only: both are needed
        (0.5, 0.5, "contradicted"),  # at the low percentile
        (0.49, 0.2, "contradicted"),
        (0.51, 0.2, "partly"),
        (0.2, 0.51, "partly"),
        (0.3, 0.6, "partly"),  # low on one window only
        (0.32976827094474154, 0.23321123321123322, "contradicted"),  # the published measures
    ],
)
def test_c20_high_funding(p30, p90, verdict):
    assert _ok(R.high_funding(R.HighFunding(percentile_30d=p30, percentile_90d=p90))) == verdict


def test_c20_text_and_bad_input():
    r = R.high_funding(R.HighFunding(0.33, 0.23))
    assert "80th percentile" in r.text and "50th percentile" in r.text
    assert r.because() == "Not both percentiles (33%, 23%) reach 80%; both are at or below 50%: funding was low, not long-term high."
    with pytest.raises(ValueError, match="fractions"):
        R.HighFunding(percentile_30d=33.0, percentile_90d=0.2)


# --- c21 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "days, change, verdict",
    [
        (3.2, float("nan"), "not_checkable"),  # the published case: the series starts after the crash
        (3.2, -0.5, "not_checkable"),  # a change measured on a late series does not count
        (0.01, -0.5, "not_checkable"),
        (0.0, float("nan"), "not_checkable"),
        (0.0, -0.2, "reproduced"),  # starts at the crash day
        (-5.0, -0.10, "reproduced"),  # at the 10 % fall
        (-5.0, -0.11, "reproduced"),
        (-5.0, -0.09, "partly"),
        (-5.0, 0.0, "contradicted"),
        (-5.0, 0.05, "contradicted"),
    ],
)
def test_c21_open_interest(days, change, verdict):
    assert _ok(R.open_interest_fell(R.OpenInterestFell(days_after_event=days, oi_change_across=change))) == verdict


def test_c21_phrase():
    r = R.open_interest_fell(R.OpenInterestFell(days_after_event=3.2))
    assert r.because() == "The only open-interest series starts 3.2 days after the crash."
    assert "10%" in r.text


# --- c22 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "month, spread, verdict",
    [
        (10.0, -24.0, "reproduced"),  # rose 10 bp, 24 bp under the effective rate
        (10.1, 5.0, "reproduced"),
        (9.9, -24.0, "partly"),  # neither condition
        (10.0, -25.0, "partly"),  # cooled but a cut still priced
        (9.9, -25.0, "contradicted"),
        (-13.0, -42.0, "contradicted"),  # the published measures
        (0.0, -24.9, "partly"),
        (0.0, -25.1, "contradicted"),
    ],
)
def test_c22_cut_expectations(month, spread, verdict):
    assert _ok(R.cut_expectations(R.CutExpectations(dgs2_month_change_bp=month, dgs2_minus_effr_bp=spread))) == verdict


def test_c22_phrases():
    r = R.cut_expectations(R.CutExpectations(-13.0, -42.0))
    assert r.because() == "The 2-year moved -13 bp in the month, not a rise of 10 bp: cut expectations did not cool; it sat 42 bp under the effective rate, at least 25 bp: more cuts were priced."


# --- c23 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "before, on_day, change, verdict",
    [
        (5.0, 0.0, -3.0, "reproduced"),  # already 5 bp above the low before the crash
        (5.1, 9.0, 7.0, "reproduced"),
        (4.9, 9.0, 7.0, "partly"),
        (2.0, 5.0, 0.1, "partly"),  # on the day: at 5 bp, and up
        (2.0, 4.9, 3.0, "contradicted"),
        (2.0, 9.0, 0.0, "contradicted"),  # above the low but not up on the day
        (2.0, 9.0, -1.0, "contradicted"),
        (2.0, 0.0, 3.0, "contradicted"),
    ],
)
def test_c23_yields_rebound(before, on_day, change, verdict):
    assert _ok(R.yields_rebound(R.YieldsRebound(before_from_low_bp=before, on_day_from_low_bp=on_day, day_change_bp=change))) == verdict


def test_c23_checks():
    assert [c.name for c in R.yields_rebound(R.YieldsRebound(6.0, 0.0, 0.0)).checks] == ["rebound_before"]
    r = R.yields_rebound(R.YieldsRebound(2.0, 9.0, 7.0))
    assert r.because() == "Before the crash the 10-year was only 2 bp above its month low, less than 5 bp; it rebounded on the crash day itself (+7 bp, 9 bp above the low), which daily closes cannot place before the break."


# --- c24 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cpi, unrate, verdict",
    [
        (0.025, 0.2, "reproduced"),  # both at their limits
        (0.0251, 0.19, "reproduced"),
        (0.0249, 0.2, "partly"),  # inflation just under 2.5 %
        (0.025, 0.21, "partly"),  # unemployment up just over 0.2 points
        (0.0302, 0.3, "partly"),  # the published measures
        (0.0249, 0.21, "contradicted"),
        (0.01, 1.0, "contradicted"),
        (0.03, -0.5, "reproduced"),
    ],
)
def test_c24_jobs_inflation(cpi, unrate, verdict):
    assert _ok(R.jobs_inflation(R.JobsInflation(cpi_yoy=cpi, unrate_change_12m=unrate))) == verdict


# --- c25 ---------------------------------------------------------------------------------------
def _like(depth=-0.10, w24=-0.072, days=1.5, days_2022=(570.75, 59.9)):
    return R.like_2022(R.Like2022(depth=depth, worst_24h=w24, days_to_peak=days, depth_2022=(-0.34, -0.28), worst_24h_2022=(-0.16, -0.19), days_to_peak_2022=days_2022))


@pytest.mark.parametrize(
    "depth, w24, days, verdict",
    [
        (-0.10, -0.072, 1.5, "contradicted"),  # the published case: none reaches half of 2022
        (-0.14, -0.08, 30.0, "reproduced"),  # each exactly at half the milder 2022 value (0.28, 0.16, 60 days)
        (-0.1401, -0.0801, 30.1, "reproduced"),
        (-0.1399, -0.08, 30.0, "partly"),
        (-0.14, -0.0799, 30.0, "partly"),
        (-0.14, -0.08, 29.9, "partly"),
        (-0.1399, -0.0799, 30.0, "partly"),
        (-0.1399, -0.0799, 29.9, "contradicted"),
        (-0.05, -0.01, float("nan"), "partly"),  # never recovered: as lasting as any crash
    ],
)
def test_c25_like_2022(depth, w24, days, verdict):
    assert _ok(_like(depth, w24, days, days_2022=(570.75, 60.0))) == verdict


def test_c25_milder_2022_crash_and_unrecovered_reference():
    # the milder 2022 recovery is the reference: with one 2022 crash never recovered the other decides
    r = _like(-0.14, -0.08, 30.0, days_2022=(float("nan"), 60.0))
    assert r.verdict == "reproduced"
    assert _like(-0.14, -0.08, 29.0, days_2022=(float("nan"), 60.0)).verdict == "partly"
    assert math.isinf(R._days(float("nan"))) and R._days(2.0) == 2.0
    r = _like()
    assert r.because() == "Its depth of 10.0% is under 50% of 2022's 28.0%; its worst 24 h fall of 7.2% is under 50% of 2022's 16.0%; its 1.5 days to recover are under 50% of 2022's 60."


# --- c26, c27 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("flow, verdict", [(None, "not_checkable"), (10.0, "reproduced"), (0.01, "reproduced"), (0.0, "contradicted"), (-5.0, "contradicted")])
def test_c26_whale_inflows(flow, verdict):
    assert _ok(R.whale_inflows(R.WhaleInflows(whale_netflow_btc=flow))) == verdict


def test_c27_etf_flows_is_a_judgement():
    r = R.etf_flows(R.EtfFlows())
    assert (_ok(r), r.kind) == ("not_checkable", JUDGEMENT)
    assert r.reasons and r.because() == "A recommendation, not a fact; no ETF flow data are in the mirror."
    assert R.etf_flows(R.EtfFlows(is_recommendation=True, etf_flows_available=True)).verdict == "not_checkable"


# --- c28 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cuts, start, verdict",
    [
        (2, 2025, "reproduced"),  # at the two-cut minimum, cycle begun in 2025
        (3, 2025, "reproduced"),
        (1, 2025, "partly"),
        (3, 2024, "partly"),  # the published case
        (2, 2026, "partly"),
        (1, 2024, "partly"),
        (0, 2024, "contradicted"),
        (0, 2025, "contradicted"),
    ],
)
def test_c28_fed_cycle(cuts, start, verdict):
    assert _ok(R.fed_cycle_2025(R.FedCycle2025(cuts_in_year=cuts, cycle_start_year=start))) == verdict


def test_c28_phrases():
    r = R.fed_cycle_2025(R.FedCycle2025(3, 2024))
    assert r.because() == "The Fed cut 3 times in 2025, at least 2; the run of cuts began in 2024, not 2025."
    assert "at least 2 times in 2025" in r.text
