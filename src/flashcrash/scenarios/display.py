"""The outlook chapter's tables as it shows them, from its measures
(:class:`~flashcrash.scenarios.measures.OutlookMeasures`): styled pandas tables with their captions,
probabilities as percentages, prices in whole USD, days as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from flashcrash.scenarios import forecast as F
from flashcrash.scenarios.measures import OutlookMeasures
from flashcrash.scenarios.prose import day

#: The models' names in the tables.
MODEL_NAMES = {"fhs": "FHS", "fhs_regime": "FHS, Fed regime", "random_walk": "random walk"}


def parameters_table(m: OutlookMeasures) -> Styler:
    """The fitted GARCH(1,1): its parameters, persistence and half-life (days), the next day's and the
    long-run daily standard deviations (percent), the log likelihood and the days in the fit."""
    fit, setup = m.setup.fit, m.setup
    params = pd.DataFrame(
        {
            "parameter": [
                "mu (% per day)",
                "omega (%² per day)",
                "alpha",
                "beta",
                "alpha + beta",
                "half-life (days)",
                "sd next day (%)",
                "sd long run (%)",
                "log likelihood",
                "days in fit",
            ],
            "value": [
                fit.mu,
                fit.omega,
                fit.alpha,
                fit.beta,
                fit.persistence,
                fit.half_life_days,
                np.sqrt(fit.next_variance),
                np.sqrt(fit.unconditional_variance),
                fit.loglik,
                fit.n_obs,
            ],
        }
    )
    return (
        params.style.format({"value": "{:,.4g}"})
        .hide(axis="index")
        .set_caption(f"GARCH(1,1) fitted on Bitstamp daily log returns, {day(setup.fit_start)} to {day(setup.as_of)}")
    )


def probabilities_table(m: OutlookMeasures) -> Styler:
    """Every event's probability per model (percent, one decimal), its outcome (1/0, blank while
    undecided) and the day it was decided."""
    show = m.probs.drop(columns=["horizon"])
    show["decided"] = show["decided"].dt.strftime("%Y-%m-%d")
    return (
        show.rename(columns=MODEL_NAMES)
        .style.format({"FHS": "{:.1%}", "FHS, Fed regime": "{:.1%}", "random walk": "{:.1%}", "outcome": lambda v: "" if pd.isna(v) else f"{v:.0f}"})
        .set_caption("Event probabilities as of the crash (daily opens) and outcomes")
    )


def gbm_display(m: OutlookMeasures) -> Styler:
    """:func:`~flashcrash.scenarios.measures.gbm_table` as percentages with two decimals."""
    bar = m.gbm
    return bar.style.format({c: "{:.2%}" for c in bar.columns[2:]}).hide(axis="index").set_caption("P(an open at or below $84k): simulation vs closed form")


def scores_table(m: OutlookMeasures) -> Styler:
    """The scores, one column per model: Brier (four decimals), mean pinball loss (USD) and skill against
    the random walk (percent)."""
    tab = m.scores.copy()
    tab.index = tab.index.map(MODEL_NAMES)
    tab = tab.T
    tab.index.name = "score"
    return (
        tab.style.format("{:.4f}", subset=pd.IndexSlice[["brier"], :])
        .format("{:,.0f}", subset=pd.IndexSlice[[f"pinball_{k}" for k in F.SCORE_HORIZONS], :])
        .format("{:+.1%}", subset=pd.IndexSlice[[c for c in tab.index if c.startswith("skill")], :])
        .set_caption("Brier score (resolved events), mean pinball loss (USD) at 1, 3, 6 and 8 months, and skill vs the random walk")
    )


def daily_crossings_table(m: OutlookMeasures) -> Styler:
    """The first daily opens at the levels (USD) and the days they took ("never" when not reached)."""
    c1 = m.daily_crossings.copy()
    c1["date"] = c1["date"].map(lambda t: "" if pd.isna(t) else day(t))
    return (
        c1.style.format({"level": "{:,.0f}", "open": "{:,.0f}", "days": "{:.0f}"}, na_rep="never")
        .hide(axis="index")
        .set_caption(f"First daily open (Bitstamp, 00:00 UTC) after {day(m.setup.as_of)}")
    )


def intraday_crossings_table(m: OutlookMeasures) -> Styler:
    """The first hourly bars whose range reaches the levels (UTC, USD) and the data's end."""
    c2 = m.intraday_crossings.copy()
    c2["time"] = c2["time"].map(lambda t: "" if pd.isna(t) else t.strftime("%Y-%m-%d %H:%M"))
    c2["end_of_data"] = c2["end_of_data"].dt.strftime("%Y-%m-%d %H:%M")
    return (
        c2.style.format({"level": "{:,.0f}", "price": "{:,.0f}"}, na_rep="never")
        .hide(axis="index")
        .set_caption("First hourly bar (Binance spot BTCUSDT) whose range reaches the level")
    )
