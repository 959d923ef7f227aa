"""The support breaks: were $87,000 and $84,000 real levels, when did they break, what did they do after?

One concern per module (the chapter's measures in :mod:`~flashcrash.levels.chapter`, its verdicts in
:mod:`~flashcrash.levels.verdicts`, the rules in :mod:`flashcrash.rules.support_levels`):

1. **Range before** - :mod:`~flashcrash.levels.bands`: the high-low band over the 24 h / 72 h / 7 days
   before a UTC midnight, its width as a fraction of the band's mid-price and the percentile of that
   width among the same measure at every midnight of the previous year.
2. **Level tests** - :mod:`~flashcrash.levels.touches` (touches, bounces and breaks at a level, defined
   there), :mod:`~flashcrash.levels.nulls` (the same statistic at random levels of the same path, and
   at the same level on block-bootstrapped paths with the same bar-return distribution and
   volatility), :mod:`~flashcrash.levels.significance` (the article's levels against both nulls,
   before and after the event), :mod:`~flashcrash.levels.profile` (volume at price, high-volume
   nodes) and :mod:`~flashcrash.levels.round_numbers` (swing pivots and round thousands; Osler 2000,
   2003; Urquhart 2017), on the windows of :mod:`~flashcrash.levels.windows`.
3. **Breaks** - :mod:`~flashcrash.levels.breaks`: every 5-minute crossing of $87k and $84k on the
   candidate days (from :func:`flashcrash.event.candidate_days`), its session, depth, minutes below and
   time to recover, and the same first crossings in the spot, mark and index series.
4. **Afterwards** - :mod:`~flashcrash.levels.after`: first passage back above $87k, rejections at $87k
   and tests of $84k in the following days and weeks (5-minute data to 2026-01-29, hourly data to 2026-05).
5. **Activity at the break** - :mod:`~flashcrash.levels.activity`: the volume and range of the bar that
   broke $87k and the volume of the hour before it, on every candidate day (measures in
   :mod:`flashcrash.break_activity`; verdicts in :mod:`~flashcrash.levels.activity_verdicts`).

Every function below the chapter's entry points (:func:`measures`, and :func:`rule_measures` for the
part the rules read, which read the data once through :func:`load_inputs` and :func:`load_rule_inputs`) takes its data as arguments. Prices in USD, bars indexed by their UTC open time.
"""

from __future__ import annotations

from flashcrash.levels.activity import BreakBarActivity, HourBeforeActivity, break_activity, break_activity_table, break_bar_on, hour_before_on
from flashcrash.levels.activity_verdicts import sell_orders, weak_liquidity
from flashcrash.levels.after import AfterEvent, after_event, first_close_at_or_above, first_close_below, share_above
from flashcrash.levels.bands import WINDOWS, range_before, range_side, share_in_range
from flashcrash.levels.breaks import Crossing, break_table, day_summary, final_break, source_check
from flashcrash.levels.chapter import (
    LATE_DECEMBER,
    Activity,
    Band,
    EventBreaks,
    LevelTests,
    LevelTestTable,
    RangeBefore,
    RoundThousands,
    Settings,
    SourceCheck,
    SupportLevelsInputs,
    SupportLevelsMeasures,
    SupportLevelsRuleMeasures,
    VolumeAtPrice,
    build_measures,
    build_rule_measures,
    load_inputs,
    load_rule_inputs,
    measures,
    rule_measures,
    settings,
)
from flashcrash.levels.evidence import counted, judge
from flashcrash.levels.nulls import (
    BLOCK_BARS,
    N_LEVELS,
    N_PATHS,
    SEED,
    NullResult,
    bootstrap_null,
    bootstrap_nulls,
    bootstrap_paths,
    p_value,
    random_level_null,
    random_levels,
)
from flashcrash.levels.profile import BIN_USD, HVN_QUANTILE, HVN_SMOOTH, high_volume_nodes, nearest_price, point_of_control, profile_percentile, volume_profile
from flashcrash.levels.round_numbers import (
    PIVOT_BARS,
    ROUND_STEP,
    ROUND_WIDTH,
    binomial_sf,
    round_number_clustering,
    round_vs_offset_levels,
    swing_pivots,
    two_proportion_p,
)
from flashcrash.levels.significance import (
    NULL_PANELS,
    SENSITIVITY_LEVELS,
    SENSITIVITY_TOLS,
    TESTS,
    LevelTestResult,
    LevelTestRow,
    LevelWindows,
    draws_table,
    level_test_measures,
    level_test_row,
    level_tests,
    level_windows,
    null_draws,
    run_tests,
    sensitivity,
    tests_table,
)
from flashcrash.levels.tables import breaks_table, candidates_table, level_tests_table, range_table, sensitivity_table, sources_table
from flashcrash.levels.touches import (
    MOVE,
    MOVE_PER_TOL,
    SIDES,
    TOL,
    TouchStats,
    episode_stats,
    episodes,
    horizon_bars,
    level_episodes,
    mirror,
    side_arrays,
    touch_stats,
)
from flashcrash.levels.verdicts import assess, verdict_table
from flashcrash.levels.windows import END_5M, LOOKBACK_DAYS, day_bars, post_event_bars, pre_event_bars

__all__ = [
    "BIN_USD",
    "BLOCK_BARS",
    "END_5M",
    "HVN_QUANTILE",
    "HVN_SMOOTH",
    "LATE_DECEMBER",
    "LOOKBACK_DAYS",
    "MOVE",
    "MOVE_PER_TOL",
    "NULL_PANELS",
    "N_LEVELS",
    "N_PATHS",
    "PIVOT_BARS",
    "ROUND_STEP",
    "ROUND_WIDTH",
    "SEED",
    "SENSITIVITY_LEVELS",
    "SENSITIVITY_TOLS",
    "SIDES",
    "TESTS",
    "TOL",
    "WINDOWS",
    "Activity",
    "AfterEvent",
    "Band",
    "BreakBarActivity",
    "Crossing",
    "EventBreaks",
    "HourBeforeActivity",
    "SupportLevelsInputs",
    "LevelTestResult",
    "LevelTestRow",
    "LevelTests",
    "LevelTestTable",
    "LevelWindows",
    "NullResult",
    "RangeBefore",
    "RoundThousands",
    "Settings",
    "SourceCheck",
    "SupportLevelsMeasures",
    "SupportLevelsRuleMeasures",
    "TouchStats",
    "VolumeAtPrice",
    "after_event",
    "assess",
    "binomial_sf",
    "bootstrap_null",
    "bootstrap_nulls",
    "bootstrap_paths",
    "break_activity",
    "break_activity_table",
    "break_bar_on",
    "break_table",
    "breaks_table",
    "build_measures",
    "build_rule_measures",
    "candidates_table",
    "counted",
    "day_bars",
    "day_summary",
    "draws_table",
    "episode_stats",
    "episodes",
    "final_break",
    "first_close_at_or_above",
    "first_close_below",
    "high_volume_nodes",
    "horizon_bars",
    "hour_before_on",
    "judge",
    "level_episodes",
    "level_test_measures",
    "level_test_row",
    "level_tests",
    "level_tests_table",
    "level_windows",
    "load_inputs",
    "load_rule_inputs",
    "measures",
    "rule_measures",
    "mirror",
    "nearest_price",
    "null_draws",
    "p_value",
    "point_of_control",
    "post_event_bars",
    "pre_event_bars",
    "profile_percentile",
    "random_level_null",
    "random_levels",
    "range_before",
    "range_side",
    "range_table",
    "round_number_clustering",
    "round_vs_offset_levels",
    "run_tests",
    "sell_orders",
    "sensitivity",
    "sensitivity_table",
    "settings",
    "share_above",
    "share_in_range",
    "side_arrays",
    "source_check",
    "sources_table",
    "swing_pivots",
    "tests_table",
    "touch_stats",
    "two_proportion_p",
    "verdict_table",
    "volume_profile",
    "weak_liquidity",
]
