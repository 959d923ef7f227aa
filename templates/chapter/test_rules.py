"""Rules of the chapter "<Chapter title>" on hand-built measures: every verdict reachable, every
threshold at, just inside and just outside; milliseconds, no data.

Template: copy to ``tests/test_rules_<chapter>.py``. Add each published verdict to ``PUBLISHED`` in
``tests/test_ledger_rules.py``, and test the measures (``tests/test_<chapter>.py``) on small frames
with hand-computed answers and, marked ``@pytest.mark.data``, on the real data.
"""

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import chapter as R
from flashcrash.rules.base import with_evidence

LEVEL, LIM = R.LEVEL.value, R.BRIEF_MAX_MINUTES.value


def _m(low: float = LEVEL - 500.0, minutes: float = 30.0) -> R.BelowLevel:
    return R.BelowLevel(low, minutes, "2025-12-01")


def test_the_thresholds_are_the_articles():
    assert (LEVEL, LIM) == (84_000.0, 120)


def test_every_verdict_is_reachable():
    assert R.below_level(_m()).verdict == "reproduced"
    assert R.below_level(_m(minutes=LIM + 5)).verdict == "partly"
    assert R.below_level(_m(low=LEVEL + 500.0)).verdict == "contradicted"


def test_level_at_just_inside_and_just_outside():
    assert R.below_level(_m(low=LEVEL)).verdict == "contradicted"  # at the level: not below it
    assert R.below_level(_m(low=LEVEL - 0.01)).verdict == "reproduced"  # just below
    assert R.below_level(_m(low=LEVEL + 0.01)).verdict == "contradicted"  # just above


def test_brief_limit_at_just_inside_and_just_outside():
    assert R.below_level(_m(minutes=LIM)).verdict == "reproduced"  # at the limit: still brief
    assert R.below_level(_m(minutes=LIM - 5)).verdict == "reproduced"
    assert R.below_level(_m(minutes=LIM + 5)).verdict == "partly"  # one 5-minute bar more


def test_the_evidence_quotes_the_checks_and_cannot_contradict_them():
    r = R.below_level(_m(minutes=LIM + 5))
    assert "more than the 120-minute limit" in r.because()
    assert Assessment(r, with_evidence("BTC fell.", r)).verdict == "partly"
    with pytest.raises(ValueError):
        Assessment(r, "BTC fell; " + r.checks[1].yes)  # the opposite of what the rule found


def test_bad_measures_are_refused():
    with pytest.raises(ValueError):
        R.BelowLevel(-1.0, 0.0, "2025-12-01")
    with pytest.raises(ValueError):
        R.BelowLevel(83_000.0, -5.0, "2025-12-01")
