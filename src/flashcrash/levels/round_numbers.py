"""Round numbers: do turning points gather at round thousands, and do round levels hold better than
the levels half-way between them? (Osler 2000, 2003; Urquhart 2017)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc
from flashcrash.levels.batch import level_counts
from flashcrash.levels.touches import MOVE, SIDES, TOL, TouchStats, horizon_bars, side_arrays

PIVOT_BARS = 6  # a swing pivot is the extreme of this many bars on each side
ROUND_STEP = 1000.0  # round numbers: multiples of $1,000
ROUND_WIDTH = 100.0  # "near" a round number: within $100 of it


def swing_pivots(bars: pd.DataFrame, k: int = PIVOT_BARS) -> pd.DataFrame:
    """Swing pivots: a bar whose low is the lowest of the ``k`` bars on each side (a pivot *low*), or
    whose high is the highest (a pivot *high*). Ties go to the earliest bar (strictly lower than the
    ``k`` before, not higher than the ``k`` after). Bars within ``k`` of either end have no pivot.

    Returns ``time`` (UTC, index), ``kind`` ("low"/"high") and ``price`` (USD). With 5-minute bars and
    ``k = 6`` a pivot is the extreme of 65 minutes; with hourly bars, of 13 hours.
    """
    require_utc(bars.index, "bars index")
    if k < 1:
        raise ValueError(f"k must be at least 1 bar, got {k}")
    out = []
    for kind, col, sign in (("low", "low", 1.0), ("high", "high", -1.0)):
        x = sign * bars[col].to_numpy(dtype=float)
        if len(x) < 2 * k + 1:
            continue
        win = np.lib.stride_tricks.sliding_window_view(x, 2 * k + 1)
        centre = win[:, k]
        is_piv = (centre < win[:, :k].min(axis=1)) & (centre <= win[:, -k:].min(axis=1))
        idx = np.flatnonzero(is_piv) + k
        out.append(pd.DataFrame({"kind": kind, "price": bars[col].to_numpy()[idx]}, index=bars.index[idx]))
    res = pd.concat(out).sort_index() if out else pd.DataFrame({"kind": [], "price": []}, index=bars.index[:0])
    res.index.name = "time"
    return res


def binomial_sf(k: int, n: int, p: float) -> float:
    """P[X >= k] for X ~ Binomial(n, p), summed in log space (exact, no scipy)."""
    if k <= 0:
        return 1.0
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(p) + (n - i) * math.log1p(-p) for i in range(k, n + 1)]
    m = max(terms)
    return float(min(1.0, math.exp(m) * sum(math.exp(t - m) for t in terms)))


def round_number_clustering(prices: np.ndarray | pd.Series, step: float = ROUND_STEP, width: float = ROUND_WIDTH) -> dict[str, float]:
    """Do prices (e.g. swing-pivot prices, USD) lie near multiples of ``step`` more often than chance?

    ``share_near`` = fraction within ``width`` of a multiple of ``step``; under no clustering the price
    modulo ``step`` is close to uniform over a range many steps wide, so the expected share is
    ``2 width / step``; ``p_value`` is the one-sided binomial tail. Osler (2003) finds orders, and so
    trend reversals, cluster at round numbers; Urquhart (2017) finds Bitcoin prices cluster at round
    numbers."""
    x = np.asarray(prices, dtype=float)
    if step <= 0 or not (0 < width < step / 2):
        raise ValueError(f"need step > 0 and 0 < width < step/2, got step={step}, width={width}")
    d = np.abs(x - step * np.round(x / step))
    k = int((d <= width).sum())
    p0 = 2 * width / step
    return {"n": len(x), "near": k, "share_near": k / len(x) if len(x) else float("nan"), "expected": p0, "p_value": binomial_sf(k, len(x), p0)}


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """One-sided p-value that proportion 1 exceeds proportion 2 (pooled two-proportion z-test,
    normal approximation)."""
    if min(n1, n2) == 0:
        return float("nan")
    p = (k1 + k2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0 if k1 / n1 <= k2 / n2 else 0.0
    z = (k1 / n1 - k2 / n2) / se
    return float(0.5 * math.erfc(z / math.sqrt(2)))


def round_vs_offset_levels(bars: pd.DataFrame, step: float = ROUND_STEP, side: str = "support", tol: float = TOL, move: float = MOVE) -> pd.DataFrame:
    """Bounce counts pooled over every round level (multiples of ``step``) inside the traded range and
    over the levels half-way between them (Osler 2000's comparison of round and other levels); each
    level counted as :func:`~flashcrash.levels.touches.touch_stats` counts it (one-day horizon), all
    levels at once (:func:`~flashcrash.levels.batch.level_counts`)."""
    require_utc(bars.index, "bars index")
    if side not in SIDES:
        raise ValueError(f"side must be 'support' or 'resistance', got {side!r}")
    if not (0 < tol < move):
        raise ValueError(f"need 0 < tol < move (fractions of the level), got tol={tol}, move={move}")
    lo, hi = float(bars["low"].min()), float(bars["high"].max())
    rounds = np.arange(np.ceil(lo / step) * step, hi, step)
    h, lw, c, sgn = side_arrays(bars, side)
    hz = horizon_bars(bars, "1D")
    rows = []
    for name, levels in (("round", rounds), ("half-way", rounds[:-1] + step / 2)):
        n = level_counts(h, lw, c, sgn * levels, tol, move, hz).sum(axis=1)
        pooled = TouchStats(int(n[0]), int(n[1]), int(n[2]), int(n[3]))
        rows.append(
            {"levels": name, "n_levels": len(levels), "touches": pooled.touches, "bounces": pooled.bounces, "breaks": pooled.breaks, "rate": pooled.rate}
        )
    return pd.DataFrame(rows)
