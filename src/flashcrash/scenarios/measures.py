"""The outlook chapter's data, read once (:func:`load`), and every number it shows, computed once
(:func:`measures`) into one typed object, :class:`OutlookMeasures`, that the notebook and the tests
read. The assessor (:func:`flashcrash.scenarios.assess.assess`) reads its part the rules need,
:class:`OutlookCore` (:func:`core_measures`), computed by the same code.

Prices USD (Bitstamp daily opens at 00:00 UTC; Binance spot hourly bars), the Fed's target in percent,
returns in percent per day in the GARCH fit, probabilities and shares as fractions, times UTC. The
simulated paths are kept in the results cache (:func:`flashcrash.scenarios.forecast.simulate`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from flashcrash.cache import cached
from flashcrash.scenarios import aftermath as A
from flashcrash.scenarios import forecast as F
from flashcrash.scenarios.barrier import touch_probability
from flashcrash.scenarios.simulate import Paths

#: Paths per model of the chapter's text and charts (the assessor uses fewer: :data:`flashcrash.scenarios.assess.N_PATHS_ASSESS`).
N_PATHS_CHAPTER = 100_000
#: Horizons of the comparison of the simulated touch of $84k with the closed-form GBM barrier probability.
GBM_HORIZONS = ("1m", "3m", "12m")
#: Models whose price quantiles the fan chart shows.
FAN_MODELS = ("fhs", "random_walk")
#: Models the rules and the verdicts' figures read (the page adds the others of :data:`flashcrash.scenarios.forecast.MODELS`).
RULE_MODELS = ("fhs", "random_walk")


@dataclass(frozen=True)
class Inputs:
    """The chapter's data: Bitstamp daily opens (``prices``, USD), the Fed's target upper bound
    (``upper``, percent, :func:`flashcrash.scenarios.forecast.fed_upper`), Binance spot BTCUSDT hourly
    bars (``hourly``, USD), the Fed's rate decisions (``decisions``) and its balance sheet (``walcl``,
    FRED WALCL, USD millions)."""

    prices: pd.Series
    upper: pd.Series
    hourly: pd.DataFrame
    decisions: pd.DataFrame
    walcl: pd.Series


def load() -> Inputs:
    """Read the chapter's data from the registry's files."""
    from flashcrash import data, macro

    return Inputs(
        prices=F.daily_prices(), upper=F.fed_upper(), hourly=data.spot_1h("BTC"), decisions=macro.fed_decisions(), walcl=data.fred("WALCL", extended=True)
    )


@dataclass(frozen=True)
class OutlookCore:
    """The measures of the outlook chapter the rules read (:func:`flashcrash.scenarios.assess.assess`),
    as of the end of the crash day.

    ``setup``: the fit as of the crash (:class:`~flashcrash.scenarios.forecast.Setup`); ``paths``:
    ``n_paths`` simulated paths per model; ``probs``: the events' probabilities and outcomes;
    ``daily_crossings``/``intraday_crossings``: the first daily opens and hourly bars at the levels;
    ``fed_last_change``: the last change of the Fed's target up to the as-of point; ``aftermath``: the
    measures of c60, c67 and c68. ``prices`` and ``upper`` are the chapter's data.
    """

    prices: pd.Series
    upper: pd.Series
    setup: F.Setup
    paths: dict[str, Paths]
    n_paths: int
    probs: pd.DataFrame
    daily_crossings: pd.DataFrame
    intraday_crossings: pd.DataFrame
    fed_last_change: pd.Timestamp
    aftermath: A.Aftermath

    @property
    def daily_x(self) -> pd.DataFrame:
        """:attr:`daily_crossings` indexed by the crossing's name."""
        return self.daily_crossings.set_index("crossing")

    @property
    def intraday(self) -> pd.DataFrame:
        """:attr:`intraday_crossings` indexed by the crossing's name."""
        return self.intraday_crossings.set_index("crossing")

    @property
    def after(self) -> pd.Series:
        """Daily opens after the as-of point (USD)."""
        return self.prices[self.prices.index > self.setup.as_of]

    def within(self, horizon: str) -> pd.Series:
        """Daily opens after the as-of point up to a horizon (``"1m"``, ``"3m"``, ...)."""
        a = self.after
        return a[a.index <= self.setup.horizon_dates[horizon]]

    @property
    def fed_changes(self) -> pd.Series:
        """Day-to-day changes of the Fed target's upper bound (percent)."""
        return self.upper.diff()


@dataclass(frozen=True)
class OutlookMeasures(OutlookCore):
    """Every measure of the outlook chapter: the rules' (:class:`OutlookCore`) and what only the page
    shows: ``scores``: Brier and pinball scores with skill; ``pit``: the share of FHS paths at or below
    the realised open at each scoring horizon (fraction); ``gbm``: the simulated touch of $84k against
    the GBM barrier formula; ``fans``: the price quantiles of the fan chart per model
    (:func:`~flashcrash.scenarios.forecast.fan`, FHS and random walk)."""

    scores: pd.DataFrame
    pit: dict[str, float]
    gbm: pd.DataFrame
    fans: dict[str, pd.DataFrame]


def pit_values(setup: F.Setup, fhs: Paths, prices: pd.Series) -> dict[str, float]:
    """Per scoring horizon: the share of ``fhs`` paths at or below the realised open (fraction, the
    probability integral transform of the outcome)."""
    return {k: float(np.mean(fhs.price_at(setup.horizon_steps[k]) <= prices[setup.horizon_dates[k]])) for k in F.SCORE_HORIZONS}


def gbm_table(setup: F.Setup, probs: pd.DataFrame, n_paths: int, horizons: tuple[str, ...] = GBM_HORIZONS) -> pd.DataFrame:
    """P(an open at or below $84k) by horizon and model: the simulation (``Monte Carlo``, with two
    binomial standard errors for ``n_paths`` paths) against the GBM of the same mean and variance
    (:func:`flashcrash.scenarios.forecast.gbm_match`), daily-monitored (Broadie-Glasserman-Kou) and
    continuous (:func:`flashcrash.scenarios.barrier.touch_probability`). Fractions."""
    rows = []
    for k in horizons:
        step = setup.horizon_steps[k]
        for m in ("random_walk", "fhs"):
            nu, sig = F.gbm_match(setup, m, step)
            mc = float(probs.loc[f"touch_84k_{k}", m])
            rows.append(
                {
                    "horizon": k,
                    "model": m,
                    "Monte Carlo": mc,
                    "± 2 s.e.": 2 * np.sqrt(mc * (1 - mc) / n_paths),
                    "GBM, daily (BGK)": touch_probability(setup.p0, F.LOW, nu, sig, step, dt=1.0),
                    "GBM, continuous": touch_probability(setup.p0, F.LOW, nu, sig, step),
                }
            )
    return pd.DataFrame(rows)


def _low_high(hourly: pd.DataFrame) -> pd.DataFrame:
    """The hourly bars' ``low`` and ``high`` (USD), without the loader's attrs."""
    out = hourly[["low", "high"]].copy()
    out.attrs = {}
    return out


def _last_change(upper: pd.Series, as_of: pd.Timestamp) -> pd.Timestamp:
    """The day the Fed's target last changed up to ``as_of``."""
    u = upper[upper.index <= as_of]
    return u[u.diff() != 0].index[-1]


def core_measures(x: Inputs, n_paths: int = N_PATHS_CHAPTER) -> OutlookCore:
    """The rules' measures from the chapter's data ``x`` (:func:`load`), with ``n_paths`` simulated
    paths per model of :data:`RULE_MODELS`."""
    setup, paths = F.run(x.prices, x.upper, n_paths=n_paths, models=RULE_MODELS)
    return OutlookCore(
        prices=x.prices,
        upper=x.upper,
        setup=setup,
        paths=paths,
        n_paths=n_paths,
        probs=F.probability_table(setup, paths, x.prices),
        daily_crossings=F.first_crossings(x.prices, setup),
        intraday_crossings=F.first_crossings_intraday(_low_high(x.hourly), setup),
        fed_last_change=_last_change(x.upper, setup.as_of),
        aftermath=A.aftermath(x.prices, x.hourly, x.decisions, x.walcl, setup.as_of, setup.horizon_dates),
    )


def all_models(core: OutlookCore) -> tuple[dict[str, Paths], pd.DataFrame]:
    """The paths of every model (:data:`flashcrash.scenarios.forecast.MODELS`, in that order) and their
    probability table: the rules' models' paths and probabilities of ``core`` with the others' added."""
    rest = tuple(m for m in F.MODELS if m not in core.paths)
    more = F.simulate_models(core.setup, rest, core.n_paths)
    extra = F.probability_table(core.setup, more)
    head = ["description", "horizon"]
    probs = core.probs.assign(**{m: extra[m] for m in rest})
    probs = probs[[*head, *F.MODELS, *(c for c in core.probs.columns if c not in (*head, *F.MODELS))]]
    return {m: core.paths[m] if m in core.paths else more[m] for m in F.MODELS}, probs


def measures(x: Inputs, n_paths: int = N_PATHS_CHAPTER) -> OutlookMeasures:
    """The chapter's measures from its data ``x`` (:func:`load`), with ``n_paths`` simulated paths per
    model: :func:`core_measures` and the page's scores, PIT values, GBM comparison and fans."""
    core = core_measures(x, n_paths)
    setup = core.setup
    paths, probs = all_models(core)
    return OutlookMeasures(
        **{f.name: getattr(core, f.name) for f in fields(OutlookCore) if f.name not in ("paths", "probs")},
        paths=paths,
        probs=probs,
        scores=F.scores(setup, paths, x.prices),
        pit=pit_values(setup, paths["fhs"], x.prices),
        gbm=gbm_table(setup, probs, n_paths),
        fans={k: F.fan(setup, paths[k]) for k in FAN_MODELS},
    )


def rule_measures(n_paths: int) -> OutlookCore:
    """:func:`core_measures` of :func:`load` with ``n_paths`` paths per model, kept in the results
    cache: what the assessor reads, computed once for the ledger and the page."""
    return _rule_measures(n_paths)


@cached("outlook-rule-measures")
def _rule_measures(n_paths: int) -> OutlookCore:
    return core_measures(load(), n_paths)


def chapter_measures(n_paths: int = N_PATHS_CHAPTER) -> OutlookMeasures:
    """Every number of the chapter (:func:`measures` of :func:`load`, ``n_paths`` paths per model),
    kept in the results cache: the notebook and the tests read one computation."""
    return _chapter_measures(n_paths)


@cached("outlook-chapter-measures")
def _chapter_measures(n_paths: int) -> OutlookMeasures:
    return measures(load(), n_paths)
