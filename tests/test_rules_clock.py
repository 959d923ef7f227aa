"""Rules of the clock chapter on hand-built measures: every verdict, both sides of the threshold."""

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import clock as R
from flashcrash.rules.base import with_evidence


def _m(best: int, n: int = 8, single: bool = False) -> R.OneDate:
    return R.OneDate(n, single, best, "2025-12-15")


def test_one_date_every_verdict_and_the_threshold_boundary():
    assert R.MOST_SENTENCES.value == 0.75
    assert R.one_date(_m(8, single=True)).verdict == "reproduced"
    assert R.one_date(_m(6)).verdict == "partly"  # 6 of 8 = 0.75: at the boundary
    assert R.one_date(_m(5)).verdict == "contradicted"  # 5 of 8 = 0.625: just outside
    assert R.one_date(_m(7)).verdict == "partly"  # just inside
    r = R.one_date(_m(4))
    assert "only 4 of 8 true, under 75%" in r.because()
    assert Assessment(r, with_evidence("Dated sentences.", r)).verdict == "contradicted"


def test_one_date_measures_are_checked():
    with pytest.raises(ValueError):
        R.OneDate(3, False, 4, "2025-12-01")
    with pytest.raises(ValueError):
        R.OneDate(0, False, 0, "2025-12-01")


def test_unsettled_is_a_judgement_that_names_what_would_settle_it():
    r = R.unsettled(R.Unsettled("an archive of trends would settle it.", "the stored pages."))
    assert r.verdict == "not_checkable" and r.kind == "judgement"
    assert "an archive of trends would settle it." in r.text and r.reasons[0] == "Searched: the stored pages."


@pytest.mark.data
def test_clock_chapter_verdicts_on_the_data():
    from flashcrash import clock_claims as K

    got = {k: a.verdict for k, a in K.assess().items()}
    assert got == {"c43-one-date": "contradicted", "c44-trending-hashtag": "not_checkable", "c45-commentator-warning": "not_checkable", "c46-exchange-statement": "not_checkable"}
