"""The order of the hours (claims c48, c49, c51, c52): hand-built hourly series, then the published
measures on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flashcrash.errors import NaiveTimestampError
from flashcrash.liquidation import sequence as sq

M = 1e6


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s, tz="UTC")


def hourly(start: str, values) -> pd.Series:
    v = np.asarray(values, dtype=float)
    return pd.Series(v, index=pd.date_range(ts(start), periods=len(v), freq="1h"))


def week_then(day_values, before=1.0, extra_before=()) -> pd.Series:
    """Seven days of ``before`` per hour ending with ``extra_before`` (the last hours of the day before), then the day."""
    quiet = [before] * (7 * 24 - len(extra_before)) + list(extra_before)
    return hourly("2025-11-24", quiet + list(day_values))


DAY = ts("2025-12-01")


# --------------------------------------------------------------------------- hand-built
def test_baseline_median_uses_the_days_before_only():
    x = week_then([100.0] * 24, before=2.0)
    assert sq.baseline_median(x, DAY) == 2.0
    assert sq.baseline_median(x, DAY, days=1) == 2.0
    with pytest.raises(ValueError, match="no hourly liquidations"):
        sq.baseline_median(x, ts("2025-11-20"))
    with pytest.raises(NaiveTimestampError):
        sq.baseline_median(x.tz_localize(None), DAY)


def test_long_share_after_the_break_hour():
    idx = pd.date_range(DAY, periods=6, freq="1h")
    liq = pd.DataFrame({"long_usd": [9.0, 1.0, 3.0, 3.0, 50.0, 0.0], "short_usd": [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]}, index=idx)
    liq["total_usd"] = liq["long_usd"] + liq["short_usd"]
    share, total = sq.long_share_after(liq, ts("2025-12-01 00:55"), hours=3)  # 00:00 through 03:00
    assert total == 20.0 and share == pytest.approx(16 / 20)
    with pytest.raises(ValueError, match="need 4 hours"):
        sq.long_share_after(liq, ts("2025-12-01 04:10"), hours=3)
    with pytest.raises(ValueError, match="no liquidations"):
        sq.long_share_after(liq.assign(long_usd=0.0, short_usd=0.0, total_usd=0.0), DAY, hours=2)


def test_first_batch_walks_back_over_midnight():
    # the week: 1 per hour, so a batch is above 3; the day before ends 0.5, 5, then the day 50, 2, 4
    x = week_then([50.0, 2.0, 4.0] + [1.0] * 21, extra_before=(0.5, 5.0))
    fb = sq.first_batch(x, DAY, 3.0)
    assert (fb["baseline"], fb["threshold"]) == (1.0, 3.0)
    assert fb["peak"] == DAY and fb["peak_usd"] == 50.0
    assert fb["first"] == ts("2025-11-30 23:00") and fb["first_usd"] == 5.0 and fb["hours_to_peak"] == 1
    assert fb["next_usd"] == 2.0 and fb["next_above"] is False


def test_first_batch_at_and_around_the_threshold():
    at = sq.first_batch(week_then([1.0, 3.0, 9.0] + [1.0] * 21), DAY, 3.0)  # 3 is not above 3: the run is the peak alone
    assert at["first"] == ts("2025-12-01 02:00") and at["hours_to_peak"] == 0 and at["first_usd"] == at["peak_usd"] == 9.0
    above = sq.first_batch(week_then([1.0, 3.0001, 9.0] + [1.0] * 21), DAY, 3.0)
    assert above["first"] == ts("2025-12-01 01:00") and above["hours_to_peak"] == 1
    quiet = sq.first_batch(week_then([2.0] + [1.0] * 23), DAY, 3.0)  # the peak itself is no batch: its own first batch
    assert quiet["first"] == quiet["peak"] == DAY and quiet["next_above"] is False
    tie = sq.first_batch(week_then([9.0, 9.0] + [1.0] * 22), DAY, 3.0)  # the first of equal hours is the peak
    assert tie["peak"] == DAY and tie["next_above"] is True


def test_first_batch_run_stops_at_a_gap_in_the_hours():
    x = week_then([50.0] + [1.0] * 23, extra_before=(5.0, 5.0, 5.0))
    fb = sq.first_batch(x, DAY, 3.0)
    assert fb["first"] == ts("2025-11-30 21:00") and fb["hours_to_peak"] == 3
    gap = x.drop(ts("2025-11-30 22:00"))
    fb = sq.first_batch(gap, DAY, 3.0)
    assert fb["first"] == ts("2025-11-30 23:00") and fb["hours_to_peak"] == 1
    with pytest.raises(ValueError, match="no hourly long liquidations"):
        sq.first_batch(x, ts("2026-01-01"), 3.0)


def test_fall_timing_first_sharp_hour_and_the_hour_before():
    ret = hourly("2025-11-30 18:00", [0.0, -0.002, 0.0, 0.001, 0.0, -0.009, -0.037, 0.002])
    long = hourly("2025-11-30 18:00", [0.1, 0.1, 0.1, 1.2, 0.0, 5.1, 53.3, 1.1])
    ft = sq.fall_timing(ret, long, DAY, 0.01, lookback=6)
    assert ft["first_fall"] == DAY and ft["hours_fall_to_peak"] == 0.0 and ft["first_fall_return"] == pytest.approx(-0.037)
    assert ft["hour_before"] == ts("2025-11-30 23:00") and ft["before_usd"] == 5.1 and ft["before_return"] == pytest.approx(-0.009)
    at = sq.fall_timing(ret, long, DAY, 0.009, lookback=6)  # a fall of exactly the threshold counts
    assert at["first_fall"] == ts("2025-11-30 23:00") and at["hours_fall_to_peak"] == 1.0 and at["before_usd"] == 0.0
    short = sq.fall_timing(ret, long, DAY, 0.009, lookback=0)  # only the peak hour itself is looked at
    assert short["first_fall"] == DAY
    none = sq.fall_timing(ret, long, ts("2025-11-30 23:00"), 0.01, lookback=6)  # no 1 % hour up to 23:00
    assert pd.isna(none["first_fall"]) and np.isnan(none["hours_fall_to_peak"]) and none["before_usd"] == 0.0


def test_day_rank_counts_complete_days_only():
    vals = [1.0] * 24 + [3.0] * 24 + [2.0] * 24 + [3.0] * 24 + [100.0] * 5  # the last day is incomplete
    x = hourly("2025-12-01", vals)
    r = sq.day_rank(x, ts("2025-12-03"))
    assert (r["total"], r["rank"], r["days"]) == (48.0, 3, 4) and r["top_share"] == 0.75
    tied = sq.day_rank(x, ts("2025-12-02"))
    assert tied["rank"] == 1 and tied["largest_day"] == ts("2025-12-02") and tied["largest"] == 72.0  # ties share the better rank
    with pytest.raises(ValueError, match="not a complete day"):
        sq.day_rank(x, ts("2025-12-05"))


# --------------------------------------------------------------------------- the real data
@pytest.mark.data
def test_real_order_of_the_hours_on_the_event_day():
    from flashcrash import data
    from flashcrash.liquidation import measures as LM
    from flashcrash.liquidation import observed as ob

    liq = data.liquidations_1h()
    share, total = sq.long_share_after(liq, ts("2025-12-01 00:55"))
    assert share == pytest.approx(0.9699550, rel=1e-6) and total == pytest.approx(72_952_834.31, rel=1e-9)
    fb = sq.first_batch(liq["long_usd"], DAY, 3.0)
    assert fb["baseline"] == pytest.approx(109_168.857505, rel=1e-9)
    assert (fb["first"], fb["peak"], fb["hours_to_peak"]) == (ts("2025-11-30 23:00"), DAY, 1)
    assert (fb["first_usd"], fb["peak_usd"], fb["next_usd"]) == pytest.approx((5_099_457.8111, 53_326_819.56242, 1_093_125.49716))
    returns = ob.hourly_returns(data.perp_1h("BTC"))
    ft = sq.fall_timing(returns, liq["long_usd"], fb["peak"], 0.01)
    assert (
        ft["first_fall"] == DAY
        and ft["first_fall_return"] == pytest.approx(-0.0370879, rel=1e-5)
        and ft["before_return"] == pytest.approx(-0.0094144, rel=1e-4)
    )
    dr = sq.day_rank(liq["total_usd"], DAY)
    assert (dr["rank"], dr["days"], dr["largest_day"]) == (8, 179, ts("2026-02-05"))
    seq = ob.sequence_table(liq, returns, LM.CANDIDATE_DAYS)
    assert list(seq.index) == list(LM.CANDIDATE_DAYS)
    assert list(seq["day_rank"]) == [8, 18, 100, 25, 37, 78] and list(seq["hours_to_peak"]) == [1, 3, 0, 4, 4, 3]


@pytest.mark.data
def test_real_sequence_display_in_millions_with_headers_in_words():
    from flashcrash import data
    from flashcrash import tables as T
    from flashcrash.liquidation import measures as LM
    from flashcrash.liquidation import observed as ob

    liq = data.liquidations_1h()
    d = ob.sequence_display(ob.sequence_table(liq, ob.hourly_returns(data.perp_1h("BTC")), LM.CANDIDATE_DAYS))
    assert d.loc[DAY, "peak_musd"] == pytest.approx(53.32681956242) and d.loc[DAY, "day_rank"] == 8
    assert pd.isna(d.loc[ts("2025-12-16"), "first_fall"])  # no hour fell 1 % in the six hours up to that day's peak
    assert not any(T.is_code_name(c) for c in T.format_table(d).cells.columns)
