"""What the three exchanges' hourly liquidations say, and what the reports said, on hand-built data:
the day's totals and long shares, the worst hour, complete days, the CNY check, the $87k break and
the reported figures placed against the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash.liquidation import observed as ob
from flashcrash.liquidation import reports as lr

DAY = pd.Timestamp("2025-12-01", tz="UTC")


def _liq(hours: int = 48, start: str = "2025-11-30") -> pd.DataFrame:
    idx = pd.date_range(start, periods=hours, freq="1h", tz="UTC")
    long = np.full(hours, 1.0)
    short = np.full(hours, 1.0)
    long[24] = 9.0  # 2025-12-01 00:00: the worst hour, longs 9 of 10
    return pd.DataFrame({"long_usd": long, "short_usd": short, "total_usd": long + short}, index=idx)


def test_long_shares_and_the_event_day_by_hand():
    liq = _liq()
    ls = ob.long_shares(liq, (DAY,))
    row = ls.loc[DAY]
    assert row["total_usd"] == 56.0 and row["long_share"] == pytest.approx(32 / 56)
    assert row["worst_hour"] == DAY and row["worst_hour_usd"] == 10.0 and row["worst_hour_long_share"] == pytest.approx(0.9)
    ev = ob.event_day(liq, DAY)
    assert (ev.worst, ev.worst_usd, ev.day_usd) == (DAY, 10.0, 56.0) and ev.worst_share == pytest.approx(10 / 56)
    assert ev.local == "2025-12-01 08:00-09:00 HKT (UTC+8)"
    assert ob.hourly_long_share(liq, DAY)["long_share"].iloc[0] == pytest.approx(0.9)


def test_max_hour_share_and_complete_days_skip_partial_days():
    liq = _liq(hours=60)  # two complete days and half of a third
    share, days = ob.max_hour_share(liq)
    assert days == 2 and share == pytest.approx(10 / 56)
    assert list(ob.complete_days(liq)) == [pd.Timestamp("2025-11-30", tz="UTC"), DAY]


def test_rmb_check_by_hand():
    b = pd.DataFrame({"btc_usd": [100.0], "btc_cny": [710.0]}, index=[DAY])
    got = ob.rmb_check(b, DAY, usd=820e6, cny=5.8e9)
    assert got["rate"] == pytest.approx(7.1) and got["article_rate"] == pytest.approx(5.8e9 / 820e6)
    assert got["cny_of_820m"] == pytest.approx(820e6 * 7.1) and got["relative_difference"] == pytest.approx(5.8e9 / (820e6 * 7.1) - 1)


def test_break_time_is_the_first_bar_below_after_a_close_above():
    idx = pd.date_range(DAY, periods=4, freq="5min", tz="UTC")
    bars = pd.DataFrame(
        {
            "open": [87_500.0, 87_200.0, 86_800.0, 86_500.0],
            "high": [87_600.0, 87_300.0, 87_100.0, 86_900.0],
            "low": [87_100.0, 86_900.0, 86_600.0, 86_400.0],
            "close": [87_200.0, 86_950.0, 86_700.0, 86_600.0],
        },
        index=idx,
    )
    assert ob.break_time(bars) == idx[1]
    with pytest.raises(ValueError, match="did not break"):
        ob.break_time(bars, level=80_000.0)


def test_hourly_returns_and_the_reported_daily_average():
    bars = pd.DataFrame({"open": [100.0, 50.0], "close": [110.0, 45.0]}, index=pd.date_range(DAY, periods=2, freq="1h", tz="UTC"))
    assert ob.hourly_returns(bars).tolist() == pytest.approx([0.1, -0.1])
    with pytest.raises(ValueError, match="average daily liquidations"):
        lr.reported_daily_average([])
