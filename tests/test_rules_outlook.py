"""Rules of the outlook chapter (c29-c33) on hand-built measures: every threshold at, just inside and
just outside its boundary, and every verdict each rule can return. No data."""

from __future__ import annotations

import math

import pytest

from flashcrash.claims import Assessment, load_claims
from flashcrash.rules import outlook as R
from flashcrash.rules.base import THRESHOLD, Ruling, with_evidence

pytestmark = pytest.mark.timeout(10)

L84, L87 = 84_000.0, 87_000.0


def _ok(r: Ruling) -> str:
    """The verdict, after checking that the ruling yields a consistent assessment."""
    Assessment(r, with_evidence("Measures.", r))
    assert r.kind == THRESHOLD and r.basis == ("market data",)
    return r.verdict


def test_rules_cover_exactly_the_chapter_claims():
    assert set(R.RULES) == {c.id for c in load_claims() if c.chapter == "outlook"}


def test_threshold_values_and_units():
    got = {t.name: (t.value, t.unit) for t in (R.NEAR, R.MOSTLY, R.RARELY, R.STRONG_GAIN)}
    assert got == {"near_level": (0.03, "fraction"), "mostly_share": (0.5, "fraction"), "rarely_share": (0.1, "fraction"), "strong_gain": (0.10, "fraction")}


# --- c29 ---------------------------------------------------------------------------------------
def _s84(days, median=84_500.0):
    return R.support_84k(R.Support84k(days_held=days, days_1m=31, days_3m=90, median_open_3m=median, level=L84))


@pytest.mark.parametrize(
    "days, median, verdict",
    [
        (61, 87_967.5, "partly"),  # the published case: held a month, median 4.7 % above
        (math.inf, 84_500.0, "reproduced"),  # never broke, centred
        (91, 84_500.0, "reproduced"),  # broke just after 3 months
        (90, 84_500.0, "partly"),  # broke on the 3-month day
        (32, 84_500.0, "partly"),
        (31, 84_500.0, "contradicted"),  # broke on the last day of the first month
        (5, 84_500.0, "contradicted"),
        (math.inf, L84 * (1 + 0.03), "reproduced"),  # median at +3 %
        (math.inf, L84 * (1 - 0.03), "reproduced"),  # median at -3 %
        (math.inf, L84 * (1 + 0.03) + 1, "partly"),
        (math.inf, L84 * (1 - 0.03) - 1, "partly"),
        (math.inf, L84 * (1 + 0.03) - 1, "reproduced"),
        (math.inf, L84 * (1 - 0.03) + 1, "reproduced"),
    ],
)
def test_c29_support_84k(days, median, verdict):
    assert _ok(_s84(days, median)) == verdict


def test_c29_phrases():
    r = _s84(61, 87_967.5)
    assert r.because() == (
        "The level held for 61 days, longer than the 31-day first month; the 3-month median open was +4.7% from it, more than 3%: "
        "the price did not oscillate around it; it broke within the 90 days of 3 months."
    )
    assert [c.name for c in _s84(3).checks] == ["held_1m"]
    assert "$84,000" in r.text and "3%" in r.text


# --- c30 ---------------------------------------------------------------------------------------
def _r87(s1, s3=0.05, top=88_000.0):
    return R.resistance_87k(R.Resistance87k(share_above_1m=s1, share_above_3m=s3, max_open_3m=top, level=L87))


@pytest.mark.parametrize(
    "s1, s3, top, verdict",
    [
        (0.9032, 0.6, 96_915.0, "contradicted"),  # the published case
        (0.51, 0.05, 88_000.0, "contradicted"),
        (0.5, 0.05, 88_000.0, "reproduced"),  # exactly half: not "mostly"
        (0.0, 0.0, 80_000.0, "reproduced"),
        (0.05, 0.1, 88_000.0, "partly"),  # exactly 10 % over 3 months: not "rarely"
        (0.05, 0.099, 88_000.0, "reproduced"),
        (0.05, 0.05, L87 * (1 + 0.03), "partly"),  # highest open at +3 %
        (0.05, 0.05, L87 * (1 + 0.03) - 1, "reproduced"),
        (0.5, 0.4, 88_000.0, "partly"),
    ],
)
def test_c30_resistance_87k(s1, s3, top, verdict):
    assert _ok(_r87(s1, s3, top)) == verdict


def test_c30_phrases():
    assert _r87(0.9032, 0.6, 96_915.0).because() == "90% of opens in the first month were at or above it, more than 50%: it was no resistance."
    r = _r87(0.2, 0.3, 95_000.0)
    assert [c.name for c in r.checks] == ["mostly_above_1m", "rarely_above_3m", "capped"]
    assert r.check("capped").phrase == "the highest open, 95,000 USD, passed 89,610 USD (3% above it)"


# --- c31 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "r1, r3, verdict",
    [
        (0.0278, -0.238, "reproduced"),  # the published case
        (0.0999, 0.0999, "reproduced"),
        (0.10, 0.0, "contradicted"),  # a 10 % gain after 1 month is strong
        (0.0, 0.10, "contradicted"),
        (0.1001, -0.3, "contradicted"),
        (-0.3, 0.1001, "contradicted"),
    ],
)
def test_c31_no_momentum(r1, r3, verdict):
    assert _ok(R.no_momentum(R.NoMomentum(return_1m=r1, return_3m=r3))) == verdict


# --- c32 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("top, verdict", [(93_427.0, "contradicted"), (124_750.0, "contradicted"), (124_751.0, "reproduced"), (130_000.0, "reproduced")])
def test_c32_new_high(top, verdict):
    assert _ok(R.new_high_2025(R.NewHigh2025(ath=124_750.0, max_open_rest_of_year=top))) == verdict


def test_c32_phrase():
    r = R.new_high_2025(R.NewHigh2025(ath=100.0, max_open_rest_of_year=75.0))
    assert r.because() == "The highest open of the rest of 2025 was 25.0% below the old high: no new high."


# --- c33 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "r6, re, verdict",
    [
        (-0.175, -0.093, "contradicted"),  # the published case
        (-0.01, -0.01, "contradicted"),
        (0.0, -0.01, "partly"),  # at the start price is not below it
        (-0.01, 0.0, "partly"),
        (-0.1, 0.05, "partly"),  # below at one point only
        (0.10, 0.2, "partly"),  # exactly +10 % is not more than 10 %
        (0.2, 0.10, "partly"),
        (0.1001, 0.1001, "reproduced"),
        (0.3, 0.05, "partly"),
    ],
)
def test_c33_upturn(r6, re, verdict):
    assert _ok(R.upturn_6_12m(R.Upturn6to12m(return_6m=r6, return_end=re))) == verdict


def test_c33_phrases_and_bad_input():
    r = R.upturn_6_12m(R.Upturn6to12m(-0.175, -0.093))
    assert r.because() == "The price was below the as-of open after 6 months (-17.5%) and at the data's end (-9.3%)."
    assert [c.name for c in R.upturn_6_12m(R.Upturn6to12m(0.2, 0.2)).checks] == ["below_start", "strong_rise"]
    with pytest.raises(ValueError, match="6-month"):
        R.Upturn6to12m(return_6m=float("nan"), return_end=0.0)


# --- c60, c67, c68 -------------------------------------------------------------------------------
def test_added_threshold_values_and_units():
    got = {t.name: (t.value, t.unit) for t in (R.LIQUIDITY_HORIZON, R.RANGE_MAX, R.DRIFT_MAX, R.VOL_RATIO_MAX, R.EVENT_MULTIPLE)}
    assert got == {
        "horizon_days": (90, "days"),
        "range_max": (0.25, "fraction"),
        "drift_max": (0.10, "fraction"),
        "vol_ratio_max": (1.0, "ratio"),
        "event_multiple": (1.5, "ratio"),
    }


@pytest.mark.parametrize("cuts, hikes, verdict", [(1, 0, "contradicted"), (3, 0, "contradicted"), (0, 1, "reproduced"), (0, 0, "partly"), (1, 1, "partly")])
def test_c60_liquidity_tightened(cuts, hikes, verdict):
    assert _ok(R.liquidity_tightened(R.LiquidityTightened(cuts=cuts, hikes=hikes))) == verdict


def test_c60_phrases_and_bad_input():
    assert R.liquidity_tightened(R.LiquidityTightened(1, 0)).because() == "The Fed cut 1 time within 90 days: liquidity was loosened; it did not hike."
    with pytest.raises(ValueError):
        R.LiquidityTightened(-1, 0)


def _cons(r1=0.12, n1=0.03, v1=0.86, r3=0.12, n3=0.03, v3=0.86):
    return R.consolidation(R.Consolidation(range_1m=r1, net_1m=n1, vol_ratio_1m=v1, range_3m=r3, net_3m=n3, vol_ratio_3m=v3))


@pytest.mark.parametrize(
    "kw, verdict",
    [
        ({}, "reproduced"),
        ({"r1": 0.25, "n1": 0.10, "v1": 1.0, "r3": 0.25, "n3": -0.10, "v3": 1.0}, "reproduced"),  # every bound exactly
        ({"r3": 0.2501}, "partly"),  # the first month consolidates, 3 months do not
        ({"n3": -0.1001}, "partly"),
        ({"v3": 1.0001}, "partly"),
        ({"r3": 0.632, "n3": -0.238, "v3": 1.39}, "partly"),  # the published case
        ({"r1": 0.2501}, "contradicted"),  # the first month does not consolidate
        ({"n1": 0.1001}, "contradicted"),
        ({"v1": 1.0001}, "contradicted"),
    ],
)
def test_c67_consolidation(kw, verdict):
    assert _ok(_cons(**kw)) == verdict


def test_c67_phrases_name_what_failed():
    r = _cons(r3=0.632, n3=-0.238, v3=1.39)
    assert (
        r.check("consolidated_3m").phrase
        == "over 3 months the range was 63%, the net change -23.8% and volatility 1.39 times the 90 days before: no consolidation (range over 25%, net move over 10%, volatility up)"
    )
    assert r.check("consolidated_1m").phrase.endswith(": a consolidation")


@pytest.mark.parametrize(
    "moves, verdict",
    [
        ((0.015,), "reproduced"),  # exactly 1.5 times the median
        ((0.02, 0.01), "reproduced"),  # mean 0.015
        ((0.01499,), "partly"),
        ((0.0101,), "partly"),
        ((0.01,), "contradicted"),  # no larger than a typical day
        ((0.005, 0.01), "contradicted"),
    ],
)
def test_c68_fed_volatility(moves, verdict):
    assert _ok(R.fed_volatility(R.FedVolatility(event_moves=moves, other_median=0.01))) == verdict


def test_c68_bad_input():
    with pytest.raises(ValueError):
        R.FedVolatility((), 0.01)
    with pytest.raises(ValueError):
        R.FedVolatility((0.02,), 0.0)
