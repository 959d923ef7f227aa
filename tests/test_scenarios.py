"""Scenario engine on hand-built inputs: GARCH recursion, fit, simulation, barrier formula, scoring, Fed states."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from flashcrash.scenarios import garch as G
from flashcrash.scenarios import simulate as SIM
from flashcrash.scenarios.barrier import BGK_BETA, touch_probability
from flashcrash.scenarios.fed import fed_states
from flashcrash.scenarios.garch import (
    fit_garch,
    garch_variance,
    neg_loglik,
    neg_loglik_grad,
    newton_fit,
    variance_forecast,
)
from flashcrash.scenarios.scoring import brier, first_crossing, pinball, skill
from flashcrash.scenarios.simulate import NEVER, simulate_paths, simulate_reference


# ---------------------------------------------------------------- GARCH
def test_garch_recursion_by_hand():
    r = np.array([1.0, -2.0, 0.5, 3.0])
    # e = r - 0.5 = [0.5, -2.5, 0, 2.5]
    h = garch_variance(r, mu=0.5, omega=0.1, alpha=0.2, beta=0.7, h0=1.0)
    # h2 = 0.1 + 0.2*0.25 + 0.7*1 = 0.85 ; h3 = 0.1 + 0.2*6.25 + 0.7*0.85 = 1.945 ; h4 = 0.1 + 0 + 0.7*1.945 = 1.4615
    np.testing.assert_allclose(h, [1.0, 0.85, 1.945, 1.4615], rtol=1e-12)


def test_garch_backcast_and_loglik_by_hand():
    r = np.array([1.0, -1.0, 2.0])
    h = garch_variance(r, mu=0.0, omega=0.5, alpha=0.1, beta=0.5)
    h0 = (1 + 1 + 4) / 3  # sample mean of e^2
    np.testing.assert_allclose(h, [h0, 0.5 + 0.1 * 1 + 0.5 * h0, 0.5 + 0.1 * 1 + 0.5 * (0.6 + 0.5 * h0)])
    expected = 0.5 * sum(math.log(2 * math.pi) + math.log(hi) + ri**2 / hi for ri, hi in zip(r, h, strict=True))
    assert neg_loglik(np.array([0.0, 0.5, 0.1, 0.5]), r) == pytest.approx(expected, rel=1e-12)


def _simulate_garch(n, mu, omega, alpha, beta, seed):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    r = np.empty(n)
    h = omega / (1 - alpha - beta)
    for t in range(n):
        r[t] = mu + math.sqrt(h) * z[t]
        h = omega + alpha * (r[t] - mu) ** 2 + beta * h
    return r


def test_fit_recovers_known_parameters():
    r = _simulate_garch(5000, 0.05, 0.1, 0.10, 0.85, seed=1)
    fit = fit_garch(r)
    assert fit.converged
    assert fit.alpha == pytest.approx(0.10, abs=0.04)
    assert fit.beta == pytest.approx(0.85, abs=0.06)
    assert fit.unconditional_variance == pytest.approx(2.0, rel=0.3)
    assert fit.persistence < 1
    # standardised residuals of a well-fitted model have unit variance
    assert np.std(fit.resid) == pytest.approx(1.0, abs=0.05)
    # the next-day variance continues the recursion
    e = r - fit.mu
    assert fit.next_variance == pytest.approx(fit.omega + fit.alpha * e[-1] ** 2 + fit.beta * fit.variance[-1])
    vf = variance_forecast(fit, 500)
    assert vf[0] == pytest.approx(fit.next_variance)
    assert vf[-1] == pytest.approx(fit.unconditional_variance, rel=1e-6)


def _start_and_bounds(r):
    var = float(np.var(r))
    x0 = np.array([float(np.mean(r)), 0.05 * var, 0.10, 0.85])
    return x0, [(-abs(r).max(), abs(r).max()), (1e-8 * var, 10.0 * var), (0.0, 1.0), (0.0, 1.0)]


@pytest.mark.parametrize("params", [(0.1, 0.2, 0.07, 0.9), (-0.3, 1.0, 0.0, 0.5), (0.0, 0.05, 0.3, 0.0)])
def test_the_analytic_gradient_is_the_slope_of_the_likelihood(params):
    r = _simulate_garch(400, 0.05, 0.1, 0.10, 0.85, seed=4)
    p = np.array(params)
    f, g = neg_loglik_grad(p, r)
    assert f == pytest.approx(neg_loglik(p, r), rel=1e-13)
    for k in range(4):
        d = np.zeros(4)
        d[k] = 1e-6
        slope = (neg_loglik(p + d, r) - neg_loglik(p - d, r)) / 2e-6
        assert g[k] == pytest.approx(slope, rel=1e-5, abs=1e-4), k


@pytest.mark.parametrize("n", [2, 63, 64, 65, 200])
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9999])
def test_the_block_filter_is_the_loop(n, beta):
    x = np.random.default_rng(n).standard_normal((3, n))
    loop = np.array([G._first_order_filter(row, beta) for row in x])
    np.testing.assert_allclose(G._first_order_filters(x, beta), loop, rtol=1e-12, atol=1e-12)


def test_inside_means_within_every_bound_and_the_stationarity_constraint_by_the_margin():
    bounds = [(-1.0, 1.0), (0.0, 2.0), (0.0, 0.4), (0.0, 0.4)]  # alpha + beta stays below the constraint
    p = np.array([0.0, 1.0, 0.2, 0.2])
    assert G._inside(p, bounds) and G._inside(p, bounds, 0.01)
    for k, (lo, hi) in enumerate(bounds):  # each bound, from both sides, with and without a margin of 1%
        for edge, inward in ((lo, 1.0), (hi, -1.0)):
            q = p.copy()
            q[k] = edge + inward * 0.005 * (hi - lo)  # inside the box, within the margin of this bound
            assert G._inside(q, bounds) and not G._inside(q, bounds, 0.01), (k, edge)
            q[k] = edge + inward * 0.02 * (hi - lo)  # inside the margin's edge
            assert G._inside(q, bounds, 0.01), (k, edge)
            q[k] = edge - inward * 1e-9  # just outside
            assert not G._inside(q, bounds), (k, edge)
    at = np.array([0.0, 1.0, 0.5, G.MAX_PERSISTENCE - 0.5])
    wide = [(-1.0, 1.0), (0.0, 2.0), (0.0, 1.0), (0.0, 1.0)]
    assert G._inside(at, wide) and not G._inside(at + [0, 0, 1e-9, 0], wide) and not G._inside(at, wide, 1e-6)


def test_newton_finds_the_maximum_slsqp_finds_without_scipy():
    r = _simulate_garch(3000, 0.05, 0.1, 0.10, 0.85, seed=1)
    x0, bounds = _start_and_bounds(r)
    p, ok = newton_fit(r, x0, bounds)
    assert ok
    from scipy.optimize import minimize

    cons = [{"type": "ineq", "fun": lambda q: G.MAX_PERSISTENCE - q[2] - q[3]}]
    ref = minimize(neg_loglik, x0, args=(r,), method="SLSQP", bounds=bounds, constraints=cons, options={"maxiter": 500, "ftol": 1e-10})
    np.testing.assert_allclose(p, ref.x, rtol=1e-5)
    assert neg_loglik(p, r) <= ref.fun + 1e-9  # at least as high a likelihood
    assert np.abs(neg_loglik_grad(p, r)[1]).max() < 1e-4  # a stationary point


def test_a_maximum_on_a_bound_is_left_to_slsqp():
    r = np.random.default_rng(5).standard_normal(300)  # no volatility clustering: alpha = 0 at the maximum
    x0, bounds = _start_and_bounds(r)
    stopped, ok = newton_fit(r, x0, bounds)
    assert not ok
    fit = fit_garch(r)
    assert fit.converged
    assert fit.alpha == pytest.approx(0.0, abs=1e-8)
    assert fit.loglik >= -neg_loglik(stopped, r)


def test_fit_needs_100_returns():
    r = _simulate_garch(100, 0.0, 0.1, 0.1, 0.8, seed=3)
    assert fit_garch(r).n_obs == 100
    with pytest.raises(ValueError, match="at least 100"):
        fit_garch(r[:99])


@pytest.mark.parametrize("bad", [np.ones(50), np.r_[np.ones(200), np.nan]])
def test_fit_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="fit_garch"):
        fit_garch(bad)


# ---------------------------------------------------------------- simulation
KW = {"mu": 0.05, "omega": 0.2, "alpha": 0.08, "beta": 0.9, "h1": 6.0}


def test_simulation_reproducible_and_seed_dependent():
    pool = np.random.default_rng(0).standard_normal(500)
    a = simulate_paths(100.0, 500, 50, pool=pool, seed=3, down=(90.0,), **KW)
    b = simulate_paths(100.0, 500, 50, pool=pool, seed=3, down=(90.0,), **KW)
    c = simulate_paths(100.0, 500, 50, pool=pool, seed=4, down=(90.0,), **KW)
    np.testing.assert_array_equal(a.log_price, b.log_price)
    np.testing.assert_array_equal(a.first_down[90.0], b.first_down[90.0])
    assert not np.array_equal(a.log_price, c.log_price)


def test_first_passage_matches_recorded_paths():
    pool = np.random.default_rng(0).standard_t(4, 800)
    p = simulate_paths(100.0, 2000, 60, pool=pool, seed=5, up=(110.0,), down=(92.0,), **KW)
    lp = p.log_price.astype(float)  # every day recorded (float32 storage: compare away from the barrier)
    for level, first, cond in ((110.0, p.first_up[110.0], lp >= math.log(110.0)), (92.0, p.first_down[92.0], lp <= math.log(92.0))):
        expected = np.where(cond.any(axis=0), cond.argmax(axis=0) + 1, NEVER)
        agree = np.mean(expected == first)
        assert agree > 0.995, (level, agree)
    inside = p.prob_inside(92.0, 110.0, 60)
    exact = np.mean(((lp > math.log(92.0)) & (lp < math.log(110.0))).all(axis=0))
    assert inside == pytest.approx(exact, abs=0.005)


def test_constant_volatility_random_walk_has_the_right_spread():
    p = simulate_paths(100.0, 20000, 100, mu=0.0, omega=4.0, alpha=0.0, beta=0.0, h1=4.0, pool=None, seed=1, record_steps=np.array([100]))
    lr = np.log(p.price_at(100) / 100.0)
    assert lr.std() == pytest.approx(0.02 * 10, rel=0.02)  # 2 %/day x sqrt(100)
    assert abs(lr.mean()) < 4 * 0.2 / math.sqrt(20000)
    with pytest.raises(KeyError, match="not recorded"):
        p.price_at(50)


def _daily_loop(p0, n_paths, n_steps, mu, omega, alpha, beta, h1, pool, seed, up, down):
    """The simulation day by day (one draw and one barrier pass per day), as the engine ran before blocks."""
    rng = np.random.default_rng(seed)
    x, h, e = np.full(n_paths, math.log(p0)), np.full(n_paths, float(h1)), np.empty(n_paths)
    fu, fd, xs = {b: np.full(n_paths, NEVER, dtype=np.int32) for b in up}, {b: np.full(n_paths, NEVER, dtype=np.int32) for b in down}, []
    for k in range(1, n_steps + 1):
        z = rng.standard_normal(n_paths) if pool is None else pool[rng.integers(0, pool.size, n_paths)]
        np.sqrt(h, out=e)
        e *= z
        x += (mu + e) * 0.01
        h *= beta
        h += omega
        h += alpha * (e * e)
        for b in up:
            fu[b][(x >= math.log(b)) & (fu[b] == NEVER)] = k
        for b in down:
            fd[b][(x <= math.log(b)) & (fd[b] == NEVER)] = k
        xs.append(x.astype(np.float32))
    return np.array(xs), fu, fd


@pytest.mark.parametrize(
    "kw",
    [
        {"mu": 0.0, "omega": 4.0, "alpha": 0.0, "beta": 0.0, "h1": 9.0, "pool": None},  # the random walk: drawn a block at a time
        {"mu": 0.03, "omega": 0.1, "alpha": 0.1, "beta": 0.85, "h1": 2.0, "pool": np.random.default_rng(0).standard_t(4, 500)},
    ],
)
def test_blocks_give_the_daily_loop_bit_for_bit(kw):
    n_steps = 2 * SIM.BLOCK + 5  # two whole blocks and a short one
    p = simulate_paths(100.0, 301, n_steps, seed=11, up=(103.0, 120.0), down=(97.0,), **kw)
    xs, fu, fd = _daily_loop(100.0, 301, n_steps, seed=11, up=(103.0, 120.0), down=(97.0,), **kw)
    assert np.array_equal(p.log_price, xs)
    assert all(np.array_equal(p.first_up[b], fu[b]) for b in fu) and all(np.array_equal(p.first_down[b], fd[b]) for b in fd)
    assert (fu[103.0] < NEVER).any() and (fu[103.0] == NEVER).any()  # some paths pass the barrier, some do not


def test_simulation_rejects_bad_input():
    with pytest.raises(ValueError, match="p0"):
        simulate_paths(-1.0, 10, 10, pool=None, seed=0, **KW)
    with pytest.raises(ValueError, match="pool"):
        simulate_paths(100.0, 10, 10, pool=np.array([1.0, np.nan]), seed=0, **KW)
    with pytest.raises(ValueError, match="pool"):
        simulate_paths(100.0, 10, 10, pool=np.array([]), seed=0, **KW)
    with pytest.raises(ValueError, match="pool"):
        simulate_paths(100.0, 10, 10, pool=np.ones((2, 2)), seed=0, **KW)
    one = simulate_paths(100.0, 3, 2, pool=np.array([0.0]), seed=0, **KW)  # a one-residual pool is valid
    np.testing.assert_allclose(one.price_at(2), 100.0 * math.exp(2 * 0.05 / 100), rtol=1e-6)
    with pytest.raises(ValueError, match="record_steps"):
        simulate_paths(100.0, 10, 10, pool=None, seed=0, record_steps=np.array([5, 11]), **KW)
    with pytest.raises(ValueError, match="record_steps"):
        simulate_paths(100.0, 10, 10, pool=None, seed=0, record_steps=np.array([0, 5]), **KW)
    assert simulate_paths(100.0, 10, 10, pool=None, seed=0, record_steps=np.array([1, 10]), **KW).record_steps.tolist() == [1, 10]


def test_reference_and_vectorised_agree_in_distribution():
    pool = np.random.default_rng(11).standard_t(4, 1000)
    pool = (pool - pool.mean()) / pool.std()
    fast = simulate_paths(100.0, 20000, 120, pool=pool, seed=1, up=(130.0,), down=(80.0,), record_steps=np.array([120]), **KW)
    finals, fu, fd = simulate_reference(100.0, 3000, 120, pool=pool, seed=1, up=(130.0,), down=(80.0,), **KW)
    from scipy import stats  # here: importing scipy.stats takes a second, and only two tests need it

    ks = stats.ks_2samp(fast.log_price[0].astype(float), np.array(finals))
    assert ks.pvalue > 0.001
    for pf, pr in ((fast.prob_up(130.0, 120), np.mean(np.array(fu[130.0]) <= 120)), (fast.prob_down(80.0, 120), np.mean(np.array(fd[80.0]) <= 120))):
        se = math.sqrt(pf * (1 - pf) / 3000 + pf * (1 - pf) / 20000)
        assert abs(pf - pr) < 4 * se


# ---------------------------------------------------------------- barrier formula
def test_driftless_continuous_formula_is_reflection_principle():
    from scipy import stats

    s0, b, sig, t = 100.0, 90.0, 0.02, 90.0
    assert touch_probability(s0, b, 0.0, sig, t) == pytest.approx(2 * stats.norm.cdf(math.log(b / s0) / (sig * math.sqrt(t))))
    assert touch_probability(s0, 1e6, 0.0, sig, t) < 1e-12
    assert touch_probability(s0, 100.0, 0.0, sig, t) == 1.0
    with pytest.raises(ValueError):
        touch_probability(s0, b, 0.0, -0.1, t)


@pytest.mark.parametrize("barrier,nu", [(85.0, 0.0), (90.0, 0.001), (112.0, 0.0), (115.0, -0.0005)])
def test_barrier_formula_matches_monte_carlo_with_bgk(barrier, nu):
    s0, sig, days, n = 100.0, 0.02, 90, 40000
    mc = simulate_paths(
        s0,
        n,
        days,
        mu=nu * 100,
        omega=(sig * 100) ** 2,
        alpha=0.0,
        beta=0.0,
        h1=(sig * 100) ** 2,
        pool=None,
        seed=2,
        up=(barrier,) if barrier > s0 else (),
        down=(barrier,) if barrier < s0 else (),
        record_steps=np.array([days]),
    )
    p_mc = mc.prob_up(barrier, days) if barrier > s0 else mc.prob_down(barrier, days)
    p_bgk = touch_probability(s0, barrier, nu, sig, days, dt=1.0)
    p_cont = touch_probability(s0, barrier, nu, sig, days)
    se = math.sqrt(p_bgk * (1 - p_bgk) / n)
    assert abs(p_mc - p_bgk) < 4 * se
    assert p_cont - p_mc > 4 * se  # daily monitoring misses touches: the correction matters
    assert BGK_BETA == pytest.approx(0.5826)


# ---------------------------------------------------------------- scoring
def test_brier_known_cases():
    assert brier([1.0, 0.0], [1, 0]) == 0.0
    assert brier([0.5] * 4, [1, 0, 1, 1]) == 0.25
    assert brier([0.8, 0.3], [1, 0]) == pytest.approx((0.04 + 0.09) / 2)
    with pytest.raises(ValueError, match="outcomes"):
        brier([0.5], [2])
    with pytest.raises(ValueError, match="probabilities"):
        brier([1.5], [1])


def test_pinball_known_cases():
    assert pinball([100.0], 110.0, [0.9]) == pytest.approx(9.0)  # under-forecast: tau x 10
    assert pinball([100.0], 90.0, [0.9]) == pytest.approx(1.0)  # over-forecast: (1 - tau) x 10
    assert pinball([100.0], 100.5, [0.9]) == pytest.approx(0.45)  # misses smaller than one unit
    assert pinball([100.0], 99.5, [0.9]) == pytest.approx(0.05)
    assert pinball([90.0, 100.0, 110.0], 100.0, [0.1, 0.5, 0.9]) == pytest.approx((10 * 0.1 + 0 + 10 * 0.1) / 3)
    # the true median minimises expected pinball loss at tau = 0.5
    y = np.random.default_rng(0).standard_normal(20001)
    losses = {m: np.mean([pinball([m], v, [0.5]) for v in y[:2000]]) for m in (-0.5, 0.0, 0.5)}
    assert min(losses, key=losses.get) == 0.0
    with pytest.raises(ValueError, match="levels"):
        pinball([1.0], 1.0, [1.0])
    assert skill(5.0, 10.0) == 0.5 and skill(15.0, 10.0) == -0.5


def test_first_crossing():
    idx = pd.date_range("2025-01-01", periods=6, freq="D", tz="UTC")
    s = pd.Series([90, 85, 83, 88, 91, 80.0], index=idx)
    assert first_crossing(s, 84, "down", idx[0]) == idx[2]
    assert first_crossing(s, 84, "down", idx[2]) == idx[5]  # strictly after
    assert first_crossing(s, 90, "up", idx[0]) == idx[4]
    assert first_crossing(s, 100, "up", idx[0]) is None
    with pytest.raises(ValueError, match="direction"):
        first_crossing(s, 84, "sideways", idx[0])


# ---------------------------------------------------------------- Fed states
def test_fed_states_by_hand():
    idx = pd.to_datetime(["2020-01-01", "2020-01-05", "2020-01-20", "2020-02-10"]).tz_localize("UTC")
    upper = pd.Series([2.0, 1.75, 1.75, 2.0], index=idx)
    st = fed_states(upper, window_days=10)
    assert st["2020-01-04"] == "on_hold"  # no change yet
    assert st["2020-01-05"] == "easing" and st["2020-01-15"] == "easing"
    assert st["2020-01-16"] == "on_hold"  # 11 days after the cut
    assert st["2020-02-10"] == "tightening"
    assert len(st) == 41  # every calendar day, gaps filled forward
    with pytest.raises(ValueError, match="tz-aware"):
        fed_states(pd.Series([1.0], index=pd.to_datetime(["2020-01-01"])))


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.914, 0.9999])
def test_garch_recursion_is_bit_identical_to_lfilter(beta):
    from scipy.signal import lfilter

    from flashcrash.scenarios.garch import _first_order_filter

    x = np.random.default_rng(4).uniform(0.1, 30.0, 2000)
    assert np.array_equal(_first_order_filter(x, beta), lfilter([1.0], [1.0, -beta], x))


def test_barrier_uses_the_normal_cdf_of_scipy_stats():
    from scipy.stats import norm

    from flashcrash.scenarios.barrier import touch_probability

    s0, b, nu, sig, t = 100.0, 90.0, 0.0004, 0.03, 60.0
    bb = math.log(b / s0)
    st = sig * math.sqrt(t)
    expected = norm.cdf((bb - nu * t) / st) + math.exp(2 * nu * bb / sig**2) * norm.cdf((bb + nu * t) / st)
    assert touch_probability(s0, b, nu, sig, t) == expected


# ---------------------------------------------------------------- forecast pieces on hand-built inputs
def test_fed_states_default_window_is_183_days():
    idx = pd.to_datetime(["2020-01-01", "2020-01-05"]).tz_localize("UTC")
    st = fed_states(pd.Series([2.0, 1.75], index=idx), until=pd.Timestamp("2020-12-31", tz="UTC"))
    assert st[pd.Timestamp("2020-01-05", tz="UTC") + pd.Timedelta(days=183)] == "easing"
    assert st[pd.Timestamp("2020-01-05", tz="UTC") + pd.Timedelta(days=184)] == "on_hold"
    assert st.index[-1] == pd.Timestamp("2020-12-31", tz="UTC")


def test_skill_without_a_baseline_loss_is_nan():
    assert math.isnan(skill(1.0, 0.0))
    assert skill(0.0, 2.0) == 1.0


def test_horizons_and_as_of_by_hand():
    from flashcrash.scenarios import forecast as F

    as_of = pd.Timestamp("2025-12-02", tz="UTC")
    assert F.horizon_steps(as_of) == {"1m": 31, "3m": 90, "6m": 182, "8m": 243, "12m": 365, "2025": 29}
    assert F.as_of_time(pd.Timestamp("2025-12-01 13:00", tz="UTC")) == as_of
    with pytest.raises(ValueError, match="time zone"):
        F.as_of_time(pd.Timestamp("2025-12-01"))
    s = _toy_setup()
    steps = F.record_steps_for(s, every=7)
    assert steps[:5].tolist() == [7, 14, 21, 28, 29] and steps[-1] == 365 and len(steps) == 57
    ids = [e[0] for e in F.event_defs(s)]
    assert len(ids) == 13 and ids[0] == "touch_84k_1m" and ids[-1] == "ath_12m"
    assert {e[0]: e[3] for e in F.event_defs(s)}["ath_2025"] == 29


def _toy_setup(ath=124_750.0):
    from types import SimpleNamespace

    from flashcrash.scenarios import forecast as F

    as_of = pd.Timestamp("2025-12-02", tz="UTC")
    steps = F.horizon_steps(as_of)
    return SimpleNamespace(as_of=as_of, p0=86_000.0, ath=ath, horizon_steps=steps, horizon_dates={k: as_of + pd.Timedelta(days=v) for k, v in steps.items()})


def test_realised_outcomes_by_hand():
    from flashcrash.scenarios import forecast as F

    s = _toy_setup(ath=95_000.0)
    idx = pd.date_range("2025-12-02", periods=41, freq="D", tz="UTC")
    p = pd.Series(86_000.0, index=idx)
    p.iloc[3] = 87_000.0  # day 3: at $87k (counts as above)
    p.iloc[20] = 84_000.0  # day 20: at $84k (counts as touching)
    p.iloc[35] = 95_000.0  # day 35: at the ATH, not above it
    p.iloc[40] = 95_000.5  # day 40: above the ATH
    assert F.realised_outcome(p, s, "up", 31) == (1.0, idx[3])
    assert F.realised_outcome(p, s, "down", 31) == (1.0, idx[20])
    assert F.realised_outcome(p, s, "down", 19) == (0.0, s.as_of + pd.Timedelta(days=19))
    assert F.realised_outcome(p, s, "inside", 31) == (0.0, idx[3])
    assert F.realised_outcome(p, s, "inside", 2) == (1.0, s.as_of + pd.Timedelta(days=2))
    assert F.realised_outcome(p.iloc[:3], s, "inside", 31) == (None, idx[2])  # inside so far, data end first
    calm = pd.Series(86_000.0, index=idx[:6])
    assert F.realised_outcome(calm, s, "inside", 31) == (None, idx[5])
    assert F.realised_outcome(calm, s, "up", 31) == (None, idx[5])
    low_start = p.copy()
    low_start.iloc[0] = 83_000.0  # the as-of open itself is not an outcome
    assert F.realised_outcome(low_start, s, "down", 19) == (0.0, s.as_of + pd.Timedelta(days=19))
    assert F.realised_outcome(p, s, "ath", 39) == (0.0, s.as_of + pd.Timedelta(days=39))
    assert F.realised_outcome(p, s, "ath", 40) == (1.0, idx[40])
    assert F.realised_outcome(p.iloc[:30], s, "ath", 90) == (None, idx[29])  # the data end first
    with pytest.raises(ValueError, match="unknown event kind"):
        F.realised_outcome(p, s, "sideways", 3)
    x = F.first_crossings(p, s).set_index("crossing")
    assert x.loc["at or above $87k", "date"] == idx[3] and x.loc["at or above $87k", "days"] == 3
    assert x.loc["at or below $84k", "open"] == 84_000.0
    assert x.loc["above the all-time high", "date"] == idx[40] and x.loc["above the all-time high", "level"] == 95_000.0
    assert x.loc["at or above $90k", "date"] == idx[35]


def test_event_probabilities_and_fan_by_hand():
    from flashcrash.scenarios import forecast as F
    from flashcrash.scenarios.simulate import Paths

    s = _toy_setup(ath=100.0)
    never = NEVER
    pth = Paths(
        p0=86_000.0,
        n_steps=365,
        record_steps=np.array([7, 31]),
        log_price=np.log(np.array([[80.0, 90.0, 100.0, 110.0], [70.0, 90.0, 110.0, 130.0]], dtype=np.float32)),
        first_up={F.HIGH: np.array([5, 31, 32, never]), 100.0: np.array([never, 400, 31, 7])},
        first_down={F.LOW: np.array([1, 30, never, never])},
    )
    assert F.event_probability(pth, s, "down", 30) == 0.5
    assert F.event_probability(pth, s, "up", 31) == 0.5
    assert F.event_probability(pth, s, "inside", 31) == 0.5  # exits on days 1, 30, 32, never
    assert F.event_probability(pth, s, "inside", 29) == 0.75
    assert F.event_probability(pth, s, "ath", 31) == 0.5
    with pytest.raises(ValueError, match="unknown event kind"):
        F.event_probability(pth, s, "sideways", 3)
    fan = F.fan(s, pth, levels=(0.5,), every=7)
    assert fan["time"].tolist() == [s.as_of, s.as_of + pd.Timedelta(days=7), s.as_of + pd.Timedelta(days=31)]
    assert fan["q50"].tolist() == pytest.approx([86_000.0, 95.0, 100.0], rel=1e-6)


def test_gbm_match_by_hand():
    from types import SimpleNamespace

    from flashcrash.scenarios import forecast as F
    from flashcrash.scenarios.garch import GarchFit

    fit = GarchFit(
        mu=0.1, omega=0.2, alpha=0.0, beta=0.0, loglik=0.0, n_obs=2, variance=np.ones(2), resid=np.array([-1.0, 1.0]), next_variance=4.0, converged=True
    )
    s = SimpleNamespace(fit=fit, regime_pool=np.array([0.0, 2.0]), rw_sigma=2.5)
    # variance forecast over 2 days: [4.0, 0.2]; mean sqrt = (2 + sqrt(0.2)) / 2, mean = 2.1
    nu, sig = F.gbm_match(s, "fhs", 2)
    assert nu == pytest.approx(0.001) and sig == pytest.approx(math.sqrt(2.1) / 100)
    nu, sig = F.gbm_match(s, "fhs_regime", 2)
    assert nu == pytest.approx((0.1 + (2 + math.sqrt(0.2)) / 2) / 100) and sig == pytest.approx(math.sqrt(2.1) / 100)
    assert F.gbm_match(s, "random_walk", 2) == (0.0, 0.025)


def test_each_model_keeps_its_seed_whichever_models_run(monkeypatch):
    """A model's paths come from the seed of its place in MODELS: the rules' two models alone get the
    seeds they get among all three (so the assessor's paths are the page's), and an unknown model is refused."""
    from flashcrash.scenarios import forecast as F

    calls = []
    monkeypatch.setattr(F, "record_steps_for", lambda setup: None)
    monkeypatch.setattr(F, "simulate", lambda setup, m, n, seed, rec: calls.append((m, seed)) or seed)
    assert F.simulate_models(None, F.MODELS, 10, seed=5) == {"fhs": 5, "fhs_regime": 6, "random_walk": 7}
    assert F.simulate_models(None, ("random_walk", "fhs"), 10, seed=5) == {"random_walk": 7, "fhs": 5}
    assert calls == [("fhs", 5), ("fhs_regime", 6), ("random_walk", 7), ("random_walk", 7), ("fhs", 5)]
    with pytest.raises(ValueError, match="unknown model"):
        F.simulate_models(None, ("garch_t",), 10)


def test_fit_summaries_by_hand():
    """Persistence, long-run variance and the half-life of a shock (the chapter quotes them)."""
    from flashcrash.scenarios.garch import GarchFit

    fit = GarchFit(mu=0.0, omega=0.2, alpha=0.1, beta=0.8, loglik=0.0, n_obs=100, variance=np.ones(1), resid=np.zeros(1), next_variance=1.0, converged=True)
    assert fit.persistence == pytest.approx(0.9)
    assert fit.unconditional_variance == pytest.approx(2.0)  # 0.2 / (1 - 0.9)
    assert fit.half_life_days == pytest.approx(6.578813, abs=1e-6)  # ln 0.5 / ln 0.9: 0.9 ** 6.58 = 0.5
    assert 0.9**fit.half_life_days == pytest.approx(0.5)
