"""Rules of the liquidation chapter on hand-built measures: every threshold at, just inside and just
outside its boundary, every verdict each rule can return, and evidence that quotes the checks."""

import re
from pathlib import Path

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import liquidations as rl
from flashcrash.rules.base import MARKET_DATA, MODEL, REPORTS, VERDICTS, with_evidence

M = 1e6
R = rl.Reported


def ok(ruling, sentence="Measures."):
    """The ruling's evidence passes the Assessment's contradiction check; returns the verdict."""
    return Assessment(ruling, with_evidence(sentence, ruling)).verdict


def amt(article=600 * M, at_least=True, estimate=None, reports=(), unit="USD"):
    return rl.AmountMeasures("the worst hour", article, unit, at_least, estimate, tuple(reports))


# --------------------------------------------------------------------------- thresholds as published
def test_threshold_values_units_and_reasons():
    assert (rl.AGREE_TOLERANCE.value, rl.AGREE_TOLERANCE.unit) == (0.10, "fraction")
    assert rl.ESTIMATE_MAX_SPREAD.value == 3.0
    assert rl.VAST_MAJORITY.value == pytest.approx(0.6667, abs=1e-4) and rl.MAJORITY.value == 0.5
    assert rl.ARTICLE_LONG_SHARE.value == 0.9 and rl.RMB_TOLERANCE.value == 0.03
    assert (rl.PEAK_MAX_HOURS.value, rl.CASCADE_LONG_SHARE.value, rl.MIN_AMPLIFICATION.value, rl.DOMINANT_AMPLIFICATION.value) == (1, 0.8, 1.05, 2.0)
    for t in (
        rl.AGREE_TOLERANCE,
        rl.ESTIMATE_MAX_SPREAD,
        rl.VAST_MAJORITY,
        rl.MAJORITY,
        rl.ARTICLE_LONG_SHARE,
        rl.RMB_TOLERANCE,
        rl.PEAK_MAX_HOURS,
        rl.CASCADE_LONG_SHARE,
        rl.MIN_AMPLIFICATION,
        rl.DOMINANT_AMPLIFICATION,
    ):
        assert re.fullmatch(r"[a-z0-9_]+", t.name) and t.unit and len(t.reason) > 20


def test_formatting():
    assert rl.amount(640e6, "USD") == "640M USD"
    assert rl.amount(2_560e6, "USD") == "2,560M USD"
    assert rl.amount(220_000, "traders") == "220,000 traders"
    assert rl.span(163e6, 857e6, "USD") == "163M-857M USD"
    assert rl.span(400e6, 400.2e6, "USD") == "400M USD"
    assert rl.pct(0.335) == "34%"


# --------------------------------------------------------------------------- agreement of a figure or a range
def test_agrees_over_x_at_and_around_the_tolerance():
    a = 600 * M
    edge = a * (1 - 0.10)  # 540M
    assert rl.agrees(edge, edge, a, True)
    assert rl.agrees(edge + 1, edge + 1, a, True)
    assert not rl.agrees(edge - 1, edge - 1, a, True)
    assert rl.agrees(0.0, edge, a, True)  # a range reaching the bound allows it
    assert rl.agrees(10 * a, 10 * a, a, True)  # "over" has no upper bound


def test_agrees_about_x_both_sides():
    a = 820 * M
    lo_edge, hi_edge = a * (1 - 0.10), a * (1 + 0.10)
    assert rl.agrees(hi_edge, hi_edge, a, False) and rl.agrees(lo_edge, lo_edge, a, False)
    assert not rl.agrees(hi_edge + 1, hi_edge + 1, a, False)
    assert not rl.agrees(lo_edge - 1, lo_edge - 1, a, False)
    assert rl.agrees(640 * M, 1000 * M, a, False)  # reports taken hours apart straddle the figure
    assert not rl.agrees(400 * M, lo_edge - 1, a, False) and not rl.agrees(hi_edge + 1, 2000 * M, a, False)


# --------------------------------------------------------------------------- the amount rule (c10, c12, c13)
def test_amount_not_checkable_without_estimate_or_reports():
    r = rl.amount_rule(amt())
    assert r.verdict == "not_checkable" and r.basis == (MARKET_DATA,)
    assert r.check("settled").phrase.startswith("neither the data nor a contemporaneous report settle it")
    assert "540M USD" in r.text and "10%" in r.text
    assert ok(r) == "not_checkable"


def test_amount_narrow_estimate_alone_decides():
    yes = rl.amount_rule(amt(estimate=(300 * M, 900 * M)))  # spread 3.0: narrow enough
    assert yes.verdict == "reproduced" and yes.basis == (MARKET_DATA, MODEL)
    assert yes.check("estimate").passed and yes.check("estimate_narrow").passed
    assert "high/low 3.0, at most 3" in yes.check("estimate_narrow").phrase
    no = rl.amount_rule(amt(estimate=(100 * M, 500 * M)))
    assert no.verdict == "contradicted" and no.basis == (MARKET_DATA, MODEL)
    assert [c.name for c in no.checks] == ["estimate"]  # a ruling-out estimate needs no width check
    assert ok(yes) == "reproduced" and ok(no) == "contradicted"


def test_amount_estimate_spread_boundary():
    at = rl.amount_rule(amt(estimate=(200 * M, 600 * M)))  # exactly 3
    assert at.verdict == "reproduced"
    wide = rl.amount_rule(amt(estimate=(200 * M, 600.001 * M)))  # just over 3: silent
    assert wide.verdict == "not_checkable" and not wide.check("estimate_narrow").passed
    assert wide.basis == (MARKET_DATA, MODEL)
    assert [c.name for c in wide.checks] == ["estimate", "estimate_narrow", "settled"]
    zero = rl.amount_rule(amt(estimate=(0.0, 600 * M)))  # a zero low end is infinitely wide
    assert zero.verdict == "not_checkable" and "inf" in zero.check("estimate_narrow").phrase
    assert ok(wide) == "not_checkable" and ok(zero) == "not_checkable"


def test_amount_reports_alone_decide():
    allow = rl.amount_rule(amt(reports=[R("r01-a", 650 * M, "1h")]))
    assert allow.verdict == "reproduced" and allow.basis == (REPORTS,)
    assert "reported figure (r01)" in allow.check("reports").phrase
    out = rl.amount_rule(amt(reports=[R("r04-k", 400 * M, "1h"), R("r05-s", 400 * M, "1h"), R("r05-s", 410 * M, "1h")]))
    assert out.verdict == "contradicted" and out.basis == (REPORTS,)
    assert "3 reported figures (r04, r05), 400M-410M USD, rule out the article's over 600M USD" in out.check("reports").phrase
    assert ok(allow) == "reproduced" and ok(out) == "contradicted"


def test_amount_lines_that_differ_give_partly():
    a = rl.amount_rule(amt(estimate=(500 * M, 900 * M), reports=[R("r04-k", 400 * M, "1h")]))
    assert a.verdict == "partly" and a.basis == (MARKET_DATA, MODEL, REPORTS)
    b = rl.amount_rule(amt(estimate=(100 * M, 200 * M), reports=[R("r04-k", 700 * M, "1h")]))
    assert b.verdict == "partly"
    both = rl.amount_rule(amt(estimate=(500 * M, 900 * M), reports=[R("r04-k", 700 * M, "1h")]))
    assert both.verdict == "reproduced"
    neither = rl.amount_rule(amt(estimate=(100 * M, 200 * M), reports=[R("r04-k", 300 * M, "1h")]))
    assert neither.verdict == "contradicted" and neither.basis == (MARKET_DATA, MODEL, REPORTS)
    assert {ok(x) for x in (a, b, both, neither)} == {"partly", "reproduced", "contradicted"}


def test_amount_wide_estimate_leaves_the_reports_to_decide():
    # the published cases: a wide estimate allows, the reports decide
    c10 = rl.amount_rule(amt(estimate=(163 * M, 857 * M), reports=[R("r04-k", 400 * M, "1h")] * 3))
    assert c10.verdict == "contradicted" and c10.basis == (REPORTS,)
    c12 = rl.amount_rule(amt(820 * M, False, (486 * M, 2560 * M), [R("r01-a", 640 * M, "24h"), R("r08-s", 1000 * M, "24h")]))
    assert c12.verdict == "reproduced" and c12.basis == (REPORTS,)
    c13 = rl.amount_rule(amt(220_000, True, (104_151, 742_154), [R("r03-d", 180_000, "24h"), R("r09-b", 266_362, "24h")], unit="traders"))
    assert c13.verdict == "reproduced" and "180,000-266,362 traders" in c13.check("reports").phrase
    # a wide estimate that rules the figure out still counts
    far = rl.amount_rule(amt(820 * M, False, (100 * M, 600 * M), [R("r01-a", 820 * M, "24h")]))
    assert far.verdict == "partly"
    assert ok(c10) == "contradicted" and ok(c12) == "reproduced" and ok(c13) == "reproduced" and ok(far) == "partly"


def test_amount_measures_refuse_bad_input():
    with pytest.raises(ValueError, match="positive"):
        amt(article=0.0)
    with pytest.raises(ValueError, match="range"):
        amt(estimate=(2.0, 1.0))
    with pytest.raises(ValueError, match="range"):
        amt(estimate=(-1.0, 1.0))
    assert amt(estimate=(1.0, 1.0)).estimate == (1.0, 1.0)


# --------------------------------------------------------------------------- c11
def test_btc_majority_every_verdict_and_boundaries():
    none = rl.btc_majority(rl.BtcShareMeasures(None))
    assert none.verdict == "not_checkable" and "would settle it" in none.check("split_by_coin").phrase
    assert rl.btc_majority(rl.BtcShareMeasures(2 / 3, "r99")).verdict == "reproduced"
    assert rl.btc_majority(rl.BtcShareMeasures(0.666, "r99")).verdict == "partly"
    assert rl.btc_majority(rl.BtcShareMeasures(0.5, "r99")).verdict == "partly"
    low = rl.btc_majority(rl.BtcShareMeasures(0.499, "r99"))
    assert low.verdict == "contradicted" and low.basis == (REPORTS,)
    for r in (none, low, rl.btc_majority(rl.BtcShareMeasures(0.9, "r99")), rl.btc_majority(rl.BtcShareMeasures(0.6, "r99"))):
        assert ok(r) in VERDICTS
    assert rl.BtcShareMeasures(0.0).share == 0.0 and rl.BtcShareMeasures(1.0).share == 1.0
    with pytest.raises(ValueError):
        rl.BtcShareMeasures(1.2)
    with pytest.raises(ValueError):
        rl.BtcShareMeasures(-0.1)


# --------------------------------------------------------------------------- c14
def test_long_share_every_verdict_and_boundaries():
    assert rl.long_share(rl.LongShareMeasures(0.9001, 0.5)).verdict == "reproduced"
    at = rl.long_share(rl.LongShareMeasures(0.9, 0.9001))  # "over 90%": 90% exactly is not over
    assert at.verdict == "partly" and "not above 90%" in at.check("day").phrase
    assert rl.long_share(rl.LongShareMeasures(0.806, 0.985)).verdict == "partly"
    none = rl.long_share(rl.LongShareMeasures(0.806, 0.9))
    assert none.verdict == "contradicted" and none.basis == (MARKET_DATA,)
    assert ok(at) == "partly" and ok(none) == "contradicted"
    assert rl.LongShareMeasures(0.0, 1.0).day == 0.0 and rl.LongShareMeasures(1.0, 0.0).worst_hour == 0.0  # fractions' ends
    with pytest.raises(ValueError):
        rl.LongShareMeasures(1.01, 0.5)
    with pytest.raises(ValueError):
        rl.LongShareMeasures(0.5, -0.01)
    with pytest.raises(ValueError):
        rl.LongShareMeasures(-0.01, 0.5)
    with pytest.raises(ValueError):
        rl.LongShareMeasures(0.5, 1.01)


# --------------------------------------------------------------------------- c15
def test_rmb_relative_difference_and_tolerance():
    m = rl.RmbMeasures(7.1771, 5.8e9 / 820e6)
    assert m.relative_difference == pytest.approx(7.073170731707317 / 7.1771 - 1, rel=1e-12)
    assert rl.rmb_conversion(m).verdict == "reproduced"
    assert rl.rmb_conversion(rl.RmbMeasures(1.0, 1.0299)).verdict == "reproduced"
    assert rl.rmb_conversion(rl.RmbMeasures(1.0, 0.9701)).verdict == "reproduced"
    out = rl.rmb_conversion(rl.RmbMeasures(1.0, 1.0301))
    assert out.verdict == "contradicted" and "+3.0%, more than 3%" in out.check("rate").phrase
    assert rl.rmb_conversion(rl.RmbMeasures(1.0, 0.9699)).verdict == "contradicted"
    assert ok(out) == "contradicted" and ok(rl.rmb_conversion(m)) == "reproduced"
    with pytest.raises(ValueError):
        rl.RmbMeasures(0.0, 7.0)
    with pytest.raises(ValueError):
        rl.RmbMeasures(7.0, 0.0)


# --------------------------------------------------------------------------- c16
def cas(peak=0, longs=0.985, a=1.15, lo=1.13, hi=1.20):
    return rl.cascade(rl.CascadeMeasures(peak, longs, a, lo, hi))


def test_cascade_every_verdict():
    assert cas().verdict == "partly"  # the published case
    assert cas(a=2.0, hi=2.5).verdict == "reproduced"
    assert cas(a=1.99, hi=2.5).verdict == "partly"
    assert cas(lo=1.04).verdict == "contradicted"
    assert cas(lo=1.05).verdict == "partly"
    assert cas(lo=1.0, a=2.5, hi=3.0).verdict == "contradicted"  # no sure amplification beats a large central value
    assert cas().basis == (MARKET_DATA, MODEL)
    assert {ok(r) for r in (cas(), cas(a=2.0, hi=2.5), cas(lo=1.04))} == {"partly", "reproduced", "contradicted"}


def test_cascade_peak_window_and_long_share_boundaries():
    big = {"a": 2.5, "hi": 3.0}
    assert cas(peak=0, **big).verdict == "reproduced"
    assert cas(peak=1, **big).verdict == "reproduced"
    assert cas(peak=2, **big).verdict == "partly"
    assert cas(peak=-1, **big).verdict == "partly"  # the peak before the break is no cascade from it
    assert cas(longs=0.8, **big).verdict == "reproduced"
    assert cas(longs=0.79, **big).verdict == "partly"
    r = cas(peak=2, **big)
    assert "not within 0-1 h" in r.check("peak_after_break").phrase and ok(r) == "partly"


def test_cascade_measures_refuse_bad_input():
    with pytest.raises(ValueError, match="band"):
        rl.CascadeMeasures(0, 0.9, 1.3, 1.1, 1.2)
    with pytest.raises(ValueError, match="band"):
        rl.CascadeMeasures(0, 0.9, 1.0, 1.1, 1.2)
    with pytest.raises(ValueError, match="fraction"):
        rl.CascadeMeasures(0, 1.5, 1.15, 1.1, 1.2)
    with pytest.raises(ValueError, match="fraction"):
        rl.CascadeMeasures(0, -0.1, 1.15, 1.1, 1.2)
    edge = rl.CascadeMeasures(0, 1.0, 1.1, 1.1, 1.1)  # the central value may sit on the band's ends
    assert rl.CascadeMeasures(0, 0.0, 1.2, 1.1, 1.2).peak_long_share == 0.0 and edge.amplification == 1.1


# --------------------------------------------------------------------------- c17
def head(share=0.919, hour=None, headline=800 * M, total=820 * M):
    hour = hour or amt(800 * M, False, (163 * M, 857 * M), [R("r04-k", 400 * M, "1h")])
    return rl.HeadlineMeasures(headline, total, share, 179, hour)


def test_headline_share_check_decides_first():
    m = head()
    assert m.share == pytest.approx(800 / 820)
    r = rl.headline_hour(m)
    assert r.verdict == "contradicted" and not r.check("fits_own_total").passed
    assert "98% of the body's 24 h total" in r.check("fits_own_total").phrase
    assert r.basis == (MARKET_DATA, REPORTS)
    # the headline's own share exactly at the largest observed share fits; then the amount decides
    fits = rl.headline_hour(head(share=800 / 820, hour=amt(800 * M, False, reports=[R("r01-a", 790 * M, "1h")])))
    assert fits.check("fits_own_total").passed and fits.verdict == "reproduced"
    just = rl.headline_hour(head(share=800 / 820 - 1e-9, hour=amt(800 * M, False, reports=[R("r01-a", 790 * M, "1h")])))
    assert just.verdict == "contradicted"
    mixed = rl.headline_hour(head(share=1.0, hour=amt(800 * M, False, (700 * M, 900 * M), [R("r04-k", 400 * M, "1h")])))
    assert mixed.verdict == "partly"
    unsettled = rl.headline_hour(head(share=1.0, hour=amt(800 * M, False)))
    assert unsettled.verdict == "not_checkable"
    assert {ok(x) for x in (r, fits, mixed, unsettled)} == {"contradicted", "reproduced", "partly", "not_checkable"}


def test_headline_measures_refuse_bad_input():
    with pytest.raises(ValueError):
        head(share=0.0)
    with pytest.raises(ValueError):
        head(share=1.01)
    assert head(share=1.0).max_hour_share == 1.0
    with pytest.raises(ValueError):
        head(total=0.0)
    with pytest.raises(ValueError):
        head(headline=0.0)
    with pytest.raises(ValueError):
        rl.HeadlineMeasures(800 * M, 820 * M, 0.5, 0, amt())


# --------------------------------------------------------------------------- c48
EPS = 1e-4


def test_c48_c49_c51_c52_thresholds():
    got = {
        t.name: (t.value, t.unit)
        for t in (
            rl.LURKING_LONG_SHARE,
            rl.BUILT_UP_FUNDING_PERCENTILE,
            rl.LONG_SHARE_FLOOR,
            rl.BATCH_MULTIPLE,
            rl.LARGER_RATIO,
            rl.FIRST_FALL,
            rl.TOP_DAY_SHARE,
            rl.NOTABLE_DAY_SHARE,
        )
    }
    assert got == {
        "lurking_min_long_share": (0.8, "fraction"),
        "built_up_min_funding_percentile": (0.75, "fraction"),
        "long_share_floor": (0.5, "fraction"),
        "batch_multiple": (3.0, "ratio to the median hour of the 7 days before"),
        "larger_ratio": (2.0, "ratio"),
        "first_fall": (0.01, "fraction per hour"),
        "top_share": (0.05, "fraction of days"),
        "notable_share": (0.20, "fraction of days"),
    }
    for t in (
        rl.LURKING_LONG_SHARE,
        rl.BUILT_UP_FUNDING_PERCENTILE,
        rl.LONG_SHARE_FLOOR,
        rl.BATCH_MULTIPLE,
        rl.LARGER_RATIO,
        rl.FIRST_FALL,
        rl.TOP_DAY_SHARE,
        rl.NOTABLE_DAY_SHARE,
    ):
        assert re.fullmatch(r"[a-z0-9_]+", t.name) and len(t.reason) > 20


def lurk(share=0.97, pct=0.33):
    return rl.leverage_lurking(rl.LurkingMeasures(share, pct))


@pytest.mark.parametrize(
    ("share", "verdict"), [(0.8, "reproduced"), (0.8 + EPS, "reproduced"), (0.8 - EPS, "partly"), (0.5, "partly"), (0.5 - EPS, "contradicted")]
)
def test_c48_long_share_boundaries_with_high_funding(share, verdict):
    r = lurk(share, 0.9)
    assert r.verdict == verdict and ok(r) == verdict
    assert [c.name for c in r.checks] == (["longs", "built_up"] if share >= 0.8 else ["longs", "built_up", "mostly_longs"])


@pytest.mark.parametrize(("pct", "built"), [(0.75, True), (0.75 + EPS, True), (0.75 - EPS, False)])
def test_c48_funding_boundary(pct, built):
    r = lurk(0.97, pct)
    assert r.check("built_up").passed is built and r.verdict == ("reproduced" if built else "partly")


def test_c48_published_words_and_bad_input():
    r = lurk(0.969955, 0.329768)
    assert r.verdict == "partly" and r.basis == (MARKET_DATA,)
    assert r.because() == (
        "Longs were 97.0% of those liquidations, at least 80%; the 30-day mean funding before the day sat at the 33% percentile of its history, "
        "not in the top 25%: funding shows no long build-up."
    )
    assert lurk(0.3, 0.9).verdict == "contradicted"  # high funding does not rescue a day that liquidated shorts
    for bad in ((1.1, 0.5), (0.5, -0.1), (float("nan"), 0.5)):
        with pytest.raises(ValueError, match="fractions"):
            rl.LurkingMeasures(*bad)


# --------------------------------------------------------------------------- c49
def batch(first=5.1 * M, peak=53.3 * M, hours=1, nxt=1.09 * M, thr=0.33 * M):
    return rl.first_batch_larger(rl.FirstBatchMeasures(first, peak, hours, nxt, thr))


@pytest.mark.parametrize(("peak", "verdict"), [(10.2 * M, "reproduced"), (10.2 * M + 1, "reproduced"), (10.2 * M - 1, "partly")])
def test_c49_larger_boundary(peak, verdict):
    r = batch(first=5.1 * M, peak=peak)
    assert r.verdict == verdict and ok(r) == verdict
    assert r.check("larger").passed is (verdict == "reproduced")


@pytest.mark.parametrize(("nxt", "verdict"), [(0.33 * M, "contradicted"), (0.33 * M + 1, "partly"), (0.33 * M - 1, "contradicted")])
def test_c49_first_batch_is_the_peak_then_the_next_hour_decides(nxt, verdict):
    r = batch(first=53.3 * M, peak=53.3 * M, hours=0, nxt=nxt)
    assert r.verdict == verdict and ok(r) == verdict
    assert [c.name for c in r.checks] == ["later", "continued"]


def test_c49_published_words_and_bad_input():
    r = batch(5_099_457.8, 53_326_819.6, 1, 1_093_125.5, 327_506.6)
    assert r.verdict == "reproduced" and r.basis == (MARKET_DATA,)
    assert r.because() == "The peak came 1 h after the first batch; the peak was 10.5 times the first batch (at least 2)."
    assert batch(hours=3).check("later").phrase == "the peak came 3 h after the first batch"
    with pytest.raises(ValueError, match="after the peak"):
        rl.FirstBatchMeasures(1.0, 2.0, -1, 0.0, 0.0)
    with pytest.raises(ValueError, match="first_usd <= peak_usd"):
        rl.FirstBatchMeasures(3.0, 2.0, 1, 0.0, 0.0)
    with pytest.raises(ValueError, match="is the peak"):
        rl.FirstBatchMeasures(1.0, 2.0, 0, 0.0, 0.0)


# --------------------------------------------------------------------------- c51
def fuse(hours=0.0, ret=-0.037, before=5.1 * M, thr=0.33 * M):
    return rl.fuse_then_fuel(rl.FuseMeasures(hours, ret, before, thr))


@pytest.mark.parametrize(("before", "verdict"), [(0.33 * M, "reproduced"), (0.33 * M - 1, "reproduced"), (0.33 * M + 1, "partly")])
def test_c51_calm_before_boundary(before, verdict):
    r = fuse(before=before)
    assert r.verdict == verdict and ok(r) == verdict


def test_c51_every_verdict_and_the_published_words():
    assert fuse(hours=float("nan")).verdict == "contradicted"
    assert [c.name for c in fuse(hours=float("nan")).checks] == ["fell_first"]
    assert ok(fuse(hours=float("nan"))) == "contradicted"
    assert fuse(hours=2.0, before=0.1 * M).verdict == "reproduced"
    assert "2 h before the liquidation peak" in fuse(hours=2.0).check("fell_first").phrase
    r = fuse(0.0, -0.037088, 5_099_457.8, 327_506.6)
    assert r.verdict == "partly" and r.basis == (MARKET_DATA,)
    assert r.because() == (
        "The price fell 3.7% in the first sharp hour, the hour of the liquidation peak itself; "
        "but in the hour before it long liquidations were already a batch (5.10M USD, above 0.33M USD)."
    )
    with pytest.raises(ValueError, match="up to the peak"):
        rl.FuseMeasures(-1.0, -0.02, 0.0, 0.0)
    with pytest.raises(ValueError, match="6 hours up to the peak"):
        rl.FuseMeasures(7.0, -0.02, 0.0, 0.0, 6)
    assert rl.FuseMeasures(6.0, -0.02, 0.0, 0.0, 6).hours_fall_to_peak == 6.0  # the lookback's first hour
    assert (
        "No hour fell 1% or more in the 4 hours up to the liquidation peak"
        in rl.fuse_then_fuel(rl.FuseMeasures(float("nan"), float("nan"), 0.0, 0.0, 4)).because()
    )
    with pytest.raises(ValueError, match="non-negative"):
        rl.FuseMeasures(0.0, -0.02, -1.0, 0.0)


# --------------------------------------------------------------------------- c52
@pytest.mark.parametrize(
    ("rank", "days", "verdict"),
    [
        (5, 100, "reproduced"),
        (4, 100, "reproduced"),
        (6, 100, "partly"),
        (20, 100, "partly"),
        (21, 100, "contradicted"),
        (1, 1, "contradicted"),
    ],  # 1 of 1: no other day to stand out from
)
def test_c52_rank_boundaries(rank, days, verdict):
    r = rl.large_deleveraging(rl.DayRankMeasures(rank, days))
    assert r.verdict == verdict and ok(r) == verdict


def test_c52_published_words_and_bad_input():
    r = rl.large_deleveraging(rl.DayRankMeasures(8, 179))
    assert r.verdict == "reproduced" and rl.DayRankMeasures(8, 179).top_share == pytest.approx(8 / 179)
    assert r.because() == "The day ranks 8 of 179 (4.5% from the top), within the top 5%."
    r = rl.large_deleveraging(rl.DayRankMeasures(100, 179))
    assert r.because() == "The day ranks 100 of 179 (55.9% from the top), not within the top 5%; nor within the top 20%."
    for bad in ((0, 10), (11, 10)):
        with pytest.raises(ValueError, match="rank"):
            rl.DayRankMeasures(*bad)


# --------------------------------------------------------------------------- the chapter's table of rules
def test_rules_cover_the_chapter_and_no_verdict_literal_outside_rules():
    import yaml

    root = Path(__file__).resolve().parents[1]
    claims = yaml.safe_load((root / "data" / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    assert set(rl.RULES) == {c["id"] for c in claims if c["chapter"] == "liquidations"}
    pattern = re.compile(r"""["'](reproduced|partly|contradicted|not_checkable)["']""")
    for path in (root / "src" / "flashcrash" / "liquidation").glob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name
