"""The atlas's rule for c25 ("strikingly similar to 2022") on hand-built measures: each threshold at,
just inside and just outside its boundary, and every verdict it can return."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import atlas as ra
from flashcrash.rules.base import CONTRADICTED, PARTLY, REPRODUCED, with_evidence

pytestmark = pytest.mark.timeout(10)

# 2022 collapses 26 % and 25 % deep: the shallower is 25 %, so the depth boundary is 12.5 %
BASE = ra.Like2022Measures(
    drawdown=0.125,
    worst_1h=0.04,
    fall_hours=26.0,
    funding_percentile=0.8,
    n_2022=80,
    share_2022_shallower=0.7,
    median_drawdown_2022=0.07,
    named_2022=("Terra/LUNA", "FTX"),
    named_drawdown=(0.26, 0.25),
    named_fall_hours=(114.0, 66.0),
    named_funding_percentile=(0.1, 0.8),
)
EPS = 1e-9


def _evidence_ok(m: ra.Like2022Measures) -> str:
    r = ra.like_2022(m)
    Assessment(r, with_evidence("Measures.", r), [])  # the checks' phrases fit the verdict
    return r.verdict


def test_depth_threshold_at_inside_and_outside():
    assert BASE.depth_ratio == pytest.approx(0.5)
    assert ra.like_2022(BASE).check("alike_in_size").passed  # at the boundary: half as deep counts
    assert ra.like_2022(replace(BASE, drawdown=0.125 + EPS)).check("alike_in_size").passed
    assert not ra.like_2022(replace(BASE, drawdown=0.125 - EPS)).check("alike_in_size").passed


def test_funding_threshold_at_inside_and_outside_now_and_in_2022():
    assert ra.like_2022(BASE).check("leverage_extreme_before").passed
    assert ra.like_2022(replace(BASE, funding_percentile=0.8 + EPS)).check("leverage_extreme_before").passed
    assert not ra.like_2022(replace(BASE, funding_percentile=0.8 - EPS)).check("leverage_extreme_before").passed
    assert ra.like_2022(BASE).check("leverage_extreme_2022").passed  # FTX at 0.8: one 2022 collapse is enough
    assert ra.like_2022(replace(BASE, named_funding_percentile=(0.1, 0.8 + EPS))).check("leverage_extreme_2022").passed
    assert not ra.like_2022(replace(BASE, named_funding_percentile=(0.8 - EPS, 0.8 - EPS))).check("leverage_extreme_2022").passed


def test_every_verdict():
    assert _evidence_ok(BASE) == REPRODUCED
    shallow = replace(BASE, drawdown=0.1)
    assert _evidence_ok(shallow) == PARTLY  # leverage shared, not alike in size
    calm_now = replace(BASE, funding_percentile=0.3)
    assert _evidence_ok(calm_now) == PARTLY  # alike in size, leverage not extreme now
    calm_then = replace(BASE, named_funding_percentile=(0.1, 0.3))
    assert _evidence_ok(calm_then) == PARTLY  # alike in size, leverage not extreme in 2022
    assert _evidence_ok(replace(shallow, funding_percentile=0.3)) == CONTRADICTED
    assert _evidence_ok(replace(shallow, named_funding_percentile=(0.1, 0.3))) == CONTRADICTED


def test_ruling_shape_and_registry():
    r = ra.like_2022(BASE)
    j = r.rule_json()
    assert [t["name"] for t in j["thresholds"]] == ["similar_depth_ratio", "extreme_funding_percentile"]
    assert "Terra/LUNA and FTX" in r.text and r.basis == ("market data",)
    assert ra.RULES == {"c25-like-2022": ra.like_2022}


def test_bad_measures_are_refused():
    with pytest.raises(ValueError, match="named 2022"):
        replace(BASE, named_2022=(), named_drawdown=(), named_fall_hours=(), named_funding_percentile=())
    with pytest.raises(ValueError, match="named 2022"):
        replace(BASE, named_drawdown=(0.26,))
    with pytest.raises(ValueError, match="fractions"):
        replace(BASE, drawdown=8.9)
