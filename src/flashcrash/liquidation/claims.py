"""Verdicts of the article's liquidation claims (chapter ``liquidations`` of ``data/claims.yaml``).

Each claim's rule measures and evidence sentence are built here from the chapter's measures
(:class:`~flashcrash.liquidation.measures.LiquidationMeasures`: the mirrored data, the calibrated model
of :mod:`.calibrate`, the coverage model of :mod:`.coverage` and the contemporaneous reports of
``data/reported.yaml``); the verdict comes from the claim's rule in :mod:`flashcrash.rules.liquidations`,
and the evidence quotes the rule's checks. The public data hold BTC liquidations on three exchanges
only: market-wide totals and trader counts are estimated from them with a range, and compared with
what reports of the day said.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from flashcrash import article as A
from flashcrash import data
from flashcrash import reported as rp
from flashcrash.claims import Assessment, Figure
from flashcrash.liquidation import reports as lr
from flashcrash.liquidation import sequence as sq
from flashcrash.liquidation.measures import CANDIDATE_DAYS, FUNDING_WINDOW_DAYS, REPORT_DAYS, Calibration, LiquidationMeasures, rule_measures
from flashcrash.liquidation.observed import EventDay, hourly_returns, long_shares, max_hour_share, sequence_display, sequence_table
from flashcrash.liquidation.reports import Reports, of_day, reported_figures, reported_table, scale_figures, timed_growth
from flashcrash.rules import liquidations as rl
from flashcrash.sessions import ASIA_TZ

__all__ = [
    "ARTICLE_24H_USD",
    "ARTICLE_CNY",
    "ARTICLE_HEADLINE_HOUR_USD",
    "ARTICLE_TRADERS",
    "ARTICLE_WORST_HOUR_USD",
    "CANDIDATE_DAYS",
    "FUNDING_WINDOW_DAYS",
    "REPORT_DAYS",
    "THREE_EXCHANGE_OI_SHARE",
    "assess",
    "hourly_returns",
    "long_shares",
    "max_hour_share",
    "reported_table",
    "reports",
    "rules_table",
    "sequence_display",
    "sequence_table",
]

#: Share of BTC futures open interest on Binance, Bybit and OKX as reported from CoinGlass in
#: September 2024 (Binance 21.65 %, Bybit 13.69 %, OKX 8.42 %, CME 29.44 %; :cite:`edanews2024oi`).
#: Not verifiable offline, and 15 months before the event. Without CME (whose futures are not
#: liquidated by an exchange engine): 43.76 / 70.56 = 62 %.
THREE_EXCHANGE_OI_SHARE = (0.4376 / 0.7056, 0.4376)

#: The article's figures (:mod:`flashcrash.article`; USD, traders, CNY).
ARTICLE_WORST_HOUR_USD = A.WORST_HOUR_USD
ARTICLE_HEADLINE_HOUR_USD = A.HEADLINE_HOUR_USD
ARTICLE_24H_USD = A.LIQUIDATED_24H_USD
ARTICLE_TRADERS = A.TRADERS
ARTICLE_CNY = A.LIQUIDATED_24H_CNY


def reports(day: pd.Timestamp = A.EVENT_DAY) -> Reports:
    """The contemporaneous reports placed against the three exchanges' liquidations
    (:func:`.reports.reports`), read from the registry's files: an entry point of its own, for the
    event chapter's scan, which reads the coverage ratios."""
    return lr.reports(rp.load_reports(), data.liquidations_1h(), day)


Part = tuple[Any, str, list[Figure]]  # (measures, sentence with the measures, figures)


def _worst_hour(ev: EventDay, rep: Reports) -> Part:
    est = rep.usd_scale.of(ev.worst_usd)
    m = rl.AmountMeasures(
        "the market's worst hour",
        ARTICLE_WORST_HOUR_USD,
        "USD",
        True,
        est,
        of_day(rep.hour, ev.day),
        settle="CoinGlass's all-coin, all-exchange hourly totals for the day",
    )
    s = rep.usd_scale
    sentence = (
        f"In the Binance+Bybit+OKX BTC data the worst hour began {ev.worst:%Y-%m-%d %H:%M} UTC ({ev.local}) with {ev.worst_usd / 1e6:.1f}M USD, "
        f"{ev.worst_share:.0%} of the day. Scaled to all coins and exchanges by the ratios of {s.n} reported 24-hour totals of other days to the same data "
        f"({s.low:.1f}-{s.high:.1f}x), that hour comes to {rl.span(*est, 'USD')}. Reports of the day give one hour's long liquidations; in the data longs were {ev.worst_long_share:.1%} of the worst hour."
    )
    figs = [
        Figure("worst_hour_start", ev.worst, "UTC"),
        Figure("worst_hour_local", ev.local, ASIA_TZ),
        Figure("worst_hour_3ex_btc_usd", ev.worst_usd, "USD"),
        Figure("worst_hour_share_of_day", ev.worst_share, "fraction"),
        Figure("coverage_ratio_needed", ARTICLE_WORST_HOUR_USD / ev.worst_usd, "ratio"),
        *scale_figures(s, est, "USD"),
        *reported_figures(rep.hour, "1h_usd", "USD", REPORT_DAYS),
    ]
    return m, sentence, figs


def _btc_majority(ev: EventDay) -> Part:
    r_lo, r_hi = 1.0 / THREE_EXCHANGE_OI_SHARE[0], 1.0 / THREE_EXCHANGE_OI_SHARE[1]
    lo, hi = ev.worst_usd * r_lo, ev.worst_usd * r_hi
    sentence = (
        f"BTC on the three exchanges liquidated {ev.worst_usd / 1e6:.1f}M USD in the worst hour of {ev.day:%Y-%m-%d}; scaled to all exchanges by their published share of BTC futures open interest "
        f"({r_lo:.1f}-{r_hi:.1f}x) that is {rl.span(lo, hi, 'USD')}, {lo / ARTICLE_WORST_HOUR_USD:.0%}-{hi / ARTICLE_WORST_HOUR_USD:.0%} of the article's 600M."
    )
    figs = [
        Figure("worst_hour_3ex_btc_usd", ev.worst_usd, "USD"),
        Figure("btc_all_exchanges_low", lo, "USD"),
        Figure("btc_all_exchanges_high", hi, "USD"),
        Figure("btc_share_of_600m_low", lo / ARTICLE_WORST_HOUR_USD, "fraction"),
        Figure("btc_share_of_600m_high", hi / ARTICLE_WORST_HOUR_USD, "fraction"),
    ]
    return rl.BtcShareMeasures(None), sentence, figs


def _total_24h(ev: EventDay, rep: Reports) -> Part:
    est = rep.usd_scale.of(ev.day_usd)
    m = rl.AmountMeasures(
        "the market's 24-hour total", ARTICLE_24H_USD, "USD", False, est, of_day(rep.total, ev.day), settle="CoinGlass's all-coin, all-exchange 24-hour total"
    )
    s = rep.usd_scale
    sentence = (
        f"BTC on Binance+Bybit+OKX liquidated {ev.day_usd / 1e6:.1f}M USD on {ev.day:%Y-%m-%d} (UTC day). The ratios of {s.n} reported market-wide totals of "
        f"other days to the same data ({s.low:.1f}-{s.high:.1f}x) scale it to {rl.span(*est, 'USD')}. The day's reports were taken at different hours: "
        f"{timed_growth(rep.total, ev.day)}."
    )
    figs = [
        Figure("day_3ex_btc_usd", ev.day_usd, "USD"),
        Figure("coverage_ratio_needed", ARTICLE_24H_USD / ev.day_usd, "ratio"),
        *scale_figures(s, est, "USD"),
        *reported_figures(rep.total, "usd", "USD", REPORT_DAYS),
    ]
    return m, sentence, figs


def _traders(ev: EventDay, rep: Reports) -> Part:
    est = rep.trader_scale.of(ev.day_usd)
    m = rl.AmountMeasures(
        "the traders liquidated in 24 hours",
        ARTICLE_TRADERS,
        "traders",
        True,
        est,
        of_day(rep.traders, ev.day),
        settle="CoinGlass's count of liquidated traders",
    )
    s = rep.trader_scale
    sentence = (
        f"No public data count liquidated traders. {s.n} reports of other days give {s.low * 1e6:,.0f}-{s.high * 1e6:,.0f} traders per million USD of "
        f"three-exchange BTC liquidations, which puts {ev.day:%Y-%m-%d} ({ev.day_usd / 1e6:.1f}M USD) at {rl.span(*est, 'traders')}."
    )
    figs = [Figure("day_3ex_btc_usd", ev.day_usd, "USD"), *scale_figures(s, est, "traders"), *reported_figures(rep.traders, "traders", "traders", REPORT_DAYS)]
    return m, sentence, figs


def _long_share(ev: EventDay, ls: pd.DataFrame) -> Part:
    others = ls.drop(index=ev.day)
    sentence = (
        f"In the Binance+Bybit+OKX BTC data of the UTC day {ev.day:%Y-%m-%d} (on the mid-December days the daily long share was "
        f"{others['long_share'].min():.0%}-{others['long_share'].max():.0%}):"
    )
    figs = [Figure("worst_hour_long_share", ev.worst_long_share, "fraction"), Figure("event_day_long_share", ev.day_long_share, "fraction")]
    figs += [Figure(f"long_share_{d:%Y-%m-%d}", float(r.long_share), "fraction") for d, r in others.iterrows()]
    return rl.LongShareMeasures(ev.day_long_share, ev.worst_long_share), sentence, figs


def _rmb(ev: EventDay, rm: dict[str, float]) -> Part:
    sentence = (
        f"At the USD/CNY rate implied by Bitstamp's BTC/CNY and BTC/USD on {ev.day:%Y-%m-%d} ({rm['rate']:.4f}), 820M USD is {rm['cny_of_820m'] / 1e9:.2f} billion CNY; "
        f"the article's 5.8 billion implies {rm['article_rate']:.3f} CNY per USD. An official fixing could not be checked offline."
    )
    figs = [
        Figure("usd_cny_implied_by_data", rm["rate"], "CNY per USD"),
        Figure("usd_cny_implied_by_article", rm["article_rate"], "CNY per USD"),
        Figure("cny_of_820m_usd", rm["cny_of_820m"], "CNY"),
        Figure("relative_difference", rm["relative_difference"], "fraction"),
    ]
    return rl.RmbMeasures(rm["rate"], rm["article_rate"]), sentence, figs


def _cascade(ev: EventDay, brk: pd.Timestamp, model: Calibration) -> Part:
    band, fit = model.band, model.fit
    m = rl.CascadeMeasures(
        int((ev.worst - brk.floor("h")) / pd.Timedelta(hours=1)), ev.worst_long_share, float(band["factor"]), float(band["factor_lo"]), float(band["factor_hi"])
    )
    sentence = (
        f"BTC first traded below $87k at {brk:%H:%M} UTC; the calibrated model (square-root impact, Y={band['y']:.1f}) puts the fall without forced selling at "
        f"~{band['exogenous_low']:,.0f} USD instead of {band['observed_low']:,.0f}."
    )
    figs = [
        Figure("break_87k_time", brk, "UTC"),
        Figure("peak_hours_after_break", m.peak_hours_after_break, "hours"),
        Figure("amplification", band["factor"], "ratio"),
        Figure("amplification_lo", band["factor_lo"], "ratio"),
        Figure("amplification_hi", band["factor_hi"], "ratio"),
        Figure("observed_low", band["observed_low"], "USD"),
        Figure("counterfactual_low", band["exogenous_low"], "USD"),
        Figure("fit_hourly_correlation", fit.correlation, "correlation"),
        Figure("fit_total_error", fit.total_error, "fraction"),
    ]
    return m, sentence, figs


def _headline(ev: EventDay, rep: Reports, share: float, days: int) -> Part:
    hour = rl.AmountMeasures("the market's worst hour", ARTICLE_HEADLINE_HOUR_USD, "USD", False, rep.usd_scale.of(ev.worst_usd), of_day(rep.hour, ev.day))
    m = rl.HeadlineMeasures(ARTICLE_HEADLINE_HOUR_USD, ARTICLE_24H_USD, share, days, hour)
    sentence = f"The headline's 800M USD in one hour sits beside the body's 600M in the worst hour and 820M in 24 h; the worst hour of {ev.day:%Y-%m-%d} held {ev.worst_share:.0%} of its day."
    figs = [
        Figure("headline_share_of_24h", m.share, "fraction"),
        Figure("body_worst_hour_usd", ARTICLE_WORST_HOUR_USD, "USD"),
        Figure("observed_worst_hour_share_of_day", ev.worst_share, "fraction"),
        Figure("max_hour_share_of_day", share, "fraction"),
        Figure("complete_days", days, "days"),
    ]
    return m, sentence, figs


def _lurking(m: LiquidationMeasures) -> Part:
    brk, fund, oi_start = m.break_time, m.funding_30d, m.oi_first_time
    share, total = m.after_break
    h0 = brk.floor("h")
    sentence = (
        f"From the hour of the $87k break ({h0:%Y-%m-%d %H:%M} UTC) through {h0 + pd.Timedelta(hours=sq.AFTER_BREAK_HOURS):%H:%M} UTC the three exchanges "
        f"liquidated {total / 1e6:.1f}M USD of BTC positions. Open interest is in the data only from {oi_start:%Y-%m-%d}, so whether positions had built up "
        f"cannot be measured directly; funding is the proxy (as in c20): BTCUSDT funding averaged {float(fund['annualised']):.1%} a year over the {FUNDING_WINDOW_DAYS} days before."
    )
    lm = rl.LurkingMeasures(share, float(fund["percentile"]))
    figs = [
        Figure("break_hour", h0, "UTC"),
        Figure("liquidations_break_hour_and_3_after", total, "USD"),
        Figure("long_share_break_hour_and_3_after", share, "fraction"),
        Figure("btc_funding_30d_annualised", float(fund["annualised"]), "fraction"),
        Figure("btc_funding_30d_percentile", lm.funding_percentile, "fraction"),
        Figure("open_interest_first_hour", oi_start, "UTC"),
    ]
    return lm, sentence, figs


def _first_batch(ev: EventDay, seq: pd.DataFrame) -> Part:
    r = seq.loc[ev.day]
    others = seq.drop(index=ev.day)
    grew = others[(others["hours_to_peak"] >= 1) & (others["peak_usd"] >= rl.LARGER_RATIO.value * others["first_batch_usd"])]
    base = float(r["batch_threshold_usd"]) / rl.BATCH_MULTIPLE.value
    m = rl.FirstBatchMeasures(
        float(r["first_batch_usd"]), float(r["peak_usd"]), int(r["hours_to_peak"]), float(r["next_hour_usd"]), float(r["batch_threshold_usd"])
    )
    sentence = (
        f"Hourly long liquidations of BTC on Binance, Bybit and OKX: the median hour of the 7 days before {ev.day:%Y-%m-%d} held {base / 1e6:.2f}M USD, so a batch "
        f"is above {m.threshold / 1e6:.2f}M. The day's peak hour ({r['peak_hour']:%Y-%m-%d %H:%M} UTC) held {m.peak_usd / 1e6:.1f}M; the unbroken run of batches "
        f"leading to it began at {r['first_batch']:%Y-%m-%d %H:%M} UTC with {m.first_usd / 1e6:.1f}M, and the hour after the peak held {m.next_usd / 1e6:.1f}M. "
        f"Hourly bins cannot show the order of liquidations inside an hour. On {len(grew)} of the {len(others)} mid-December candidate days too the peak came "
        f"later than the first batch and at least {rl.LARGER_RATIO.value:g} times larger."
    )
    figs = [
        Figure("median_hour_7d_before", base, "USD"),
        Figure("batch_threshold", m.threshold, "USD"),
        Figure("first_batch_hour", r["first_batch"], "UTC"),
        Figure("first_batch_long_usd", m.first_usd, "USD"),
        Figure("peak_hour", r["peak_hour"], "UTC"),
        Figure("peak_long_usd", m.peak_usd, "USD"),
        Figure("hours_first_batch_to_peak", m.hours_to_peak, "hours"),
        Figure("peak_over_first_batch", m.peak_usd / m.first_usd if m.first_usd else float("nan"), "ratio"),
        Figure("hour_after_peak_long_usd", m.next_usd, "USD"),
        Figure("other_days_growing", len(grew), "days"),
    ]
    return m, sentence, figs


def _fuse(ev: EventDay, seq: pd.DataFrame, bars: pd.DataFrame, band: pd.Series) -> Part:
    r = seq.loc[ev.day]
    p0, low = float(bars["open"].iloc[0]), float(bars["low"].min())
    end_of_peak = bars.loc[: r["peak_hour"] + pd.Timedelta("1h") - pd.Timedelta("1ns")]
    share_by_peak = (p0 - float(end_of_peak["close"].iloc[-1])) / (p0 - low) if p0 > low else float("nan")
    thr = float(r["batch_threshold_usd"])
    hours = (r["peak_hour"] - r["first_fall"]) / pd.Timedelta("1h") if pd.notna(r["first_fall"]) else float("nan")
    m = rl.FuseMeasures(float(hours), float(r["first_fall_return"]), float(r["before_fall_usd"]), thr, sq.FALL_LOOKBACK_HOURS)
    ref = r["first_fall"] if pd.notna(r["first_fall"]) else r["peak_hour"]
    sentence = (
        f"Hourly (BTCUSDT perpetual; three-exchange long liquidations): the peak hour of long liquidations was {r['peak_hour']:%Y-%m-%d %H:%M} UTC. In the hour before "
        f"{'the first sharp fall' if pd.notna(r['first_fall']) else 'the peak'} ({ref - pd.Timedelta('1h'):%Y-%m-%d %H:%M} UTC) the price moved "
        f"{r['before_fall_return']:+.1%}. By the end of the peak hour BTC had made {share_by_peak:.0%} of the day's fall from its open (${p0:,.0f}) to its low (${low:,.0f}). "
        f"Whether selling or forced selling started the slide is below the data's hourly resolution; how much the liquidations added to the fall is c16's model "
        f"question (amplification {float(band['factor']):.2f}, band {float(band['factor_lo']):.2f}-{float(band['factor_hi']):.2f})."
    )
    figs = [
        Figure("peak_hour", r["peak_hour"], "UTC"),
        Figure("first_sharp_fall_hour", r["first_fall"], "UTC"),
        Figure("first_sharp_fall_return", m.first_fall_return, "fraction"),
        Figure("hours_fall_to_peak", m.hours_fall_to_peak, "hours"),
        Figure("hour_before_fall_long_usd", m.before_usd, "USD"),
        Figure("hour_before_fall_return", float(r["before_fall_return"]), "fraction"),
        Figure("batch_threshold", thr, "USD"),
        Figure("share_of_day_fall_by_end_of_peak_hour", share_by_peak, "fraction"),
    ]
    return m, sentence, figs


def _deleveraging(m: LiquidationMeasures) -> Part:
    ev, rep, seq, dr = m.event, m.reports, m.sequence, m.day_rank
    avg_lo, avg_hi, avg_id = m.reported_average
    first, last = m.complete_span
    day_reps = rep.total[rep.total["about_day"] == ev.day]["value"]
    rm = rl.DayRankMeasures(int(dr["rank"]), int(dr["days"]))
    others = seq.drop(index=ev.day)
    sentence = (
        f"BTC liquidations on Binance, Bybit and OKX on the UTC day {ev.day:%Y-%m-%d}: {dr['total'] / 1e6:.1f}M USD, against {dr['days']} complete days in the file "
        f"({first:%Y-%m-%d} to {last:%Y-%m-%d}; the largest, {dr['largest_day']:%Y-%m-%d}, {dr['largest'] / 1e6:.1f}M). Market-wide, the day's "
        f"{len(day_reps)} reported totals ran from {day_reps.min() / 1e6:,.0f}M to {day_reps.max() / 1e6:,.0f}M USD, against an average 2025 day of "
        f"{avg_lo / 1e6:,.0f}M-{avg_hi / 1e6:,.0f}M reported from CoinGlass's annual report ({avg_id.split('-')[0]}). The mid-December candidate days ranked "
        f"{', '.join(f'{int(x)}' for x in others['day_rank'])} of {dr['days']}."
    )
    figs = [
        Figure("day_3ex_btc_usd", dr["total"], "USD"),
        Figure("rank_among_days", rm.rank, "days"),
        Figure("complete_days", rm.days, "days"),
        Figure("top_share", rm.top_share, "fraction"),
        Figure("largest_day", dr["largest_day"], "UTC"),
        Figure("largest_day_3ex_btc_usd", dr["largest"], "USD"),
        Figure("reported_24h_usd_low", float(day_reps.min()), "USD"),
        Figure("reported_24h_usd_high", float(day_reps.max()), "USD"),
        Figure("reported_2025_daily_average_low", avg_lo, "USD"),
        Figure("reported_2025_daily_average_high", avg_hi, "USD"),
    ]
    figs += [Figure(f"rank_{d:%Y-%m-%d}", int(x), "days") for d, x in others["day_rank"].items()]
    return rm, sentence, figs


def rules_table(assessments: dict[str, Assessment]) -> pd.DataFrame:
    """Per claim: verdict, what it rests on and the rule in one sentence."""
    return pd.DataFrame([{"claim": cid, "verdict": a.verdict, "rests on": ", ".join(a.ruling.basis), "rule": a.ruling.text} for cid, a in assessments.items()])


def _assessment(claim_id: str, part: Part) -> Assessment:
    measures, sentence, figures = part
    ruling = rl.RULES[claim_id](measures)
    return Assessment.of(ruling, sentence, figures)


def assess(m: LiquidationMeasures | None = None) -> dict[str, Assessment]:
    """Assessments of c10-c17, c48, c49, c51 and c52 (claim id -> :class:`flashcrash.claims.Assessment`):
    rule measures from the chapter's measures ``m`` (the data, the model and the reports), verdicts
    from the rules. The notebook passes the measures it shows; the ledger calls it without, and the
    rules' measures of the crash day (:func:`~.measures.rule_measures`) are computed here."""
    m = rule_measures() if m is None else m
    ev, rep, seq = m.event, m.reports, m.sequence
    parts = {
        "c10-worst-hour-600m": _worst_hour(ev, rep),
        "c11-btc-majority": _btc_majority(ev),
        "c12-24h-820m": _total_24h(ev, rep),
        "c13-220k-traders": _traders(ev, rep),
        "c14-long-share": _long_share(ev, m.long_shares),
        "c15-rmb-conversion": _rmb(ev, m.rmb),
        "c16-cascade": _cascade(ev, m.break_time, m.model),
        "c17-headline-800m-hour": _headline(ev, rep, m.max_hour_share, m.complete_days),
        "c48-leverage-lurking": _lurking(m),
        "c49-first-batch-larger": _first_batch(ev, seq),
        "c51-fuse-then-fuel": _fuse(ev, seq, m.day_bars, m.model.band),
        "c52-large-deleveraging": _deleveraging(m),
    }
    return {cid: _assessment(cid, p) for cid, p in parts.items()}
