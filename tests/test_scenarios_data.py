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

pytestmark = [pytest.mark.data, needs_data, pytest.mark.timeout(120)]


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


# ---------------------------------------------------------------- published verdicts, pinned values
PUBLISHED = {
    "c29-oscillate-84k": (
        "partly",
        {
            "as_of": "2025-12-02T00:00:00Z",
            "p0_open_as_of": 86331.0,
            "first_open_at_or_below_84k": "2026-02-01T00:00:00Z",
            "open_that_day": 78591.0,
            "days_84k_held": 61,
            "first_intraday_below_84k": "2026-01-29T18:00:00Z",
            "median_open_3m": 87967.5,
            "share_opens_within_3pct_of_84k_3m": 0.0555555556,
            "min_open_3m": 62930.0,
            "min_open_3m_date": "2026-02-06T00:00:00Z",
            "p_touch_84k_3m_fhs": 0.80755,
            "p_touch_84k_3m_random_walk": 0.8534,
        },
    ),
    "c30-87k-resistance-1-3m": (
        "contradicted",
        {
            "first_open_at_or_above_87k": "2025-12-03T00:00:00Z",
            "open_that_day": 91385.0,
            "first_intraday_at_or_above_87k": "2025-12-02T01:00:00Z",
            "share_opens_at_or_above_87k_1m": 0.9032258065,
            "share_opens_at_or_above_87k_3m": 0.6,
            "max_open_3m": 96915.0,
            "max_open_3m_date": "2026-01-15T00:00:00Z",
            "p_above_87k_1m_fhs": 0.88535,
            "p_above_87k_1m_random_walk": 0.86205,
        },
    ),
    "c31-no-upward-momentum": (
        "reproduced",
        {
            "open_1m": 88732.0,
            "return_1m": 0.0278115625,
            "open_3m": 65780.0,
            "return_3m": -0.2380489048,
            "best_open_gain_within_3m": 0.1225979081,
            "pit_3m_fhs": 0.0986,
            "pit_3m_random_walk": 0.10325,
        },
    ),
    "c32-new-ath-2025": (
        "contradicted",
        {
            "ath_open_as_of": 124750.0,
            "ath_date": "2025-10-07T00:00:00Z",
            "max_open_rest_of_2025": 93427.0,
            "max_open_rest_of_2025_date": "2025-12-04T00:00:00Z",
            "fed_cuts_2025": 3,
            "new_ath_through_data_end": 0,
            "p_ath_2025_fhs": 0.0204,
            "p_ath_2025_random_walk": 0.002,
        },
    ),
    "c33-upward-6-12m": (
        "contradicted",
        {
            "fed_cuts_after_as_of": 1,
            "fed_upper_at_data_end": 3.75,
            "open_6m": 71257.87,
            "return_6m": -0.1745969582,
            "data_end": "2026-08-22T00:00:00Z",
            "open_data_end": 78293.71,
            "return_data_end": -0.0930985393,
            "min_open_after_3m": 58610.07,
            "min_open_after_3m_date": "2026-07-01T00:00:00Z",
            "p_above_p0_6m_fhs": 0.6465,
            "p_ath_12m_fhs": 0.6636,
        },
    ),
    "c60-liquidity-tightened": (
        "contradicted",
        {"fed_cuts_90d": 1, "fed_hikes_90d": 0, "first_cut": "2025-12-10T00:00:00Z", "balance_sheet_change_90d": 0.0093672276},
    ),
    "c67-consolidation": (
        "partly",
        {
            "range_1m": 0.1200589556,
            "net_change_1m": 0.0278115625,
            "vol_ratio_1m": 0.8629057585,
            "range_3m": 0.6320748333,
            "net_change_3m": -0.2380489048,
            "vol_ratio_3m": 1.3884944983,
        },
    ),
    "c68-fed-volatility": (
        "reproduced",
        {
            "fed_decisions_in_window": 2,
            "mean_abs_move_after_decisions": 0.0448784521,
            "median_abs_move_other_days": 0.0113008695,
            "ratio": 3.9712388457,
            "largest_move_after_decision": 0.0701837555,
            "largest_move_day": "2026-01-28T19:00:00Z",
        },
    ),
}


@pytest.fixture(scope="module")
def published():
    return assess()


def test_published_verdicts_and_figures(published):
    assert list(published) == list(PUBLISHED)
    for cid, (verdict, figs) in PUBLISHED.items():
        a = published[cid]
        assert a.verdict == verdict, cid
        assert a.evidence.endswith(a.ruling.because()) and a.ruling.text
        got = {f.name: f.as_json()["value"] for f in a.figures}
        assert list(got) == list(figs), cid
        for name, want in figs.items():
            assert got[name] == (pytest.approx(want, abs=1e-9) if isinstance(want, float) else want), (cid, name)


def test_probabilities_and_scores_pinned(data):
    prices, upper = data
    s, paths = F.run(prices, upper, n_paths=5000)
    # the maximum by Newton's method; SLSQP stops within 3e-6 of it (mu: 0.0998307602, the likelihood 4e-11 lower)
    assert (s.fit.mu, s.fit.omega, s.fit.alpha, s.fit.beta, s.fit.next_variance) == pytest.approx(
        (0.0998309986043866, 0.2077049749529447, 0.06543739736599831, 0.9142840765136708, 6.934839900499654), rel=1e-6
    )
    assert s.rw_sigma == pytest.approx(2.238936768744209, rel=1e-9) and s.regime_pool.size == 350
    assert s.fit_start == pd.Timestamp("2020-12-02", tz="UTC")
    pt = F.probability_table(s, paths, prices)
    assert pt.loc[["touch_84k_1m", "touch_84k_3m", "above_87k_1m", "ath_2025", "ath_12m"], "fhs"].tolist() == pytest.approx(
        [0.7026, 0.7924, 0.888, 0.0226, 0.6676], abs=1e-9
    )
    assert pt.loc[["touch_84k_3m", "ath_6m"], "fhs_regime"].tolist() == pytest.approx([0.8202, 0.3288], abs=1e-9)
    assert pt.loc[["touch_84k_3m", "ath_12m"], "random_walk"].tolist() == pytest.approx([0.8436, 0.3638], abs=1e-9)
    assert pt["outcome"].tolist()[:-1] == [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0] and np.isnan(pt["outcome"].iloc[-1])
    assert pt.loc["touch_84k_1m", "decided"] == pd.Timestamp("2026-01-02", tz="UTC") and pt.loc["inside_1m", "decided"] == pd.Timestamp("2025-12-03", tz="UTC")
    sc = F.scores(s, paths, prices)
    assert sc["brier"].tolist() == pytest.approx([0.06568228333333333, 0.060104643333333325, 0.05584048666666666], abs=1e-12)
    assert sc["pinball_3m"].tolist() == pytest.approx([6388.313718408152, 5626.591243780179, 4741.37785068296], rel=1e-9)
    assert sc["skill_pinball_8m"].tolist() == pytest.approx([-0.8856517844694254, -0.4699510919287144, 0.0], abs=1e-9)
    q = F.quantile_table(s, paths)
    assert len(q) == 15
    assert q.iloc[0][["q05", "q50", "q95"]].astype(float).tolist() == pytest.approx([68708.6361232876, 88507.69903784215, 113517.60250098513], rel=1e-9)
    fan = F.fan(s, paths["fhs"])
    assert len(fan) == 58 and fan.iloc[0]["q50"] == s.p0
    assert fan.iloc[1][["q05", "q25", "q50", "q75", "q95"]].astype(float).tolist() == pytest.approx(
        [77707.88071705117, 83339.70548071103, 86826.93419445942, 90538.9007338073, 97309.48365471314], rel=1e-9
    )
    assert F.gbm_match(s, "fhs", 90) == pytest.approx((0.0007808789670012527, 0.029543679044814874), rel=1e-6)


def test_benchmark_parameters_are_those_of_the_fitted_model(data):
    """The benchmark claims to run a model of the order of the fitted one, from the as-of price to the
    chapter's barriers: check that it does."""
    from flashcrash.scenarios import bench as B

    prices, upper = data
    s = F.prepare(prices, upper)
    fitted = {"mu": s.fit.mu, "omega": s.fit.omega, "alpha": s.fit.alpha, "beta": s.fit.beta, "h1": s.fit.next_variance}
    for k, v in B.PARAMS.items():
        assert v == pytest.approx(fitted[k], rel=0.05), k
    assert (B.P0, B.UP, B.DOWN, B.N_STEPS) == (s.p0, (F.HIGH, s.ath), (F.LOW,), F.N_STEPS)
    pool = B.residual_pool()
    assert len(pool) == 1_800 and abs(pool.mean()) < 1e-12 and pool.std() == pytest.approx(1.0)


# ---------------------------------------------------------------- the chapter's measures object and its text
@pytest.fixture(scope="module")
def measured():
    from flashcrash.scenarios import measures as SM
    from flashcrash.scenarios.assess import N_PATHS_ASSESS

    return SM.measures(SM.load(), n_paths=N_PATHS_ASSESS)


def test_the_measures_object_is_what_the_verdicts_read(measured, published):
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        measured.n_paths = 1  # type: ignore[misc]
    again = assess(measured)
    assert {k: (a.verdict, a.evidence) for k, a in again.items()} == {k: (a.verdict, a.evidence) for k, a in published.items()}
    assert measured.pit["3m"] == pytest.approx(0.0986, abs=1e-12)  # as c31's pit_3m_fhs
    assert measured.fed_last_change == pd.Timestamp("2025-10-30", tz="UTC") and measured.setup.as_of == pd.Timestamp("2025-12-02", tz="UTC")
    g = measured.gbm
    assert g[["horizon", "model"]].to_numpy().tolist() == [
        ["1m", "random_walk"],
        ["1m", "fhs"],
        ["3m", "random_walk"],
        ["3m", "fhs"],
        ["12m", "random_walk"],
        ["12m", "fhs"],
    ]
    mc = g["Monte Carlo"].to_numpy()
    assert np.allclose(g["± 2 s.e."], 2 * np.sqrt(mc * (1 - mc) / 20_000)) and (g["GBM, daily (BGK)"] <= g["GBM, continuous"]).all()
    a = measured.aftermath
    assert (len(a.cuts), len(a.hikes), a.liquidity_days) == (1, 0, 90) and list(a.consolidation_table.index) == ["1 month", "3 months"]
    assert list(a.fed_table.index.strftime("%Y-%m-%d")) == ["2025-12-10", "2026-01-28"]


def test_the_text_quotes_exactly_the_glued_numbers(measured):
    import json
    import re

    from flashcrash.scenarios.prose import glue_values
    from tests.conftest import ROOT

    cells = json.loads((ROOT / "book" / "05_outlook.ipynb").read_text(encoding="utf-8"))["cells"]
    prose = set(re.findall(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)", "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")))
    values = glue_values(measured)
    assert prose <= set(values)  # every number the text quotes is glued
    assert (values["as_of"], values["x84_date"], values["x84_days"], values["xi87_time"], values["fed_last_change"]) == (
        "2025-12-02",
        "2026-02-01",
        61,
        "2025-12-02 01:00",
        "2025-10-30",
    )
    assert (values["liq_cuts"], values["fv_moves"], values["fv_days"], values["fv_utc"]) == (
        "25 bp on 2025-12-10",
        "2.0 % and 7.0 %",
        "2025-12-10, 2026-01-28",
        "19:00",
    )
    assert values["cons_range_3m"] == pytest.approx(63.20748333333335, abs=1e-9) and values["mu_ann"] == pytest.approx(43.96256937541255, rel=1e-6)
    assert values["n_paths"] == 20_000 and values["pit_3m"] == pytest.approx(9.86, abs=1e-9)


def test_the_chapter_tables(measured):
    from flashcrash.scenarios import display as SD

    html = SD.probabilities_table(measured).to_html()
    assert "Event probabilities as of the crash" in html and "FHS, Fed regime" in html
    assert "GARCH(1,1) fitted on Bitstamp daily log returns, 2020-12-02 to 2025-12-02" in SD.parameters_table(measured).to_html()
    assert "never" in SD.daily_crossings_table(measured).to_html() or measured.daily_crossings["date"].notna().all()
    assert "skill_brier" in SD.scores_table(measured).to_html() and "P(an open at or below $84k)" in SD.gbm_display(measured).to_html()
    assert "First hourly bar" in SD.intraday_crossings_table(measured).to_html()
