"""Rules of the contagion and macro chapter (c18-c28, c54-c59, c61-c66, c69) on hand-built measures: every threshold at,
just inside and just outside its boundary, and every verdict each rule can return. No data."""

from __future__ import annotations

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
    got = {
        t.name: (t.value, t.unit)
        for t in (
            R.ALT_FALL_MIN,
            R.LOWS_WITHIN,
            R.FOLLOWED_SHARE_MIN,
            R.SPOT_SHARE_MIN,
            R.DISLOCATION_BP,
            R.FUNDING_HIGH_PCTL,
            R.FUNDING_LOW_PCTL,
            R.OI_FALL_MIN,
            R.COOLING_BP,
            R.CUT_PRICED_BP,
            R.REBOUND_BP,
            R.STUBBORN_CPI,
            R.JOBS_MAX_RISE,
            R.CLAIM_YEAR,
            R.CYCLE_MIN_CUTS,
        )
    }
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
    assert (
        r.because()
        == "The 2-year moved -13 bp in the month, not a rise of 10 bp: cut expectations did not cool; it sat 42 bp under the effective rate, at least 25 bp: more cuts were priced."
    )


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
    assert (
        r.because()
        == "Before the crash the 10-year was only 2 bp above its month low, less than 5 bp; it rebounded on the crash day itself (+7 bp, 9 bp above the low), which daily closes cannot place before the break."
    )


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


# --- the backdrop's claims (c54-c66, c69) ------------------------------------------------------------
def test_backdrop_threshold_values_and_units():
    got = {
        t.name: (t.value, t.unit)
        for t in (
            R.NEAR_HIGH,
            R.BEAR_DRAWDOWN,
            R.SPEED_PCTL,
            R.ALT_HOUR_FALL,
            R.ALTS_FALLING,
            R.ASIA_RETURN_PCTL,
            R.ASIA_VOLUME_PCTL,
            R.ASIA_FALL_SHARE,
            R.REPORT_WINDOW,
            R.SIGNIFICANT_RISE,
            R.RISE_WINDOWS,
            R.OI_RISE_MIN,
            R.MIN_RHO,
            R.BULL_RETURN,
            R.DANGEROUS_PCTL,
            R.EXTREME_GREED,
            R.FEAR_SIDE,
            R.GREEDY_FUNDING,
            R.READING_WINDOW,
            R.CAUSES_FAILED_MAX,
        )
    }
    assert got == {
        "near_high_max_drawdown": (0.10, "fraction"),
        "bear_drawdown": (0.20, "fraction"),
        "speed_percentile": (0.99, "fraction"),
        "alt_hour_fall_min": (0.03, "fraction"),
        "alts_falling_min_share": (0.8, "fraction"),
        "return_percentile_max": (0.05, "fraction"),
        "volume_percentile_min": (0.90, "fraction"),
        "session_share_min": (0.5, "fraction"),
        "report_window_days": (3, "days"),
        "significant_rise": (0.15, "fraction"),
        "windows_needed": (2, "windows"),
        "oi_rise_min": (0.10, "fraction"),
        "min_correlation": (0.3, "rho"),
        "bull_phase_return": (0.30, "fraction"),
        "dangerous_percentile": (0.75, "fraction"),
        "extreme_greed_min": (75, "index"),
        "fear_side_max": (50, "index"),
        "greedy_funding_percentile": (0.75, "fraction"),
        "reading_window_days": (7, "days"),
        "components_contradicted_max": (1, "claims"),
    }


# --- c54 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dd, r30, verdict",
    [
        (0.10, 0.01, "reproduced"),  # at the near-high bound, after a rising month
        (0.0, 0.2, "reproduced"),
        (0.10, 0.0, "partly"),  # near the high but a flat month
        (0.0999, -0.05, "partly"),
        (0.1001, 0.05, "partly"),  # just outside "near", short of a bear market
        (0.1999, 0.05, "partly"),
        (0.20, 0.05, "contradicted"),  # at the bear-market bound
        (0.284, -0.175, "contradicted"),  # the published case
    ],
)
def test_c54_challenge_highs(dd, r30, verdict):
    assert _ok(R.challenge_highs(R.ChallengeHighs(drawdown_from_high=dd, return_30d=r30))) == verdict


def test_c54_phrases_and_bad_input():
    r = R.challenge_highs(R.ChallengeHighs(0.284, -0.175))
    assert (
        r.because()
        == "The day before, BTC closed 28.4% below its all-time high, more than 10%; at least 20% down: bear-market territory, not a market steadily challenging its high."
    )
    for bad in (-0.01, 1.0):
        with pytest.raises(ValueError):
            R.ChallengeHighs(bad, 0.0)


# --- c55 ---------------------------------------------------------------------------------------
NINE = (0.05,) * 9


@pytest.mark.parametrize(
    "pct, alts, verdict",
    [
        (0.99, NINE, "reproduced"),  # at the speed bound, all nine fell
        (0.99, (0.03,) * 8 + (0.0,), "reproduced"),  # 8 of 9 at exactly 3 %: 89 %, at least 80 %
        (0.99, (0.03,) * 7 + (0.0, 0.0), "partly"),  # 7 of 9: 78 %, under 80 %
        (0.99, (0.0299,) * 9, "partly"),  # all just under 3 %
        (0.9899, NINE, "partly"),  # just under the speed bound
        (0.9899, (0.01,) * 9, "contradicted"),
        (0.5, (0.03, 0.03, 0.03, 0.03, 0.0), "partly"),  # 4 of 5: exactly 80 %
    ],
)
def test_c55_speed_breadth(pct, alts, verdict):
    assert _ok(R.speed_breadth(R.SpeedBreadth(btc_hour_fall=0.038, speed_percentile=pct, alt_hour_falls=alts))) == verdict


def test_c55_phrases_and_bad_input():
    r = R.speed_breadth(R.SpeedBreadth(0.038, 0.9995, NINE))
    assert (
        r.because()
        == "BTC's 3.8% fall within one hour was larger than 99.95% of the hours of the 90 days before, at least 99%; 9 of 9 altcoins fell at least 3% in that hour, at least 80% of them."
    )
    with pytest.raises(ValueError):
        R.SpeedBreadth(0.03, 0.5, ())
    with pytest.raises(ValueError):
        R.SpeedBreadth(0.03, 1.2, NINE)


# --- c56 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rp, vp, share, verdict",
    [
        (0.05, 0.90, 0.5, "reproduced"),  # every bound exactly
        (0.0, 0.98, 0.73, "reproduced"),  # the published case
        (0.0501, 0.90, 0.5, "partly"),  # return just not unusual, but most of the fall in Asia
        (0.05, 0.8999, 0.5, "partly"),  # volume just short
        (0.05, 0.90, 0.4999, "partly"),  # an unusual fall, but most of the day's fall elsewhere
        (0.0501, 0.99, 0.4999, "contradicted"),  # ordinary session and most of the fall elsewhere
        (0.6, 0.2, 0.1, "contradicted"),
    ],
)
def test_c56_asian_selling(rp, vp, share, verdict):
    r = R.asian_selling(R.AsianSelling(session_return=-0.04, return_percentile=rp, volume_ratio=2.0, volume_percentile=vp, fall_share=share, reports=2))
    assert _ok(r) == verdict
    assert r.basis == ("market data", "contemporaneous reports")


def test_c56_reports_are_shown_not_counted():
    kw = {"session_return": -0.042, "return_percentile": 0.0, "volume_ratio": 3.5, "volume_percentile": 0.983, "fall_share": 0.73}
    with_reports, without = R.asian_selling(R.AsianSelling(**kw, reports=4)), R.asian_selling(R.AsianSelling(**kw, reports=0))
    assert with_reports.verdict == without.verdict == "reproduced"
    assert "4 contemporaneous reports of the day place the selling in the Asian session" in with_reports.because()
    assert "no stored report of the day places the selling in the Asian session" in without.because()
    assert "1 contemporaneous report of the day places" in R.asian_selling(R.AsianSelling(**kw, reports=1)).because()
    assert with_reports.because().startswith("The Asian session moved -4.2%, and 0.0% of ordinary days' sessions went as low or lower, at most 5%")
    with pytest.raises(ValueError):
        R.AsianSelling(-0.04, 1.5, 1.0, 0.5, 0.5)


# --- c57, c65 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", [R.asian_macro_pressure, R.whales_buying])
@pytest.mark.parametrize("n, verdict", [(0, "not_checkable"), (1, "partly"), (3, "partly")])
def test_c57_c65_rest_on_reports(rule, n, verdict):
    r = rule(R.Reported(reports=n))
    assert (_ok(r), r.basis) == (verdict, ("contemporaneous reports",))


def test_c57_c65_phrases_and_bad_input():
    assert (
        R.asian_macro_pressure(R.Reported(1)).because()
        == "1 contemporaneous report within 3 days of the crash describes monetary-policy pressure in an Asian economy."
    )
    assert R.whales_buying(R.Reported(0)).because() == "No stored report within 3 days of the crash describes large holders buying."
    with pytest.raises(ValueError):
        R.Reported(-1)


# --- c58 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "r1, r3, r6, verdict",
    [
        (0.15, 0.15, -0.10, "reproduced"),  # two returns exactly at +15 %
        (0.1499, 0.15, 0.20, "reproduced"),
        (0.1499, 0.1499, 0.20, "partly"),  # only one reaches +15 %
        (0.0, -0.10, -0.10, "partly"),  # a flat month is not negative
        (-0.0001, -0.10, -0.10, "contradicted"),
        (-0.165, -0.169, -0.131, "contradicted"),  # the published case
    ],
)
def test_c58_profit_taking(r1, r3, r6, verdict):
    assert _ok(R.profit_taking(R.PriorRise(r1, r3, r6))) == verdict


def test_c58_phrases():
    r = R.profit_taking(R.PriorRise(-0.165, -0.169, -0.131))
    assert (
        r.because()
        == "Only 0 of the 3 returns over 1, 3 and 6 months (-16.5%, -16.9%, -13.1%) reach +15%, fewer than 2; all three are negative: there was no recent rise to take profit on."
    )


# --- c59 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pct, oi, verdict",
    [
        (0.8, 0.10, "reproduced"),  # both bounds exactly
        (0.8, 0.0999, "partly"),
        (0.7999, 0.20, "partly"),
        (0.9, float("nan"), "partly"),  # open interest not measured
        (0.5001, float("nan"), "partly"),
        (0.5, float("nan"), "contradicted"),  # at the median
        (0.33, float("nan"), "contradicted"),  # the published case
        (0.5, 0.30, "contradicted"),
    ],
)
def test_c59_leverage_chasing(pct, oi, verdict):
    assert _ok(R.leverage_chasing(R.LeverageChasing(funding_percentile_30d=pct, oi_change_30d=oi))) == verdict


def test_c59_phrases_and_bad_input():
    assert R.leverage_chasing(R.LeverageChasing(0.33)).check("oi_covered").phrase == "no open-interest series covers the month before"
    assert R.leverage_chasing(R.LeverageChasing(0.9, 0.12)).check("oi_built").phrase == "open interest rose 12.0% over the month, at least 10%"
    with pytest.raises(ValueError):
        R.LeverageChasing(1.2)


# --- c61 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "before, on_day, change, verdict",
    [
        (5.0, 0.0, -3.0, "not_checkable"),  # premise holds before the crash: flows decide, and are missing
        (4.9, 5.0, 1.0, "not_checkable"),  # premise holds by the crash day's close
        (4.9, 5.0, 0.0, "contradicted"),  # at 5 bp but not rising on the day
        (4.9, 4.9, 3.0, "contradicted"),
        (2.0, 9.0, 7.0, "not_checkable"),  # the published case
    ],
)
def test_c61_yields_siphoned(before, on_day, change, verdict):
    assert _ok(R.yields_siphoned(R.YieldsSiphoned(before_from_low_bp=before, on_day_from_low_bp=on_day, day_change_bp=change))) == verdict


def test_c61_flow_data_would_not_change_a_failed_premise():
    assert R.yields_siphoned(R.YieldsSiphoned(1.0, 1.0, -1.0, flows_available=True)).verdict == "contradicted"
    assert R.yields_siphoned(R.YieldsSiphoned(9.0, 9.0, 1.0)).check("flows").phrase == "no flows into crypto funds or Treasuries are in the data"


# --- c62 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rho, peaks, verdict",
    [
        (0.3, (0.75, 0.9), "reproduced"),  # both bounds exactly
        (0.2999, (0.75, 0.9), "partly"),
        (0.3, (0.7499, 0.9), "partly"),
        (0.41, (0.81, 1.0, 0.88, 0.6, 0.9, 0.72, 0.2), "partly"),  # the published case
        (0.0001, (0.1,), "partly"),
        (0.0, (0.9,), "contradicted"),
        (-0.2, (0.9,), "contradicted"),
    ],
)
def test_c62_leverage_in_bull_markets(rho, peaks, verdict):
    assert _ok(R.leverage_in_bull_markets(R.BullLeverage(spearman=rho, phase_peak_percentiles=peaks))) == verdict


def test_c62_bad_input():
    with pytest.raises(ValueError):
        R.BullLeverage(1.5, (0.9,))
    with pytest.raises(ValueError):
        R.BullLeverage(0.4, ())


# --- c63 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reading, funding, verdict",
    [
        (None, 0.9, "not_checkable"),
        (75, 0.75, "reproduced"),  # both bounds exactly
        (74.9, 0.75, "partly"),
        (75, 0.7499, "partly"),
        (49.9, 0.7499, "contradicted"),
        (28, 0.33, "contradicted"),  # the published case
        (50, 0.5, "partly"),  # at the midpoint: not on the fear side
        (49.9, 0.75, "partly"),  # fear reported, but funding in the top quarter
    ],
)
def test_c63_extreme_greed(reading, funding, verdict):
    r = R.extreme_greed(R.Greed(reading=reading, reading_day="2025-11-29", funding_percentile_30d=funding))
    assert _ok(r) == verdict
    assert r.basis == ("contemporaneous reports", "market data")


def test_c63_phrases_and_bad_input():
    r = R.extreme_greed(R.Greed(28, "2025-11-29", 0.33))
    assert (
        r.because()
        == "A reading of the index for 2025-11-29 is reported; it was 28, under the extreme-greed band (75 or more); below 50: on the fear side; 30-day funding sat at the 33% percentile, below the top quarter."
    )
    assert (
        R.extreme_greed(R.Greed(None, "none", 0.33)).check("reading").phrase == "no stored report gives a reading of the index for the 7 days before the crash"
    )
    with pytest.raises(ValueError):
        R.Greed(101, "2025-11-29", 0.5)


# --- c64, c66 ------------------------------------------------------------------------------------
def test_c64_c66_unsettled_is_a_judgement_naming_what_would_settle_it():
    r = R.unsettled(R.Unsettled("an archive would settle it.", "the stored pages."))
    assert (_ok(r), r.kind, r.checks) == ("not_checkable", JUDGEMENT, ())
    assert r.text.endswith("an archive would settle it.") and r.reasons[0] == "Searched: the stored pages."
    r = R.unsettled(R.Unsettled("posts would settle it.", "the stored pages.", background=1))
    assert (_ok(r), r.because()) == ("not_checkable", "1 earlier report bears on part of it.")
    assert R.unsettled(R.Unsettled("x.", "y.", background=2)).because() == "2 earlier reports bear on part of it."


# --- c69 ---------------------------------------------------------------------------------------
def _causes(*verdicts):
    return R.ThreeCauses(components=tuple(zip(("c22", "c59", "c56"), verdicts, strict=True)))


@pytest.mark.parametrize(
    "verdicts, verdict",
    [
        (("reproduced", "partly", "reproduced"), "reproduced"),
        (("partly", "partly", "partly"), "reproduced"),
        (("contradicted", "reproduced", "partly"), "partly"),  # one failed cause: at the bound
        (("not_checkable", "not_checkable", "contradicted"), "partly"),
        (("contradicted", "contradicted", "reproduced"), "contradicted"),  # the published case
        (("contradicted", "contradicted", "contradicted"), "contradicted"),
    ],
)
def test_c69_three_causes(verdicts, verdict):
    assert _ok(R.three_causes(_causes(*verdicts))) == verdict


def test_c69_phrases_and_bad_input():
    r = R.three_causes(_causes("contradicted", "contradicted", "reproduced"))
    assert r.because() == "1 of the 3 causes holds at least in part (c56); 2 of the 3 are contradicted (c22, c59), more than 1."
    with pytest.raises(ValueError):
        R.ThreeCauses(components=(("c22", "reproduced"), ("c59", "reproduced")))
    with pytest.raises(ValueError):
        _causes("reproduced", "maybe", "partly")
