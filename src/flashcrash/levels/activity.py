"""Activity at the break: the volume and range of the bar that broke $87k and the volume of the hour
before it, on every candidate day (the measures themselves are in :mod:`flashcrash.break_activity`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash import break_activity as BA
from flashcrash.article import LEVEL_BREAK


def break_activity(
    perp_5m: pd.DataFrame, perp_15m: pd.DataFrame, perp_1h: pd.DataFrame, spot_1h: pd.DataFrame, days: list[pd.Timestamp]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The break bar (:func:`flashcrash.break_activity.break_bar_table`) and the hour before it
    (:func:`flashcrash.break_activity.hour_before_table`) on each of ``days`` (the candidate days, the
    event day first) that has a 5-minute close below $87k after a close at or above it; from the BTC
    perpetual's 5-minute, 15-minute and hourly bars and the spot market's hourly bars."""
    bars = BA.break_bar_table(perp_5m, perp_15m, list(days), LEVEL_BREAK)
    hours = BA.hour_before_table(perp_1h, spot_1h, bars.set_index("day")["break_bar"])
    return bars, hours


def break_activity_table(bars: pd.DataFrame, hours: pd.DataFrame) -> pd.DataFrame:
    """The break bar and the hour before it on each candidate day (:func:`break_activity`), one row per
    day: the columns the chapter shows."""
    t = bars.set_index("day")[["break_bar", "volume_ratio", "range_ratio", "volume_ratio_preceding"]].copy()
    # the 15-minute null as a count: bars of the month before with a burst at least as large
    t["bursts_as_large_30d"] = ((1.0 - bars["volume_percentile_15m"]) * bars["null_bars"]).round().astype(int).to_numpy()
    h = hours.set_index("day")[["hour_before", "before_ratio", "before_ratio_perp", "before_ratio_spot", "before_ratio_week", "break_hour_ratio", "weekend"]]
    return t.join(h)


@dataclass(frozen=True)
class BreakBarActivity:
    """The bar that first closed below $87k on one day: its open (UTC), volume (BTC) and range (USD),
    both as ratios to the day's ordinary bar and to the hour before it, and the 15-minute burst's
    percentile (fraction) among the month before."""

    break_bar: pd.Timestamp
    volume: float
    range: float
    volume_ratio: float
    range_ratio: float
    volume_ratio_preceding: float
    range_ratio_preceding: float
    volume_ratio_15m: float
    volume_percentile_15m: float

    @property
    def volume_percentile_15m_pct(self) -> float:
        return self.volume_percentile_15m * 100


@dataclass(frozen=True)
class HourBeforeActivity:
    """The clock hour before the break bar on one day: its start (UTC), its volume (BTC, perpetual and
    spot) against the same hour of day over 30 days (both markets, each alone) and of the week over 12
    weeks, the break's own hour against its usual volume, and whether it fell on a weekend."""

    hour_before: pd.Timestamp
    break_bar: pd.Timestamp
    before_volume: float
    before_ratio: float
    before_ratio_perp: float
    before_ratio_spot: float
    before_ratio_week: float
    break_hour_ratio: float
    weekend: bool


def break_bar_on(bars: pd.DataFrame, day: pd.Timestamp) -> BreakBarActivity:
    """The row of the break-bar table ``bars`` (:func:`break_activity`) for ``day``; a clear error if
    that day has no 5-minute close below $87k."""
    b = bars.set_index("day")
    if day not in b.index:
        raise ValueError(f"no 5-minute close below $87k on {day.date()}: no break bar to measure")
    r = b.loc[day]
    return BreakBarActivity(
        r["break_bar"],
        *(
            float(r[c])
            for c in (
                "volume",
                "range",
                "volume_ratio",
                "range_ratio",
                "volume_ratio_preceding",
                "range_ratio_preceding",
                "volume_ratio_15m",
                "volume_percentile_15m",
            )
        ),
    )


def hour_before_on(hours: pd.DataFrame, day: pd.Timestamp) -> HourBeforeActivity:
    """The row of the hour-before table ``hours`` (:func:`break_activity`) for ``day``; a clear error if
    that day has no 5-minute close below $87k."""
    h = hours.set_index("day")
    if day not in h.index:
        raise ValueError(f"no 5-minute close below $87k on {day.date()}: no hour before a break to measure")
    r = h.loc[day]
    return HourBeforeActivity(
        r["hour_before"],
        r["break_bar"],
        *(float(r[c]) for c in ("before_volume", "before_ratio", "before_ratio_perp", "before_ratio_spot", "before_ratio_week", "break_hour_ratio")),
        bool(r["weekend"]),
    )
