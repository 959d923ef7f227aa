"""Verdicts of the chapter "The article's own clock" (claims c43-c46, c53): measures -> rule -> assessment."""

from __future__ import annotations

import pandas as pd

from flashcrash import clock
from flashcrash.claims import Assessment, Figure
from flashcrash.data.validate import to_utc
from flashcrash.rules import clock as R
from flashcrash.rules.base import with_evidence

#: Sentences that no public data set or stored report settles, with what would and what was searched.
UNSETTLED = {
    "c44-trending-hashtag": R.Unsettled(
        "an archive of X trending topics for the crash day, or X API counts of posts with #BitcoinCrash, would settle it.",
        "the stored contemporaneous news pages for the candidate days; none says the hashtag trended.",
    ),
    "c45-commentator-warning": R.Unsettled(
        "the post itself on X (account, text and time) or an archived copy would settle it.",
        "the stored contemporaneous news pages; none quotes such a warning.",
    ),
    "c46-exchange-statement": R.Unsettled(
        "the exchange's announcements or its posts dated on the crash day would settle it.",
        "the stored pages; the nearest is the exchange's chief executive on volatility on 2025-11-21, ten days before the crash, not a statement after it.",
    ),
}


def one_date_measures(summary: clock.ClockSummary) -> R.OneDate:
    """The single-date question's measures from a :class:`flashcrash.clock.ClockSummary`."""
    first = summary.best_days[0].start if summary.best_days else None
    return R.OneDate(len(summary.clocks), summary.single_date_exists, summary.best_count, f"{first:%Y-%m-%d}" if first is not None else "none")


def _span_words(c: clock.SentenceClock) -> str:
    """``"3 spans, 2024-11-12 to 2026-01-30"``: how many spans of days and their outer bounds (open ends in words)."""
    if not c.intervals:
        return "no day"
    first, last = c.intervals[0].start, c.intervals[-1].end
    lo = f"{first:%Y-%m-%d}" if first is not None else "any earlier day"
    hi = f"{last:%Y-%m-%d}" if last is not None else "any later day"
    return f"{len(c.intervals)} span{'s' if len(c.intervals) != 1 else ''}, {lo} to {hi}"


def _one_date(summary: clock.ClockSummary) -> Assessment:
    m = one_date_measures(summary)
    ruling = R.one_date(m)
    spans = "; ".join(f"{c.claim_id}: {_span_words(c)}" for c in summary.clocks)
    sentence = f"The {m.n_sentences} dated sentences can each be true on some UTC days ({spans})."
    figures = [
        Figure("dated_sentences", m.n_sentences, "sentences"),
        Figure("best_count", m.best_count, "sentences"),
        Figure("best_first_day", m.best_first_day, "date"),
    ]
    return Assessment.of(ruling, sentence, figures)


def eth_etf_table(days: list[pd.Timestamp], first: pd.Timestamp) -> pd.DataFrame:
    """Per UTC day of ``days``: whether US spot Ether ETFs were still to come (the day is before their
    first trading day ``first``) and the days from ``first`` to it (negative: before)."""
    idx = pd.DatetimeIndex([to_utc(d).normalize() for d in days], name="day")
    first = to_utc(first).normalize()
    return pd.DataFrame({"etf_still_to_come": idx < first, "days_since_first_trading": (idx - first).days}, index=idx)


def _eth_etf() -> Assessment:
    """c53: the event day (and the other candidate days) against the funds' reported first trading day."""
    from flashcrash import event, reported

    first = clock.eth_etf_first_trading_day()
    days = event.candidate_days()
    day = days[0]
    m = R.EthEtf(f"{day:%Y-%m-%d}", f"{first:%Y-%m-%d}")
    ruling = R.eth_etf_coming(m)
    t = eth_etf_table(days, first)
    others = t.iloc[1:]
    sources = ", ".join(r.id.split("-")[0] for r in reported.load_reports() if any(f.name == "eth_spot_etf_first_trading_day" for f in r.figures))
    sentence = (
        f"Contemporaneous reports ({sources}) give {first:%Y-%m-%d} as the first trading day of US spot Ether ETFs, so the sentence fits only days up to "
        f"{first - clock.ONE_DAY:%Y-%m-%d}. The event day, identified from the market data, is {day:%Y-%m-%d}; {int(others['etf_still_to_come'].sum())} of the "
        f"{len(others)} other candidate days come before the launch. After it, the funds' 'progress' can only mean changes to funds already trading, a reading "
        "that sets no date."
    )
    figures = [
        Figure("eth_etf_first_trading_day", f"{first:%Y-%m-%d}", "date"),
        Figure("event_day", f"{day:%Y-%m-%d}", "date"),
        Figure("days_after_first_trading_day", m.days_after, "days"),
        Figure("candidate_days_before_first_trading_day", int(t["etf_still_to_come"].sum()), "days"),
        Figure("candidate_days", len(t), "days"),
    ]
    return Assessment.of(ruling, sentence, figures)


def assess() -> dict[str, Assessment]:
    """Verdicts of the clock chapter, computed from the data and the stored reports."""
    from flashcrash import reported

    out = {"c43-one-date": _one_date(clock.article_clock_summary()), "c53-eth-etf-coming": _eth_etf()}
    searched = [Figure("reports_in_the_book", len(reported.load_reports()), "reports")]
    for cid, m in UNSETTLED.items():
        ruling = R.unsettled(m)
        out[cid] = Assessment(ruling, with_evidence(f"Not settled: {m.searched}", ruling), searched)
    return out
