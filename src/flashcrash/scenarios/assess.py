"""Verdicts on the article's outlook (chapter ``outlook``: claims c29-c33), computed from the data.

Every statement is scored on Bitstamp daily opens at 00:00 UTC after the as-of point (the end of
the event day, 2025-12-02 00:00 UTC, price ``p0``), with intraday first crossings from Binance spot
hourly bars where they add something. Model figures come from the scenario engine fitted only on
data up to the as-of point (:mod:`flashcrash.scenarios.forecast`), with fewer paths than the
chapter (20,000, fixed seed) to stay fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.claims import Assessment, Figure, unruled
from flashcrash.scenarios import forecast as F

#: a 3-month gain at least this large (fraction) would count as "strong upward momentum"
STRONG_GAIN = 0.10
#: "near" a level: within this fraction of it
NEAR = 0.03
N_PATHS_ASSESS = 20_000


def _fmt_day(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d")


def assess(n_paths: int = N_PATHS_ASSESS) -> dict[str, Assessment]:
    """Assessments of c29-oscillate-84k, c30-87k-resistance-1-3m, c31-no-upward-momentum,
    c32-new-ath-2025 and c33-upward-6-12m."""
    from flashcrash.data import spot_1h

    prices = F.daily_prices()
    upper = F.fed_upper()
    setup, paths = F.run(prices, upper, n_paths=n_paths)
    probs = F.probability_table(setup, paths, prices)
    hourly = spot_1h("BTC")[["low", "high"]].copy()
    hourly.attrs = {}
    intraday = F.first_crossings_intraday(hourly, setup).set_index("crossing")
    daily_x = F.first_crossings(prices, setup).set_index("crossing")

    a0, p0 = setup.as_of, setup.p0
    hd = setup.horizon_dates
    after = prices[prices.index > a0]
    m1 = after[after.index <= hd["1m"]]
    m3 = after[after.index <= hd["3m"]]
    out: dict[str, Assessment] = {}

    # --- c29: support near $84k, oscillation around it (1-3 months) ---
    t84 = daily_x.loc["at or below $84k", "date"]
    days84 = int(daily_x.loc["at or below $84k", "days"])
    near = float(np.mean(np.abs(m3 / F.LOW - 1.0) <= NEAR))
    med3 = float(m3.median())
    min3_t = m3.idxmin()
    held_month = days84 > setup.horizon_steps["1m"]
    centred = abs(med3 / F.LOW - 1.0) <= NEAR
    verdict = "reproduced" if held_month and centred and t84 > hd["3m"] else ("partly" if held_month else "contradicted")
    ti = intraday.loc["at or below $84k", "time"]
    out["c29-oscillate-84k"] = unruled(
        verdict,
        f"$84k held as a floor for {days84} days: the first daily open at or below it came on {_fmt_day(t84)} "
        f"({prices[t84]:,.0f} USD; intraday, Binance spot first traded below it at {ti:%Y-%m-%d %H:%M} UTC). "
        f"But the price did not oscillate around $84k: in the 3 months after {_fmt_day(a0)} the median open was "
        f"{med3:,.0f} USD, only {near:.0%} of opens were within {NEAR:.0%} of $84k, and by {_fmt_day(min3_t)} it had fallen to {m3.min():,.0f} USD.",
        [
            Figure("as_of", a0, "UTC"),
            Figure("p0_open_as_of", p0, "USD"),
            Figure("first_open_at_or_below_84k", t84, "UTC"),
            Figure("open_that_day", float(prices[t84]), "USD"),
            Figure("days_84k_held", days84, "days"),
            Figure("first_intraday_below_84k", ti, "UTC"),
            Figure("median_open_3m", med3, "USD"),
            Figure("share_opens_within_3pct_of_84k_3m", near, "fraction"),
            Figure("min_open_3m", float(m3.min()), "USD"),
            Figure("min_open_3m_date", min3_t, "UTC"),
            Figure("p_touch_84k_3m_fhs", float(probs.loc["touch_84k_3m", "fhs"]), "fraction"),
            Figure("p_touch_84k_3m_random_walk", float(probs.loc["touch_84k_3m", "random_walk"]), "fraction"),
        ],
    )

    # --- c30: $87k as resistance (1-3 months) ---
    t87 = daily_x.loc["at or above $87k", "date"]
    above1 = float(np.mean(m1 >= F.HIGH))
    above3 = float(np.mean(m3 >= F.HIGH))
    max3_t = m3.idxmax()
    ti87 = intraday.loc["at or above $87k", "time"]
    if above1 > 0.5:
        verdict = "contradicted"
    elif above3 < 0.1 and m3.max() < F.HIGH * (1 + NEAR):
        verdict = "reproduced"
    else:
        verdict = "partly"
    out["c30-87k-resistance-1-3m"] = unruled(
        verdict,
        f"The price was back above $87k at once: first intraday at {ti87:%Y-%m-%d %H:%M} UTC (Binance spot), first daily open "
        f"on {_fmt_day(t87)} ({prices[t87]:,.0f} USD). {above1:.0%} of opens in the first month and {above3:.0%} over 3 months "
        f"were at or above $87k, peaking at {m3.max():,.0f} USD on {_fmt_day(max3_t)}; for two months the price traded mostly above $87k, so the level did not act as a resistance.",
        [
            Figure("first_open_at_or_above_87k", t87, "UTC"),
            Figure("open_that_day", float(prices[t87]), "USD"),
            Figure("first_intraday_at_or_above_87k", ti87, "UTC"),
            Figure("share_opens_at_or_above_87k_1m", above1, "fraction"),
            Figure("share_opens_at_or_above_87k_3m", above3, "fraction"),
            Figure("max_open_3m", float(m3.max()), "USD"),
            Figure("max_open_3m_date", max3_t, "UTC"),
            Figure("p_above_87k_1m_fhs", float(probs.loc["above_87k_1m", "fhs"]), "fraction"),
            Figure("p_above_87k_1m_random_walk", float(probs.loc["above_87k_1m", "random_walk"]), "fraction"),
        ],
    )

    # --- c31: no strong upward momentum (1-3 months) ---
    y1, y3 = float(prices[hd["1m"]]), float(prices[hd["3m"]])
    r1, r3 = y1 / p0 - 1.0, y3 / p0 - 1.0
    rmax = float(m3.max()) / p0 - 1.0
    pit3 = float(np.mean(paths["fhs"].price_at(setup.horizon_steps["3m"]) <= y3))
    pit3_rw = float(np.mean(paths["random_walk"].price_at(setup.horizon_steps["3m"]) <= y3))
    verdict = "reproduced" if r3 < STRONG_GAIN and r1 < STRONG_GAIN else "contradicted"
    out["c31-no-upward-momentum"] = unruled(
        verdict,
        f"From {p0:,.0f} USD on {_fmt_day(a0)} the open was {y1:,.0f} USD after 1 month ({r1:+.1%}) and {y3:,.0f} USD after 3 months "
        f"({r3:+.1%}); the best open in between was {rmax:+.1%} ({_fmt_day(max3_t)}). Strong upward momentum (a gain of "
        f"{STRONG_GAIN:.0%} or more at 1 or 3 months) did not come; the 3-month outcome sat at the {pit3:.0%} quantile of the GARCH scenarios.",
        [
            Figure("open_1m", y1, "USD"),
            Figure("return_1m", r1, "fraction"),
            Figure("open_3m", y3, "USD"),
            Figure("return_3m", r3, "fraction"),
            Figure("best_open_gain_within_3m", rmax, "fraction"),
            Figure("pit_3m_fhs", pit3, "fraction"),
            Figure("pit_3m_random_walk", pit3_rw, "fraction"),
        ],
    )

    # --- c32: new all-time high in 2025 ---
    dec = after[after.index <= pd.Timestamp("2025-12-31", tz="UTC")]
    ath_after = daily_x.loc["above the all-time high", "date"]
    fed = upper.diff()
    cuts_2025 = int((fed[(fed.index.year == 2025)] < 0).sum())
    verdict = "contradicted" if dec.max() <= setup.ath else "reproduced"
    out["c32-new-ath-2025"] = unruled(
        verdict,
        f"The all-time high up to the as-of point was an open of {setup.ath:,.0f} USD on {_fmt_day(setup.ath_date)}. The highest open in "
        f"the rest of 2025 was {dec.max():,.0f} USD ({_fmt_day(dec.idxmax())}), {dec.max() / setup.ath - 1:+.1%} below it, although the Fed "
        f"cut {cuts_2025} times in 2025; no open above the old high through {_fmt_day(prices.index[-1])}. The scenarios gave it {probs.loc['ath_2025', 'fhs']:.1%}.",
        [
            Figure("ath_open_as_of", setup.ath, "USD"),
            Figure("ath_date", setup.ath_date, "UTC"),
            Figure("max_open_rest_of_2025", float(dec.max()), "USD"),
            Figure("max_open_rest_of_2025_date", dec.idxmax(), "UTC"),
            Figure("fed_cuts_2025", cuts_2025, "count"),
            Figure("new_ath_through_data_end", 0 if ath_after is None or pd.isna(ath_after) else 1, "count"),
            Figure("p_ath_2025_fhs", float(probs.loc["ath_2025", "fhs"]), "fraction"),
            Figure("p_ath_2025_random_walk", float(probs.loc["ath_2025", "random_walk"]), "fraction"),
        ],
    )

    # --- c33: a new upward round over 6-12 months with Fed easing ---
    y6 = float(prices[hd["6m"]])
    end_t = prices.index[-1]
    y_end = float(prices.iloc[-1])
    later = after[after.index > hd["3m"]]
    cuts_after = int((fed[fed.index > a0] < 0).sum())
    p_up6 = float(np.mean(paths["fhs"].price_at(setup.horizon_steps["6m"]) > p0))
    verdict = "contradicted" if (y6 < p0 and y_end < p0) else ("reproduced" if (y6 > p0 * (1 + STRONG_GAIN) and y_end > p0 * (1 + STRONG_GAIN)) else "partly")
    out["c33-upward-6-12m"] = unruled(
        verdict,
        f"The Fed cut {cuts_after} more time{'s' if cuts_after != 1 else ''} after the crash (target upper bound {upper[upper.index <= a0].iloc[-1]:.2f}% -> {upper.iloc[-1]:.2f}% by "
        f"{_fmt_day(upper.index[-1])}), yet the open after 6 months was {y6:,.0f} USD ({y6 / p0 - 1:+.1%}) and at the data's end ({_fmt_day(end_t)}, "
        f"{(end_t - a0).days / 30.44:.1f} months) {y_end:,.0f} USD ({y_end / p0 - 1:+.1%}); between 3 months and the data's end the lowest open was {later.min():,.0f} USD on {_fmt_day(later.idxmin())}. "
        f"The 12-month window ends {_fmt_day(hd['12m'])}, after the data; no upward round had come by then.",
        [
            Figure("fed_cuts_after_as_of", cuts_after, "count"),
            Figure("fed_upper_at_data_end", float(upper.iloc[-1]), "percent"),
            Figure("open_6m", y6, "USD"),
            Figure("return_6m", y6 / p0 - 1.0, "fraction"),
            Figure("data_end", end_t, "UTC"),
            Figure("open_data_end", y_end, "USD"),
            Figure("return_data_end", y_end / p0 - 1.0, "fraction"),
            Figure("min_open_after_3m", float(later.min()), "USD"),
            Figure("min_open_after_3m_date", later.idxmin(), "UTC"),
            Figure("p_above_p0_6m_fhs", p_up6, "fraction"),
            Figure("p_ath_12m_fhs", float(probs.loc["ath_12m", "fhs"]), "fraction"),
        ],
    )
    return out
