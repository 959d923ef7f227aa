"""Rules of the chapter "The liquidation waterfall" (claims c10-c17, c48, c49, c51, c52).

Each claim has a frozen dataclass of *measures* (numbers already computed from the data, the model
and the reports by :mod:`flashcrash.liquidation.claims`) and a pure rule function that turns them
into a :class:`Ruling`.

The three market-wide totals (the worst hour, the 24-hour total, the trader count) and the headline's
hour are compared with two kinds of evidence, kept apart:

* the book's own **estimate** with a range: the Binance + Bybit + OKX BTC liquidations in the data
  scaled to all coins on all exchanges by a coverage ratio measured on *other* days' reports (so the
  estimate is not calibrated to the figures it is compared with); basis "market data" and "model";
* the **contemporaneous reports** of the event day (source id, value, window); basis
  "contemporaneous reports".

Each line *allows* the article's figure when its range (the estimate's ends; the lowest to the highest
report of the day, since reports taken at different hours see a rolling 24-hour total grow) reaches
within :data:`AGREE_TOLERANCE` of "about X", or reaches X less that tolerance for "over X"; otherwise
it *rules the figure out*. An estimate wider than :data:`ESTIMATE_MAX_SPREAD` can rule a figure out
but cannot support it: when it allows the figure, it is silent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from flashcrash import article as A
from flashcrash.rules.base import (
    CONTRADICTED,
    MARKET_DATA,
    MODEL,
    NOT_CHECKABLE,
    PARTLY,
    REPORTS,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

# --------------------------------------------------------------------------- thresholds
AGREE_TOLERANCE = Threshold(
    "agree_tolerance",
    0.10,
    "fraction",
    "reports of one day differ by the hour they were taken and the article rounds: a figure within 10% of the article's agrees with it",
)
ESTIMATE_MAX_SPREAD = Threshold(
    "estimate_max_spread",
    3.0,
    "ratio (high / low)",
    "an estimate whose high end is more than 3 times its low end allows figures a factor of 3 apart: it can rule a figure out, not support it",
)
VAST_MAJORITY = Threshold("vast_majority_share", 2 / 3, "fraction", "'the vast majority': at least two thirds")
MAJORITY = Threshold("majority_share", 0.5, "fraction", "a majority but not a vast one: at least half")
ARTICLE_LONG_SHARE = Threshold("article_long_share", A.LONG_SHARE, "fraction", "the article: longs suffered over 90% of the losses")
RMB_TOLERANCE = Threshold(
    "rmb_tolerance",
    0.03,
    "fraction",
    "5.8 is rounded to 0.1 billion (0.9%) and the USD/CNY rate moved about 2% during 2025, so the day of the rate used accounts for up to 3%",
)
PEAK_MAX_HOURS = Threshold(
    "peak_max_hours_after_break", 1, "hours", "a cascade follows its trigger: liquidations peak in the hour of the $87k break or the next"
)
CASCADE_LONG_SHARE = Threshold(
    "cascade_min_long_share", 0.8, "fraction", "a long cascade liquidates longs: at least 80% of the peak hour (shorts opened on the way down are the rest)"
)
MIN_AMPLIFICATION = Threshold(
    "min_amplification", 1.05, "ratio", "forced selling measurably deepened the fall: by at least 5% of the move across the model's whole band"
)
DOMINANT_AMPLIFICATION = Threshold(
    "dominant_amplification", 2.0, "ratio", "at 2 forced selling made half of the fall: the cascade, not the trigger, drove the drop"
)
LURKING_LONG_SHARE = Threshold(
    "lurking_min_long_share", 0.8, "fraction", "the liquidations from the break's hour through the next three are overwhelmingly of longs: at least 80%"
)
BUILT_UP_FUNDING_PERCENTILE = Threshold(
    "built_up_min_funding_percentile",
    0.75,
    "fraction",
    "leverage 'built up over time': the 30-day mean funding before the day in the top quarter of all 30-day means since 2019",
)
LONG_SHARE_FLOOR = Threshold("long_share_floor", 0.5, "fraction", "under half, longs were not the ones liquidated")
BATCH_MULTIPLE = Threshold(
    "batch_multiple",
    3.0,
    "ratio to the median hour of the 7 days before",
    "a batch stands out from the week's ordinary hours of long liquidations (an hour at or below it is ordinary; the median itself would call half of all ordinary hours unusual)",
)
LARGER_RATIO = Threshold("larger_ratio", 2.0, "ratio", "'larger-scale' liquidations: the peak hour at least double the first batch")
FIRST_FALL = Threshold(
    "first_fall",
    0.01,
    "fraction per hour",
    "a sharp hour: a fall of at least 1% from the bar's open, more than four times the median hourly move of the BTC perpetual and larger than nine in ten of its hourly moves either way (since 2019)",
)
TOP_DAY_SHARE = Threshold("top_share", 0.05, "fraction of days", "about one day in twenty: an exceptional day")
NOTABLE_DAY_SHARE = Threshold("notable_share", 0.20, "fraction of days", "a large but not exceptional day: among the top fifth")


# --------------------------------------------------------------------------- formatting
def amount(x: float, unit: str) -> str:
    """``640M USD`` for dollars, ``220,000 traders`` for counts."""
    if unit == "USD":
        return f"{x / 1e6:,.0f}M USD"
    return f"{x:,.0f} {unit}"


def millions(x: float) -> str:
    """``5.10M USD``: dollars in millions with two decimals (hourly amounts can be well under a million)."""
    return f"{x / 1e6:,.2f}M USD"


def span(lo: float, hi: float, unit: str) -> str:
    """``485M-1,800M USD``, or one value when the ends round alike."""
    a, b = amount(lo, unit), amount(hi, unit)
    return a if a == b else f"{a.rsplit(' ', 1)[0]}-{b}"


def pct(x: float) -> str:
    return f"{x:.0%}"


# --------------------------------------------------------------------------- amounts (c10, c12, c13)
class Reported(NamedTuple):
    """One contemporaneous report of a figure: its id in ``data/reported.yaml``, value and window."""

    source: str
    value: float
    window: str  # what it covers, e.g. "24 h to 2025-12-01 06:45 UTC"


@dataclass(frozen=True)
class AmountMeasures:
    """An amount the article states against the book's estimate and the day's reports.

    ``estimate``: (low, high) from the market data and the coverage model, ``None`` when the data
    allow none; ``reports``: the event day's reports of the same quantity; ``settle``: what would
    settle the claim if neither exists.
    """

    what: str  # e.g. "the worst hour's liquidations"
    article: float
    unit: str  # "USD" or "traders"
    at_least: bool  # the article says "over X" (True) or "about X" (False)
    estimate: tuple[float, float] | None = None
    reports: tuple[Reported, ...] = ()
    settle: str = "a market-wide count of the same quantity"

    def __post_init__(self) -> None:
        if not self.article > 0:
            raise ValueError(f"{self.what}: the article's figure must be positive, got {self.article}")
        if self.estimate is not None and not 0 <= self.estimate[0] <= self.estimate[1]:
            raise ValueError(f"{self.what}: the estimate must be a range 0 <= low <= high, got {self.estimate}")


def agrees(lo: float, hi: float, article: float, at_least: bool) -> bool:
    """Whether a figure (``lo == hi``) or a range ``lo``-``hi`` allows the article's "over X" / "about X"."""
    tol = AGREE_TOLERANCE.value
    reaches = hi >= article * (1 - tol)
    return reaches if at_least else reaches and lo <= article * (1 + tol)


def _claim_words(m: AmountMeasures) -> str:
    return f"the article's {'over ' if m.at_least else ''}{amount(m.article, m.unit)}"


def _estimate_checks(m: AmountMeasures) -> tuple[Check, ...]:
    """Whether the estimate allows the figure and, if it does, whether it is narrow enough to support it."""
    lo, hi = m.estimate  # type: ignore[misc]
    est = f"the book's estimate from the data, {span(lo, hi, m.unit)},"
    allows = Check("estimate", agrees(lo, hi, m.article, m.at_least), yes=f"{est} allows {_claim_words(m)}", no=f"{est} rules out {_claim_words(m)}")
    if not allows.passed:
        return (allows,)
    k, ratio = ESTIMATE_MAX_SPREAD.value, hi / lo if lo > 0 else float("inf")
    narrow = Check(
        "estimate_narrow",
        ratio <= k,
        yes=f"and is narrow enough to support it (high/low {ratio:.1f}, at most {k:g})",
        no=f"but is too wide to support it (high/low {ratio:.1f}, more than {k:g})",
    )
    return allows, narrow


def _reports_check(m: AmountMeasures) -> Check:
    lo, hi = min(r.value for r in m.reports), max(r.value for r in m.reports)
    ids = ", ".join(dict.fromkeys(r.source.split("-")[0] for r in m.reports))
    rep = f"the day's {len(m.reports)} reported {'figure' if len(m.reports) == 1 else 'figures'} ({ids}), {span(lo, hi, m.unit)},"
    return Check("reports", agrees(lo, hi, m.article, m.at_least), yes=f"{rep} allow {_claim_words(m)}", no=f"{rep} rule out {_claim_words(m)}")


def _amount_text(m: AmountMeasures) -> str:
    """The amount rule as a clause: when a line allows the figure, and the verdict from the lines."""
    tol, k = AGREE_TOLERANCE.value, ESTIMATE_MAX_SPREAD.value
    lo, hi = amount(m.article * (1 - tol), m.unit), amount(m.article * (1 + tol), m.unit)
    bound = f"reaches {lo}" if m.at_least else f"overlaps {lo.rsplit(' ', 1)[0]}-{hi}"
    return (
        f"the book's estimate from the data and the day's reports each allow {_claim_words(m)} if their range {bound} ({tol:.0%} tolerance), "
        f"an estimate whose high end is more than {k:g} times its low end counting only when it rules the figure out; reproduced if every line that counts allows it, "
        f"contradicted if every one rules it out, partly if they differ, not checkable if none counts"
    )


def _decides(checks: tuple[Check, ...]) -> bool | None:
    """What one line of evidence says: True (supports), False (rules out), None (silent)."""
    if not checks[0].passed:
        return False
    return None if len(checks) > 1 and not checks[1].passed else True


def amount_rule(m: AmountMeasures) -> Ruling:
    """The article's amount against the book's estimate and the day's reports (see the module docstring)."""
    text = f"For {m.what}, {_amount_text(m)}."
    lines: list[tuple[tuple[Check, ...], tuple[str, ...]]] = []
    if m.estimate is not None:
        lines.append((_estimate_checks(m), (MARKET_DATA, MODEL)))
    if m.reports:
        lines.append(((_reports_check(m),), (REPORTS,)))
    checks = tuple(c for cs, _ in lines for c in cs)
    said = [(_decides(cs), b) for cs, b in lines]
    said = [(v, b) for v, b in said if v is not None]
    th = (AGREE_TOLERANCE, ESTIMATE_MAX_SPREAD)
    if not said:
        unsettled = Check(
            "settled", False, yes="the data or a report settle it", no=f"neither the data nor a contemporaneous report settle it; {m.settle} would"
        )
        return Ruling(NOT_CHECKABLE, THRESHOLD, text, th, (*checks, unsettled), tuple(dict.fromkeys(b for _, bs in lines for b in bs)) or (MARKET_DATA,))
    votes = [v for v, _ in said]
    verdict = REPRODUCED if all(votes) else CONTRADICTED if not any(votes) else PARTLY
    return Ruling(verdict, THRESHOLD, text, th, checks, tuple(dict.fromkeys(b for _, bs in said for b in bs)))


# --------------------------------------------------------------------------- c11: BTC's share of the worst hour
@dataclass(frozen=True)
class BtcShareMeasures:
    """BTC's share of the market's worst hour, when a report or the data split that hour by coin."""

    share: float | None  # BTC / all coins in the worst hour; None when nothing public splits it
    source: str = ""  # where the share comes from

    def __post_init__(self) -> None:
        if self.share is not None and not 0 <= self.share <= 1:
            raise ValueError(f"BTC's share must be a fraction in [0, 1], got {self.share}")


def btc_majority(m: BtcShareMeasures) -> Ruling:
    vm, mj = VAST_MAJORITY.value, MAJORITY.value
    text = (
        f"Reproduced if BTC made at least {vm:.0%} of the market's liquidations in the worst hour, partly if at least {mj:.0%}, contradicted below; "
        f"not checkable when no data or report split that hour by coin."
    )
    th = (VAST_MAJORITY, MAJORITY)
    if m.share is None:
        c = Check(
            "split_by_coin",
            False,
            yes="a report or the data split the worst hour by coin",
            no="no public data or report split the market's worst hour by coin; CoinGlass's all-coin hourly liquidations by symbol would settle it",
        )
        return Ruling(NOT_CHECKABLE, THRESHOLD, text, th, (c,), (MARKET_DATA,))
    vast = Check(
        "vast_majority",
        m.share >= vm,
        yes=f"BTC made {pct(m.share)} of the worst hour ({m.source}), at least {vm:.0%}",
        no=f"BTC made {pct(m.share)} of the worst hour ({m.source}), less than {vm:.0%}",
    )
    if vast.passed:
        return Ruling(REPRODUCED, THRESHOLD, text, th, (vast,), (REPORTS,))
    most = Check("majority", m.share >= mj, yes=f"but at least {mj:.0%}", no=f"and less than {mj:.0%}")
    return Ruling(PARTLY if most.passed else CONTRADICTED, THRESHOLD, text, th, (vast, most), (REPORTS,))


# --------------------------------------------------------------------------- c14: long share
@dataclass(frozen=True)
class LongShareMeasures:
    """Longs' share of the BTC liquidations on the three exchanges (fractions)."""

    day: float  # the event's UTC day
    worst_hour: float  # its worst hour

    def __post_init__(self) -> None:
        if not (0 <= self.day <= 1 and 0 <= self.worst_hour <= 1):
            raise ValueError(f"long shares must be fractions in [0, 1], got {self.day}, {self.worst_hour}")


def long_share(m: LongShareMeasures) -> Ruling:
    k = ARTICLE_LONG_SHARE.value
    text = f"Reproduced if longs were above {k:.0%} of the day's liquidations, partly if only of the worst hour, contradicted if of neither."
    day = Check(
        "day", m.day > k, yes=f"longs were {m.day:.1%} of the whole day, above {k:.0%}", no=f"longs were {m.day:.1%} of the whole day, not above {k:.0%}"
    )
    hour = Check(
        "worst_hour",
        m.worst_hour > k,
        yes=f"{m.worst_hour:.1%} of the worst hour, above {k:.0%}",
        no=f"{m.worst_hour:.1%} of the worst hour, not above {k:.0%}",
    )
    verdict = REPRODUCED if day.passed else PARTLY if hour.passed else CONTRADICTED
    return Ruling(verdict, THRESHOLD, text, (ARTICLE_LONG_SHARE,), (day, hour), (MARKET_DATA,))


# --------------------------------------------------------------------------- c15: USD -> CNY
@dataclass(frozen=True)
class RmbMeasures:
    """The article's CNY figure against 820M USD at the USD/CNY rate implied by the data."""

    rate: float  # CNY per USD implied by Bitstamp BTC/CNY over BTC/USD on the event day
    article_rate: float  # CNY per USD implied by the article (5.8e9 / 820e6)

    def __post_init__(self) -> None:
        if not (self.rate > 0 and self.article_rate > 0):
            raise ValueError("exchange rates must be positive (CNY per USD)")

    @property
    def relative_difference(self) -> float:
        """article / data - 1 (fraction)."""
        return self.article_rate / self.rate - 1.0


def rmb_conversion(m: RmbMeasures) -> Ruling:
    tol = RMB_TOLERANCE.value
    d = m.relative_difference
    text = f"Reproduced if the article's USD/CNY rate is within {tol:.0%} of the rate implied by the data, contradicted otherwise."
    c = Check(
        "rate",
        abs(d) <= tol,
        yes=f"the article's rate differs from the data's by {d:+.1%}, within {tol:.0%}",
        no=f"the article's rate differs from the data's by {d:+.1%}, more than {tol:.0%}",
    )
    return Ruling(REPRODUCED if c.passed else CONTRADICTED, THRESHOLD, text, (RMB_TOLERANCE,), (c,), (MARKET_DATA,))


# --------------------------------------------------------------------------- c16: the cascade
@dataclass(frozen=True)
class CascadeMeasures:
    """The cascade's signature in the data and the model's amplification of the fall.

    ``peak_hours_after_break``: hours from the hour of the first trade below $87k to the hour with
    the most liquidations (0: the same hour; negative: the peak came first). Amplification: (open -
    low) / (open - low without forced selling), at the fit and the ends of its bootstrap band.
    """

    peak_hours_after_break: int
    peak_long_share: float
    amplification: float
    amplification_lo: float
    amplification_hi: float

    def __post_init__(self) -> None:
        if not self.amplification_lo <= self.amplification <= self.amplification_hi:
            raise ValueError(f"amplification {self.amplification} must lie in its band {self.amplification_lo}-{self.amplification_hi}")
        if not 0 <= self.peak_long_share <= 1:
            raise ValueError(f"peak_long_share must be a fraction, got {self.peak_long_share}")


def cascade(m: CascadeMeasures) -> Ruling:
    h, ls, a0, a2 = PEAK_MAX_HOURS.value, CASCADE_LONG_SHARE.value, MIN_AMPLIFICATION.value, DOMINANT_AMPLIFICATION.value
    text = (
        f"Reproduced if liquidations peaked within {h} hour of the $87k break, the peak hour was at least {ls:.0%} longs, the model's amplification "
        f"is at least {a0} across its band and at least {a2} at the fit; contradicted if the band reaches below {a0}; partly otherwise."
    )
    checks = (
        Check(
            "peak_after_break",
            0 <= m.peak_hours_after_break <= h,
            yes=f"liquidations peaked {m.peak_hours_after_break} h after the hour of the $87k break, within {h} h",
            no=f"liquidations peaked {m.peak_hours_after_break} h after the hour of the $87k break, not within 0-{h} h",
        ),
        Check(
            "longs",
            m.peak_long_share >= ls,
            yes=f"the peak hour was {m.peak_long_share:.0%} longs, at least {ls:.0%}",
            no=f"the peak hour was {m.peak_long_share:.0%} longs, less than {ls:.0%}",
        ),
        Check(
            "amplified",
            m.amplification_lo >= a0,
            yes=f"forced selling deepened the fall (amplification {m.amplification_lo:.2f}-{m.amplification_hi:.2f}, at least {a0})",
            no=f"the model finds no sure amplification (band {m.amplification_lo:.2f}-{m.amplification_hi:.2f} reaches below {a0})",
        ),
        Check(
            "dominant",
            m.amplification >= a2,
            yes=f"at {m.amplification:.2f} forced selling made most of the fall (at least {a2})",
            no=f"at {m.amplification:.2f} forced selling did not drive most of the fall (less than {a2})",
        ),
    )
    signature, amplified, dominant = checks[0].passed and checks[1].passed, checks[2].passed, checks[3].passed
    verdict = CONTRADICTED if not amplified else REPRODUCED if signature and dominant else PARTLY
    return Ruling(verdict, THRESHOLD, text, (PEAK_MAX_HOURS, CASCADE_LONG_SHARE, MIN_AMPLIFICATION, DOMINANT_AMPLIFICATION), checks, (MARKET_DATA, MODEL))


# --------------------------------------------------------------------------- c17: the headline's hour
@dataclass(frozen=True)
class HeadlineMeasures:
    """The headline's "800M in one hour" against the article's own 24-hour total and the data.

    ``max_hour_share``: the largest share of a complete UTC day's liquidations that one hour held in
    the three-exchange BTC data (``days`` days); ``hour``: the headline's figure against the worst-hour
    estimate and the day's worst-hour reports.
    """

    headline: float  # USD in one hour
    article_24h: float  # USD, the body's 24-hour total
    max_hour_share: float
    days: int
    hour: AmountMeasures

    def __post_init__(self) -> None:
        if not (self.headline > 0 and self.article_24h > 0 and 0 < self.max_hour_share <= 1 and self.days > 0):
            raise ValueError("headline and 24 h totals must be positive, max_hour_share a fraction and days positive")

    @property
    def share(self) -> float:
        """The headline's hour as a share of the body's 24-hour total (fraction)."""
        return self.headline / self.article_24h


def headline_hour(m: HeadlineMeasures) -> Ruling:
    fits = Check(
        "fits_own_total",
        m.share <= m.max_hour_share,
        yes=f"the headline's hour would be {pct(m.share)} of the body's 24 h total, no more than one hour held of any of {m.days} days in the data ({pct(m.max_hour_share)})",
        no=f"the headline's hour would be {pct(m.share)} of the body's 24 h total, more than one hour held of any of {m.days} days in the data (at most {pct(m.max_hour_share)})",
    )
    sub = amount_rule(m.hour)
    text = f"Contradicted if the headline's hour would be a larger share of the article's own 24-hour total than one hour held of any day in the data; otherwise {_amount_text(m.hour)}."
    verdict = sub.verdict if fits.passed else CONTRADICTED
    basis = tuple(dict.fromkeys((MARKET_DATA, *sub.basis)))
    return Ruling(verdict, THRESHOLD, text, sub.thresholds, (fits, *sub.checks), basis)


# --------------------------------------------------------------------------- c48: long positions hit
@dataclass(frozen=True)
class LurkingMeasures:
    """Who was liquidated after the break, and whether funding shows leverage built up before it."""

    long_share: float  # longs / all liquidations, the break's hour and the three after (fraction)
    funding_percentile: float  # the 30-day mean funding before the day among all 30-day means since 2019 (fraction)

    def __post_init__(self) -> None:
        if not (0 <= self.long_share <= 1 and 0 <= self.funding_percentile <= 1):
            raise ValueError(f"long_share and funding_percentile must be fractions in [0, 1], got {self.long_share}, {self.funding_percentile}")


def leverage_lurking(m: LurkingMeasures) -> Ruling:
    ls, fp, floor = LURKING_LONG_SHARE.value, BUILT_UP_FUNDING_PERCENTILE.value, LONG_SHARE_FLOOR.value
    text = (
        f"Reproduced if longs were at least {ls:.0%} of the liquidations from the break's hour through the next three and the 30-day mean funding before the day "
        f"sat in the top {1 - fp:.0%} of its history since 2019; contradicted if longs were under {floor:.0%}; partly otherwise."
    )
    longs = Check(
        "longs",
        m.long_share >= ls,
        yes=f"longs were {m.long_share:.1%} of those liquidations, at least {ls:.0%}",
        no=f"longs were {m.long_share:.1%} of those liquidations, less than {ls:.0%}",
    )
    built = Check(
        "built_up",
        m.funding_percentile >= fp,
        yes=f"the 30-day mean funding before the day sat at the {m.funding_percentile:.0%} percentile of its history, in the top {1 - fp:.0%}: leverage had built up",
        no=f"the 30-day mean funding before the day sat at the {m.funding_percentile:.0%} percentile of its history, not in the top {1 - fp:.0%}: funding shows no long build-up",
    )
    checks = [longs, built]
    if not longs.passed:
        checks.append(
            Check("mostly_longs", m.long_share >= floor, yes=f"but at least {floor:.0%}", no=f"and under {floor:.0%}: longs were not the ones liquidated")
        )
    verdict = REPRODUCED if longs.passed and built.passed else (CONTRADICTED if m.long_share < floor else PARTLY)
    return Ruling(verdict, THRESHOLD, text, (LURKING_LONG_SHARE, BUILT_UP_FUNDING_PERCENTILE, LONG_SHARE_FLOOR), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------- c49: first batch, then larger
@dataclass(frozen=True)
class FirstBatchMeasures:
    """The first batch of long liquidations and the peak it led to (hours; USD).

    ``hours_to_peak``: from the first batch's hour to the peak hour (0: the first batch is the peak);
    ``next_usd``: long liquidations in the hour after the peak; ``threshold``: the batch threshold
    (:data:`BATCH_MULTIPLE` times the median hour of the week before).
    """

    first_usd: float
    peak_usd: float
    hours_to_peak: int
    next_usd: float
    threshold: float

    def __post_init__(self) -> None:
        if self.hours_to_peak < 0:
            raise ValueError(f"the first batch cannot come after the peak, got hours_to_peak={self.hours_to_peak}")
        if not (0 <= self.first_usd <= self.peak_usd and self.next_usd >= 0 and self.threshold >= 0):
            raise ValueError("need 0 <= first_usd <= peak_usd and non-negative next_usd and threshold (USD)")
        if self.hours_to_peak == 0 and self.first_usd != self.peak_usd:
            raise ValueError("a first batch in the peak hour is the peak: first_usd must equal peak_usd")


def first_batch_larger(m: FirstBatchMeasures) -> Ruling:
    k, r = BATCH_MULTIPLE.value, LARGER_RATIO.value
    text = (
        f"A batch is an hour of long liquidations above {k:g} times the median hour of the week before; the first batch opens the unbroken run of such hours "
        f"that ends at the day's peak hour. Reproduced if the peak came at least one hour after the first batch and was at least {r:g} times it; "
        f"partly if the peak came later but smaller, or if the first batch was the peak and the next hour was still a batch; contradicted if the first batch "
        "was the peak and the next hour was ordinary."
    )
    later = Check("later", m.hours_to_peak >= 1, yes=f"the peak came {m.hours_to_peak} h after the first batch", no="the first batch was itself the peak hour")
    if later.passed:
        ratio = m.peak_usd / m.first_usd if m.first_usd > 0 else float("inf")
        larger = Check(
            "larger",
            ratio >= r,
            yes=f"the peak was {ratio:.1f} times the first batch (at least {r:g})",
            no=f"the peak was only {ratio:.1f} times the first batch (less than {r:g})",
        )
        verdict = REPRODUCED if larger.passed else PARTLY
        checks: tuple[Check, ...] = (later, larger)
    else:
        more = Check(
            "continued",
            m.next_usd > m.threshold,
            yes=f"the next hour was still a batch ({millions(m.next_usd)}, above {millions(m.threshold)})",
            no=f"the next hour was ordinary ({millions(m.next_usd)}, at most {millions(m.threshold)})",
        )
        verdict = PARTLY if more.passed else CONTRADICTED
        checks = (later, more)
    return Ruling(verdict, THRESHOLD, text, (BATCH_MULTIPLE, LARGER_RATIO), checks, (MARKET_DATA,))


# --------------------------------------------------------------------------- c51: the fuse, then the fuel
@dataclass(frozen=True)
class FuseMeasures:
    """Which came first in the hours up to the liquidation peak: a sharp fall, or the liquidations.

    ``hours_fall_to_peak``: hours from the first hour that fell by at least :data:`FIRST_FALL` to the
    peak hour of long liquidations (0: the same hour; NaN: no such fall in the ``lookback_hours``
    hours up to the peak); ``before_usd``: long liquidations in the hour before that first fall
    (before the peak when there was none); ``threshold``: the batch threshold (USD)."""

    hours_fall_to_peak: float
    first_fall_return: float
    before_usd: float
    threshold: float
    lookback_hours: int = 6

    def __post_init__(self) -> None:
        if self.hours_fall_to_peak < 0 or self.hours_fall_to_peak > self.lookback_hours:
            raise ValueError(
                f"the first fall is looked for in the {self.lookback_hours} hours up to the peak, got hours_fall_to_peak={self.hours_fall_to_peak}"
            )
        if not (self.before_usd >= 0 and self.threshold >= 0):
            raise ValueError("before_usd and threshold must be non-negative (USD)")


def fuse_then_fuel(m: FuseMeasures) -> Ruling:
    f, k = FIRST_FALL.value, BATCH_MULTIPLE.value
    text = (
        f"Reproduced if the first hour to fall at least {f:.0%} came before or with the peak hour of long liquidations and the hour before that fall "
        f"held no batch of long liquidations (at most {k:g} times the median hour of the week before); partly if the fall came first but liquidations "
        f"were already a batch in the hour before it; contradicted if no hour fell that much in the {m.lookback_hours} hours up to the peak (liquidations peaked first)."
    )
    h = m.hours_fall_to_peak
    fell = not math.isnan(h)
    if fell:
        when = f"{h:.0f} h before the liquidation peak" if h > 0 else "the hour of the liquidation peak itself"
        yes = f"the price fell {-m.first_fall_return:.1%} in the first sharp hour, {when}"
    else:
        yes = f"an hour fell {f:.0%} or more in the {m.lookback_hours} hours up to the liquidation peak"
    first = Check(
        "fell_first", fell, yes=yes, no=f"no hour fell {f:.0%} or more in the {m.lookback_hours} hours up to the liquidation peak: liquidations peaked first"
    )
    checks = [first]
    if fell:
        checks.append(
            Check(
                "calm_before",
                m.before_usd <= m.threshold,
                yes=f"in the hour before it long liquidations were ordinary ({millions(m.before_usd)}, at most {millions(m.threshold)})",
                no=f"but in the hour before it long liquidations were already a batch ({millions(m.before_usd)}, above {millions(m.threshold)})",
            )
        )
    verdict = CONTRADICTED if not fell else (REPRODUCED if checks[1].passed else PARTLY)
    return Ruling(verdict, THRESHOLD, text, (FIRST_FALL, BATCH_MULTIPLE), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------- c52: large-scale deleveraging
@dataclass(frozen=True)
class DayRankMeasures:
    """The day's three-exchange BTC liquidations ranked among all complete days of the file."""

    rank: int  # 1 = the largest day
    days: int

    def __post_init__(self) -> None:
        if not 1 <= self.rank <= self.days:
            raise ValueError(f"need 1 <= rank <= days, got rank {self.rank} of {self.days}")

    @property
    def top_share(self) -> float:
        return self.rank / self.days


def large_deleveraging(m: DayRankMeasures) -> Ruling:
    top, notable = TOP_DAY_SHARE.value, NOTABLE_DAY_SHARE.value
    text = (
        f"Reproduced if the day's liquidations rank within the top {top:.0%} of the file's complete days (rank / days at most {top:g}); partly if within the "
        f"top {notable:.0%}; contradicted otherwise."
    )
    where = f"the day ranks {m.rank} of {m.days} ({m.top_share:.1%} from the top)"
    first = Check("top", m.top_share <= top, yes=f"{where}, within the top {top:.0%}", no=f"{where}, not within the top {top:.0%}")
    checks = [first]
    if not first.passed:
        checks.append(Check("notable", m.top_share <= notable, yes=f"but within the top {notable:.0%}", no=f"nor within the top {notable:.0%}"))
    verdict = REPRODUCED if first.passed else (PARTLY if checks[1].passed else CONTRADICTED)
    return Ruling(verdict, THRESHOLD, text, (TOP_DAY_SHARE, NOTABLE_DAY_SHARE), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------- the chapter's rules
RULES: dict[str, Callable[..., Ruling]] = {
    "c10-worst-hour-600m": amount_rule,
    "c11-btc-majority": btc_majority,
    "c12-24h-820m": amount_rule,
    "c13-220k-traders": amount_rule,
    "c14-long-share": long_share,
    "c15-rmb-conversion": rmb_conversion,
    "c16-cascade": cascade,
    "c17-headline-800m-hour": headline_hour,
    "c48-leverage-lurking": leverage_lurking,
    "c49-first-batch-larger": first_batch_larger,
    "c51-fuse-then-fuel": fuse_then_fuel,
    "c52-large-deleveraging": large_deleveraging,
}
