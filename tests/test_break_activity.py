"""Activity at the break (claims c47 and c50): ratios to ordinary bars and hours on hand-built data,
then the published measures on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash import break_activity as BA
from flashcrash.errors import NaiveTimestampError

NAN = float("nan")


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s, tz="UTC")


def bars(start: str, n: int, freq: str, volume, rng=10.0, close=90_000.0) -> pd.DataFrame:
    idx = pd.date_range(ts(start), periods=n, freq=freq)
    vol = np.broadcast_to(np.asarray(volume, dtype=float), (n,)).copy()
    r = np.broadcast_to(np.asarray(rng, dtype=float), (n,)).copy()
    c = np.broadcast_to(np.asarray(close, dtype=float), (n,)).copy()
    return pd.DataFrame({"open": c, "high": c + r / 2, "low": c - r / 2, "close": c, "volume": vol}, index=idx)


# --------------------------------------------------------------------------- ratios
def test_ratio_to_past_median_by_hand():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 10.0, 0.0, 0.0, 0.0, 5.0])
    got = BA.ratio_to_past_median(x, 3)
    assert got.iloc[:3].isna().all()  # fewer than three earlier values
    assert got.iloc[3] == pytest.approx(4 / 2) and got.iloc[4] == pytest.approx(10 / 3)
    assert np.isnan(got.iloc[8])  # the three before are all 0: no ratio to a zero median
    with pytest.raises(ValueError, match="at least one"):
        BA.ratio_to_past_median(x, 0)


def test_bar_ratios_use_the_bars_before_never_the_bar_itself():
    b = bars("2025-12-01", 6, "5min", [10, 20, 30, 40, 100, 10], rng=[4, 4, 8, 8, 40, 4])
    r = BA.bar_ratios(b, baseline=4, preceding=2)
    assert r["volume_ratio"].iloc[4] == pytest.approx(100 / 25)  # median of 10, 20, 30, 40
    assert r["range_ratio"].iloc[4] == pytest.approx(40 / 6)
    assert r["volume_ratio_preceding"].iloc[4] == pytest.approx(100 / 35)
    assert r["range_ratio_preceding"].iloc[5] == pytest.approx(4 / 24)
    with pytest.raises(NaiveTimestampError):
        BA.bar_ratios(b.tz_localize(None))


def test_first_close_below_needs_a_close_at_or_above_before_it():
    b = bars("2025-11-30 23:50", 6, "5min", 1.0, close=[87_000, 86_900, 87_100, 86_800, 86_700, 87_200])
    # 23:55 closes below after a close at 87,000 (at the level counts as above) but on the day before;
    # 00:05 closes below after 00:00 closed above it: the day's first break
    assert BA.first_close_below(b, 87_000.0, ts("2025-12-01")) == ts("2025-12-01 00:05")
    assert BA.first_close_below(b, 87_000.0, ts("2025-11-30")) == ts("2025-11-30 23:55")
    assert pd.isna(BA.first_close_below(b, 80_000.0, ts("2025-12-01")))
    # the day's first bar counts when the day before closed at or above the level
    b2 = bars("2025-11-30 23:55", 2, "5min", 1.0, close=[87_500, 86_000])
    assert BA.first_close_below(b2, 87_000.0, ts("2025-12-01")) == ts("2025-12-01 00:00")


def test_percentile_before_counts_the_days_before_the_day_only():
    idx = pd.date_range(ts("2025-11-28"), periods=4 * 24, freq="1h")
    r = pd.Series(np.arange(4 * 24, dtype=float) % 24, index=idx)  # 0..23 every day
    pct, n = BA.percentile_before(r, ts("2025-12-01 10:00"), days=2)
    assert n == 48 and pct == pytest.approx(20 / 48)  # values 0..9 below 10, twice
    with pytest.raises(ValueError, match="no values"):
        BA.percentile_before(r, ts("2025-11-28 05:00"), days=2)


def test_break_bar_table_on_hand_built_bars(monkeypatch):
    monkeypatch.setattr(BA, "NULL_DAYS", 2)
    day = ts("2025-12-03")
    # 5-minute bars: three days of 10 BTC over a $10 range at $90k, then a bar of 60 BTC over $40 closing at $86,900
    n5 = 3 * 288
    vol = np.full(n5, 10.0)
    rng = np.full(n5, 10.0)
    close = np.full(n5, 90_000.0)
    k = 2 * 288 + 12  # 2025-12-03 01:00
    vol[k], rng[k], close[k:] = 60.0, 40.0, 86_900.0
    b5 = bars("2025-12-01", n5, "5min", vol, rng, close)
    # 15-minute bars: 30 BTC, every tenth bar 60, and the break's quarter hour 150
    n15 = 3 * 96
    v15 = np.where(np.arange(n15) % 10 == 0, 60.0, 30.0)
    v15[2 * 96 + 4] = 150.0
    b15 = bars("2025-12-01", n15, "15min", v15)
    t = BA.break_bar_table(b5, b15, [day, ts("2025-12-02")], 87_000.0)
    assert len(t) == 1  # no break on 2 December
    r = t.iloc[0]
    assert r["day"] == day and r["break_bar"] == ts("2025-12-03 01:00")
    assert (r["volume"], r["range"]) == (60.0, 40.0)
    assert (r["volume_ratio"], r["range_ratio"], r["volume_ratio_preceding"], r["range_ratio_preceding"]) == pytest.approx((6.0, 4.0, 6.0, 4.0))
    assert r["volume_ratio_15m"] == pytest.approx(150 / 30)
    # the null: the 2 days before 3 December, bars from 00:00 on 1 December (ratios need 96 earlier bars, so only 2 December has any)
    assert r["null_bars"] == 96 and r["volume_percentile_15m"] == 1.0
    with pytest.raises(ValueError, match="no days"):
        BA.break_bar_table(b5, b15, [], 87_000.0)


# --------------------------------------------------------------------------- the hour before
def test_same_hour_ratio_by_day_and_by_week():
    idx = pd.date_range(ts("2025-12-01"), periods=3 * 24, freq="1h")
    v = pd.Series(np.tile(np.arange(1.0, 25.0), 3), index=idx)  # hour h holds h + 1 every day
    v.iloc[2 * 24 + 5] = 12.0  # day 3, 05:00: twice its usual 6
    got = BA.same_hour_ratio(v, 24, 2)
    assert got.iloc[2 * 24 + 5] == pytest.approx(2.0) and got.iloc[2 * 24 + 6] == pytest.approx(1.0)
    assert got.iloc[24 + 5] == pytest.approx(1.0)  # one of two values: half is enough
    assert got.iloc[:24].isna().all()  # no earlier day
    hole = v.drop(v.index[24 + 5])  # day 2, 05:00 missing: day 3 at 05:00 has one of two values
    assert BA.same_hour_ratio(hole, 24, 2).loc[ts("2025-12-03 05:00")] == pytest.approx(2.0)
    assert np.isnan(BA.same_hour_ratio(hole, 24, 3).loc[ts("2025-12-03 05:00")])  # one of three: too few
    w = BA.same_hour_ratio(pd.Series(1.0, index=pd.date_range(ts("2025-11-01"), periods=24 * 15, freq="1h")), 168, 2)
    assert w.iloc[168 * 2 :].eq(1.0).all() and w.iloc[:168].isna().all()
    with pytest.raises(ValueError, match="whole UTC hours"):
        BA.same_hour_ratio(pd.Series([1.0, 2.0], index=[ts("2025-12-01 00:30"), ts("2025-12-01 01:30")]), 24, 1)
    with pytest.raises(ValueError, match="period_hours"):
        BA.same_hour_ratio(v, 0, 1)


def test_hour_before_table_by_hand():
    idx = pd.date_range(ts("2025-09-01"), ts("2025-12-08"), freq="1h", inclusive="left")
    perp = pd.DataFrame({"volume": 100.0}, index=idx)
    spot = pd.DataFrame({"volume": 10.0}, index=idx)
    perp.loc[ts("2025-12-06 09:00"), "volume"] = 230.0  # Saturday: the hour before a 10:20 break
    spot.loc[ts("2025-12-06 09:00"), "volume"] = 12.0
    perp.loc[ts("2025-12-03 13:00"), "volume"] = 50.0  # Wednesday: a quiet hour before a 14:05 break
    breaks = pd.Series([ts("2025-12-06 10:20"), ts("2025-12-03 14:05")], index=[ts("2025-12-06"), ts("2025-12-03")])
    t = BA.hour_before_table(perp, spot, breaks).set_index("day")
    sat, wed = t.loc[ts("2025-12-06")], t.loc[ts("2025-12-03")]
    assert sat["hour_before"] == ts("2025-12-06 09:00") and sat["before_volume"] == 242.0
    assert (sat["before_ratio"], sat["before_ratio_week"], sat["before_ratio_perp"], sat["before_ratio_spot"]) == pytest.approx((2.2, 2.2, 2.3, 1.2))
    assert sat["break_hour_ratio"] == pytest.approx(1.0) and bool(sat["weekend"])
    assert wed["before_ratio"] == pytest.approx(60 / 110) and not bool(wed["weekend"])
    with pytest.raises(ValueError, match="no hourly volume"):
        BA.hour_before_table(perp, spot, pd.Series([ts("2026-01-01 10:00")], index=[ts("2026-01-01")]))
    with pytest.raises(ValueError, match="no breaks"):
        BA.hour_before_table(perp, spot, pd.Series([], dtype="datetime64[ns, UTC]"))


def test_market_volume_and_hour_of_day_rank():
    idx = pd.date_range(ts("2025-11-01"), periods=24 * 3, freq="1h")
    perp = pd.DataFrame({"volume": np.tile(np.arange(24.0), 3)}, index=idx)
    spot = pd.DataFrame({"volume": 1.0}, index=idx[1:])
    vol = BA.market_volume(perp, spot)
    assert len(vol) == len(idx) - 1 and vol.iloc[0] == 2.0  # 01:00: 1 + 1, the hours both have
    assert BA.hour_of_day_rank(vol, 23, ts("2025-11-04"), days=3) == 1
    assert BA.hour_of_day_rank(vol, 1, ts("2025-11-04"), days=3) == 23
    with pytest.raises(ValueError, match="no volume at hour"):
        BA.hour_of_day_rank(vol, 5, ts("2025-12-30"), days=3)


# --------------------------------------------------------------------------- the real data
@pytest.mark.data
def test_real_break_bar_and_hour_before_on_the_event_day():
    from flashcrash import data as D

    day = ts("2025-12-01")
    t = BA.break_bar_table(D.perp_5m("BTC"), D.perp_15m("BTC"), [day], 87_000.0).iloc[0]
    assert t["break_bar"] == ts("2025-12-01 00:55") and t["volume"] == pytest.approx(3041.781) and t["range"] == pytest.approx(345.5)
    assert (t["volume_ratio"], t["range_ratio"]) == pytest.approx((21.2362970, 4.1501502), rel=1e-6)
    assert (t["volume_ratio_preceding"], t["range_ratio_preceding"]) == pytest.approx((0.9598851, 0.7455762), rel=1e-6)
    assert t["volume_ratio_15m"] == pytest.approx(17.9703816, rel=1e-6)
    assert t["volume_percentile_15m"] == pytest.approx(0.9996528, rel=1e-6) and t["null_bars"] == 2880
    h = BA.hour_before_table(D.perp_1h("BTC"), D.spot_1h("BTC"), pd.Series([t["break_bar"]], index=[day])).iloc[0]
    assert h["hour_before"] == ts("2025-11-30 23:00") and h["before_volume"] == pytest.approx(9369.59662)
    assert (h["before_ratio"], h["before_ratio_perp"], h["before_ratio_spot"], h["before_ratio_week"]) == pytest.approx(
        (2.2728649, 2.6046058, 1.4428676, 1.5733572), rel=1e-6
    )
    assert h["break_hour_ratio"] == pytest.approx(7.4496392, rel=1e-6) and not h["weekend"]


@pytest.mark.data
def test_real_break_activity_covers_the_candidate_days():
    from flashcrash import event as E
    from flashcrash import levels as L

    act = L.measures().activity
    bars, hours = act.bars, act.hours
    days = E.candidate_days()
    assert list(bars["day"]) == [d for d in days if d != ts("2025-12-25")]  # 25 December broke $87k without a 5-minute close below it
    assert list(hours["day"]) == list(bars["day"]) and list(hours["break_bar"]) == list(bars["break_bar"])
    assert (hours["hour_before"] < hours["break_bar"]).all()
    assert act.break_bar == L.break_bar_on(bars, days[0]) and act.break_bar.break_bar == ts("2025-12-01 00:55")
    assert act.hour_before.hour_before == ts("2025-11-30 23:00") and not act.hour_before.weekend
    with pytest.raises(ValueError, match="no 5-minute close below"):
        L.break_bar_on(bars, ts("2025-12-25"))


@pytest.mark.data
def test_real_table_the_chapter_shows():
    from flashcrash import levels as L
    from flashcrash import tables as T

    t = L.measures().activity.table
    assert t.index[0] == ts("2025-12-01") and t.loc[ts("2025-12-01"), "bursts_as_large_30d"] == 1  # one quarter hour of the month before burst as much
    cells = T.format_table(t).cells
    assert not any(T.is_code_name(c) for c in cells.columns)  # every header in words
