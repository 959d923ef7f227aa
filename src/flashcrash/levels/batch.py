"""Touch, bounce and break counts of many levels of one path, or of one level on many paths, at once.

:func:`~flashcrash.levels.touches.episodes` is the readable one-level reference. :func:`lockstep_counts`
runs the same state machine for many **rows** at once (a row is a level of one path, or one path at a
level), one episode per step for every row still running, so the Python loop runs as many times as
the busiest row has episodes (a few dozen), not once per episode of every row. Its only question
about the bars is "the first bar at or after ``p`` where a condition holds" (bars numbered 0 to n-1,
n meaning "never"), for arrays of (condition, row, ``p``), answered by one of two first-passage oracles:

- :class:`LevelPassages`: one path, a threshold per row (the random levels): a sparse table of block
  minima (blocks of 2^k bars) and binary lifting, O(log n) vectorised steps per batch of questions;
- :class:`MaskPassages`: a true/false condition per row and bar (bootstrapped paths at one level): the
  runs of bars where it holds, searched with ``searchsorted``.

The conditions (support; resistance is run on mirrored bars, as in :mod:`~flashcrash.levels.touches`):
``ARM`` high >= L + move |L|, ``TOUCH`` low <= L + tol |L|, ``BREAK`` close < L - tol |L| (prices USD,
``tol`` and ``move`` fractions of the level).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

ARM, TOUCH, BREAK = 0, 1, 2  # the conditions, in the order of the oracles' tables
COUNTS = ("touches", "bounces", "breaks", "open")  # the rows of :func:`lockstep_counts`' result


class Passages(Protocol):
    """A first-passage oracle over ``n`` bars: for each question (condition, row, ``p``), the first bar
    at or after ``p`` (0 <= p <= n) where the condition holds in that row, or ``n`` if none."""

    n: int

    def first(self, cond: int | np.ndarray, rows: np.ndarray, p: np.ndarray) -> np.ndarray: ...


def min_table(x: np.ndarray) -> np.ndarray:
    """Sparse table of block minima of the rows of ``x`` (shape (c, n)): ``t[:, k, i]`` = min of
    ``x[:, i : i + 2^k]`` where that block lies inside the n bars, ``-inf`` where it does not (such a
    block is never skipped); shape (c, K, n + 1) with K = the bit length of n (at least 1). NaN counts
    as ``+inf`` (it never satisfies ``x <= u``)."""
    c, n = x.shape
    k_max = max(1, n.bit_length())
    t = np.full((c, k_max, n + 1), -np.inf)
    t[:, 0, :n] = np.where(np.isnan(x), np.inf, x)
    for k in range(1, k_max):
        h = 1 << (k - 1)
        m = n - 2 * h + 1  # blocks of 2^k bars that fit
        if m <= 0:
            break
        np.minimum(t[:, k - 1, :m], t[:, k - 1, h : h + m], out=t[:, k, :m])
    return t


class LevelPassages:
    """First passages of one path (``high``, ``low``, ``close``: arrays of n bars, USD) at many
    ``levels`` (USD; negative for a mirrored path) with band ``tol`` and bounce distance ``move``
    (fractions of the level). The thresholds are computed as :func:`~flashcrash.levels.touches.episodes`
    computes them, and every condition is rewritten exactly as ``x <= u``: ``-high <= -(arm mark)``,
    ``low <= touch mark``, ``close <= the float just below the break mark``."""

    def __init__(self, high: np.ndarray, low: np.ndarray, close: np.ndarray, levels: np.ndarray, tol: float, move: float) -> None:
        lv = np.asarray(levels, dtype=float)
        a = np.abs(lv)
        self.n = len(high)
        self.u = np.stack([-(lv + move * a), lv + tol * a, np.nextafter(lv - tol * a, -np.inf)])  # (3, levels)
        self.table = min_table(np.stack([-np.asarray(high, float), np.asarray(low, float), np.asarray(close, float)]))
        self._flat = self.table.reshape(-1)

    def first(self, cond: int | np.ndarray, rows: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Binary lifting: from the largest block down, skip a block of 2^k bars while its minimum is
        above the row's threshold; what remains is the first bar at or below it (or n)."""
        k_max, width = self.table.shape[1], self.n + 1
        u = self.u[cond, rows]
        base = np.asarray(cond) * (k_max * width)
        pos = np.array(p, dtype=np.int64)
        for k in range(k_max - 1, -1, -1):
            pos += (self._flat[base + k * width + pos] > u) << k
        return pos


class MaskPassages:
    """First passages from true/false conditions per row and bar, kept as runs of consecutive true
    bars. A run is stored by flat keys ``(cond * rows + row) * (n + 1) + bar`` of its first bar and of
    the bar after its last, in ``starts`` and ``ends`` (sorted, with a sentinel past every key)."""

    def __init__(self, n: int, rows: int, starts: np.ndarray, ends: np.ndarray) -> None:
        self.n, self.rows = n, rows
        big = np.array([np.iinfo(np.int64).max], dtype=np.int64)
        self.starts = np.concatenate([np.sort(starts), big])
        self.ends = np.concatenate([np.sort(ends), big])

    @staticmethod
    def runs(mask: np.ndarray, key0: int) -> tuple[np.ndarray, np.ndarray]:
        """The start and end keys of the true runs of ``mask`` (shape (r, n)), the first row's first
        bar at key ``key0`` (rows ``n + 1`` keys apart)."""
        r, n = mask.shape
        pad = np.zeros((r, n + 2), dtype=bool)
        pad[:, 1:-1] = mask
        edge = np.flatnonzero(pad[:, 1:] != pad[:, :-1]) + key0  # row by row: start, end, start, end, ...
        return edge[0::2], edge[1::2]

    @classmethod
    def of(cls, arm: np.ndarray, touch: np.ndarray, brk: np.ndarray) -> MaskPassages:
        """From the three conditions as arrays of shape (rows, n)."""
        rows, n = arm.shape
        parts = [cls.runs(m, c * rows * (n + 1)) for c, m in enumerate((arm, touch, brk))]
        return cls(n, rows, np.concatenate([s for s, _ in parts]), np.concatenate([e for _, e in parts]))

    def first(self, cond: int | np.ndarray, rows: np.ndarray, p: np.ndarray) -> np.ndarray:
        """The first run ending after ``p``: ``p`` itself if the run holds it, else the run's start;
        ``n`` if that run belongs to a later row."""
        base = (np.asarray(cond) * self.rows + rows) * (self.n + 1)
        s = self.starts[np.searchsorted(self.ends, base + p, side="right")]
        return np.where(s < base + self.n + 1, np.maximum(s - base, p), self.n)


def lockstep_counts(oracle: Passages, rows: int, horizon: int, max_steps: int | None = None) -> np.ndarray:
    """Touches, bounces, breaks and open touches (:data:`COUNTS`, shape (4, rows)) of every row, by the
    rules of :func:`~flashcrash.levels.touches.episodes` (``horizon`` in bars), each step moving every
    running row on by one episode. ``max_steps`` (default n + 1) bounds the steps per row as there: a
    row still running after them raises ``RuntimeError``."""
    n = oracle.n
    out = np.zeros((4, rows), dtype=np.int64)
    live = np.arange(rows)
    armed = oracle.first(ARM, live, np.zeros(rows, dtype=np.int64))
    live, armed = live[armed < n], armed[armed < n]
    cap = n + 1 if max_steps is None else max_steps
    for _ in range(cap):
        t = oracle.first(TOUCH, live, armed + 1)
        live, t = live[t < n], t[t < n]
        k = len(live)
        if k == 0:
            break
        nb_nk = oracle.first(np.repeat([ARM, BREAK], k), np.tile(live, 2), np.concatenate([t + 1, t]))
        nb, nk = nb_nk[:k], nb_nk[k:]
        end = np.minimum(nb, nk)
        is_open = (end >= n) | (end - t > horizon)
        brk = ~is_open & (nk <= nb)
        bounce = ~is_open & ~brk
        out[0, live] += 1
        for row, sel in ((1, bounce), (2, brk), (3, is_open)):
            out[row, live[sel]] += 1
        rearm = oracle.first(ARM, live[brk], nk[brk] + 1)
        live = np.concatenate([live[bounce], live[brk][rearm < n]])
        armed = np.concatenate([nb[bounce], rearm[rearm < n]])
    else:
        if len(live):
            raise RuntimeError(f"the lockstep touch scan did not end within max_steps={cap} steps (bars + 1 by default): it is not advancing")
    return out


def level_counts(
    high: np.ndarray, low: np.ndarray, close: np.ndarray, levels: np.ndarray, tol: float, move: float, horizon: int, max_steps: int | None = None
) -> np.ndarray:
    """:data:`COUNTS` (shape (4, len(levels))) at each of ``levels`` (USD) on one path's arrays, the
    same as :func:`~flashcrash.levels.touches.episodes` level by level (``horizon`` in bars)."""
    return lockstep_counts(LevelPassages(high, low, close, levels, tol, move), len(levels), horizon, max_steps)


def rates(counts: np.ndarray) -> np.ndarray:
    """Bounce rates bounces / (bounces + breaks) of :data:`COUNTS` columns, NaN without a decided touch."""
    d = counts[1] + counts[2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(d > 0, counts[1] / np.where(d > 0, d, 1), np.nan)
