"""Closed-form barrier probabilities for geometric Brownian motion, with the discrete-monitoring
correction of Broadie, Glasserman & Kou (1997).

For ln P_t = ln S0 + nu t + sigma W_t (``nu = mu - sigma^2/2``, the drift of the log price) and a
barrier B, with ``b = ln(B / S0)``, the probability that the path reaches B by time T is
(reflection principle)

- down barrier (B < S0):  Phi((b - nu T)/(sigma sqrt T)) + exp(2 nu b / sigma^2) Phi((b + nu T)/(sigma sqrt T))
- up barrier (B > S0):    Phi((-b + nu T)/(sigma sqrt T)) + exp(2 nu b / sigma^2) Phi((-b - nu T)/(sigma sqrt T))

A path watched only every ``dt`` (daily closes) touches less often than a continuous one: the
continuous formula applies to the barrier shifted away from S0 by ``exp(±0.5826 sigma sqrt(dt))``,
0.5826 = -zeta(1/2)/sqrt(2 pi) (BGK 1997, Theorem 1).
"""

from __future__ import annotations

import math

#: -zeta(1/2) / sqrt(2 pi), Broadie-Glasserman-Kou (1997)
BGK_BETA = 0.5826


def touch_probability(s0: float, barrier: float, nu: float, sigma: float, t: float, dt: float | None = None) -> float:
    """P(the GBM reaches ``barrier`` by time ``t``). Units: ``nu`` and ``sigma`` per unit of ``t``
    (e.g. per day with ``t`` in days). ``dt``: monitoring interval for the BGK correction
    (``None``: continuous monitoring). A barrier on the wrong side of ``s0`` is already hit (1.0).
    """
    if s0 <= 0 or barrier <= 0 or sigma <= 0 or t <= 0:
        raise ValueError(f"need positive s0, barrier, sigma, t (got {s0}, {barrier}, {sigma}, {t})")
    if barrier == s0:
        return 1.0
    down = barrier < s0
    if dt is not None:
        barrier = barrier * math.exp((-1.0 if down else 1.0) * BGK_BETA * sigma * math.sqrt(dt))
    b = math.log(barrier / s0)
    st = sigma * math.sqrt(t)
    sign = 1.0 if down else -1.0
    # ndtr is the standard normal cdf (what scipy.stats.norm.cdf computes), imported when first needed
    from scipy.special import ndtr

    p = ndtr(sign * (b - nu * t) / st) + math.exp(2.0 * nu * b / sigma**2) * ndtr(sign * (b + nu * t) / st)
    return float(min(max(p, 0.0), 1.0))
