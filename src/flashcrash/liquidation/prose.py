"""The numbers the liquidation chapter's text quotes, from its measures and its claims' figures: glue
key -> value, in the units the text writes them (millions or billions of USD, percentages as numbers
of percent, times as ``HH:MM``), so that the notebook only glues them (:func:`glue_values`). The
notebook's prose names every key (tested).
"""

from __future__ import annotations

from typing import Any

from flashcrash.claims import Assessment
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import sequence as sq
from flashcrash.liquidation.claims import THREE_EXCHANGE_OI_SHARE, timed_growth
from flashcrash.liquidation.measures import CANDIDATE_DAYS, FUNDING_WINDOW_DAYS, LiquidationMeasures
from flashcrash.rules import liquidations as rl
from flashcrash.sessions import ASIA_TZ

#: An out-of-sample day the model fits well: hourly correlation of modelled and observed totals above this.
GOOD_CORRELATION = 0.7
#: The amplification band's values the text quotes.
BAND_KEYS = ("factor", "factor_lo", "factor_hi", "observed_low", "exogenous_low", "exogenous_low_lo", "exogenous_low_hi")

Values = dict[str, Any]


def observed_values(m: LiquidationMeasures) -> Values:
    """The event day in the three exchanges' data (millions of USD, percent, UTC and Hong Kong hours)
    and the cited share of open interest (percent)."""
    ev = m.long_shares.loc[m.day]
    return {
        "worst_usd": float(ev["worst_hour_usd"]) / 1e6,
        "worst_hour": f"{ev['worst_hour']:%H:%M}",
        "worst_local": f"{ev['worst_hour'].tz_convert(ASIA_TZ):%H:%M}",
        "worst_long": float(ev["worst_hour_long_share"]) * 100,
        "day_usd": float(ev["total_usd"]) / 1e6,
        "day_long": float(ev["long_share"]) * 100,
        "worst_share_day": float(ev["worst_hour_usd"] / ev["total_usd"]) * 100,
        "oi_share_with_cme": THREE_EXCHANGE_OI_SHARE[1] * 100,
        "oi_share_without_cme": THREE_EXCHANGE_OI_SHARE[0] * 100,
    }


def model_values(m: LiquidationMeasures) -> Values:
    """The fit (leverage, millions of USD, correlation, percent error), the open interest and depth of
    the impact law (billions of USD), the validation days and the amplification band."""
    mo = m.model
    fit, val = mo.fit, mo.validation
    return {
        "fit_lev": float(fit.params.median_leverage),
        "fit_long_musd": fit.params.long_usd / 1e6,
        "fit_short_musd": fit.params.short_usd / 1e6,
        "fit_corr": float(fit.correlation),
        "fit_err": float(fit.total_error) * 100,
        "open_px": mo.open_price,
        "oi_first_busd": m.oi_first / 1e9,
        "oi_first_day": f"{m.oi_first_time:%-d %B}",
        "daily_volume_busd": mo.depth[1] / 1e9,
        "depth_days": cal.DEPTH_DAYS,
        "n_good": int(len(val[val["hourly_correlation"] > GOOD_CORRELATION])),
        "n_val": int(len(val)),
        **{f"amp_{k}": float(mo.band[k]) for k in BAND_KEYS},
    }


def coverage_values(m: LiquidationMeasures) -> Values:
    """The coverage scales from other days' reports and the estimates they give (millions of USD,
    traders), and what the day's reports said."""
    rep, ev = m.reports, m.event
    us, ts = rep.usd_scale, rep.trader_scale
    out: Values = {"cov_n": us.n, "cov_lo": us.low, "cov_hi": us.high}
    for key, (lo, hi) in {"est_hour": us.of(ev.worst_usd), "est_day": us.of(ev.day_usd)}.items():
        out[f"{key}_lo"], out[f"{key}_hi"] = lo / 1e6, hi / 1e6
    out |= {"cov_tr_n": ts.n, "tr_per_m_lo": ts.low * 1e6, "tr_per_m_hi": ts.high * 1e6, "est_tr_lo": ts.of(ev.day_usd)[0], "est_tr_hi": ts.of(ev.day_usd)[1]}
    out["spread_max"] = rl.ESTIMATE_MAX_SPREAD.value
    for key, rows in {"rep_hour": rep.hour, "rep_day": rep.total, "rep_tr": rep.traders}.items():
        v = rows.loc[rows["about_day"] == m.day, "value"]
        out[f"{key}_n"] = len(v)
        out[f"{key}_lo"] = float(v.min()) / (1e6 if key != "rep_tr" else 1)
        out[f"{key}_hi"] = float(v.max()) / (1e6 if key != "rep_tr" else 1)
    out["growth"] = timed_growth(rep.total, m.day)
    return out


def _figures(assessments: dict[str, Assessment], claim_id: str) -> dict[str, Any]:
    return {f.name: f.value for f in assessments[claim_id].figures}


def lurking_batch_values(assessments: dict[str, Assessment]) -> Values:
    """c48 and c49 as the text quotes them (millions of USD, percent, hours), from the claims' figures."""
    f48, f49 = _figures(assessments, "c48-leverage-lurking"), _figures(assessments, "c49-first-batch-larger")
    return {
        "lk_after_hours": sq.AFTER_BREAK_HOURS,
        "lk_total": f48["liquidations_break_hour_and_3_after"] / 1e6,
        "lk_share": f48["long_share_break_hour_and_3_after"] * 100,
        "lk_oi_first": f"{f48['open_interest_first_hour']:%Y-%m-%d}",
        "lk_window": FUNDING_WINDOW_DAYS,
        "lk_fund": f48["btc_funding_30d_annualised"] * 100,
        "lk_pct": f48["btc_funding_30d_percentile"] * 100,
        "fb_k": rl.BATCH_MULTIPLE.value,
        "fb_base": f49["median_hour_7d_before"] / 1e6,
        "fb_thr": f49["batch_threshold"] / 1e6,
        "fb_peak": f"{f49['peak_hour']:%Y-%m-%d %H:%M}",
        "fb_peak_usd": f49["peak_long_usd"] / 1e6,
        "fb_first": f"{f49['first_batch_hour']:%Y-%m-%d %H:%M}",
        "fb_first_usd": f49["first_batch_long_usd"] / 1e6,
        "fb_ratio": f49["peak_over_first_batch"],
        "fb_hours": f49["hours_first_batch_to_peak"],
        "fb_next": f49["hour_after_peak_long_usd"] / 1e6,
        "fb_other": f49["other_days_growing"],
        "fb_larger": rl.LARGER_RATIO.value,
        "n_mid_days": len(CANDIDATE_DAYS) - 1,
    }


def fuse_deleveraging_values(assessments: dict[str, Assessment]) -> Values:
    """c51 and c52 as the text quotes them (percent, millions of USD, days), from the claims' figures."""
    f51, f52 = _figures(assessments, "c51-fuse-then-fuel"), _figures(assessments, "c52-large-deleveraging")
    return {
        "fu_pct": rl.FIRST_FALL.value * 100,
        "fu_first": f"{f51['first_sharp_fall_hour']:%H:%M}",
        "fu_ret": -f51["first_sharp_fall_return"] * 100,
        "fu_before_ret": -f51["hour_before_fall_return"] * 100,
        "fu_before_usd": f51["hour_before_fall_long_usd"] / 1e6,
        "fu_share": f51["share_of_day_fall_by_end_of_peak_hour"] * 100,
        "dl_usd": f52["day_3ex_btc_usd"] / 1e6,
        "dl_rank": f52["rank_among_days"],
        "dl_days": f52["complete_days"],
        "dl_largest_day": f"{f52['largest_day']:%Y-%m-%d}",
        "dl_largest": f52["largest_day_3ex_btc_usd"] / 1e6,
        "dl_rep_lo": f52["reported_24h_usd_low"] / 1e6,
        "dl_rep_hi": f52["reported_24h_usd_high"] / 1e6,
        "dl_avg_lo": f52["reported_2025_daily_average_low"] / 1e6,
        "dl_avg_hi": f52["reported_2025_daily_average_high"] / 1e6,
    }


def glue_values(m: LiquidationMeasures, assessments: dict[str, Assessment]) -> Values:
    """Every number the chapter's text quotes (glue key -> value), from its measures and its claims'
    figures (:func:`flashcrash.liquidation.claims.assess` of the same measures)."""
    return {**observed_values(m), **model_values(m), **coverage_values(m), **lurking_batch_values(assessments), **fuse_deleveraging_values(assessments)}
