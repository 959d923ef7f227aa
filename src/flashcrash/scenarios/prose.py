"""The numbers the outlook chapter's text quotes, from its measures
(:class:`~flashcrash.scenarios.measures.OutlookMeasures`): glue key -> value, in the units the text
writes them (percentages and probabilities as numbers of percent, days as ``YYYY-MM-DD``), so that the
notebook only glues them (:func:`glue_values`). The notebook's prose names every key (tested).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from flashcrash.rules import outlook as RO
from flashcrash.scenarios import forecast as F
from flashcrash.scenarios.aftermath import Aftermath
from flashcrash.scenarios.measures import OutlookMeasures

Values = dict[str, Any]


def day(t: pd.Timestamp) -> str:
    """A day as ``YYYY-MM-DD``."""
    return t.strftime("%Y-%m-%d")


def setup_values(m: OutlookMeasures) -> Values:
    """The as-of point, the fitted GARCH (percent per day, annualised drift in percent), the random
    walk's daily standard deviation and the Fed regime."""
    setup, fit = m.setup, m.setup.fit
    return {
        "n_paths": m.n_paths,
        "band_pct": (F.HIGH / F.LOW - 1) * 100,
        "as_of": day(setup.as_of),
        "event_day": day(F.default_event_day()),
        "p0": setup.p0,
        "ath": setup.ath,
        "ath_date": day(setup.ath_date),
        "fit_start": day(setup.fit_start),
        "n_obs": fit.n_obs,
        "mu_pct": fit.mu,
        "mu_ann": float(np.expm1(fit.mu / 100 * 365)) * 100,
        "alpha": fit.alpha,
        "beta": fit.beta,
        "persistence": fit.persistence,
        "half_life": fit.half_life_days,
        "sd_next": float(np.sqrt(fit.next_variance)),
        "sd_unc": float(np.sqrt(fit.unconditional_variance)),
        "rw_sigma": setup.rw_sigma,
        "fed_state": setup.fed_state.replace("_", " "),
        "fed_last_change": day(m.fed_last_change),
        "n_regime": int(setup.regime_pool.size),
        "regime_mean": float(setup.regime_pool.mean()),
    }


def probability_score_values(m: OutlookMeasures) -> Values:
    """Every event's probability per model (percent), the Brier and pinball scores and their skill
    (percent), how many events are resolved, and the GBM barrier probability of a touch of $84k in 3
    months for the random walk (percent)."""
    probs, sc, out = m.probs, m.scores, {}
    for eid in probs.index:
        for model in F.MODELS:
            out[f"p_{eid}_{model}"] = float(probs.loc[eid, model]) * 100
    for model in F.MODELS:
        out[f"brier_{model}"] = float(sc.loc[model, "brier"])
        for k in F.SCORE_HORIZONS:
            out[f"pin_{k}_{model}"] = float(sc.loc[model, f"pinball_{k}"])
            out[f"skill_{k}_{model}"] = float(sc.loc[model, f"skill_pinball_{k}"]) * 100
        out[f"skill_brier_{model}"] = float(sc.loc[model, "skill_brier"]) * 100
    out["n_resolved"] = int(probs["outcome"].notna().sum())
    out["n_events"] = len(probs)
    g = m.gbm
    out["bgk_rw_3m"] = float(g.query("horizon == '3m' and model == 'random_walk'")["GBM, daily (BGK)"].iloc[0]) * 100
    return out


def outcome_values(m: OutlookMeasures) -> Values:
    """What happened: the opens at the horizons (USD), the data's end, the first crossings of the
    levels (daily and intraday) and the outcomes' quantiles in the FHS scenarios (percent)."""
    setup, prices, out = m.setup, m.prices, {}
    for k in F.SCORE_HORIZONS:
        out[f"y_{k}"] = float(prices[setup.horizon_dates[k]])
        out[f"d_{k}"] = day(setup.horizon_dates[k])
    out["data_end"] = day(prices.index[-1])
    out["y_end"] = float(prices.iloc[-1])
    cd, ci = m.daily_x, m.intraday
    out |= {
        "x84_date": day(cd.loc["at or below $84k", "date"]),
        "x84_days": int(cd.loc["at or below $84k", "days"]),
        "x84_open": float(cd.loc["at or below $84k", "open"]),
        "x87_date": day(cd.loc["at or above $87k", "date"]),
        "x87_open": float(cd.loc["at or above $87k", "open"]),
        "x90_date": day(cd.loc["at or above $90k", "date"]),
        "xi84_time": ci.loc["at or below $84k", "time"].strftime("%Y-%m-%d %H:%M"),
        "xi87_time": ci.loc["at or above $87k", "time"].strftime("%Y-%m-%d %H:%M"),
    }
    for k, v in m.pit.items():
        out[f"pit_{k}"] = v * 100
    return out


def aftermath_values(a: Aftermath) -> Values:
    """The Fed's decisions and balance sheet in the 90 days after (USD trillions, percent), the
    consolidation (percent, ratios) and the moves after the FOMC statements (percent, ratio)."""
    cuts, cons, ev, other = a.cuts, a.consolidation_table, a.event_moves, a.other_moves
    bs0, bs1, bs_ch = a.balance_sheet
    out: Values = {
        "liq_days": a.liquidity_days,
        "liq_n_cuts": len(cuts),
        "liq_n_hikes": int((a.decisions["kind"] == "hike").sum()),
        "liq_cuts": ", ".join(f"{int(-c)} bp on {day(t)}" for t, c in zip(cuts["announced"], cuts["change_bp"], strict=True)),
        "liq_bs0": bs0 / 1e6,
        "liq_bs1": bs1 / 1e6,
        "liq_bs_ch": float(bs_ch * 100),
    }
    for k, row in zip(("1m", "3m"), ("1 month", "3 months"), strict=True):
        out[f"cons_range_{k}"] = float(cons.loc[row, "price_range"] * 100)
        out[f"cons_net_{k}"] = float(cons.loc[row, "net_change"] * 100)
        out[f"cons_vol_{k}"] = float(cons.loc[row, "vol_ratio"])
    out |= {
        "cons_range_max": RO.RANGE_MAX.value * 100,
        "cons_drift_max": RO.DRIFT_MAX.value * 100,
        "fv_n": len(ev),
        "fv_days": ", ".join(day(t) for t in ev.index),
        "fv_utc": f"{ev.index[0]:%H:%M}",
        "fv_moves": " and ".join(f"{x * 100:.1f} %" for x in ev),
        "fv_med": float(other.median()) * 100,
        "fv_n_other": len(other),
        "fv_ratio": float(ev.mean() / other.median()),
    }
    return out


def glue_values(m: OutlookMeasures) -> Values:
    """Every number the chapter's text quotes (glue key -> value), from its measures."""
    return {**setup_values(m), **probability_score_values(m), **outcome_values(m), **aftermath_values(m.aftermath)}
