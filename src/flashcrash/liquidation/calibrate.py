"""Fit the model book to CoinGlass hourly BTC liquidations, validate it out of sample, and measure
how much forced selling amplified the drop.

* **Fit** (event day, default 2025-12-01): for each median leverage on a grid, the book is built as
  of 00:00 UTC and the observed 5-minute Binance BTCUSDT perpetual path is run through the engine with
  no extra impact (the observed path already contains whatever the cascade did), giving the
  liquidations per USD of long and of short book. The model is linear in the long and short
  notionals, so those are least-squares fits in closed form; the median leverage minimises the total
  squared error over the 24 hours x 2 sides (USD). Uncertainty: the hours are resampled with
  replacement (``n_boot`` times) and the fit is redone, giving a cloud of parameter sets.
* **Validation**: the same parameters (leverage mix and USD notionals), books rebuilt as of each day,
  on the mid-December days and 2026-01-29, without refitting.
* **Amplification**: with the square-root impact law (``Y``, daily volatility and volume from the
  ``depth_days`` before the day), the observed path is inverted into the exogenous path (what the
  price would have done without forced selling); amplification = (open - observed low) /
  (open - exogenous low). The band comes from the bootstrap parameter sets.

The liquidation data cover Binance + Bybit + OKX and BTC only (``flashcrash.data.liquidations_1h``):
the fitted notionals are a 3-exchange book, not the whole market.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from flashcrash import data
from flashcrash.article import EVENT_DAY  # the crash day (UTC midnight) the fit is made on
from flashcrash.cache import cached
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import cascade as cs

#: Out-of-sample days: the mid-December candidates (``flashcrash.event.candidate_days()[1:]``) and 2026-01-29.
VALIDATION_DAYS = tuple(pd.Timestamp(d, tz="UTC") for d in ("2025-12-15", "2025-12-16", "2025-12-17", "2025-12-18", "2025-12-19", "2026-01-29"))
#: Median leverages tried by the fit (x).
LEVERAGE_GRID = tuple(float(v) for v in np.round(np.geomspace(2.0, 80.0, 17), 2))
#: Square-root impact prefactor: of order 1 (Tóth et al. 2011 find Y ~ 0.5-1 across markets).
DEFAULT_Y = 1.0
#: Days before the event used to estimate daily volatility and volume for the impact law.
DEPTH_DAYS = 7


@functools.lru_cache(maxsize=32)
def day_bars(day: pd.Timestamp) -> pd.DataFrame:
    """Binance BTCUSDT perpetual bars of one UTC day: 5-minute bars, or 15-minute bars when the
    5-minute file does not cover the whole day (it ends 2026-01-29 06:25 UTC). Kept per day for the
    process (the loaders are cached too): read it, do not modify it."""
    end = day + pd.Timedelta(days=1)
    p5 = data.perp_5m("BTC")
    sel = p5[(p5.index >= day) & (p5.index < end)]
    if len(sel) == 288:
        return sel
    p15 = data.perp_15m("BTC")
    sel = p15[(p15.index >= day) & (p15.index < end)]
    if len(sel) != 96:
        raise ValueError(f"no complete day of 5- or 15-minute bars for {day.date()}")
    return sel


@functools.lru_cache(maxsize=32)
def depth(day: pd.Timestamp, days: int = DEPTH_DAYS) -> tuple[float, float]:
    """Daily volatility (fraction) and daily volume (USD) of the Binance BTCUSDT perpetual over the
    ``days`` before ``day``, from 15-minute bars: (std of log returns * sqrt(96), mean daily USD volume)."""
    p = data.perp_15m("BTC")
    sel = p[(p.index >= day - pd.Timedelta(days=days)) & (p.index < day)]
    r = np.diff(np.log(sel["close"].to_numpy()))
    sigma = float(np.std(r, ddof=1) * np.sqrt(96))
    volume = float((sel["volume"] * sel["close"]).sum() / days)
    return sigma, volume


def observed_hourly(day: pd.Timestamp) -> pd.DataFrame:
    """CoinGlass hourly BTC liquidations (Binance + Bybit + OKX) of one UTC day: long_usd, short_usd (USD)."""
    liq = data.liquidations_1h()
    sel = liq[(liq.index >= day) & (liq.index < day + pd.Timedelta(days=1))][["long_usd", "short_usd"]]
    if len(sel) != 24:
        raise ValueError(f"the liquidation data do not hold 24 hours for {day.date()}")
    return sel


def _hourly(values: np.ndarray, index: pd.DatetimeIndex) -> np.ndarray:
    return pd.Series(values, index=index).resample("1h").sum().to_numpy()


def unit_response(day: pd.Timestamp, params: bk.BookParams) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Hourly long and short liquidations (USD) of a book with 1 USD of longs and 1 USD of shorts,
    along the observed bars of ``day`` (no extra impact); and that book (kept for the process with
    :func:`scaled_book`'s: read it, do not modify it)."""
    book = _unit_book(day, bk.with_scale(params, 1.0, 1.0))
    bars = day_bars(day)
    res = cs.run(book["lp"], book["notional"], book["side"], bars["low"], bars["high"], cs.Impact(y=0.0), count=book["count"])
    return _hourly(res.long_usd, bars.index), _hourly(res.short_usd, bars.index), book


def _scales(u: np.ndarray, o: np.ndarray) -> np.ndarray:
    """Least-squares scale of ``u`` onto ``o`` along the last axis (0 when u is all zero)."""
    den = (u * u).sum(-1)
    return np.where(den > 0, (u * o).sum(-1) / np.where(den > 0, den, 1.0), 0.0)


@dataclass
class Fit:
    """A calibration: best parameters, the grid, the hourly fit and the bootstrap parameter sets."""

    day: pd.Timestamp
    params: bk.BookParams
    grid: pd.DataFrame  # median_leverage, long_usd, short_usd, sse
    hourly: pd.DataFrame  # observed and modelled long/short per hour (USD)
    boot: pd.DataFrame  # median_leverage, long_usd, short_usd per bootstrap draw

    @property
    def correlation(self) -> float:
        """Hourly correlation of modelled and observed total (long + short) liquidations."""
        h = self.hourly
        return float(np.corrcoef(h["model_long"] + h["model_short"], h["long_usd"] + h["short_usd"])[0, 1])

    @property
    def total_error(self) -> float:
        """(modelled - observed) / observed, total liquidations of the day (fraction)."""
        h = self.hourly
        obs = float(h["long_usd"].sum() + h["short_usd"].sum())
        return float(h["model_long"].sum() + h["model_short"].sum()) / obs - 1.0


def fit(day: pd.Timestamp = EVENT_DAY, base: bk.BookParams = bk.BookParams(), grid: tuple[float, ...] = LEVERAGE_GRID, n_boot: int = 100, seed: int = 0) -> Fit:
    """Fit median leverage (grid) and long/short notionals (closed form) to the observed hours of ``day``."""
    obs = observed_hourly(day)
    oL, oS = obs["long_usd"].to_numpy(), obs["short_usd"].to_numpy()
    uL = np.zeros((len(grid), 24))
    uS = np.zeros((len(grid), 24))
    for i, lev in enumerate(grid):
        uL[i], uS[i], _ = unit_response(day, replace(base, median_leverage=lev))
    aL, aS = _scales(uL, oL), _scales(uS, oS)
    sse = ((aL[:, None] * uL - oL) ** 2).sum(1) + ((aS[:, None] * uS - oS) ** 2).sum(1)
    k = int(np.argmin(sse))
    params = replace(base, median_leverage=grid[k], long_usd=float(aL[k]), short_usd=float(aS[k]))
    hourly = obs.assign(model_long=aL[k] * uL[k], model_short=aS[k] * uS[k])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, 24, size=(n_boot, 24))
    rows = []
    for ix in idx:
        bL, bS = _scales(uL[:, ix], oL[ix]), _scales(uS[:, ix], oS[ix])
        e = ((bL[:, None] * uL[:, ix] - oL[ix]) ** 2).sum(1) + ((bS[:, None] * uS[:, ix] - oS[ix]) ** 2).sum(1)
        j = int(np.argmin(e))
        rows.append((grid[j], float(bL[j]), float(bS[j])))
    boot = pd.DataFrame(rows, columns=["median_leverage", "long_usd", "short_usd"])
    table = pd.DataFrame({"median_leverage": grid, "long_usd": aL, "short_usd": aS, "sse": sse})
    return Fit(day, params, table, hourly, boot)


@functools.cache
@cached("liq-event-fit")
def event_fit() -> Fit:
    """The fit on :data:`EVENT_DAY` with the default assumptions (cached)."""
    return fit()


def model_hourly(day: pd.Timestamp, params: bk.BookParams) -> pd.DataFrame:
    """Observed and modelled hourly long/short liquidations (USD) of ``day`` with fixed ``params``."""
    obs = observed_hourly(day)
    uL, uS, _ = unit_response(day, params)
    return obs.assign(model_long=params.long_usd * uL, model_short=params.short_usd * uS)


def validate(params: bk.BookParams, days: tuple[pd.Timestamp, ...] = VALIDATION_DAYS) -> pd.DataFrame:
    """Out-of-sample check, no refitting: per day, observed and modelled totals (USD), hourly
    correlation of totals, and the relative error of the day's total."""
    rows = []
    for d in days:
        h = model_hourly(d, params)
        o = h["long_usd"] + h["short_usd"]
        m = h["model_long"] + h["model_short"]
        corr = float(np.corrcoef(o, m)[0, 1]) if m.std() > 0 else float("nan")
        rows.append(
            {
                "day": d,
                "observed_usd": float(o.sum()),
                "model_usd": float(m.sum()),
                "observed_long_share": float(h["long_usd"].sum() / o.sum()),
                "model_long_share": float(h["model_long"].sum() / m.sum()) if m.sum() > 0 else float("nan"),
                "hourly_correlation": corr,
                "total_error": float(m.sum() / o.sum() - 1.0),
            }
        )
    return pd.DataFrame(rows).set_index("day")


@dataclass
class Amplification:
    """Amplification of the day's drop by forced selling, for one parameter set."""

    open: float  # USD, first bar's open
    observed_low: float  # USD
    exogenous_low: float  # USD, lowest exogenous low (no forced selling)
    forward_low: float  # USD, the engine run forward on the exogenous path (round-trip check)
    factor: float  # (open - forward low) / (open - exogenous low)
    path: pd.DataFrame  # per bar: observed low, exogenous low, impact_long, long_usd


@functools.cache
def _unit_book(day: pd.Timestamp, params: bk.BookParams) -> pd.DataFrame:
    return bk.build(day, bk.with_scale(params, 1.0, 1.0))


def scaled_book(day: pd.Timestamp, params: bk.BookParams) -> pd.DataFrame:
    """The model book of ``params`` as of ``day`` (lp and notional in USD, side, count of traders):
    built once per leverage mix at unit scale, then scaled to the long and short notionals."""
    b = _unit_book(day, bk.with_scale(params, 1.0, 1.0)).copy()
    scale = np.where(b["side"] > 0, params.long_usd, params.short_usd)
    b["notional"] = b["notional"] * scale
    b["count"] = b["notional"] / params.position_usd
    return b


@functools.lru_cache(maxsize=64)
def _unit_prepared(day: pd.Timestamp, params: bk.BookParams) -> tuple[cs.Prepared, np.ndarray, np.ndarray]:
    """The unit-scale book of ``params`` binned for the engine, with its notionals and sides (read
    them, do not modify them)."""
    b = _unit_book(day, bk.with_scale(params, 1.0, 1.0))
    unit, side = b["notional"].to_numpy(), b["side"].to_numpy()
    return cs.prepare(b["lp"].to_numpy(), unit, side), unit, side


def _scaled_prepared(day: pd.Timestamp, params: bk.BookParams) -> cs.Prepared:
    """:func:`scaled_book` binned for the engine, with the same arithmetic as :func:`scaled_book`,
    without building a DataFrame or binning the positions again (the amplification band runs it for
    a hundred parameter sets)."""
    prep, unit, side = _unit_prepared(day, bk.with_scale(params, 1.0, 1.0))
    notional = unit * np.where(side > 0, params.long_usd, params.short_usd)
    return cs.reweigh(prep, notional, notional / params.position_usd)


def _amplification(day: pd.Timestamp, params: bk.BookParams, y: float, depth_days: int) -> tuple[float, float, float, float, float, cs.Exogenous, cs.Cascade]:
    """(open, observed low, exogenous low, forward low, factor, inversion, forward run) of ``day``."""
    bars = day_bars(day)
    sigma, volume = depth(day, depth_days)
    impact = cs.Impact(y=y, sigma=sigma, volume=volume)
    prep = _scaled_prepared(day, params)
    low = bars["low"].to_numpy()
    exo = cs.implied_exogenous(prep, low, bars["high"].to_numpy(), impact)
    fwd = cs.simulate(prep, exo.low, exo.high, impact)
    p0 = float(bars["open"].iloc[0])
    low_f, low_x = float(fwd.low.min()), float(exo.low.min())
    factor = (p0 - low_f) / (p0 - low_x) if p0 > low_x else float("nan")
    return p0, float(low.min()), low_x, low_f, factor, exo, fwd


def amplification(day: pd.Timestamp, params: bk.BookParams, y: float = DEFAULT_Y, depth_days: int = DEPTH_DAYS) -> Amplification:
    """Invert the observed path of ``day`` through the cascade (impact law with prefactor ``y``) and
    measure total move / exogenous move."""
    bars = day_bars(day)
    p0, low_obs, low_x, low_f, factor, exo, fwd = _amplification(day, params, y, depth_days)
    path = pd.DataFrame(
        {"observed_low": bars["low"].to_numpy(), "exogenous_low": exo.low, "forward_low": fwd.low, "impact_long": exo.impact_long, "long_usd": exo.long_usd},
        index=bars.index,
    )
    return Amplification(p0, low_obs, low_x, low_f, factor, path)


@functools.cache
@cached("liq-amplification-band")
def amplification_band(day: pd.Timestamp = EVENT_DAY, y: float = DEFAULT_Y, quantiles: tuple[float, float] = (0.05, 0.95)) -> pd.Series:
    """Amplification factor and counterfactual low at the fitted parameters, with a band (quantiles)
    over the bootstrap parameter sets of :func:`event_fit`."""
    f = event_fit()
    central = amplification(day, f.params, y)
    facs, lows = [], []
    for lev, lu, su in f.boot.itertuples(index=False):
        _, _, low_x, _, factor, _, _ = _amplification(day, replace(f.params, median_leverage=lev, long_usd=lu, short_usd=su), y, DEPTH_DAYS)
        facs.append(factor)
        lows.append(low_x)
    return pd.Series(
        {
            "factor": central.factor,
            "factor_lo": float(np.quantile(facs, quantiles[0])),
            "factor_hi": float(np.quantile(facs, quantiles[1])),
            "open": central.open,
            "observed_low": central.observed_low,
            "exogenous_low": central.exogenous_low,
            "forward_low": central.forward_low,
            "exogenous_low_lo": float(np.quantile(lows, quantiles[0])),
            "exogenous_low_hi": float(np.quantile(lows, quantiles[1])),
            "y": y,
        }
    )


@cached("liq-shock-curve")
def shock_curve(params: bk.BookParams, day: pd.Timestamp = EVENT_DAY, shocks: np.ndarray | None = None, y: float = DEFAULT_Y) -> pd.DataFrame:
    """Amplification of a single exogenous shock (fraction down from the day's open, one bar) on the
    book before ``day``: total move / shock, for each shock size."""
    shocks = np.linspace(0.005, 0.12, 24) if shocks is None else np.asarray(shocks, dtype=float)
    sigma, volume = depth(day)
    book = scaled_book(day, params)
    prep = cs.prepare(book["lp"], book["notional"], book["side"], book["count"])
    p0 = float(day_bars(day)["open"].iloc[0])
    rows = []
    for s in shocks:
        r = cs.simulate(prep, np.array([p0 * (1 - s)]), np.array([p0]), cs.Impact(y=y, sigma=sigma, volume=volume))
        rows.append(
            {"shock": float(s), "total_move": float(1 - r.low[0] / p0), "amplification": float((1 - r.low[0] / p0) / s), "long_usd": float(r.long_usd[0])}
        )
    return pd.DataFrame(rows)


def shock_curves(fit: Fit, day: pd.Timestamp = EVENT_DAY) -> pd.DataFrame:
    """:func:`shock_curve` of every distinct bootstrap parameter set of ``fit`` (leverage mix and
    notionals), one ``draw`` number each, as one long table: the band of the amplification chart."""
    curves = []
    for lev, lu, su in fit.boot.drop_duplicates().itertuples(index=False):
        c = shock_curve(bk.with_scale(replace(fit.params, median_leverage=lev), lu, su), day)
        curves.append(c.assign(draw=len(curves)))
    return pd.concat(curves)
