"""The chapter's market claims assessed (c18-c21, c25-c27): contagion to the altcoins, derivatives
against spot, funding, open interest, the 2022 comparison, whales and ETF flows.

Per claim, the rule's verdict (:mod:`flashcrash.rules.contagion_macro`, the atlas's rule for c25) from
the chapter's measures (:class:`~flashcrash.contagion.measures.ContagionCore`), and the evidence
sentence built from the same measures, followed by the rule's checks.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.atlas.compare import like_2022_sentence
from flashcrash.claims import Assessment, Figure
from flashcrash.contagion.measures import Comovement, ContagionCore, Derivatives, Funding
from flashcrash.rules import atlas as RA
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.contagion_macro.common import pct


def alts_followed(c: Comovement) -> R.AltsFollowed:
    """c18's rule measures from the co-movement measures."""
    alts = c.alts
    return R.AltsFollowed(
        btc_drawdown=c.btc_drawdown,
        alt_drawdowns=tuple(float(x) for x in alts["drawdown"]),
        max_minutes_between_lows=float(alts["minutes_after_btc_low"].abs().max()),
    )


def _assess_alts(c: Comovement) -> Assessment:
    """c18: did ETH and the altcoins fall with BTC?"""
    dd, ll, alts = c.drawdowns, c.lead_lag, c.alts
    m = alts_followed(c)
    ruling = R.alts_followed(m)
    together = "they fell together rather than in a visible sequence after BTC" if c.coins_peak_lag0 == len(ll) else "some followed BTC with a lag"
    sentence = (
        f"From the prior close to the day's low on {c.day.date()}, BTC's perpetual lost {pct(-m.btc_drawdown)}, ETH's {pct(-dd.loc['ETH', 'drawdown'])} "
        f"and the {len(alts)} altcoins' between {pct(-max(m.alt_drawdowns))} and {pct(-min(m.alt_drawdowns))} ({c.alts_fell_more} of {len(alts)} fell "
        f"further than BTC). The 5-minute returns peak in cross-correlation at lag 0 for {c.coins_peak_lag0} of {len(ll)} coins: {together}."
    )
    figures = [
        Figure("btc_drawdown", m.btc_drawdown, "fraction"),
        Figure("eth_drawdown", float(dd.loc["ETH", "drawdown"]), "fraction"),
        Figure("alts_drawdown_min", min(m.alt_drawdowns), "fraction"),
        Figure("alts_drawdown_max", max(m.alt_drawdowns), "fraction"),
        Figure("btc_low_time", dd.loc["BTC", "low_time"], "UTC"),
        Figure("max_minutes_between_lows", m.max_minutes_between_lows, "minutes"),
        Figure("coins_peak_lag0", c.coins_peak_lag0, "coins"),
        Figure("eth_corr_event_5m", float(c.correlation("5min").loc["ETH", "corr_event"]), "correlation"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_derivatives_to_spot(d: Derivatives) -> Assessment:
    """c19: did the selling run from the perpetuals to spot?"""
    bs = d.basis_summary
    b = bs.loc["BTC"]
    m = R.DerivativesToSpot(
        perp_fall=float(b["perp_fall"]),
        spot_fall=float(b["spot_fall"]),
        basis_before_median_bp=float(b["basis_before_median_bp"]),
        basis_event_min_bp=float(b["basis_event_min_bp"]),
    )
    ruling = R.derivatives_to_spot(m)
    sentence = (
        f"From the prior hourly close to the day's lowest hourly close BTC spot fell {pct(-m.spot_fall)} and the perp {pct(-m.perp_fall)}. "
        f"The perp traded at {b['basis_break_hour_bp']:.1f} bp to spot in the break hour and {m.basis_event_min_bp:.1f} bp at its widest on the day, "
        f"against a median of {m.basis_before_median_bp:.1f} bp in the month before. Which market moved first needs synchronised sub-minute "
        "perp and spot trades (e.g. Binance aggTrades for both), which are not in the data."
    )
    figures = [
        Figure("btc_spot_fall", m.spot_fall, "fraction"),
        Figure("btc_perp_fall", m.perp_fall, "fraction"),
        Figure("btc_basis_break_hour_bp", float(b["basis_break_hour_bp"]), "bp"),
        Figure("btc_basis_event_min_bp", m.basis_event_min_bp, "bp"),
        Figure("btc_basis_before_median_bp", m.basis_before_median_bp, "bp"),
        Figure("eth_basis_event_min_bp", float(bs.loc["ETH", "basis_event_min_bp"]), "bp"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_funding(f: Funding) -> Assessment:
    """c20: had funding been high for a long time?"""
    btc, eth = f.of("BTC"), f.of("ETH")
    btc30, btc90, eth30 = btc.loc[30], btc.loc[90], eth.loc[30]
    m = R.HighFunding(percentile_30d=float(btc30["percentile"]), percentile_90d=float(btc90["percentile"]))
    ruling = R.high_funding(m)
    sentence = (
        f"BTCUSDT funding averaged {pct(btc30['annualised'])} a year over the 30 days before the crash and {pct(btc90['annualised'])} over 90 days "
        f"(Binance's default is 0.01 % per 8 h, 10.95 % a year); these sit at the {m.percentile_30d:.0%} and {m.percentile_90d:.0%} percentiles of all "
        f"30- and 90-day means since 2019 (ETH 30 days: {pct(eth30['annualised'])}, percentile {eth30['percentile']:.0%})."
    )
    figures = [
        Figure("btc_funding_30d_annualised", float(btc30["annualised"]), "fraction"),
        Figure("btc_funding_30d_percentile", m.percentile_30d, "fraction"),
        Figure("btc_funding_90d_annualised", float(btc90["annualised"]), "fraction"),
        Figure("btc_funding_90d_percentile", m.percentile_90d, "fraction"),
        Figure("btc_funding_7d_percentile", float(btc.loc[7, "percentile"]), "fraction"),
        Figure("eth_funding_30d_annualised", float(eth30["annualised"]), "fraction"),
        Figure("eth_funding_30d_percentile", float(eth30["percentile"]), "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_open_interest(d: Derivatives, day: pd.Timestamp) -> Assessment:
    """c21: did open interest fall after the crash?"""
    oi = d.open_interest
    ruling = R.open_interest_fell(R.OpenInterestFell(days_after_event=float(oi["days_after_event"]), oi_change_across=float(oi["oi_change_across"])))
    sentence = (
        f"The only open-interest series is Binance BTCUSDT via CoinGlass, from {oi['first_time']:%Y-%m-%d %H:%M} UTC; in its first 30 days it "
        f"moved {oi['oi_change']:+.1%}. Settling the claim needs open interest from before {day:%d %B %Y}, e.g. Binance's openInterestHist "
        "or CoinGlass's aggregated open-interest history for November-December 2025."
    )
    figures = [
        Figure("oi_first_time", oi["first_time"], "UTC"),
        Figure("oi_first", oi["oi_first"], "USD"),
        Figure("oi_change_first_30d", oi["oi_change"], "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_like_2022(m: ContagionCore) -> Assessment:
    """c25: strikingly similar to the 2022 crashes? Judged on the crash atlas: the same crash rule on
    the hourly spot data since 2018 (:mod:`flashcrash.atlas`), with the atlas's rule."""
    lm = m.like_2022
    ruling = RA.like_2022(lm)
    figures = [
        Figure("drawdown_this", lm.drawdown, "fraction"),
        Figure("fall_hours_this", lm.fall_hours, "hours"),
        Figure("funding_30d_percentile_this", lm.funding_percentile, "fraction"),
        Figure("crashes_2022", lm.n_2022, "events"),
        Figure("median_drawdown_2022", lm.median_drawdown_2022, "fraction"),
        Figure("share_2022_shallower", lm.share_2022_shallower, "fraction"),
        Figure("depth_ratio_to_shallower_2022_collapse", lm.depth_ratio, "ratio"),
    ] + [Figure(f"drawdown_{n.lower().replace('/', '_').replace(' ', '_')}", d, "fraction") for n, d in zip(lm.named_2022, lm.named_drawdown, strict=True)]
    return Assessment.of(ruling, like_2022_sentence(lm), figures)


def _assess_whales(c: Comovement) -> Assessment:
    """c26: whale net inflows (no on-chain data in the mirror)."""
    ruling = R.whale_inflows(R.WhaleInflows(whale_netflow_btc=None))
    sentence = (
        "Settling it needs address-level flows on the day (e.g. Glassnode or CryptoQuant balances of addresses holding over 1,000 BTC, "
        "or exchange netflows by wallet size) with the definition of a whale. The figures give the drop such flows would have to be measured over."
    )
    figures = [
        Figure("drop_start", c.day, "UTC"),
        Figure("btc_low_time", c.drawdowns.loc["BTC", "low_time"], "UTC"),
        Figure("btc_drawdown", c.btc_drawdown, "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_etf(m: ContagionCore) -> Assessment:
    """c27: ETF flows as the ones to watch (a recommendation)."""
    first_us = m.rates.first_us_trading_day
    ruling = R.etf_flows(R.EtfFlows(is_recommendation=True, etf_flows_available=False))
    sentence = (
        "Testing whether ETF flows moved BTC after the crash needs daily US spot-Bitcoin ETF net flows (issuers' published holdings, or "
        f"Farside/SoSoValue tables), from the first US trading day of the crash, {first_us.date()}, on."
    )
    return Assessment.of(ruling, sentence, [Figure("first_us_trading_day", first_us, "UTC")])


def assess_market(m: ContagionCore) -> dict[str, Assessment]:
    """Assessments of c18-c21 (altcoins, derivatives, funding, open interest) and c25-c27 (2022,
    whales, ETF flows) from the chapter's measures."""
    return {
        "c18-eth-alts-followed": _assess_alts(m.comovement),
        "c19-derivatives-to-spot": _assess_derivatives_to_spot(m.derivatives),
        "c20-high-funding-before": _assess_funding(m.funding),
        "c21-oi-leverage-fell": _assess_open_interest(m.derivatives, m.day),
        "c25-like-2022": _assess_like_2022(m),
        "c26-whale-inflows": _assess_whales(m.comovement),
        "c27-etf-flows": _assess_etf(m),
    }
