"""Rules of "The support breaks" on hand-built measures: each threshold at, just inside and just
outside its boundary, every verdict each rule can return, and the words the evidence quotes.
No data: these run in milliseconds."""

from __future__ import annotations

import pytest

from flashcrash.claims import Assessment, load_claims
from flashcrash.rules import support_levels as R
from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    MODEL,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    contradiction,
    with_evidence,
)

NAN = float("nan")
EPS = 1e-4  # "just inside / just outside" a fractional threshold


def lt(bars: str = "15min", bounces: int = 1, breaks: int = 2, p_levels: float = 0.5, p_paths: float = 0.5, touches: int | None = None) -> R.LevelTest:
    return R.LevelTest(bars, bounces + breaks if touches is None else touches, bounces, breaks, p_levels, p_paths)


QUIET = (lt("15min", 1, 2, 0.69, 0.73), lt("1h", 1, 1, 0.62, 0.59))  # $87k before the event: nothing special


def sig(bars: str = "15min", bounces: int = 1) -> R.LevelTest:
    return lt(bars, bounces, 0, 0.05, 0.05)


# --------------------------------------------------------------------------- thresholds
def test_thresholds_are_the_documented_values():
    got = {
        t.name: (t.value, t.unit)
        for t in (
            R.P_SIGNIFICANT,
            R.NARROW_MAX_PERCENTILE,
            R.IN_RANGE_MIN_SHARE,
            R.MIN_BOUNCES,
            R.BUSY_MIN_PERCENTILE,
            R.QUICK_RETURN_MAX_HOURS,
            R.BAND_HALF_WIDTH,
            R.SMASH_MIN_MINUTES,
        )
    }
    assert got == {
        "p_significant": (0.10, "p-value"),
        "narrow_max_percentile": (0.5, "fraction"),
        "in_range_min_share": (0.5, "fraction"),
        "min_bounces": (2, "bounces"),
        "busy_min_volume_percentile": (0.8, "fraction"),
        "quick_return_max_hours": (48, "hours"),
        "band_half_width": (0.005, "fraction of the level"),
        "smash_min_minutes_below": (60, "minutes"),
    }


def test_the_band_of_the_rules_is_the_band_of_the_level_tests():
    from flashcrash import levels as L

    assert R.BAND_HALF_WIDTH.value == L.TOL


def test_rules_cover_exactly_the_chapter_claims():
    mine = {c.id for c in load_claims() if c.chapter == "support-levels"}
    assert set(R.RULES) == mine


# --------------------------------------------------------------------------- level tests
def test_stands_out_needs_both_p_values_at_most_0_10():
    assert R.stands_out(lt(p_levels=0.10, p_paths=0.10))  # at
    assert R.stands_out(lt(p_levels=0.10 - EPS, p_paths=0.0))  # inside
    assert not R.stands_out(lt(p_levels=0.10 + EPS, p_paths=0.01))  # outside, random levels
    assert not R.stands_out(lt(p_levels=0.01, p_paths=0.10 + EPS))  # outside, bootstrapped paths
    assert not R.stands_out(lt(p_levels=NAN, p_paths=0.01))  # no decided touch: never stands out
    assert not R.stands_out(lt(p_levels=0.01, p_paths=NAN))


def test_level_test_refuses_impossible_counts():
    assert R.LevelTest("1h", 3, 1, 1, 0.5, 0.5).touches == 3  # one open touch is fine
    assert R.LevelTest("1h", 2, 1, 1, 0.5, 0.5).bounces == 1  # all decided
    with pytest.raises(ValueError, match="bounces"):
        R.LevelTest("1h", 3, 2, 2, 0.5, 0.5)  # four outcomes from three touches
    with pytest.raises(ValueError, match="bounces"):
        R.LevelTest("1h", 1, -1, 0, 0.5, 0.5)
    with pytest.raises(ValueError, match="bounces"):
        R.LevelTest("1h", -1, 0, 0, 0.5, 0.5)


def test_count_words():
    assert R.count(1, "bounce") == "1 bounce"
    assert R.count(0, "bounce") == "0 bounces"
    assert R.count(2, "touch") == "2 touches"
    assert R.count(3, "time") == "3 times"


def test_best_bar_size_counts_a_missing_p_as_one():
    r = R.support_before(R.SupportBefore(87_000.0, (lt("15min", 1, 1, 0.30, NAN), lt("1h", 1, 1, 0.50, 0.60)), 0.5))
    assert "best bar size 1h: p = 0.50 and 0.60" in r.check("stands_out").phrase
    r = R.support_before(R.SupportBefore(87_000.0, (lt("15min", 1, 1, 0.30, 0.40), lt("1h", 1, 1, 0.50, 0.60)), 0.5))
    assert "best bar size 15min: p = 0.30 and 0.40" in r.check("stands_out").phrase
    with pytest.raises(ValueError, match="at least one"):
        R.support_before(R.SupportBefore(87_000.0, (), 0.5))


# --------------------------------------------------------------------------- c06
@pytest.mark.parametrize(
    ("percentile", "narrow"),
    [(0.5, True), (0.5 - EPS, True), (0.5 + EPS, False), (0.0, True), (1.0, False)],
)
def test_c06_narrow_boundary(percentile, narrow):
    r = R.prior_range(R.PriorRange(percentile, 1.0))
    assert r.check("narrow").passed is narrow
    assert r.verdict == (REPRODUCED if narrow else PARTLY)


@pytest.mark.parametrize(("share", "inside"), [(0.5, True), (0.5 + EPS, True), (0.5 - EPS, False), (0.0, False)])
def test_c06_in_range_boundary(share, inside):
    r = R.prior_range(R.PriorRange(0.9, share))
    assert r.check("in_range").passed is inside
    assert r.verdict == (PARTLY if inside else CONTRADICTED)


@pytest.mark.parametrize(
    ("percentile", "share", "verdict"),
    [(0.18, 0.9, REPRODUCED), (0.18, 0.0, PARTLY), (0.9, 0.9, PARTLY), (0.9, 0.0, CONTRADICTED)],
)
def test_c06_every_verdict(percentile, share, verdict):
    assert R.prior_range(R.PriorRange(percentile, share)).verdict == verdict


def test_c06_published_measures_give_partly_with_these_words():
    r = R.prior_range(R.PriorRange(0.183562, 0.0))
    assert r.verdict == PARTLY and r.kind == THRESHOLD and r.basis == (MARKET_DATA,)
    assert r.because() == "The 24 h band was narrow (width percentile 0.18, at most 0.50); only 0% of its hourly closes were inside $87k-$90k (fewer than 50%)."
    assert r.text == (
        "Reproduced if the 24 h band before the day was narrow (width percentile at most 0.50 of the previous year) and at least 50% of its hourly "
        "closes were inside $87k-$90k; partly if one of the two holds; contradicted if neither."
    )
    assert [t["name"] for t in r.rule_json()["thresholds"]] == ["narrow_max_percentile", "in_range_min_share"]


# --------------------------------------------------------------------------- c07
def c07(tests=QUIET, pct: float = 0.5) -> R.Ruling:
    return R.support_before(R.SupportBefore(87_000.0, tests, pct))


@pytest.mark.parametrize(("p", "verdict"), [(0.10, REPRODUCED), (0.10 - EPS, REPRODUCED), (0.10 + EPS, CONTRADICTED)])
def test_c07_significance_boundary(p, verdict):
    assert c07((lt("15min", 1, 2, 0.9, 0.9), lt("1h", 1, 1, p, p))).verdict == verdict


@pytest.mark.parametrize(("bounces", "verdict"), [(2, PARTLY), (3, PARTLY), (1, CONTRADICTED), (0, CONTRADICTED)])
def test_c07_bounces_boundary(bounces, verdict):
    r = c07((lt("15min", 1, 2, 0.7, 0.7), lt("1h", bounces, 1, 0.6, 0.6)))
    assert r.verdict == verdict
    assert r.check("repeated_bounces").passed is (verdict == PARTLY)


@pytest.mark.parametrize(("pct", "busy"), [(0.8, True), (0.8 + EPS, True), (0.8 - EPS, False)])
def test_c07_busy_boundary(pct, busy):
    r = c07(pct=pct)
    assert r.check("busy_price").passed is busy
    assert r.verdict == (PARTLY if busy else CONTRADICTED)


def test_c07_every_verdict_and_the_published_words():
    assert c07((sig("1h"), QUIET[0]), 0.1).verdict == REPRODUCED  # one bar size standing out is enough
    assert c07((lt("15min", 2, 1, 0.7, 0.7),), 0.97).verdict == PARTLY  # both weaker signs
    assert c07(QUIET, 0.1).verdict == CONTRADICTED
    r = c07(QUIET, 0.96748)
    assert r.verdict == PARTLY and r.basis == (MARKET_DATA, MODEL)
    assert r.because() == (
        "Against the nulls $87k was nothing special as a support (best bar size 1h: p = 0.62 and 0.59, not both at most 0.10); "
        "$87k turned the price fewer than 2 times on every bar size (at most 1 bounce, on 15min bars); "
        "its price bin was busy (volume percentile 0.97, at least 0.80)."
    )
    assert r.text == (
        "Reproduced if $87k stood out as a support against both nulls (both p at most 0.10 on one bar size); partly if it turned the price at "
        "least 2 times on one bar size or its price bin was in the month's top 20% by volume; contradicted otherwise."
    )
    s = c07((sig("1h", 3), QUIET[0]), 0.5)
    assert s.check("stands_out").phrase == "$87k stood out as a support against both nulls (1h bars: p = 0.05 and 0.05, both at most 0.10)"
    assert s.check("repeated_bounces").phrase == "$87k turned the price at least 2 times on one bar size (3 bounces on 1h bars)"
    assert s.check("busy_price").phrase == "its price bin was not busy (volume percentile 0.50, below 0.80)"


# --------------------------------------------------------------------------- c08
AFTER_87K = (lt("5min", 1, 4, 0.82, 0.82), lt("1h", 1, 4, 0.87, 0.93))  # $87k from below after the event


def c08(tests=AFTER_87K, hours: float = 12.3) -> R.Ruling:
    return R.resistance_after(R.ResistanceAfter(87_000.0, tests, hours))


@pytest.mark.parametrize(("hours", "quick"), [(48.0, True), (48 - EPS, True), (48 + EPS, False), (NAN, False)])
def test_c08_quick_return_boundary(hours, quick):
    r = c08((sig("5min"),), hours)
    assert r.check("quick_return").passed is quick
    assert r.verdict == (PARTLY if quick else REPRODUCED)


@pytest.mark.parametrize(("p", "verdict"), [(0.10, REPRODUCED), (0.10 - EPS, REPRODUCED), (0.10 + EPS, CONTRADICTED)])
def test_c08_significance_boundary(p, verdict):
    assert c08((lt("5min", 1, 1, p, p),), 100.0).verdict == verdict


@pytest.mark.parametrize(("rejections", "verdict"), [(2, PARTLY), (3, PARTLY), (1, CONTRADICTED)])
def test_c08_rejections_boundary(rejections, verdict):
    r = c08((lt("5min", 1, 4, 0.8, 0.8), lt("1h", rejections, 4, 0.9, 0.9)))
    assert r.verdict == verdict


def test_c08_every_verdict_and_the_published_words():
    assert c08((sig("5min"),), 100.0).verdict == REPRODUCED
    assert c08((sig("5min"),), 12.0).verdict == PARTLY  # stood out, but the price was back above at once
    assert c08().verdict == CONTRADICTED
    r = c08(hours=12.333333)
    assert r.basis == (MARKET_DATA, MODEL)
    assert r.because() == (
        "Against the nulls $87k was nothing special as a resistance (best bar size 5min: p = 0.82 and 0.82, not both at most 0.10); "
        "the price was back above $87k within 12 h of the low (at most 48 h); "
        "$87k turned the price fewer than 2 times on every bar size (at most 1 rejection, on 5min bars)."
    )
    assert r.text == (
        "Reproduced if $87k stood out as a resistance against both nulls (both p at most 0.10 on one bar size) and the price did not close back "
        "above it within 48 hours; partly if it stood out, or rejected the price at least 2 times on one bar size; contradicted otherwise."
    )
    assert c08(hours=120.0).check("quick_return").phrase == "the price stayed below $87k for 120 h after the low (more than 48 h)"
    assert c08(hours=NAN).check("quick_return").phrase == "the price never closed back above $87k in the data"


# --------------------------------------------------------------------------- c09
EDGE_84K = 84_000 * (1 - 0.005)  # 83,580 USD


AFTER_84K = (lt("5min", 2, 0, 0.119, 0.087), lt("1h", 3, 1, 0.21, 0.25))  # $84k from above after the event


def c09(low: float = 84_408.6, tests=AFTER_84K) -> R.Ruling:
    return R.support_after(R.SupportAfter(84_000.0, tests, low))


@pytest.mark.parametrize(("low", "held"), [(EDGE_84K, True), (EDGE_84K + 1, True), (EDGE_84K - 1, False), (84_000 * 0.99, False)])
def test_c09_held_boundary(low, held):
    r = c09(low, (sig("5min", 1),))
    assert r.check("held").passed is held
    assert r.verdict == (REPRODUCED if held else CONTRADICTED)


@pytest.mark.parametrize(("p", "verdict"), [(0.10, REPRODUCED), (0.10 - EPS, REPRODUCED), (0.10 + EPS, PARTLY)])
def test_c09_significance_boundary(p, verdict):
    assert c09(tests=(lt("5min", 2, 0, p, p),)).verdict == verdict


@pytest.mark.parametrize(("bounces", "verdict"), [(2, PARTLY), (3, PARTLY), (1, CONTRADICTED)])
def test_c09_bounces_boundary_when_the_band_broke(bounces, verdict):
    assert c09(80_000.0, (lt("5min", bounces, 1, 0.5, 0.5),)).verdict == verdict


def test_c09_every_verdict_and_the_published_words():
    assert c09(tests=(sig("5min", 2),)).verdict == REPRODUCED
    assert c09(80_000.0, (sig("5min", 1),)).verdict == CONTRADICTED  # stood out, but the band broke
    assert c09(80_000.0, (lt("1h", 0, 1, 0.9, 0.9),)).verdict == CONTRADICTED
    r = c09()
    assert r.verdict == PARTLY and r.basis == (MARKET_DATA, MODEL)
    assert r.because() == (
        "Against the nulls $84k was nothing special as a support (best bar size 5min: p = 0.12 and 0.09, not both at most 0.10); "
        "the $84k band held to the end of the 5-minute data (lowest $84,409, not below its lower edge $83,580); "
        "$84k turned the price at least 2 times on one bar size (3 bounces on 1h bars)."
    )
    assert r.text == (
        "Reproduced if no price to the end of the 5-minute data fell below the $84k band (0.5% below the level) and $84k stood out as a "
        "support against both nulls (both p at most 0.10 on one bar size); partly if the band held or the level turned the price at least "
        "2 times on one bar size; contradicted otherwise."
    )
    assert (
        c09(83_000.0).check("held").phrase
        == "the price fell through the $84k band before the end of the 5-minute data (lowest $83,000, below its lower edge $83,580)"
    )


# --------------------------------------------------------------------------- c40
DEPTH_87K = 0.005 * 87_000  # 435 USD


def c40(depth: float = 60.4, minutes: float = 10.0, level: float = 87_000.0) -> R.Ruling:
    return R.smashed(R.FirstBreak(level, depth, minutes))


@pytest.mark.parametrize(("depth", "deep"), [(DEPTH_87K, True), (DEPTH_87K + 1, True), (DEPTH_87K - 1, False)])
def test_c40_depth_boundary(depth, deep):
    r = c40(depth, 90.0)
    assert r.check("deep").passed is deep
    assert r.verdict == (REPRODUCED if deep else PARTLY)


@pytest.mark.parametrize(("minutes", "lasted"), [(60.0, False), (61.0, True), (59.0, False), (NAN, True)])
def test_c40_minutes_boundary(minutes, lasted):
    r = c40(500.0, minutes)
    assert r.check("lasted").passed is lasted
    assert r.verdict == (REPRODUCED if lasted else PARTLY)


def test_c40_every_verdict_and_the_published_words():
    assert c40(500.0, 120.0).verdict == REPRODUCED
    assert c40(500.0, 10.0).verdict == PARTLY
    assert c40(60.0, 120.0).verdict == PARTLY
    r = c40()
    assert r.verdict == PARTLY and r.basis == (MARKET_DATA,)
    assert (
        r.because()
        == "The first break went only $60 below $87k, inside the level's band (less than $435); the price closed back above 10 minutes later (within 60 minutes)."
    )
    assert r.text == (
        "Reproduced if the first bar below $87k went through the level's band (at least 0.5% of the level below it) and the price stayed "
        "below for more than 60 minutes; otherwise partly, since the price did break the level that day."
    )
    s = c40(500.0, NAN)
    assert s.because() == "The first break went $500 below $87k, through the level's band (at least $435); it never closed back above in the data."
    assert c40(500.0, 90.0).check("lasted").phrase == "it stayed below for 90 minutes (more than 60 minutes)"
    assert "$85,500" in c40(10.0, 5.0, level=85_500.0).check("deep").phrase  # any other level is written out


# --------------------------------------------------------------------------- c41
@pytest.mark.parametrize(("p", "passed"), [(0.10, True), (0.10 - EPS, True), (0.10 + EPS, False), (NAN, False)])
def test_c41_boundaries(p, passed):
    a = R.round_numbers(R.RoundNumbers(p, 0.9))
    b = R.round_numbers(R.RoundNumbers(0.9, p))
    assert a.check("pivots_cluster").passed is passed
    assert b.check("round_bounce_more").passed is passed
    assert a.verdict == b.verdict == (PARTLY if passed else CONTRADICTED)


def test_c41_every_verdict_and_the_published_words():
    assert R.round_numbers(R.RoundNumbers(0.01, 0.02)).verdict == REPRODUCED
    assert R.round_numbers(R.RoundNumbers(0.01, 0.5)).verdict == PARTLY
    r = R.round_numbers(R.RoundNumbers(0.780942, 0.322508))
    assert r.verdict == CONTRADICTED and r.basis == (MARKET_DATA, MODEL)
    assert r.because() == (
        "Turning points did not gather at round thousands (p = 0.78, above 0.10); "
        "round thousands bounced the price no more often than half-way levels (p = 0.32, above 0.10)."
    )
    assert r.text == (
        "Reproduced if swing pivots cluster at round thousands and round thousands bounce the price more often than the half-way levels "
        "(each a one-sided test with p at most 0.10); partly if one of the two holds; contradicted if neither."
    )


# --------------------------------------------------------------------------- c47
def c47(v: float = 21.2, r: float = 4.2, q: float = 0.9997) -> R.Ruling:
    return R.large_sell_orders(R.BreakBar(87_000.0, v, r, q))


def test_c47_c50_thresholds_are_the_documented_values():
    got = {t.name: t.value for t in (R.BURST_RATIO, R.BURST_PERCENTILE, R.ORDINARY_RATIO, R.THIN_RATIO_MAX, R.BUSY_RATIO_MIN)}
    assert got == {"burst_ratio": 3.0, "burst_percentile": 0.99, "ordinary_ratio": 1.5, "thin_ratio_max": 1.0, "busy_ratio_min": 1.5}
    for t in (R.BURST_RATIO, R.BURST_PERCENTILE, R.ORDINARY_RATIO, R.THIN_RATIO_MAX, R.BUSY_RATIO_MIN):
        assert t.unit and len(t.reason) > 20


@pytest.mark.parametrize(("v", "heavy"), [(3.0, True), (3.0 + EPS, True), (3.0 - EPS, False)])
def test_c47_volume_boundary(v, heavy):
    r = c47(v=v)
    assert r.check("heavy").passed is heavy
    assert r.verdict == (REPRODUCED if heavy else PARTLY)


@pytest.mark.parametrize(("x", "wide"), [(3.0, True), (3.0 + EPS, True), (3.0 - EPS, False)])
def test_c47_range_boundary(x, wide):
    r = c47(r=x)
    assert r.check("wide").passed is wide
    assert r.verdict == (REPRODUCED if wide else PARTLY)


@pytest.mark.parametrize(("q", "rare"), [(0.99, True), (0.99 + EPS, True), (0.99 - EPS, False)])
def test_c47_percentile_boundary(q, rare):
    r = c47(q=q)
    assert r.check("rare").passed is rare
    assert r.verdict == (REPRODUCED if rare else PARTLY)


@pytest.mark.parametrize(("v", "r", "verdict"), [(1.5, 1.0, PARTLY), (1.0, 1.5, PARTLY), (1.5 - EPS, 1.5 - EPS, CONTRADICTED), (0.0, 0.0, CONTRADICTED)])
def test_c47_ordinary_boundary(v, r, verdict):
    got = c47(v=v, r=r, q=0.5)
    assert got.verdict == verdict
    assert got.check("beyond_ordinary").passed is (verdict == PARTLY)


def test_c47_every_verdict_and_the_published_words():
    assert c47(v=3.5, r=1.0, q=0.999).verdict == PARTLY  # heavy and rare, not wide: no check for the ordinary bar
    assert [c.name for c in c47(v=3.5, r=1.0).checks] == ["heavy", "wide", "rare"]
    r = c47(21.236297, 4.15015, 0.999653)
    assert r.verdict == REPRODUCED and r.kind == THRESHOLD and r.basis == (MARKET_DATA,)
    assert r.because() == (
        "The break bar traded 21.2 times the volume of an ordinary 5-minute bar (at least 3); its range was 4.2 times an ordinary bar's (at least 3); "
        "on 15-minute bars its volume burst was larger than 99.97% of the month before's (in the top 1%)."
    )
    assert "as far as bars can show" in r.text and "the orders and their side are not public" in r.text
    assert [t["name"] for t in r.rule_json()["thresholds"]] == ["burst_ratio", "burst_percentile", "ordinary_ratio"]


def test_c47_measures_refuse_bad_input():
    with pytest.raises(ValueError, match="fraction"):
        R.BreakBar(87_000.0, 2.0, 2.0, 1.2)
    with pytest.raises(ValueError, match="non-negative"):
        R.BreakBar(87_000.0, -1.0, 2.0, 0.5)
    with pytest.raises(ValueError, match="non-negative"):
        R.BreakBar(87_000.0, 2.0, NAN, 0.5)


# --------------------------------------------------------------------------- c50
@pytest.mark.parametrize(
    ("ratio", "verdict"),
    [(1.0, REPRODUCED), (1.0 - EPS, REPRODUCED), (1.0 + EPS, PARTLY), (1.5 - EPS, PARTLY), (1.5, CONTRADICTED), (1.5 + EPS, CONTRADICTED), (0.0, REPRODUCED)],
)
def test_c50_thin_and_busy_boundaries(ratio, verdict):
    r = R.weak_liquidity(R.HourBefore(ratio, False))
    assert r.verdict == verdict
    assert r.check("thin").passed is (ratio <= 1.0)
    if ratio > 1.0:
        assert r.check("busy").passed is (ratio >= 1.5)
    else:
        assert [c.name for c in r.checks] == ["weekend", "thin"]


def test_c50_a_weekend_break_counts_as_a_thin_period():
    assert R.weak_liquidity(R.HourBefore(3.0, True)).verdict == REPRODUCED
    assert R.weak_liquidity(R.HourBefore(3.0, False)).verdict == CONTRADICTED


def test_c50_published_words_and_bad_input():
    r = R.weak_liquidity(R.HourBefore(2.272865, False))
    assert r.verdict == CONTRADICTED and r.basis == (MARKET_DATA,)
    assert r.because() == (
        "The break came on a weekday (UTC); the hour before it traded 2.27 times the usual volume for that hour of day (more than 1.0); "
        "at least 1.5: an unusually busy hour, not a thin one."
    )
    assert r.text.startswith("Volume stands in for liquidity (order-book depth is not in the data).")
    with pytest.raises(ValueError, match="non-negative"):
        R.HourBefore(-0.1, False)
    with pytest.raises(ValueError, match="non-negative"):
        R.HourBefore(NAN, False)


# --------------------------------------------------------------------------- every rule
CASES = {
    "c06-prior-range": [R.PriorRange(a, b) for a in (0.2, 0.8) for b in (0.0, 0.9)],
    "c07-87k-support": [R.SupportBefore(87_000.0, t, v) for t in (QUIET, (sig("1h", 3),)) for v in (0.5, 0.9)],
    "c08-87k-resistance-after": [R.ResistanceAfter(87_000.0, t, h) for t in (QUIET, (sig("5min", 2),)) for h in (10.0, 100.0, NAN)],
    "c09-84k-support-after": [R.SupportAfter(84_000.0, t, x) for t in (QUIET, (sig("5min", 2),)) for x in (80_000.0, 84_500.0)],
    "c40-87k-smashed": [R.FirstBreak(87_000.0, d, m) for d in (50.0, 800.0) for m in (10.0, 90.0, NAN)],
    "c41-87k-psychological": [R.RoundNumbers(a, b) for a in (0.01, 0.5) for b in (0.01, 0.5)],
    "c47-large-sell-orders": [R.BreakBar(87_000.0, v, x, q) for v in (1.0, 2.0, 5.0) for x in (1.0, 5.0) for q in (0.5, 0.999)],
    "c50-weak-liquidity": [R.HourBefore(x, w) for x in (0.8, 1.2, 2.3) for w in (False, True)],
}


@pytest.mark.parametrize("claim", sorted(CASES))
def test_evidence_quotes_every_check_and_never_its_opposite(claim):
    rule = R.RULES[claim]
    verdicts = set()
    for m in CASES[claim]:
        r = rule(m)
        verdicts.add(r.verdict)
        ev = with_evidence("Measured.", r)
        assert contradiction(ev, r) is None
        assert Assessment(r, ev).verdict == r.verdict
        assert r.kind == THRESHOLD and r.thresholds and r.checks
        for c in r.checks:
            assert c.opposite.casefold() not in ev.casefold()
        assert "{" not in r.text and "nan" not in r.text
    expected = {REPRODUCED, PARTLY} if claim == "c40-87k-smashed" else {REPRODUCED, PARTLY, CONTRADICTED}
    assert verdicts == expected
