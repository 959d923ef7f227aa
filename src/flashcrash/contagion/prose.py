"""The numbers the chapter's text quotes, from its measures: glue key -> value, in the units the text
writes them (percentages as numbers of percent, days and times as words), so that the notebook only
glues them (:func:`glue_values`) and computes nothing. The notebook's prose names every key (tested).
"""

from __future__ import annotations

from typing import Any

from flashcrash.backdrop.measures import BackdropMeasures
from flashcrash.backdrop.speed import SPEED_LOOKBACK_DAYS
from flashcrash.contagion.measures import ComovementShown, ContagionMeasures, Derivatives, Fed, Funding, Rates
from flashcrash.rules import contagion_macro as RC

#: The crash table's rows the text quotes, by glue suffix (``this`` is the event itself).
QUOTED_CRASHES = {"may22": "2022-05 (Terra/LUNA)", "nov22": "2022-11 (FTX)"}

Values = dict[str, Any]


def comovement_values(c: ComovementShown) -> Values:
    """Drawdowns (percent), the BTC low's time, lead-lag and correlation-shift numbers."""
    dd, alts, ll, ll_long = c.drawdowns, c.alts, c.lead_lag, c.lead_lag_long
    c15, c5 = c.correlation("15min"), c.correlation("5min")
    return {
        "btc_dd": float(-dd.loc["BTC", "drawdown"] * 100),
        "eth_dd": float(-dd.loc["ETH", "drawdown"] * 100),
        "alt_dd_min": float(-alts["drawdown"].max() * 100),
        "alt_dd_max": float(-alts["drawdown"].min() * 100),
        "alt_dd_max_coin": str(alts["drawdown"].idxmin()),
        "btc_low_time": f"{dd.loc['BTC', 'low_time']:%H:%M}",
        "btc_break_dd": float(-dd.loc["BTC", "break_drawdown"] * 100),
        "max_low_gap": float(alts["minutes_after_btc_low"].abs().max()),
        "n_worse": c.alts_fell_more,
        "beta_ratio_med": float(alts["ratio_to_btc"].median()),
        "n_lag0": c.coins_peak_lag0,
        "ll_corr_min": float(ll["corr_lag0"].min()),
        "ll_corr_max": float(ll["corr_lag0"].max()),
        "ll_off_max": float(ll_long.loc[ll_long["lag"] != 0, "corr"].abs().max()),
        "corr15_base_eth": float(c15.loc["ETH", "corr_base"]),
        "corr15_event_eth": float(c15.loc["ETH", "corr_event"]),
        "corr15_change_mean": float(c15["corr_change"].mean()),
        "corr5_change_mean": float(c5["corr_change"].mean()),
        "beta15_base_mean": float(c15["beta_base"].mean()),
        "beta15_event_mean": float(c15["beta_event"].mean()),
    }


def derivatives_values(d: Derivatives, f: Funding) -> Values:
    """Basis (bp), the day's spot and perp falls (percent), BTC funding (percent) and open interest."""
    b, fpb, oi = d.basis_summary.loc["BTC"], f.of("BTC"), d.open_interest
    return {
        "basis_med": float(b["basis_before_median_bp"]),
        "basis_p05": float(b["basis_before_p05_bp"]),
        "basis_break": float(b["basis_break_hour_bp"]),
        "basis_min": float(b["basis_event_min_bp"]),
        "spot_fall": float(-b["spot_fall"] * 100),
        "perp_fall": float(-b["perp_fall"] * 100),
        "f30_ann": float(fpb.loc[30, "annualised"] * 100),
        "f30_pct": float(fpb.loc[30, "percentile"] * 100),
        "f90_ann": float(fpb.loc[90, "annualised"] * 100),
        "f90_pct": float(fpb.loc[90, "percentile"] * 100),
        "f7_pct": float(fpb.loc[7, "percentile"] * 100),
        "oi_start": f"{oi['first_time']:%Y-%m-%d %H:%M} UTC",
        "oi_days": float(oi["days_after_event"]),
        "oi_change": float(oi["oi_change"] * 100),
    }


def macro_values(fed: Fed, r: Rates) -> Values:
    """The Fed's range, cycle and next decision; yields (percent, bp); CPI and unemployment."""
    y2, y10, li, nxt = r.dgs2, r.dgs10, r.labour, fed.next_decision
    lo, hi = fed.target_range
    return {
        "range_lo": lo,
        "range_hi": hi,
        "cycle_start": f"{fed.cycle_start:%d %B %Y}",
        "n_cuts_2025": len(fed.cuts_in_year),
        "next_cut": f"{nxt['announced']:%d %B %Y}",
        "next_cut_bp": int(-nxt["change_bp"]),
        "y2_month": float(-y2["month_bp"]),
        "y2_before": float(y2["before"]),
        "y2_spread": float(-r.dgs2_minus_effr_bp),
        "y10_day": float(y10["change_bp"]),
        "y10_on": float(y10["on_day"]),
        "y10_from_low": float(y10["from_low_bp"]),
        "y10_month": float(-y10["month_bp"]),
        "cpi_yoy": float(li["cpi_yoy"] * 100),
        "cpi_prev": float(li["cpi_yoy_12m_ago"] * 100),
        "unrate": float(li["unrate"]),
        "unrate_chg": float(li["unrate_change_12m"]),
    }


def crash_values(m: ContagionMeasures) -> Values:
    """Depth, worst 24 h and 1 h (percent), recovery (days) and funding percentile (percent) of this
    crash and the 2022 collapses (:data:`QUOTED_CRASHES`)."""
    ct, out = m.crashes, {}
    for key, name in {"this": m.this_crash, **QUOTED_CRASHES}.items():
        out[f"depth_{key}"] = float(-ct.loc[name, "depth"] * 100)
        out[f"w24_{key}"] = float(-ct.loc[name, "worst_24h"] * 100)
        out[f"w1_{key}"] = float(-ct.loc[name, "worst_1h"] * 100)
        out[f"rec_{key}"] = float(ct.loc[name, "days_to_peak"])
        out[f"fpct_{key}"] = float(ct.loc[name, "funding_30d_percentile"] * 100)
    return out


def price_speed_values(b: BackdropMeasures) -> Values:
    """The price context (USD, percent, days) and the speed and breadth of the fall."""
    hc, pr, sb, falls = b.high, b.returns, b.speed, b.alt_hour_falls
    return {
        "hc_close": hc["close_before"],
        "hc_close_day": f"{hc['close_day']:%d %B %Y}",
        "hc_ath": hc["ath"],
        "hc_ath_day": f"{hc['ath_day']:%d %B %Y}",
        "hc_dd": float(hc["drawdown_from_high"] * 100),
        "hc_r30": float(hc["return_30d"] * 100),
        "bear_pct": RC.BEAR_DRAWDOWN.value * 100,
        "rise_pct": RC.SIGNIFICANT_RISE.value * 100,
        **{f"ret_{k}m": float(pr[k] * 100) for k in (1, 3, 6, 12)},
        "sb_fall": float(sb["hour_fall"] * 100),
        "sb_start": f"{sb['hour_start']:%H:%M}",
        "sb_end": f"{sb['hour_end']:%H:%M}",
        "sb_pct": float(sb["percentile"] * 100),
        "sb_null": sb["null_bars"],
        "sb_days": SPEED_LOOKBACK_DAYS,
        "sb_alt_thr": RC.ALT_HOUR_FALL.value * 100,
        "sb_n_fell": int((falls >= RC.ALT_HOUR_FALL.value).sum()),
        "sb_n_alts": len(falls),
        "sb_alt_min": float(falls.min() * 100),
        "sb_alt_max": float(falls.max() * 100),
    }


def session_bull_values(b: BackdropMeasures) -> Values:
    """The sessions against ordinary days (percent, ratio) and funding through bull markets."""
    asia, sess, bull, phases = b.sessions.loc["Asia"], b.sessions, b.bull, b.bull_phases
    return {
        "as_null": int(asia["null_days"]),
        "as_ret": float(asia["session_return"] * 100),
        "as_rpct": float(asia["return_percentile"] * 100),
        "as_vratio": float(asia["volume_ratio"]),
        "as_vpct": float(asia["volume_percentile"] * 100),
        "as_share": float(asia["fall_share"] * 100),
        "eu_ret": float(sess.loc["Europe", "session_return"] * 100),
        "us_ret": float(sess.loc["US", "session_return"] * 100),
        "as_reports": len(b.asia_reports),
        "pressure_reports": len(b.pressure_reports),
        "bm_rho": bull["spearman"],
        "bm_start": f"{bull['start']:%Y}",
        "bm_n": len(phases),
        "bm_top": int((phases["peak_percentile"] >= RC.DANGEROUS_PCTL.value).sum()),
        "bm_thr": RC.BULL_RETURN.value * 100,
        "bm_danger": RC.DANGEROUS_PCTL.value * 100,
        "bm_last": f"{phases['start'].iloc[-1]:%B %Y}",
        "bm_last_pct": float(phases["peak_percentile"].iloc[-1] * 100),
    }


def report_values(b: BackdropMeasures) -> Values:
    """What the stored reports said: the Fear & Greed readings, the whales' accumulation (BTC), the
    year of the remarks c66 could rest on, and c69's threshold."""
    fg, fg_next = b.greed_last, b.greed_next
    if fg is None or fg_next is None:
        raise ValueError("the chapter's text quotes the Fear & Greed readings before and after the crash: no report gives one")
    whale = [f for r in b.whale_reports for f in r.figures if f.name == "whale_accumulation"]
    return {
        "fg_value": float(fg[1].value),
        "fg_day": f"{fg[0].about_day:%d %B %Y}",
        "fg_next": float(fg_next[1].value),
        "fg_next_day": f"{fg_next[0].about_day:%d %B %Y}",
        "fg_greed": RC.EXTREME_GREED.value,
        "whale_btc": float(whale[0].value),
        "vb_year": f"{b.unsettled_reports['c66-vitalik-fundamentals'][0].about_day:%Y}",
        "causes_max": int(RC.CAUSES_FAILED_MAX.value),
    }


def glue_values(m: ContagionMeasures) -> Values:
    """Every number the chapter's text quotes (glue key -> value), from its measures."""
    b = m.backdrop
    return {
        **comovement_values(m.comovement),
        **derivatives_values(m.derivatives, m.funding),
        **macro_values(m.fed, m.rates),
        **crash_values(m),
        **price_speed_values(b),
        **session_bull_values(b),
        **report_values(b),
    }
