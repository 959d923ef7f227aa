"""Benchmarks of the cascade engine (registered in :data:`flashcrash.bench.BENCHMARKS`).

Workload: a book of individual positions calibrated to the event, run over the event day's 288
five-minute Binance BTCUSDT perpetual bars (2025-12-01) with the square-root impact law at the
day's depth (``Y`` = :data:`~flashcrash.liquidation.calibrate.DEFAULT_Y`, daily volatility and
volume of the week before, :func:`~flashcrash.liquidation.calibrate.depth`), so the fixed point of
a bar takes several steps. The book (:func:`event_book`):

* total notional = the Binance BTCUSDT open interest nearest the event (the first hourly value of
  the CoinGlass file, 2025-12-04 06:00 UTC, about 8.2 billion USD), half long and half short (the
  public data do not split it);
* liquidation prices from the model book of :mod:`flashcrash.liquidation.book` as of the event
  day's open with the fitted median leverage (entries at the prices traded in the three weeks
  before, survivors only): each position copies a cohort drawn in proportion to its notional and
  moves its liquidation price by up to +-0.1 % (uniform), so that positions do not share ticks;
* notionals log-normal (sigma 1), rounded to whole dollars (exact sums), scaled to the total.

Each row reports how the book was liquidated (``workload``): the share of its notional, the bars
and hours with liquidations and the largest bar's share, so a book emptied in one bar would show.

Rows: ``cascade`` at 100,000 positions, reference measured at full size; ``cascade-10m`` at
10,000,000 positions, reference measured at 1,000,000 and scaled linearly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from flashcrash import bench
from flashcrash.article import EVENT_DAY
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import cascade as cs
from flashcrash.liquidation.prices import BTCUSDT_TICK, liquidation_price

FIELDS = ("long_usd", "short_usd", "long_count", "short_count", "impact_long", "impact_short", "low", "high", "multiplier")
#: relative and absolute (USD) tolerance of the output comparison; the engines agree exactly in practice
RTOL, ATOL = 1e-12, 1e-6
#: spread of a position's liquidation price around its cohort's (fraction, uniform)
LP_JITTER = 0.001


def random_book(n: int, around: float = 90_000.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random positions for tests: entries within +-8 % of ``around`` (USD), leverage 2-100x,
    half long, notionals lognormal around 5,000 USD rounded to whole dollars. Returns (lp, notional, side)."""
    rng = np.random.default_rng(seed)
    entry = around * (1 + rng.uniform(-0.08, 0.08, n))
    lev = rng.choice(np.array([2.0, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0, 75.0, 100.0]), n)
    side = np.where(rng.random(n) < 0.5, 1, -1)
    notional = np.clip(np.rint(rng.lognormal(np.log(5_000), 1.0, n)), 1, 49_999)
    return liquidation_price(entry, lev, side, notional), notional, side


def event_open_interest() -> tuple[float, pd.Timestamp]:
    """(USD, time): the Binance BTCUSDT open interest nearest the event in the data (its first value)."""
    from flashcrash import data

    oi = data.derivatives_1h()["oi_close"]
    return float(oi.iloc[0]), oi.index[0]


def event_cohorts() -> pd.DataFrame:
    """The model book's cohorts before the event day at the fitted median leverage, scaled to the
    event's open interest, half long and half short (lp and notional in USD)."""
    total, _ = event_open_interest()
    params = replace(cal.event_fit().params, long_usd=total / 2, short_usd=total / 2)
    return bk.build(EVENT_DAY, params)


def event_book(n: int, seed: int = 0, cohorts: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` positions drawn from :func:`event_cohorts` (see the module docstring): (lp USD,
    notional USD in whole dollars summing to about the open interest, side +1/-1)."""
    c = event_cohorts() if cohorts is None else cohorts
    total = float(c["notional"].sum())
    rng = np.random.default_rng(seed)
    pick = draw_indices(rng, c["notional"].to_numpy() / total, n)
    lp = c["lp"].to_numpy()[pick] * (1.0 + rng.uniform(-LP_JITTER, LP_JITTER, n))
    side = c["side"].to_numpy()[pick].astype(np.int64)
    w = rng.lognormal(0.0, 1.0, n)
    notional = np.maximum(1.0, np.rint(w * (total / w.sum())))
    return lp, notional, side


def draw_indices(rng: np.random.Generator, p: np.ndarray, n: int, buckets: int = 1 << 16) -> np.ndarray:
    """``rng.choice(len(p), size=n, p=p)``, draw for draw (the same uniforms and cumulative
    probabilities), in half the time for millions of draws: a draw ``u`` falls in bucket
    ``floor(u * buckets)``; where no cumulative probability lies inside its bucket, the bucket gives
    the index, and only the other draws are searched. ``buckets`` is a power of two (exact products)."""
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    u = rng.random(n)
    k = (u * buckets).astype(np.int64)
    edges = np.arange(buckets + 1) / buckets
    lowest = np.searchsorted(cdf, edges[:-1], side="right")  # the index of a draw in bucket k is at least this
    highest = np.searchsorted(cdf, edges[1:], side="left")  # and at most this
    idx = lowest[k]
    open_ = np.flatnonzero(idx != highest[k])
    idx[open_] = np.searchsorted(cdf, u[open_], side="right")
    return idx


def event_path() -> tuple[np.ndarray, np.ndarray, cs.Impact]:
    """The event day's 5-minute lows and highs (USD) and the impact law at the day's depth."""
    bars = cal.day_bars(EVENT_DAY)
    sigma, volume = cal.depth(EVENT_DAY)
    return bars["low"].to_numpy(), bars["high"].to_numpy(), cs.Impact(y=cal.DEFAULT_Y, sigma=sigma, volume=volume)


def same_output(a: cs.Cascade, b: cs.Cascade) -> bool:
    """Every per-bar output equal within :data:`RTOL` / :data:`ATOL`."""
    return all(np.allclose(getattr(a, f), getattr(b, f), rtol=RTOL, atol=ATOL) for f in FIELDS) and bool(np.isclose(a.initial_usd, b.initial_usd, rtol=RTOL))


def workload(r: cs.Cascade, notional: np.ndarray, nbars: int) -> dict[str, Any]:
    """How the book was liquidated: shares of the notional, bars and hours touched."""
    per_bar = r.long_usd + r.short_usd
    total = float(per_bar.sum())
    hours = np.add.reduceat(per_bar, np.arange(0, nbars, 12)) if nbars else per_bar
    return {
        "book_usd": float(notional.sum()),
        "liquidated_share": round(total / float(notional.sum()), 4),
        "bars_with_liquidations": int((per_bar > 0).sum()),
        "hours_with_liquidations": int((hours > 0).sum()),
        "largest_bar_share": round(float(per_bar.max()) / total, 4) if total > 0 else None,
        "first_bar_share": round(float(per_bar[0]) / total, 4) if total > 0 else None,
        "long_share_of_liquidations": round(float(r.long_usd.sum()) / total, 4) if total > 0 else None,
    }


def _floor(lp: np.ndarray, notional: np.ndarray, runs: int) -> bench.Timing:
    """One ``np.bincount`` scatter of the positions' notionals onto their liquidation ticks (the
    ticks' bin numbers computed beforehand): the least work any engine must do per position."""
    ticks = np.rint(lp / BTCUSDT_TICK).astype(np.int64)
    bins = ticks - ticks.min()  # one bin per tick from the lowest: a dense grid, as the engine's
    return bench.timed(lambda: np.bincount(bins, weights=notional), runs)[0]


def cascade_row(
    name: str, n: int, ref_n: int | None = None, runs: int = 5, ref_runs: int = 3, seed: int = 0, cohorts: pd.DataFrame | None = None
) -> dict[str, Any]:
    """One row: the engine on ``n`` positions; the plain-Python reference at full size, or at
    ``ref_n`` positions (then scaled linearly to ``n``) when given."""
    low, high, imp = event_path()
    c = event_cohorts() if cohorts is None else cohorts
    lp, no, sd = event_book(n, seed, c)
    t_engine, r = bench.timed(lambda: cs.run(lp, no, sd, low, high, imp), runs)
    floor = _floor(lp, no, runs)
    if ref_n is None:
        t_ref, ref = bench.timed(lambda: cs.run_plain(lp, no, sd, low, high, imp), ref_runs)
        equal, at = same_output(r, ref), n
        extra: dict[str, Any] = {}
    else:
        lp_s, no_s, sd_s = event_book(ref_n, seed + 1, c)
        t_ref, ref = bench.timed(lambda: cs.run_plain(lp_s, no_s, sd_s, low, high, imp), ref_runs)
        equal, at = same_output(cs.run(lp_s, no_s, sd_s, low, high, imp), ref), ref_n
        extra = {
            "reference_size": ref_n,
            "scale": n / ref_n,
            "scaling": f"linear in positions: measured at {ref_n:,} positions x {n / ref_n:g} (conservative: the reference's sort grows as n log n)",
        }
    return bench.result(
        name,
        n,
        t_engine,
        t_ref,
        reference_desc="flashcrash.liquidation.cascade.run_plain: the same algorithm in plain Python (dict binning by tick, sorted keys, prefix sums, bisect)",
        outputs_equal=equal,
        tolerance=f"every per-bar output within rtol {RTOL:g} and atol {ATOL:g} (USD, fraction)",
        compared_at=at,
        floor=floor,
        floor_desc="one np.bincount scatter of the same positions' notionals onto a dense grid of their ticks (bins precomputed)",
        bars=len(low),
        workload=workload(r, no, len(low)),
        **extra,
    )


#: The benchmarks' sizes: positions of ``cascade``, of ``cascade-10m``, and of the latter's reference.
SIZES = (100_000, 10_000_000, 1_000_000)


def small_rows(n: int = SIZES[0]) -> list[dict[str, Any]]:
    """``cascade``: the engine and the reference, at full size, on ``n`` positions."""
    return [cascade_row(f"cascade ({n:,} positions, 288 five-minute bars)", n)]


def large_rows(n: int = SIZES[1], n_ref: int = SIZES[2]) -> list[dict[str, Any]]:
    """``cascade-10m``: the engine on ``n`` positions, the reference at ``n_ref`` (scaled)."""
    return [cascade_row(f"cascade-10m ({n:,} positions, 288 five-minute bars)", n, ref_n=n_ref, runs=3, ref_runs=1)]
