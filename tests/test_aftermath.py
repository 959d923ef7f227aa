"""Tests of flashcrash.scenarios.aftermath (claims c60, c67, c68): the measures on hand-built data and
the published measures on the real data (mirror)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash.scenarios import aftermath as A
from tests.conftest import needs_data

pytestmark = pytest.mark.timeout(60)

AS_OF = pd.Timestamp("2025-12-02", tz="UTC")


def test_decision_times_follow_new_york_daylight_saving():
    t = A.decision_times(["2025-12-10", "2026-03-18", "2026-06-17"])
    assert [f"{x:%Y-%m-%d %H:%M}" for x in t] == ["2025-12-10 19:00", "2026-03-18 18:00", "2026-06-17 18:00"]
    assert str(t.tz) == "UTC"


def test_fed_moves_and_change_between():
    dec = pd.DataFrame(
        {"announced": pd.to_datetime(["2025-10-29", "2025-12-10", "2026-03-18"], utc=True), "kind": ["cut", "cut", "hike"], "change_bp": [-25, -25, 25]}
    )
    got = A.fed_moves_between(dec, AS_OF, AS_OF + pd.Timedelta(days=90))
    assert got["announced"].tolist() == [pd.Timestamp("2025-12-10", tz="UTC")]
    s = pd.Series([100.0, 110.0, 99.0], index=pd.to_datetime(["2025-11-26", "2025-12-03", "2026-02-25"], utc=True), name="W")
    assert A.change_between(s, AS_OF, AS_OF + pd.Timedelta(days=90)) == pytest.approx((100.0, 99.0, -0.01))
    with pytest.raises(ValueError, match="no observation"):
        A.change_between(s, pd.Timestamp("2025-01-01", tz="UTC"), AS_OF)


def test_consolidation_stats_by_hand():
    days = pd.date_range(AS_OF - pd.Timedelta(days=4), periods=9, freq="1D", tz="UTC")
    opens = pd.Series([100.0, 110.0, 100.0, 110.0, 100.0, 101.0, 102.0, 101.0, 103.0], index=days)
    hours = pd.date_range(AS_OF - pd.Timedelta(days=1), periods=24 * 6, freq="1h", tz="UTC")
    hourly = pd.DataFrame({"high": 101.0, "low": 99.0}, index=hours)
    hourly.loc[AS_OF + pd.Timedelta(hours=30), "high"] = 104.0
    hourly.loc[AS_OF - pd.Timedelta(hours=3), "low"] = 50.0  # before the as-of point: not counted
    end = AS_OF + pd.Timedelta(days=4)
    st = A.consolidation_stats(opens, hourly, AS_OF, end, before_days=4)
    assert st["range"] == pytest.approx(104 / 99 - 1)
    assert st["net"] == pytest.approx(103 / 100 - 1)
    lr = np.log(opens).diff()
    assert st["vol"] == pytest.approx(lr.iloc[5:9].std()) and st["vol_before"] == pytest.approx(lr.iloc[1:5].std())
    assert st["vol_ratio"] == pytest.approx(st["vol"] / st["vol_before"])
    with pytest.raises(ValueError, match="do not cover"):
        A.consolidation_stats(opens, hourly, AS_OF, AS_OF + pd.Timedelta(days=30))


def _hourly_close(values, start):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="1h", tz="UTC"), dtype=float)


def test_moves_after_read_the_close_printed_at_each_time():
    c = _hourly_close(np.arange(1.0, 50.0), "2025-12-01 00:00")  # the bar opening at h closes at h+1 with value h+1
    t = pd.DatetimeIndex([pd.Timestamp("2025-12-01 05:00", tz="UTC"), pd.Timestamp("2025-12-05", tz="UTC")])
    m = A.moves_after(c, t, hours=24)
    assert m.iloc[0] == pytest.approx(abs(np.log(29 / 5))) and np.isnan(m.iloc[1])


def test_fed_event_moves_compare_the_same_clock_time():
    n = 24 * 6 - 6  # the last close is printed 2025-12-06 18:00
    c = pd.Series(100.0, index=pd.date_range("2025-12-01", periods=n, freq="1h", tz="UTC"))
    c.iloc[24 * 3 + 18 :] = 110.0  # the bar opening 12-04 18:00 closes at 19:00 with 110
    ev = pd.DatetimeIndex([pd.Timestamp("2025-12-03 19:00", tz="UTC")])
    e, o = A.fed_event_moves(c, ev, pd.Timestamp("2025-12-01", tz="UTC"), pd.Timestamp("2025-12-06", tz="UTC"))
    assert e.index.tolist() == list(ev) and e.iloc[0] == pytest.approx(np.log(1.1))
    assert len(o) == 3 and o.max() == 0.0  # 12-01, 12-02, 12-04 at 19:00 (12-05 has no price 24 h later)
    with pytest.raises(ValueError, match="different clock times"):
        A.fed_event_moves(c, pd.DatetimeIndex([ev[0], ev[0] + pd.Timedelta(hours=25)]), c.index[0], c.index[-1])
    with pytest.raises(ValueError, match="no event"):
        A.fed_event_moves(c, ev, pd.Timestamp("2025-12-04", tz="UTC"), pd.Timestamp("2025-12-06", tz="UTC"))


@needs_data
def test_real_aftermath_measures():
    from flashcrash import data, macro
    from flashcrash.scenarios import forecast as F

    opens, hourly = F.daily_prices(), data.spot_1h("BTC")
    st1 = A.consolidation_stats(opens, hourly, AS_OF, pd.Timestamp("2026-01-02", tz="UTC"))
    st3 = A.consolidation_stats(opens, hourly, AS_OF, pd.Timestamp("2026-03-02", tz="UTC"))
    assert (round(st1["range"], 6), round(st1["net"], 6), round(st1["vol_ratio"], 6)) == (0.120059, 0.027812, 0.862906)
    assert (round(st3["range"], 6), round(st3["net"], 6), round(st3["vol_ratio"], 6)) == (0.632075, -0.238049, 1.388494)
    ev, other = A.fed_event_moves(hourly["close"], A.decision_times(A.FOMC_DECISION_DAYS), AS_OF, pd.Timestamp("2026-03-02", tz="UTC"))
    assert [f"{t:%Y-%m-%d %H:%M}" for t in ev.index] == ["2025-12-10 19:00", "2026-01-28 19:00"]
    assert ev.round(6).tolist() == [0.019573, 0.070184] and len(other) == 88 and other.median() == pytest.approx(0.0113008695, abs=1e-9)
    dec = macro.fed_decisions()
    assert A.fed_moves_between(dec, AS_OF, AS_OF + pd.Timedelta(days=90))["change_bp"].tolist() == [-25]
    # the calendar agrees with FRED: every decision that changed the range in the span is a calendar day
    changed = A.fed_moves_between(dec, pd.Timestamp("2025-12-01", tz="UTC"), pd.Timestamp("2026-03-31", tz="UTC"))["announced"]
    assert {f"{t:%Y-%m-%d}" for t in changed} <= set(A.FOMC_DECISION_DAYS)
