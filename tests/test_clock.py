"""The article's clock: interval algebra and one function per date-dependent sentence, on hand-built
inputs (fast), then on the real data (marked ``data``)."""

import numpy as np
import pandas as pd
import pytest

from flashcrash import clock as K
from tests.conftest import needs_data


def D(s: str) -> pd.Timestamp:
    return pd.Timestamp(s, tz="UTC")


def I(a: str | None, b: str | None) -> K.Interval:  # noqa: E743 (I for interval, as in the hand-built clocks below)
    return K.Interval(None if a is None else D(a), None if b is None else D(b))


def clock(cid: str, *ivs: K.Interval) -> K.SentenceClock:
    return K.SentenceClock(cid, cid, K.normalize(ivs), (), "hand-built")


# --- intervals --------------------------------------------------------------------------------
def test_interval_checks_and_contains():
    iv = I("2025-12-10", "2025-12-20")
    assert iv.contains(D("2025-12-10")) and iv.contains(D("2025-12-20 23:59"))
    assert not iv.contains(D("2025-12-09")) and not iv.contains(D("2025-12-21"))
    assert str(iv) == "2025-12-10 to 2025-12-20" and str(I("2025-01-01", "2025-01-01")) == "2025-01-01"
    assert str(I(None, "2024-07-22")) == "... to 2024-07-22"
    assert K.Interval(D("2025-12-10 15:00"), None).start == D("2025-12-10")  # days, not times
    with pytest.raises(ValueError, match="after it ends"):
        I("2025-12-21", "2025-12-20")
    with pytest.raises(ValueError, match="no time zone"):
        K.Interval(pd.Timestamp("2025-12-10"), None)


def test_normalize_merges_overlapping_and_adjacent_days_only():
    out = K.normalize([I("2025-01-05", "2025-01-06"), I("2025-01-01", "2025-01-03"), I("2025-01-04", "2025-01-04"), I("2025-01-08", "2025-01-09")])
    assert out == (I("2025-01-01", "2025-01-06"), I("2025-01-08", "2025-01-09"))  # the 7th is a gap
    assert K.normalize([I(None, "2025-01-02"), I("2025-01-01", None)]) == (I(None, None),)
    assert K.normalize([]) == ()


def test_intersections():
    a = (I("2025-01-01", "2025-01-10"), I("2025-02-01", "2025-02-10"))
    b = (I("2025-01-05", "2025-02-03"),)
    assert K.intersect_two(a, b) == (I("2025-01-05", "2025-01-10"), I("2025-02-01", "2025-02-03"))
    assert K.intersect_two((I(None, "2024-09-17"),), (I("2024-11-12", None),)) == ()
    assert K.intersect_two((I(None, None),), (I(None, "2025-12-31"),)) == (I(None, "2025-12-31"),)
    assert K.intersect([clock("x", *a), clock("y", *b), clock("z", I("2025-01-07", None))]) == (I("2025-01-07", "2025-01-10"), I("2025-02-01", "2025-02-03"))
    assert K.intersect([clock("x", *a), clock("empty")]) == ()
    with pytest.raises(ValueError, match="at least one"):
        K.intersect([])


def test_days_to_intervals_groups_runs():
    days = pd.DatetimeIndex([D("2025-01-03"), D("2025-01-01"), D("2025-01-02"), D("2025-01-02 12:00"), D("2025-01-05")])
    assert K.days_to_intervals(days) == (I("2025-01-01", "2025-01-03"), I("2025-01-05", "2025-01-05"))
    assert K.days_to_intervals(pd.DatetimeIndex([], tz="UTC")) == ()
    with pytest.raises(Exception, match="no time zone"):
        K.days_to_intervals(pd.DatetimeIndex([pd.Timestamp("2025-01-01")]))


def test_coverage_and_summary_find_the_best_days():
    x = clock("x", I("2025-01-01", "2025-01-05"))
    y = clock("y", I("2025-01-04", "2025-01-10"))
    z = clock("z", I("2025-01-09", None))
    days = pd.date_range("2025-01-01", "2025-01-12", freq="D", tz="UTC")
    cov = K.coverage([x, y, z], days)
    assert list(cov.columns) == ["x", "y", "z", "count"]
    assert cov.loc[D("2025-01-04"), "count"] == 2 and cov.loc[D("2025-01-06"), "count"] == 1
    s = K.summarize([x, y, z], days)
    assert not s.single_date_exists and s.intersection == ()
    assert s.best_count == 2
    assert s.best_days == (I("2025-01-04", "2025-01-05"), I("2025-01-09", "2025-01-10"))
    assert s.best_sentences == (("x", "y"), ("y", "z"))
    s2 = K.summarize([x, y], days)
    assert s2.single_date_exists and s2.intersection == (I("2025-01-04", "2025-01-05"),)


# --- one function per sentence ----------------------------------------------------------------------
def test_mid_december_bounds():
    c = K.mid_december_clock(2024, 2025)
    assert c.intervals == (I("2024-12-10", "2024-12-20"), I("2025-12-10", "2025-12-20"))
    assert c.contains(D("2025-12-15")) and not c.contains(D("2025-12-09")) and not c.contains(D("2025-12-21"))
    with pytest.raises(ValueError):
        K.mid_december_clock(2026, 2025)


def hourly(values, start="2025-01-01") -> pd.Series:
    return pd.Series(np.asarray(values, float), index=pd.date_range(start, periods=len(values), freq="h", tz="UTC"))


def test_range_clock_share_threshold_both_sides():
    # day 1: 12 of its 24 hours inside -> the 24 h window ending 23:00 holds exactly half: qualifies
    inside_half = hourly([88_000] * 12 + [95_000] * 12 + [95_000] * 24)
    assert K.range_clock(inside_half).intervals == (I("2025-01-01", "2025-01-01"),)  # from day 2 00:00 a window holds 11
    # 11 inside, then out for good: the best window holds 11/24 < 0.5
    first_hours = hourly([95_000] * 13 + [88_000] * 11 + [95_000] * 24)
    assert K.range_clock(first_hours).intervals == ()
    assert K.range_clock(hourly([95_000] * 48)).empty
    bounds = hourly([87_000, 90_000, 86_999, 90_001])  # the bounds are inside, just outside is out
    assert K.range_clock(bounds, min_share=0.25).empty  # 4 closes: too few for a 24 h window
    share = K.range_clock(bounds, min_share=1.0, min_closes=1)
    assert share.intervals == (I("2025-01-01", "2025-01-01"),)
    assert K.range_clock(hourly([86_999, 90_001]), min_share=0.01, min_closes=1).empty
    with pytest.raises(ValueError, match="below high"):
        K.range_clock(bounds, low=90_000, high=87_000)
    with pytest.raises(Exception, match="no time zone"):
        K.range_clock(pd.Series([1.0], index=pd.DatetimeIndex([pd.Timestamp("2025-01-01")])))


def decisions(*rows) -> pd.DataFrame:
    return pd.DataFrame({"announced": [D(d) for d, _ in rows], "kind": [k for _, k in rows]})


def test_fed_cycle_clock_strict_and_with_pauses():
    dec = decisions(("2022-03-16", "hike"), ("2022-05-04", "hike"), ("2024-09-18", "cut"), ("2024-11-07", "cut"), ("2025-09-17", "cut"))
    strict = K.fed_cycle_clock(dec, 2025)
    assert strict.intervals == (I("2022-03-16", "2024-09-17"),)  # the run of cuts began in 2024
    assert "2024-09-18" in strict.rule
    paused = K.fed_cycle_clock(dec, 2025, max_pause_days=180)  # 2024-11-07 -> 2025-09-17 is 314 days
    assert paused.intervals == (I("2024-11-08", "2025-09-16"),)
    assert K.fed_cycle_clock(dec, 2025, max_pause_days=400).intervals == strict.intervals
    assert K.fed_cycle_clock(decisions(("2025-03-19", "cut")), 2025).intervals == (I(None, "2025-03-18"),)
    with pytest.raises(ValueError, match="no Fed cut announced in 2023"):
        K.fed_cycle_clock(dec, 2023)


def test_year_ahead_and_eth_etf_clocks():
    y = K.year_ahead_clock(2025)
    assert y.contains(D("2025-12-31")) and not y.contains(D("2026-01-01")) and y.contains(D("2010-01-01"))
    e = K.eth_etf_clock(D("2024-07-23"))
    assert e.intervals == (I(None, "2024-07-22"),) and e.basis == ("contemporaneous reports",)
    assert K.eth_etf_clock(D("2024-07-23"), since=D("2023-09-01")).intervals == (I("2023-09-01", "2024-07-22"),)
    assert K.eth_etf_clock(D("2024-07-23"), since=D("2024-07-23")).empty
    with pytest.raises(ValueError, match="no time zone"):
        K.eth_etf_clock(pd.Timestamp("2024-07-23"))


def test_near_high_clock_boundary():
    idx = pd.date_range("2025-01-01", periods=5, freq="D", tz="UTC")
    high = pd.Series([100.0, 110, 100, 95, 80], index=idx)
    close = pd.Series([100.0, 108, 99, 98.9, 80], index=idx)  # 99 = 0.9 * 110 exactly: near; 98.9: not
    c = K.near_high_clock(high, close, within=0.10)
    assert c.intervals == (I("2025-01-02", "2025-01-04"),)  # the days after the near-high closes
    with pytest.raises(ValueError, match="fraction"):
        K.near_high_clock(high, close, within=1.5)


def business_days(values, start="2025-01-01") -> pd.Series:
    return pd.Series(np.asarray(values, float), index=pd.bdate_range(start, periods=len(values), tz="UTC"))


def test_cut_expectations_clock_rise_level_and_hikes():
    n = 40
    flat = np.full(n, 4.00)
    rising = flat.copy()
    rising[-5:] = 4.25  # +25 bp within 30 days, at the effective rate
    effr = business_days(np.full(n, 4.25))
    c = K.cut_expectations_clock(business_days(rising), effr)
    last = business_days(rising).index[-1]
    assert c.intervals and c.intervals[-1].end == last and c.contains(last)
    assert not K.cut_expectations_clock(business_days(np.r_[flat[:-5], [4.19] * 5]), business_days(np.full(n, 4.19))).intervals  # +19 bp: no
    assert not K.cut_expectations_clock(business_days(rising), business_days(np.full(n, 4.30))).intervals  # still below EFFR: no
    recent = decisions((str(last.date() - pd.Timedelta(days=10)), "hike"))
    assert K.cut_expectations_clock(business_days(rising), effr, recent).empty  # the Fed is hiking
    old = decisions(("2020-01-01", "hike"))
    assert K.cut_expectations_clock(business_days(rising), effr, old).intervals == c.intervals


def test_cut_expectations_clock_covers_the_weekend_after_a_qualifying_friday():
    idx = pd.bdate_range("2025-01-01", "2025-02-07", tz="UTC")  # ends on a Friday
    y = pd.Series(4.0, index=idx)
    y.iloc[-1] = 4.3
    monday = pd.Series([4.3], index=pd.DatetimeIndex([D("2025-02-10")]))
    y = pd.concat([y, monday])
    c = K.cut_expectations_clock(y, pd.Series(4.3, index=y.index))
    assert c.contains(D("2025-02-08")) and c.contains(D("2025-02-09")) and c.contains(D("2025-02-10"))


# --- the real data ------------------------------------------------------------------------------------
@pytest.mark.data
@needs_data
def test_article_clock_on_the_data():
    clocks = {c.claim_id: c for c in K.article_clocks()}
    assert clocks["c28-fed-cutting-2025"].intervals == (I("2022-03-16", "2024-09-17"),)
    assert clocks["c53-eth-etf-coming"].intervals == (I(None, "2024-07-22"),)
    rng = clocks["c06-prior-range"]
    assert rng.contains(D("2024-11-13")) and rng.contains(D("2025-12-15"))
    assert not rng.contains(D("2025-12-01"))  # BTC was above $90k for most of 30 November
    assert rng.intervals[0].start == D("2024-11-12")  # BTC first traded at $87k-$90k in November 2024
    assert clocks["c22-fed-cut-expectations"].contains(D("2025-01-10"))  # the 'talk of hikes' week (r38)
    assert not clocks["c54-challenge-highs"].contains(D("2025-12-01"))
    summary = K.article_clock_summary()
    assert not summary.single_date_exists
    assert summary.best_count < len(clocks)
    strict_vs_paused = K.article_clock_summary(max_pause_days=180)
    assert not strict_vs_paused.single_date_exists


@pytest.mark.data
@needs_data
def test_two_year_yield_derived_matches_fred_dgs2():
    from flashcrash import data

    direct = data.fred("DGS2")
    derived = (data.fred("DGS10") - data.fred("T10Y2Y")).dropna()
    both = pd.concat({"a": direct, "b": derived}, axis=1, join="inner").loc["2020":]
    assert len(both) > 1000
    assert (both["a"] - both["b"]).abs().max() <= 0.011  # FRED rounds each series to 0.01
    y = K.two_year_yield()
    assert y.index.is_monotonic_increasing and y.index[-1] > direct.index[-1]
