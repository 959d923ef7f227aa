"""The level tests: the bounce statistic at the article's levels, before and after the event, against both nulls.

Tests (:data:`TESTS`): $87k and $84k as support in the 30 days before the event (15-minute and hourly
bars); $87k as resistance and $84k as support after the event's low (5-minute bars to 2026-01-29,
hourly bars to May 2026). The bars of each window are handed in (:class:`LevelWindows`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash.article import LEVEL_BREAK, LEVEL_LOW
from flashcrash.levels.nulls import BLOCK_BARS, N_LEVELS, N_PATHS, SEED, NullResult, bootstrap_nulls, random_level_null, random_levels
from flashcrash.levels.touches import MOVE_PER_TOL
from flashcrash.levels.windows import LOOKBACK_DAYS, post_event_bars, pre_event_bars
from flashcrash.rules import support_levels as SL

SENSITIVITY_TOLS = (0.0025, 0.005, 0.01)  # band half-widths of the sensitivity check (fractions)
SENSITIVITY_LEVELS = 400  # random levels per band width in the sensitivity check
#: The tests: (name, level in USD, side, bar size), in the order of the table.
TESTS = (
    ("87k support before", LEVEL_BREAK, "support", "15min"),
    ("87k support before", LEVEL_BREAK, "support", "1h"),
    ("84k support before", LEVEL_LOW, "support", "15min"),
    ("84k support before", LEVEL_LOW, "support", "1h"),
    ("87k resistance after", LEVEL_BREAK, "resistance", "5min"),
    ("87k resistance after", LEVEL_BREAK, "resistance", "1h"),
    ("84k support after", LEVEL_LOW, "support", "5min"),
    ("84k support after", LEVEL_LOW, "support", "1h"),
)
#: The four tests whose random-level distributions the chapter draws: (test, bar size).
NULL_PANELS = (("87k support before", "15min"), ("84k support before", "1h"), ("87k resistance after", "5min"), ("84k support after", "5min"))


@dataclass(frozen=True)
class LevelWindows:
    """The bars (OHLC in USD, UTC open times) each test runs on: the month before the event day
    (15-minute and hourly) and from the bar of the event day's low to the end of the files (5-minute
    and hourly)."""

    before: dict[str, pd.DataFrame]  # bar size -> bars
    after: dict[str, pd.DataFrame]

    def bars(self, test: str, freq: str) -> pd.DataFrame:
        """The window of ``test`` (its name says "before" or "after") at bar size ``freq``."""
        return (self.before if "before" in test else self.after)[freq]


def level_windows(perp_5m: pd.DataFrame, perp_15m: pd.DataFrame, perp_1h: pd.DataFrame, day: pd.Timestamp, low_time: pd.Timestamp) -> LevelWindows:
    """The windows of the tests from the BTC perpetual's files: :data:`~flashcrash.levels.windows.LOOKBACK_DAYS`
    days before ``day`` (UTC midnight), and from ``low_time`` (the bar of the day's low) on."""
    before = {"15min": pre_event_bars(perp_15m, day, LOOKBACK_DAYS), "1h": pre_event_bars(perp_1h, day, LOOKBACK_DAYS)}
    after = {"5min": post_event_bars(perp_5m, low_time), "1h": post_event_bars(perp_1h, low_time)}
    return LevelWindows(before, after)


@dataclass(frozen=True)
class LevelTestResult:
    """One test of :data:`TESTS` with its two nulls."""

    test: str
    level: float
    side: str
    freq: str
    bars: pd.DataFrame
    levels: NullResult  # random levels
    paths: NullResult  # bootstrapped paths


def run_tests(windows: LevelWindows, n_levels: int = N_LEVELS, n_paths: int = N_PATHS) -> list[LevelTestResult]:
    """Every test of :data:`TESTS` against ``n_levels`` random levels and ``n_paths`` bootstrapped paths
    (one set of paths per window, shared by the levels tested on it: :func:`~flashcrash.levels.nulls.bootstrap_nulls`)."""
    by_window: dict[tuple[str, bool], list[int]] = {}
    for i, (name, _, _, freq) in enumerate(TESTS):
        by_window.setdefault((freq, "before" in name), []).append(i)
    paths: dict[int, NullResult] = {}
    for members in by_window.values():
        name, _, _, freq = TESTS[members[0]]
        nulls = bootstrap_nulls(windows.bars(name, freq), [(TESTS[i][1], TESTS[i][2]) for i in members], n=n_paths, block=BLOCK_BARS)
        paths.update(zip(members, nulls, strict=True))
    out = []
    for i, (name, level, side, freq) in enumerate(TESTS):
        bars = windows.bars(name, freq)
        out.append(LevelTestResult(name, level, side, freq, bars, random_level_null(bars, level, side, n=n_levels), paths[i]))
    return out


def _row(r: LevelTestResult) -> dict[str, object]:
    o = r.levels.observed
    return {
        "test": r.test,
        "bars": r.freq,
        "level": r.level,
        "side": r.side,
        "start": r.bars.index[0],
        "end": r.bars.index[-1],
        "touches": o.touches,
        "bounces": o.bounces,
        "breaks": o.breaks,
        "open": o.open,
        "rate": o.rate,
        "null_levels_mean": r.levels.null_mean,
        "p_levels": r.levels.p_value,
        "null_paths_mean": r.paths.null_mean,
        "p_paths": r.paths.p_value,
        "paths_touching": r.paths.n_valid,
    }


def tests_table(results: list[LevelTestResult]) -> pd.DataFrame:
    """One row per test: (test, bars) with ``level`` (USD), ``side``, the window's first and last bar,
    the counts, ``rate``, the null means and p-values for random levels and bootstrapped paths."""
    return pd.DataFrame([_row(r) for r in results])


def level_tests(windows: LevelWindows, n_levels: int = N_LEVELS, n_paths: int = N_PATHS) -> pd.DataFrame:
    """The bounce statistic at the article's levels in each window, against both nulls (:func:`tests_table` of :func:`run_tests`)."""
    return tests_table(run_tests(windows, n_levels, n_paths))


def draws_table(bars: pd.DataFrame, result: NullResult, n_levels: int = N_LEVELS) -> pd.DataFrame:
    """The random-level null draws of one test: the levels (USD, drawn as :func:`~flashcrash.levels.nulls.random_level_null`
    draws them), how often each was touched and its bounce rate."""
    return pd.DataFrame({"level": random_levels(bars, n_levels, SEED), "touches": result.null_touches, "rate": result.null_rates})


def null_draws(windows: LevelWindows, test: str = "87k support before", freq: str = "15min", n_levels: int = N_LEVELS) -> pd.DataFrame:
    """The random-level null draws of one row of :func:`level_tests` (level USD, touches, rate), for charts."""
    level = LEVEL_BREAK if test.startswith("87k") else LEVEL_LOW
    side = "resistance" if "resistance" in test else "support"
    bars = windows.bars(test, freq)
    return draws_table(bars, random_level_null(bars, level, side, n=n_levels), n_levels)


def sensitivity(
    bars: pd.DataFrame, level: float = LEVEL_BREAK, side: str = "support", tols: tuple[float, ...] = SENSITIVITY_TOLS, n_levels: int = SENSITIVITY_LEVELS
) -> pd.DataFrame:
    """The test of ``level`` on ``bars`` (the month before the event) for several band widths (``move``
    = 3 x ``tol``): counts, rate and the random-level p-value, to show the verdict does not hinge on one tolerance."""
    rows = []
    for tol in tols:
        r = random_level_null(bars, level, side, n=n_levels, tol=tol, move=MOVE_PER_TOL * tol)
        rows.append(
            {
                "tol": tol,
                "move": MOVE_PER_TOL * tol,
                "touches": r.observed.touches,
                "bounces": r.observed.bounces,
                "breaks": r.observed.breaks,
                "rate": r.observed.rate,
                "null_mean": r.null_mean,
                "p_levels": r.p_value,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class LevelTestRow:
    """One row of :func:`level_tests`: counts, the bounce (rejection) rate, null means and p-values (fractions)."""

    test: str
    bars: str
    touches: int
    bounces: int
    breaks: int
    open: int
    rate: float
    null_levels_mean: float
    p_levels: float
    null_paths_mean: float
    p_paths: float


def level_test_row(lt: pd.DataFrame, test: str, bars: str) -> LevelTestRow:
    """The row of ``lt`` (:func:`level_tests`) for ``test`` on ``bars``; a clear error if there is none."""
    rows = lt[(lt["test"] == test) & (lt["bars"] == bars)]
    if rows.empty:
        raise KeyError(f"no level test {test!r} on {bars} bars")
    r = rows.iloc[0]
    return LevelTestRow(
        test,
        bars,
        int(r["touches"]),
        int(r["bounces"]),
        int(r["breaks"]),
        int(r["open"]),
        float(r["rate"]),
        float(r["null_levels_mean"]),
        float(r["p_levels"]),
        float(r["null_paths_mean"]),
        float(r["p_paths"]),
    )


def level_test_measures(lt: pd.DataFrame, test: str) -> tuple[SL.LevelTest, ...]:
    """The rows of :func:`level_tests` for ``test`` as the rules' :class:`~flashcrash.rules.support_levels.LevelTest`, in row order."""
    rows = lt[lt["test"] == test]
    if rows.empty:
        raise KeyError(f"no level test {test!r}; there are {sorted(set(lt['test']))}")
    return tuple(SL.LevelTest(str(r.bars), int(r.touches), int(r.bounces), int(r.breaks), float(r.p_levels), float(r.p_paths)) for r in rows.itertuples())
