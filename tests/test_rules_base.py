"""The rule framework: rulings validate themselves, and evidence cannot contradict its checks."""

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules.base import JUDGEMENT, THRESHOLD, VERDICTS, Check, Ruling, Threshold, contradiction, with_evidence

T = Threshold("brief_max_minutes", 60, "minutes", "brief: at most 60 minutes below the level")


def _ruling(passed: bool = True) -> Ruling:
    c = Check("brief", passed, yes="below for 10 minutes, within 60: brief", no="below for 90 minutes, more than 60: not brief")
    return Ruling("reproduced" if passed else "partly", THRESHOLD, "Reproduced if below at most 60 minutes.", (T,), (c,))


def test_ruling_rejects_bad_verdict_kind_basis_and_bare_judgement():
    with pytest.raises(ValueError, match="verdict"):
        Ruling("maybe", THRESHOLD, "x")
    with pytest.raises(ValueError, match="kind"):
        Ruling("partly", "hunch", "x")
    with pytest.raises(ValueError, match="basis"):
        Ruling("partly", THRESHOLD, "x", basis=("gossip",))
    with pytest.raises(ValueError, match="reasons"):
        Ruling("partly", JUDGEMENT, "x")
    with pytest.raises(ValueError, match="text"):
        Ruling("partly", THRESHOLD, "  ")
    assert Ruling("partly", JUDGEMENT, "x", reasons=("why",)).verdict == "partly"


def test_check_phrases_and_types():
    c = Check("a", False, yes="yes-clause", no="no-clause")
    assert (c.phrase, c.opposite) == ("no-clause", "yes-clause")
    with pytest.raises(TypeError):
        Check("a", 1, yes="y", no="n")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Check("a", True, yes="same", no="same")


def test_because_and_evidence_follow_the_outcome():
    r = _ruling(True)
    assert r.because() == "Below for 10 minutes, within 60: brief."
    ev = with_evidence("BTC traded below $84,000.", r)
    assert ev == "BTC traded below $84,000. Below for 10 minutes, within 60: brief."
    assert contradiction(ev, r) is None
    assert Assessment(r, ev).verdict == "reproduced"


def test_assessment_refuses_contradicting_or_silent_evidence():
    r = _ruling(False)
    with pytest.raises(ValueError, match="lacks"):
        Assessment(r, "BTC traded below $84,000.")
    with pytest.raises(ValueError, match="opposite"):
        Assessment(r, with_evidence("below for 10 minutes, within 60: brief", r))
    with pytest.raises(TypeError):
        Assessment("partly", "text")  # type: ignore[arg-type]


def test_rule_json_shape():
    j = _ruling().rule_json()
    assert j["kind"] == "threshold" and j["text"].startswith("Reproduced")
    assert j["thresholds"] == [{"name": "brief_max_minutes", "value": 60, "unit": "minutes", "reason": T.reason}]
    assert set(VERDICTS) == {"reproduced", "partly", "contradicted", "not_checkable"}


def test_assessment_of_a_sentence_adds_the_checks_in_words():
    for passed in (True, False):
        r = _ruling(passed)
        a = Assessment.of(r, "Below for 40 minutes.", [])
        assert a.evidence == with_evidence("Below for 40 minutes.", r) and a.verdict == r.verdict and a.figures == []
        assert a.evidence.startswith("Below for 40 minutes.") and r.checks[0].phrase.casefold() in a.evidence.casefold()
