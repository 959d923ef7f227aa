"""GARCH(1,1) on daily log returns, fitted by Gaussian quasi-maximum likelihood.

Model (returns in percent, ``r_t = 100 ln(P_t / P_{t-1})``)::

    r_t = mu + e_t,   e_t = sigma_t z_t,
    sigma_t^2 = omega + alpha e_{t-1}^2 + beta sigma_{t-1}^2,

with ``omega > 0``, ``alpha, beta >= 0``, ``alpha + beta < 1`` (covariance stationary)
(Bollerslev 1986). The first variance is the sample variance of ``r - mu`` ("backcast").

Estimator: the Gaussian log likelihood is maximised by Newton's method on its analytic gradient
(:func:`newton_fit`), which needs only NumPy; when the maximum is not found strictly inside the
parameter bounds and the stationarity constraint, :func:`scipy.optimize.minimize` (SLSQP, with the
bounds and the constraint) solves the constrained problem instead. The innovations of Bitcoin are not Gaussian,
so this is the quasi-maximum-likelihood estimator (QMLE) of Bollerslev & Wooldridge (1992): it is
consistent for (mu, omega, alpha, beta) under fat tails; the tails themselves enter the scenarios
through the bootstrapped standardised residuals (filtered historical simulation), not through a
parametric density.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOG_2PI = float(np.log(2.0 * np.pi))
#: Largest alpha + beta allowed: covariance stationary, with a margin.
MAX_PERSISTENCE = 0.9999
#: Newton's method stops when the predicted decrease of minus the log likelihood is below this.
NEWTON_DECREMENT = 1e-12
#: Newton steps before the constrained solver takes over (the fits of the report take about seven).
NEWTON_MAX_STEPS = 40
#: A Newton solution closer than this to a bound or to the stationarity constraint is handed to SLSQP.
BOUNDARY_MARGIN = 1e-6


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


def neg_loglik_grad(params: np.ndarray, returns: np.ndarray) -> tuple[float, np.ndarray]:
    """Minus the Gaussian log likelihood (as :func:`neg_loglik`) and its gradient in
    ``(mu, omega, alpha, beta)``, by differentiating the variance recursion:
    ``dh[t] = d(omega + alpha e[t-1]^2) + e[t-1]^2 dalpha + h[t-1] dbeta + beta dh[t-1]``, with the
    backcast ``h[0] = mean(e^2)`` depending on ``mu`` only. ``(inf, nan)`` where a variance is not positive."""
    mu, omega, alpha, beta = (float(v) for v in params)
    e = returns - mu
    h = garch_variance(returns, mu, omega, alpha, beta)
    if not np.all(h > 0):
        return float("inf"), np.full(4, np.nan)
    e2 = e**2
    n = e.size
    x = np.zeros((4, n))  # inputs of the derivatives' recursions: mu, omega, alpha, beta
    x[0, 0] = -2.0 * float(np.mean(e))
    x[0, 1:] = -2.0 * alpha * e[:-1]
    x[1, 1:] = 1.0
    x[2, 1:] = e2[:-1]
    x[3, 1:] = h[:-1]
    dh = _first_order_filters(x, beta)
    w = 0.5 * (1.0 / h - e2 / h**2)
    grad = dh @ w
    grad[0] -= float(np.sum(e / h))
    return 0.5 * float(np.sum(LOG_2PI + np.log(h) + e2 / h)), grad


def _first_order_filters(x: np.ndarray, beta: float, block: int = 64) -> np.ndarray:
    """``y[:, 0] = x[:, 0]``, ``y[:, t] = x[:, t] + beta * y[:, t-1]`` for each row of ``x`` (k x n),
    ``block`` columns at a time: inside a block the recursion is a product with the lower-triangular
    matrix of powers of ``beta``; across blocks the last value is carried with ``beta ** (1..block)``.
    Equal to :func:`_first_order_filter` to rounding, not bit for bit: the gradient, which the fit
    evaluates dozens of times, uses it; the variances the model publishes keep the exact loop."""
    k, n = x.shape
    nb = -(-n // block)
    padded = np.zeros((k, nb * block))
    padded[:, :n] = x
    lag = np.arange(block)[:, None] - np.arange(block)[None, :]
    powers = np.where(lag >= 0, float(beta) ** np.maximum(lag, 0), 0.0)  # powers[i, j] = beta^(i-j), i >= j
    y = padded.reshape(k, nb, block) @ powers.T
    carry = float(beta) ** np.arange(1, block + 1)
    for b in range(1, nb):
        y[:, b, :] += y[:, b - 1, -1:] * carry
    return y.reshape(k, nb * block)[:, :n]


def _hessian(params: np.ndarray, returns: np.ndarray, step: np.ndarray) -> np.ndarray | None:
    """Central differences of the analytic gradient, symmetrised; None if a probe leaves the
    region where the variances are positive."""
    cols = []
    for k in range(4):
        d = np.zeros(4)
        d[k] = step[k]
        up, down = neg_loglik_grad(params + d, returns)[1], neg_loglik_grad(params - d, returns)[1]
        cols.append((up - down) / (2.0 * step[k]))
    hess = np.array(cols).T
    return 0.5 * (hess + hess.T) if np.isfinite(hess).all() else None


def _inside(p: np.ndarray, bounds: list[tuple[float, float]], margin: float = 0.0) -> bool:
    """True if ``p`` is within ``bounds`` and ``alpha + beta <= MAX_PERSISTENCE``, by ``margin`` (relative to each bound's width)."""
    in_box = all(lo + margin * (hi - lo) <= v <= hi - margin * (hi - lo) for v, (lo, hi) in zip(p, bounds, strict=True))
    return in_box and p[2] + p[3] <= MAX_PERSISTENCE - margin


def newton_fit(returns: np.ndarray, x0: np.ndarray, bounds: list[tuple[float, float]]) -> tuple[np.ndarray, bool]:
    """Minimise :func:`neg_loglik` from ``x0`` by Newton's method (Hessian from the analytic
    gradient, step halved until it stays inside ``bounds`` and the stationarity constraint and
    decreases the objective). Returns the parameters and True if the Newton decrement fell below
    :data:`NEWTON_DECREMENT` strictly inside the feasible region (margin :data:`BOUNDARY_MARGIN`);
    False as soon as a step comes within that margin of a bound, or after :data:`NEWTON_MAX_STEPS`
    steps (the caller then solves the constrained problem)."""
    p = np.array(x0, dtype=float)
    f, g = neg_loglik_grad(p, returns)
    scale = np.array([hi - lo for lo, hi in bounds])
    for _ in range(NEWTON_MAX_STEPS):
        hess = _hessian(p, returns, 1e-6 * np.maximum(np.abs(p), 1e-3 * scale))
        if hess is None:
            return p, False
        try:
            np.linalg.cholesky(hess)
            step = -np.linalg.solve(hess, g)
        except np.linalg.LinAlgError:  # not convex here (far from the maximum): a scaled gradient step
            step = -g * (0.1 * scale / max(float(np.max(np.abs(g) * scale)), 1e-300))
        decrement = -float(g @ step)
        if 0.0 <= decrement < NEWTON_DECREMENT:
            return p + step, _inside(p + step, bounds, BOUNDARY_MARGIN)
        t = 1.0
        for _ in range(60):
            q = p + t * step
            if _inside(q, bounds):
                fq, gq = neg_loglik_grad(q, returns)
                if fq <= f - 1e-4 * t * decrement:
                    break
            t *= 0.5
        else:
            return p, False
        if not _inside(q, bounds, BOUNDARY_MARGIN):  # heading for a bound: the constrained solver's case
            return q, False
        p, f, g = q, fq, gq
    return p, False


def fit_garch(returns: np.ndarray) -> GarchFit:
    """Gaussian QMLE of GARCH(1,1) on ``returns`` (percent log returns; use ~100 x ln ratio).

    Starts from (mean, 0.05 var, 0.1, 0.85); Newton's method (:func:`newton_fit`), or SLSQP with
    ``alpha + beta <= MAX_PERSISTENCE`` when the maximum is not strictly inside the bounds.
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
    params, converged = newton_fit(r, x0, bounds)
    if not converged:
        params, converged = _slsqp_fit(r, x0, bounds)
    mu, omega, alpha, beta = (float(v) for v in params)
    h = garch_variance(r, mu, omega, alpha, beta)
    e = r - mu
    return GarchFit(
        mu=mu,
        omega=omega,
        alpha=alpha,
        beta=beta,
        loglik=-neg_loglik(params, r),
        n_obs=int(r.size),
        variance=h,
        resid=e / np.sqrt(h),
        next_variance=float(omega + alpha * e[-1] ** 2 + beta * h[-1]),
        converged=converged,
    )


def _slsqp_fit(r: np.ndarray, x0: np.ndarray, bounds: list[tuple[float, float]]) -> tuple[np.ndarray, bool]:
    """The constrained maximum by SLSQP (bounds and ``alpha + beta <= MAX_PERSISTENCE``)."""
    from scipy.optimize import minimize  # here, not at the top: importing it takes about half a second, and Newton's method usually suffices

    cons = [{"type": "ineq", "fun": lambda p: MAX_PERSISTENCE - p[2] - p[3]}]
    res = minimize(neg_loglik, x0, args=(r,), method="SLSQP", bounds=bounds, constraints=cons, options={"maxiter": 500, "ftol": 1e-10})
    return np.asarray(res.x, dtype=float), bool(res.success)


def variance_forecast(fit: GarchFit, n_steps: int) -> np.ndarray:
    """Expected sigma^2 for days 1..n_steps after the sample: ``s2 + (a+b)^(k-1) (h_1 - s2)``."""
    k = np.arange(n_steps)
    s2 = fit.unconditional_variance
    return s2 + fit.persistence**k * (fit.next_variance - s2)
