"""Session labels in UTC, across daylight-saving changes."""

import pandas as pd
import pytest

from flashcrash.errors import NaiveTimestampError
from flashcrash.sessions import label_sessions, session_bounds_utc


def lab(*ts):
    return list(label_sessions(pd.DatetimeIndex(list(ts), tz="UTC")))


def test_asia_is_tokyo_business_hours():
    assert lab("2025-12-01 00:55", "2025-12-01 07:59", "2025-12-01 08:00") == ["Asia", "Asia", "Europe"]


def test_us_session_moves_with_us_daylight_saving():
    # US clocks go forward on 2026-03-08, London's only on 2026-03-29
    assert lab("2026-03-06 14:00") == ["Europe"]  # New York 09:00 EST: not open yet
    assert lab("2026-03-10 14:00") == ["Europe+US"]  # New York 10:00 EDT
    assert lab("2026-03-10 20:30") == ["off"]  # New York 16:30 EDT: closed


def test_europe_session_moves_with_uk_summer_time():
    assert lab("2026-03-27 07:30") == ["Asia"]  # London 07:30 GMT
    assert lab("2026-03-30 07:30") == ["Asia+Europe"]  # London 08:30 BST


def test_bounds_and_naive_refused():
    start, end = session_bounds_utc(pd.Timestamp("2025-12-01"), "US")
    assert (start.hour, start.minute, end.hour) == (14, 30, 21)
    with pytest.raises(NaiveTimestampError):
        label_sessions(pd.DatetimeIndex(["2025-12-01 00:00"]))


@pytest.mark.parametrize("unit", ["ns", "s"])
def test_session_masks_are_the_local_clock_hours_at_any_time_unit(unit):
    from flashcrash.sessions import SESSIONS, in_session

    # every 7 minutes over a year with both daylight-saving changes, and the edges of each session
    times = pd.date_range("2025-01-01", "2026-01-01", freq="7min", tz="UTC").as_unit(unit)
    for name in SESSIONS:
        local = times.tz_convert(SESSIONS[name][0])
        minute = local.hour * 60 + local.minute
        opens, closes = (int(h) * 60 + int(m) for h, m in (x.split(":") for x in SESSIONS[name][1:]))
        assert (in_session(times, name) == ((minute >= opens) & (minute < closes))).all(), name
    assert lab("2025-12-01 00:00", "2025-12-01 23:59") == ["Asia", "off"]  # Tokyo opens at 09:00 local = 00:00 UTC
