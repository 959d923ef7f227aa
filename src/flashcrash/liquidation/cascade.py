"""Liquidation cascade ("waterfall") engine: forced sales with square-root price impact, bar by bar.

Model (one side shown; shorts are the mirror image with the bar high and forced *buying*):

* A book of positions, each with a liquidation price ``LP`` (USD, rounded to the contract tick),
  a notional (USD) and a count (traders it stands for).
* Each bar ``t`` has an *exogenous* low ``x_t`` (USD): where the price would have gone without forced
  selling, times the permanent impact ``M_{t-1}`` of earlier bars' liquidations.
* Every live long with ``LP >= p`` is liquidated; the notional ``S`` sold *in this bar* pushes the
  price down by the square-root law (:cite:`toth2011anomalous`, on Bitcoin :cite:`donier2015million`)::

      impact = min(Y * sigma_D * sqrt(S / V_D), cap)      p = x_t * (1 - impact)

  with ``sigma_D`` the daily volatility (fraction) and ``V_D`` the daily traded volume (USD).
* Iterate ``p -> x_t (1 - impact(S(p)))`` until no further live position is crossed: the fixed point
  of the bar. ``S`` grows as ``p`` falls, so the iteration is monotone and stops after at most as many
  steps as there are distinct liquidation prices.
* ``M_t = M_{t-1} (1 - impact_long) (1 + impact_short)``: the impact is permanent (``carry=True``).

Liquidations trigger on the bar's traded low/high here, not on the mark price the exchanges use: a
simplification that makes the model trigger slightly earlier on wicks.

Two implementations of the same model:

* :func:`run` (vectorised): positions are binned by liquidation tick (a counting sort with
  ``np.bincount`` on a dense grid of ticks when the ticks span at most ``DENSE_BINS_PER_POSITION``
  bins per position; ``np.unique`` otherwise, so the grid is sized to the data), cumulative sums give
  the notional liquidated down to any price, and a bisection of the sorted bin prices finds how many
  bins a price crosses. Positions are never looped over; the loop runs over bars and fixed-point
  steps only (on plain floats: per-call numpy overhead would dominate the scalar steps).
* :func:`run_reference` (plain Python, one position at a time, rescanning the book at every step):
  the test oracle, a different algorithm. On books whose notionals are whole dollars (exact float
  sums) both return identical results.
* :func:`run_plain`: the algorithm of :func:`run` in plain Python (dicts, sorting, prefix sums,
  bisection), identical results; the benchmarks' reference.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np

from flashcrash.liquidation.prices import BTCUSDT_TICK

#: Upper bound of the impact of one bar (fraction of price): keeps prices positive for absurd inputs.
IMPACT_CAP = 0.5
#: Most steps the fixed-point search of one bar (one side) may take. Each step crosses at least one
#: new liquidation price, so the search ends within (distinct prices + 1) steps; the event day needs
#: at most 7 and the benchmarks 13. Hitting the cap means the iteration is broken: it raises.
MAX_FIXED_POINT_STEPS = 10_000
#: A dense price grid (one bin per tick between the lowest and highest liquidation price) is used
#: when it has at most this many bins per position; sparser books are binned with ``np.unique``.
DENSE_BINS_PER_POSITION = 4


class FixedPointError(RuntimeError):
    """The cascade's fixed-point search did not settle within :data:`MAX_FIXED_POINT_STEPS` steps."""


@dataclass(frozen=True)
class Impact:
    """Square-root impact law ``Y * sigma_D * sqrt(S / V_D)`` (per bar arrays or scalars).

    ``y``: the dimensionless prefactor, of order 1 (Tóth et al. 2011 report Y ~ 0.5-1);
    ``sigma``: daily volatility of log returns (fraction); ``volume``: daily traded volume (USD).
    """

    y: float = 1.0
    sigma: np.ndarray | float = 0.03
    volume: np.ndarray | float = 1.5e10
    cap: float = IMPACT_CAP


@dataclass
class Cascade:
    """Per-bar outputs of a cascade run (arrays of the number of bars).

    ``long_usd``/``short_usd``: notional liquidated (USD); ``long_count``/``short_count``: positions
    (or traders, when counts are given) liquidated; ``impact_long``/``impact_short``: endogenous move of
    the bar (fraction of price, down for longs, up for shorts); ``low``/``high``: realised extremes (USD);
    ``multiplier``: cumulative permanent impact after the bar. ``position_bar``: bar in which each
    position was liquidated, -1 if it survived (only with ``positions=True``).
    """

    long_usd: np.ndarray
    short_usd: np.ndarray
    long_count: np.ndarray
    short_count: np.ndarray
    impact_long: np.ndarray
    impact_short: np.ndarray
    low: np.ndarray
    high: np.ndarray
    multiplier: np.ndarray
    initial_usd: float
    position_bar: np.ndarray | None = field(default=None, repr=False)

    @property
    def liquidated_usd(self) -> float:
        return float(self.long_usd.sum() + self.short_usd.sum())


@dataclass(frozen=True)
class _Side:
    """One side of the book binned by liquidation tick: ``price`` ascending key prices, cumulative sums."""

    key_price: np.ndarray  # ascending; longs: -LP (so LP descending), shorts: +LP
    cum_usd: np.ndarray  # length nbins + 1, cum_usd[0] = 0
    cum_count: np.ndarray
    position_bin: np.ndarray  # bin of each position of this side
    index: np.ndarray  # the positions (indices into the book) of this side


def _validate(lp: np.ndarray, notional: np.ndarray, side: np.ndarray, count: np.ndarray | None) -> None:
    n = len(lp)
    if len(notional) != n or len(side) != n or (count is not None and len(count) != n):
        raise ValueError("lp, notional, side (and count) must have the same length")
    if n and (not np.isfinite(lp).all() or (lp < 0).any()):
        raise ValueError("liquidation prices must be finite and >= 0 (USD)")
    if n and (not np.isfinite(notional).all() or (notional < 0).any()):
        raise ValueError("notionals must be finite and >= 0 (USD)")
    if n and not np.isin(side, (-1, 1)).all():
        raise ValueError("side must be +1 (long) or -1 (short)")


def _bin_side(keys: np.ndarray, notional: np.ndarray, count: np.ndarray | None, tick: float, index: np.ndarray) -> _Side:
    """Counting sort of integer tick keys: dense ``bincount`` grid, or ``np.unique`` when sparse.

    Empty bins of the dense grid add nothing to the cumulative sums, so both ways give the same
    liquidated notionals; the dense grid is used only when it is at most
    :data:`DENSE_BINS_PER_POSITION` times the number of positions (no fixed floor: a book of 10,000
    cohorts spread over $60k of prices would otherwise get a 600,000-bin grid).
    """
    if len(keys) == 0:
        z = np.zeros(1)
        return _Side(np.zeros(0), z, z, np.zeros(0, dtype=np.int64), index)
    kmin, kmax = int(keys.min()), int(keys.max())
    span = kmax - kmin + 1
    if span <= DENSE_BINS_PER_POSITION * len(keys):
        pos_bin = keys - kmin
        bin_keys = np.arange(kmin, kmax + 1, dtype=np.int64)
    else:
        bin_keys, pos_bin = np.unique(keys, return_inverse=True)
        span = len(bin_keys)
    usd = np.bincount(pos_bin, weights=notional, minlength=span)
    cnt = np.bincount(pos_bin, minlength=span).astype(float) if count is None else np.bincount(pos_bin, weights=count, minlength=span)
    cum_usd = np.concatenate([[0.0], np.cumsum(usd)])
    cum_cnt = np.concatenate([[0.0], np.cumsum(cnt)])
    return _Side(bin_keys * tick, cum_usd, cum_cnt, pos_bin, index)


@dataclass(frozen=True)
class Prepared:
    """A book binned for the vectorised engine (reuse it to run many paths on the same book)."""

    longs: _Side
    shorts: _Side
    n: int
    initial_usd: float


def prepare(lp, notional, side, count=None, tick: float = BTCUSDT_TICK) -> Prepared:
    """Bin a book: ``lp`` liquidation prices (USD), ``notional`` (USD), ``side`` (+1 long, -1 short),
    optional ``count`` (traders per position). Liquidation prices are rounded to ``tick`` (USD)."""
    lp = np.asarray(lp, dtype=float)
    notional = np.asarray(notional, dtype=float)
    side = np.asarray(side)
    count = None if count is None else np.asarray(count, dtype=float)
    _validate(lp, notional, side, count)
    ticks = np.rint(lp / tick).astype(np.int64)
    is_long = side > 0
    il = np.flatnonzero(is_long)
    ish = np.flatnonzero(~is_long)
    longs = _bin_side(-ticks[il], notional[il], None if count is None else count[il], tick, il)
    shorts = _bin_side(ticks[ish], notional[ish], None if count is None else count[ish], tick, ish)
    return Prepared(longs, shorts, len(lp), float(notional.sum()))


def _reweigh_side(side: _Side, notional: np.ndarray, count: np.ndarray | None) -> _Side:
    """``side`` with the cumulative sums of other weights on the same bins (as :func:`_bin_side` sums them)."""
    nbins = len(side.key_price)
    if len(side.index) == 0:
        return side
    usd = np.bincount(side.position_bin, weights=notional[side.index], minlength=nbins)
    cnt = (
        np.bincount(side.position_bin, minlength=nbins).astype(float)
        if count is None
        else np.bincount(side.position_bin, weights=count[side.index], minlength=nbins)
    )
    return _Side(side.key_price, np.concatenate([[0.0], np.cumsum(usd)]), np.concatenate([[0.0], np.cumsum(cnt)]), side.position_bin, side.index)


def reweigh(book: Prepared, notional, count=None) -> Prepared:
    """The prepared ``book`` with other ``notional`` (USD) and ``count`` per position (same positions,
    same liquidation prices): the same result as :func:`prepare` with these weights, without binning
    the positions again (the calibration runs one leverage mix at many scales)."""
    notional = np.asarray(notional, dtype=float)
    count = None if count is None else np.asarray(count, dtype=float)
    if len(notional) != book.n or (count is not None and len(count) != book.n):
        raise ValueError("notional (and count) must have one value per position of the book")
    if book.n and (not np.isfinite(notional).all() or (notional < 0).any()):
        raise ValueError("notionals must be finite and >= 0 (USD)")
    return Prepared(_reweigh_side(book.longs, notional, count), _reweigh_side(book.shorts, notional, count), book.n, float(notional.sum()))


def _as_bars(a, nbars: int, name: str) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(a, dtype=float), (nbars,))
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError(f"{name} must be finite and >= 0 for every bar")
    return arr


def _impact(y: float, sigma: float, s: float, volume: float, cap: float) -> float:
    if s <= 0.0 or y == 0.0:
        return 0.0
    if volume <= 0.0:
        return cap
    return min(y * sigma * math.sqrt(s / volume), cap)


def _impact_bars(y: float, sigma: np.ndarray, s: np.ndarray, volume: np.ndarray, cap: float) -> np.ndarray:
    """:func:`_impact` for every bar at once (arrays of sigma, notional S and volume): the same
    operations, element by element."""
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.minimum(y * sigma * np.sqrt(s / volume), cap)
    e = np.where(volume <= 0.0, cap, e)
    return np.where((s <= 0.0) | (y == 0.0), 0.0, e)


def _fixed_point(key: list[float], cum: list[float], j0: int, x: float, sign: float, y: float, sigma: float, volume: float, cap: float) -> tuple[int, float]:
    """Within one bar, the bins of one side liquidated at the fixed point, and the impact they cause.

    ``key`` holds ``sign * LP`` (USD) in ascending order (``sign`` = -1 for longs, +1 for shorts) and
    ``cum`` the cumulative notional (USD) of the bins, as plain lists, so the bins crossed at price
    ``p`` are those up to ``bisect_right(key, sign * p)`` (what ``np.searchsorted(..., side="right")``
    returns, without numpy's per-call cost). Starting from the exogenous extreme ``x`` (USD), sell the
    crossed notional, move the price by the square-root impact ``e`` (to ``x * (1 + sign * e)``), and
    repeat until no new bin is crossed. Bins before ``j0`` were liquidated in earlier bars. Returns
    (end bin, impact as a fraction). Raises :class:`FixedPointError` after
    :data:`MAX_FIXED_POINT_STEPS` steps.
    """
    j = bisect_right(key, sign * x)
    if j <= j0:  # nothing new crossed: no forced flow, no impact (the same result as one full step)
        return j0, 0.0
    p = x
    for _ in range(MAX_FIXED_POINT_STEPS):
        j = max(j0, bisect_right(key, sign * p))
        e = _impact(y, sigma, cum[j] - cum[j0], volume, cap)
        p_new = x * (1.0 + sign * e)
        if bisect_right(key, sign * p_new) <= j:
            return j, e
        p = p_new
    raise _not_settled(x)


def _not_settled(x: float) -> FixedPointError:
    return FixedPointError(
        f"the cascade's fixed point was not reached within MAX_FIXED_POINT_STEPS={MAX_FIXED_POINT_STEPS} steps "
        f"in one bar (exogenous extreme {x:,.2f} USD): each step must cross a new liquidation price, so the "
        "iteration is broken (check the impact law and the book)"
    )


def _check_bars(low, high) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high`` (USD, one value per bar) as float arrays; a clear error unless every bar
    has finite prices with ``0 < low <= high``."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    if len(high) != len(low):
        raise ValueError("low and high must have one value per bar")
    if len(low) and (not (np.isfinite(low).all() and np.isfinite(high).all()) or (low <= 0).any() or (high < low).any()):
        raise ValueError("bars need finite prices with 0 < low <= high (USD)")
    return low, high


@dataclass(frozen=True)
class _BarEnds:
    """What the bar loop of :func:`simulate` finds: for each side, the bins liquidated by the end of
    each bar (``l_end[t + 1]``, ``s_end[t + 1]``; index 0 is the start, 0 bins), each bar's impact
    (fraction) and the cumulative permanent impact after it."""

    l_end: np.ndarray
    s_end: np.ndarray
    impact_long: np.ndarray
    impact_short: np.ndarray
    multiplier: np.ndarray


def _walk_bars(book: Prepared, low: np.ndarray, high: np.ndarray, sig: np.ndarray, vol: np.ndarray, y: float, cap: float, carry: bool) -> _BarEnds:
    """The bar loop of :func:`simulate`: each bar's fixed point on both sides, in order.

    Plain Python floats and lists with :func:`bisect.bisect_right` (a bar costs two bisections when it
    crosses nothing new): the same comparisons and float operations as numpy's ``searchsorted`` and
    scalar arithmetic, a fraction of the per-call cost. A bar that crosses no new liquidation price
    has no forced flow and no impact and leaves the multiplier as it was. Prices in USD, impacts as
    fractions.
    """
    nb = len(low)
    lkey, lcum = book.longs.key_price.tolist(), book.longs.cum_usd.tolist()
    skey, scum = book.shorts.key_price.tolist(), book.shorts.cum_usd.tolist()
    jl = js = 0  # bins already liquidated (a prefix of each side's order)
    l_end, s_end = [0] * (nb + 1), [0] * (nb + 1)
    e_l, e_s, mult = [0.0] * nb, [0.0] * nb, [0.0] * nb
    lows, highs, sigs, vols = low.tolist(), high.tolist(), sig.tolist(), vol.tolist()
    m = 1.0
    for t in range(nb):
        # longs: crossed when LP >= p  <=>  -LP <= -p; shorts: crossed when LP <= p
        xl, xs = lows[t] * m, highs[t] * m
        if bisect_right(lkey, -xl) > jl or bisect_right(skey, xs) > js:
            jl, e = _fixed_point(lkey, lcum, jl, xl, -1.0, y, sigs[t], vols[t], cap)
            js, es = _fixed_point(skey, scum, js, xs, 1.0, y, sigs[t], vols[t], cap)
            e_l[t], e_s[t] = e, es
            if carry:
                m = m * (1.0 - e) * (1.0 + es)
        l_end[t + 1], s_end[t + 1], mult[t] = jl, js, m
    return _BarEnds(np.asarray(l_end, dtype=np.int64), np.asarray(s_end, dtype=np.int64), np.asarray(e_l), np.asarray(e_s), np.asarray(mult))


def _bar_outputs(book: Prepared, low: np.ndarray, high: np.ndarray, w: _BarEnds) -> dict[str, np.ndarray]:
    """Per-bar outputs (the fields of :class:`Cascade` but the start and the positions) from the bins
    each bar liquidated: the same float operations as bar by bar."""
    L, S, le, se = book.longs, book.shorts, w.l_end, w.s_end
    m_before = np.concatenate([[1.0], w.multiplier[:-1]])  # the multiplier each bar started with
    return {
        "long_usd": L.cum_usd[le[1:]] - L.cum_usd[le[:-1]],
        "short_usd": S.cum_usd[se[1:]] - S.cum_usd[se[:-1]],
        "long_count": L.cum_count[le[1:]] - L.cum_count[le[:-1]],
        "short_count": S.cum_count[se[1:]] - S.cum_count[se[:-1]],
        "impact_long": w.impact_long,
        "impact_short": w.impact_short,
        "low": low * m_before * (1.0 - w.impact_long),
        "high": high * m_before * (1.0 + w.impact_short),
        "multiplier": w.multiplier,
    }


def _position_bars(book: Prepared, w: _BarEnds) -> np.ndarray:
    """Bar in which each position of ``book`` was liquidated, -1 if it survived."""
    nb = len(w.multiplier)
    pos_bar = np.full(book.n, -1, dtype=np.int64)
    for side_, ends in ((book.longs, w.l_end), (book.shorts, w.s_end)):
        nbins = len(side_.key_price)
        bin_bar = np.full(nbins, -1, dtype=np.int64)
        if nbins and nb:
            # bins [ends[t], ends[t+1]) were liquidated in bar t
            bin_bar[: ends[-1]] = np.repeat(np.arange(nb), np.diff(ends))
        pos_bar[side_.index] = bin_bar[side_.position_bin]
    return pos_bar


def simulate(book: Prepared, low, high, impact: Impact = Impact(y=0.0), carry: bool = True, positions: bool = False) -> Cascade:
    """Run the cascade on a prepared book over bars with exogenous ``low``/``high`` (USD arrays).

    ``impact``: the square-root law (``sigma`` a daily fraction, ``volume`` daily USD, per bar or one
    value); ``carry``: the impact is permanent (multiplies later bars' prices); ``positions``: also
    return the bar in which each position was liquidated.
    """
    low, high = _check_bars(low, high)
    nb = len(low)
    sig = _as_bars(impact.sigma, nb, "sigma")
    vol = _as_bars(impact.volume, nb, "volume")
    w = _walk_bars(book, low, high, sig, vol, float(impact.y), float(impact.cap), carry)
    pos_bar = _position_bars(book, w) if positions else None
    return Cascade(**_bar_outputs(book, low, high, w), initial_usd=book.initial_usd, position_bar=pos_bar)


def run(
    lp, notional, side, low, high, impact: Impact = Impact(y=0.0), count=None, tick: float = BTCUSDT_TICK, carry: bool = True, positions: bool = False
) -> Cascade:
    """Vectorised cascade over bars: :func:`prepare` then :func:`simulate` (see the module docstring)."""
    return simulate(prepare(lp, notional, side, count, tick), low, high, impact, carry, positions)


_FIELDS = ("long_usd", "short_usd", "long_count", "short_count", "impact_long", "impact_short", "low", "high", "multiplier")


def _plain_side(
    lp: list[float], notional: list[float], side: list[int], count: list[float] | None, sgn: int, tick: float
) -> tuple[list[float], list[float], list[float]]:
    """One side of the book for :func:`run_plain`: positions summed per liquidation tick in a dict (in
    input order), the ticks sorted, and prefix sums. Returns (key prices, cumulative USD, cumulative
    count); longs (``sgn`` = 1) are keyed by ``-tick`` (ascending keys = LP descending), shorts by ``+tick``."""
    usd: dict[int, float] = {}
    cnt: dict[int, float] = {}
    for i in range(len(lp)):
        if side[i] == sgn:
            k = round(lp[i] / tick)
            k = -k if sgn == 1 else k
            usd[k] = usd.get(k, 0.0) + notional[i]
            cnt[k] = cnt.get(k, 0.0) + (1.0 if count is None else count[i])
    keys = sorted(usd)
    return [k * tick for k in keys], [0.0, *accumulate(usd[k] for k in keys)], [0.0, *accumulate(cnt[k] for k in keys)]


def _plain_fixed_point(
    key: list[float], cum: list[float], j0: int, x: float, sign: float, y: float, sigma: float, volume: float, cap: float
) -> tuple[int, float]:
    """:func:`_fixed_point` on plain lists with :func:`bisect.bisect_right`: (end bin, impact as a fraction)."""
    p = x
    for _ in range(MAX_FIXED_POINT_STEPS):
        j = max(j0, bisect_right(key, sign * p))
        e = _impact(y, sigma, cum[j] - cum[j0], volume, cap)
        p_new = x * (1.0 + sign * e)
        if bisect_right(key, sign * p_new) <= j:
            return j, e
        p = p_new
    raise _not_settled(x)


def _per_bar(values, nb: int) -> list[float]:
    """A scalar or per-bar array (e.g. daily volatility, volume) as a list of ``nb`` floats."""
    return [float(v) for v in np.broadcast_to(np.asarray(values, dtype=float), (nb,))]


def run_plain(lp, notional, side, low, high, impact: Impact = Impact(y=0.0), count=None, tick: float = BTCUSDT_TICK, carry: bool = True) -> Cascade:
    """The algorithm of :func:`run` written in plain Python (lists, dicts, :mod:`bisect`): the
    benchmarks' reference, what a careful analyst would write without numpy.

    Positions are summed per liquidation tick in a dict (in input order, as ``np.bincount`` does),
    the ticks are sorted, prefix sums are built with :func:`itertools.accumulate`
    (:func:`_plain_side`), and each bar's fixed point is found with :func:`bisect.bisect_right` on the
    sorted key prices (:func:`_plain_fixed_point`). Same float operations in the same order as
    :func:`run`, so the results are identical. Prices in USD, notionals in USD, impacts as fractions.
    Inputs are validated by :func:`run`'s rules only as far as the loops need (use :func:`run` for
    untrusted input).
    """
    lp, notional, side = [float(v) for v in lp], [float(v) for v in notional], [int(v) for v in side]
    count = None if count is None else [float(v) for v in count]
    lows, highs = [float(v) for v in low], [float(v) for v in high]
    nb = len(lows)
    if len(notional) != len(lp) or len(side) != len(lp) or len(highs) != nb:
        raise ValueError("lp, notional and side must have the same length, and low and high one value per bar")
    sig, vol = _per_bar(impact.sigma, nb), _per_bar(impact.volume, nb)
    y, cap = float(impact.y), float(impact.cap)
    lkey, lusd, lcnt = _plain_side(lp, notional, side, count, 1, tick)
    skey, susd, scnt = _plain_side(lp, notional, side, count, -1, tick)
    res = {k: [0.0] * nb for k in _FIELDS}
    jl = js = 0
    m = 1.0
    for t in range(nb):
        x, j0 = lows[t] * m, jl
        jl, e = _plain_fixed_point(lkey, lusd, j0, x, -1.0, y, sig[t], vol[t], cap)
        res["long_usd"][t], res["long_count"][t] = lusd[jl] - lusd[j0], lcnt[jl] - lcnt[j0]
        res["impact_long"][t], res["low"][t] = e, x * (1.0 - e)
        x, j0 = highs[t] * m, js
        js, e_s = _plain_fixed_point(skey, susd, j0, x, 1.0, y, sig[t], vol[t], cap)
        res["short_usd"][t], res["short_count"][t] = susd[js] - susd[j0], scnt[js] - scnt[j0]
        res["impact_short"][t], res["high"][t] = e_s, x * (1.0 + e_s)
        if carry:
            m = m * (1.0 - e) * (1.0 + e_s)
        res["multiplier"][t] = m
    return Cascade(**{k: np.array(v) for k, v in res.items()}, initial_usd=float(np.sum(np.asarray(notional))))


def run_reference(lp, notional, side, low, high, impact: Impact = Impact(y=0.0), count=None, tick: float = BTCUSDT_TICK, carry: bool = True) -> Cascade:
    """The same model in plain Python, one position at a time (slow; the test oracle of :func:`run`)."""
    lp = [float(v) for v in lp]
    n = len(lp)
    notional = [float(v) for v in notional]
    side = [int(v) for v in side]
    count = [1.0] * n if count is None else [float(v) for v in count]
    lows = [float(v) for v in low]
    highs = [float(v) for v in high]
    nb = len(lows)
    sig = [float(v) for v in np.broadcast_to(np.asarray(impact.sigma, dtype=float), (nb,))]
    vol = [float(v) for v in np.broadcast_to(np.asarray(impact.volume, dtype=float), (nb,))]
    y, cap = float(impact.y), float(impact.cap)
    price = [round(v / tick) * tick for v in lp]
    bar_of = [-1] * n
    res = {k: [0.0] * nb for k in _FIELDS}
    m = 1.0
    for t in range(nb):
        e_side = {}
        for sgn, key, ext in ((1, "long", lows[t]), (-1, "short", highs[t])):
            x = ext * m
            p = x
            usd = cnt = 0.0
            e = 0.0
            for _ in range(MAX_FIXED_POINT_STEPS):
                for i in range(n):
                    if bar_of[i] == -1 and side[i] == sgn and (price[i] >= p if sgn == 1 else price[i] <= p):
                        bar_of[i] = t
                        usd += notional[i]
                        cnt += count[i]
                e = _impact(y, sig[t], usd, vol[t], cap)
                p_new = x * (1.0 - e) if sgn == 1 else x * (1.0 + e)
                crossed = any(bar_of[i] == -1 and side[i] == sgn and (price[i] >= p_new if sgn == 1 else price[i] <= p_new) for i in range(n))
                if not crossed:
                    break
                p = p_new
            else:
                raise _not_settled(x)
            res[f"{key}_usd"][t] = usd
            res[f"{key}_count"][t] = cnt
            res[f"impact_{key}"][t] = e
            res["low" if sgn == 1 else "high"][t] = x * (1.0 - e) if sgn == 1 else x * (1.0 + e)
            e_side[key] = e
        if carry:
            m = m * (1.0 - e_side["long"]) * (1.0 + e_side["short"])
        res["multiplier"][t] = m
    return Cascade(**{k: np.array(v) for k, v in res.items()}, initial_usd=float(sum(notional)), position_bar=np.array(bar_of, dtype=np.int64))


@dataclass
class Exogenous:
    """An observed path with the modelled impact of forced selling removed (per-bar arrays).

    ``low``/``high``: the exogenous (counterfactual, no forced selling) extremes (USD);
    ``long_usd``/``short_usd``: notional the observed path liquidated; ``impact_long``/``impact_short``:
    the modelled endogenous move of each bar (fraction); ``multiplier``: cumulative permanent impact.
    """

    low: np.ndarray
    high: np.ndarray
    long_usd: np.ndarray
    short_usd: np.ndarray
    impact_long: np.ndarray
    impact_short: np.ndarray
    multiplier: np.ndarray


def implied_exogenous(book: Prepared, low, high, impact: Impact, carry: bool = True) -> Exogenous:
    """Invert the cascade along an *observed* path: the positions crossed by each observed low (high)
    are liquidated, their impact is computed, and the exogenous extreme is the observed one with that
    impact (and the permanent impact of earlier bars) taken out::

        exo_low_t = low_t / (1 - impact_long_t) / M_{t-1}

    :func:`simulate` on the returned path gives back the observed extremes whenever the bar's cascade
    can reach them (no stop at an earlier fixed point); the round trip is tested.
    """
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    nb = len(low)
    sig = _as_bars(impact.sigma, nb, "sigma")
    vol = _as_bars(impact.volume, nb, "volume")
    y, cap = float(impact.y), float(impact.cap)
    L, S = book.longs, book.shorts
    # No fixed point here (the observed extreme is given), so every bar is computed at once: the
    # bins crossed by each bar are a running maximum of the searches, the notional the difference of
    # cumulative sums, and the permanent impact a running product. The float operations are those
    # of a bar-by-bar loop, in the same order (the running product multiplies by (1 - e) and then
    # by (1 + e_s), as m = m * (1 - e) * (1 + e_s) does), so the results are the same to the bit.
    jl = np.maximum.accumulate(L.key_price.searchsorted(-low, side="right")) if nb else np.zeros(0, dtype=np.int64)
    js = np.maximum.accumulate(S.key_price.searchsorted(high, side="right")) if nb else np.zeros(0, dtype=np.int64)
    jl0 = np.concatenate([[0], jl[:-1]]).astype(np.int64)
    js0 = np.concatenate([[0], js[:-1]]).astype(np.int64)
    s_l = L.cum_usd[jl] - L.cum_usd[jl0]
    s_s = S.cum_usd[js] - S.cum_usd[js0]
    e = _impact_bars(y, sig, s_l, vol, cap)
    e_s = _impact_bars(y, sig, s_s, vol, cap)
    if carry:
        steps = np.empty(2 * nb)
        steps[0::2] = 1.0 - e
        steps[1::2] = 1.0 + e_s
        multiplier = np.multiply.accumulate(steps)[1::2] if nb else np.zeros(0)
    else:
        multiplier = np.ones(nb)
    m_before = np.concatenate([[1.0], multiplier[:-1]])
    out = {
        "low": low / (1.0 - e) / m_before,
        "high": high / (1.0 + e_s) / m_before,
        "long_usd": s_l,
        "short_usd": s_s,
        "impact_long": e,
        "impact_short": e_s,
        "multiplier": multiplier,
    }
    return Exogenous(**out)
