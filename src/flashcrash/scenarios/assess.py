"""Verdicts on the article's outlook (chapter ``outlook``: claims c29-c33, c60, c67, c68), computed from the data.

Every statement is scored on Bitstamp daily opens at 00:00 UTC after the as-of point (the end of
the event day, 2025-12-02 00:00 UTC, price ``p0``), with intraday first crossings from Binance spot
hourly bars where they add something. Each verdict comes from its rule in
:mod:`flashcrash.rules.outlook`; model figures come from the scenario engine fitted only on data up
to the as-of point (:mod:`flashcrash.scenarios.forecast`), with fewer paths than the chapter
(20,000, fixed seed) to stay fast, and are shown beside the verdicts without deciding them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from flashcrash.claims import Assessment, Figure
from flashcrash.rules import outlook as R
from flashcrash.scenarios import aftermath as A
from flashcrash.scenarios import forecast as F
from flashcrash.scenarios.measures import OutlookCore, rule_measures

#: Paths per model behind the verdicts' model figures (fewer than the chapter's text, to stay fast).
N_PATHS_ASSESS = 20_000


def _fmt_day(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d")


def _assess_84k(x: OutlookCore) -> Assessment:
    """c29: support near $84k and oscillation around it."""
    s, prices, m3 = x.setup, x.prices, x.within("3m")
    t84 = x.daily_x.loc["at or below $84k", "date"]
    days84 = x.daily_x.loc["at or below $84k", "days"]
    m = R.Support84k(
        days_held=math.inf if pd.isna(days84) else float(days84),
        days_1m=s.horizon_steps["1m"],
        days_3m=s.horizon_steps["3m"],
        median_open_3m=float(m3.median()),
        level=F.LOW,
    )
    ruling = R.support_84k(m)
    near = float(np.mean(np.abs(m3 / F.LOW - 1.0) <= R.NEAR.value))
    ti = x.intraday.loc["at or below $84k", "time"]
    sentence = (
        f"The first daily open at or below $84k came on {_fmt_day(t84)} ({prices[t84]:,.0f} USD; intraday, Binance spot first traded below it at "
        f"{ti:%Y-%m-%d %H:%M} UTC). In the 3 months after {_fmt_day(s.as_of)} the median open was {m.median_open_3m:,.0f} USD, {near:.0%} of opens "
        f"were within {R.NEAR.value:.0%} of $84k, and by {_fmt_day(m3.idxmin())} the price had fallen to {m3.min():,.0f} USD."
    )
    return Assessment.of(
        ruling,
        sentence,
        [
            Figure("as_of", s.as_of, "UTC"),
            Figure("p0_open_as_of", s.p0, "USD"),
            Figure("first_open_at_or_below_84k", t84, "UTC"),
            Figure("open_that_day", float(prices[t84]), "USD"),
            Figure("days_84k_held", int(days84), "days"),
            Figure("first_intraday_below_84k", ti, "UTC"),
            Figure("median_open_3m", m.median_open_3m, "USD"),
            Figure("share_opens_within_3pct_of_84k_3m", near, "fraction"),
            Figure("min_open_3m", float(m3.min()), "USD"),
            Figure("min_open_3m_date", m3.idxmin(), "UTC"),
            Figure("p_touch_84k_3m_fhs", float(x.probs.loc["touch_84k_3m", "fhs"]), "fraction"),
            Figure("p_touch_84k_3m_random_walk", float(x.probs.loc["touch_84k_3m", "random_walk"]), "fraction"),
        ],
    )


def _assess_87k(x: OutlookCore) -> Assessment:
    """c30: $87k as resistance."""
    prices, m1, m3 = x.prices, x.within("1m"), x.within("3m")
    t87 = x.daily_x.loc["at or above $87k", "date"]
    ti87 = x.intraday.loc["at or above $87k", "time"]
    m = R.Resistance87k(share_above_1m=float(np.mean(m1 >= F.HIGH)), share_above_3m=float(np.mean(m3 >= F.HIGH)), max_open_3m=float(m3.max()), level=F.HIGH)
    ruling = R.resistance_87k(m)
    sentence = (
        f"The price first traded at or above $87k at {ti87:%Y-%m-%d %H:%M} UTC (Binance spot, intraday) and first opened there on {_fmt_day(t87)} "
        f"({prices[t87]:,.0f} USD); over 3 months the opens peaked at {m.max_open_3m:,.0f} USD on {_fmt_day(m3.idxmax())}."
    )
    return Assessment.of(
        ruling,
        sentence,
        [
            Figure("first_open_at_or_above_87k", t87, "UTC"),
            Figure("open_that_day", float(prices[t87]), "USD"),
            Figure("first_intraday_at_or_above_87k", ti87, "UTC"),
            Figure("share_opens_at_or_above_87k_1m", m.share_above_1m, "fraction"),
            Figure("share_opens_at_or_above_87k_3m", m.share_above_3m, "fraction"),
            Figure("max_open_3m", m.max_open_3m, "USD"),
            Figure("max_open_3m_date", m3.idxmax(), "UTC"),
            Figure("p_above_87k_1m_fhs", float(x.probs.loc["above_87k_1m", "fhs"]), "fraction"),
            Figure("p_above_87k_1m_random_walk", float(x.probs.loc["above_87k_1m", "random_walk"]), "fraction"),
        ],
    )


def _assess_momentum(x: OutlookCore) -> Assessment:
    """c31: no strong upward momentum over 1-3 months."""
    s, prices, m3 = x.setup, x.prices, x.within("3m")
    y1, y3 = float(prices[s.horizon_dates["1m"]]), float(prices[s.horizon_dates["3m"]])
    m = R.NoMomentum(return_1m=y1 / s.p0 - 1.0, return_3m=y3 / s.p0 - 1.0)
    ruling = R.no_momentum(m)
    rmax = float(m3.max()) / s.p0 - 1.0
    step3 = s.horizon_steps["3m"]
    pit3 = float(np.mean(x.paths["fhs"].price_at(step3) <= y3))
    pit3_rw = float(np.mean(x.paths["random_walk"].price_at(step3) <= y3))
    sentence = (
        f"From {s.p0:,.0f} USD on {_fmt_day(s.as_of)} the open was {y1:,.0f} USD after 1 month and {y3:,.0f} USD after 3 months; the best open in "
        f"between was {rmax:+.1%} ({_fmt_day(m3.idxmax())}). The 3-month outcome sat at the {pit3:.0%} quantile of the GARCH scenarios."
    )
    return Assessment.of(
        ruling,
        sentence,
        [
            Figure("open_1m", y1, "USD"),
            Figure("return_1m", m.return_1m, "fraction"),
            Figure("open_3m", y3, "USD"),
            Figure("return_3m", m.return_3m, "fraction"),
            Figure("best_open_gain_within_3m", rmax, "fraction"),
            Figure("pit_3m_fhs", pit3, "fraction"),
            Figure("pit_3m_random_walk", pit3_rw, "fraction"),
        ],
    )


def _assess_ath_2025(x: OutlookCore) -> Assessment:
    """c32: a new all-time high in 2025."""
    s, prices = x.setup, x.prices
    dec = x.after[x.after.index <= pd.Timestamp("2025-12-31", tz="UTC")]
    ath_after = x.daily_x.loc["above the all-time high", "date"]
    fed = x.fed_changes
    cuts_2025 = int((fed[fed.index.year == 2025] < 0).sum())
    m = R.NewHigh2025(ath=s.ath, max_open_rest_of_year=float(dec.max()))
    ruling = R.new_high_2025(m)
    sentence = (
        f"The all-time high up to the as-of point was an open of {s.ath:,.0f} USD on {_fmt_day(s.ath_date)}; the highest open in the rest of 2025 "
        f"was {m.max_open_rest_of_year:,.0f} USD ({_fmt_day(dec.idxmax())}), although the Fed cut {cuts_2025} times in 2025. No open was above the "
        f"old high through {_fmt_day(prices.index[-1])}; the scenarios gave a new high in 2025 {x.probs.loc['ath_2025', 'fhs']:.1%}."
    )
    return Assessment.of(
        ruling,
        sentence,
        [
            Figure("ath_open_as_of", s.ath, "USD"),
            Figure("ath_date", s.ath_date, "UTC"),
            Figure("max_open_rest_of_2025", m.max_open_rest_of_year, "USD"),
            Figure("max_open_rest_of_2025_date", dec.idxmax(), "UTC"),
            Figure("fed_cuts_2025", cuts_2025, "count"),
            Figure("new_ath_through_data_end", 0 if ath_after is None or pd.isna(ath_after) else 1, "count"),
            Figure("p_ath_2025_fhs", float(x.probs.loc["ath_2025", "fhs"]), "fraction"),
            Figure("p_ath_2025_random_walk", float(x.probs.loc["ath_2025", "random_walk"]), "fraction"),
        ],
    )


def _assess_upturn(x: OutlookCore) -> Assessment:
    """c33: a new upward round over 6-12 months with Fed easing."""
    s, prices, upper = x.setup, x.prices, x.upper
    y6, y_end, end_t = float(prices[s.horizon_dates["6m"]]), float(prices.iloc[-1]), prices.index[-1]
    later = x.after[x.after.index > s.horizon_dates["3m"]]
    fed = x.fed_changes
    cuts_after = int((fed[fed.index > s.as_of] < 0).sum())
    m = R.Upturn6to12m(return_6m=y6 / s.p0 - 1.0, return_end=y_end / s.p0 - 1.0)
    ruling = R.upturn_6_12m(m)
    sentence = (
        f"The Fed cut {cuts_after} more time{'s' if cuts_after != 1 else ''} after the crash (target upper bound {upper[upper.index <= s.as_of].iloc[-1]:.2f}% -> "
        f"{upper.iloc[-1]:.2f}% by {_fmt_day(upper.index[-1])}); the open after 6 months was {y6:,.0f} USD and at the data's end ({_fmt_day(end_t)}, "
        f"{(end_t - s.as_of).days / 30.44:.1f} months) {y_end:,.0f} USD; between 3 months and the data's end the lowest open was {later.min():,.0f} USD "
        f"on {_fmt_day(later.idxmin())}. The 12-month window ends {_fmt_day(s.horizon_dates['12m'])}, after the data."
    )
    return Assessment.of(
        ruling,
        sentence,
        [
            Figure("fed_cuts_after_as_of", cuts_after, "count"),
            Figure("fed_upper_at_data_end", float(upper.iloc[-1]), "percent"),
            Figure("open_6m", y6, "USD"),
            Figure("return_6m", m.return_6m, "fraction"),
            Figure("data_end", end_t, "UTC"),
            Figure("open_data_end", y_end, "USD"),
            Figure("return_data_end", m.return_end, "fraction"),
            Figure("min_open_after_3m", float(later.min()), "USD"),
            Figure("min_open_after_3m_date", later.idxmin(), "UTC"),
            Figure("p_above_p0_6m_fhs", float(np.mean(x.paths["fhs"].price_at(s.horizon_steps["6m"]) > s.p0)), "fraction"),
            Figure("p_ath_12m_fhs", float(x.probs.loc["ath_12m", "fhs"]), "fraction"),
        ],
    )


def assess(m: OutlookCore | None = None) -> dict[str, Assessment]:
    """Assessments of c29-oscillate-84k, c30-87k-resistance-1-3m, c31-no-upward-momentum,
    c32-new-ath-2025, c33-upward-6-12m, c60-liquidity-tightened, c67-consolidation and c68-fed-volatility,
    from the rules' measures ``m`` (any :class:`~flashcrash.scenarios.measures.OutlookCore`, an
    :class:`~flashcrash.scenarios.measures.OutlookMeasures` too); without them (the ledger and the page,
    whose verdicts are the ledger's), the rules' measures are computed here with :data:`N_PATHS_ASSESS`
    paths per model (kept in the results cache)."""
    x = rule_measures(N_PATHS_ASSESS) if m is None else m
    return {
        "c29-oscillate-84k": _assess_84k(x),
        "c30-87k-resistance-1-3m": _assess_87k(x),
        "c31-no-upward-momentum": _assess_momentum(x),
        "c32-new-ath-2025": _assess_ath_2025(x),
        "c33-upward-6-12m": _assess_upturn(x),
        **A.assess(x.aftermath),
    }
