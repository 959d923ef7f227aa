"""Rules of the chapter "Which day was it?": every threshold at, just inside and just outside its
boundary, and every verdict each rule can return, on hand-built measures (no data)."""

from __future__ import annotations

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import which_day as R
from flashcrash.rules.base import (
    CONTRADICTED,
    PARTLY,
    REPRODUCED,
    VERDICTS,
    Ruling,
    with_evidence,
)


def _ok(ruling: Ruling) -> Ruling:
    """Every ruling is well formed and its own evidence passes the Assessment check."""
    assert ruling.verdict in VERDICTS
    assert ruling.thresholds and ruling.text.strip()
    Assessment(ruling, with_evidence("Measures.", ruling), [])
    return ruling


# --------------------------------------------------------------------------- c01
def mid(month=12, dom=1, path=0) -> R.MidDecemberMeasures:
    return R.MidDecemberMeasures(f"2025-{month:02d}-{dom:02d}", month, dom, 22, 5, path, 84_409.0)


@pytest.mark.parametrize(
    ("month", "dom", "path", "verdict"),
    [
        (12, 10, 0, REPRODUCED),  # first day of the window: inside
        (12, 20, 0, REPRODUCED),  # last day: inside
        (12, 9, 0, CONTRADICTED),  # one day before
        (12, 21, 0, CONTRADICTED),  # one day after
        (11, 15, 0, CONTRADICTED),  # mid-month, wrong month
        (12, 1, 1, PARTLY),  # outside, but a mid-December day fits the price path
        (12, 1, 0, CONTRADICTED),
    ],
)
def test_c01_mid_december_window(month, dom, path, verdict):
    r = _ok(R.mid_december(mid(month, dom, path)))
    assert r.verdict == verdict
    assert r.check("best_day_in_mid_december").passed == (verdict == REPRODUCED)


def test_c01_thresholds_are_the_article_reading():
    assert (R.MID_DECEMBER_FIRST.value, R.MID_DECEMBER_LAST.value) == (10, 20)
    assert "outside 10-20 December" in R.mid_december(mid()).because()


# --------------------------------------------------------------------------- c02
def asia(minute: float | None, session: str = "Asia") -> R.AsianSessionMeasures:
    return R.AsianSessionMeasures("2025-12-01", None if minute is None else "00:55", minute, session)


@pytest.mark.parametrize(
    ("minute", "verdict"),
    [
        (540.0, REPRODUCED),  # 09:00 JST: the session opens
        (541.0, REPRODUCED),
        (539.0, CONTRADICTED),  # 08:59 JST
        (1019.0, REPRODUCED),  # 16:59 JST
        (1020.0, CONTRADICTED),  # 17:00 JST: closed
        (None, CONTRADICTED),  # no break at all
    ],
)
def test_c02_tokyo_hours(minute, verdict):
    r = _ok(R.asian_session(asia(minute)))
    assert r.verdict == verdict


def test_c02_phrases_name_the_local_time():
    assert "09:55 in Tokyo" in R.asian_session(asia(595.0)).because()
    assert "did not break $87k" in R.asian_session(asia(None)).because()


# --------------------------------------------------------------------------- c03
@pytest.mark.parametrize(
    ("breaks", "drop", "verdict"),
    [
        (1, 0.02, REPRODUCED),  # exactly the threshold
        (1, 0.0201, REPRODUCED),
        (1, 0.0199, PARTLY),  # broke, but not sharply
        (0, 0.05, CONTRADICTED),  # sharp but no break
        (0, 0.0, CONTRADICTED),
    ],
)
def test_c03_break_and_speed(breaks, drop, verdict):
    assert _ok(R.break_87k(R.Break87kMeasures("2025-12-01", breaks, drop))).verdict == verdict


# --------------------------------------------------------------------------- c04
@pytest.mark.parametrize(
    ("low", "minutes", "verdict"),
    [
        (83_999.0, 120.0, REPRODUCED),  # at the brief limit
        (83_999.0, 115.0, REPRODUCED),
        (83_999.0, 125.0, PARTLY),  # one bar too long
        (84_000.0, 0.0, CONTRADICTED),  # a low exactly at the level is not below it
        (84_001.0, 0.0, CONTRADICTED),
    ],
)
def test_c04_below_and_brief(low, minutes, verdict):
    assert _ok(R.below_84k(R.Below84kMeasures("2025-12-01", low, minutes, 5.0))).verdict == verdict


# --------------------------------------------------------------------------- c05
@pytest.mark.parametrize(
    ("share", "pct", "verdict"),
    [
        (0.5, 0.5, REPRODUCED),  # both at their thresholds
        (0.51, 0.49, REPRODUCED),
        (0.49, 0.1, PARTLY),  # outside the range
        (0.9, 0.51, PARTLY),  # range fine, but not calm
        (0.0, 0.9, PARTLY),  # never contradicted: 'without warning' is not measurable
    ],
)
def test_c05_calm_and_range(share, pct, verdict):
    r = _ok(R.without_warning(R.WithoutWarningMeasures("2025-12-01", share, 0.26, pct, 29)))
    assert r.verdict == verdict


# --------------------------------------------------------------------------- c42
def one(all_days=0, core_days=1, best_fits=9) -> R.OneEventMeasures:
    missed = (R.Elsewhere("in mid-December (10-20 Dec)", 22, "2025-12-15"), R.Elsewhere("no day fits this", 0, None))
    return R.OneEventMeasures(13, 851, all_days, "2025-12-01", best_fits, core_days, "2025-12-01" if core_days else None, missed)


@pytest.mark.parametrize(
    ("all_days", "core_days", "verdict"),
    [
        (1, 1, REPRODUCED),  # one day fits everything
        (2, 2, REPRODUCED),
        (0, 1, PARTLY),  # none fits all, one fits the price path
        (0, 3, PARTLY),
        (0, 0, CONTRADICTED),  # not even the price path on one day
    ],
)
def test_c42_one_event(all_days, core_days, verdict):
    r = _ok(R.one_event(one(all_days, core_days, 13 if all_days else 9)))
    assert r.verdict == verdict
    assert r.check("one_day_fits_all").passed == (all_days >= 1)
    assert r.check("one_day_fits_price_path").passed == (core_days >= 1)


def test_c42_core_names_the_price_path():
    assert R.CORE_ELEMENTS == ("broke_87k", "break_in_asia", "below_84k", "brief_below_84k", "sharp_drop")
    assert R.CORE.value == ", ".join(R.CORE_ELEMENTS)
    assert "no day of 851 fits all 13 elements" in R.one_event(one()).because().casefold()
    assert "the price path fits 1 day, first 2025-12-01" in R.one_event(one()).because()
    assert "the price path fits 3 days, first" in R.one_event(one(core_days=3)).because()


def test_rules_dict_covers_the_chapter_and_evidence_cannot_lie():
    assert set(R.RULES) == {"c01-mid-december", "c02-asian-session", "c03-break-87k", "c04-below-84k", "c05-without-warning", "c42-one-event"}
    r = R.below_84k(R.Below84kMeasures("2025-12-01", 83_786.0, 10.0, 5.0))
    with pytest.raises(ValueError):  # the opposite outcome's words are refused
        Assessment(r, "Below for 10 minutes. " + r.check("brief").no, [])


def test_article_figures_agree_with_the_liquidation_chapter():
    from flashcrash.liquidation import claims as lc

    assert R.ARTICLE_24H_USD.value == lc.ARTICLE_24H_USD
    assert R.ARTICLE_WORST_HOUR_USD.value == lc.ARTICLE_WORST_HOUR_USD


def test_thresholds_are_the_articles_numbers():
    got = {t.name: t.value for t in (R.BREAK_LEVEL, R.LOW_LEVEL, R.RANGE_LOW, R.RANGE_HIGH, R.ARTICLE_24H_USD, R.ARTICLE_WORST_HOUR_USD, R.LONG_MIN_SHARE)}
    assert got == {
        "break_level": 87_000.0,
        "low_level": 84_000.0,
        "range_low": 87_000.0,
        "range_high": 90_000.0,
        "article_24h_usd": 820e6,
        "article_worst_hour_usd": 600e6,
        "long_min_share": 0.9,
    }
    for t in (R.CALM_MIN_SHARE, R.SHARP_MIN_DROP, R.BRIEF_MAX_MINUTES, R.ALTS_MIN_DOWN_SHARE, R.CALM_MAX_VOL_PERCENTILE, R.ASIA_OPEN, R.ASIA_CLOSE, R.CORE):
        assert t.unit and t.reason, t.name


def test_asian_hours_agree_with_the_session_convention():
    from flashcrash.sessions import SESSIONS

    tz, start, end = SESSIONS["Asia"]
    assert tz == "Asia/Tokyo"
    assert (R.ASIA_OPEN.value, R.ASIA_CLOSE.value) == tuple(int(h) * 60 + int(m) for h, m in (start.split(":"), end.split(":")))
