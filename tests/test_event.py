"""Level crossings and the which-day scoring: tiny frames with hand-computed answers, then the real data."""

import pandas as pd
import pytest

from flashcrash import event as E
from flashcrash.errors import NaiveTimestampError
from tests.conftest import needs_data


def bars(lows, highs=None, closes=None, start="2025-12-01 00:00", freq="5min", tz="UTC"):
    n = len(lows)
    highs = highs or [100.0] * n
    closes = closes or [max(lo, 90.0) for lo in lows]
    opens = [100.0] + closes[:-1]
    idx = pd.date_range(start, periods=n, freq=freq, tz=tz)
    return pd.DataFrame({"open": opens, "high": highs, "low": lows, "close": closes}, index=idx)


def test_downward_crossings_by_hand():
    # closes: 95, 85, 95, 85 ; lows: 94, 84, 94, 84 -> crossings of 90 in bars 1 and 3
    b = bars([94, 84, 94, 84], closes=[95, 85, 95, 85], highs=[100, 96, 96, 96])
    got = E.downward_crossings(b, 90.0)
    assert list(got.index) == [b.index[1], b.index[3]]
    assert list(got["depth"]) == [6.0, 6.0]
    up = E.upward_crossings(b, 90.0)
    assert list(up.index) == [b.index[2]]


def test_staying_below_is_one_crossing():
    b = bars([94, 84, 83, 82], closes=[95, 85, 84, 83], highs=[100, 96, 86, 85])
    assert len(E.downward_crossings(b, 90.0)) == 1
    assert E.minutes_below(b, 90.0) == 15.0  # three 5-minute bars


def test_max_drop_within_an_hour():
    # high 100 in bar 0, low 95 in bar 11 (inside one hour), low 90 in bar 12 (outside: high there is 100 again)
    lows = [99] * 11 + [95, 90]
    highs = [100] + [96] * 11 + [100]
    drop, at = E.max_drop_within(bars(lows, highs=highs, closes=[96] * 13), "1h")
    assert drop == pytest.approx(0.10)
    assert at == pd.Timestamp("2025-12-01 01:00", tz="UTC")
    drop2, _ = E.max_drop_within(bars(lows[:12], highs=highs[:12], closes=[96] * 12), "1h")
    assert drop2 == pytest.approx(0.05)


def test_naive_bars_refused():
    with pytest.raises(NaiveTimestampError):
        E.downward_crossings(bars([1.0, 2.0], tz=None), 1.5)


def test_local_time_is_hong_kong():
    assert E.local_time(pd.Timestamp("2025-12-01 00:55", tz="UTC")) == "2025-12-01 08:55 HKT"


@needs_data
def test_event_day_and_break_times_on_real_data():
    assert E.event_day() == pd.Timestamp("2025-12-01", tz="UTC")
    row = E.score_days().loc[E.event_day()]
    assert row["first_break_87k"] == pd.Timestamp("2025-12-01 00:55", tz="UTC")
    assert row["first_below_84k"] == pd.Timestamp("2025-12-01 15:40", tz="UTC")
    assert row["low"] == 83786.0 and row["minutes_below_84k"] == 10.0
    cands = E.candidate_days()
    assert cands[0] == E.event_day() and pd.Timestamp("2025-12-15", tz="UTC") in cands


@needs_data
def test_sources_agree_on_the_hour_of_the_low():
    t = E.compare_sources(E.event_day())
    assert (t["low"] < 84_000).all()  # every source traded below $84k on 1 December
    assert (t["low_bar"].dt.hour == 15).all()


@needs_data
def test_source_without_bars_that_day_gives_an_empty_row():
    t = E.compare_sources(pd.Timestamp("2026-01-26", tz="UTC"))  # the index ends 2026-01-17
    row = t.loc["CryptoCompare index, 1 h"]
    assert pd.isna(row["low"]) and pd.isna(row["first_below_87k"]) and row["bars_below_84k"] == 0
    assert t.loc["Binance perp, 5 min", "low"] > 0
