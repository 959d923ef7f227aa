"""Tables and summary figures of the crash atlas chapter, built from the atlas table
(:func:`flashcrash.atlas.atlas`). Falls and shares are fractions unless a column says percent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.atlas.run import SCALE, ScaleAssumptions, scale_estimate
from flashcrash.crashes import THIS_EVENT

#: The label the atlas gives the December 2025 crash (from :data:`flashcrash.crashes.CRASHES`).
THIS_LABEL = THIS_EVENT
PERP = "btc-perp-15m"
#: A correlation counted as a fair hourly fit in the summary (dimensionless).
CORR_GOOD = 0.5


def this_event(events: pd.DataFrame, market: str = PERP) -> pd.Series:
    """The row of the December 2025 crash in ``market``."""
    sel = events[(events["market"] == market) & (events["label"] == THIS_LABEL)]
    if len(sel) != 1:
        raise ValueError(f"expected one {market} event labelled {THIS_LABEL!r}, found {len(sel)}")
    return sel.iloc[0]


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce")


def event_table(events: pd.DataFrame, market: str = PERP) -> pd.DataFrame:
    """One row per crash of ``market`` for display: times (UTC), prices (USD), falls and shares in
    percent, liquidations in million USD, the cascade fit."""
    e = events[events["market"] == market]
    return pd.DataFrame(
        {
            "crash": e["label"],
            "start (UTC)": e["start"].dt.strftime("%Y-%m-%d %H:%M"),
            "break (UTC)": e["break_time"].dt.strftime("%Y-%m-%d %H:%M"),
            "session": e["session"],
            "high": e["high"],
            "low": e["low"],
            "fall %": e["drawdown"] * 100,
            "hours high to low": e["fall_hours"],
            "worst 1 h %": e["worst_1h"] * 100,
            "level": e["level"],
            "resisted": e["level_resisted"].map({True: "yes", False: "no"}).fillna("-"),
            "liquidations M USD": _num(e["liquidations_usd"]) / 1e6,
            "long %": _num(e["long_share"]) * 100,
            "fit corr.": _num(e["fit_correlation"]),
            "fit error": _num(e["fit_error"]),
        }
    ).reset_index(drop=True)


def fit_table(events: pd.DataFrame, market: str = PERP) -> pd.DataFrame:
    """The cascade model on every crash of ``market`` the liquidation data cover."""
    e = events[(events["market"] == market) & events["fit_error"].notna()]
    return pd.DataFrame(
        {
            "start (UTC)": e["start"].dt.strftime("%Y-%m-%d %H:%M"),
            "hours": _num(e["fit_hours"]).astype(int),
            "window": np.where(e["in_sample"].astype(bool), "calibration day inside", "out of sample"),
            "observed M USD": _num(e["liquidations_usd"]) / 1e6,
            "model M USD": _num(e["model_liquidations_usd"]) / 1e6,
            "correlation": _num(e["fit_correlation"]),
            "baseline corr.": _num(e["baseline_correlation"]),
            "weighted abs. error": _num(e["fit_error"]),
            "total error %": _num(e["model_total_error"]) * 100,
        }
    ).reset_index(drop=True)


def named_table(events: pd.DataFrame) -> pd.DataFrame:
    """The catalogued crashes as the atlas finds them, per market: depth, speed, session,
    liquidations and funding before."""
    e = events[events["label"] != ""]
    return pd.DataFrame(
        {
            "crash": e["label"],
            "market": e["market"],
            "start (UTC)": e["start"].dt.strftime("%Y-%m-%d %H:%M"),
            "fall %": e["drawdown"] * 100,
            "hours high to low": e["fall_hours"],
            "worst 1 h %": e["worst_1h"] * 100,
            "session": e["session"],
            "ETH fall %": _num(e["eth_drawdown"]) * 100,
            "funding 30 d percentile": _num(e["funding_30d_percentile"]) * 100,
            "liquidations M USD": _num(e["liquidations_usd"]) / 1e6,
            "long %": _num(e["long_share"]) * 100,
        }
    ).reset_index(drop=True)


def standing(events: pd.DataFrame, market: str = PERP) -> dict[str, float | int | str]:
    """Where the December 2025 crash stands among the crashes of ``market``: ``deeper_share`` (share
    of the other crashes it was deeper than), ``faster_share`` (share it fell faster than, by worst
    1-hour fall), medians of depth, hours high-to-low and worst 1-hour fall, and for the crashes the
    liquidation file covers: count, the share it exceeds in liquidations, median long share."""
    e = events[events["market"] == market]
    t = this_event(events, market)
    others = e[e["id"] != t["id"]]
    liq = e[e["liquidations_usd"].notna()]
    liq_others = liq[liq["id"] != t["id"]]
    return {
        "n": len(e),
        "deeper_share": float((others["drawdown"] < t["drawdown"]).mean()),
        "faster_share": float((others["worst_1h"] < t["worst_1h"]).mean()),
        "median_drawdown": float(e["drawdown"].median()),
        "median_fall_hours": float(e["fall_hours"].median()),
        "median_worst_1h": float(e["worst_1h"].median()),
        "share_deeper_10pct": float((e["drawdown"] >= 0.10).mean()),
        "n_liq": len(liq),
        "liq_exceeds_share": float((_num(liq_others["liquidations_usd"]) < float(t["liquidations_usd"])).mean()) if len(liq_others) else float("nan"),
        "liq_rank": int((_num(liq["liquidations_usd"]) > float(t["liquidations_usd"])).sum()) + 1,
        "median_long_share": float(_num(liq["long_share"]).median()),
        "min_long_share": float(_num(liq["long_share"]).min()),
        "max_liquidations": float(_num(liq["liquidations_usd"]).max()),
        "max_liquidations_start": liq.loc[_num(liq["liquidations_usd"]).idxmax(), "start"] if len(liq) else pd.NaT,
        "resisted_share": float(e["level_resisted"].dropna().astype(bool).mean()),
        "n_resisted_decided": int(e["level_resisted"].notna().sum()),
    }


def fit_summary(events: pd.DataFrame, market: str = PERP) -> dict[str, float | int]:
    """The cascade model's record on the crashes of ``market`` the data cover: counts, and for the
    out-of-sample ones the median correlation and weighted absolute error, the share with a
    correlation of at least 0.5, the median relative error of the total, and the same correlation
    of the no-model yardstick (hourly price fall) with how often the model beats it."""
    e = events[(events["market"] == market) & events["fit_error"].notna()]
    oos = e[~e["in_sample"].astype(bool)]
    corr = _num(oos["fit_correlation"])
    return {
        "n_fit": len(e),
        "n_in_sample": int(e["in_sample"].astype(bool).sum()),
        "n_oos": len(oos),
        "median_corr": float(corr.median()),
        "min_corr": float(corr.min()),
        "max_corr": float(corr.max()),
        "share_corr_05": float((corr >= CORR_GOOD).mean()),
        "median_error": float(_num(oos["fit_error"]).median()),
        "median_total_error": float(_num(oos["model_total_error"]).median()),
        "share_under": float((_num(oos["model_total_error"]) < 0).mean()),
        "median_baseline_corr": float(_num(oos["baseline_correlation"]).median()),
        "share_beats_baseline": float((corr > _num(oos["baseline_correlation"])).mean()),
        "in_sample_corr": float(_num(e.loc[e["in_sample"].astype(bool), "fit_correlation"]).iloc[0]) if e["in_sample"].astype(bool).any() else float("nan"),
    }


def cost_table(profile: pd.DataFrame) -> pd.DataFrame:
    """:func:`flashcrash.atlas.run.profile` for display, one row per market: bars, years of data,
    crashes found, and CPU seconds to read its file, to find and measure its crashes, and per
    market-year (both together)."""
    return pd.DataFrame(
        {
            "market": profile["label"],
            "bars": profile["bars"],
            "years": profile["years"],
            "crashes": profile["events"],
            "CPU s to read": profile["load_cpu"],
            "CPU s to find and measure": profile["cpu"],
            "CPU s per market-year": profile["cpu_per_year"],
        }
    ).reset_index(drop=True)


def cost_summary(profile: pd.DataFrame, a: ScaleAssumptions = SCALE) -> dict[str, float]:
    """Measured cost per market-year (CPU seconds: all markets pooled, and the costliest market,
    BTC 15-minute with liquidations and the cascade model), the scale estimate of
    :func:`flashcrash.atlas.run.scale_estimate` at the costliest rate (a conservative choice), the
    size of the raw 15-minute bars (GB) and the minutes to download them at the assumed bandwidth."""
    pooled = float((profile["cpu"] + profile["load_cpu"]).sum() / profile["years"].sum())
    worst = float(profile["cpu_per_year"].max())
    est = scale_estimate(worst, a)
    data_gb = a.markets * a.years * 365.25 * 96 * 6 * 8 / 1e9  # six float64 columns per 15-minute bar
    return {
        "pooled_per_year": pooled,
        "worst_per_year": worst,
        "worst_market": str(profile.loc[profile["cpu_per_year"].idxmax(), "label"]),
        "market_years_measured": float(profile["years"].sum()),
        "markets_measured": len(profile),
        **{k: float(v) for k, v in est.items()},
        "data_gb": data_gb,
        "download_minutes": data_gb * 8e3 / a.bandwidth_mbit / 60.0,
    }
