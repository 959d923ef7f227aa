"""Touches, bounces and breaks of a price level.

Support at level ``L``; tolerance ``tol`` and bounce distance ``move`` are fractions of ``L``, prices
in USD, bars indexed by their UTC open time:

- the path is **armed** once a bar's high reaches ``L (1 + move)`` (the price is clearly above the level);
- a **touch** is the first later bar whose low comes down to ``L (1 + tol)`` or below (into the band
  ``L +- tol L``, or through it);
- the touch is a **bounce** if, after the touch bar, a high reaches ``L (1 + move)`` again before any
  close below ``L (1 - tol)`` (counting the touch bar's own close); it is a **break** if such a close
  comes first (or in the same bar); it is **open** if neither happens within ``horizon`` bars or before
  the data end;
- after a bounce the path is armed again at the bounce bar; after a break it must first be re-armed.
  So touches never overlap, and a path sliding through the level makes one touch and one break.

Resistance is the mirror image (arm at ``L (1 - move)``, touch at a high of ``L (1 - tol)`` or above,
a **rejection** when a low reaches ``L (1 - move)`` before a close above ``L (1 + tol)``); the code
mirrors the bars (prices times -1) and reuses the support logic. The **bounce rate** is
bounces / (bounces + breaks); open touches are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash import crossings as X
from flashcrash.data.validate import require_utc

TOL = 0.005  # band half-width: 0.5 % of the level (~$435 at $87k, about one hour's median high-low range)
MOVE_PER_TOL = 3  # a bounce must carry three band widths away from the level
MOVE = MOVE_PER_TOL * TOL  # 1.5 % of the level
SIDES = ("support", "resistance")


def mirror(bars: pd.DataFrame) -> pd.DataFrame:
    """Bars reflected through zero (high <-> -low): a resistance test becomes a support test."""
    return pd.DataFrame({"open": -bars["open"], "high": -bars["low"], "low": -bars["high"], "close": -bars["close"]}, index=bars.index)


def horizon_bars(bars: pd.DataFrame, horizon: str) -> int:
    """How many bars of ``bars`` fit in ``horizon`` (a pandas time span such as ``"1D"``)."""
    return int(pd.Timedelta(horizon) / pd.Timedelta(minutes=X.bar_minutes(bars)))


def episodes(
    high: np.ndarray, low: np.ndarray, close: np.ndarray, level: float, tol: float, move: float, horizon: int, max_steps: int | None = None
) -> list[tuple[int, str, int]]:
    """Support episodes at ``level`` on raw arrays: (touch bar, outcome, outcome bar or -1).

    Offsets are ``tol * |level|`` and ``move * |level|`` so a mirrored (negative) level works too.
    First passages are found with ``searchsorted`` on the bar numbers where each condition holds.
    Each step of the scan moves past at least one bar, so it ends within ``max_steps`` (default: the
    number of bars + 1) steps; a scan that does not is broken and raises ``RuntimeError``.
    """
    a = abs(level)
    # (array methods rather than np.flatnonzero / np.searchsorted: the same results without the
    # dispatch overhead, which dominated this scan when it runs for thousands of null levels)
    arm_at = (high >= level + move * a).nonzero()[0]  # reached the bounce mark
    touch_at = (low <= level + tol * a).nonzero()[0]  # came down into (or through) the band
    brk_at = (close < level - tol * a).nonzero()[0]  # closed below the band
    n = len(high)
    out: list[tuple[int, str, int]] = []
    n_arm, n_touch, n_brk = len(arm_at), len(touch_at), len(brk_at)
    if n_arm == 0:
        return out
    armed = int(arm_at[0])
    cap = n + 1 if max_steps is None else max_steps
    for _ in range(cap):
        j = touch_at.searchsorted(armed + 1)
        if j >= n_touch:
            break
        t = int(touch_at[j])
        jb = arm_at.searchsorted(t + 1)
        nb = int(arm_at[jb]) if jb < n_arm else n
        jk = brk_at.searchsorted(t)
        nk = int(brk_at[jk]) if jk < n_brk else n
        first = min(nb, nk)
        if first >= n or first - t > horizon:
            out.append((t, "open", -1))
            break  # the outcome is unknown: later touches would depend on it
        if nk <= nb:
            out.append((t, "break", nk))
            jr = arm_at.searchsorted(nk + 1)
            if jr >= n_arm:
                break
            armed = int(arm_at[jr])
        else:
            out.append((t, "bounce", nb))
            armed = nb
    else:
        raise RuntimeError(f"the touch scan at level {level} did not end within max_steps={cap} steps (bars + 1 by default): it is not advancing")
    return out


def level_episodes(bars: pd.DataFrame, level: float, side: str = "support", tol: float = TOL, move: float = MOVE, horizon: str = "1D") -> pd.DataFrame:
    """Every touch of ``level`` (USD) on ``bars`` with its outcome, per the definitions in the module
    docstring: columns ``touch`` (UTC bar open), ``outcome`` ("bounce"/"break" for support,
    "rejection"/"break" for resistance, or "open") and ``resolved`` (bar where the outcome happened)."""
    require_utc(bars.index, "bars index")
    if side not in SIDES:
        raise ValueError(f"side must be 'support' or 'resistance', got {side!r}")
    if not (0 < tol < move):
        raise ValueError(f"need 0 < tol < move (fractions of the level), got tol={tol}, move={move}")
    b, lev = (bars, level) if side == "support" else (mirror(bars), -level)
    eps = episodes(b["high"].to_numpy(float), b["low"].to_numpy(float), b["close"].to_numpy(float), lev, tol, move, horizon_bars(bars, horizon))
    name = "bounce" if side == "support" else "rejection"
    idx = bars.index
    return pd.DataFrame(
        {
            "touch": [idx[t] for t, _, _ in eps],
            "outcome": [name if o == "bounce" else o for _, o, _ in eps],
            "resolved": [idx[r] if r >= 0 else pd.NaT for _, _, r in eps],
        }
    )


@dataclass(frozen=True)
class TouchStats:
    """Counts at one level: touches, bounces (rejections for resistance), breaks, open; ``rate`` =
    bounces / (bounces + breaks), NaN without a decided touch."""

    touches: int
    bounces: int
    breaks: int
    open: int

    @property
    def rate(self) -> float:
        d = self.bounces + self.breaks
        return self.bounces / d if d else float("nan")


def episode_stats(eps: list[tuple[int, str, int]]) -> TouchStats:
    """The counts of the episodes of :func:`episodes`."""
    outs = [o for _, o, _ in eps]
    return TouchStats(len(outs), outs.count("bounce"), outs.count("break"), outs.count("open"))


def touch_stats(bars: pd.DataFrame, level: float, side: str = "support", tol: float = TOL, move: float = MOVE, horizon: str = "1D") -> TouchStats:
    """Touch, bounce and break counts at ``level`` (see :func:`level_episodes`)."""
    ep = level_episodes(bars, level, side, tol, move, horizon)
    oc = list(ep["outcome"])
    return TouchStats(len(oc), sum(o in ("bounce", "rejection") for o in oc), oc.count("break"), oc.count("open"))


def side_arrays(bars: pd.DataFrame, side: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """High, low and close of ``bars`` as a support test sees them (mirrored for resistance), and the
    sign the level takes (1 for support, -1 for resistance)."""
    b = bars if side == "support" else mirror(bars)
    return b["high"].to_numpy(float), b["low"].to_numpy(float), b["close"].to_numpy(float), (1.0 if side == "support" else -1.0)
