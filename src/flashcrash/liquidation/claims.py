"""Verdicts on the article's liquidation claims (chapter ``liquidations`` of ``data/claims.yaml``).

Everything is computed from the mirrored data and the calibrated model (:mod:`.calibrate`). The
public data hold BTC liquidations on three exchanges only; market-wide totals and trader counts are
not public, so those claims are ``not_checkable`` with the coverage ratio they would need.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from flashcrash import data
from flashcrash.claims import Assessment, Figure, unruled
from flashcrash.liquidation import calibrate as cal

#: Days whose long share is reported: the calibration day (the identified event day) and the five
#: mid-December days the article's date points to. ``flashcrash.event.candidate_days()`` lists every
#: day that broke $87k; tests check that these days are the event day and among its candidates.
CANDIDATE_DAYS = (cal.EVENT_DAY,) + cal.VALIDATION_DAYS[:5]

#: Share of BTC futures open interest on Binance, Bybit and OKX as reported from CoinGlass in
#: September 2024 (Binance 21.65 %, Bybit 13.69 %, OKX 8.42 %, CME 29.44 %; :cite:`edanews2024oi`).
#: Not verifiable offline, and 15 months before the event. Without CME (whose futures are not
#: liquidated by an exchange engine): 43.76 / 70.56 = 62 %.
THREE_EXCHANGE_OI_SHARE = (0.4376 / 0.7056, 0.4376)

#: A contemporaneous report of CoinGlass's market-wide (all coins, all exchanges) 24-hour total at
#: 06:45 UTC on 2025-12-01: about 640 million USD, of which about 565 million longs (:cite:`askcrypto2025dec1`).
#: Not verifiable offline.
REPORTED_24H_USD = 640e6
REPORTED_24H_AT = pd.Timestamp("2025-12-01 06:45", tz="UTC")

#: The article's figures.
ARTICLE_WORST_HOUR_USD = 600e6
ARTICLE_HEADLINE_HOUR_USD = 800e6
ARTICLE_24H_USD = 820e6
ARTICLE_TRADERS = 220_000
ARTICLE_CNY = 5.8e9


def day_slice(day: pd.Timestamp) -> pd.DataFrame:
    liq = data.liquidations_1h()
    return liq[(liq.index >= day) & (liq.index < day + pd.Timedelta(days=1))]


def long_shares(days=CANDIDATE_DAYS) -> pd.DataFrame:
    """Per day: total (USD), daily long share long/(long+short), the worst hour (UTC), its size and long share."""
    rows = []
    for d in days:
        x = day_slice(d)
        h = x["total_usd"].idxmax()
        rows.append({"day": d, "total_usd": float(x["total_usd"].sum()), "long_share": float(x["long_usd"].sum() / x["total_usd"].sum()),
                     "worst_hour": h, "worst_hour_usd": float(x.loc[h, "total_usd"]), "worst_hour_long_share": float(x.loc[h, "long_usd"] / x.loc[h, "total_usd"])})
    return pd.DataFrame(rows).set_index("day")


def hourly_long_share(day: pd.Timestamp = cal.EVENT_DAY) -> pd.DataFrame:
    """Hourly long, short (USD) and long share of one day."""
    x = day_slice(day)
    return x.assign(long_share=x["long_usd"] / x["total_usd"])


def rmb_check(day: pd.Timestamp = cal.EVENT_DAY) -> dict[str, float]:
    """USD/CNY implied by Bitstamp's BTC/CNY and BTC/USD on ``day``, and the article's implied rate."""
    b = data.bitstamp_daily().loc[day]
    rate = float(b["btc_cny"] / b["btc_usd"])
    return {"rate": rate, "article_rate": ARTICLE_CNY / ARTICLE_24H_USD, "cny_of_820m": ARTICLE_24H_USD * rate, "relative_difference": ARTICLE_CNY / (ARTICLE_24H_USD * rate) - 1.0}


@functools.cache
def assess() -> dict[str, Assessment]:
    """Assessments of c10-c17 from the data and the calibrated cascade model."""
    day = cal.EVENT_DAY
    x = day_slice(day)
    worst = x["total_usd"].idxmax()
    worst_usd = float(x.loc[worst, "total_usd"])
    day_usd = float(x["total_usd"].sum())
    worst_share = worst_usd / day_usd
    worst_long_share = float(x.loc[worst, "long_usd"] / worst_usd)
    day_long_share = float(x["long_usd"].sum() / day_usd)
    local = worst.tz_convert("Asia/Hong_Kong")
    local_txt = f"{local:%Y-%m-%d %H:%M}-{local + pd.Timedelta(hours=1):%H:%M} HKT (UTC+8)"
    liq = data.liquidations_1h()
    rep = liq[(liq.index >= REPORTED_24H_AT.floor("h") - pd.Timedelta(hours=23)) & (liq.index <= REPORTED_24H_AT.floor("h"))]["total_usd"].sum()
    reported_ratio = REPORTED_24H_USD / float(rep)
    r_lo, r_hi = 1.0 / THREE_EXCHANGE_OI_SHARE[0], 1.0 / THREE_EXCHANGE_OI_SHARE[1]
    out: dict[str, Assessment] = {}

    out["c10-worst-hour-600m"] = unruled(
        "not_checkable",
        f"No public data hold market-wide hourly liquidations. In the Binance+Bybit+OKX BTC data the worst hour began {worst:%Y-%m-%d %H:%M} UTC "
        f"({local_txt}) with {worst_usd / 1e6:.1f}M USD: reaching 600M USD needs a coverage ratio of {ARTICLE_WORST_HOUR_USD / worst_usd:.1f}x, "
        f"against ~{reported_ratio:.1f}x implied for the day by a contemporaneous CoinGlass market-wide report. The worst hour held {worst_share:.0%} of the day, "
        f"so the article's own 820M/24h would put ~{worst_share * ARTICLE_24H_USD / 1e6:.0f}M in it, not 600M.",
        [Figure("worst_hour_start", worst, "UTC"), Figure("worst_hour_local", local_txt, "Asia/Hong_Kong"), Figure("worst_hour_3ex_btc_usd", worst_usd, "USD"),
         Figure("coverage_ratio_needed", ARTICLE_WORST_HOUR_USD / worst_usd, "ratio"), Figure("worst_hour_share_of_day", worst_share, "fraction"),
         Figure("reported_market_to_3ex_btc_ratio", reported_ratio, "ratio"), Figure("worst_hour_implied_by_article_24h", worst_share * ARTICLE_24H_USD, "USD")],
    )
    out["c11-btc-majority"] = unruled(
        "not_checkable",
        f"All-coin liquidations by hour are not public. BTC on the three exchanges liquidated {worst_usd / 1e6:.1f}M USD in the worst hour; scaled to all exchanges "
        f"with their published share of BTC futures open interest (ratio {r_lo:.1f}-{r_hi:.1f}x) that is {worst_usd * r_lo / 1e6:.0f}-{worst_usd * r_hi / 1e6:.0f}M USD, "
        f"{worst_usd * r_lo / ARTICLE_WORST_HOUR_USD:.0%}-{worst_usd * r_hi / ARTICLE_WORST_HOUR_USD:.0%} of the claimed 600M: not a 'vast majority' if that total were right.",
        [Figure("worst_hour_3ex_btc_usd", worst_usd, "USD"), Figure("btc_all_exchanges_low", worst_usd * r_lo, "USD"), Figure("btc_all_exchanges_high", worst_usd * r_hi, "USD"),
         Figure("btc_share_of_600m_low", worst_usd * r_lo / ARTICLE_WORST_HOUR_USD, "fraction"), Figure("btc_share_of_600m_high", worst_usd * r_hi / ARTICLE_WORST_HOUR_USD, "fraction")],
    )
    out["c12-24h-820m"] = unruled(
        "not_checkable",
        f"Market-wide 24-hour totals are not public. BTC on Binance+Bybit+OKX liquidated {day_usd / 1e6:.1f}M USD on {day:%Y-%m-%d} (UTC day): 820M needs a coverage ratio "
        f"of {ARTICLE_24H_USD / day_usd:.1f}x. A contemporaneous report of CoinGlass's all-coin, all-exchange total gave ~{REPORTED_24H_USD / 1e6:.0f}M USD for the 24 h to {REPORTED_24H_AT:%H:%M} UTC "
        f"({reported_ratio:.1f}x the 3-exchange BTC figure of that window); the same ratio gives ~{reported_ratio * day_usd / 1e6:,.0f}M for the UTC day, so 820M is plausible in size but not verifiable.",
        [Figure("day_3ex_btc_usd", day_usd, "USD"), Figure("coverage_ratio_needed", ARTICLE_24H_USD / day_usd, "ratio"), Figure("reported_market_24h_usd", REPORTED_24H_USD, "USD"),
         Figure("reported_market_to_3ex_btc_ratio", reported_ratio, "ratio")],
    )
    fit = cal.event_fit()
    model_count = float((fit.hourly["model_long"] + fit.hourly["model_short"]).sum() / fit.params.position_usd)
    out["c13-220k-traders"] = unruled(
        "not_checkable",
        f"No public data count liquidated traders (exchanges stream at most one liquidation order per symbol per second). 220,000 traders for 820M USD means "
        f"{ARTICLE_24H_USD / ARTICLE_TRADERS:,.0f} USD per trader; the model's count ({model_count:,.0f} positions for the three exchanges' BTC) only restates its assumed position size.",
        [Figure("implied_usd_per_trader", ARTICLE_24H_USD / ARTICLE_TRADERS, "USD"), Figure("model_positions_3ex_btc", model_count, "positions"),
         Figure("assumed_position_usd", fit.params.position_usd, "USD")],
    )
    ls = long_shares()
    figs = [Figure("worst_hour_long_share", worst_long_share, "fraction"), Figure("event_day_long_share", day_long_share, "fraction")]
    figs += [Figure(f"long_share_{d:%Y-%m-%d}", float(r.long_share), "fraction") for d, r in ls.iterrows() if d != day]
    out["c14-long-share"] = unruled(
        "partly",
        f"In the Binance+Bybit+OKX BTC data longs were {worst_long_share:.1%} of the worst hour but {day_long_share:.1%} of the whole UTC day {day:%Y-%m-%d}, "
        f"below 90%; on the mid-December days the daily long share was {ls['long_share'].iloc[1:].min():.0%}-{ls['long_share'].iloc[1:].max():.0%}.",
        figs,
    )
    rm = rmb_check(day)
    out["c15-rmb-conversion"] = unruled(
        "reproduced" if abs(rm["relative_difference"]) < 0.03 else "contradicted",
        f"At the USD/CNY rate implied by Bitstamp's BTC/CNY and BTC/USD on {day:%Y-%m-%d} ({rm['rate']:.4f}), 820M USD is {rm['cny_of_820m'] / 1e9:.2f} billion CNY; "
        f"the article's 5.8 billion implies {rm['article_rate']:.3f} CNY per USD ({rm['relative_difference']:+.1%}). An official fixing could not be checked offline.",
        [Figure("usd_cny_implied_by_data", rm["rate"], "CNY per USD"), Figure("usd_cny_implied_by_article", rm["article_rate"], "CNY per USD"),
         Figure("cny_of_820m_usd", rm["cny_of_820m"], "CNY"), Figure("relative_difference", rm["relative_difference"], "fraction")],
    )
    band = cal.amplification_band()
    out["c16-cascade"] = unruled(
        "partly",
        f"Liquidations peaked in the hour of the break and were {worst_long_share:.0%} longs, as a cascade would produce. The calibrated model (square-root impact, Y={band['y']:.1f}) "
        f"attributes part of the fall to forced selling: amplification {band['factor']:.2f} (band {band['factor_lo']:.2f}-{band['factor_hi']:.2f}); without forced selling the low would have been "
        f"~{band['exogenous_low']:,.0f} USD instead of {band['observed_low']:,.0f}. Forced selling deepened the drop but did not drive most of it.",
        [Figure("amplification", band["factor"], "ratio"), Figure("amplification_lo", band["factor_lo"], "ratio"), Figure("amplification_hi", band["factor_hi"], "ratio"),
         Figure("observed_low", band["observed_low"], "USD"), Figure("counterfactual_low", band["exogenous_low"], "USD"), Figure("fit_hourly_correlation", fit.correlation, "correlation"),
         Figure("fit_total_error", fit.total_error, "fraction")],
    )
    out["c17-headline-800m-hour"] = unruled(
        "contradicted",
        f"The headline's 800M USD in one hour contradicts the article's own body (600M in the worst hour, 820M in 24 h): it would put {ARTICLE_HEADLINE_HOUR_USD / ARTICLE_24H_USD:.0%} of the day's "
        f"liquidations in one hour, while the worst hour held {worst_share:.0%} of the day in the three-exchange BTC data.",
        [Figure("headline_share_of_24h", ARTICLE_HEADLINE_HOUR_USD / ARTICLE_24H_USD, "fraction"), Figure("body_worst_hour_usd", ARTICLE_WORST_HOUR_USD, "USD"),
         Figure("observed_worst_hour_share_of_day", worst_share, "fraction")],
    )
    return out
