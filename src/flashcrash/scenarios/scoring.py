"""Scoring rules for probability and quantile forecasts, and first crossings of price levels.

- Brier score (Brier 1950): mean of (p - o)^2 for event probabilities p and outcomes o in {0, 1};
  0 is perfect, 0.25 is what p = 0.5 always scores.
- Pinball (quantile) loss (Koenker & Bassett 1978): for level tau, forecast q and outcome y,
  (y - q)(tau - 1{y < q}); its average over many levels approximates half the CRPS
  (Gneiting & Raftery 2007). Units: those of y (USD here).
- Skill score: 1 - score / score_baseline (positive = better than the baseline).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def brier(p: np.ndarray | list[float], outcome: np.ndarray | list[int]) -> float:
    """Mean Brier score of probabilities ``p`` (in [0, 1]) against 0/1 outcomes."""
    p = np.asarray(p, dtype=float)
    o = np.asarray(outcome, dtype=float)
    if p.shape != o.shape or p.size == 0:
        raise ValueError(f"brier: p and outcome must be non-empty and of equal shape, got {p.shape} and {o.shape}")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("brier: probabilities must lie in [0, 1]")
    if not np.isin(o, (0.0, 1.0)).all():
        raise ValueError("brier: outcomes must be 0 or 1")
    return float(np.mean((p - o) ** 2))


def pinball(q: np.ndarray | list[float], y: float, taus: np.ndarray | list[float]) -> float:
    """Mean pinball loss of quantile forecasts ``q`` (one per level in ``taus``) for outcome ``y``."""
    q = np.asarray(q, dtype=float)
    t = np.asarray(taus, dtype=float)
    if q.shape != t.shape or q.ndim != 1 or q.size == 0:
        raise ValueError(f"pinball: one quantile per level needed, got {q.shape} and {t.shape}")
    if ((t <= 0) | (t >= 1)).any():
        raise ValueError("pinball: levels must lie strictly between 0 and 1")
    d = y - q
    return float(np.mean(d * (t - (d < 0))))


def skill(score: float, baseline: float) -> float:
    """1 - score / baseline: share of the baseline's loss removed (negative = worse)."""
    return float(1.0 - score / baseline) if baseline > 0 else float("nan")


def first_crossing(prices: pd.Series, level: float, direction: str, after: pd.Timestamp) -> pd.Timestamp | None:
    """First index label strictly after ``after`` where ``prices`` is at or below (``direction="down"``)
    or at or above (``"up"``) ``level``; ``None`` if never in the series."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
    s = prices[prices.index > after]
    hit = s >= level if direction == "up" else s <= level
    if not hit.any():
        return None
    return s.index[np.argmax(hit.to_numpy())]
