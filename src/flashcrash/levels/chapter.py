"""Measures of the chapter "The support breaks": every number the chapter shows, computed once.

:func:`load_inputs` reads the data once (the BTC files, every price source, and from the day scan
the candidate days and the bar of the event day's low); :func:`build_measures` computes the chapter's
measures from them with no further reading; :func:`measures` does both and keeps the result in the
results cache. The notebook and the tests read :class:`SupportLevelsMeasures`; the rules read its
part :class:`SupportLevelsRuleMeasures` (:attr:`SupportLevelsMeasures.rules`), which the assessor
(:func:`flashcrash.levels.verdicts.assess`) computes alone when it is called without measures
(:func:`rule_measures`, by the same builders, :func:`build_rule_measures`): the page's prose and the
verdicts come from the same numbers.

Units: prices in USD, times as UTC timestamps (bar open times), shares and rates as fractions unless a
name ends in ``_pct`` (percent, as the page quotes them).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from flashcrash import data as D
from flashcrash import event as E
from flashcrash.article import EVENT_DAY, LEVEL_BREAK, LEVEL_LOW
from flashcrash.cache import cached
from flashcrash.levels.activity import BreakBarActivity, HourBeforeActivity, break_activity, break_activity_table, break_bar_on, hour_before_on
from flashcrash.levels.after import AfterEvent, after_event
from flashcrash.levels.bands import range_before, share_in_range
from flashcrash.levels.breaks import Crossing, break_table, day_summary, final_break, source_check
from flashcrash.levels.nulls import BLOCK_BARS, N_LEVELS, N_PATHS
from flashcrash.levels.profile import BIN_USD, high_volume_nodes, nearest_price, point_of_control, profile_percentile, volume_profile
from flashcrash.levels.round_numbers import PIVOT_BARS, ROUND_STEP, ROUND_WIDTH, round_number_clustering, round_vs_offset_levels, swing_pivots, two_proportion_p
from flashcrash.levels.significance import (
    NULL_PANELS,
    SENSITIVITY_TOLS,
    LevelTestRow,
    LevelWindows,
    draws_table,
    level_test_row,
    level_windows,
    run_tests,
    sensitivity,
    tests_table,
)
from flashcrash.levels.touches import MOVE, MOVE_PER_TOL, TOL
from flashcrash.levels.windows import LOOKBACK_DAYS, day_bars, pre_event_bars
from flashcrash.rules import support_levels as SL

#: The days after mid-December to the end of the year (UTC midnights, the second excluded).
LATE_DECEMBER = (E.MID_DECEMBER[1] + pd.Timedelta("1D"), pd.Timestamp(year=EVENT_DAY.year + 1, month=1, day=1, tz="UTC"))


@dataclass(frozen=True)
class SupportLevelsInputs:
    """The chapter's data, read once: the event day and the candidate days (from the day scan), the
    bar of the event day's low, the BTC perpetual's 5-minute, 15-minute and hourly bars, BTC spot's
    hourly bars, and every price source of the day scan by label."""

    day: pd.Timestamp
    candidates: tuple[pd.Timestamp, ...]
    low_time: pd.Timestamp
    perp_5m: pd.DataFrame
    perp_15m: pd.DataFrame
    perp_1h: pd.DataFrame
    spot_1h: pd.DataFrame
    sources: dict[str, pd.DataFrame]


def load_inputs(day: pd.Timestamp = EVENT_DAY) -> SupportLevelsInputs:
    """Read the chapter's data for ``day`` (UTC midnight) from the registry's files and the day scan."""
    scores = E.score_days()
    return SupportLevelsInputs(
        day, tuple(E.candidate_days()), scores.loc[day, "low_time"], D.perp_5m("BTC"), D.perp_15m("BTC"), D.perp_1h("BTC"), D.spot_1h("BTC"), E.source_bars()
    )


def load_rule_inputs(day: pd.Timestamp = EVENT_DAY) -> SupportLevelsInputs:
    """Read what the rules need for ``day`` (UTC midnight): as :func:`load_inputs`, but the candidate
    days by date after ``day`` (:func:`flashcrash.event.break_days`: the same days, found from the
    5-minute scan alone, without scoring every day) and no price sources (only the page checks them)."""
    scan = E.five_minute_scan()
    return SupportLevelsInputs(
        day, tuple(E.break_days(day, scan)), scan.loc[day, "low_time"], D.perp_5m("BTC"), D.perp_15m("BTC"), D.perp_1h("BTC"), D.spot_1h("BTC"), {}
    )


@dataclass(frozen=True)
class Settings:
    """The tests' parameters as the page quotes them: the band and the bounce distance (percent of the
    level, and the band in USD at $87k), the windows, draws and blocks of the nulls, the band widths of
    the sensitivity check (percent), the swing pivots' span (bars), the round-number steps (USD) and
    the volume profile's bin (USD)."""

    tol_pct: float
    move_pct: float
    tol_usd_87k: float
    move_per_tol: int
    lookback_days: int
    n_levels: int
    n_paths: int
    block_bars: int
    sensitivity_tols_pct: tuple[float, ...]
    pivot_bars: int
    pivot_span: int
    round_step: float
    round_width: float
    half_step: float
    bin_usd: float

    @property
    def sensitivity_tols_words(self) -> str:
        """The band widths of the sensitivity check in words: ``"0.25%, 0.5% and 1%"``."""
        pct = [f"{t:g}%" for t in self.sensitivity_tols_pct]
        return ", ".join(pct[:-1]) + f" and {pct[-1]}"


def settings() -> Settings:
    """The parameters of :mod:`flashcrash.levels` in the units the page quotes them."""
    return Settings(
        TOL * 100,
        MOVE * 100,
        TOL * LEVEL_BREAK,
        MOVE_PER_TOL,
        LOOKBACK_DAYS,
        N_LEVELS,
        N_PATHS,
        BLOCK_BARS,
        tuple(t * 100 for t in SENSITIVITY_TOLS),
        PIVOT_BARS,
        2 * PIVOT_BARS + 1,
        ROUND_STEP,
        ROUND_WIDTH,
        ROUND_STEP / 2,
        BIN_USD,
    )


@dataclass(frozen=True)
class Band:
    """The high-low band of one window before the event day: low and high (USD), width as a fraction of
    its mid-price, its percentile among the year's midnights and the share of closes in $87k-$90k."""

    low: float
    high: float
    width_frac: float
    percentile: float
    share_87_90: float

    @property
    def width_pct(self) -> float:
        return self.width_frac * 100

    @property
    def percentile_pct(self) -> float:
        return self.percentile * 100

    @property
    def share_87_90_pct(self) -> float:
        return self.share_87_90 * 100


@dataclass(frozen=True)
class RangeBefore:
    """The range before each candidate day (``table``: :func:`~flashcrash.levels.bands.range_before`
    on hourly bars), the event day's bands by window, and the shares of hourly closes inside $87k-$90k
    in mid- and late December; of the ``n_mid`` candidate days of mid-December, ``n_mid_inside`` had at
    least half of the prior 24 h closes inside."""

    table: pd.DataFrame
    bands: dict[str, Band]
    mid_share: float
    late_share: float
    n_mid: int
    n_mid_inside: int

    @property
    def mid_share_pct(self) -> float:
        return self.mid_share * 100

    @property
    def late_share_pct(self) -> float:
        return self.late_share * 100


@dataclass(frozen=True)
class LevelTestTable:
    """The level tests (``table``: :func:`~flashcrash.levels.significance.level_tests`): what the rules read."""

    table: pd.DataFrame

    def row(self, test: str, bars: str) -> LevelTestRow:
        """The test ``test`` on ``bars`` (e.g. ``"87k support before"``, ``"15min"``)."""
        return level_test_row(self.table, test, bars)


@dataclass(frozen=True)
class LevelTests(LevelTestTable):
    """The level tests (:class:`LevelTestTable`), the sensitivity to the band width, and the
    random-level null draws' rates of the panels the chapter draws."""

    sensitivity: pd.DataFrame
    null_rates: dict[tuple[str, str], pd.Series]

    @property
    def sensitivity_p_min(self) -> float:
        return float(self.sensitivity["p_levels"].min())


@dataclass(frozen=True)
class VolumeAtPrice:
    """The volume profile of the month before (15-minute bars), its high-volume nodes, the volume
    percentiles of the $87k and $84k bins, the busiest bin's middle and the node nearest $87k (USD)."""

    profile: pd.DataFrame
    nodes: pd.DataFrame
    percentile_87k: float
    percentile_84k: float
    point_of_control: float
    nearest_node_87k: float
    hourly_bars: pd.DataFrame  # the month's hourly bars, for the chart

    @property
    def node_mids(self) -> tuple[float, ...]:
        """The middles (USD) of the high-volume nodes, lowest first."""
        return tuple(float(x) for x in self.nodes.sort_values("mid")["mid"])

    @property
    def percentile_87k_pct(self) -> float:
        return self.percentile_87k * 100

    @property
    def percentile_84k_pct(self) -> float:
        return self.percentile_84k * 100


@dataclass(frozen=True)
class RoundThousands:
    """Swing pivots near round thousands (count, share, share expected by chance, binomial p) and the
    pooled bounce counts at round and half-way levels with the one-sided p of round above half-way."""

    n_pivots: int
    n_near: int
    share_near: float
    expected: float
    p_clustering: float
    round_bounces: int
    round_decided: int
    round_rate: float
    half_bounces: int
    half_decided: int
    half_rate: float
    p_round_vs_half_way: float

    @property
    def share_near_pct(self) -> float:
        return self.share_near * 100

    @property
    def expected_pct(self) -> float:
        return self.expected * 100


@dataclass(frozen=True)
class EventBreaks:
    """The crossings of $87k and $84k on the event day (``table``: :func:`~flashcrash.levels.breaks.break_table`;
    ``b87`` and ``b84`` its rows for each level), the day's low and its bar, its depth below each level
    (USD) and minutes below $84k (:func:`~flashcrash.levels.breaks.day_summary`), the final break of
    $87k, the fall from the day's open to the first bar below $87k, and the 5-minute bars from the day
    before to the day after (for the chart)."""

    table: pd.DataFrame
    b87: pd.DataFrame
    b84: pd.DataFrame
    low: float
    low_time: pd.Timestamp
    depth_below_87k: float
    depth_below_84k: float
    minutes_below_84k: float
    final_87k: pd.Timestamp
    hours_first_to_final: float
    day_open: float
    fall_open_to_87k: float  # fraction
    path_bars: pd.DataFrame

    @property
    def first_87k(self) -> Crossing:
        """The first crossing of $87k that day."""
        return Crossing.of(self.b87.iloc[0])

    @property
    def last_87k(self) -> Crossing:
        """The last crossing of $87k that day."""
        return Crossing.of(self.b87.iloc[-1])

    @property
    def first_84k(self) -> Crossing:
        """The first crossing of $84k that day."""
        return Crossing.of(self.b84.iloc[0])

    @property
    def last_87k_hours_to_recover(self) -> float:
        return self.last_87k.minutes_to_recover / 60


@dataclass(frozen=True)
class SourceCheck:
    """The event day's first crossings in every price source (``table``: :func:`~flashcrash.levels.breaks.source_check`)."""

    table: pd.DataFrame

    @property
    def index_first_87k(self) -> pd.Timestamp:
        return self.table.iloc[-1]["first_below_87k"]

    @property
    def n_agree_87k(self) -> int:
        return int(self.table["agrees_87k"].sum())

    @property
    def hour_84k(self) -> pd.Timestamp:
        return self.table.iloc[0]["first_below_84k"].floor("1h")

    @property
    def hour_87k(self) -> pd.Timestamp:
        return self.table.iloc[0]["first_below_87k"].floor("1h")

    @property
    def low_min(self) -> float:
        return float(self.table["low"].min())

    @property
    def low_max(self) -> float:
        return float(self.table["low"].max())


@dataclass(frozen=True)
class Activity:
    """The break bar and the hour before it on every candidate day (:func:`~flashcrash.levels.activity.break_activity`),
    the table the chapter shows, and the event day's rows."""

    bars: pd.DataFrame
    hours: pd.DataFrame
    table: pd.DataFrame
    break_bar: BreakBarActivity
    hour_before: HourBeforeActivity


@dataclass(frozen=True)
class SupportLevelsRuleMeasures:
    """What the rules of the chapter read (:func:`flashcrash.levels.verdicts.assess`): the event day,
    the range before it, the level tests, the volume profile, the round thousands, the event day's
    breaks, the time after its low and the activity at the break."""

    day: pd.Timestamp
    range: RangeBefore
    tests: LevelTestTable
    volume: VolumeAtPrice
    round: RoundThousands
    breaks: EventBreaks
    after: AfterEvent
    activity: Activity


@dataclass(frozen=True)
class SupportLevelsMeasures:
    """Every number of the chapter "The support breaks": the rules' measures (:attr:`rules`, the same
    objects) and what only the page shows."""

    day: pd.Timestamp
    candidates: tuple[pd.Timestamp, ...]
    settings: Settings
    range: RangeBefore
    tests: LevelTests
    volume: VolumeAtPrice
    round: RoundThousands
    breaks: EventBreaks
    sources: SourceCheck
    candidate_summary: pd.DataFrame  # :func:`~flashcrash.levels.breaks.day_summary` of every candidate day
    after: AfterEvent
    after_bars: pd.DataFrame  # hourly bars from 6 days before the event day, for the chart
    activity: Activity

    @property
    def rules(self) -> SupportLevelsRuleMeasures:
        """The part the rules read."""
        return SupportLevelsRuleMeasures(self.day, self.range, self.tests, self.volume, self.round, self.breaks, self.after, self.activity)


def range_measures(h1: pd.DataFrame, day: pd.Timestamp, candidates: tuple[pd.Timestamp, ...]) -> RangeBefore:
    """The range before the candidate days from hourly bars ``h1`` (see :class:`RangeBefore`)."""
    rb = range_before(h1, list(candidates))
    ev = rb[rb["day"] == day].set_index("window")
    bands = {w: Band(float(r["low"]), float(r["high"]), float(r["width_frac"]), float(r["percentile"]), float(r["share_87_90"])) for w, r in ev.iterrows()}
    mid = rb[(rb["day"] >= E.MID_DECEMBER[0]) & (rb["day"] <= E.MID_DECEMBER[1]) & (rb["window"] == "24h")]
    n_inside = int((mid["share_87_90"] >= SL.IN_RANGE_MIN_SHARE.value).sum())
    mid_share = share_in_range(h1, E.MID_DECEMBER[0], E.MID_DECEMBER[1] + pd.Timedelta("1D"))
    return RangeBefore(rb, bands, mid_share, share_in_range(h1, *LATE_DECEMBER), len(mid), n_inside)


def _test_windows(inputs: SupportLevelsInputs) -> LevelWindows:
    return level_windows(inputs.perp_5m, inputs.perp_15m, inputs.perp_1h, inputs.day, inputs.low_time)


def tests_measures(inputs: SupportLevelsInputs) -> LevelTests:
    """The level tests, their sensitivity and the drawn nulls (see :class:`LevelTests`)."""
    windows = _test_windows(inputs)
    results = run_tests(windows)
    draws = {(r.test, r.freq): draws_table(r.bars, r.levels)["rate"] for r in results}
    return LevelTests(tests_table(results), sensitivity(windows.bars("87k support before", "15min")), {p: draws[p] for p in NULL_PANELS})


def volume_measures(bars15: pd.DataFrame, bars1h: pd.DataFrame) -> VolumeAtPrice:
    """The month's volume profile from its 15-minute bars (see :class:`VolumeAtPrice`)."""
    prof = volume_profile(bars15, BIN_USD)
    hvn = high_volume_nodes(prof)
    return VolumeAtPrice(
        prof,
        hvn,
        profile_percentile(prof, LEVEL_BREAK),
        profile_percentile(prof, LEVEL_LOW),
        point_of_control(prof),
        nearest_price(hvn["mid"].to_numpy(), LEVEL_BREAK),
        bars1h,
    )


def round_measures(bars15: pd.DataFrame) -> RoundThousands:
    """Round thousands in the month's 15-minute bars (see :class:`RoundThousands`)."""
    rc = round_number_clustering(swing_pivots(bars15)["price"].to_numpy())
    rv = round_vs_offset_levels(bars15).set_index("levels")
    rb, hb = int(rv.loc["round", "bounces"]), int(rv.loc["half-way", "bounces"])
    n_round = int(rv.loc["round", "bounces"] + rv.loc["round", "breaks"])
    n_half = int(rv.loc["half-way", "bounces"] + rv.loc["half-way", "breaks"])
    return RoundThousands(
        rc["n"],
        rc["near"],
        rc["share_near"],
        rc["expected"],
        rc["p_value"],
        rb,
        n_round,
        float(rv.loc["round", "rate"]),
        hb,
        n_half,
        float(rv.loc["half-way", "rate"]),
        two_proportion_p(rb, n_round, hb, n_half),
    )


def break_measures(b5: pd.DataFrame, day: pd.Timestamp) -> EventBreaks:
    """The crossings of the event day on 5-minute bars ``b5`` (see :class:`EventBreaks`)."""
    bt = break_table(b5, [day])
    b87 = bt[bt["level"] == LEVEL_BREAK].reset_index(drop=True)
    b84 = bt[bt["level"] == LEVEL_LOW].reset_index(drop=True)
    bars = day_bars(b5, day)
    last = final_break(bars, b87["time"], LEVEL_BREAK)
    first = b87.iloc[0]
    summ = day_summary(b5, [day]).loc[day]
    return EventBreaks(
        bt,
        b87,
        b84,
        float(summ["low"]),
        summ["low_time"],
        float(summ["depth_below_87k"]),
        float(summ["depth_below_84k"]),
        float(summ["minutes_below_84k"]),
        last,
        float((last - first["time"]) / pd.Timedelta("1h")),
        float(bars["open"].iloc[0]),
        float(1 - first["bar_low"] / bars["open"].iloc[0]),
        b5.loc[day - pd.Timedelta("1D") : day + pd.Timedelta("2D") - pd.Timedelta("5min")],
    )


def activity_measures(inputs: SupportLevelsInputs) -> Activity:
    """The break bar and the hour before it on every candidate day (see :class:`Activity`)."""
    bars, hours = break_activity(inputs.perp_5m, inputs.perp_15m, inputs.perp_1h, inputs.spot_1h, list(inputs.candidates))
    return Activity(bars, hours, break_activity_table(bars, hours), break_bar_on(bars, inputs.day), hour_before_on(hours, inputs.day))


def build_rule_measures(inputs: SupportLevelsInputs, tests: LevelTestTable | None = None) -> SupportLevelsRuleMeasures:
    """What the rules read, from ``inputs`` (no data are read here); ``tests``: the level tests when
    already computed (by default only their table is computed)."""
    day = inputs.day
    bars15, bars1h = pre_event_bars(inputs.perp_15m, day, LOOKBACK_DAYS), pre_event_bars(inputs.perp_1h, day, LOOKBACK_DAYS)
    return SupportLevelsRuleMeasures(
        day=day,
        range=range_measures(inputs.perp_1h, day, inputs.candidates),
        tests=LevelTestTable(tests_table(run_tests(_test_windows(inputs)))) if tests is None else tests,
        volume=volume_measures(bars15, bars1h),
        round=round_measures(bars15),
        breaks=break_measures(inputs.perp_5m, day),
        after=after_event(inputs.perp_5m, inputs.perp_1h, day, inputs.low_time),
        activity=activity_measures(inputs),
    )


def build_measures(inputs: SupportLevelsInputs) -> SupportLevelsMeasures:
    """The chapter's measures from ``inputs`` (no data are read here): the rules' measures
    (:func:`build_rule_measures`) and what only the page shows."""
    tests = tests_measures(inputs)
    r = build_rule_measures(inputs, tests)
    return SupportLevelsMeasures(
        day=r.day,
        candidates=inputs.candidates,
        settings=settings(),
        range=r.range,
        tests=tests,
        volume=r.volume,
        round=r.round,
        breaks=r.breaks,
        sources=SourceCheck(source_check(inputs.sources, [r.day])),
        candidate_summary=day_summary(inputs.perp_5m, list(inputs.candidates)),
        after=r.after,
        after_bars=inputs.perp_1h.loc[r.day - pd.Timedelta("6D") :],
        activity=r.activity,
    )


@functools.cache
@cached("levels-measures")
def measures() -> SupportLevelsMeasures:
    """The chapter's measures from the data (read once, here), kept in the results cache."""
    return build_measures(load_inputs())


@functools.cache
@cached("levels-rule-measures")
def rule_measures() -> SupportLevelsRuleMeasures:
    """What the chapter's rules read, from the data (read once, here), kept in the results cache:
    the same builders as :func:`measures` without what only the page shows."""
    return build_rule_measures(load_rule_inputs())
