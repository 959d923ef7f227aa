"""Measures behind the article's liquidation claims (chapter ``liquidations`` of ``data/claims.yaml``).

Each claim's measures are computed here from the mirrored data, the calibrated model
(:mod:`.calibrate`), the coverage model (:mod:`.coverage`) and the contemporaneous reports
(``data/reported.yaml``); the verdict comes from the claim's rule in
:mod:`flashcrash.rules.liquidations`, and the evidence quotes the rule's checks. The public data hold
BTC liquidations on three exchanges only: market-wide totals and trader counts are estimated from
them with a range, and compared with what reports of the day said.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from flashcrash import article as A
from flashcrash import data
from flashcrash import reported as rp
from flashcrash.claims import Assessment, Figure
from flashcrash.crossings import downward_crossings
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import coverage as cv
from flashcrash.liquidation import sequence as sq
from flashcrash.rules import liquidations as rl
from flashcrash.rules.base import with_evidence
from flashcrash.sessions import ASIA_TZ

#: Days whose long share is reported: the calibration day (the identified event day) and the five
#: mid-December days the article's date points to. ``flashcrash.event.candidate_days()`` lists every
#: day that broke $87k; tests check that these days are the event day and among its candidates.
CANDIDATE_DAYS = (cal.EVENT_DAY,) + cal.VALIDATION_DAYS[:5]
#: Days whose reported figures are listed with the claims: the candidate days and 2026-01-29 (the
#: model's last validation day, whose reports come closest to the article's 24-hour figures).
REPORT_DAYS = (cal.EVENT_DAY,) + cal.VALIDATION_DAYS

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
#: Days of funding before the event whose mean is ranked against its history (as in the funding claim c20).
FUNDING_WINDOW_DAYS = 30


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


def max_hour_share() -> tuple[float, int]:
    """The largest share of a complete UTC day's liquidations held by one hour in the three-exchange
    BTC data (fraction), and the number of complete days."""
    by_day = data.liquidations_1h()["total_usd"].resample("1D")
    t = pd.DataFrame({"n": by_day.count(), "top": by_day.max(), "sum": by_day.sum()})
    t = t[(t["n"] == 24) & (t["sum"] > 0)]
    return float((t["top"] / t["sum"]).max()), len(t)


def rmb_check(day: pd.Timestamp = cal.EVENT_DAY) -> dict[str, float]:
    """USD/CNY implied by Bitstamp's BTC/CNY and BTC/USD on ``day``, and the article's implied rate."""
    b = data.bitstamp_daily().loc[day]
    rate = float(b["btc_cny"] / b["btc_usd"])
    return {"rate": rate, "article_rate": ARTICLE_CNY / ARTICLE_24H_USD, "cny_of_820m": ARTICLE_24H_USD * rate, "relative_difference": ARTICLE_CNY / (ARTICLE_24H_USD * rate) - 1.0}


# --------------------------------------------------------------------------- the event day in the data
@dataclass(frozen=True)
class EventDay:
    """The event's UTC day in the three-exchange BTC data (USD, fractions, UTC)."""

    day: pd.Timestamp
    worst: pd.Timestamp  # open of the hour with the most liquidations
    worst_usd: float
    day_usd: float
    worst_long_share: float
    day_long_share: float

    @property
    def worst_share(self) -> float:
        return self.worst_usd / self.day_usd

    @property
    def local(self) -> str:
        t = self.worst.tz_convert(ASIA_TZ)
        return f"{t:%Y-%m-%d %H:%M}-{t + pd.Timedelta(hours=1):%H:%M} HKT (UTC+8)"


def event_day(day: pd.Timestamp = cal.EVENT_DAY) -> EventDay:
    x = day_slice(day)
    worst = x["total_usd"].idxmax()
    w = float(x.loc[worst, "total_usd"])
    total = float(x["total_usd"].sum())
    return EventDay(day, worst, w, total, float(x.loc[worst, "long_usd"]) / w, float(x["long_usd"].sum()) / total)


# --------------------------------------------------------------------------- reports and the coverage model
@dataclass(frozen=True)
class Reports:
    """The reported hourly peaks, 24-hour totals and trader counts, with coverage ratios where placed."""

    hour: pd.DataFrame
    total: pd.DataFrame
    traders: pd.DataFrame
    usd_scale: cv.Scale  # market-wide USD per three-exchange BTC USD, from other days
    trader_scale: cv.Scale  # traders per three-exchange BTC USD, from other days


def reports(day: pd.Timestamp = cal.EVENT_DAY) -> Reports:
    table = rp.figures_table([r for r in rp.load_reports() if not r.retrospective])  # contemporaneous reports only
    liq = data.liquidations_1h()["total_usd"]
    total = cv.coverage_ratios(cv.reported(table, cv.TOTAL_NAMES), liq)
    traders = cv.coverage_ratios(cv.reported(table, cv.TRADER_NAMES), liq)
    return Reports(cv.reported(table, cv.HOUR_NAMES), total, traders, cv.scale_for(total, day), cv.scale_for(traders, day))


def window_words(row: Any) -> str:
    """``24h to 2025-12-01 06:45 UTC``, ``1h, longs`` - what one reported figure covers."""
    end = f" to {row.window_end:%Y-%m-%d %H:%M} UTC" if pd.notna(row.window_end) else f", {row.about_day:%Y-%m-%d}"
    return f"{row.window}{end}{', longs' if row.name.endswith('_long') else ''}"


def of_day(rows: pd.DataFrame, day: pd.Timestamp) -> tuple[rl.Reported, ...]:
    """The reports of ``day`` as rule measures (source id, value, window)."""
    return tuple(rl.Reported(r.report, float(r.value), window_words(r)) for r in rows[rows["about_day"] == day].itertuples())


def reported_figures(rows: pd.DataFrame, what: str, unit: str, days=REPORT_DAYS) -> list[Figure]:
    """``reported_<what>_<day>_<rNN>_<window>`` for every report of ``days``."""
    sel = rows[rows["about_day"].isin(list(days))].sort_values(["about_day", "report"], kind="stable")
    return [Figure(f"reported_{what}_{r.about_day:%Y-%m-%d}_{r.report[:3]}_{r.window}", float(r.value), unit) for r in sel.itertuples()]


def scale_figures(s: cv.Scale, est: tuple[float, float], unit: str) -> list[Figure]:
    ratio_unit = "ratio" if unit == "USD" else f"{unit} per USD"
    return [Figure("coverage_ratio_low", s.low, ratio_unit), Figure("coverage_ratio_high", s.high, ratio_unit), Figure("coverage_ratio_reports", s.n, "reports"),
            Figure("estimate_low", est[0], unit), Figure("estimate_high", est[1], unit)]


def timed_growth(rows: pd.DataFrame, day: pd.Timestamp) -> str:
    """How the three-exchange 24-hour BTC total moved between the day's first and last reports that
    state their time (``rows`` from :func:`.coverage.coverage_ratios`)."""
    t = rows[(rows["about_day"] == day) & rows["window_end"].notna() & (rows["window"] == "24h")].sort_values("window_end")
    if len(t) < 2:
        return "few of them state their time"
    a, b = t.iloc[0], t.iloc[-1]
    return (f"where they state a time, from {a.window_end:%H:%M} to {b.window_end:%H:%M} UTC, over which the three exchanges' rolling 24-hour BTC total "
            f"went from {a.three_ex_usd / 1e6:.1f}M to {b.three_ex_usd / 1e6:.1f}M USD")


# --------------------------------------------------------------------------- measures per claim
Part = tuple[Any, str, list[Figure]]  # (measures, sentence with the measures, figures)


def _worst_hour(ev: EventDay, rep: Reports) -> Part:
    est = rep.usd_scale.of(ev.worst_usd)
    m = rl.AmountMeasures("the market's worst hour", ARTICLE_WORST_HOUR_USD, "USD", True, est, of_day(rep.hour, ev.day),
                          settle="CoinGlass's all-coin, all-exchange hourly totals for the day")
    s = rep.usd_scale
    sentence = (
        f"In the Binance+Bybit+OKX BTC data the worst hour began {ev.worst:%Y-%m-%d %H:%M} UTC ({ev.local}) with {ev.worst_usd / 1e6:.1f}M USD, "
        f"{ev.worst_share:.0%} of the day. Scaled to all coins and exchanges by the ratios of {s.n} reported 24-hour totals of other days to the same data "
        f"({s.low:.1f}-{s.high:.1f}x), that hour comes to {rl.span(*est, 'USD')}. Reports of the day give one hour's long liquidations; in the data longs were {ev.worst_long_share:.1%} of the worst hour."
    )
    figs = [Figure("worst_hour_start", ev.worst, "UTC"), Figure("worst_hour_local", ev.local, ASIA_TZ), Figure("worst_hour_3ex_btc_usd", ev.worst_usd, "USD"),
            Figure("worst_hour_share_of_day", ev.worst_share, "fraction"), Figure("coverage_ratio_needed", ARTICLE_WORST_HOUR_USD / ev.worst_usd, "ratio"),
            *scale_figures(s, est, "USD"), *reported_figures(rep.hour, "1h_usd", "USD")]
    return m, sentence, figs


def _btc_majority(ev: EventDay) -> Part:
    r_lo, r_hi = 1.0 / THREE_EXCHANGE_OI_SHARE[0], 1.0 / THREE_EXCHANGE_OI_SHARE[1]
    lo, hi = ev.worst_usd * r_lo, ev.worst_usd * r_hi
    sentence = (
        f"BTC on the three exchanges liquidated {ev.worst_usd / 1e6:.1f}M USD in the worst hour of {ev.day:%Y-%m-%d}; scaled to all exchanges by their published share of BTC futures open interest "
        f"({r_lo:.1f}-{r_hi:.1f}x) that is {rl.span(lo, hi, 'USD')}, {lo / ARTICLE_WORST_HOUR_USD:.0%}-{hi / ARTICLE_WORST_HOUR_USD:.0%} of the article's 600M."
    )
    figs = [Figure("worst_hour_3ex_btc_usd", ev.worst_usd, "USD"), Figure("btc_all_exchanges_low", lo, "USD"), Figure("btc_all_exchanges_high", hi, "USD"),
            Figure("btc_share_of_600m_low", lo / ARTICLE_WORST_HOUR_USD, "fraction"), Figure("btc_share_of_600m_high", hi / ARTICLE_WORST_HOUR_USD, "fraction")]
    return rl.BtcShareMeasures(None), sentence, figs


def _total_24h(ev: EventDay, rep: Reports) -> Part:
    est = rep.usd_scale.of(ev.day_usd)
    m = rl.AmountMeasures("the market's 24-hour total", ARTICLE_24H_USD, "USD", False, est, of_day(rep.total, ev.day),
                          settle="CoinGlass's all-coin, all-exchange 24-hour total")
    s = rep.usd_scale
    sentence = (
        f"BTC on Binance+Bybit+OKX liquidated {ev.day_usd / 1e6:.1f}M USD on {ev.day:%Y-%m-%d} (UTC day). The ratios of {s.n} reported market-wide totals of "
        f"other days to the same data ({s.low:.1f}-{s.high:.1f}x) scale it to {rl.span(*est, 'USD')}. The day's reports were taken at different hours: "
        f"{timed_growth(rep.total, ev.day)}."
    )
    figs = [Figure("day_3ex_btc_usd", ev.day_usd, "USD"), Figure("coverage_ratio_needed", ARTICLE_24H_USD / ev.day_usd, "ratio"),
            *scale_figures(s, est, "USD"), *reported_figures(rep.total, "usd", "USD")]
    return m, sentence, figs


def _traders(ev: EventDay, rep: Reports) -> Part:
    est = rep.trader_scale.of(ev.day_usd)
    m = rl.AmountMeasures("the traders liquidated in 24 hours", ARTICLE_TRADERS, "traders", True, est, of_day(rep.traders, ev.day),
                          settle="CoinGlass's count of liquidated traders")
    s = rep.trader_scale
    sentence = (
        f"No public data count liquidated traders. {s.n} reports of other days give {s.low * 1e6:,.0f}-{s.high * 1e6:,.0f} traders per million USD of "
        f"three-exchange BTC liquidations, which puts {ev.day:%Y-%m-%d} ({ev.day_usd / 1e6:.1f}M USD) at {rl.span(*est, 'traders')}."
    )
    figs = [Figure("day_3ex_btc_usd", ev.day_usd, "USD"), *scale_figures(s, est, "traders"), *reported_figures(rep.traders, "traders", "traders")]
    return m, sentence, figs


def _long_share(ev: EventDay) -> Part:
    ls = long_shares()
    others = ls.drop(index=ev.day)
    sentence = (
        f"In the Binance+Bybit+OKX BTC data of the UTC day {ev.day:%Y-%m-%d} (on the mid-December days the daily long share was "
        f"{others['long_share'].min():.0%}-{others['long_share'].max():.0%}):"
    )
    figs = [Figure("worst_hour_long_share", ev.worst_long_share, "fraction"), Figure("event_day_long_share", ev.day_long_share, "fraction")]
    figs += [Figure(f"long_share_{d:%Y-%m-%d}", float(r.long_share), "fraction") for d, r in others.iterrows()]
    return rl.LongShareMeasures(ev.day_long_share, ev.worst_long_share), sentence, figs


def _rmb(ev: EventDay) -> Part:
    rm = rmb_check(ev.day)
    sentence = (
        f"At the USD/CNY rate implied by Bitstamp's BTC/CNY and BTC/USD on {ev.day:%Y-%m-%d} ({rm['rate']:.4f}), 820M USD is {rm['cny_of_820m'] / 1e9:.2f} billion CNY; "
        f"the article's 5.8 billion implies {rm['article_rate']:.3f} CNY per USD. An official fixing could not be checked offline."
    )
    figs = [Figure("usd_cny_implied_by_data", rm["rate"], "CNY per USD"), Figure("usd_cny_implied_by_article", rm["article_rate"], "CNY per USD"),
            Figure("cny_of_820m_usd", rm["cny_of_820m"], "CNY"), Figure("relative_difference", rm["relative_difference"], "fraction")]
    return rl.RmbMeasures(rm["rate"], rm["article_rate"]), sentence, figs


def break_time(day: pd.Timestamp = cal.EVENT_DAY) -> pd.Timestamp:
    """Open (UTC) of the first bar of ``day`` that traded below $87k after a close at or above it."""
    x = downward_crossings(cal.day_bars(day), A.LEVEL_BREAK)
    if x.empty:
        raise ValueError(f"BTC did not break $87k from above on {day.date()}")
    return x.index[0]


def _cascade(ev: EventDay) -> Part:
    band = cal.amplification_band(ev.day)
    fit = cal.event_fit()
    brk = break_time(ev.day)
    m = rl.CascadeMeasures(int((ev.worst - brk.floor("h")) / pd.Timedelta(hours=1)), ev.worst_long_share, float(band["factor"]), float(band["factor_lo"]), float(band["factor_hi"]))
    sentence = (
        f"BTC first traded below $87k at {brk:%H:%M} UTC; the calibrated model (square-root impact, Y={band['y']:.1f}) puts the fall without forced selling at "
        f"~{band['exogenous_low']:,.0f} USD instead of {band['observed_low']:,.0f}."
    )
    figs = [Figure("break_87k_time", brk, "UTC"), Figure("peak_hours_after_break", m.peak_hours_after_break, "hours"),
            Figure("amplification", band["factor"], "ratio"), Figure("amplification_lo", band["factor_lo"], "ratio"), Figure("amplification_hi", band["factor_hi"], "ratio"),
            Figure("observed_low", band["observed_low"], "USD"), Figure("counterfactual_low", band["exogenous_low"], "USD"), Figure("fit_hourly_correlation", fit.correlation, "correlation"),
            Figure("fit_total_error", fit.total_error, "fraction")]
    return m, sentence, figs


def _headline(ev: EventDay, rep: Reports) -> Part:
    share, days = max_hour_share()
    hour = rl.AmountMeasures("the market's worst hour", ARTICLE_HEADLINE_HOUR_USD, "USD", False, rep.usd_scale.of(ev.worst_usd), of_day(rep.hour, ev.day))
    m = rl.HeadlineMeasures(ARTICLE_HEADLINE_HOUR_USD, ARTICLE_24H_USD, share, days, hour)
    sentence = f"The headline's 800M USD in one hour sits beside the body's 600M in the worst hour and 820M in 24 h; the worst hour of {ev.day:%Y-%m-%d} held {ev.worst_share:.0%} of its day."
    figs = [Figure("headline_share_of_24h", m.share, "fraction"), Figure("body_worst_hour_usd", ARTICLE_WORST_HOUR_USD, "USD"),
            Figure("observed_worst_hour_share_of_day", ev.worst_share, "fraction"), Figure("max_hour_share_of_day", share, "fraction"), Figure("complete_days", days, "days")]
    return m, sentence, figs


# --------------------------------------------------------------------------- the order of the hours (c48, c49, c51, c52)
def hourly_returns() -> pd.Series:
    """Close over open minus one of each hourly bar of the BTCUSDT perpetual (fraction)."""
    h = data.perp_1h("BTC")
    return h["close"] / h["open"] - 1.0


@functools.cache
def sequence_table(days=CANDIDATE_DAYS) -> pd.DataFrame:
    """Per day: the first batch of long liquidations and the peak it led to (:func:`.sequence.first_batch`),
    the first sharp hourly fall before the peak (:func:`.sequence.fall_timing`) and the day's rank
    among the file's complete days (:func:`.sequence.day_rank`). USD, UTC hours, fractions."""
    liq = data.liquidations_1h()
    ret = hourly_returns()
    rows = []
    for d in days:
        fb = sq.first_batch(liq["long_usd"], d, rl.BATCH_MULTIPLE.value)
        ft = sq.fall_timing(ret, liq["long_usd"], fb["peak"], rl.FIRST_FALL.value)
        dr = sq.day_rank(liq["total_usd"], d)
        rows.append({"day": d, "first_batch": fb["first"], "first_batch_usd": fb["first_usd"], "peak_hour": fb["peak"], "peak_usd": fb["peak_usd"],
                     "hours_to_peak": fb["hours_to_peak"], "next_hour_usd": fb["next_usd"], "batch_threshold_usd": fb["threshold"],
                     "first_fall": ft["first_fall"], "first_fall_return": ft["first_fall_return"], "before_fall_usd": ft["before_usd"],
                     "before_fall_return": ft["before_return"], "day_usd": dr["total"], "day_rank": dr["rank"], "complete_days": dr["days"], "top_share": dr["top_share"]})
    return pd.DataFrame(rows).set_index("day")


def sequence_display(days=CANDIDATE_DAYS) -> pd.DataFrame:
    """:func:`sequence_table` as the chapter shows it: amounts in millions of USD, one row per day."""
    t = sequence_table(days)
    return pd.DataFrame({"first_batch": t["first_batch"], "first_batch_musd": t["first_batch_usd"] / 1e6, "peak_hour": t["peak_hour"],
                         "peak_musd": t["peak_usd"] / 1e6, "hours_to_peak": t["hours_to_peak"], "next_hour_musd": t["next_hour_usd"] / 1e6,
                         "first_fall": t["first_fall"], "first_fall_return": t["first_fall_return"], "before_fall_musd": t["before_fall_usd"] / 1e6,
                         "day_musd": t["day_usd"] / 1e6, "day_rank": t["day_rank"]}, index=t.index)


def reported_daily_average() -> tuple[float, float, str]:
    """The reported average day of liquidations in 2025 (low, high; USD) and the report's id."""
    for r in rp.load_reports():
        f = {x.name: x.value for x in r.figures}
        if "liquidations_daily_average_low" in f and "liquidations_daily_average_high" in f:
            return float(f["liquidations_daily_average_low"]), float(f["liquidations_daily_average_high"]), r.id
    raise ValueError("no report in data/reported.yaml gives the average daily liquidations of the year")


def _lurking(ev: EventDay) -> Part:
    from flashcrash import macro

    brk = break_time(ev.day)
    share, total = sq.long_share_after(data.liquidations_1h(), brk, sq.AFTER_BREAK_HOURS)
    fund = macro.funding_percentiles(macro.funding_history("BTC"), ev.day, windows=(FUNDING_WINDOW_DAYS,)).iloc[0]
    oi_start = data.derivatives_1h().index[0]
    h0 = brk.floor("h")
    sentence = (
        f"From the hour of the $87k break ({h0:%Y-%m-%d %H:%M} UTC) through {h0 + pd.Timedelta(hours=sq.AFTER_BREAK_HOURS):%H:%M} UTC the three exchanges "
        f"liquidated {total / 1e6:.1f}M USD of BTC positions. Open interest is in the data only from {oi_start:%Y-%m-%d}, so whether positions had built up "
        f"cannot be measured directly; funding is the proxy (as in c20): BTCUSDT funding averaged {float(fund['annualised']):.1%} a year over the {FUNDING_WINDOW_DAYS} days before."
    )
    m = rl.LurkingMeasures(share, float(fund["percentile"]))
    figs = [Figure("break_hour", h0, "UTC"), Figure("liquidations_break_hour_and_3_after", total, "USD"), Figure("long_share_break_hour_and_3_after", share, "fraction"),
            Figure("btc_funding_30d_annualised", float(fund["annualised"]), "fraction"), Figure("btc_funding_30d_percentile", m.funding_percentile, "fraction"),
            Figure("open_interest_first_hour", oi_start, "UTC")]
    return m, sentence, figs


def _first_batch(ev: EventDay, seq: pd.DataFrame) -> Part:
    r = seq.loc[ev.day]
    others = seq.drop(index=ev.day)
    grew = others[(others["hours_to_peak"] >= 1) & (others["peak_usd"] >= rl.LARGER_RATIO.value * others["first_batch_usd"])]
    base = float(r["batch_threshold_usd"]) / rl.BATCH_MULTIPLE.value
    m = rl.FirstBatchMeasures(float(r["first_batch_usd"]), float(r["peak_usd"]), int(r["hours_to_peak"]), float(r["next_hour_usd"]), float(r["batch_threshold_usd"]))
    sentence = (
        f"Hourly long liquidations of BTC on Binance, Bybit and OKX: the median hour of the 7 days before {ev.day:%Y-%m-%d} held {base / 1e6:.2f}M USD, so a batch "
        f"is above {m.threshold / 1e6:.2f}M. The day's peak hour ({r['peak_hour']:%Y-%m-%d %H:%M} UTC) held {m.peak_usd / 1e6:.1f}M; the unbroken run of batches "
        f"leading to it began at {r['first_batch']:%Y-%m-%d %H:%M} UTC with {m.first_usd / 1e6:.1f}M, and the hour after the peak held {m.next_usd / 1e6:.1f}M. "
        f"Hourly bins cannot show the order of liquidations inside an hour. On {len(grew)} of the {len(others)} mid-December candidate days too the peak came "
        f"later than the first batch and at least {rl.LARGER_RATIO.value:g} times larger."
    )
    figs = [Figure("median_hour_7d_before", base, "USD"), Figure("batch_threshold", m.threshold, "USD"), Figure("first_batch_hour", r["first_batch"], "UTC"),
            Figure("first_batch_long_usd", m.first_usd, "USD"), Figure("peak_hour", r["peak_hour"], "UTC"), Figure("peak_long_usd", m.peak_usd, "USD"),
            Figure("hours_first_batch_to_peak", m.hours_to_peak, "hours"), Figure("peak_over_first_batch", m.peak_usd / m.first_usd if m.first_usd else float("nan"), "ratio"),
            Figure("hour_after_peak_long_usd", m.next_usd, "USD"), Figure("other_days_growing", len(grew), "days")]
    return m, sentence, figs


def _fuse(ev: EventDay, seq: pd.DataFrame) -> Part:
    r = seq.loc[ev.day]
    bars = cal.day_bars(ev.day)
    p0, low = float(bars["open"].iloc[0]), float(bars["low"].min())
    end_of_peak = bars.loc[: r["peak_hour"] + pd.Timedelta("1h") - pd.Timedelta("1ns")]
    share_by_peak = (p0 - float(end_of_peak["close"].iloc[-1])) / (p0 - low) if p0 > low else float("nan")
    band = cal.amplification_band(ev.day)
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
    figs = [Figure("peak_hour", r["peak_hour"], "UTC"), Figure("first_sharp_fall_hour", r["first_fall"], "UTC"), Figure("first_sharp_fall_return", m.first_fall_return, "fraction"),
            Figure("hours_fall_to_peak", m.hours_fall_to_peak, "hours"), Figure("hour_before_fall_long_usd", m.before_usd, "USD"),
            Figure("hour_before_fall_return", float(r["before_fall_return"]), "fraction"), Figure("batch_threshold", thr, "USD"),
            Figure("share_of_day_fall_by_end_of_peak_hour", share_by_peak, "fraction")]
    return m, sentence, figs


def _deleveraging(ev: EventDay, rep: Reports, seq: pd.DataFrame) -> Part:
    liq = data.liquidations_1h()
    dr = sq.day_rank(liq["total_usd"], ev.day)
    avg_lo, avg_hi, avg_id = reported_daily_average()
    day_reps = rep.total[rep.total["about_day"] == ev.day]["value"]
    m = rl.DayRankMeasures(int(dr["rank"]), int(dr["days"]))
    complete = liq.index.floor("1D").value_counts()
    complete = complete[complete == 24].index.sort_values()
    others = seq.drop(index=ev.day)
    sentence = (
        f"BTC liquidations on Binance, Bybit and OKX on the UTC day {ev.day:%Y-%m-%d}: {dr['total'] / 1e6:.1f}M USD, against {dr['days']} complete days in the file "
        f"({complete[0]:%Y-%m-%d} to {complete[-1]:%Y-%m-%d}; the largest, {dr['largest_day']:%Y-%m-%d}, {dr['largest'] / 1e6:.1f}M). Market-wide, the day's "
        f"{len(day_reps)} reported totals ran from {day_reps.min() / 1e6:,.0f}M to {day_reps.max() / 1e6:,.0f}M USD, against an average 2025 day of "
        f"{avg_lo / 1e6:,.0f}M-{avg_hi / 1e6:,.0f}M reported from CoinGlass's annual report ({avg_id.split('-')[0]}). The mid-December candidate days ranked "
        f"{', '.join(f'{int(x)}' for x in others['day_rank'])} of {dr['days']}."
    )
    figs = [Figure("day_3ex_btc_usd", dr["total"], "USD"), Figure("rank_among_days", m.rank, "days"), Figure("complete_days", m.days, "days"),
            Figure("top_share", m.top_share, "fraction"), Figure("largest_day", dr["largest_day"], "UTC"), Figure("largest_day_3ex_btc_usd", dr["largest"], "USD"),
            Figure("reported_24h_usd_low", float(day_reps.min()), "USD"), Figure("reported_24h_usd_high", float(day_reps.max()), "USD"),
            Figure("reported_2025_daily_average_low", avg_lo, "USD"), Figure("reported_2025_daily_average_high", avg_hi, "USD")]
    figs += [Figure(f"rank_{d:%Y-%m-%d}", int(x), "days") for d, x in others["day_rank"].items()]
    return m, sentence, figs


def reported_table(rep: Reports, days=REPORT_DAYS) -> pd.DataFrame:
    """The reported hourly peaks, 24-hour totals and trader counts of ``days``: one row per figure with
    its day, report, quantity, value, window and (for totals and counts) coverage ratio."""
    parts = [(rep.hour.assign(ratio=float("nan")), "one hour (USD)"), (rep.total, "24 h total (USD)"), (rep.traders, "traders")]
    t = pd.concat([r.assign(quantity=q) for r, q in parts], ignore_index=True)
    t = t[t["about_day"].isin(list(days))].sort_values(["about_day", "quantity", "report"], kind="stable")
    return pd.DataFrame({"day": t["about_day"].dt.strftime("%Y-%m-%d"), "report": t["report"], "quantity": t["quantity"], "value": t["value"],
                         "window": [window_words(r) for r in t.itertuples()], "coverage_ratio": t["ratio"]}).reset_index(drop=True)


def rules_table(assessments: dict[str, Assessment]) -> pd.DataFrame:
    """Per claim: verdict, what it rests on and the rule in one sentence."""
    return pd.DataFrame([{"claim": cid, "verdict": a.verdict, "rests on": ", ".join(a.ruling.basis), "rule": a.ruling.text} for cid, a in assessments.items()])


def _assessment(claim_id: str, part: Part) -> Assessment:
    measures, sentence, figures = part
    ruling = rl.RULES[claim_id](measures)
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


@functools.cache
def assess() -> dict[str, Assessment]:
    """Assessments of c10-c17, c48, c49, c51 and c52: measures from the data, the model and the reports,
    verdicts from the rules."""
    ev = event_day()
    rep = reports(ev.day)
    seq = sequence_table()
    parts = {
        "c10-worst-hour-600m": _worst_hour(ev, rep),
        "c11-btc-majority": _btc_majority(ev),
        "c12-24h-820m": _total_24h(ev, rep),
        "c13-220k-traders": _traders(ev, rep),
        "c14-long-share": _long_share(ev),
        "c15-rmb-conversion": _rmb(ev),
        "c16-cascade": _cascade(ev),
        "c17-headline-800m-hour": _headline(ev, rep),
        "c48-leverage-lurking": _lurking(ev),
        "c49-first-batch-larger": _first_batch(ev, seq),
        "c51-fuse-then-fuel": _fuse(ev, seq),
        "c52-large-deleveraging": _deleveraging(ev, rep, seq),
    }
    return {cid: _assessment(cid, p) for cid, p in parts.items()}
