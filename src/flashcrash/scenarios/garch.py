"""GARCH(1,1) on daily log returns, fitted by Gaussian quasi-maximum likelihood.

Model (returns in percent, ``r_t = 100 ln(P_t / P_{t-1})``)::

    r_t = mu + e_t,   e_t = sigma_t z_t,
    sigma_t^2 = omega + alpha e_{t-1}^2 + beta sigma_{t-1}^2,

with ``omega > 0``, ``alpha, beta >= 0``, ``alpha + beta < 1`` (covariance stationary)
(Bollerslev 1986). The first variance is the sample variance of ``r - mu`` ("backcast").

Estimator: the Gaussian log likelihood is maximised with :func:`scipy.optimize.minimize`
(SLSQP, bounds and the stationarity constraint). The innovations of Bitcoin are not Gaussian,
so this is the quasi-maximum-likelihood estimator (QMLE) of Bollerslev & Wooldridge (1992): it is
consistent for (mu, omega, alpha, beta) under fat tails; the tails themselves enter the scenarios
through the bootstrapped standardised residuals (filtered historical simulation), not through a
parametric density.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOG_2PI = float(np.log(2.0 * np.pi))


@dataclass(frozen=True)
class GarchFit:
    """Fitted GARCH(1,1). Units: ``mu`` in percent per day; ``omega`` in percent^2 per day.

    ``variance`` (percent^2) and ``resid`` (standardised residuals z_t, unitless) are aligned with
    the returns used in the fit; ``next_variance`` is sigma^2 of the first day after the sample.
    """

    mu: float
    omega: float
    alpha: float
    beta: float
    loglik: float
    n_obs: int
    variance: np.ndarray
    resid: np.ndarray
    next_variance: float
    converged: bool

    @property
    def persistence(self) -> float:
        """alpha + beta: how slowly a volatility shock decays (per day)."""
        return self.alpha + self.beta

    @property
    def unconditional_variance(self) -> float:
        """omega / (1 - alpha - beta), percent^2 per day."""
        return self.omega / (1.0 - self.persistence)

    @property
    def half_life_days(self) -> float:
        """Days for a variance shock to halve: ln 0.5 / ln(alpha + beta)."""
        return float(np.log(0.5) / np.log(self.persistence))


def garch_variance(returns: np.ndarray, mu: float, omega: float, alpha: float, beta: float, h0: float | None = None) -> np.ndarray:
    """Conditional variances sigma_t^2 (same units as ``returns`` squared) of the GARCH(1,1) recursion.

    ``h[0] = h0`` (default: the sample variance of ``returns - mu``), then
    ``h[t] = omega + alpha (r[t-1] - mu)^2 + beta h[t-1]``. The inputs of the recursion are
    vectorised; the recursion itself is a short loop over floats, which gives bit for bit what
    ``scipy.signal.lfilter([1], [1, -beta], x)`` gives (a test checks it) without importing
    ``scipy.signal`` (about a second of start-up for every process that fits the model).
    """
    r = np.asarray(returns, dtype=float)
    if r.ndim != 1 or r.size < 2:
        raise ValueError(f"garch_variance needs a 1-D array of at least 2 returns, got shape {r.shape}")
    e = r - mu
    if h0 is None:
        h0 = float(np.mean(e**2))
    x = np.empty_like(e)
    x[0] = h0
    x[1:] = omega + alpha * e[:-1] ** 2
    return _first_order_filter(x, float(beta))


def _first_order_filter(x: np.ndarray, beta: float) -> np.ndarray:
    """``y[0] = x[0]``, ``y[t] = x[t] + beta * y[t-1]`` (the operations of lfilter, in its order)."""
    out = x.tolist()
    prev = out[0]
    for t in range(1, len(out)):
        prev = out[t] + beta * prev
        out[t] = prev
    return np.array(out)


def neg_loglik(params: np.ndarray, returns: np.ndarray) -> float:
    """Minus the Gaussian log likelihood of GARCH(1,1) with ``params = (mu, omega, alpha, beta)``."""
    mu, omega, alpha, beta = params
    h = garch_variance(returns, mu, omega, alpha, beta)
    if not np.all(h > 0):
        return 1e12
    e = returns - mu
    return 0.5 * float(np.sum(LOG_2PI + np.log(h) + e**2 / h))


def fit_garch(returns: np.ndarray) -> GarchFit:
    """Gaussian QMLE of GARCH(1,1) on ``returns`` (percent log returns; use ~100 x ln ratio).

    Starts from (mean, 0.05 var, 0.1, 0.85); SLSQP with ``alpha + beta <= 0.9999``.
    Raises ``ValueError`` on non-finite input or fewer than 100 observations.
    """
    r = np.asarray(returns, dtype=float)
    if r.ndim != 1 or r.size < 100:
        raise ValueError(f"fit_garch needs at least 100 daily returns (1-D), got shape {r.shape}")
    if not np.isfinite(r).all():
        raise ValueError("fit_garch: returns contain NaN or inf; drop missing days before fitting")
    var = float(np.var(r))
    x0 = np.array([float(np.mean(r)), 0.05 * var, 0.10, 0.85])
    bounds = [(-abs(r).max(), abs(r).max()), (1e-8 * var, 10.0 * var), (0.0, 1.0), (0.0, 1.0)]
    cons = [{"type": "ineq", "fun": lambda p: 0.9999 - p[2] - p[3]}]
    from scipy.optimize import minimize  # here, not at the top: importing it takes about a second, and cached results need no fit

    res = minimize(neg_loglik, x0, args=(r,), method="SLSQP", bounds=bounds, constraints=cons, options={"maxiter": 500, "ftol": 1e-10})
    mu, omega, alpha, beta = (float(v) for v in res.x)
    h = garch_variance(r, mu, omega, alpha, beta)
    e = r - mu
    return GarchFit(
        mu=mu,
        omega=omega,
        alpha=alpha,
        beta=beta,
        loglik=-float(res.fun),
        n_obs=int(r.size),
        variance=h,
        resid=e / np.sqrt(h),
        next_variance=float(omega + alpha * e[-1] ** 2 + beta * h[-1]),
        converged=bool(res.success),
    )


def variance_forecast(fit: GarchFit, n_steps: int) -> np.ndarray:
    """Expected sigma^2 for days 1..n_steps after the sample: ``s2 + (a+b)^(k-1) (h_1 - s2)``."""
    k = np.arange(n_steps)
    s2 = fit.unconditional_variance
    return s2 + fit.persistence**k * (fit.next_variance - s2)
