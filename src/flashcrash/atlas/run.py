"""Orchestration of the crash atlas: read the data once, find the events of each market, measure
each event, in parallel.

The work is independent per market (finding events) and per event (measuring it), so both stages
are mapped: one task after another in the calling thread by default (``scheduler="serial"``), or over
a pool of processes (``"processes"``: each worker receives the inputs once, at start-up), of threads
(``"threads"``, :mod:`concurrent.futures`; the inputs are shared, not copied) or Dask (``"dask"``: one
task per market and per batch of :data:`BATCH` events, computed with Dask's configured scheduler, so
an active ``dask.distributed`` client runs them on its cluster). Dask is an optional extra
(``pip install flashcrash[dask]``). All four give identical tables: every task is a pure function of
its inputs and the results are put back in a fixed order.

Why serial by default: measuring an event is mostly Python between short numpy calls, so it holds
the GIL. On a two-core machine the default atlas took 1.0 s serially, 1.4 s on two threads and 1.8 s
on the thread pool's default six (twice the CPU time: the threads mostly wait for one another), and
0.8-0.9 s on two processes, which also pay for starting them and pickling the rows back. Serial is
the cheapest in CPU, which is what counts when the book's other work keeps every core busy.
"""

from __future__ import annotations

import functools
import json
import math
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from flashcrash import data
from flashcrash.article import EVENT_DAY
from flashcrash.atlas.bars import Bars, funding_rolls
from flashcrash.atlas.detect import DEFAULT_RULE, CrashRule, find_events
from flashcrash.atlas.markets import MARKETS, Market, label_known
from flashcrash.atlas.measures import COINS, AtlasInputs, measure_event, sessions_of
from flashcrash.cache import cached

SCHEDULERS = ("serial", "threads", "processes", "dask")
#: Events per task: large enough that scheduling costs little, small enough to balance the workers.
BATCH = 16


#: The atlas proper: BTC perpetual 15-minute bars (2024 on) and BTC spot hourly bars (2018 on).
DEFAULT_MARKETS = ("btc-perp-15m", "btc-spot-1h")
#: Coins with a long funding history in the data (prints every 8 h since 2019/2020).
FUNDING_SYMBOLS = ("BTC", "ETH", "XRP")

#: Columns that open each event in the JSON, in this order; the others follow.
JSON_FIRST = ["start", "end", "high", "low", "drawdown", "duration_hours", "session", "liquidations_usd", "long_share", "fit_correlation"]


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------
def _bare(df: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """The same table without ``attrs`` (file name, gap list): pandas copies attrs into every slice,
    which would dominate the cost of the thousands of small slices the measures take."""
    out = df.copy(deep=False)
    out.attrs = {}
    return out


def load_inputs(markets: tuple[str, ...] = DEFAULT_MARKETS, rule: CrashRule = DEFAULT_RULE) -> AtlasInputs:
    """Read every file the atlas needs, once, and fit the cascade model on its calibration day
    (:func:`flashcrash.liquidation.calibrate.event_fit`, cached)."""
    from flashcrash import macro
    from flashcrash.liquidation import calibrate

    unknown = [m for m in markets if m not in MARKETS]
    if unknown:
        raise ValueError(f"unknown market(s) {unknown}; choose from {list(MARKETS)}")
    symbols = {k: MARKETS[k].symbol for k in markets}
    btc = "BTC" in symbols.values()
    return AtlasInputs(
        bars={k: Bars.of(MARKETS[k].load()) for k in markets},
        symbols=symbols,
        coins={c: Bars.of(data.spot_1h(c)) for c in COINS},
        funding={s: Bars.of(funding_rolls(macro.funding_history(s))) for s in sorted(set(symbols.values())) if s in FUNDING_SYMBOLS},
        liquidations=Bars.of(data.liquidations_1h()) if btc else None,
        entries=_bare(data.perp_1h("BTC")) if btc else None,
        model_bars=(_bare(data.perp_5m("BTC")), _bare(data.perp_15m("BTC"))) if btc else (),
        params=calibrate.event_fit().params if btc else None,
        calibration_day=EVENT_DAY if btc else None,
        drop=rule.drop,
    )


# --------------------------------------------------------------------------------------------
# tasks (pure functions of the inputs)
# --------------------------------------------------------------------------------------------
def _detect_task(inputs: AtlasInputs, market: str, rule: CrashRule) -> list[dict]:
    b = inputs.bars[market]
    frame = pd.DataFrame({"high": b["high"], "low": b["low"]}, index=pd.DatetimeIndex(b.t, tz="UTC"))
    ev = find_events(frame, rule)
    return [{"market": market, **r} for r in ev.to_dict("records")]


def _measure_task(inputs: AtlasInputs, batch: list[dict], sessions: list[str]) -> list[dict]:
    return [measure_event(e["market"], {k: v for k, v in e.items() if k != "market"}, inputs, s) for e, s in zip(batch, sessions, strict=True)]


_WORKER_INPUTS: AtlasInputs | None = None


def _worker_init(inputs: AtlasInputs) -> None:
    global _WORKER_INPUTS
    _WORKER_INPUTS = inputs


def _in_worker(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(_WORKER_INPUTS, *args)


def _batches(items: list, size: int = BATCH) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _map(fn: Callable[..., Any], arglists: list[tuple], inputs: AtlasInputs, scheduler: str, workers: int | None, pool: Any = None) -> list[Any]:
    """``[fn(inputs, *args) for args in arglists]`` on the chosen scheduler, in order."""
    if scheduler == "dask":
        try:
            import dask
        except ImportError as exc:  # optional extra
            raise ImportError("scheduler='dask' needs Dask: pip install 'flashcrash[dask]' (or pip install dask)") from exc
        inp = dask.delayed(inputs, traverse=False)
        tasks = [dask.delayed(fn, pure=True)(inp, *args) for args in arglists]
        return list(dask.compute(*tasks, **({"num_workers": workers} if workers else {})))
    if scheduler == "serial":
        return [fn(inputs, *args) for args in arglists]
    if scheduler == "processes":
        return list(pool.map(functools.partial(_in_worker, fn), *zip(*arglists, strict=True))) if arglists else []
    return list(pool.map(functools.partial(fn, inputs), *zip(*arglists, strict=True))) if arglists else []


def _pool(scheduler: str, workers: int | None, inputs: AtlasInputs) -> Any:
    if scheduler == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    if scheduler == "processes":
        return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(inputs,))
    return None


# --------------------------------------------------------------------------------------------
# the atlas
# --------------------------------------------------------------------------------------------
def _table(rows: list[dict], markets: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["order"] = df["market"].map({m: i for i, m in enumerate(markets)})
    df = df.sort_values(["order", "start"], kind="stable").drop(columns="order").reset_index(drop=True)
    df.insert(0, "id", df["market"] + ":" + df["start"].dt.strftime("%Y-%m-%dT%H:%MZ"))
    df.insert(2, "label", label_known(df))
    return df


def atlas(
    markets: tuple[str, ...] = DEFAULT_MARKETS,
    scheduler: str = "serial",
    workers: int | None = None,
    rule: CrashRule = DEFAULT_RULE,
    inputs: AtlasInputs | None = None,
    keep: Callable[[dict], bool] | None = None,
) -> pd.DataFrame:
    """Every crash in ``markets`` with its measures, one row per event, ordered by market then start.

    ``scheduler``: "serial" (default: every task in this thread), "threads", "processes" or "dask";
    ``workers``: pool size (default: the executor's; unused by "serial"). ``inputs`` (from
    :func:`load_inputs`) skips reading the data again. ``keep``: measure only the detected events
    (dicts with ``market``, ``start``, ``end``, ...) it returns true for; each event's measures depend
    on that event alone, so the kept rows equal those of the whole atlas.
    """
    if scheduler not in SCHEDULERS:
        raise ValueError(f"scheduler must be one of {SCHEDULERS}, got {scheduler!r}")
    markets = tuple(markets)
    inputs = load_inputs(markets, rule) if inputs is None else inputs
    if inputs.drop != rule.drop:
        raise ValueError(f"inputs were loaded for a drop of {inputs.drop}, the rule asks {rule.drop}")
    pool = _pool(scheduler, workers, inputs)
    try:
        found = _map(_detect_task, [(m, rule) for m in markets], inputs, scheduler, workers, pool)
        events = [e for per_market in found for e in per_market if keep is None or keep(e)]
        sessions = sessions_of([e["break_time"] for e in events])  # in one pass: a call costs more than a label
        measured = _map(_measure_task, list(zip(_batches(events), _batches(sessions), strict=True)), inputs, scheduler, workers, pool)
    finally:
        if pool is not None:
            pool.shutdown()
    return _table([r for batch in measured for r in batch], markets)


@dataclass(frozen=True)
class TimedAtlas:
    """The default atlas with what computing it cost: wall seconds to read the inputs and run
    :func:`atlas`, and when (ISO 8601 UTC)."""

    events: pd.DataFrame
    seconds: float
    measured_at: str


@functools.cache
@cached("atlas-default")
def timed_default_atlas() -> TimedAtlas:
    """:func:`atlas` of :data:`DEFAULT_MARKETS` with the default rule, timed as it is computed (once,
    kept in the results cache)."""
    t0 = time.perf_counter()
    events = atlas(inputs=load_inputs())
    seconds = time.perf_counter() - t0
    return TimedAtlas(events, seconds, pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ"))


def default_atlas() -> pd.DataFrame:
    """:func:`atlas` of :data:`DEFAULT_MARKETS` with the default rule (computed once, kept in the results cache)."""
    return timed_default_atlas().events


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------
def _plain(v: Any) -> Any:
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(float(v)) else round(float(v), 10)
    return v


def events_json(events: pd.DataFrame, rule: CrashRule = DEFAULT_RULE) -> dict[str, Any]:
    """``{"rule", "markets", "events": [...]}``: timestamps ISO 8601 UTC, fractions as fractions,
    ``null`` where the data do not cover an event."""
    cols = [c for c in JSON_FIRST if c in events.columns] + [c for c in events.columns if c not in JSON_FIRST]
    rows = [{c: _plain(r[c]) for c in cols} for r in events.to_dict("records")]
    present = list(dict.fromkeys(events["market"])) if len(events) else []
    return {"rule": rule.text, "markets": {k: MARKETS[k].label for k in present}, "events": rows}


def to_json(events: pd.DataFrame, rule: CrashRule = DEFAULT_RULE) -> str:
    """Stable serialisation of :func:`events_json` (two runs give identical text)."""
    return json.dumps(events_json(events, rule), indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# cost
# --------------------------------------------------------------------------------------------
def market_years(bars: Bars) -> float:
    """Years of data (first to last bar, 365.25-day years)."""
    return float((bars.t[-1] - bars.t[0]) / pd.Timedelta(days=365.25).value)


def profile(markets: tuple[str, ...] = tuple(MARKETS)) -> pd.DataFrame:
    """Cost of the atlas per market on this machine, one worker (so the seconds are one core's).

    Per market: ``bars``, ``years``, ``events``; ``load_cpu`` (CPU seconds to read and validate its
    file afresh), ``cpu`` and ``wall`` (seconds to find and measure its events, inputs loaded) and
    ``cpu_per_year`` = (load_cpu + cpu) / years. CPU time of this process is used because the
    machine is shared: wall time also counts other people's work. The shared inputs (other coins,
    funding, liquidations, the cascade's one calibration) are loaded once first and not counted."""
    inputs = load_inputs(tuple(markets))
    rows = []
    for k in markets:
        bars = inputs.bars[k]
        load = _read_cpu(MARKETS[k])
        c0, w0 = time.process_time(), time.perf_counter()
        ev = atlas((k,), "serial", inputs=inputs)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        rows.append(
            {
                "market": k,
                "label": MARKETS[k].label,
                "bars": len(bars),
                "years": market_years(bars),
                "events": len(ev),
                "load_cpu": load,
                "cpu": cpu,
                "wall": wall,
            }
        )
    out = pd.DataFrame(rows)
    out["cpu_per_year"] = (out["cpu"] + out["load_cpu"]) / out["years"]
    return out


@dataclass(frozen=True)
class MeasuredCost:
    """What the atlas cost on this machine, measured once and kept in the results cache."""

    atlas_seconds: float  # wall seconds: reading the inputs and running the atlas of DEFAULT_MARKETS
    per_market: pd.DataFrame  # :func:`profile`: CPU seconds per market and per market-year
    measured_at: str  # ISO 8601 UTC time of the measurement


@cached("atlas-cost")
def measured_cost() -> MeasuredCost:
    """What the default atlas cost when it was computed (:func:`timed_default_atlas`: the same run,
    not a second one) and :func:`profile` of every market, once: later calls (the book's second
    run, the tests) read the measurement instead of repeating it."""
    timed = timed_default_atlas()
    return MeasuredCost(atlas_seconds=timed.seconds, per_market=profile(), measured_at=timed.measured_at)


def _read_cpu(market: Market) -> float:
    """CPU seconds to read and validate the market's file afresh (the loaders' cache bypassed)."""
    fn = {"spot": data.spot_1h, "perp": data.perp_15m if market.freq == "15min" else data.perp_1h}[market.kind]
    c0 = time.process_time()
    fn.__wrapped__(market.symbol)
    return time.process_time() - c0


@dataclass(frozen=True)
class ScaleAssumptions:
    """What an atlas of every perpetual on the main exchanges would involve (stated, not measured)."""

    markets: int = 1_000  # perpetual markets on Binance, Bybit and OKX together (a round figure: each lists several hundred)
    years: float = 5.0  # history per market
    machine_cores: int = 2  # this machine
    cluster_cores: int = 64  # e.g. 8 Dask workers of 8 cores
    parallel_efficiency: float = 0.8  # share of ideal speed-up kept by scheduling and I/O (assumption)
    bandwidth_mbit: float = 100.0  # download speed of the raw bars (megabits per second)


#: The stated assumptions of the chapter's estimate.
SCALE = ScaleAssumptions()


def scale_estimate(seconds_per_market_year: float, a: ScaleAssumptions = SCALE) -> dict[str, float]:
    """Wall-clock hours for ``a.markets x a.years`` market-years at a measured cost per market-year
    (seconds, one core busy per task), on one machine and on a cluster:
    ``market-years x cost / (cores x efficiency)``."""
    total = a.markets * a.years * seconds_per_market_year
    return {
        "market_years": a.markets * a.years,
        "core_hours": total / 3600.0,
        "machine_hours": total / (a.machine_cores * a.parallel_efficiency) / 3600.0,
        "cluster_hours": total / (a.cluster_cores * a.parallel_efficiency) / 3600.0,
    }


@cached("atlas-json")
def atlas_json(markets: tuple[str, ...] = DEFAULT_MARKETS) -> str:
    """:func:`to_json` of :func:`atlas` on the default scheduler, kept in the results cache (the
    schedulers give identical results, so one cached answer serves them all)."""
    return to_json(atlas(tuple(markets)))
