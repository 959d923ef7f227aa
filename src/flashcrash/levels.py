"""The support breaks: were $87,000 and $84,000 real levels, when did they break, what did they do after?

Layout (each part is a few small functions; the claims' measures and evidence are in :func:`assess` at the
end, their verdict rules in :mod:`flashcrash.rules.support_levels`):

1. **Range before** - :func:`range_before`: the high-low band over the 24 h / 72 h / 7 days before a
   UTC midnight, its width as a fraction of the band's mid-price and the percentile of that width among
   the same measure at every midnight of the previous year.
2. **Level tests** - :func:`swing_pivots` (local extremes), :func:`level_episodes` /
   :func:`touch_stats` (touches, bounces and breaks at a level, defined below), :func:`volume_profile`
   and :func:`high_volume_nodes` (volume at price), :func:`round_number_clustering` (Osler 2000, 2003;
   Urquhart 2017) and two nulls: :func:`random_level_null` (the same statistic at random levels of the
   same path) and :func:`bootstrap_null` (the statistic at the same level on block-bootstrapped paths
   with the same bar-return distribution and volatility).
3. **Breaks** - :func:`break_table`: every 5-minute crossing of $87k and $84k on the candidate days
   (from :func:`flashcrash.event.candidate_days`), its session, depth, minutes below and time to recover,
   and :func:`source_check`, the same first crossings in the spot, mark and index series.
4. **Afterwards** - :func:`after_event`: first passage back above $87k, rejections at $87k and tests of
   $84k in the following days and weeks (5-minute data to 2026-01-29, hourly data to 2026-05).
5. **Activity at the break** - :func:`break_activity`: the volume and range of the bar that broke $87k
   and the volume of the hour before it, on every candidate day (measures in :mod:`flashcrash.break_activity`).

Touch, bounce and break (support at level ``L``; tolerance ``tol`` and bounce distance ``move`` are
fractions of ``L``, prices in USD, bars indexed by their UTC open time):

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

Crossing times reuse :func:`flashcrash.crossings.downward_crossings` and friends; sessions come from
:mod:`flashcrash.sessions` (Asia = Tokyo 09:00-17:00, Europe = London 08:00-16:30, US = New York
09:30-16:00, daylight saving through the exchanges' own time zones).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash import break_activity as BA
from flashcrash import crossings as X
from flashcrash import data as D
from flashcrash import event as E
from flashcrash.article import EVENT_DAY, LEVEL_BREAK, LEVEL_LOW, RANGE_HIGH, RANGE_LOW  # USD; the event day (UTC)
from flashcrash.cache import cached
from flashcrash.claims import Assessment, Figure
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.errors import GapError
from flashcrash.rules import support_levels as SL
from flashcrash.rules.base import with_evidence
from flashcrash.sessions import label_sessions

TOL = 0.005  # band half-width: 0.5 % of the level (~$435 at $87k, about one hour's median high-low range)
MOVE_PER_TOL = 3  # a bounce must carry three band widths away from the level
MOVE = MOVE_PER_TOL * TOL  # 1.5 % of the level
WINDOWS = ("24h", "72h", "7D")
SEED = 20251201
LOOKBACK_DAYS = 30  # the month before the event that the level tests look at
PIVOT_BARS = 6  # a swing pivot is the extreme of this many bars on each side
N_LEVELS = 1000  # random levels of the random-level null
N_PATHS = 300  # block-bootstrapped paths of the path null
BLOCK_BARS = 12  # bars per bootstrap block
BIN_USD = 250.0  # price bin of the volume profile (USD)
HVN_SMOOTH = 3  # bins the profile is smoothed over before looking for high-volume nodes
HVN_QUANTILE = 0.8  # a high-volume node's smoothed volume is in the top fifth of bins
ROUND_STEP = 1000.0  # round numbers: multiples of $1,000
ROUND_WIDTH = 100.0  # "near" a round number: within $100 of it
SENSITIVITY_TOLS = (0.0025, 0.005, 0.01)  # band half-widths of the sensitivity check (fractions)
SENSITIVITY_LEVELS = 400  # random levels per band width in the sensitivity check
END_5M = pd.Timestamp("2026-01-29", tz="UTC")  # the 5-minute data end on this day


# =========================================================================== 1. range before
def range_before(bars: pd.DataFrame, days: list[pd.Timestamp], windows: tuple[str, ...] = WINDOWS, history: str = "365D") -> pd.DataFrame:
    """High-low band of ``bars`` over each window before each UTC midnight in ``days``.

    Returns one row per (day, window): ``high``/``low`` (USD), ``width`` (USD), ``width_frac`` =
    width / mid-price of the band, ``share_87_90`` (fraction of bar closes inside $87k-$90k) and
    ``percentile``: the fraction of the midnights in the ``history`` before ``day`` whose same-window
    band was narrower (0 = the narrowest band of the year). Bars of the window are those opening in
    ``[day - window, day)``; hourly bars are the natural input (``D.perp_1h``: years of history).
    """
    require_utc(bars.index, "bars index")
    step = pd.Timedelta(minutes=X.bar_minutes(bars))
    inside = ((bars["close"] >= RANGE_LOW) & (bars["close"] <= RANGE_HIGH)).astype(float)
    rows = []
    for w in windows:
        # rolling over bar open times (t - w, t]: at t = midnight - step it covers [midnight - w, midnight)
        hi = bars["high"].rolling(w).max()
        lo = bars["low"].rolling(w).min()
        share = inside.rolling(w).mean()
        width_frac = (hi - lo) / ((hi + lo) / 2)
        ends = width_frac.index + step  # each window's end (the next bar's open)
        at_mid = width_frac[ends == ends.normalize()]  # windows ending at a UTC midnight
        for day in days:
            day = to_utc(day)
            t = day - step
            if t not in hi.index:
                raise GapError(f"no bar opening at {t} in the bars: cannot measure the {w} band before {day.date()}")
            hist = at_mid.loc[t - pd.Timedelta(history) : t - pd.Timedelta("1ns")].dropna()
            rows.append(
                {
                    "day": day,
                    "window": w,
                    "high": float(hi[t]),
                    "low": float(lo[t]),
                    "width": float(hi[t] - lo[t]),
                    "width_frac": float(width_frac[t]),
                    "share_87_90": float(share[t]),
                    "percentile": float((hist < width_frac[t]).mean()),
                    "n_history": len(hist),
                }
            )
    return pd.DataFrame(rows)


def share_in_range(bars: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, low: float = RANGE_LOW, high: float = RANGE_HIGH) -> float:
    """Fraction of bar closes in ``[start, end)`` (UTC) between ``low`` and ``high`` (USD, inclusive)."""
    sub = bars.loc[to_utc(start) : to_utc(end) - pd.Timedelta("1ns"), "close"]
    if sub.empty:
        raise GapError(f"no bars between {start} and {end}")
    return float(((sub >= low) & (sub <= high)).mean())


# =========================================================================== 2. level tests
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


def _mirror(bars: pd.DataFrame) -> pd.DataFrame:
    """Bars reflected through zero (high <-> -low): a resistance test becomes a support test."""
    return pd.DataFrame({"open": -bars["open"], "high": -bars["low"], "low": -bars["high"], "close": -bars["close"]}, index=bars.index)


def _episodes(high: np.ndarray, low: np.ndarray, close: np.ndarray, level: float, tol: float, move: float, horizon: int, max_steps: int | None = None) -> list[tuple[int, str, int]]:
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
    if side not in ("support", "resistance"):
        raise ValueError(f"side must be 'support' or 'resistance', got {side!r}")
    if not (0 < tol < move):
        raise ValueError(f"need 0 < tol < move (fractions of the level), got tol={tol}, move={move}")
    b, lev = (bars, level) if side == "support" else (_mirror(bars), -level)
    hz = int(pd.Timedelta(horizon) / pd.Timedelta(minutes=X.bar_minutes(bars)))
    eps = _episodes(b["high"].to_numpy(float), b["low"].to_numpy(float), b["close"].to_numpy(float), lev, tol, move, hz)
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


def _stats(eps: list[tuple[int, str, int]]) -> TouchStats:
    outs = [o for _, o, _ in eps]
    return TouchStats(len(outs), outs.count("bounce"), outs.count("break"), outs.count("open"))


def touch_stats(bars: pd.DataFrame, level: float, side: str = "support", tol: float = TOL, move: float = MOVE, horizon: str = "1D") -> TouchStats:
    """Touch, bounce and break counts at ``level`` (see :func:`level_episodes`)."""
    ep = level_episodes(bars, level, side, tol, move, horizon)
    oc = list(ep["outcome"])
    return TouchStats(len(oc), sum(o in ("bounce", "rejection") for o in oc), oc.count("break"), oc.count("open"))


def _arrays(bars: pd.DataFrame, side: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    b = bars if side == "support" else _mirror(bars)
    return b["high"].to_numpy(float), b["low"].to_numpy(float), b["close"].to_numpy(float), (1.0 if side == "support" else -1.0)


@dataclass(frozen=True)
class NullResult:
    """Observed bounce rate at a level against a null distribution of the same statistic.

    ``p_value`` = (1 + #null rates >= observed) / (1 + #null draws with a decided touch): the
    chance, under the null, of a level doing at least as well. ``null_rates`` holds the draws."""

    observed: TouchStats
    null_rates: np.ndarray
    null_touches: np.ndarray
    p_value: float
    kind: str

    @property
    def null_mean(self) -> float:
        r = self.null_rates[~np.isnan(self.null_rates)]
        return float(r.mean()) if len(r) else float("nan")

    @property
    def n_valid(self) -> int:
        return int((~np.isnan(self.null_rates)).sum())


def _p_value(observed: float, null: np.ndarray) -> float:
    v = null[~np.isnan(null)]
    if math.isnan(observed):
        return float("nan")
    return float((1 + (v >= observed - 1e-12).sum()) / (1 + len(v)))


def random_level_null(bars: pd.DataFrame, level: float, side: str = "support", n: int = N_LEVELS, tol: float = TOL, move: float = MOVE, horizon: str = "1D", seed: int = SEED) -> NullResult:
    """Bounce rate at ``level`` against the rate at ``n`` levels drawn uniformly (fixed ``seed``)
    over the range the same bars traded in. Levels never touched, or with no decided touch, carry
    no rate (NaN) and do not enter the p-value."""
    require_utc(bars.index, "bars index")
    rng = np.random.default_rng(seed)
    levels = rng.uniform(float(bars["low"].min()), float(bars["high"].max()), n)
    h, lo, c, sgn = _arrays(bars, side)
    hz = int(pd.Timedelta(horizon) / pd.Timedelta(minutes=X.bar_minutes(bars)))
    stats = [_stats(_episodes(h, lo, c, sgn * x, tol, move, hz)) for x in levels]
    obs = _stats(_episodes(h, lo, c, sgn * level, tol, move, hz))
    rates = np.array([s.rate for s in stats])
    return NullResult(obs, rates, np.array([s.touches for s in stats]), _p_value(obs.rate, rates), "random levels")


def bootstrap_paths(bars: pd.DataFrame, n: int = N_PATHS, block: int = BLOCK_BARS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` synthetic OHLC paths as long as ``bars`` (moving-block bootstrap of whole bars, blocks of
    ``block`` bars, fixed ``seed``): each bar keeps its log open-gap, high, low and close relative to
    its open, so the paths have the data's bar-return distribution, volatility and intrabar ranges,
    with the level structure scrambled. All start at the first open. Returns (high, low, close), each
    of shape (n, len(bars)), USD."""
    o = bars["open"].to_numpy(float)
    c = bars["close"].to_numpy(float)
    prev_c = np.concatenate([[o[0]], c[:-1]])
    g = np.log(o / prev_c)  # open gap
    rh, rl, rc = (np.log(bars[x].to_numpy(float) / o) for x in ("high", "low", "close"))
    T = len(o)
    nb = -(-T // block)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, T - block + 1, size=(n, nb))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n, -1)[:, :T]
    rc_idx = rc[idx]
    step = g[idx] + rc_idx  # log close-to-close
    log_close = np.log(o[0]) + np.cumsum(step, axis=1)
    log_open = log_close - rc_idx
    return np.exp(log_open + rh[idx]), np.exp(log_open + rl[idx]), np.exp(log_close)


def bootstrap_null(bars: pd.DataFrame, level: float, side: str = "support", n: int = N_PATHS, block: int = BLOCK_BARS, tol: float = TOL, move: float = MOVE, horizon: str = "1D", seed: int = SEED, paths: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> NullResult:
    """Bounce rate at ``level`` on the real bars against the rate at the same level on ``n``
    block-bootstrapped paths (:func:`bootstrap_paths`); paths that never touch it carry no rate.
    ``paths``: the result of ``bootstrap_paths(bars, n, block, seed)`` when already computed (several
    levels tested on the same bars share one set of paths)."""
    H, L, C = bootstrap_paths(bars, n, block, seed) if paths is None else paths
    if side == "resistance":
        H, L, C = -L, -H, -C
    sgn = 1.0 if side == "support" else -1.0
    hz = int(pd.Timedelta(horizon) / pd.Timedelta(minutes=X.bar_minutes(bars)))
    stats = [_stats(_episodes(H[i], L[i], C[i], sgn * level, tol, move, hz)) for i in range(n)]
    h, lo, c, _ = _arrays(bars, side)
    obs = _stats(_episodes(h, lo, c, sgn * level, tol, move, hz))
    rates = np.array([s.rate for s in stats])
    return NullResult(obs, rates, np.array([s.touches for s in stats]), _p_value(obs.rate, rates), "bootstrapped paths")


def volume_profile(bars: pd.DataFrame, bin_usd: float = BIN_USD) -> pd.DataFrame:
    """Volume at price: each bar's volume (BTC) spread evenly over its low-high range, summed into
    price bins of ``bin_usd``. Returns ``lo``, ``hi``, ``mid`` (USD), ``volume`` (BTC) and ``share``
    (fraction of the total), one row per bin from the lowest low to the highest high."""
    require_utc(bars.index, "bars index")
    lo = bars["low"].to_numpy(float)
    hi = bars["high"].to_numpy(float)
    vol = bars["volume"].to_numpy(float)
    edges = np.arange(np.floor(lo.min() / bin_usd) * bin_usd, (np.floor(hi.max() / bin_usd) + 1.5) * bin_usd, bin_usd)  # last bin holds the top
    a, b = edges[:-1][None, :], edges[1:][None, :]
    overlap = np.clip(np.minimum(hi[:, None], b) - np.maximum(lo[:, None], a), 0.0, None)
    span = hi - lo
    frac = np.where(span[:, None] > 0, overlap / np.where(span > 0, span, 1.0)[:, None], ((lo[:, None] >= a) & (lo[:, None] < b)).astype(float))
    v = (frac * vol[:, None]).sum(axis=0)
    return pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "mid": (edges[:-1] + edges[1:]) / 2, "volume": v, "share": v / v.sum()})


def high_volume_nodes(profile: pd.DataFrame, smooth: int = HVN_SMOOTH, quantile: float = HVN_QUANTILE) -> pd.DataFrame:
    """High-volume nodes: bins that are local maxima of the profile smoothed over ``smooth`` bins and
    whose smoothed volume is in the top ``1 - quantile`` of bins. Descriptive only (no test)."""
    s = profile["volume"].rolling(smooth, center=True, min_periods=1).mean().to_numpy()
    left = np.concatenate([[-np.inf], s[:-1]])
    right = np.concatenate([s[1:], [-np.inf]])
    peak = (s >= left) & (s > right) & (s >= np.quantile(s, quantile))
    out = profile.loc[peak, ["lo", "hi", "mid", "volume", "share"]].copy()
    out["smoothed"] = s[peak]
    return out.reset_index(drop=True)


def nearest_price(prices: np.ndarray, price: float) -> float:
    """The entry of ``prices`` (USD) closest to ``price`` (the first one on a tie); NaN if there is none."""
    if len(prices) == 0:
        return float("nan")
    return float(prices[int(np.argmin(np.abs(prices - price)))])


def profile_percentile(profile: pd.DataFrame, price: float) -> float:
    """Where the bin holding ``price`` ranks among all bins by volume (1 = the busiest bin)."""
    row = profile[(profile["lo"] <= price) & (profile["hi"] > price)]
    if row.empty:
        return float("nan")
    return float((profile["volume"] <= float(row["volume"].iloc[0])).mean())


def _binom_sf(k: int, n: int, p: float) -> float:
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
    return {"n": len(x), "near": k, "share_near": k / len(x) if len(x) else float("nan"), "expected": p0, "p_value": _binom_sf(k, len(x), p0)}


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
    over the levels half-way between them (Osler 2000's comparison of round and other levels)."""
    lo, hi = float(bars["low"].min()), float(bars["high"].max())
    rounds = np.arange(np.ceil(lo / step) * step, hi, step)
    rows = []
    for name, levels in (("round", rounds), ("half-way", rounds[:-1] + step / 2)):
        st = [touch_stats(bars, x, side, tol, move) for x in levels]
        pooled = TouchStats(sum(s.touches for s in st), sum(s.bounces for s in st), sum(s.breaks for s in st), sum(s.open for s in st))
        rows.append({"levels": name, "n_levels": len(levels), "touches": pooled.touches, "bounces": pooled.bounces, "breaks": pooled.breaks, "rate": pooled.rate})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the windows tested
def pre_event_bars(day: pd.Timestamp | None = None, days: int = LOOKBACK_DAYS, freq: str = "15min") -> pd.DataFrame:
    """BTC perpetual bars of the ``days`` before ``day`` (default: the event day). The 5-minute file
    starts on 2025-11-30, so the finest bars for the month before 1 December are 15-minute ones."""
    day = to_utc(day if day is not None else EVENT_DAY)
    src = {"5min": D.perp_5m, "15min": D.perp_15m, "1h": D.perp_1h}[freq]("BTC")
    out = src.loc[day - pd.Timedelta(days=days) : day - pd.Timedelta("1ns")]
    if len(out) == 0:
        raise GapError(f"no {freq} BTC bars in the {days} days before {day.date()}")
    return out


def post_event_bars(freq: str = "5min", start: pd.Timestamp | None = None) -> pd.DataFrame:
    """BTC perpetual bars from ``start`` (default: the bar of the event day's low) to the end of
    the file: 5-minute bars end on 2026-01-29, hourly bars in May 2026."""
    if start is None:
        start = E.score_days().loc[EVENT_DAY, "low_time"]
    src = {"5min": D.perp_5m, "15min": D.perp_15m, "1h": D.perp_1h}[freq]("BTC")
    return src.loc[start:]


# =========================================================================== 3. breaks
def break_table(days: list[pd.Timestamp] | None = None, levels: tuple[float, ...] = (LEVEL_BREAK, LEVEL_LOW)) -> pd.DataFrame:
    """Every downward crossing of each level on each candidate day, from 5-minute perpetual bars.

    Columns: ``day``, ``level`` (USD), ``time`` (UTC open of the bar that first traded below),
    ``session`` (Asia/Europe/US/... or off), ``bar_low`` (USD) and ``depth`` (USD below the level in that
    bar), ``recovered`` (open of the first bar, the crossing bar included, that closed at or above the
    level; NaT if none before the data end), ``minutes_to_recover`` (from the crossing bar's open to the recovery bar's
    close), ``minutes_below`` (bars trading below the level in between, times 5) and ``low_before_recovery``
    (USD). Crossings of a day are those whose bar opens on that UTC day; a crossing needs the previous
    bar to have closed at or above the level (:func:`flashcrash.crossings.downward_crossings`).
    """
    days = list(E.candidate_days()) if days is None else [to_utc(d) for d in days]
    bars = D.perp_5m("BTC")
    step = pd.Timedelta(minutes=X.bar_minutes(bars))
    close = bars["close"].to_numpy(float)
    low = bars["low"].to_numpy(float)
    rows = []
    for day in days:
        window = bars.loc[day - step : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
        for level in levels:
            cr = X.downward_crossings(window, level)
            cr = cr[cr.index >= day]
            if cr.empty:
                continue
            sess = label_sessions(pd.DatetimeIndex(cr.index))
            for t, r in cr.iterrows():
                i = bars.index.get_loc(t)
                later = np.flatnonzero(close[i:] >= level)
                j = i + int(later[0]) if len(later) else None
                seg = slice(i, (j + 1) if j is not None else len(bars))
                rows.append(
                    {
                        "day": day,
                        "level": level,
                        "time": t,
                        "session": sess.loc[t],
                        "bar_low": float(r["low"]),
                        "depth": float(r["depth"]),
                        "recovered": bars.index[j] if j is not None else pd.NaT,
                        "minutes_to_recover": float((bars.index[j] + step - t) / pd.Timedelta("1min")) if j is not None else float("nan"),
                        "minutes_below": float((low[seg] < level).sum() * X.bar_minutes(bars)),
                        "low_before_recovery": float(low[seg].min()),
                    }
                )
    return pd.DataFrame(rows)


def day_bars(bars: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The bars opening on the UTC day ``day`` (from its midnight to before the next one)."""
    return bars.loc[day : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]


def day_summary(days: list[pd.Timestamp] | None = None) -> pd.DataFrame:
    """Per candidate day (5-minute bars): the low (USD) and its bar, depth of the low below $87k and
    $84k (USD; negative = the low stayed above), number of crossings of each level, first crossing of
    each with its session, and minutes below $84k."""
    days = list(E.candidate_days()) if days is None else [to_utc(d) for d in days]
    bars = D.perp_5m("BTC")
    brk = break_table(days)
    rows = []
    for day in days:
        today = day_bars(bars, day)
        row = {"day": day, "low": float(today["low"].min()), "low_time": today["low"].idxmin()}
        for level, tag in ((LEVEL_BREAK, "87k"), (LEVEL_LOW, "84k")):
            b = brk[(brk["day"] == day) & (brk["level"] == level)] if len(brk) else brk
            row[f"depth_below_{tag}"] = level - row["low"]
            row[f"crossings_{tag}"] = len(b)
            row[f"first_{tag}"] = b["time"].iloc[0] if len(b) else pd.NaT
            row[f"session_{tag}"] = b["session"].iloc[0] if len(b) else ""
        row["minutes_below_84k"] = X.minutes_below(today, LEVEL_LOW)
        rows.append(row)
    return pd.DataFrame(rows).set_index("day")


def source_check(days: list[pd.Timestamp] | None = None) -> pd.DataFrame:
    """First crossings of $87k and $84k and the day's low in every price source
    (:func:`flashcrash.event.compare_sources`), one row per (day, source), with ``agrees_87k`` /
    ``agrees_84k``: the source's first crossing falls in the same hour as the 5-minute perpetual's
    (both missing also agrees). Days on which a source has no bars (the CryptoCompare index ends on
    2026-01-17) are skipped and listed in ``attrs["skipped_days"]``."""
    days = list(E.candidate_days()) if days is None else [to_utc(d) for d in days]
    out = []
    skipped = []
    for day in days:
        try:
            cs = E.compare_sources(day).reset_index()
        except ValueError:  # a source has no bars that day (the index ends 2026-01-17)
            skipped.append(day)
            continue
        cs.insert(0, "day", day)
        ref = cs.iloc[0]
        for col, tag in (("first_below_87k", "87k"), ("first_below_84k", "84k")):
            a = cs[col].dt.floor("1h")
            r = ref[col].floor("1h") if pd.notna(ref[col]) else pd.NaT
            cs[f"agrees_{tag}"] = (a == r) | (a.isna() & pd.isna(r))
        out.append(cs)
    res = pd.concat(out, ignore_index=True)
    res.attrs["skipped_days"] = [d.isoformat() for d in skipped]
    return res


# =========================================================================== 4. afterwards
def first_close_at_or_above(bars: pd.DataFrame, level: float, after: pd.Timestamp) -> pd.Timestamp:
    """Open time (UTC) of the first bar at or after ``after`` that closed at or above ``level``; NaT if none."""
    sub = bars.loc[after:]
    hit = sub.index[sub["close"].to_numpy() >= level]
    return hit[0] if len(hit) else pd.NaT


def first_close_below(bars: pd.DataFrame, level: float, after: pd.Timestamp) -> pd.Timestamp:
    """Open time (UTC) of the first bar at or after ``after`` that closed below ``level``; NaT if none."""
    sub = bars.loc[after:]
    hit = sub.index[sub["close"].to_numpy() < level]
    return hit[0] if len(hit) else pd.NaT


def share_above(bars: pd.DataFrame, level: float, start: pd.Timestamp, span: str | None) -> float:
    """Fraction of bar closes at or above ``level`` from ``start`` over ``span`` (to the end if None)."""
    sub = bars.loc[start:] if span is None else bars.loc[start : start + pd.Timedelta(span) - pd.Timedelta("1ns")]
    return float((sub["close"] >= level).mean())


# =========================================================================== cached results
@functools.cache
@cached("levels-level-tests")
def level_tests(n_levels: int = N_LEVELS, n_paths: int = N_PATHS) -> pd.DataFrame:
    """The bounce statistic at the article's levels in each window, against both nulls.

    Rows: (test, bars) with ``level`` (USD), ``side``, the counts, ``rate``, null means and p-values
    for random levels and bootstrapped paths. Tests: $87k and $84k as support in the 30 days before
    the event (15-minute and hourly bars); $87k as resistance and $84k as support after the event's
    low (5-minute bars to 2026-01-29, hourly bars to May 2026)."""
    day = EVENT_DAY
    specs = [
        ("87k support before", LEVEL_BREAK, "support", "15min", pre_event_bars(day, LOOKBACK_DAYS, "15min")),
        ("87k support before", LEVEL_BREAK, "support", "1h", pre_event_bars(day, LOOKBACK_DAYS, "1h")),
        ("84k support before", LEVEL_LOW, "support", "15min", pre_event_bars(day, LOOKBACK_DAYS, "15min")),
        ("84k support before", LEVEL_LOW, "support", "1h", pre_event_bars(day, LOOKBACK_DAYS, "1h")),
        ("87k resistance after", LEVEL_BREAK, "resistance", "5min", post_event_bars("5min")),
        ("87k resistance after", LEVEL_BREAK, "resistance", "1h", post_event_bars("1h")),
        ("84k support after", LEVEL_LOW, "support", "5min", post_event_bars("5min")),
        ("84k support after", LEVEL_LOW, "support", "1h", post_event_bars("1h")),
    ]
    rows = []
    # one set of bootstrapped paths per window, shared by the levels tested on it (computed once,
    # dropped after its last use)
    window = [(freq, "before" in name) for name, _, _, freq, _ in specs]
    shared: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for i, (name, level, side, freq, bars) in enumerate(specs):
        rl = random_level_null(bars, level, side, n=n_levels)
        w = window[i]
        if w not in shared:
            shared[w] = bootstrap_paths(bars, n_paths, BLOCK_BARS)
        bs = bootstrap_null(bars, level, side, n=n_paths, block=BLOCK_BARS, paths=shared[w])
        if w not in window[i + 1 :]:
            del shared[w]
        o = rl.observed
        rows.append(
            {
                "test": name,
                "bars": freq,
                "level": level,
                "side": side,
                "start": bars.index[0],
                "end": bars.index[-1],
                "touches": o.touches,
                "bounces": o.bounces,
                "breaks": o.breaks,
                "open": o.open,
                "rate": o.rate,
                "null_levels_mean": rl.null_mean,
                "p_levels": rl.p_value,
                "null_paths_mean": bs.null_mean,
                "p_paths": bs.p_value,
                "paths_touching": bs.n_valid,
            }
        )
    return pd.DataFrame(rows)


@functools.cache
@cached("levels-null-draws")
def null_draws(test: str = "87k support before", freq: str = "15min", n_levels: int = N_LEVELS) -> pd.DataFrame:
    """The random-level null draws of one row of :func:`level_tests` (level USD, touches, rate), for charts."""
    day = EVENT_DAY
    level = LEVEL_BREAK if test.startswith("87k") else LEVEL_LOW
    side = "resistance" if "resistance" in test else "support"
    bars = pre_event_bars(day, LOOKBACK_DAYS, freq) if "before" in test else post_event_bars(freq)
    rng = np.random.default_rng(SEED)
    levels = rng.uniform(float(bars["low"].min()), float(bars["high"].max()), n_levels)
    rl = random_level_null(bars, level, side, n=n_levels)
    return pd.DataFrame({"level": levels, "touches": rl.null_touches, "rate": rl.null_rates})


@cached("levels-sensitivity")
def sensitivity(level: float = LEVEL_BREAK, side: str = "support", freq: str = "15min", tols: tuple[float, ...] = SENSITIVITY_TOLS, n_levels: int = SENSITIVITY_LEVELS) -> pd.DataFrame:
    """The pre-event test of ``level`` for several band widths (``move`` = 3 x ``tol``): counts, rate
    and the random-level p-value, to show the verdict does not hinge on one tolerance."""
    bars = pre_event_bars(EVENT_DAY, LOOKBACK_DAYS, freq)
    rows = []
    for tol in tols:
        r = random_level_null(bars, level, side, n=n_levels, tol=tol, move=MOVE_PER_TOL * tol)
        rows.append({"tol": tol, "move": MOVE_PER_TOL * tol, "touches": r.observed.touches, "bounces": r.observed.bounces, "breaks": r.observed.breaks, "rate": r.observed.rate, "null_mean": r.null_mean, "p_levels": r.p_value})
    return pd.DataFrame(rows)


@functools.cache
def profile_before(day: pd.Timestamp | None = None, bin_usd: float = BIN_USD) -> pd.DataFrame:
    """Volume profile of the 30 days before ``day`` (15-minute perpetual bars)."""
    return volume_profile(pre_event_bars(day, LOOKBACK_DAYS, "15min"), bin_usd)


@functools.cache
def after_event() -> dict[str, object]:
    """How $87k and $84k behaved after the event day's low (5-minute data to 2026-01-29, hourly to May 2026)."""
    day = EVENT_DAY
    low_t = E.score_days().loc[day, "low_time"]
    b5 = D.perp_5m("BTC")
    b1 = D.perp_1h("BTC")
    back = first_close_at_or_above(b5, LEVEL_BREAK, low_t)
    ep87 = level_episodes(post_event_bars("5min"), LEVEL_BREAK, "resistance")
    ep84 = level_episodes(post_event_bars("1h"), LEVEL_LOW, "support")
    after = b1[b1.index > low_t]  # hourly bars opening after the low's 5-minute bar
    daily_close = after["close"].resample("1D").last()
    lost = daily_close[daily_close < LEVEL_LOW * (1 - TOL)]
    until_5m = b5.loc[low_t + pd.Timedelta("5min") :]
    later = b5.loc[day + pd.Timedelta("1D") :]  # from the next UTC day on: the days and weeks after
    return {
        "low_time": low_t,
        "back_above_87k": back,
        "hours_to_back_above_87k": float((back - low_t) / pd.Timedelta("1h")) if pd.notna(back) else float("nan"),
        "share_above_87k_7d": share_above(b5, LEVEL_BREAK, low_t, "7D"),
        "share_above_87k_to_5m_end": share_above(b5, LEVEL_BREAK, low_t, None),
        "low_to_5m_end": float(until_5m["low"].min()),
        "low_to_5m_end_time": until_5m["low"].idxmin(),
        "low_after_day": float(later["low"].min()),
        "low_after_day_time": later["low"].idxmin(),
        "rejections_87k": ep87,
        "tests_84k": ep84,
        "first_daily_close_below_84k_band": lost.index[0] if len(lost) else pd.NaT,
        "hourly_end": b1.index[-1],
        "low_to_hourly_end": float(after["low"].min()),
        "low_to_hourly_end_time": after["low"].idxmin(),
    }


@functools.cache
def break_activity(days: tuple[pd.Timestamp, ...] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The break bar (:func:`flashcrash.break_activity.break_bar_table`) and the hour before it
    (:func:`flashcrash.break_activity.hour_before_table`) on each of ``days`` (default: the candidate
    days, the event day first) that has a 5-minute close below $87k after a close at or above it."""
    days = tuple(E.candidate_days()) if days is None else days
    bars = BA.break_bar_table(D.perp_5m("BTC"), D.perp_15m("BTC"), list(days), LEVEL_BREAK)
    hours = BA.hour_before_table(D.perp_1h("BTC"), D.spot_1h("BTC"), bars.set_index("day")["break_bar"])
    return bars, hours


def break_activity_table() -> pd.DataFrame:
    """The break bar and the hour before it on each candidate day (:func:`break_activity`), one row per
    day: the columns the chapter shows."""
    bars, hours = break_activity()
    t = bars.set_index("day")[["break_bar", "volume_ratio", "range_ratio", "volume_ratio_preceding"]].copy()
    # the 15-minute null as a count: bars of the month before with a burst at least as large
    t["bursts_as_large_30d"] = ((1.0 - bars["volume_percentile_15m"]) * bars["null_bars"]).round().astype(int).to_numpy()
    h = hours.set_index("day")[["hour_before", "before_ratio", "before_ratio_perp", "before_ratio_spot", "before_ratio_week", "break_hour_ratio", "weekend"]]
    return t.join(h)


# =========================================================================== verdicts
# The rules (thresholds, checks, verdicts) are in :mod:`flashcrash.rules.support_levels`; here each
# claim's measures are computed from the data, passed to its rule, and the evidence sentence is built
# from the same measures. The rule's checks close the evidence (:func:`with_evidence`).
def _n(k: float, word: str) -> str:
    """``1 bounce`` / ``3 bounces``."""
    return SL.count(int(k), word)


def _judge(claim_id: str, measures: object, sentence: str, figures: list[Figure]) -> Assessment:
    """The claim's rule applied to its measures, with the evidence: the sentence, then the rule's checks."""
    ruling = SL.RULES[claim_id](measures)
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


def level_test_measures(lt: pd.DataFrame, test: str) -> tuple[SL.LevelTest, ...]:
    """The rows of :func:`level_tests` for ``test`` as the rules' :class:`~flashcrash.rules.support_levels.LevelTest`, in row order."""
    rows = lt[lt["test"] == test]
    if rows.empty:
        raise KeyError(f"no level test {test!r}; there are {sorted(set(lt['test']))}")
    return tuple(SL.LevelTest(str(r.bars), int(r.touches), int(r.bounces), int(r.breaks), float(r.p_levels), float(r.p_paths)) for r in rows.itertuples())


def final_break(day_bars: pd.DataFrame, crossings: pd.Series, level: float) -> pd.Timestamp:
    """The crossing after which the price stayed below ``level`` (USD) for the rest of ``day_bars``:
    the first of ``crossings`` (UTC bar opens, in order) after the last bar that closed at or above the
    level; the first crossing if no close at or above follows it, or no crossing follows the last one."""
    if len(crossings) == 0:
        raise ValueError("no crossing of the level to choose from")
    stay = day_bars.loc[crossings.iloc[0] :]
    above = stay.index[stay["close"].to_numpy() >= level]
    later = crossings[crossings > above[-1]] if len(above) else crossings.iloc[:0]
    return later.iloc[0] if len(later) else crossings.iloc[0]


def range_side(low: float, high: float, range_low: float = RANGE_LOW, range_high: float = RANGE_HIGH) -> str:
    """Where a band (USD) sat against the article's range: ``": the band sat above the stated range"``
    when all of it was above, ``"... below ..."`` when all of it was below, ``""`` when they overlap."""
    if low > range_high:
        return ": the band sat above the stated range"
    if high < range_low:
        return ": the band sat below the stated range"
    return ""


def _assess_range(day: pd.Timestamp) -> Assessment:
    """c06: the 24 h, 72 h and 7-day bands before the day, and the article's range in mid-December."""
    h1 = D.perp_1h("BTC")
    rb = range_before(h1, E.candidate_days())
    ev = rb[rb["day"] == day].set_index("window")
    mid = rb[(rb["day"] >= E.MID_DECEMBER[0]) & (rb["day"] <= E.MID_DECEMBER[1]) & (rb["window"] == "24h")]
    mid_inside = mid[mid["share_87_90"] >= SL.IN_RANGE_MIN_SHARE.value]
    mid_share = share_in_range(h1, E.MID_DECEMBER[0], E.MID_DECEMBER[1] + pd.Timedelta("1D"))
    e24 = ev.loc["24h"]
    m = SL.PriorRange(width_percentile=float(e24["percentile"]), share_in_range=float(e24["share_87_90"]))
    where = range_side(float(e24["low"]), float(e24["high"]))
    sentence = (
        f"In the 24 h before {day:%Y-%m-%d} BTC (Binance perpetual, hourly bars) traded between ${e24['low']:,.0f} and ${e24['high']:,.0f}: "
        f"a band {e24['width_frac']:.1%} wide, narrower than on {m.width_percentile:.0%} of the previous year's days{where}. "
        f"Over 72 h the band was ${ev.loc['72h', 'low']:,.0f}-${ev.loc['72h', 'high']:,.0f}, over 7 days ${ev.loc['7D', 'low']:,.0f}-${ev.loc['7D', 'high']:,.0f}. "
        f"The $87k-$90k description fits mid-December instead: {mid_share:.0%} of hourly closes of 10-20 December were inside it, and on {len(mid_inside)} of the "
        f"{len(mid)} candidate days of 10-20 December at least half of the prior 24 h closes were."
    )
    return _judge(
        "c06-prior-range",
        m,
        sentence,
        [
            Figure("prior_24h_low", e24["low"], "USD"),
            Figure("prior_24h_high", e24["high"], "USD"),
            Figure("prior_24h_width", e24["width_frac"], "fraction"),
            Figure("prior_24h_width_percentile_1y", e24["percentile"], "fraction"),
            Figure("prior_24h_share_closes_87k_90k", e24["share_87_90"], "fraction"),
            Figure("prior_72h_low", float(ev.loc["72h", "low"]), "USD"),
            Figure("prior_72h_high", float(ev.loc["72h", "high"]), "USD"),
            Figure("prior_7d_low", float(ev.loc["7D", "low"]), "USD"),
            Figure("prior_7d_high", float(ev.loc["7D", "high"]), "USD"),
            Figure("mid_december_share_closes_87k_90k", mid_share, "fraction"),
            Figure("mid_december_candidates_mostly_in_range", len(mid_inside), "days"),
        ],
    )


def _assess_support_before(day: pd.Timestamp, lt: pd.DataFrame) -> Assessment:
    """c07: $87k against both nulls in the month before, and its place in the volume profile."""
    r87 = lt[lt["test"] == "87k support before"].set_index("bars")
    prof = profile_before(day)
    hvn = high_volume_nodes(prof)
    nearest = nearest_price(hvn["mid"].to_numpy(), LEVEL_BREAK)
    m = SL.SupportBefore(LEVEL_BREAK, level_test_measures(lt, "87k support before"), profile_percentile(prof, LEVEL_BREAK))
    q = r87.loc["15min"]
    h = r87.loc["1h"]
    sentence = (
        f"In the {LOOKBACK_DAYS} days before {day:%Y-%m-%d}, on 15-minute bars $87k was touched {_n(q['touches'], 'time')} from above: "
        f"{_n(q['bounces'], 'bounce')}, {_n(q['breaks'], 'break')} (rate {q['rate']:.2f}); random levels of the same path bounce at {q['null_levels_mean']:.2f} "
        f"(p = {q['p_levels']:.2f}), bootstrapped paths at {q['null_paths_mean']:.2f} (p = {q['p_paths']:.2f}). On hourly bars: {int(h['bounces'])} of "
        f"{_n(h['bounces'] + h['breaks'], 'decided touch')} bounced (p = {h['p_levels']:.2f} and {h['p_paths']:.2f}). "
        f"The $87k price bin ranks at the {m.volume_percentile:.0%} volume percentile of the month's profile; the nearest high-volume node is at ${nearest:,.0f}."
    )
    return _judge(
        "c07-87k-support",
        m,
        sentence,
        [
            Figure("touches_15m", int(q["touches"]), "touches"),
            Figure("bounces_15m", int(q["bounces"]), "bounces"),
            Figure("breaks_15m", int(q["breaks"]), "breaks"),
            Figure("bounce_rate_15m", float(q["rate"]), "fraction"),
            Figure("null_rate_random_levels_15m", float(q["null_levels_mean"]), "fraction"),
            Figure("p_random_levels_15m", float(q["p_levels"]), "fraction"),
            Figure("p_bootstrap_paths_15m", float(q["p_paths"]), "fraction"),
            Figure("bounce_rate_1h", float(h["rate"]), "fraction"),
            Figure("p_random_levels_1h", float(h["p_levels"]), "fraction"),
            Figure("p_bootstrap_paths_1h", float(h["p_paths"]), "fraction"),
            Figure("volume_percentile_87k_bin", m.volume_percentile, "fraction"),
            Figure("nearest_high_volume_node", nearest, "USD"),
        ],
    )


def _assess_resistance_after(lt: pd.DataFrame, ae: dict[str, object]) -> Assessment:
    """c08: how soon the price was back above $87k, and $87k against both nulls as a resistance."""
    r87a = lt[lt["test"] == "87k resistance after"].set_index("bars")
    f5 = r87a.loc["5min"]
    f1 = r87a.loc["1h"]
    m = SL.ResistanceAfter(LEVEL_BREAK, level_test_measures(lt, "87k resistance after"), float(ae["hours_to_back_above_87k"]))
    sentence = (
        f"After the low of {ae['low_time']:%Y-%m-%d %H:%M} UTC, BTC first closed a 5-minute bar back above $87k at {ae['back_above_87k']:%Y-%m-%d %H:%M} UTC "
        f"({m.hours_to_back_above:.0f} h later) and spent {ae['share_above_87k_7d']:.0%} of the next 7 days and {ae['share_above_87k_to_5m_end']:.0%} of the time to 2026-01-29 above it. "
        f"Approaches from below (5-minute bars, to 2026-01-29): {_n(f5['touches'], 'touch')}, {_n(f5['bounces'], 'rejection')}, {_n(f5['breaks'], 'break')} upward "
        f"(rate {f5['rate']:.2f}; random levels {f5['null_levels_mean']:.2f}, p = {f5['p_levels']:.2f}; bootstrapped paths p = {f5['p_paths']:.2f}). "
        f"On hourly bars to {ae['hourly_end']:%Y-%m-%d}: {_n(f1['bounces'], 'rejection')}, {_n(f1['breaks'], 'break')} (p = {f1['p_levels']:.2f} / {f1['p_paths']:.2f})."
    )
    return _judge(
        "c08-87k-resistance-after",
        m,
        sentence,
        [
            Figure("back_above_87k", ae["back_above_87k"], "UTC"),
            Figure("hours_to_back_above_87k", ae["hours_to_back_above_87k"], "hours"),
            Figure("share_above_87k_next_7d", ae["share_above_87k_7d"], "fraction"),
            Figure("share_above_87k_to_2026_01_29", ae["share_above_87k_to_5m_end"], "fraction"),
            Figure("touches_from_below_5m", int(f5["touches"]), "touches"),
            Figure("rejections_5m", int(f5["bounces"]), "rejections"),
            Figure("breaks_up_5m", int(f5["breaks"]), "breaks"),
            Figure("rejection_rate_5m", float(f5["rate"]), "fraction"),
            Figure("p_random_levels_5m", float(f5["p_levels"]), "fraction"),
            Figure("p_bootstrap_paths_5m", float(f5["p_paths"]), "fraction"),
            Figure("rejection_rate_1h", float(f1["rate"]), "fraction"),
            Figure("p_random_levels_1h", float(f1["p_levels"]), "fraction"),
        ],
    )


def _assess_support_after(lt: pd.DataFrame, ae: dict[str, object]) -> Assessment:
    """c09: the lowest price in the weeks after, and $84k against both nulls as a support."""
    r84a = lt[lt["test"] == "84k support after"].set_index("bars")
    g5 = r84a.loc["5min"]
    g1 = r84a.loc["1h"]
    lost = ae["first_daily_close_below_84k_band"]
    m = SL.SupportAfter(LEVEL_LOW, level_test_measures(lt, "84k support after"), float(ae["low_after_day"]))
    sentence = (
        f"After the event's low (${ae['low_to_5m_end']:,.0f} again at {ae['low_to_5m_end_time']:%H:%M} UTC the same day) and from the next day to the end of the 5-minute data "
        f"(2026-01-29) BTC's lowest price was ${m.low_after:,.0f} ({ae['low_after_day_time']:%Y-%m-%d %H:%M} UTC). "
        f"Touches of $84k from above: 5-minute bars {g5['touches']} ({_n(g5['bounces'], 'bounce')}, {_n(g5['breaks'], 'break')}; p = {g5['p_levels']:.2f} random levels, "
        f"{g5['p_paths']:.2f} bootstrapped paths); hourly bars to {ae['hourly_end']:%Y-%m-%d} {g1['touches']} ({_n(g1['bounces'], 'bounce')}, {_n(g1['breaks'], 'break')}; p = {g1['p_levels']:.2f} / {g1['p_paths']:.2f}). "
        f"The first UTC day closing below the band was {lost:%Y-%m-%d}; by {ae['low_to_hourly_end_time']:%Y-%m-%d} BTC had fallen to ${ae['low_to_hourly_end']:,.0f}."
    )
    return _judge(
        "c09-84k-support-after",
        m,
        sentence,
        [
            Figure("low_2025_12_02_to_2026_01_29", ae["low_after_day"], "USD"),
            Figure("low_2025_12_02_to_2026_01_29_bar", ae["low_after_day_time"], "UTC"),
            Figure("touches_5m", int(g5["touches"]), "touches"),
            Figure("bounces_5m", int(g5["bounces"]), "bounces"),
            Figure("breaks_5m", int(g5["breaks"]), "breaks"),
            Figure("p_random_levels_5m", float(g5["p_levels"]), "fraction"),
            Figure("p_bootstrap_paths_5m", float(g5["p_paths"]), "fraction"),
            Figure("touches_1h", int(g1["touches"]), "touches"),
            Figure("bounces_1h", int(g1["bounces"]), "bounces"),
            Figure("breaks_1h", int(g1["breaks"]), "breaks"),
            Figure("first_daily_close_below_84k_band", lost, "UTC"),
            Figure("low_to_hourly_end", ae["low_to_hourly_end"], "USD"),
        ],
    )


def _assess_smashed(day: pd.Timestamp) -> Assessment:
    """c40: the first break of $87k on the day (depth, time back above) and the churn to the final one."""
    bt = break_table([day])
    b87 = bt[bt["level"] == LEVEL_BREAK].reset_index(drop=True)
    first = b87.iloc[0]
    bars = day_bars(D.perp_5m("BTC"), day)
    last = final_break(bars, b87["time"], LEVEL_BREAK)
    hours_churn = float((last - first["time"]) / pd.Timedelta("1h"))
    fall_open_to_break = float(1 - first["bar_low"] / bars["open"].iloc[0])
    m = SL.FirstBreak(LEVEL_BREAK, float(first["depth"]), float(first["minutes_to_recover"]))
    sentence = (
        f"The fall from the day's open of ${bars['open'].iloc[0]:,.0f} to $87k took {(first['time'] - day) / pd.Timedelta('1min') + 5:.0f} minutes ({fall_open_to_break:.1%}). "
        f"The first bar below $87k opened at {first['time']:%H:%M} UTC. BTC crossed $87k downward {_n(len(b87), 'time')} that day; the last crossing, after which it stayed below, "
        f"was at {last:%H:%M} UTC, {hours_churn:.1f} h after the first."
    )
    return _judge(
        "c40-87k-smashed",
        m,
        sentence,
        [
            Figure("first_bar_below_87k", first["time"], "UTC"),
            Figure("first_break_depth", first["depth"], "USD"),
            Figure("first_break_minutes_to_recover", first["minutes_to_recover"], "minutes"),
            Figure("crossings_87k_on_day", len(b87), "crossings"),
            Figure("final_break_87k", last, "UTC"),
            Figure("hours_first_to_final_break", hours_churn, "hours"),
            Figure("fall_open_to_87k", fall_open_to_break, "fraction"),
        ],
    )


def _assess_round_numbers(day: pd.Timestamp) -> Assessment:
    """c41: swing pivots near round thousands, and round against half-way levels as supports."""
    bars = pre_event_bars(day, LOOKBACK_DAYS, "15min")
    rc = round_number_clustering(swing_pivots(bars)["price"].to_numpy())
    rv = round_vs_offset_levels(bars).set_index("levels")
    n_round = int(rv.loc["round", "bounces"] + rv.loc["round", "breaks"])
    n_half = int(rv.loc["half-way", "bounces"] + rv.loc["half-way", "breaks"])
    p_round = two_proportion_p(int(rv.loc["round", "bounces"]), n_round, int(rv.loc["half-way", "bounces"]), n_half)
    m = SL.RoundNumbers(p_clustering=float(rc["p_value"]), p_round_vs_half_way=p_round)
    sentence = (
        f"Round thousands as turning points, {LOOKBACK_DAYS} days before the event (15-minute bars, swing pivots of +-{PIVOT_BARS} bars): {rc['near']} of {rc['n']} pivots "
        f"({rc['share_near']:.0%}) lay within $100 of a multiple of $1,000, against {rc['expected']:.0%} by chance (binomial p = {m.p_clustering:.2f}). "
        f"Pooled over all round-thousand levels the bounce rate was {rv.loc['round', 'rate']:.2f} ({int(rv.loc['round', 'bounces'])} of {n_round}), "
        f"at the half-way ($500) levels {rv.loc['half-way', 'rate']:.2f} ({int(rv.loc['half-way', 'bounces'])} of {n_half}; one-sided p = {m.p_round_vs_half_way:.2f})."
    )
    return _judge(
        "c41-87k-psychological",
        m,
        sentence,
        [
            Figure("pivots", rc["n"], "pivots"),
            Figure("pivots_near_round_1000", rc["near"], "pivots"),
            Figure("share_near_round_1000", rc["share_near"], "fraction"),
            Figure("share_expected", rc["expected"], "fraction"),
            Figure("p_binomial", rc["p_value"], "fraction"),
            Figure("bounce_rate_round_levels", float(rv.loc["round", "rate"]), "fraction"),
            Figure("bounce_rate_half_way_levels", float(rv.loc["half-way", "rate"]), "fraction"),
            Figure("p_round_vs_half_way", p_round, "fraction"),
        ],
    )


def _assess_sell_orders(day: pd.Timestamp, bars: pd.DataFrame) -> Assessment:
    """c47: the bar that broke $87k on a close against the day's ordinary bars and the month's bursts."""
    b = bars.set_index("day")
    if day not in b.index:
        raise ValueError(f"no 5-minute close below $87k on the event day {day.date()}: nothing to measure for c47")
    r = b.loc[day]
    others = b.drop(index=day)
    burst = others[(others["volume_ratio"] >= SL.BURST_RATIO.value) & (others["range_ratio"] >= SL.BURST_RATIO.value) & (others["volume_percentile_15m"] >= SL.BURST_PERCENTILE.value)]
    m = SL.BreakBar(LEVEL_BREAK, float(r["volume_ratio"]), float(r["range_ratio"]), float(r["volume_percentile_15m"]))
    hour_before = float(r["volume_ratio"] / r["volume_ratio_preceding"])  # the preceding hour's median bar, in ordinary bars
    sentence = (
        f"On {day:%Y-%m-%d} the first 5-minute bar to close below $87k opened at {r['break_bar']:%H:%M} UTC: {r['volume']:,.0f} BTC traded over a ${r['range']:,.0f} range "
        f"(Binance perpetual). Against the 12 bars of the hour before it the bar looks ordinary ({r['volume_ratio_preceding']:.1f} times their median volume, "
        f"{r['range_ratio_preceding']:.1f} times their range), because that hour already traded {hour_before:.1f} times the 24 h median bar: the fall had begun. "
        f"Taker buy and sell volume and the order book are not in the data, so a heavy bar is consistent with large sell orders, not proof of them. "
        f"Of the {len(others)} other candidate days with a 5-minute close below $87k, {len(burst)} had a break bar as heavy, wide and rare."
    )
    return _judge(
        "c47-large-sell-orders",
        m,
        sentence,
        [
            Figure("break_bar", r["break_bar"], "UTC"),
            Figure("break_bar_volume", float(r["volume"]), "BTC"),
            Figure("break_bar_range", float(r["range"]), "USD"),
            Figure("volume_ratio_24h", m.volume_ratio, "ratio"),
            Figure("range_ratio_24h", m.range_ratio, "ratio"),
            Figure("volume_ratio_hour_before", float(r["volume_ratio_preceding"]), "ratio"),
            Figure("range_ratio_hour_before", float(r["range_ratio_preceding"]), "ratio"),
            Figure("volume_ratio_15m", float(r["volume_ratio_15m"]), "ratio"),
            Figure("volume_percentile_15m_30d", m.volume_percentile, "fraction"),
            Figure("other_days_with_close_below_87k", len(others), "days"),
            Figure("other_days_as_heavy", len(burst), "days"),
        ],
    )


def _assess_liquidity(day: pd.Timestamp, hours: pd.DataFrame) -> Assessment:
    """c50: market volume in the hour before the break against the same hour on ordinary days."""
    h = hours.set_index("day")
    if day not in h.index:
        raise ValueError(f"no 5-minute close below $87k on the event day {day.date()}: nothing to measure for c50")
    r = h.loc[day]
    others = h.drop(index=day)
    thin = others[(others["before_ratio"] <= SL.THIN_RATIO_MAX.value) | others["weekend"]]
    m = SL.HourBefore(float(r["before_ratio"]), bool(r["weekend"]))
    hb = r["hour_before"]
    sentence = (
        f"In the clock hour before the break ({hb:%Y-%m-%d %H:%M}-{hb + pd.Timedelta('1h'):%H:%M} UTC, a {hb:%A}; the break bar opened {r['break_bar']:%A %H:%M} UTC) "
        f"Binance's BTC perpetual and spot markets traded {r['before_volume']:,.0f} BTC together: {m.ratio:.2f} times the median of that hour of day over the 30 days before "
        f"(perpetual {r['before_ratio_perp']:.2f}, spot {r['before_ratio_spot']:.2f}) and {r['before_ratio_week']:.2f} times the median of the same hour of the week "
        f"over 12 weeks. The break's own hour traded {r['break_hour_ratio']:.2f} times its usual volume. Volume is a proxy: the depth of the order book is not in the data. "
        f"On {len(thin)} of the {len(others)} other candidate days the hour before the break was thin or fell on a weekend."
    )
    return _judge(
        "c50-weak-liquidity",
        m,
        sentence,
        [
            Figure("hour_before_break", hb, "UTC"),
            Figure("hour_before_volume", float(r["before_volume"]), "BTC"),
            Figure("hour_before_ratio_30d", m.ratio, "ratio"),
            Figure("hour_before_ratio_perp_30d", float(r["before_ratio_perp"]), "ratio"),
            Figure("hour_before_ratio_spot_30d", float(r["before_ratio_spot"]), "ratio"),
            Figure("hour_before_ratio_same_hour_of_week_12w", float(r["before_ratio_week"]), "ratio"),
            Figure("break_hour_ratio_30d", float(r["break_hour_ratio"]), "ratio"),
            Figure("break_on_weekend", "yes" if m.weekend else "no", ""),
            Figure("other_days_thin_or_weekend", len(thin), "days"),
        ],
    )


def assess() -> dict[str, Assessment]:
    """Verdicts of the chapter "The support breaks" (claims c06-c09, c40, c41, c47, c50), computed from
    the data by the rules of :mod:`flashcrash.rules.support_levels`."""
    day = E.event_day()
    """Verdicts of the chapter "The support breaks" (claims c06-c09, c40, c41), computed from the data
    by the rules of :mod:`flashcrash.rules.support_levels`."""
    day = EVENT_DAY
    lt = level_tests()
    ae = after_event()
    bars, hours = break_activity()
    return {
        "c06-prior-range": _assess_range(day),
        "c07-87k-support": _assess_support_before(day, lt),
        "c08-87k-resistance-after": _assess_resistance_after(lt, ae),
        "c09-84k-support-after": _assess_support_after(lt, ae),
        "c40-87k-smashed": _assess_smashed(day),
        "c41-87k-psychological": _assess_round_numbers(day),
        "c47-large-sell-orders": _assess_sell_orders(day, bars),
        "c50-weak-liquidity": _assess_liquidity(day, hours),
    }


def verdict_table(assessments: dict[str, Assessment]) -> pd.DataFrame:
    """One row per claim: ``claim``, ``verdict`` and ``rule`` (the rule's sentence), for the chapter's verdict table."""
    return pd.DataFrame(
        [{"claim": cid, "verdict": a.verdict, "rule": a.ruling.text} for cid, a in assessments.items()],
        columns=["claim", "verdict", "rule"],
    ).set_index("claim")
