"""Scenarios as of the crash, from data up to that point only, and their scores against what happened.

Conventions (stated once, used everywhere):

- **Price**: Bitstamp BTC/USD first-minute price of each UTC day (:func:`flashcrash.data.bitstamp_daily`,
  column ``btc_usd``), i.e. the daily *open at 00:00 UTC*; the longest daily series (2012 -> 2026-08-22).
- **As-of point**: the end of the event day (:data:`flashcrash.article.EVENT_DAY`), ``event_day + 1 day`` at 00:00 UTC (2025-12-02 00:00 UTC
  for the 1 December crash). Its price, the open of that day, is the forecast's start ``p0``; every
  input (prices, the Fed target) is cut at that timestamp (:func:`prepare` truncates whatever it gets).
- **Day k** of a scenario is the open of ``as_of + k days``; horizons are calendar months after the
  as-of point (1, 3, 6, 8, 12 months -> days 31, 90, 182, 243, 365).
- **Events** are read on daily opens, in the simulation and in the data alike: "touch $84k" means an
  open at or below 84,000 USD, "back above $87k" an open at or above 87,000, "inside the band" every
  open strictly between them, "new ATH" an open above the highest open up to the as-of point.
- **Models**: ``fhs`` (GARCH(1,1) + bootstrapped residuals of the last ``fit_years`` years, with the
  fitted mean), ``fhs_regime`` (same, residuals drawn only from days in the as-of Fed state), and the
  baseline ``random_walk`` (driftless Gaussian random walk of the log price with the standard
  deviation of the last 365 daily log returns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from flashcrash.article import EVENT_DAY, LEVEL_BREAK, LEVEL_LOW, RANGE_HIGH
from flashcrash.cache import cached
from flashcrash.scenarios.fed import fed_states
from flashcrash.scenarios.garch import GarchFit, fit_garch, variance_forecast
from flashcrash.scenarios.scoring import brier, pinball, skill
from flashcrash.scenarios.simulate import Paths, simulate_paths

LOW, HIGH = LEVEL_LOW, LEVEL_BREAK  # USD: the article's support and resistance (flashcrash.article)
HORIZON_MONTHS = {"1m": 1, "3m": 3, "6m": 6, "8m": 8, "12m": 12}
FAN_HORIZONS = ("1m", "3m", "6m", "12m")
SCORE_HORIZONS = ("1m", "3m", "6m", "8m")
QUANTILE_LEVELS = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
N_STEPS = 365
FIT_YEARS = 5
RW_WINDOW_DAYS = 365
SEED = 20251202
MODELS = ("fhs", "fhs_regime", "random_walk")


def default_event_day() -> pd.Timestamp:
    """UTC midnight of the crash day: :data:`flashcrash.article.EVENT_DAY`, the day the first chapter's scan identifies."""
    return EVENT_DAY


def as_of_time(event_day: pd.Timestamp | None = None) -> pd.Timestamp:
    """The as-of point: 00:00 UTC of the day after the event day (the event day's end).
    ``event_day`` defaults to :func:`default_event_day`."""
    event_day = default_event_day() if event_day is None else event_day
    if event_day.tzinfo is None:
        raise ValueError(f"event_day {event_day} has no time zone; pass a UTC timestamp")
    return event_day.tz_convert("UTC").normalize() + pd.Timedelta(days=1)


def daily_prices() -> pd.Series:
    """Bitstamp daily opens at 00:00 UTC (USD), full length, without the loader's attrs."""
    from flashcrash.data import bitstamp_daily

    s = bitstamp_daily()["btc_usd"].copy()
    s.attrs = {}
    return s


def fed_upper() -> pd.Series:
    """FRED DFEDTARU (percent), daily since 2008-12-16; the extended cache is used past the CSV's end."""
    from flashcrash.data import fred

    a = fred("DFEDTARU").copy()
    b = fred("DFEDTARU", extended=True).copy()
    s = pd.concat([a, b[b.index > a.index[-1]]])
    s.attrs = {}
    return s


@dataclass
class Setup:
    """Everything a forecast made at ``as_of`` knows. Prices in USD, returns in percent per day."""

    as_of: pd.Timestamp
    p0: float
    ath: float
    ath_date: pd.Timestamp
    fit: GarchFit
    fit_start: pd.Timestamp
    returns: pd.Series
    rw_sigma: float
    fed_state: str
    regime_pool: np.ndarray
    horizon_steps: dict[str, int] = field(default_factory=dict)

    @property
    def horizon_dates(self) -> dict[str, pd.Timestamp]:
        return {k: self.as_of + pd.Timedelta(days=v) for k, v in self.horizon_steps.items()}


def horizon_steps(as_of: pd.Timestamp) -> dict[str, int]:
    """Days from ``as_of`` to each calendar-month horizon, plus ``ath_2025`` (to 2025-12-31)."""
    out = {k: int((as_of + pd.DateOffset(months=m) - as_of).days) for k, m in HORIZON_MONTHS.items()}
    out["2025"] = int((pd.Timestamp("2025-12-31", tz="UTC") - as_of).days)
    return out


def prepare(prices: pd.Series, upper: pd.Series, event_day: pd.Timestamp | None = None, fit_years: int = FIT_YEARS) -> Setup:
    """Fit the models with data up to the as-of point only (both inputs are truncated here).

    ``prices``: daily opens (USD) on a UTC daily index; ``upper``: DFEDTARU (percent).
    Raises ``ValueError`` if the price of the as-of day is missing or a day inside the fit window is.
    """
    as_of = as_of_time(event_day)
    if prices.index.tz is None:
        raise ValueError("prices need a tz-aware UTC index")
    p = prices[prices.index <= as_of]
    if p.empty or p.index[-1] != as_of:
        raise ValueError(f"no price at the as-of point {as_of}; the series ends {p.index[-1] if len(p) else 'before it'}")
    fit_start = as_of - pd.DateOffset(years=fit_years)
    window = p[p.index >= fit_start]
    expected = pd.date_range(window.index[0], as_of, freq="D")
    if len(window) != len(expected) or (window <= 0).any() or window.isna().any():
        raise ValueError(f"the fit window {window.index[0]} -> {as_of} has missing or non-positive prices; fill the gap or shorten fit_years")
    r = 100.0 * np.log(window).diff().dropna()
    fit = fit_garch(r.to_numpy())
    rw_sigma = float(r.iloc[-RW_WINDOW_DAYS:].std(ddof=1))
    u = upper[upper.index <= as_of]
    states = fed_states(u, until=as_of)
    state = str(states.iloc[-1])
    start_state = states.reindex(r.index - pd.Timedelta(days=1)).to_numpy()  # state at each return's start
    pool = fit.resid[start_state == state]
    if pool.size < 100:
        raise ValueError(f"only {pool.size} residuals in Fed state {state!r} inside the fit window; lengthen fit_years")
    return Setup(
        as_of=as_of,
        p0=float(p.iloc[-1]),
        ath=float(p.max()),
        ath_date=p.idxmax(),
        fit=fit,
        fit_start=window.index[0],
        returns=r,
        rw_sigma=rw_sigma,
        fed_state=state,
        regime_pool=pool,
        horizon_steps=horizon_steps(as_of),
    )


@cached("scenario-paths")
def simulate(setup: Setup, model: str, n_paths: int, seed: int = SEED, record_steps: np.ndarray | None = None) -> Paths:
    """Simulate ``n_paths`` paths of :data:`N_STEPS` days of one model, tracking the events' barriers.
    Kept in the results cache (the chapter's 100,000 paths of each model are about 22 MB)."""
    levels_up = (HIGH, setup.ath)
    levels_down = (LOW,)
    common = {"n_paths": n_paths, "n_steps": N_STEPS, "seed": seed, "up": levels_up, "down": levels_down, "record_steps": record_steps}
    f = setup.fit
    if model == "fhs":
        return simulate_paths(setup.p0, mu=f.mu, omega=f.omega, alpha=f.alpha, beta=f.beta, h1=f.next_variance, pool=f.resid, **common)
    if model == "fhs_regime":
        return simulate_paths(setup.p0, mu=f.mu, omega=f.omega, alpha=f.alpha, beta=f.beta, h1=f.next_variance, pool=setup.regime_pool, **common)
    if model == "random_walk":
        s2 = setup.rw_sigma**2
        return simulate_paths(setup.p0, mu=0.0, omega=s2, alpha=0.0, beta=0.0, h1=s2, pool=None, **common)
    raise ValueError(f"unknown model {model!r}; choose one of {MODELS}")


def event_defs(setup: Setup) -> list[tuple[str, str, str, int]]:
    """(event id, description, kind, horizon day). Kinds: ``down`` (touch $84k), ``up`` (back above
    $87k), ``inside`` (stay inside $84k-$87k), ``ath`` (new all-time high)."""
    h = setup.horizon_steps
    out = []
    for k in ("1m", "3m", "6m", "12m"):
        out.append((f"touch_84k_{k}", f"open <= $84k within {k}", "down", h[k]))
    for k in ("1m", "3m", "6m", "12m"):
        out.append((f"above_87k_{k}", f"open >= $87k within {k}", "up", h[k]))
    for k in ("1m", "3m"):
        out.append((f"inside_{k}", f"all opens in $84k-$87k for {k}", "inside", h[k]))
    out.append(("ath_2025", "new ATH by 2025-12-31", "ath", h["2025"]))
    for k in ("6m", "12m"):
        out.append((f"ath_{k}", f"new ATH within {k}", "ath", h[k]))
    return out


def event_probability(paths: Paths, setup: Setup, kind: str, step: int) -> float:
    """Model probability of one event kind by day ``step``."""
    if kind == "down":
        return paths.prob_down(LOW, step)
    if kind == "up":
        return paths.prob_up(HIGH, step)
    if kind == "inside":
        return paths.prob_inside(LOW, HIGH, step)
    if kind == "ath":
        # strictly above the ATH: first_up uses >=, the ATH itself has probability ~0 to be hit exactly
        return paths.prob_up(setup.ath, step)
    raise ValueError(f"unknown event kind {kind!r}")


def realised_outcome(prices: pd.Series, setup: Setup, kind: str, step: int) -> tuple[float | None, pd.Timestamp]:
    """What happened (1.0 / 0.0, or ``None`` if the data end before the event is decided) and the
    date it was decided (first qualifying open, or the horizon date)."""
    after = prices[prices.index > setup.as_of]
    horizon = setup.as_of + pd.Timedelta(days=step)
    window = after[after.index <= horizon]
    complete = after.index[-1] >= horizon
    if kind == "inside":
        out = window[(window <= LOW) | (window >= HIGH)]
        if len(out):
            return 0.0, out.index[0]
        return (1.0, horizon) if complete else (None, after.index[-1])
    if kind == "down":
        hit = window[window <= LOW]
    elif kind == "up":
        hit = window[window >= HIGH]
    elif kind == "ath":
        hit = window[window > setup.ath]
    else:
        raise ValueError(f"unknown event kind {kind!r}")
    if len(hit):
        return 1.0, hit.index[0]
    return (0.0, horizon) if complete else (None, after.index[-1])


def probability_table(setup: Setup, paths: dict[str, Paths], prices: pd.Series | None = None) -> pd.DataFrame:
    """One row per event: each model's probability, and (with ``prices``) the outcome and its date."""
    rows = []
    for eid, desc, kind, step in event_defs(setup):
        row: dict = {"event": eid, "description": desc, "horizon": setup.as_of + pd.Timedelta(days=step)}
        for m, pth in paths.items():
            row[m] = event_probability(pth, setup, kind, step)
        if prices is not None:
            o, when = realised_outcome(prices, setup, kind, step)
            row["outcome"] = o
            row["decided"] = when
        rows.append(row)
    return pd.DataFrame(rows).set_index("event")


def quantile_table(
    setup: Setup, paths: dict[str, Paths], horizons: tuple[str, ...] = ("1m", "3m", "6m", "8m", "12m"), levels: tuple[float, ...] = QUANTILE_LEVELS
) -> pd.DataFrame:
    """Quantiles (USD) of the price at each horizon, one row per (model, horizon)."""
    rows = []
    for m, pth in paths.items():
        for k in horizons:
            q = np.quantile(pth.price_at(setup.horizon_steps[k]), levels)
            rows.append(
                {"model": m, "horizon": k, "date": setup.horizon_dates[k], **{f"q{round(t * 100):02d}": float(v) for t, v in zip(levels, q, strict=True)}}
            )
    return pd.DataFrame(rows)


def fan(setup: Setup, pth: Paths, levels: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95), every: int = 7) -> pd.DataFrame:
    """Quantiles (USD) of the price every ``every`` days (and on the horizons) for a fan chart."""
    steps = sorted(set(range(every, N_STEPS + 1, every)) | set(setup.horizon_steps.values()) & set(pth.record_steps.tolist()))
    steps = [s for s in steps if s in set(pth.record_steps.tolist())]
    q = np.quantile(np.exp(pth.log_price[np.searchsorted(pth.record_steps, steps)].astype(float)), levels, axis=1)
    df = pd.DataFrame(q.T, columns=[f"q{round(t * 100):02d}" for t in levels])
    df.insert(0, "time", [setup.as_of + pd.Timedelta(days=s) for s in steps])
    return pd.concat([pd.DataFrame([{"time": setup.as_of, **{c: setup.p0 for c in df.columns[1:]}}]), df], ignore_index=True)


def record_steps_for(setup: Setup, every: int = 7) -> np.ndarray:
    """Days to keep in a simulation: every ``every`` days and all horizons."""
    return np.unique(np.r_[np.arange(every, N_STEPS + 1, every), list(setup.horizon_steps.values())])


def scores(setup: Setup, paths: dict[str, Paths], prices: pd.Series, baseline: str = "random_walk") -> pd.DataFrame:
    """Brier score over the resolved events and mean pinball loss (USD) at each scoring horizon, per
    model, with skill against ``baseline``."""
    probs = probability_table(setup, paths, prices)
    resolved = probs[probs["outcome"].notna()]
    rows = []
    for m, pth in paths.items():
        row: dict = {"model": m, "brier": brier(resolved[m].to_numpy(), resolved["outcome"].to_numpy())}
        for k in SCORE_HORIZONS:
            day = setup.horizon_dates[k]
            y = float(prices.loc[day])
            q = np.quantile(pth.price_at(setup.horizon_steps[k]), QUANTILE_LEVELS)
            row[f"pinball_{k}"] = pinball(q, y, QUANTILE_LEVELS)
        rows.append(row)
    df = pd.DataFrame(rows).set_index("model")
    for c in list(df.columns):
        df[f"skill_{c}"] = [skill(v, df.loc[baseline, c]) for v in df[c]]
    df.attrs = {}
    return df


def first_crossings(prices: pd.Series, setup: Setup) -> pd.DataFrame:
    """First daily open (Bitstamp, 00:00 UTC) after the as-of point at or below $84k, at or above
    $87k, at or above $90k (top of the pre-crash range) and above the as-of ATH; with that open (USD)
    and the days elapsed. A level never reached has an empty date."""
    from flashcrash.scenarios.scoring import first_crossing

    rows = []
    for name, level, direction in (
        ("at or below $84k", LOW, "down"),
        ("at or above $87k", HIGH, "up"),
        ("at or above $90k", RANGE_HIGH, "up"),
        ("above the all-time high", np.nextafter(setup.ath, np.inf), "up"),
    ):
        t = first_crossing(prices, level, direction, setup.as_of)
        rows.append(
            {
                "crossing": name,
                "level": float(min(level, setup.ath) if "all-time" in name else level),
                "date": t,
                "open": float(prices.loc[t]) if t is not None else float("nan"),
                "days": float((t - setup.as_of).days) if t is not None else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def first_crossings_intraday(bars: pd.DataFrame, setup: Setup) -> pd.DataFrame:
    """Like :func:`first_crossings` on intraday bars (``low`` for down crossings, ``high`` for up):
    the open time (UTC) of the first bar after the as-of point whose range reaches the level."""
    from flashcrash.scenarios.scoring import first_crossing

    rows = []
    for name, level, direction in (
        ("at or below $84k", LOW, "down"),
        ("at or above $87k", HIGH, "up"),
        ("at or above $90k", RANGE_HIGH, "up"),
        ("above the all-time high", np.nextafter(setup.ath, np.inf), "up"),
    ):
        col = "low" if direction == "down" else "high"
        t = first_crossing(bars[col], level, direction, setup.as_of - pd.Timedelta(microseconds=1))
        rows.append(
            {
                "crossing": name,
                "level": float(min(level, setup.ath) if "all-time" in name else level),
                "time": t,
                "price": float(bars.loc[t, col]) if t is not None else float("nan"),
                "end_of_data": bars.index[-1],
            }
        )
    return pd.DataFrame(rows)


def run(
    prices: pd.Series | None = None,
    upper: pd.Series | None = None,
    event_day: pd.Timestamp | None = None,
    n_paths: int = 100_000,
    seed: int = SEED,
    models: tuple[str, ...] = MODELS,
) -> tuple[Setup, dict[str, Paths]]:
    """Fit and simulate ``models`` as of the event (data from the mirror unless given): every model by
    default; each model's paths come from its own seed, ``seed`` plus its place in :data:`MODELS`, so
    a model's paths are the same whichever others are simulated with it."""
    prices = daily_prices() if prices is None else prices
    upper = fed_upper() if upper is None else upper
    setup = prepare(prices, upper, event_day)
    return setup, simulate_models(setup, models, n_paths, seed)


def simulate_models(setup: Setup, models: tuple[str, ...], n_paths: int, seed: int = SEED) -> dict[str, Paths]:
    """Paths of ``models`` (in that order), ``n_paths`` each, from ``setup``: each model from its own
    seed, ``seed`` plus its place in :data:`MODELS`."""
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; choose from {MODELS}")
    rec = record_steps_for(setup)
    return {m: simulate(setup, m, n_paths, seed + MODELS.index(m), rec) for m in models}


def gbm_match(setup: Setup, model: str, step: int) -> tuple[float, float]:
    """(nu, sigma) per day, as fractions, of the GBM that matches a model over ``step`` days:
    for the random walk its own parameters; for the FHS models the fitted mean and the root of the
    average GARCH variance forecast over the horizon (for the regime model, the mean and scale of its
    residual pool are folded in)."""
    if model == "random_walk":
        return 0.0, setup.rw_sigma / 100.0
    f = setup.fit
    h = variance_forecast(f, step)
    pool = f.resid if model == "fhs" else setup.regime_pool
    nu = (f.mu + float(np.mean(np.sqrt(h))) * float(np.mean(pool))) / 100.0
    sigma = float(np.sqrt(np.mean(h)) * np.std(pool)) / 100.0
    return nu, sigma
