"""Per-event measures of the crash atlas. Every function takes the data it needs as arguments (no
file is read here; :func:`flashcrash.atlas.run.load_inputs` reads everything once).

What is measured for an event found by :func:`flashcrash.atlas.detect.find_events` (prices USD, times UTC,
shares and falls as fractions; ``None`` where the data do not cover the event):

* **Session of the break** (:func:`sessions_of`): the session label (:mod:`flashcrash.sessions`:
  Asia = Tokyo 09:00-17:00, Europe = London 08:00-16:30, US = New York 09:30-16:00) of the bar in
  which the rule fired.
* **The broken round level** (:func:`round_step`, :func:`broken_level`, :func:`level_measures`):
  round numbers are multiples of the power of ten nearest (in log) to 2 % of the price (1,000 USD
  for BTC between about 15,800 and 158,000 USD, 100 USD below; the article's levels are thousands).
  The broken level is the lowest round number above the rule's trigger price ``(1 - drop) x trailing high``: the last one the price went through
  before the rule fired. Measures: minutes spent in bars trading below it during the event, hours
  from the first bar below it to the first close back at or above it (within
  :data:`AFTER_DAYS`), the number of round levels between the event's low and high, and whether it
  then acted as resistance: the support chapter's level test
  (:func:`flashcrash.levels.level_episodes`, side "resistance", band +-0.5 %, move 1.5 %, outcome
  within one day; run here on arrays, through the same episode code) on the market's own bars
  from the event's low over :data:`AFTER_DAYS`. ``level_resisted`` is the
  outcome of the first decided touch from below (a rejection: True; a break upwards: False).
* **Liquidations** (:func:`liquidation_measures`): CoinGlass hourly BTC liquidations (Binance +
  Bybit + OKX), summed over the hours the event touches, when the file covers all of them: total
  (USD), long share (long / total) and the worst hour (its start and USD).
* **Funding before** (:func:`flashcrash.atlas.bars.funding_measures`): Binance funding of the market's coin, mean of the
  7 and 30 days of prints before the event's start, annualised (x 3 x 365), and the percentile of
  the 30-day mean among all 30-day means before the start since 2019
  (as :func:`flashcrash.macro.funding_percentiles`).
* **Other coins** (:func:`coin_falls`): ETH, SOL and XRP's largest peak-to-trough fall over the
  event's window on Binance spot hourly bars (the longest common history), when their data cover it.
* **The cascade model, out of sample** (:func:`cascade_fit`): the model book of
  :mod:`flashcrash.liquidation.book` with the parameters fitted on 2025-12-01
  (:func:`flashcrash.liquidation.calibrate.event_fit`) and never refitted, built as of the first hour
  of the event's window, run through the cascade engine with no extra impact along the observed
  Binance BTCUSDT perpetual bars (5-minute bars where they exist, else 15-minute), over the hours
  from the event's start to its end but at least :data:`FIT_MIN_HOURS` (as the calibration day).
  ``fit_correlation``: Pearson correlation of modelled and observed hourly liquidations (long +
  short); ``fit_error``: the *weighted absolute error* ``sum_h |model_h - observed_h| / sum_h
  observed_h`` (0 = perfect, 1 = no better than predicting no liquidations at all; it can exceed 1);
  ``model_total_error``: modelled / observed total - 1. ``in_sample`` marks a window that overlaps
  the calibration day. A yardstick without a model: ``baseline_correlation``, the correlation of the
  observed hourly liquidations with the hour's fall from its open to its low (liquidations come
  with falling prices whatever the book looks like); a model worth having beats it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from flashcrash.atlas.bars import Bars, funding_measures
from flashcrash.atlas.detect import DROP, HOUR_NS, bar_step
from flashcrash.levels.touches import MOVE, TOL, episodes
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import cascade as cs
from flashcrash.sessions import label_sessions

HOUR = pd.Timedelta(hours=1)
#: How long after an event its broken level is followed (the level test's horizon and the time allowed to reclaim it).
AFTER_DAYS = 30
#: Shortest window of the cascade fit (hours): the calibration used one UTC day.
FIT_MIN_HOURS = 24
#: Coins whose falls are measured beside each event (Binance spot hourly bars).
COINS = ("ETH", "SOL", "XRP")
#: Round levels: multiples of the power of ten nearest (in log) to this fraction of the price.
ROUND_FRACTION = 0.02


@dataclass(frozen=True)
class AtlasInputs:
    """Everything the per-event measures read, loaded once (:func:`flashcrash.atlas.run.load_inputs`).

    ``bars``: market key -> OHLC bars (USD, UTC open times); ``symbols``: market key -> coin;
    ``coins``: coin -> Binance spot hourly bars; ``funding``: coin -> rolling means of its funding
    prints (``m7``, ``m30``: fraction per 8 h, at the print times; :func:`flashcrash.atlas.bars.funding_rolls`);
    ``liquidations``: CoinGlass hourly BTC liquidations (``long_usd``, ``short_usd``, ``total_usd``);
    ``entries``: BTCUSDT perpetual hourly bars (the book's entries, a frame); ``model_bars``:
    BTCUSDT perpetual bars for the cascade, finest first (frames); ``params``: the cascade book
    fitted on ``calibration_day``; ``drop``: the crash rule's threshold (fraction)."""

    bars: dict[str, Bars]
    symbols: dict[str, str]
    coins: dict[str, Bars] = field(default_factory=dict)
    funding: dict[str, Bars] = field(default_factory=dict)
    liquidations: Bars | None = None
    entries: pd.DataFrame | None = None
    model_bars: tuple[pd.DataFrame, ...] = ()
    params: bk.BookParams | None = None
    calibration_day: pd.Timestamp | None = None
    drop: float = DROP


# --------------------------------------------------------------------------------------------
# small pure helpers
# --------------------------------------------------------------------------------------------
def max_drawdown(high: np.ndarray, low: np.ndarray) -> tuple[float, int, int]:
    """Largest peak-to-trough fall ``1 - low_j / max(high_0..high_j)`` (fraction) and the positions
    of that high (the latest bar holding it) and low. A bar's own range counts (its high is taken
    to come first)."""
    h = np.asarray(high, dtype=float)
    lo = np.asarray(low, dtype=float)
    if len(h) == 0 or len(h) != len(lo):
        raise ValueError("need equally long, non-empty high and low arrays")
    runmax = np.maximum.accumulate(h)
    dd = 1.0 - lo / runmax
    m = int(np.argmax(dd))
    p = int(np.flatnonzero(h[: m + 1] == runmax[m])[-1])
    return float(dd[m]), p, m


def sessions_of(times: list[pd.Timestamp]) -> list[str]:
    """Session labels ("Asia", "Europe+US", "off", ...) of UTC times, in one vectorised pass."""
    if not times:
        return []
    return [str(s) for s in label_sessions(pd.DatetimeIndex(times))]


def round_step(price: float, fraction: float = ROUND_FRACTION) -> float:
    """The round-number step for ``price`` (USD): ``10 ** round(log10(fraction * price))``."""
    if not (price > 0 and math.isfinite(price)):
        raise ValueError(f"price must be positive and finite, got {price}")
    return float(10.0 ** round(math.log10(fraction * price)))


def broken_level(trailing_high: float, drop: float = DROP, step: float | None = None) -> float:
    """The lowest multiple of ``step`` strictly above the trigger price ``(1 - drop) x trailing_high``."""
    step = round_step(trailing_high) if step is None else step
    trigger = (1.0 - drop) * trailing_high
    return float((math.floor(trigger / step) + 1) * step)


def hours_window(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The whole hours an event touches: from the hour of its start to the end rounded up
    (``start.floor("1h")`` and ``end.ceil("1h")``, in integer nanoseconds: about seven times faster,
    and the atlas asks for every event's window several times)."""
    a, b = start.value, end.value
    return pd.Timestamp(a - a % HOUR_NS, tz=start.tz), pd.Timestamp(b + (-b) % HOUR_NS, tz=end.tz)


# --------------------------------------------------------------------------------------------
# measures
# --------------------------------------------------------------------------------------------
def level_measures(
    bars: Bars, start: pd.Timestamp, end: pd.Timestamp, low_time: pd.Timestamp, trailing_high: float, high: float, low: float, drop: float = DROP
) -> dict:
    """The broken round level and what it did (see the module docstring)."""
    step = round_step(trailing_high)
    level = broken_level(trailing_high, drop, step)
    minutes = bars.step / 60e9
    ev = bars.span(start, end)
    lows, closes = bars["low"], bars["close"]
    below = lows[ev] < level
    first = ev.start + int(np.argmax(below)) if below.any() else None
    after = bars.span(low_time, low_time + pd.Timedelta(days=AFTER_DAYS))
    reclaim = None
    if first is not None:
        back = np.flatnonzero(closes[first : after.stop] >= level)
        if len(back):
            reclaim = float((bars.t[first + int(back[0])] - bars.t[first]) / 3.6e12 + minutes / 60.0)
    # the support chapter's resistance test: bars mirrored through zero, as levels.level_episodes does
    horizon = int(pd.Timedelta(days=1).value // bars.step)
    eps = episodes(-lows[after], -bars["high"][after], -closes[after], -level, TOL, MOVE, horizon) if after.stop - after.start > 1 else []
    decided = [o for _, o, _ in eps if o != "open"]
    return {
        "round_step": step,
        "level": level,
        "round_levels_crossed": int(math.floor(high / step) - math.floor(low / step)),
        "minutes_below_level": float(below.sum() * minutes),
        "hours_to_reclaim_level": reclaim,
        "level_touches_after": len(eps),
        "level_rejections_after": decided.count("bounce"),
        "level_breaks_after": decided.count("break"),
        "level_resisted": (decided[0] == "bounce") if decided else None,
    }


def liquidation_measures(liq: Bars | None, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """Liquidations (USD) in the hours the event touches, ``None`` unless the file covers them all."""
    a, b = hours_window(start, end)
    if liq is None or not liq.covers(a, b):
        return {"liquidations_usd": None, "long_share": None, "worst_hour": None, "worst_hour_usd": None}
    sl = liq.span(a, b)
    tot = liq["total_usd"][sl]
    total = float(tot.sum())
    k = int(np.argmax(tot))
    return {
        "liquidations_usd": total,
        "long_share": float(liq["long_usd"][sl].sum() / total) if total > 0 else None,
        "worst_hour": liq.time(sl.start + k),
        "worst_hour_usd": float(tot[k]),
    }


def coin_falls(coins: dict[str, Bars], start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """Each coin's largest peak-to-trough fall (fraction) over the hours the event touches, on spot
    hourly bars; ``None`` where its data start after or end before the window."""
    a, b = hours_window(start, end)
    out = {}
    for c in COINS:
        bars = coins.get(c)
        sl = bars.span(a, b) if bars is not None and len(bars) and a.value >= bars.t[0] and b.value <= bars.t[-1] + bars.step else None
        ok = sl is not None and sl.stop > sl.start
        out[f"{c.lower()}_drawdown"] = max_drawdown(bars["high"][sl], bars["low"][sl])[0] if ok else None
    return out


def fit_window(start: pd.Timestamp, end: pd.Timestamp, min_hours: int = FIT_MIN_HOURS) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The hours the cascade fit runs over: the hours the event touches, at least ``min_hours``."""
    a, b = hours_window(start, end)
    return a, max(b, a + pd.Timedelta(hours=min_hours))


def entry_bars(hourly: pd.DataFrame, asof: pd.Timestamp, lookback_days: float) -> pd.DataFrame:
    """The book's entry bars before ``asof`` from hourly perpetual bars passed in: the same frame as
    :func:`flashcrash.liquidation.book.entry_bars`, which reads the file itself."""
    idx = hourly.index
    sel = hourly.iloc[int(idx.searchsorted(asof - pd.Timedelta(days=lookback_days))) : int(idx.searchsorted(asof))]
    if len(sel) < 24:
        raise ValueError(f"fewer than 24 hourly bars before {asof}")
    return pd.DataFrame(
        {"price": (sel["high"] + sel["low"] + sel["close"]) / 3.0, "usd_volume": sel["volume"] * sel["close"], "low": sel["low"], "high": sel["high"]}
    )


def model_hours(params: bk.BookParams, entries: pd.DataFrame, bars: pd.DataFrame, liq: Bars, a: pd.Timestamp, b: pd.Timestamp) -> pd.DataFrame:
    """Observed and modelled hourly liquidations (USD) over ``[a, b)``: ``long_usd``, ``short_usd``,
    ``model_long``, ``model_short``, and ``price_fall`` (1 - the hour's low / its open, fraction), one
    row per hour. ``bars``: the perpetual bars of the window, complete."""
    book = bk.cohorts(entry_bars(entries, a, params.lookback_days), a, params)
    book = book[book["notional"] > 0]  # a side fitted at zero USD liquidates nothing: skip its cohorts
    res = cs.run(book["lp"], book["notional"], book["side"], bars["low"], bars["high"], cs.Impact(y=0.0), count=book["count"])
    hours = pd.date_range(a, b, freq="1h", inclusive="left")
    pos = ((bars.index.as_unit("ns").asi8 - a.value) // 3_600_000_000_000).astype(int)
    first = np.searchsorted(pos, np.arange(len(hours)))  # first bar of each hour (bars are complete)
    hour_low = np.minimum.reduceat(bars["low"].to_numpy(float), first)
    sl = liq.span(a, b)
    return pd.DataFrame(
        {
            "long_usd": liq["long_usd"][sl],
            "short_usd": liq["short_usd"][sl],
            "model_long": np.bincount(pos, weights=res.long_usd, minlength=len(hours)),
            "model_short": np.bincount(pos, weights=res.short_usd, minlength=len(hours)),
            "price_fall": 1.0 - hour_low / bars["open"].to_numpy(float)[first],
        },
        index=hours,
    )


def _window_bars(frames: tuple[pd.DataFrame, ...], a: pd.Timestamp, b: pd.Timestamp) -> pd.DataFrame | None:
    """The first (finest) of ``frames`` with every bar of ``[a, b)``, sliced to it; None if none has."""
    for f in frames:
        if len(f) < 2:
            continue
        step = bar_step(f.index)
        w = f.iloc[int(f.index.searchsorted(a)) : int(f.index.searchsorted(b))]
        if len(w) == (b - a) // step:
            return w
    return None


def cascade_fit(inputs: AtlasInputs, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """The cascade model fitted on the calibration day, run out of sample over the event (module
    docstring); ``None`` values where the liquidation or perpetual data do not cover the window."""
    out = {
        "fit_correlation": None,
        "fit_error": None,
        "model_total_error": None,
        "model_liquidations_usd": None,
        "model_long_share": None,
        "baseline_correlation": None,
        "fit_hours": None,
        "in_sample": None,
    }
    liq, params, entries = inputs.liquidations, inputs.params, inputs.entries
    if liq is None or params is None or entries is None:
        return out
    a, b = fit_window(start, end)
    if not liq.covers(a, b):
        return out
    bars = _window_bars(inputs.model_bars, a, b)
    lookback = entries.index.searchsorted(a) - entries.index.searchsorted(a - pd.Timedelta(days=params.lookback_days))
    if bars is None or lookback < 24:
        return out
    h = model_hours(params, entries, bars, liq, a, b)
    o = (h["long_usd"] + h["short_usd"]).to_numpy()
    m = (h["model_long"] + h["model_short"]).to_numpy()
    f = h["price_fall"].to_numpy()
    cal = inputs.calibration_day
    return {
        "fit_correlation": float(np.corrcoef(o, m)[0, 1]) if m.std() > 0 and o.std() > 0 else None,
        "fit_error": float(np.abs(m - o).sum() / o.sum()) if o.sum() > 0 else None,
        "model_total_error": float(m.sum() / o.sum() - 1.0) if o.sum() > 0 else None,
        "model_liquidations_usd": float(m.sum()),
        "model_long_share": float(h["model_long"].sum() / m.sum()) if m.sum() > 0 else None,
        "baseline_correlation": float(np.corrcoef(o, f)[0, 1]) if f.std() > 0 and o.std() > 0 else None,
        "fit_hours": len(h),
        "in_sample": bool(cal is not None and a < cal + pd.Timedelta(days=1) and b > cal),
    }


def measure_event(market: str, event: dict, inputs: AtlasInputs, session: str | None = None) -> dict:
    """All measures of one event of ``market`` (a row of :func:`flashcrash.atlas.detect.find_events` as a
    dict), as one flat dict: the event's own columns, then the measures above. ``session``: the
    break's session label when already computed for many events at once (:func:`sessions_of`)."""
    symbol = inputs.symbols[market]
    start, end = event["start"], event["end"]
    out = {"market": market, **event, "session": session if session is not None else sessions_of([event["break_time"]])[0]}
    out.update(level_measures(inputs.bars[market], start, end, event["low_time"], event["break_high"], event["high"], event["low"], inputs.drop))
    btc = symbol == "BTC"
    out.update(liquidation_measures(inputs.liquidations if btc else None, start, end))
    out.update(funding_measures(inputs.funding.get(symbol), start))
    out.update(coin_falls(inputs.coins, start, end))
    out.update(cascade_fit(inputs if btc else AtlasInputs(bars={}, symbols={}), start, end))
    return out
