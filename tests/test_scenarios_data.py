"""Scenario pipeline on the real data (mirror): no look-ahead, the as-of facts, the verdicts."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from flashcrash.claims import load_claims
from flashcrash.scenarios import assess
from flashcrash.scenarios import forecast as F
from flashcrash.scenarios.bench import run_fast, run_reference
from tests.conftest import needs_data

pytestmark = needs_data


@pytest.fixture(scope="module")
def data():
    return F.daily_prices(), F.fed_upper()


def test_no_look_ahead(data):
    """The forecast from the full data equals the forecast from data cut at the as-of point, and does not
    move when everything after the as-of point is replaced by nonsense."""
    prices, upper = data
    as_of = F.as_of_time()
    full = F.prepare(prices, upper)
    cut = F.prepare(prices[prices.index <= as_of], upper[upper.index <= as_of])
    fake_prices = prices.where(prices.index <= as_of, prices * 3.0)
    fake_upper = upper.where(upper.index <= as_of, 9.0)
    fake = F.prepare(fake_prices, fake_upper)
    for s in (cut, fake):
        assert (s.fit.mu, s.fit.omega, s.fit.alpha, s.fit.beta) == (full.fit.mu, full.fit.omega, full.fit.alpha, full.fit.beta)
        assert (s.p0, s.ath, s.rw_sigma, s.fed_state) == (full.p0, full.ath, full.rw_sigma, full.fed_state)
        np.testing.assert_array_equal(s.regime_pool, full.regime_pool)
    a = {m: F.simulate(full, m, 2000, seed=1) for m in F.MODELS}
    b = {m: F.simulate(cut, m, 2000, seed=1) for m in F.MODELS}
    pd.testing.assert_frame_equal(F.probability_table(full, a), F.probability_table(cut, b))
    assert full.returns.index[-1] == as_of


def test_as_of_facts(data):
    prices, upper = data
    s = F.prepare(prices, upper)
    assert F.default_event_day() == pd.Timestamp("2025-12-01", tz="UTC")  # from flashcrash.event
    assert s.as_of == pd.Timestamp("2025-12-02", tz="UTC")
    assert s.p0 == 86_331.0  # Bitstamp open 2025-12-02 00:00 UTC, inside the $84k-$87k band
    assert (s.ath, s.ath_date) == (124_750.0, pd.Timestamp("2025-10-07", tz="UTC"))
    assert s.fed_state == "easing"  # last change: the cut of 2025-10-30
    assert 0.9 < s.fit.persistence < 1.0 and s.fit.alpha > 0.01
    assert s.fit.converged
    assert 1.0 < s.rw_sigma < 5.0  # percent per day
    assert s.horizon_steps["12m"] == 365 and s.horizon_steps["1m"] == 31


def test_prepare_errors(data):
    prices, upper = data
    with pytest.raises(ValueError, match="no price at the as-of point"):
        F.prepare(prices[prices.index < pd.Timestamp("2025-12-02", tz="UTC")], upper)
    with pytest.raises(ValueError, match="time zone"):
        F.as_of_time(pd.Timestamp("2025-12-01"))
    holey = prices.drop(pd.Timestamp("2024-06-01", tz="UTC"))
    with pytest.raises(ValueError, match="missing"):
        F.prepare(holey, upper)
    with pytest.raises(ValueError, match="unknown model"):
        F.simulate(F.prepare(prices, upper), "crystal_ball", 10)


def test_first_crossings(data):
    prices, upper = data
    s = F.prepare(prices, upper)
    x = F.first_crossings(prices, s).set_index("crossing")
    assert x.loc["at or above $87k", "date"] == pd.Timestamp("2025-12-03", tz="UTC")
    assert x.loc["at or below $84k", "date"] == pd.Timestamp("2026-02-01", tz="UTC")
    assert pd.isna(x.loc["above the all-time high", "date"])
    after = prices[(prices.index > s.as_of) & (prices.index < x.loc["at or below $84k", "date"])]
    assert (after > F.LOW).all()


def test_scores_and_probabilities_are_consistent(data):
    prices, upper = data
    s, paths = F.run(prices, upper, n_paths=5000)
    probs = F.probability_table(s, paths, prices)
    # monotone in the horizon
    for m in F.MODELS:
        assert probs.loc["touch_84k_1m", m] <= probs.loc["touch_84k_3m", m] <= probs.loc["touch_84k_12m", m]
        assert probs.loc["ath_6m", m] <= probs.loc["ath_12m", m]
    assert probs.loc["ath_12m", "outcome"] is None or np.isnan(probs.loc["ath_12m", "outcome"])  # decided after the data end
    sc = F.scores(s, paths, prices)
    assert sc.loc["random_walk", "skill_brier"] == 0.0
    assert (sc[[f"pinball_{k}" for k in F.SCORE_HORIZONS]] > 0).all().all()


def test_assess_covers_the_outlook_claims_fast():
    t0 = time.perf_counter()
    got = assess()
    assert time.perf_counter() - t0 < 20
    mine = {c.id for c in load_claims() if c.chapter == "outlook"}
    assert set(got) == mine
    assert got["c30-87k-resistance-1-3m"].verdict == "contradicted"
    assert got["c32-new-ath-2025"].verdict == "contradicted"
    assert got["c31-no-upward-momentum"].verdict == "reproduced"
    assert all(a.figures for a in got.values())
    assert assess()["c29-oscillate-84k"] == got["c29-oscillate-84k"]  # deterministic


def test_benchmark_engines_agree_in_distribution():
    from scipy import stats

    fast = run_fast(n_paths=20000, seed=1)
    finals, _, fd = run_reference(n_paths=1500, seed=2)
    assert stats.ks_2samp(fast.log_price[-1].astype(float), np.array(finals)).pvalue > 0.001
    pf = fast.prob_down(84_000.0, 365)
    pr = np.mean(np.array(fd[84_000.0]) <= 365)
    assert abs(pf - pr) < 4 * np.sqrt(pf * (1 - pf) / 1500)
