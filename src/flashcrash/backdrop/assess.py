"""The backdrop's claims (c54-c59, c61-c66) assessed: per claim, the rule's verdict
(:mod:`flashcrash.rules.contagion_macro`) from the measures (:class:`~flashcrash.backdrop.measures.BackdropMeasures`),
and the evidence sentence built from the same measures, followed by the rule's checks. The chapter's
assessor (:func:`flashcrash.contagion.assess`) calls :func:`assess`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from flashcrash.backdrop.measures import BackdropMeasures
from flashcrash.backdrop.speed import SPEED_LOOKBACK_DAYS
from flashcrash.claims import Assessment, Figure
from flashcrash.reported import Report
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.contagion_macro.common import pct


def _ids(reports: Sequence[Report]) -> str:
    return ", ".join(f"{r.id} ({r.outlet.split(';')[0]})" for r in reports)


def _assess_highs(m: BackdropMeasures) -> Assessment:
    """c54: did the market expect BTC to keep challenging its highs?"""
    h = m.high
    ruling = R.challenge_highs(R.ChallengeHighs(drawdown_from_high=float(h["drawdown_from_high"]), return_30d=float(h["return_30d"])))
    sentence = (
        f"Expectations are not in the data; the price context is (Yahoo BTC-USD daily). The last close before the crash day, {h['close_before']:,.0f} USD "
        f"on {h['close_day']:%Y-%m-%d}, compares with an all-time high of {h['ath']:,.0f} USD on {h['ath_day']:%Y-%m-%d}."
    )
    figures = [
        Figure("close_before", h["close_before"], "USD"),
        Figure("ath", h["ath"], "USD"),
        Figure("ath_day", h["ath_day"], "UTC"),
        Figure("drawdown_from_high", h["drawdown_from_high"], "fraction"),
        Figure("return_30d", h["return_30d"], "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_speed(m: BackdropMeasures) -> Assessment:
    """c55: was the fall fast and broad?"""
    sb, day = m.speed, m.day
    falls = m.alt_hour_falls
    ruling = R.speed_breadth(
        R.SpeedBreadth(btc_hour_fall=float(sb["hour_fall"]), speed_percentile=float(sb["percentile"]), alt_hour_falls=tuple(float(v) for v in falls))
    )
    sentence = (
        f"On 15-minute BTCUSDT perpetual bars the worst hour of {day:%Y-%m-%d} ran from {sb['hour_start']:%H:%M} to {sb['hour_end']:%H:%M} UTC; the null is "
        f"the {sb['null_bars']:,} trailing one-hour windows of the {SPEED_LOOKBACK_DAYS} days before. In that hour ETH fell {pct(falls['ETH'])} and the other "
        f"altcoins between {pct(falls.drop('ETH').min())} and {pct(falls.drop('ETH').max())} (5-minute bars)."
    )
    n_fell = int((falls >= R.ALT_HOUR_FALL.value).sum())
    figures = [
        Figure("btc_hour_fall", float(sb["hour_fall"]), "fraction"),
        Figure("worst_hour_start", sb["hour_start"], "UTC"),
        Figure("speed_percentile", float(sb["percentile"]), "fraction"),
        Figure("null_windows", int(sb["null_bars"]), "windows"),
        Figure("alts_falling_3pct", n_fell, "coins"),
        Figure("eth_hour_fall", float(falls["ETH"]), "fraction"),
        Figure("alt_hour_fall_min", float(falls.min()), "fraction"),
        Figure("alt_hour_fall_max", float(falls.max()), "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_asia(m: BackdropMeasures) -> Assessment:
    """c56: concentrated selling in the Asian session?"""
    tab = m.sessions
    a = tab.loc["Asia"]
    told = m.asia_reports
    ruling = R.asian_selling(
        R.AsianSelling(
            session_return=float(a["session_return"]),
            return_percentile=float(a["return_percentile"]),
            volume_ratio=float(a["volume_ratio"]),
            volume_percentile=float(a["volume_percentile"]),
            fall_share=float(a["fall_share"]),
            reports=len(told),
        )
    )
    sentence = (
        f"Binance BTCUSDT perpetual, hourly bars; the Asian session is Tokyo's business hours, 00:00-08:00 UTC, compared with the same session on the "
        f"{int(a['null_days'])} days before. That day the European session moved {tab.loc['Europe', 'session_return']:+.1%} and the US session "
        f"{tab.loc['US', 'session_return']:+.1%}." + (f" Reports: {_ids(told)}." if told else "")
    )
    figures = [
        Figure("asia_return", float(a["session_return"]), "fraction"),
        Figure("asia_return_percentile", float(a["return_percentile"]), "fraction"),
        Figure("asia_volume_ratio", float(a["volume_ratio"]), "ratio"),
        Figure("asia_volume_percentile", float(a["volume_percentile"]), "fraction"),
        Figure("asia_fall_share", float(a["fall_share"]), "fraction"),
        Figure("null_days", int(a["null_days"]), "days"),
        Figure("europe_return", float(tab.loc["Europe", "session_return"]), "fraction"),
        Figure("us_return", float(tab.loc["US", "session_return"]), "fraction"),
        Figure("reports_placing_selling_in_asia", len(told), "reports"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _reported_figures(reports: Sequence[Report], names: Sequence[str]) -> list[Figure]:
    """``reported_<name>`` figures (value, unit) of the reports' figures called ``names``, in report order."""
    return [Figure(f"reported_{f.name}", f.value, f.unit) for r in reports for f in r.figures if f.name in names]


def _assess_asian_macro(m: BackdropMeasures) -> Assessment:
    """c57: Asian economies' policy pressure made institutions sell (reports only)."""
    told = m.pressure_reports
    ruling = R.asian_macro_pressure(R.Reported(reports=len(told)))
    titles = "; ".join(f"{r.id} ({r.outlet.split(';')[0]}): “{r.title}”" for r in told)
    sentence = (
        "No Asian bond yields, policy rates or capital flows by region are in the data; settling the claim needs the net flows of Asian exchanges "
        "and of Japanese and Korean investors, with Asian bond yields, over the crash days." + (f" Reports: {titles}." if told else "")
    )
    figures = [Figure("reports", len(told), "reports"), *_reported_figures(told, ("jgb_10y_yield",))]
    return Assessment.of(ruling, sentence, figures)


def _assess_profit_taking(m: BackdropMeasures) -> Assessment:
    """c58: profit-taking after a significant rise?"""
    r = m.returns
    ruling = R.profit_taking(R.PriorRise(return_1m=float(r[1]), return_3m=float(r[3]), return_6m=float(r[6])))
    sentence = (
        f"Yahoo BTC-USD daily closes to the last before the crash day ({m.high['close_before']:,.0f} USD on {m.high['close_day']:%Y-%m-%d}); over 12 months BTC returned "
        f"{r[12]:+.1%}. Who sold, and from which region, is not in the data."
    )
    figures = [Figure(f"return_{k}m", float(r[k]), "fraction") for k in (1, 3, 6, 12)]
    return Assessment.of(ruling, sentence, figures)


def _assess_leverage_chasing(m: BackdropMeasures, funding_30d: pd.Series) -> Assessment:
    """c59: traders chasing profits with high leverage?"""
    oi = m.oi_change_30d
    ruling = R.leverage_chasing(R.LeverageChasing(funding_percentile_30d=float(funding_30d["percentile"]), oi_change_30d=oi))
    first = m.oi_first_time
    sentence = (
        f"Leverage per trader is not public; funding is what longs pay for it. BTCUSDT funding averaged {pct(funding_30d['annualised'])} a year over the "
        f"30 days before the crash (as in c20). The only open-interest series (Binance BTCUSDT via CoinGlass) starts on {first:%Y-%m-%d %H:%M} UTC."
    )
    figures = [
        Figure("btc_funding_30d_percentile", float(funding_30d["percentile"]), "fraction"),
        Figure("btc_funding_30d_annualised", float(funding_30d["annualised"]), "fraction"),
        Figure("oi_change_30d", oi, "fraction"),
        Figure("oi_first_time", first, "UTC"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_yields_siphoned(y10: dict) -> Assessment:
    """c61: rising yields drew money away from crypto (premise only)."""
    m = R.YieldsSiphoned(
        before_from_low_bp=(y10["before"] - y10["low"]) * 100, on_day_from_low_bp=float(y10["from_low_bp"]), day_change_bp=float(y10["change_bp"])
    )
    ruling = R.yields_siphoned(m)
    sentence = (
        f"The 10-year yield closed at {y10['before']:.2f} % before the crash and {y10['on_day']:.2f} % on the crash day (one-month low {y10['low']:.2f} %). "
        "Where money went needs daily flows into crypto funds and US spot-Bitcoin ETFs (Farside, CoinShares) and into money-market funds or Treasury "
        "auctions over the same days."
    )
    figures = [
        Figure("dgs10_before", float(y10["before"]), "percent"),
        Figure("dgs10_on_day", float(y10["on_day"]), "percent"),
        Figure("dgs10_from_month_low_bp", float(y10["from_low_bp"]), "bp"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_bull_leverage(m: BackdropMeasures) -> Assessment:
    """c62: in every bull market leverage climbs to dangerous levels?"""
    s, phases = m.bull, m.bull_phases
    ruling = R.leverage_in_bull_markets(R.BullLeverage(spearman=s["spearman"], phase_peak_percentiles=tuple(float(p) for p in phases["peak_percentile"])))
    listed = "; ".join(f"{a:%Y-%m} to {b:%Y-%m} ({p:.0%})" for a, b, p in zip(phases["start"], phases["end"], phases["peak_percentile"], strict=True))
    sentence = (
        f"Binance BTCUSDT funding (daily means of the 8-hourly prints) against BTC's 90-day return (Yahoo daily closes), {s['start']:%Y-%m-%d} to "
        f"{s['end']:%Y-%m-%d}, {s['days']:,} days. Bull phases (90-day return above {R.BULL_RETURN.value:.0%}) and the highest percentile 90-day mean "
        f"funding reached in each: {listed}."
    )
    figures = [
        Figure("spearman", s["spearman"], "rho"),
        Figure("days", s["days"], "days"),
        Figure("bull_phases", len(phases), "phases"),
        Figure("phases_in_top_quarter", int((phases["peak_percentile"] >= R.DANGEROUS_PCTL.value).sum()), "phases"),
        Figure("lowest_phase_peak_percentile", float(phases["peak_percentile"].min()), "fraction"),
        Figure("last_phase_start", phases["start"].iloc[-1], "UTC"),
        Figure("last_phase_peak_percentile", float(phases["peak_percentile"].iloc[-1]), "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def _assess_greed(m: BackdropMeasures, funding_30d: pd.Series) -> Assessment:
    """c63: was sentiment extremely greedy before the crash?"""
    last, after = m.greed_last, m.greed_next
    reading = None if last is None else float(last[1].value)
    when = "none" if last is None else f"{last[0].about_day:%Y-%m-%d}"
    ruling = R.extreme_greed(R.Greed(reading=reading, reading_day=when, funding_percentile_30d=float(funding_30d["percentile"])))
    parts = ["The Crypto Fear & Greed Index (alternative.me, 0 to 100) is not in the data; readings reported at the time are."]
    if last is not None:
        parts.append(f"The last reported for the week before the crash: {reading:.0f} for {when} ({last[0].id}, {last[0].outlet.split(';')[0]}).")
    if after is not None:
        parts.append(f"The next: {float(after[1].value):.0f} for {after[0].about_day:%Y-%m-%d} ({after[0].id}).")
    parts.append("A daily series of the index for the crash week would settle it without relying on reports.")
    figures = [
        Figure("reported_fear_greed_index", reading, "index"),
        Figure("reading_day", last[0].about_day if last is not None else None, "UTC"),
        Figure("reported_fear_greed_index_after", None if after is None else float(after[1].value), "index"),
        Figure("btc_funding_30d_percentile", float(funding_30d["percentile"]), "fraction"),
    ]
    return Assessment.of(ruling, " ".join(parts), figures)


#: What would settle the statements no data or stored report settles, and what was searched.
UNSETTLED = {
    "c64-sentiment-polarized": (
        "social-media sentiment series (Santiment's positive and negative ratios, counts of X posts by stance) for the days before and after the crash would settle it.",
        "the stored contemporaneous news pages for the candidate days; none measures a split of opinion after the crash.",
    ),
    "c66-vitalik-fundamentals": (
        "his blog and X posts in the days after the crash would settle whether he commented; his earlier interviews bear only on what he 'historically emphasized'.",
        "the stored news pages; none quotes him on this crash. A report of a 2022 Bloomberg interview has him welcoming bear markets for clearing out 'very short-term speculative attention'.",
    ),
}


def _assess_unsettled(m: BackdropMeasures, claim_id: str) -> Assessment:
    """c64, c66: not settled by any public data or stored report."""
    settle, searched = UNSETTLED[claim_id]
    background = m.unsettled_reports[claim_id]
    ruling = R.unsettled(R.Unsettled(settle, searched, background=len(background)))
    sentence = f"Not settled: {searched}" + (f" Report: {_ids(background)}." if background else "")
    figures = [Figure("crash_day", m.day, "UTC"), Figure("reports_bearing_on_part", len(background), "reports")]
    return Assessment.of(ruling, sentence, figures)


def _assess_whales(m: BackdropMeasures) -> Assessment:
    """c65: seasoned investors and whales bought the crash (reports only)."""
    told = m.whale_reports
    ruling = R.whales_buying(R.Reported(reports=len(told)))
    said = "; ".join(f"{r.id} ({r.outlet.split(';')[0]}): {f.value:,.0f} {f.unit}, {f.covers}" for r in told for f in r.figures if f.unit == "BTC")
    sentence = (
        "No on-chain balances are in the data (see c26); balances of addresses holding 1,000 BTC or more (Glassnode, CryptoQuant) over the crash days "
        "would settle it." + (f" Reports: {said}." if said else "")
    )
    figures = [Figure("reports", len(told), "reports"), *_reported_figures(told, ("whale_longs_added", "whale_accumulation"))]
    return Assessment.of(ruling, sentence, figures)


def assess(m: BackdropMeasures, funding_30d: pd.Series, y10: dict) -> dict[str, Assessment]:
    """Assessments of c54-c59 and c61-c66 (the backdrop's claims of the ``contagion-macro`` chapter)
    from the backdrop's measures ``m``.

    ``funding_30d``: the BTC row of :func:`flashcrash.macro.funding_percentiles` for 30 days (as c20);
    ``y10``: :func:`flashcrash.macro.yield_moves` of DGS10 (as c23).
    """
    return {
        "c54-challenge-highs": _assess_highs(m),
        "c55-speed-breadth": _assess_speed(m),
        "c56-asian-selling": _assess_asia(m),
        "c57-asian-macro-pressure": _assess_asian_macro(m),
        "c58-profit-taking": _assess_profit_taking(m),
        "c59-leverage-chasing": _assess_leverage_chasing(m, funding_30d),
        "c61-yields-siphoned": _assess_yields_siphoned(y10),
        "c62-leverage-in-bull-markets": _assess_bull_leverage(m),
        "c63-extreme-greed": _assess_greed(m, funding_30d),
        "c64-sentiment-polarized": _assess_unsettled(m, "c64-sentiment-polarized"),
        "c65-whales-buying": _assess_whales(m),
        "c66-vitalik-fundamentals": _assess_unsettled(m, "c66-vitalik-fundamentals"),
    }
