"""Rules of the backdrop's claims (c54-c59, c61-c66): the highs, speed and breadth, the Asian session,
what reports alone bear on, profit-taking, leverage, yields, bull markets, sentiment, and the statements
nothing settles. Returns, falls and shares are fractions, volumes as ratios, the Fear & Greed Index in
its own points, windows in days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flashcrash.rules.base import (
    CONTRADICTED,
    JUDGEMENT,
    MARKET_DATA,
    NOT_CHECKABLE,
    PARTLY,
    REPORTS,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)
from flashcrash.rules.contagion_macro.common import by_count
from flashcrash.rules.contagion_macro.macro import REBOUND_BP
from flashcrash.rules.contagion_macro.market import FUNDING_HIGH_PCTL, FUNDING_LOW_PCTL

# --------------------------------------------------------------------------------------------
# c54: the market expected BTC to keep challenging its highs
# --------------------------------------------------------------------------------------------
NEAR_HIGH = Threshold(
    "near_high_max_drawdown", 0.10, "fraction", "a market 'challenging' its high trades within about one typical monthly move of BTC (10 %) of it"
)
BEAR_DRAWDOWN = Threshold(
    "bear_drawdown", 0.20, "fraction", "the usual 20 % convention for a bear market: from there no one expects a steady challenge of the high"
)


@dataclass(frozen=True)
class ChallengeHighs:
    """c54: how far (fraction) BTC's last close before the crash day sat below its all-time high up to
    then, and its return (fraction) over the 30 days to that close. Expectations are not in the data;
    the price context is."""

    drawdown_from_high: float
    return_30d: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.drawdown_from_high < 1.0:
            raise ValueError(f"c54 drawdown from the high is a fraction in [0, 1), got {self.drawdown_from_high}")


def challenge_highs(m: ChallengeHighs) -> Ruling:
    near, bear = NEAR_HIGH.value, BEAR_DRAWDOWN.value
    dd, r30 = m.drawdown_from_high, m.return_30d
    close = Check(
        "near_high",
        dd <= near,
        yes=f"the day before, BTC closed {dd:.1%} below its all-time high, within {near:.0%}",
        no=f"the day before, BTC closed {dd:.1%} below its all-time high, more than {near:.0%}",
    )
    checks = [close]
    if close.passed:
        rising = Check("rising_month", r30 > 0, yes=f"after a rise of {r30:.1%} over 30 days", no=f"after a move of {r30:+.1%} over 30 days, not a rise")
        checks.append(rising)
        verdict = REPRODUCED if rising.passed else PARTLY
    else:
        deep = Check(
            "bear_market",
            dd >= bear,
            yes=f"at least {bear:.0%} down: bear-market territory, not a market steadily challenging its high",
            no=f"less than {bear:.0%} down: short of a bear market",
        )
        checks.append(deep)
        verdict = CONTRADICTED if deep.passed else PARTLY
    text = (
        f"Expectations are not in the data, the price context is: reproduced if BTC closed within {near:.0%} of its all-time high the day before "
        f"after a rising month; contradicted if it closed {bear:.0%} or more below it; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (NEAR_HIGH, BEAR_DRAWDOWN), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c55: speed and breadth
# --------------------------------------------------------------------------------------------
SPEED_PCTL = Threshold(
    "speed_percentile",
    0.99,
    "fraction",
    "a one-hour fall larger than 99 % of the trailing one-hour falls of the 90 days before: rare even in a volatile quarter",
)
ALT_HOUR_FALL = Threshold("alt_hour_fall_min", 0.03, "fraction", "a 3 % fall inside the same hour: beyond an ordinary hour for large altcoins")
ALTS_FALLING = Threshold("alts_falling_min_share", 0.8, "fraction", "'widespread': at least four in five of the altcoins (8 of the 9 in the data)")


@dataclass(frozen=True)
class SpeedBreadth:
    """c55: BTC's largest fall within one hour on the day (fraction, positive), its percentile among the
    trailing one-hour falls of the 90 days before (fraction), and each altcoin's largest fall within
    that same hour (fractions, positive)."""

    btc_hour_fall: float
    speed_percentile: float
    alt_hour_falls: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.alt_hour_falls:
            raise ValueError("c55 needs the fall of at least one altcoin")
        if not 0.0 <= self.speed_percentile <= 1.0:
            raise ValueError(f"c55 percentile is a fraction in [0, 1], got {self.speed_percentile}")


def speed_breadth(m: SpeedBreadth) -> Ruling:
    p, f, share = SPEED_PCTL.value, ALT_HOUR_FALL.value, ALTS_FALLING.value
    n = len(m.alt_hour_falls)
    fell = sum(x >= f for x in m.alt_hour_falls)
    fast = Check(
        "fast",
        m.speed_percentile >= p,
        yes=f"BTC's {m.btc_hour_fall:.1%} fall within one hour was larger than {m.speed_percentile:.2%} of the hours of the 90 days before, at least {p:.0%}",
        no=f"BTC's {m.btc_hour_fall:.1%} fall within one hour was larger than only {m.speed_percentile:.2%} of the hours of the 90 days before, under {p:.0%}",
    )
    broad = Check(
        "broad",
        fell >= share * n,
        yes=f"{fell} of {n} altcoins fell at least {f:.0%} in that hour, at least {share:.0%} of them",
        no=f"only {fell} of {n} altcoins fell at least {f:.0%} in that hour, under {share:.0%} of them",
    )
    verdict = by_count(int(fast.passed) + int(broad.passed), 2)
    text = (
        f"Reproduced if BTC's largest one-hour fall on the day exceeds {p:.0%} of the one-hour falls of the 90 days before and at least {share:.0%} of the "
        f"altcoins fell {f:.0%} or more in the same hour; partly if one of the two holds; contradicted if neither does."
    )
    return Ruling(verdict, THRESHOLD, text, (SPEED_PCTL, ALT_HOUR_FALL, ALTS_FALLING), (fast, broad), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c56: concentrated selling in the Asian session
# --------------------------------------------------------------------------------------------
ASIA_RETURN_PCTL = Threshold("return_percentile_max", 0.05, "fraction", "an Asian-session fall that ordinary days produce at most one time in twenty")
ASIA_VOLUME_PCTL = Threshold(
    "volume_percentile_min", 0.90, "fraction", "'concentrated selling' shows as volume in the top tenth of the same session on ordinary days"
)
ASIA_FALL_SHARE = Threshold("session_share_min", 0.5, "fraction", "the Asian session carries at least half of the day's fall from its open to its low")


@dataclass(frozen=True)
class AsianSelling:
    """c56: the Asian session (00:00-08:00 UTC) on the crash day against the same session on ordinary days.

    ``return_percentile`` and ``volume_percentile``: share (fraction) of the ordinary days whose session
    return / volume was at or below the crash day's; ``fall_share``: share (fraction) of the day's fall
    from its open to its low reached within the session; ``session_return`` (fraction) and
    ``volume_ratio`` (to the ordinary days' median) for the evidence; ``reports``: contemporaneous reports
    of the day that place the selling in the Asian session."""

    session_return: float
    return_percentile: float
    volume_ratio: float
    volume_percentile: float
    fall_share: float
    reports: int = 0

    def __post_init__(self) -> None:
        for p in (self.return_percentile, self.volume_percentile, self.fall_share):
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"c56 percentiles and shares are fractions in [0, 1], got {p}")


def asian_selling(m: AsianSelling) -> Ruling:
    rp, vp, sh = ASIA_RETURN_PCTL.value, ASIA_VOLUME_PCTL.value, ASIA_FALL_SHARE.value
    low = f"the Asian session moved {m.session_return:+.1%}, and {m.return_percentile:.1%} of ordinary days' sessions went as low or lower"
    fell = Check("session_fall", m.return_percentile <= rp, yes=f"{low}, at most {rp:.0%}", no=f"{low}, more than {rp:.0%}")
    big = f"its volume, {m.volume_ratio:.1f} times the median, was at least that of {m.volume_percentile:.0%} of them"
    heavy = Check("session_volume", m.volume_percentile >= vp, yes=f"{big}, at least {vp:.0%}", no=f"{big}, under {vp:.0%}")
    most = Check(
        "session_share",
        m.fall_share >= sh,
        yes=f"it carried {m.fall_share:.0%} of the day's fall, at least {sh:.0%}",
        no=f"it carried only {m.fall_share:.0%} of the day's fall, under {sh:.0%}",
    )
    told = Check(
        "reported",
        m.reports > 0,
        yes=f"{m.reports} contemporaneous report{'s of the day place' if m.reports != 1 else ' of the day places'} the selling in the Asian session",
        no="no stored report of the day places the selling in the Asian session",
    )
    if fell.passed and heavy.passed and most.passed:
        verdict = REPRODUCED
    elif not fell.passed and not most.passed:
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    text = (
        f"Against the same session on the 180 days before: reproduced if the Asian session's return is in the bottom {rp:.0%}, its volume in the top "
        f"{1 - vp:.0%} and it carries at least {sh:.0%} of the day's fall; contradicted if its return is not unusual and most of the fall came in "
        "another session; partly otherwise. Reports of where the selling came from are shown beside, not counted."
    )
    return Ruling(verdict, THRESHOLD, text, (ASIA_RETURN_PCTL, ASIA_VOLUME_PCTL, ASIA_FALL_SHARE), (fell, heavy, most, told), (MARKET_DATA, REPORTS))


# --------------------------------------------------------------------------------------------
# c57, c65: statements only contemporaneous reports bear on
# --------------------------------------------------------------------------------------------
REPORT_WINDOW = Threshold("report_window_days", 3, "days", "reports about days within three days of the crash describe the same episode")


@dataclass(frozen=True)
class Reported:
    """c57, c65: how many contemporaneous reports about days within :data:`REPORT_WINDOW` of the crash
    describe what the article says (no market data set measures it)."""

    reports: int

    def __post_init__(self) -> None:
        if self.reports < 0:
            raise ValueError(f"a count of reports cannot be negative, got {self.reports}")


def _reported(m: Reported, what: str, unshown: str) -> Ruling:
    w = int(REPORT_WINDOW.value)
    told = Check(
        "reported",
        m.reports > 0,
        yes=f"{m.reports} contemporaneous report{'s' if m.reports != 1 else ''} within {w} days of the crash describe{'' if m.reports != 1 else 's'} {what}",
        no=f"no stored report within {w} days of the crash describes {what}",
    )
    verdict = PARTLY if told.passed else NOT_CHECKABLE
    text = f"Partly if at least one contemporaneous report within {w} days of the crash describes {what} ({unshown}); not checkable otherwise."
    return Ruling(verdict, THRESHOLD, text, (REPORT_WINDOW,), (told,), (REPORTS,))


def asian_macro_pressure(m: Reported) -> Ruling:
    return _reported(
        m, "monetary-policy pressure in an Asian economy", "the pressure is reported; that it made institutions sell crypto is not shown by any public data"
    )


def whales_buying(m: Reported) -> Ruling:
    return _reported(m, "large holders buying", "reports, not verified with on-chain data")


# --------------------------------------------------------------------------------------------
# c58: profit-taking after a significant rise
# --------------------------------------------------------------------------------------------
SIGNIFICANT_RISE = Threshold("significant_rise", 0.15, "fraction", "about one monthly standard deviation of BTC's return")
RISE_WINDOWS = Threshold("windows_needed", 2, "windows", "a rise that shows at more than one of the three horizons")


@dataclass(frozen=True)
class PriorRise:
    """c58: BTC's returns (fractions) over the 1, 3 and 6 months to the close before the crash day."""

    return_1m: float
    return_3m: float
    return_6m: float


def profit_taking(m: PriorRise) -> Ruling:
    g, k = SIGNIFICANT_RISE.value, int(RISE_WINDOWS.value)
    rets = (m.return_1m, m.return_3m, m.return_6m)
    listed = ", ".join(f"{r:+.1%}" for r in rets)
    n_up = sum(r >= g for r in rets)
    rose = Check(
        "risen",
        n_up >= k,
        yes=f"{n_up} of the 3 returns over 1, 3 and 6 months ({listed}) reach +{g:.0%}, at least {k}",
        no=f"only {n_up} of the 3 returns over 1, 3 and 6 months ({listed}) reach +{g:.0%}, fewer than {k}",
    )
    checks = [rose]
    if rose.passed:
        verdict = REPRODUCED
    else:
        down = Check(
            "all_down", all(r < 0 for r in rets), yes="all three are negative: there was no recent rise to take profit on", no="not all three are negative"
        )
        checks.append(down)
        verdict = CONTRADICTED if down.passed else PARTLY
    text = (
        f"Reproduced if at least {k} of BTC's returns over the 1, 3 and 6 months before the crash are +{g:.0%} or more; contradicted if all three are "
        "negative (no rise to take profit on); partly otherwise. Who sold is not in the data."
    )
    return Ruling(verdict, THRESHOLD, text, (SIGNIFICANT_RISE, RISE_WINDOWS), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c59: traders chased profits with high leverage
# --------------------------------------------------------------------------------------------
OI_RISE_MIN = Threshold("oi_rise_min", 0.10, "fraction", "a visible build-up of positions: open interest up a tenth over the month before")


@dataclass(frozen=True)
class LeverageChasing:
    """c59: percentile (fraction) of BTCUSDT 30-day mean funding before the crash in its history since
    2019 (as c20), and open interest's change (fraction) over the 30 days before (NaN when no series
    covers them)."""

    funding_percentile_30d: float
    oi_change_30d: float = float("nan")

    def __post_init__(self) -> None:
        if not 0.0 <= self.funding_percentile_30d <= 1.0:
            raise ValueError(f"c59 funding percentile is a fraction in [0, 1], got {self.funding_percentile_30d}")


def leverage_chasing(m: LeverageChasing) -> Ruling:
    hi, lo, oi = FUNDING_HIGH_PCTL.value, FUNDING_LOW_PCTL.value, OI_RISE_MIN.value
    p = m.funding_percentile_30d
    high = Check(
        "funding_high",
        p >= hi,
        yes=f"30-day funding sat at the {p:.0%} percentile, at or above {hi:.0%}: longs paid up",
        no=f"30-day funding sat at the {p:.0%} percentile, under {hi:.0%}",
    )
    low = Check("funding_low", p <= lo, yes=f"at or below the {lo:.0%} median: longs paid no more than usual", no=f"above the {lo:.0%} median")
    checks = [high, low]
    if math.isnan(m.oi_change_30d):
        checks.append(Check("oi_covered", False, yes="open interest is measured over the month before", no="no open-interest series covers the month before"))
        built = False
    else:
        b = Check(
            "oi_built",
            m.oi_change_30d >= oi,
            yes=f"open interest rose {m.oi_change_30d:.1%} over the month, at least {oi:.0%}",
            no=f"open interest changed {m.oi_change_30d:+.1%} over the month, not a rise of {oi:.0%}",
        )
        checks.append(b)
        built = b.passed
    if high.passed and built:
        verdict = REPRODUCED
    elif low.passed:
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    text = (
        f"Reproduced if 30-day funding before the crash sat at or above the {hi * 100:.0f}th percentile of its history and open interest rose at least "
        f"{oi:.0%} over the month; contradicted if funding sat at or below the median; partly otherwise (also when open interest is not measured)."
    )
    return Ruling(verdict, THRESHOLD, text, (FUNDING_HIGH_PCTL, FUNDING_LOW_PCTL, OI_RISE_MIN), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c61: rising yields drew money away from crypto
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class YieldsSiphoned:
    """c61: the premise, as c23 measures it (10-year yield in bp above its one-month low before the crash
    and at the crash day's close, and its change on the day), and whether flow data exist."""

    before_from_low_bp: float
    on_day_from_low_bp: float
    day_change_bp: float
    flows_available: bool = False


def yields_siphoned(m: YieldsSiphoned) -> Ruling:
    r = REBOUND_BP.value
    rose = m.before_from_low_bp >= r or (m.on_day_from_low_bp >= r and m.day_change_bp > 0)
    level = max(m.before_from_low_bp, m.on_day_from_low_bp)
    premise = Check(
        "premise",
        rose,
        yes=f"the premise holds: the 10-year yield stood {level:.0f} bp above its one-month low by the crash day's close, at least {r:.0f} bp",
        no=f"the premise fails: the 10-year yield was at most {level:.0f} bp above its one-month low, less than {r:.0f} bp, so it had not rebounded",
    )
    flows = Check(
        "flows", m.flows_available, yes="flows into crypto funds and Treasuries are in the data", no="no flows into crypto funds or Treasuries are in the data"
    )
    verdict = CONTRADICTED if not premise.passed else NOT_CHECKABLE
    text = (
        f"Contradicted if its premise fails (the 10-year yield did not rise {r:.0f} bp above its one-month low by the crash day's close, as in c23); "
        "otherwise not checkable, since no public data in the mirror show where the money went."
    )
    return Ruling(verdict, THRESHOLD, text, (REBOUND_BP,), (premise, flows), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c62: in every bull market leverage climbs to dangerous levels
# --------------------------------------------------------------------------------------------
MIN_RHO = Threshold("min_correlation", 0.3, "rho", "a moderate positive rank correlation, clear of noise")
BULL_RETURN = Threshold(
    "bull_phase_return",
    0.30,
    "fraction",
    "a rise of 30 % in 90 days marks a bull phase (runs less than 30 days apart merged, phases shorter than 30 days dropped)",
)
DANGEROUS_PCTL = Threshold("dangerous_percentile", 0.75, "fraction", "'dangerous levels': 90-day mean funding in the top quarter of its history since 2019")


@dataclass(frozen=True)
class BullLeverage:
    """c62: Spearman correlation of BTCUSDT 90-day mean funding with BTC's 90-day return (daily, since
    2019), and the highest percentile (fraction) the 90-day mean funding reached in each bull phase."""

    spearman: float
    phase_peak_percentiles: tuple[float, ...]

    def __post_init__(self) -> None:
        if not -1.0 <= self.spearman <= 1.0:
            raise ValueError(f"c62 correlation must be in [-1, 1], got {self.spearman}")
        if not self.phase_peak_percentiles:
            raise ValueError("c62 needs at least one bull phase")


def leverage_in_bull_markets(m: BullLeverage) -> Ruling:
    rho, d = MIN_RHO.value, DANGEROUS_PCTL.value
    n = len(m.phase_peak_percentiles)
    hit = sum(p >= d for p in m.phase_peak_percentiles)
    linked = Check(
        "linked",
        m.spearman >= rho,
        yes=f"funding rose with prices: rank correlation {m.spearman:.2f}, at least {rho}",
        no=f"rank correlation of funding with prices {m.spearman:.2f}, under {rho}",
    )
    every = Check(
        "every_phase",
        hit == n,
        yes=f"funding reached the top quarter in all {n} bull phases",
        no=f"funding reached the top quarter in only {hit} of {n} bull phases",
    )
    if linked.passed and every.passed:
        verdict = REPRODUCED
    elif m.spearman <= 0:
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    text = (
        f"Reproduced if 90-day mean funding and the 90-day return have a rank correlation of at least {rho} and funding reached the top quarter "
        f"(percentile {d:.0%}) in every bull phase since 2019; contradicted if the correlation is zero or negative; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (MIN_RHO, BULL_RETURN, DANGEROUS_PCTL), (linked, every), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c63: market sentiment was extremely greedy
# --------------------------------------------------------------------------------------------
EXTREME_GREED = Threshold("extreme_greed_min", 75, "index", "the Crypto Fear & Greed Index's own 'extreme greed' band (75 to 100)")
FEAR_SIDE = Threshold("fear_side_max", 50, "index", "below the index's midpoint of 50: sentiment on the fear side, the opposite of greed")
GREEDY_FUNDING = Threshold(
    "greedy_funding_percentile", 0.75, "fraction", "the article's own sign of greed, a high funding rate: 30-day funding in the top quarter of its history"
)
READING_WINDOW = Threshold("reading_window_days", 7, "days", "a reading of the week before the crash describes the sentiment going into it")


@dataclass(frozen=True)
class Greed:
    """c63: the last Crypto Fear & Greed reading (0-100) reported for a day within :data:`READING_WINDOW`
    before the crash (``None`` if no stored report gives one), its day, and the 30-day funding percentile
    (fraction; the market-data sign of greed the article names)."""

    reading: float | None
    reading_day: str
    funding_percentile_30d: float

    def __post_init__(self) -> None:
        if self.reading is not None and not 0 <= self.reading <= 100:
            raise ValueError(f"the Fear & Greed Index runs from 0 to 100, got {self.reading}")


def extreme_greed(m: Greed) -> Ruling:
    g, f, fp, w = EXTREME_GREED.value, FEAR_SIDE.value, GREEDY_FUNDING.value, int(READING_WINDOW.value)
    have = Check(
        "reading",
        m.reading is not None,
        yes=f"a reading of the index for {m.reading_day} is reported",
        no=f"no stored report gives a reading of the index for the {w} days before the crash",
    )
    funded = Check(
        "funding",
        m.funding_percentile_30d >= fp,
        yes=f"30-day funding sat at the {m.funding_percentile_30d:.0%} percentile, in the top quarter",
        no=f"30-day funding sat at the {m.funding_percentile_30d:.0%} percentile, below the top quarter",
    )
    checks = [have]
    if m.reading is None:
        verdict = NOT_CHECKABLE
    else:
        v = float(m.reading)
        greedy = Check(
            "extreme_greed",
            v >= g,
            yes=f"it was {v:.0f}, in the extreme-greed band ({g} or more)",
            no=f"it was {v:.0f}, under the extreme-greed band ({g} or more)",
        )
        fearful = Check("fear_side", v < f, yes=f"below {f}: on the fear side", no=f"not below {f}")
        checks += [greedy, fearful]
        if greedy.passed and funded.passed:
            verdict = REPRODUCED
        elif fearful.passed and not funded.passed:
            verdict = CONTRADICTED
        else:
            verdict = PARTLY
    checks.append(funded)
    text = (
        f"With the Crypto Fear & Greed Index as reported within {w} days before the crash (the series is not in the data) and funding as the article's "
        f"own sign: reproduced if the index was {g} or more and funding in the top quarter; contradicted if the index was below {f} and funding not in "
        "the top quarter; not checkable without a reading; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (EXTREME_GREED, FEAR_SIDE, GREEDY_FUNDING, READING_WINDOW), tuple(checks), (REPORTS, MARKET_DATA))


# --------------------------------------------------------------------------------------------
# c64, c66: what neither public market data nor the stored reports settle
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unsettled:
    """A statement no public market data or stored report settles: what would settle it, and what was
    looked for; ``background``: reports that bear on part of it without settling it (0 if none)."""

    what_would_settle: str
    searched: str
    background: int = 0


def unsettled(m: Unsettled) -> Ruling:
    """Always not checkable; the rule names what would settle it."""
    text = f"Not checkable with public market data or the stored reports; {m.what_would_settle}"
    checks = ()
    if m.background:
        checks = (
            Check(
                "background",
                True,
                yes=f"{m.background} earlier report{'s bear' if m.background != 1 else ' bears'} on part of it",
                no="no report bears on any part of it",
            ),
        )
    reasons = (f"Searched: {m.searched}", "a statement about what people said or felt is not in any market data set")
    return Ruling(NOT_CHECKABLE, JUDGEMENT, text, (), checks, (REPORTS,), reasons)
