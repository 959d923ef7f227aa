"""Tests of the crash atlas: the crash rule on hand-built bars (the threshold exactly and just missed,
overlapping windows merged, gaps, the edges of the data, bad input), the per-event measures on
hand-built data, identical results on every scheduler, stable JSON, and the real atlas (mirror)."""

from __future__ import annotations

import json
import time

import altair as alt
import numpy as np
import pandas as pd
import pytest

from flashcrash.atlas import bars as ab
from flashcrash.atlas import detect as dt
from flashcrash.atlas import measures as ms
from flashcrash.atlas import run
from flashcrash.atlas import tables as tb
from flashcrash.errors import NaiveTimestampError
from flashcrash.figures import atlas as ac
from tests.conftest import needs_data

pytestmark = pytest.mark.timeout(300)

T0 = pd.Timestamp("2025-01-01", tz="UTC")


def bars(highs, lows=None, freq="1h", start=T0, times=None, closes=None):
    """Bars with the given highs and lows (lows default to the highs); open and close at the low
    unless ``closes`` is given (USD). ``times``: explicit bar open times (for gaps)."""
    h = np.asarray(highs, float)
    lo = h.copy() if lows is None else np.asarray(lows, float)
    c = lo.copy() if closes is None else np.asarray(closes, float)
    idx = pd.DatetimeIndex(times) if times is not None else pd.date_range(start, periods=len(h), freq=freq, tz="UTC")
    return pd.DataFrame({"open": c, "high": h, "low": lo, "close": c, "volume": 1.0}, index=idx)


def flat_then(values, n_flat=30, level=100.0):
    """``n_flat`` hours at ``level``, then bars at ``values`` (high = low = value)."""
    return bars([level] * n_flat + list(values))


# --------------------------------------------------------------------------------------------
# the crash rule
# --------------------------------------------------------------------------------------------
def test_trailing_high_hand_computed_with_latest_holder():
    b = bars([1, 3, 2, 3, 1, 1], freq="1h")
    hi, where = dt.trailing_high(b, pd.Timedelta(hours=3))
    np.testing.assert_array_equal(hi, [1, 3, 3, 3, 3, 3])
    np.testing.assert_array_equal(where, [0, 1, 1, 3, 3, 3])  # the later of two equal highs
    hi2, _ = dt.trailing_high(b, pd.Timedelta(hours=2))
    np.testing.assert_array_equal(hi2, [1, 3, 3, 3, 3, 1])


def test_fall_of_exactly_the_threshold_is_a_crash():
    ev = dt.find_events(flat_then([99, 97, 95.0, 98, 99]))
    assert len(ev) == 1
    e = ev.iloc[0]
    assert e["high"] == 100 and e["low"] == 95.0
    assert e["drawdown"] == pytest.approx(0.05)
    assert e["break_time"] == T0 + pd.Timedelta(hours=32)
    assert e["start"] == T0 + pd.Timedelta(hours=29)  # the latest bar of the 100 plateau
    assert e["end"] == T0 + pd.Timedelta(hours=33)  # end of the one crash bar
    assert e["duration_hours"] == 4 and e["fall_hours"] == 3
    assert not e["censored"] and e["gap_hours"] == 0


def test_fall_just_below_the_threshold_is_not():
    assert dt.find_events(flat_then([99, 97, 95.01, 98, 99])).empty
    # and a stricter rule rejects the exact 5 % fall
    assert dt.find_events(flat_then([95.0, 99]), dt.CrashRule(drop=0.051)).empty


def test_a_fall_slower_than_the_window_is_not_a_crash():
    # 100 -> 94 over 30 hours in even steps: never 5 % below the 24 h high
    path = np.linspace(100, 94, 31)[1:]
    assert dt.find_events(flat_then(path)).empty
    # the same fall within 20 hours is
    assert len(dt.find_events(flat_then(np.linspace(100, 94, 21)[1:]))) == 1


def test_overlapping_windows_are_merged_into_one_event():
    # dip to 94 at h31, new high 101 at h33, dip to 94.5 at h35: windows [29, 32) and [33, 36)
    # do not touch -> two events; with the new high at h32 they touch -> one event
    apart = dt.find_events(flat_then([97, 94, 100, 101, 98, 94.5, 99]))
    assert len(apart) == 2
    assert list(apart["start"]) == [T0 + pd.Timedelta(hours=29), T0 + pd.Timedelta(hours=33)]
    merged = dt.find_events(flat_then([97, 94, 101, 98, 94.5, 99]))
    assert len(merged) == 1
    e = merged.iloc[0]
    assert e["start"] == T0 + pd.Timedelta(hours=29) and e["end"] == T0 + pd.Timedelta(hours=35)
    assert e["break_time"] == T0 + pd.Timedelta(hours=31)
    # the deepest fall inside the event: from 101 (h32) to 94.5 (6.4 %), not from 100 to 94 (6 %)
    assert e["high"] == 101 and e["low"] == 94.5 and e["high_time"] == T0 + pd.Timedelta(hours=32)
    assert e["drawdown"] == pytest.approx(1 - 94.5 / 101)
    assert e["worst_fall"] == pytest.approx(1 - 94.5 / 101)


def test_kept_events_are_the_rows_of_the_whole_table():
    """``keep`` builds the rows of the events it selects by start and end, the same rows as the whole table's."""
    b = flat_then([97, 94, 100, 101, 98, 94.5, 99])
    whole = dt.find_events(b)
    second = dt.find_events(b, keep=lambda start, end: start >= T0 + pd.Timedelta(hours=30))
    pd.testing.assert_frame_equal(second, whole.iloc[[1]].reset_index(drop=True))
    by_end = dt.find_events(b, keep=lambda start, end: end <= T0 + pd.Timedelta(hours=32))
    pd.testing.assert_frame_equal(by_end, whole.iloc[[0]].reset_index(drop=True))
    assert dt.find_events(b, keep=lambda start, end: start > end).empty
    assert list(dt.find_events(b, keep=lambda start, end: start == start)) == list(whole)


def test_a_long_slide_is_one_event():
    path = [96, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84]
    ev = dt.find_events(flat_then(path))
    assert len(ev) == 1
    assert ev.iloc[0]["low"] == 84 and ev.iloc[0]["drawdown"] == pytest.approx(0.16)


def test_gap_inside_the_window_keeps_the_fall():
    # high 100 at 00:00, then no bars for 10 hours, then 94: 10 hours apart on the clock, one bar apart in the data
    times = [T0 + pd.Timedelta(hours=h) for h in (0, 1, 2, 13, 14)]
    ev = dt.find_events(bars([100, 100, 100, 94, 99], times=times))
    assert len(ev) == 1
    e = ev.iloc[0]
    assert e["start"] == T0 + pd.Timedelta(hours=2) and e["low_time"] == T0 + pd.Timedelta(hours=13)
    assert e["gap_hours"] == 10  # hours 3-12 missing inside the event
    assert e["bars"] == 2


def test_gap_longer_than_the_window_is_no_crash():
    times = [T0 + pd.Timedelta(hours=h) for h in (0, 1, 2, 40, 41)]
    assert dt.find_events(bars([100, 100, 100, 94, 94], times=times)).empty


def test_crash_at_the_end_of_the_data_is_censored():
    ev = dt.find_events(flat_then([98, 96, 94]))
    assert len(ev) == 1
    e = ev.iloc[0]
    assert e["censored"] and e["end"] == T0 + pd.Timedelta(hours=33)  # the end of the last bar


def test_crash_at_the_start_of_the_data_is_censored():
    ev = dt.find_events(bars([100, 97, 94, 94] + [94] * 40))
    assert len(ev) == 1 and ev.iloc[0]["censored"] and ev.iloc[0]["start"] == T0


def test_intrabar_fall_and_fifteen_minute_bars():
    # one 15-minute bar with a 6 % range is a crash by itself; worst_1h looks back four bars
    b = bars([100] * 200 + [100, 99, 99], lows=[100] * 200 + [94, 98, 99], freq="15min")
    ev = dt.find_events(b)
    assert len(ev) == 1
    e = ev.iloc[0]
    assert e["fall_hours"] == 0 and e["worst_1h"] == pytest.approx(0.06)
    assert e["duration_hours"] == 0.25


def test_no_crash_in_a_calm_series_gives_an_empty_frame_with_the_columns():
    ev = dt.find_events(bars(100 + np.sin(np.arange(200)) * 0.5))
    assert ev.empty and list(ev.columns) == dt.EVENT_COLUMNS


def test_bad_input_is_refused_clearly():
    naive = bars([100, 94]).tz_localize(None)
    with pytest.raises(NaiveTimestampError):
        dt.find_events(naive)
    off = bars([100, 99, 94], times=[T0, T0 + pd.Timedelta(hours=1), T0 + pd.Timedelta(minutes=150)])
    with pytest.raises(ValueError, match="grid"):
        dt.find_events(off)
    b = bars([100, 99, 94, 95])
    b.iloc[1, b.columns.get_loc("high")] = np.nan
    with pytest.raises(ValueError, match="finite"):
        dt.find_events(b)
    with pytest.raises(ValueError, match="low above high"):
        dt.find_events(bars([100, 99], lows=[100, 101]))
    with pytest.raises(ValueError, match="fraction"):
        dt.CrashRule(drop=5)
    with pytest.raises(ValueError, match="shorter than one bar"):
        dt.find_events(bars([100, 94]), dt.CrashRule(window=pd.Timedelta(minutes=30)))


def test_rule_text_states_the_constants():
    assert dt.CrashRule().text.startswith("a crash is any stretch in which the price trades at least 5% below its highest high of the previous 24 hours")


# --------------------------------------------------------------------------------------------
# per-event measures on hand-built data
# --------------------------------------------------------------------------------------------
def test_max_drawdown_and_round_levels_hand_computed():
    assert ms.max_drawdown(np.array([10, 12, 11, 9, 13]), np.array([9, 11, 10, 8, 12])) == (pytest.approx(1 - 8 / 12), 1, 3)
    assert ms.round_step(87_000) == 1000 and ms.round_step(16_000) == 1000 and ms.round_step(15_000) == 100
    assert ms.round_step(3_000) == 100 and ms.round_step(2.0) == 0.1
    # trigger 0.95 x 91,934 = 87,337: the lowest thousand above it is 88,000
    assert ms.broken_level(91_934.4) == 88_000
    assert ms.broken_level(92_000, drop=0.05) == 88_000  # 87,400 -> 88,000
    assert ms.broken_level(100.0, 0.05, 1.0) == 96.0  # trigger 95 exactly: the level strictly above
    with pytest.raises(ValueError):
        ms.round_step(0.0)


@pytest.mark.parametrize(
    "start, end",
    [("2025-12-01 03:17", "2025-12-01 05:00"), ("2025-12-01 03:00", "2025-12-01 03:00:00.000000001"), ("1969-12-31 23:30", "1970-01-01 00:30")],
)
def test_hours_window_is_floor_and_ceil_to_the_hour(start, end):
    a, b = pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC")
    got = ms.hours_window(a, b)
    assert got == (a.floor("1h"), b.ceil("1h")) and str(got[0].tz) == str(got[1].tz) == "UTC"


def test_sessions_of_the_break():
    t = [pd.Timestamp(f"2025-12-01 {h}", tz="UTC") for h in ("00:45", "15:00", "18:00", "23:00")]
    assert ms.sessions_of(t) == ["Asia", "Europe+US", "US", "off"]
    assert ms.sessions_of([]) == []


def test_level_measures_minutes_below_reclaim_and_resistance():
    # 30 h at 100, fall through 96 (level for high 100, drop 5 %, step 1) to 94, back to 96.2, rejected at 96 and falls to 93
    path = [98, 96.5, 95.5, 94, 94.5, 95, 96.2, 95, 93, 93, 93]
    b = ms.Bars.of(flat_then(path, level=100.0))
    low_t = T0 + pd.Timedelta(hours=33)
    out = ms.level_measures(b, T0 + pd.Timedelta(hours=29), T0 + pd.Timedelta(hours=41), low_t, 100.0, 100.0, 93.0)
    assert out["round_step"] == 1.0 and out["level"] == 96.0
    assert out["minutes_below_level"] == 60 * 8  # bars 32-35 and 37-40 trade below 96
    assert out["hours_to_reclaim_level"] == 5.0  # from the 32:00 bar to the close of the 36:00 bar
    assert out["round_levels_crossed"] == 7
    # after the low: up to 96.2 (into the band), then down to 93 (1.5 % away) before any close above: a rejection
    assert out["level_touches_after"] == 1 and out["level_rejections_after"] == 1 and out["level_breaks_after"] == 0
    assert out["level_resisted"] is True


def test_level_test_is_the_support_chapters_test():
    from flashcrash.levels import level_episodes

    rng = np.random.default_rng(1)
    path = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, 600)))
    b = bars(path * 1.004, lows=path * 0.996, closes=path)
    level = float(np.round(np.median(path)))
    ours = ms.level_measures(ms.Bars.of(b), b.index[0], b.index[1], b.index[0], level / 0.95 * 0.999, 1e9, 1.0)
    ref = level_episodes(b.loc[: b.index[0] + pd.Timedelta(days=ms.AFTER_DAYS) - pd.Timedelta("1ns")], ours["level"], "resistance")
    decided = [o for o in ref["outcome"] if o != "open"]
    assert ours["level_touches_after"] == len(ref)
    assert ours["level_rejections_after"] == decided.count("rejection")
    assert ours["level_breaks_after"] == decided.count("break")


def test_liquidations_only_where_every_hour_is_covered():
    idx = pd.date_range(T0, periods=48, freq="1h", tz="UTC")
    long = np.arange(48, dtype=float)
    liq = ms.Bars.of(pd.DataFrame({"long_usd": long, "short_usd": 1.0, "total_usd": long + 1.0}, index=idx))
    out = ms.liquidation_measures(liq, T0 + pd.Timedelta(minutes=90), T0 + pd.Timedelta(hours=4, minutes=15))
    # hours 01:00 .. 04:00 (the event touches them): long 1+2+3+4 = 10, total 14
    assert out["liquidations_usd"] == 14 and out["long_share"] == pytest.approx(10 / 14)
    assert out["worst_hour"] == T0 + pd.Timedelta(hours=4) and out["worst_hour_usd"] == 5
    assert ms.liquidation_measures(liq, T0 - pd.Timedelta(hours=1), T0 + pd.Timedelta(hours=2))["liquidations_usd"] is None
    assert ms.liquidation_measures(liq, T0 + pd.Timedelta(hours=46), T0 + pd.Timedelta(hours=49))["long_share"] is None
    assert ms.liquidation_measures(None, T0, T0 + pd.Timedelta(hours=1))["liquidations_usd"] is None


def test_funding_measures_match_the_macro_chapter():
    from flashcrash import macro

    idx = pd.date_range("2019-01-01", periods=600, freq="8h", tz="UTC")
    rates = pd.Series(0.0001 * (1 + np.sin(np.arange(600) / 20)), index=idx)
    start = idx[400] + pd.Timedelta(hours=3)
    ours = ab.funding_measures(ab.Bars.of(ab.funding_rolls(rates)), start)
    ref = macro.funding_percentiles(rates, start, windows=(7, 30)).set_index("window_days")
    assert ours["funding_30d"] == pytest.approx(ref.loc[30, "annualised"])
    assert ours["funding_7d"] == pytest.approx(ref.loc[7, "annualised"])
    assert ours["funding_30d_percentile"] == pytest.approx(ref.loc[30, "percentile"])
    assert ab.funding_measures(ab.Bars.of(ab.funding_rolls(rates)), idx[50])["funding_30d"] is None  # fewer than 90 prints before


def test_coin_falls_where_covered():
    eth = ms.Bars.of(bars([100, 100, 90, 95, 80, 99], start=T0))
    out = ms.coin_falls({"ETH": eth}, T0 + pd.Timedelta(minutes=30), T0 + pd.Timedelta(hours=5))
    assert out["eth_drawdown"] == pytest.approx(0.2) and out["sol_drawdown"] is None and out["xrp_drawdown"] is None
    assert ms.coin_falls({"ETH": eth}, T0 + pd.Timedelta(hours=3), T0 + pd.Timedelta(hours=9))["eth_drawdown"] is None


def test_fit_window_is_at_least_a_day():
    a, b = ms.fit_window(pd.Timestamp("2025-12-01 00:45", tz="UTC"), pd.Timestamp("2025-12-01 03:15", tz="UTC"))
    assert a == pd.Timestamp("2025-12-01", tz="UTC") and b == a + pd.Timedelta(hours=24)
    a, b = ms.fit_window(pd.Timestamp("2025-11-30 13:15", tz="UTC"), pd.Timestamp("2025-12-01 23:15", tz="UTC"))
    assert (b - a) == pd.Timedelta(hours=35)


# --------------------------------------------------------------------------------------------
# orchestration on hand-built inputs
# --------------------------------------------------------------------------------------------
def _synthetic_inputs() -> ms.AtlasInputs:
    rng = np.random.default_rng(7)
    out = {}
    for key, n, freq in (("btc-perp-15m", 6000, "15min"), ("eth-spot-1h", 2000, "1h")):
        r = rng.standard_t(3, n) * 0.006
        p = 100 * np.exp(np.cumsum(r))
        out[key] = ms.Bars.of(bars(p * 1.003, lows=p * 0.997, closes=p, freq=freq))
    coins = {"ETH": out["eth-spot-1h"]}
    return ms.AtlasInputs(bars=out, symbols={"btc-perp-15m": "BTC", "eth-spot-1h": "ETH"}, coins=coins)


def test_every_scheduler_gives_identical_tables():
    inputs = _synthetic_inputs()
    markets = ("btc-perp-15m", "eth-spot-1h")
    ref = run.atlas(markets, inputs=inputs)  # the default: serial
    assert len(ref) >= 5
    pd.testing.assert_frame_equal(ref, run.atlas(markets, "threads", 2, inputs=inputs))
    pd.testing.assert_frame_equal(ref, run.atlas(markets, "processes", 2, inputs=inputs))
    pytest.importorskip("dask")
    pd.testing.assert_frame_equal(ref, run.atlas(markets, "dask", inputs=inputs))


def test_the_table_leads_with_id_market_and_label_and_is_ordered_by_the_markets_then_start():
    markets = ("eth-spot-1h", "btc-perp-15m")  # not alphabetical: the order given is kept
    t = run.atlas(markets, inputs=_synthetic_inputs())
    assert list(t.columns[:5]) == ["id", "market", "label", "start", "end"]  # what a reader of the JSON sees first
    assert list(dict.fromkeys(t["market"])) == list(markets)
    for _, g in t.groupby("market", sort=False):
        assert g["start"].is_monotonic_increasing
    first = t.iloc[0]
    assert first["id"] == f"eth-spot-1h:{first['start']:%Y-%m-%dT%H:%M}Z"


def test_the_default_scheduler_runs_every_task_in_the_calling_thread(monkeypatch):
    import threading

    seen = []
    measure = run._measure_task

    def spy(*args):
        seen.append(threading.get_ident())
        return measure(*args)

    monkeypatch.setattr(run, "_measure_task", spy)
    monkeypatch.setattr(run, "ThreadPoolExecutor", None)  # no pool may be started
    monkeypatch.setattr(run, "ProcessPoolExecutor", None)
    assert len(run.atlas(("btc-perp-15m", "eth-spot-1h"), inputs=_synthetic_inputs())) >= 5
    assert seen and set(seen) == {threading.get_ident()}
    assert run.SCHEDULERS[0] == "serial"


def test_unknown_scheduler_and_market_are_refused():
    with pytest.raises(ValueError, match="scheduler"):
        run.atlas(("btc-perp-15m",), "mpi", inputs=_synthetic_inputs())
    with pytest.raises(ValueError, match="unknown market"):
        run.load_inputs(("doge-perp-1m",))


def test_json_is_stable_iso_and_null_where_not_covered():
    inputs = _synthetic_inputs()
    ev = run.atlas(("btc-perp-15m",), inputs=inputs)
    text = run.to_json(ev)
    assert text == run.to_json(run.atlas(("btc-perp-15m",), inputs=inputs))
    doc = json.loads(text)
    e = doc["events"][0]
    assert list(e)[:10] == run.JSON_FIRST
    assert e["start"].endswith("Z") and pd.Timestamp(e["start"]) == ev["start"].iloc[0]
    assert e["liquidations_usd"] is None and e["long_share"] is None and e["fit_correlation"] is None
    assert 0 < e["drawdown"] < 1


def test_scale_estimate_arithmetic():
    a = run.ScaleAssumptions(markets=10, years=2, machine_cores=2, cluster_cores=40, parallel_efficiency=0.5)
    est = run.scale_estimate(36.0, a)
    assert est["market_years"] == 20 and est["core_hours"] == pytest.approx(0.2)
    assert est["machine_hours"] == pytest.approx(0.2)  # 0.2 core-hours on 2 cores at 50 %
    assert est["cluster_hours"] == pytest.approx(0.01)


# --------------------------------------------------------------------------------------------
# tables and charts on a hand-built atlas
# --------------------------------------------------------------------------------------------
def _toy_events() -> pd.DataFrame:
    t = pd.date_range("2025-11-01", periods=5, freq="7D", tz="UTC")
    return pd.DataFrame(
        {
            "id": [f"btc-perp-15m:{i}" for i in range(5)],
            "market": "btc-perp-15m",
            "label": ["", "", tb.THIS_LABEL, "", "2026-01-29/02-05"],
            "start": t,
            "end": t + pd.Timedelta(hours=20),
            "break_time": t + pd.Timedelta(hours=5),
            "high": 100.0,
            "low": [94.0, 92.0, 90.0, 88.0, 80.0],
            "drawdown": [0.06, 0.08, 0.10, 0.12, 0.20],
            "fall_hours": [10.0, 20.0, 30.0, 5.0, 40.0],
            "worst_1h": [0.02, 0.03, 0.04, 0.05, 0.01],
            "session": "Asia",
            "level": 95.0,
            "level_resisted": [True, False, None, True, False],
            "liquidations_usd": [np.nan, 50e6, 100e6, 200e6, 400e6],
            "long_share": [np.nan, 0.6, 0.8, 0.9, 0.7],
            "fit_correlation": [np.nan, 0.5, 0.9, 0.3, 0.7],
            "baseline_correlation": [np.nan, 0.6, 0.8, 0.4, 0.5],
            "fit_error": [np.nan, 0.5, 0.4, 0.9, 0.7],
            "model_total_error": [np.nan, -0.5, -0.4, 0.2, -0.1],
            "model_liquidations_usd": [np.nan, 25e6, 60e6, 240e6, 360e6],
            "fit_hours": [np.nan, 24, 24, 24, 30],
            "in_sample": [None, False, True, False, False],
            "eth_drawdown": 0.1,
            "funding_30d_percentile": 0.3,
        }
    )


def test_standing_and_fit_summary_hand_computed():
    ev = _toy_events()
    st = tb.standing(ev)
    assert st["n"] == 5 and st["deeper_share"] == 0.5 and st["faster_share"] == 0.75
    assert st["median_drawdown"] == 0.10 and st["share_deeper_10pct"] == 0.6
    assert st["n_liq"] == 4 and st["liq_rank"] == 3 and st["liq_exceeds_share"] == pytest.approx(1 / 3)
    assert st["median_long_share"] == pytest.approx(0.75) and st["max_liquidations_start"] == ev["start"].iloc[4]
    assert st["n_resisted_decided"] == 4 and st["resisted_share"] == 0.5
    fs = tb.fit_summary(ev)
    assert (fs["n_fit"], fs["n_in_sample"], fs["n_oos"]) == (4, 1, 3)
    assert fs["median_corr"] == 0.5 and fs["share_corr_05"] == pytest.approx(2 / 3) and fs["in_sample_corr"] == 0.9
    assert fs["median_baseline_corr"] == 0.5 and fs["share_beats_baseline"] == pytest.approx(1 / 3)
    assert fs["median_error"] == 0.7 and fs["share_under"] == pytest.approx(2 / 3)
    assert len(tb.fit_table(ev)) == 4 and len(tb.event_table(ev)) == 5 and list(tb.named_table(ev)["crash"]) == [tb.THIS_LABEL, "2026-01-29/02-05"]
    with pytest.raises(ValueError, match="expected one"):
        tb.this_event(ev.iloc[:2])


def test_standing_counts_the_crashes_on_the_right_side_and_tables_convert_units():
    # the toy crash made deeper than three of the other four and second in liquidations: shares and
    # ranks that a flipped comparison would change (in _toy_events they are symmetric)
    ev = _toy_events()
    ev.loc[2, ["drawdown", "liquidations_usd"]] = [0.15, 300e6]
    st = tb.standing(ev)
    assert st["deeper_share"] == 0.75 and st["liq_rank"] == 2 and st["liq_exceeds_share"] == pytest.approx(2 / 3)
    fit = tb.fit_table(ev)
    assert list(fit["observed M USD"]) == [50.0, 300.0, 200.0, 400.0] and list(fit["model M USD"]) == [25.0, 60.0, 240.0, 360.0]
    named = tb.named_table(ev)
    assert list(named["ETH fall %"]) == [10.0, 10.0] and list(named["funding 30 d percentile"]) == [30.0, 30.0]
    assert list(named["liquidations M USD"]) == [300.0, 400.0] and list(named["fall %"]) == [15.0, 20.0]


def test_cost_summary_takes_the_costliest_market():
    prof = pd.DataFrame({"label": ["a", "b"], "years": [2.0, 8.0], "cpu": [1.0, 1.0], "load_cpu": [0.5, 1.0]})
    prof["cpu_per_year"] = (prof["cpu"] + prof["load_cpu"]) / prof["years"]  # 0.75 and 0.25
    c = tb.cost_summary(prof, run.ScaleAssumptions(markets=100, years=5, machine_cores=2, cluster_cores=10, parallel_efficiency=1.0))
    # pooled: (1 + 0.5 + 1 + 1) CPU s over 10 market-years, reading the files included
    assert c["pooled_per_year"] == pytest.approx(0.35) and c["worst_per_year"] == 0.75 and c["worst_market"] == "a"
    assert c["core_hours"] == pytest.approx(500 * 0.75 / 3600) and c["cluster_hours"] == pytest.approx(500 * 0.75 / 10 / 3600)
    assert c["data_gb"] == pytest.approx(500 * 35_064 * 48 / 1e9)  # 35,064 bars of 48 bytes per market-year
    assert c["download_minutes"] == pytest.approx(c["data_gb"] * 8000 / 100 / 60)


def test_cost_table_names_its_columns_in_words_and_keeps_the_profile_s_values():
    prof = pd.DataFrame(
        {
            "market": ["m1", "m2"],
            "label": ["BTC spot", "ETH perp"],
            "bars": [10, 20],
            "years": [2.0, 8.0],
            "events": [3, 4],
            "load_cpu": [0.5, 1.0],
            "cpu": [1.0, 1.0],
        },
        index=[5, 7],
    )
    prof["cpu_per_year"] = (prof["cpu"] + prof["load_cpu"]) / prof["years"]
    t = tb.cost_table(prof)
    assert list(t.columns) == ["market", "bars", "years", "crashes", "CPU s to read", "CPU s to find and measure", "CPU s per market-year"]
    assert list(t.index) == [0, 1] and list(t["market"]) == ["BTC spot", "ETH perp"] and list(t["crashes"]) == [3, 4]
    assert list(t["CPU s per market-year"]) == [0.75, 0.25] and list(t["CPU s to read"]) == [0.5, 1.0]


def test_market_years_by_hand():
    day = pd.Timedelta(days=1).value
    assert run.market_years(ab.Bars(np.array([0, int(365.25 * day)]), {}, day)) == 1.0
    assert run.market_years(ab.Bars(np.array([5, 5 + 730 * day, 5 + int(730.5 * day)]), {}, day)) == 2.0


@pytest.mark.data
def test_profile_measures_one_market_within_the_time_it_took():
    c0, w0 = time.process_time(), time.perf_counter()
    prof = run.profile(("xrp-perp-15m",))
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    row = prof.iloc[0]
    inputs = run.load_inputs(("xrp-perp-15m",))
    assert row["bars"] == len(inputs.bars["xrp-perp-15m"]) and row["years"] == run.market_years(inputs.bars["xrp-perp-15m"])
    assert row["events"] == len(run.atlas(("xrp-perp-15m",), inputs=inputs)) > 0
    assert 0 < row["load_cpu"] < cpu and 0 < row["cpu"] < cpu and 0 < row["wall"] < wall  # parts of this call's own cost
    assert row["cpu_per_year"] == pytest.approx((row["cpu"] + row["load_cpu"]) / row["years"])


def test_charts_are_named_titled_described_and_have_tooltips():
    ev = _toy_events()
    for fn in (ac.depth_speed_chart, ac.liquidations_chart, ac.fit_chart):
        spec = fn(ev).to_dict()
        assert spec["name"].startswith("atlas-") and spec["title"] and spec["description"]
        assert "tooltip" in spec["encoding"]
    spot = ev.assign(market="btc-spot-1h", start=ev["start"] - pd.DateOffset(years=3))
    spot.loc[2, "start"] = ev["start"].iloc[2]
    for fn in (ac.timeline_chart, ac.like_2022_chart):
        spec = fn(spot).to_dict()
        assert spec["name"].startswith("atlas-") and "tooltip" in spec["encoding"]
    assert set(ac.marked(ev)["kind"]) == {ac.THIS, ac.NAMED, ac.OTHER}


def test_the_timeline_labels_its_ticks_by_year():
    ev = _toy_events().assign(market="btc-spot-1h")
    axis = ac.timeline_chart(ev).to_dict()["encoding"]["x"]["axis"]
    assert axis["format"] == "%Y" and axis["tickCount"] == {"interval": "year", "step": 1}


def test_charts_carry_only_the_columns_they_draw():
    chart = ac.fit_chart(_toy_events())
    (rows,) = chart.to_dict()["datasets"].values()
    assert set(rows[0]) == set(ac.encoded_fields(chart))
    assert {"fit_correlation", "fit_error", "kind", "name", "when", "sample"} <= set(rows[0])
    assert "drawdown" not in rows[0] and "liquidations_usd" not in rows[0]  # atlas columns not drawn
    # nested fields are found once each, in order; a field the data lack is an error, not a blank
    toy = alt.Chart(pd.DataFrame({"a": [1], "b": [2], "c": [3]})).mark_point().encode(x="a:Q", y="b:Q", tooltip=["a:Q", "b:Q"])
    assert ac.encoded_fields(toy) == ["a", "b"] and list(ac.drawn(toy).data.columns) == ["a", "b"]
    with pytest.raises(KeyError, match="'z'"):
        ac.drawn(toy.encode(color="z:N"))


# --------------------------------------------------------------------------------------------
# the real atlas (data mirror)
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    """The inputs, and the default atlas with the seconds it took when it was computed (kept in the
    results cache: the book's run, or this one, computes it once)."""
    timed = run.timed_default_atlas()
    return run.load_inputs(), timed.events, timed.seconds


def _covering(events: pd.DataFrame, day: str, market: str = "btc-perp-15m") -> pd.DataFrame:
    d = pd.Timestamp(day, tz="UTC")
    return events[(events["market"] == market) & (events["start"] < d + pd.Timedelta(days=1)) & (events["end"] > d)]


@needs_data
@pytest.mark.data
def test_atlas_finds_the_known_crashes_within_a_minute(real):
    _, ev, seconds = real
    assert seconds < 60
    perp = ev[ev["market"] == "btc-perp-15m"]
    assert len(perp) >= 10
    for day in ("2024-08-05", "2025-10-10", "2025-12-01", "2026-02-05"):
        assert len(_covering(ev, day)) >= 1, day
    this = _covering(ev, "2025-12-01").iloc[0]
    assert this["session"].startswith("Asia") and 0.05 <= this["drawdown"] < 0.15
    assert this["label"] == "2025-12-01 (this event)"
    assert _covering(ev, "2024-08-05")["drawdown"].max() > 0.15  # the yen-carry unwind was deeper
    assert (ev["drawdown"] >= 0.05 - 1e-12).all() and ev["id"].is_unique


@needs_data
@pytest.mark.data
def test_cascade_fit_on_every_event_the_liquidation_data_cover(real):
    inputs, ev, _ = real
    liq = inputs.liquidations
    lo = pd.Timestamp(int(liq.t[0]), tz="UTC")
    perp_end = pd.Timestamp("2026-04-30", tz="UTC")  # the 15-minute perpetual bars end on 2026-04-30
    perp = ev[ev["market"] == "btc-perp-15m"]
    covered = perp[(perp["start"].dt.floor("1h") >= lo) & (perp["end"] < perp_end)]
    assert len(covered) >= 5
    assert covered["fit_error"].notna().all() and covered["fit_correlation"].notna().all()
    assert covered["liquidations_usd"].notna().all() and covered["long_share"].between(0, 1).all()
    assert perp[perp["start"] < lo]["fit_error"].isna().all()
    oos = covered[~covered["in_sample"].astype(bool)]
    assert len(oos) >= 5 and oos["fit_correlation"].between(-1, 1).all()


@needs_data
@pytest.mark.data
def test_cascade_fit_on_the_calibration_day_reproduces_the_calibration(real):
    from flashcrash.article import EVENT_DAY
    from flashcrash.liquidation import book as bk
    from flashcrash.liquidation import calibrate

    inputs, _, _ = real
    day = EVENT_DAY
    fit = calibrate.event_fit()
    out = ms.cascade_fit(inputs, day, day + pd.Timedelta(hours=1))  # a short event: the fit runs over one day
    assert out["fit_hours"] == 24 and out["in_sample"]
    assert out["fit_correlation"] == pytest.approx(fit.correlation, abs=1e-9)
    assert out["model_total_error"] == pytest.approx(fit.total_error, abs=1e-9)
    assert -1 <= out["baseline_correlation"] <= 1
    pd.testing.assert_frame_equal(ms.entry_bars(inputs.entries, day, 21), bk.entry_bars(day, 21), check_freq=False)


@needs_data
@pytest.mark.data
def test_threads_and_dask_identical_on_the_real_atlas(real):
    pytest.importorskip("dask")
    inputs, ev, _ = real
    # one market on the real data (every market on small data: test_every_scheduler_gives_identical_tables)
    perp = ev[ev["market"] == "btc-perp-15m"].reset_index(drop=True)
    assert len(perp) >= 10
    pd.testing.assert_frame_equal(perp, run.atlas(("btc-perp-15m",), scheduler="dask", inputs=inputs).reset_index(drop=True))


@needs_data
@pytest.mark.data
def test_cli_json_is_deterministic(capsys):
    from flashcrash.cli import main

    assert main(["atlas", "--json", "--market", "btc-perp-15m"]) == 0
    first = capsys.readouterr().out
    assert main(["atlas", "--json", "--market", "btc-perp-15m", "--scheduler", "processes"]) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    assert len(doc["events"]) >= 10
    e = doc["events"][0]
    for k in ("start", "end", "high", "low", "drawdown", "duration_hours", "session", "liquidations_usd", "long_share", "fit_correlation"):
        assert k in e


@needs_data
@pytest.mark.data
def test_like_2022_measures_from_the_same_rule(real):
    from flashcrash.atlas.compare import like_2022_measures, like_2022_sentence
    from flashcrash.claims import Assessment
    from flashcrash.rules.atlas import like_2022
    from flashcrash.rules.base import with_evidence

    _, ev, _ = real
    m = like_2022_measures(ev, pd.Timestamp("2025-12-01", tz="UTC"))
    assert m.named_2022 == ("Terra/LUNA", "FTX")
    assert m.n_2022 >= 10 and 0 <= m.share_2022_shallower <= 1
    assert all(d > m.drawdown for d in m.named_drawdown)  # both 2022 collapses were deeper
    r = like_2022(m)
    Assessment(r, with_evidence(like_2022_sentence(m), r), [])  # the evidence agrees with the checks


@needs_data
@pytest.mark.data
def test_comparison_measures_only_the_events_it_reads_and_gets_the_atlas_values(real):
    from flashcrash.atlas.compare import COMPARE_MARKET, COMPARISON_COLUMNS, comparison_events, comparison_rows, like_2022_measures

    _, ev, _ = real
    day = pd.Timestamp("2025-12-01", tz="UTC")
    few = comparison_events(day)
    assert set(few["market"]) == {COMPARE_MARKET} and 0 < len(few) < (ev["market"] == COMPARE_MARKET).sum() / 5
    rows = ev[ev["id"].isin(few["id"])].reset_index(drop=True)  # the same events in the whole atlas
    pd.testing.assert_frame_equal(few.drop(columns="label"), rows.drop(columns="label"))
    pd.testing.assert_frame_equal(comparison_rows(day), few[COMPARISON_COLUMNS], check_exact=True)  # the light path: the same rows and values
    assert like_2022_measures(None, day) == like_2022_measures(ev, day)
