"""Level crossings and the which-day scoring: tiny frames with hand-computed answers, then the real data."""

import numpy as np
import pandas as pd
import pytest

from flashcrash import crossings as X
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
    got = X.downward_crossings(b, 90.0)
    assert list(got.index) == [b.index[1], b.index[3]]
    assert list(got["depth"]) == [6.0, 6.0]
    up = X.upward_crossings(b, 90.0)
    assert list(up.index) == [b.index[2]]


def test_staying_below_is_one_crossing():
    b = bars([94, 84, 83, 82], closes=[95, 85, 84, 83], highs=[100, 96, 86, 85])
    assert len(X.downward_crossings(b, 90.0)) == 1
    assert X.minutes_below(b, 90.0) == 15.0  # three 5-minute bars


def test_max_drop_within_an_hour():
    # high 100 in bar 0, low 95 in bar 11 (inside one hour), low 90 in bar 12 (outside: high there is 100 again)
    lows = [99] * 11 + [95, 90]
    highs = [100] + [96] * 11 + [100]
    drop, at = X.max_drop_within(bars(lows, highs=highs, closes=[96] * 13), "1h")
    assert drop == pytest.approx(0.10)
    assert at == pd.Timestamp("2025-12-01 01:00", tz="UTC")
    drop2, _ = X.max_drop_within(bars(lows[:12], highs=highs[:12], closes=[96] * 12), "1h")
    assert drop2 == pytest.approx(0.05)


def test_naive_bars_refused():
    with pytest.raises(NaiveTimestampError):
        X.downward_crossings(bars([1.0, 2.0], tz=None), 1.5)


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
    t = E.compare_sources(E.event_day(), E.source_bars())
    assert t.loc["Binance perp, 5 min", "first_below_87k"] == pd.Timestamp("2025-12-01 00:55", tz="UTC")  # the bars before midnight count
    assert t.loc["Binance perp, 15 min", "first_below_87k"] == pd.Timestamp("2025-12-01 00:45", tz="UTC")
    assert (t["low"] < 84_000).all()  # every source traded below $84k on 1 December
    assert (t["low_bar"].dt.hour == 15).all()


@needs_data
def test_source_without_bars_that_day_gives_an_empty_row():
    t = E.compare_sources(pd.Timestamp("2026-01-26", tz="UTC"), E.source_bars())  # the index ends 2026-01-17
    row = t.loc["CryptoCompare index, 1 h"]
    assert pd.isna(row["low"]) and pd.isna(row["first_below_87k"]) and row["bars_below_84k"] == 0
    assert t.loc["Binance perp, 5 min", "low"] > 0


# --------------------------------------------------------------------------- the day scan, by hand
D0 = pd.Timestamp("2025-12-01", tz="UTC")


def flat_day(day, price, freq="15min", **at):
    """One UTC day of flat bars at ``price``; ``at={"HH:MM": (low, close)}`` changes single bars
    (the bar's open is the previous close, its high the larger of open and close)."""
    idx = pd.date_range(day, periods=int(pd.Timedelta("1D") / pd.Timedelta(freq)), freq=freq)
    df = pd.DataFrame({"open": price, "high": price, "low": price, "close": price}, index=idx, dtype=float)
    for hhmm, (low, close) in at.items():
        t = pd.Timestamp(f"{pd.Timestamp(day):%Y-%m-%d} {hhmm}", tz="UTC")
        df.loc[t, ["low", "close"]] = [low, close]
    df["open"] = df["close"].shift(1).fillna(df["open"].iloc[0])
    df["high"] = df[["open", "close"]].max(axis=1)
    df["low"] = df[["open", "close", "low"]].min(axis=1)
    return df


def hand_bars():
    """Four 15-minute days: a calm day inside $87k-$90k; a day breaking $87k at 02:00 UTC (Asia),
    dropping below $84k for two bars; a day that stays above $90k; a day with a gap of four bars."""
    calm = flat_day(D0 - pd.Timedelta("1D"), 88_000.0)
    crash = flat_day(
        D0,
        88_000.0,
        **{
            "02:00": (86_500.0, 86_800.0),
            "02:15": (85_000.0, 85_500.0),
            "02:30": (85_000.0, 85_200.0),
            "02:45": (84_800.0, 85_000.0),
            "03:00": (83_500.0, 83_900.0),
            "03:15": (83_800.0, 84_500.0),
            "03:30": (84_500.0, 85_500.0),
        },
    )
    high = flat_day(D0 + pd.Timedelta("1D"), 91_000.0)
    gap = flat_day(D0 + pd.Timedelta("2D"), 91_000.0, **{"10:00": (86_000.0, 86_500.0)})
    gap = gap.drop(gap.index[4:8])  # 01:00-01:45 missing
    return pd.concat([calm, crash, high, gap])


def test_price_days_by_hand():
    p = E.price_days(hand_bars())
    assert list(p.index) == list(pd.date_range(D0 - pd.Timedelta("1D"), periods=4, freq="1D"))
    c = p.loc[D0]
    assert c["first_break_87k"] == pd.Timestamp("2025-12-01 02:00", tz="UTC") and c["breaks_87k"] == 1
    assert c["first_below_84k"] == pd.Timestamp("2025-12-01 03:00", tz="UTC") and c["breaks_84k"] == 1
    assert c["minutes_below_84k"] == 30.0  # two 15-minute bars
    assert c["low"] == 83_500.0 and c["low_time"] == pd.Timestamp("2025-12-01 03:00", tz="UTC")
    # within one hour of the 03:00 low (bars opening 02:15-03:00) the high is the 02:15 bar's open, 86,800;
    # the 02:00 bar (high 88,000) opened a full hour before, outside the window; the 03:45 bar rises
    # from 85,500 to 88,000 (a bar's own high counts: 2.8 %, less)
    assert c["max_1h_drop"] == pytest.approx(1 - 83_500 / 86_800)
    assert c["max_1h_drop_at"] == pd.Timestamp("2025-12-01 03:00", tz="UTC")
    assert c["prior_share_in_range"] == 1.0 and c["prior_high"] == 88_000.0
    assert c["resolution"] == "15min" and c["missing_minutes"] == 0.0
    h = p.loc[D0 + pd.Timedelta("1D")]
    assert pd.isna(h["first_break_87k"]) and h["breaks_87k"] == 0 and h["minutes_below_84k"] == 0.0
    assert h["prior_share_in_range"] == pytest.approx(1 - 7 / 96)  # seven of the crash day's 96 closes outside $87k-$90k (02:00-03:30)


def test_gap_is_reported_not_dropped():
    p = E.price_days(hand_bars())
    g = p.loc[D0 + pd.Timedelta("2D")]
    assert g["missing_minutes"] == 60.0 and g["covered_minutes"] == 1380.0
    assert g["breaks_87k"] == 1  # the break after the gap is still seen
    # a day with no bars at all between two covered days keeps its row, with no data
    bars = hand_bars()
    bars = bars[bars.index.floor("1D") != D0 + pd.Timedelta("1D")]
    q = E.price_days(bars)
    empty = q.loc[D0 + pd.Timedelta("1D")]
    assert empty["resolution"] == "none" and empty["missing_minutes"] == 1440.0 and empty["breaks_87k"] == 0


def test_finest_bars_prefers_five_minutes_only_for_whole_days():
    coarse = hand_bars().iloc[: 96 * 3]  # three whole 15-minute days
    fine = flat_day(D0, 88_000.0, freq="5min", **{"00:55": (86_900.0, 86_950.0)})
    part = flat_day(D0 + pd.Timedelta("1D"), 91_000.0, freq="5min").iloc[:100]  # 500 minutes only
    out = E.finest_bars(pd.concat([fine, part]), coarse)
    res = out.groupby(out.index.floor("1D"))["resolution"].agg(set)
    assert res.loc[D0 - pd.Timedelta("1D")] == {"15min"} and res.loc[D0] == {"5min"} and res.loc[D0 + pd.Timedelta("1D")] == {"15min"}
    p = E.price_days(out)
    assert p.loc[D0, "resolution"] == "5min" and p.loc[D0, "first_break_87k"] == pd.Timestamp("2025-12-01 00:55", tz="UTC")
    assert p.loc[D0 + pd.Timedelta("1D"), "resolution"] == "15min"
    with pytest.raises(ValueError, match="shorter"):
        E.finest_bars(coarse, pd.concat([fine, part]))


def test_high_within_day_stays_in_the_day_and_the_hour():
    t = pd.date_range("2025-12-01 23:00", periods=6, freq="15min", tz="UTC")
    high = np.array([10.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    got = E.high_within_day(t.asi8, t.floor("1D").asi8, high, pd.Timedelta("1h").value, 4)
    # 23:00 high reaches 23:15, 23:30, 23:45 (within 1 h, same day), not 00:00 (next day)
    assert list(got) == [10.0, 10.0, 10.0, 10.0, 1.0, 1.0]


def test_daily_closes_and_returns_never_mix_sources():
    a = flat_day(D0, 100.0, freq="1h")
    b = flat_day(D0 + pd.Timedelta("1D"), 90.0, freq="1h")
    short = flat_day(D0 + pd.Timedelta("2D"), 80.0, freq="1h").iloc[:20]  # cut short: no close
    one = pd.concat([a, b, short])
    closes = E.daily_closes(one)
    assert list(closes) == [100.0, 90.0]
    other = pd.concat([flat_day(D0 + pd.Timedelta("1D"), 50.0, freq="1h"), flat_day(D0 + pd.Timedelta("2D"), 55.0, freq="1h")])
    r = E.day_returns({"ETH": [one, other], "SOL": [other]})
    assert r.loc[D0 + pd.Timedelta("1D"), "ETH"] == pytest.approx(-0.1)  # first source
    assert r.loc[D0 + pd.Timedelta("2D"), "ETH"] == pytest.approx(0.1)  # second source, both closes from it
    c = E.coin_days(r)
    assert c.loc[D0 + pd.Timedelta("2D"), "alts_down_share"] == 0.0 and c.loc[D0 + pd.Timedelta("2D"), "n_alts"] == 1


def test_daily_closes_refuse_bars_out_of_order_or_without_a_close():
    one = pd.concat([flat_day(D0, 100.0, freq="1h"), flat_day(D0 + pd.Timedelta("1D"), 90.0, freq="1h")])
    with pytest.raises(ValueError, match="time order"):
        E.daily_closes(one.iloc[::-1])
    gap = one.copy()
    gap.iloc[-1, gap.columns.get_loc("close")] = np.nan
    with pytest.raises(ValueError, match="close in every bar"):
        E.daily_closes(gap)


def hand_liq(days=2, hours_last=24):
    idx = pd.date_range(D0, periods=24 * (days - 1) + hours_last, freq="1h")
    long = np.full(len(idx), 9.0e6)
    short = np.full(len(idx), 1.0e6)
    long[3] = 99.0e6  # worst hour 03:00 of the first day: 100M
    return pd.DataFrame({"long_usd": long, "short_usd": short, "total_usd": long + short}, index=idx)


def test_liquidation_days_by_hand():
    out = E.liquidation_days(hand_liq(2, 20), (2.0, 5.0))
    d = out.loc[D0]
    assert d["liq_hours"] == 24 and d["liquidations_usd"] == pytest.approx(23 * 10e6 + 100e6)
    assert d["liq_worst_hour_at"] == D0 + pd.Timedelta("3h") and d["liq_worst_hour_usd"] == 100e6
    assert d["liq_long_share"] == pytest.approx((23 * 9e6 + 99e6) / (23 * 10e6 + 100e6))
    assert (d["liq_24h_low"], d["liq_24h_high"]) == (pytest.approx(2 * 330e6), pytest.approx(5 * 330e6))
    assert out.loc[D0 + pd.Timedelta("1D"), "liq_hours"] == 20  # kept, and counted as no data by the scan
    with pytest.raises(ValueError, match="coverage ratio"):
        E.liquidation_days(hand_liq(), (5.0, 2.0))


def hand_scores():
    prices = E.price_days(hand_bars())
    days = prices.index
    coins = pd.DataFrame({"eth_return": [0.01, -0.05, 0.0, np.nan], "alts_down_share": [1.0, 0.8, 0.79, np.nan], "n_alts": [8, 8, 8, 0]}, index=days)
    liq = E.liquidation_days(hand_liq(2, 20), (2.0, 6.0))
    return E.score_table(prices, coins, liq)


def test_score_table_by_hand():
    s = hand_scores()
    c = s.loc[D0]
    # the crash day fits every scored element: alts at 80 % exactly, worst hour 100M x 6 = 600M exactly,
    # 24 h 330M x (2, 6) = 660M-1,980M holds 820M, longs (23 x 9M + 99M) / 330M = 92.7 %
    assert all(c[el] for el in E.SCORED), {el: c[el] for el in E.SCORED}
    assert c["score"] == len(E.SCORED) == c["n_checked"] and not c["mid_december"]
    assert c["break_session"] == "Asia"
    after = s.loc[D0 + pd.Timedelta("1D")]
    assert not after["broke_87k"] and not after["break_in_asia"] and not after["eth_fell"] and not after["alts_fell"]  # 0 % is not a fall; 79 % < 80 %
    assert not after["liq_24h"] and not after["liq_longs"]  # 20 hours of data: no data, not a fit
    chk = E.element_checked(s)
    assert not chk.at[D0 + pd.Timedelta("1D"), "liq_24h"] and chk.at[D0, "liq_24h"]
    assert not chk.at[D0 + pd.Timedelta("2D"), "alts_fell"] and not chk.at[D0 - pd.Timedelta("1D"), "calm_before"]
    assert s.loc[D0 + pd.Timedelta("2D"), "n_checked"] == len(E.SCORED) - 5  # no prior? it has one; no coins (2), no liquidations (3)


def test_score_table_refuses_a_measure_named_like_an_element():
    prices = E.price_days(hand_bars())
    coins = pd.DataFrame({"eth_return": -0.01, "alts_down_share": 1.0, "n_alts": 2, "liq_24h": 1.0}, index=prices.index)
    with pytest.raises(ValueError, match="overwritten"):
        E.score_table(prices, coins, E.liquidation_days(hand_liq(), (2.0, 6.0)))


def test_element_tables_and_one_event_by_hand():
    s = hand_scores()
    summ = E.element_summary(s)
    assert summ.at["broke_87k", "days_fitting"] == 2 and summ.at["broke_87k", "best_day"] == D0
    assert summ.at["mid_december", "days_fitting"] == 0 and pd.isna(summ.at["mid_december", "best_day"])
    t = E.element_table(s, [D0, D0 + pd.Timedelta("1D")])
    assert len(t) == 2 * len(E.CRITERIA)
    row = t[(t["day"] == D0 + pd.Timedelta("1D")) & (t["element"] == "liq_24h")].iloc[0]
    assert row["status"] == E.NO_DATA and row["measure"] == "no data"
    assert t[(t["day"] == D0) & (t["element"] == "break_in_asia")].iloc[0]["measure"] == "first break 02:00 UTC (Asia)"
    wide = E.element_wide(t)
    assert wide.shape == (len(E.CRITERIA), 2) and wide.loc["break in Asian session", "2025-12-01"].startswith("✔")
    m = E.one_event_measures(s)
    assert (m.best_day, m.best_day_fits, m.days_fitting_all, m.days_fitting_core, m.core_day) == ("2025-12-01", 12, 0, 1, "2025-12-01")
    assert [e.element for e in m.missed] == [E.CRITERIA["mid_december"]] and m.missed[0].best_day is None
    assert E.best_candidates(s, k=1) == [D0]


def test_element_chart_data_and_spec():
    from flashcrash.figures import which_day as C

    t = E.element_table(hand_scores(), [D0, D0 + pd.Timedelta("1D")])
    data = C.element_grid_data(t)
    assert set(data["column"]) == {"2025-12-01 (12)", "2025-12-02 (2)"}  # 2 December: in December, calm before
    spec = C.element_grid_chart(t, "which-day-elements").to_dict()
    assert spec["name"] == "which-day-elements" and spec["title"]["text"] and spec["description"]
    with pytest.raises(ValueError, match="lacks"):
        C.element_grid_data(t.drop(columns=["measure"]))


# --------------------------------------------------------------------------- the day scan on the real data
@pytest.mark.data
@needs_data
def test_scan_covers_every_day_at_its_finest_resolution():
    s = E.score_days()
    assert s.index[0] == pd.Timestamp("2024-01-01", tz="UTC") and s.index[-1] == pd.Timestamp("2026-04-30", tz="UTC")
    assert len(s) == (s.index[-1] - s.index[0]).days + 1 and s.index.is_unique
    five = s.index[s["resolution"] == "5min"]
    assert (five[0], five[-1], len(five)) == (pd.Timestamp("2025-11-30", tz="UTC"), pd.Timestamp("2026-01-28", tz="UTC"), 60)
    assert set(s["resolution"]) == {"5min", "15min"}
    assert list(s.index[s["missing_minutes"] > 0]) == [pd.Timestamp("2026-04-30", tz="UTC")]  # the data end at 10:15 UTC
    assert (s["score"] <= s["n_checked"]).all() and (s["n_checked"] <= len(E.SCORED)).all()


@pytest.mark.data
@needs_data
@pytest.mark.timeout(120)
def test_full_scan_takes_seconds():
    import time

    E.score_days()  # data loaded once
    E.score_days.cache_clear()
    E.btc_bars.cache_clear()
    t0 = time.perf_counter()
    E.score_days()
    assert time.perf_counter() - t0 < 10.0


@pytest.mark.data
@needs_data
def test_which_element_fits_which_day():
    s = E.score_days()
    summ = E.element_summary(s)
    day = pd.Timestamp("2025-12-01", tz="UTC")
    assert E.event_day() == day and s.loc[day, "score"] == 10
    best = summ["best_day"].dt.strftime("%Y-%m-%d").to_dict()
    assert best["break_in_asia"] == best["brief_below_84k"] == best["liq_24h"] == best["liq_worst_hour"] == "2025-12-01"
    assert (best["mid_december"], best["calm_before"], best["liq_longs"]) == ("2025-12-15", "2026-01-29", "2026-01-29")
    assert not summ.loc[["mid_december", "calm_before", "liq_longs"], "event_day_fits"].any()
    m = E.one_event_measures(s)
    assert (m.days_fitting_all, m.days_fitting_core, m.core_day, m.best_day_fits) == (0, 1, "2025-12-01", 10)
    lo, hi = s.attrs["coverage_ratio"]  # the liquidation chapter's coverage ratios of the reports
    assert lo == pytest.approx(3.0037, abs=1e-4) and hi == pytest.approx(15.8365, abs=1e-4)


@pytest.mark.data
@needs_data
def test_candidate_days_stay_in_the_five_minute_window():
    c = E.candidate_days()
    s = E.score_days()
    assert c[0] == E.event_day() and len(c) == 15 and pd.Timestamp("2025-12-15", tz="UTC") in c
    assert (s.loc[c, "resolution"] == "5min").all()
    assert set(c) < set(E.candidate_days(resolution=None))


@pytest.mark.data
@needs_data
def test_five_minute_scan_equals_the_scan_on_five_minute_days():
    five = E.five_minute_scan()
    rows = five[five["resolution"] == "5min"]
    s = E.score_days()
    assert len(rows) == (s["resolution"] == "5min").sum() == 60
    pd.testing.assert_frame_equal(rows, s.loc[rows.index, rows.columns], check_exact=True, check_freq=False)
    b = E.break_days(E.event_day(), five)
    assert b[0] == E.event_day() and sorted(b) == sorted(E.candidate_days()) and b[1:] == sorted(b[1:])


def test_break_days_puts_the_day_first_then_the_five_minute_breaks_by_date():
    days = pd.date_range("2025-12-01", periods=5, freq="1D", tz="UTC")
    scan = pd.DataFrame({"breaks_87k": [1, 0, 2, 1, 1], "resolution": ["5min", "5min", "5min", "15min", "5min"]}, index=days)
    assert E.break_days(days[2], scan) == [days[2], days[0], days[4]]
    assert E.break_days(days[1], scan) == [days[1], days[0], days[2], days[4]]


@pytest.mark.data
@needs_data
def test_prior_calm_on_the_event_day():
    c = E.prior_calm(E.event_day(), E.btc_15m())
    assert c.n_days == 29  # the same 24 h measure on each earlier day of the 30-day lookback
    assert c.vol_24h == pytest.approx(0.26116, abs=1e-5) and c.percentile == pytest.approx(3 / 29)
    assert E.measures().event.calm == c


@pytest.mark.data
@needs_data
def test_chapter_verdicts_and_rules():
    a = E.assess()
    assert {k: v.verdict for k, v in a.items()} == {
        "c01-mid-december": "contradicted",
        "c02-asian-session": "reproduced",
        "c03-break-87k": "reproduced",
        "c04-below-84k": "reproduced",
        "c05-without-warning": "partly",
        "c42-one-event": "partly",
    }
    for v in a.values():
        assert v.ruling.because() in v.evidence


# --------------------------------------------------------------------------- the chapter's measures
def test_measure_helpers_by_hand():
    from flashcrash.event import chapter as C

    s = hand_scores()
    s.attrs["coverage_ratio"] = (2.0, 6.0)
    scan = C.scan_coverage(s)
    assert (scan.n_days, scan.n_5m, scan.n_15m, scan.n_elements, scan.n_scored) == (4, 0, 4, len(E.CRITERIA), len(E.SCORED))
    assert scan.incomplete_days == (D0 + pd.Timedelta("2D"),) and scan.incomplete_minutes == 60.0
    r = C.ranking(s, D0)
    assert (r.best_score, r.second_score, r.n_break_in_asia, r.core_days) == (12, s["score"].sort_values(ascending=False, kind="stable").iloc[1], 1, (D0,))
    mid = C.mid_december_measures(s)
    assert (mid.n_days, mid.n_broke_87k, mid.years) == (0, 0, ())
    e = C.event_day_measures(s, D0, flat_day(D0 - pd.Timedelta("40D"), 88_000.0).reindex(pd.date_range(D0 - pd.Timedelta("40D"), D0, freq="15min")).ffill())
    assert (e.first_break_87k, e.first_below_84k, e.session_87k) == (D0 + pd.Timedelta("2h"), D0 + pd.Timedelta("3h"), "Asia")
    assert e.hours_87k_to_84k == 1.0 and e.bar_minutes == 15.0 and e.minutes_below_84k == 30.0 and e.calm.vol_24h == 0.0
    cov = C.data_coverage(s, D0, pd.DataFrame({"ratio": [2.0, np.nan, 6.0]}))
    assert (cov.n_liquidation_days, cov.liquidation_first, cov.ratio_low, cov.ratio_high, cov.n_reports) == (1, D0, 2.0, 6.0, 2)
    overview = E.element_overview(s)
    assert list(overview.columns) == ["test", "scored", "days with data", "days that fit"]
    assert overview.loc["break of $87k", "days that fit"] == 2 and overview.loc["mid-December", "scored"] == "no (the claim under test)"


@pytest.mark.data
@needs_data
def test_chapter_measures_on_real_data():
    m = E.measures()
    day = pd.Timestamp("2025-12-01", tz="UTC")
    assert m.day == day and m.scores.equals(E.score_days())
    assert (m.scan.n_days, m.scan.n_5m, m.scan.n_15m, m.scan.incomplete_minutes) == (851, 60, 791, 810.0)
    assert (m.coverage.n_alts_day, m.coverage.n_alts_first_year, m.coverage.n_liquidation_days, m.coverage.n_reports) == (8, 2, 158, 21)
    assert (m.resolution.n_days, m.resolution.n_low_same, m.resolution.breaks_lost) == (60, 60, 8)
    assert (m.resolution.first_break_15min, m.resolution.minutes_below_84k_15min) == (day + pd.Timedelta("45min"), 30.0)
    r = m.ranking
    assert (r.best_score, r.second_day, r.second_score, r.same_as_5min, r.n_break_in_asia, r.n_brief_below_84k, r.core_days) == (
        10,
        pd.Timestamp("2026-01-29", tz="UTC"),
        9,
        True,
        22,
        4,
        (day,),
    )
    e = m.event
    assert (e.first_break_87k, e.first_below_84k, e.hours_87k_to_84k, e.low, e.low_time) == (
        day + pd.Timedelta("55min"),
        day + pd.Timedelta("15h40min"),
        14.75,
        83_786.0,
        day + pd.Timedelta("15h45min"),
    )
    assert (e.prior_low, e.prior_high) == (90_300.0, 91_934.4)
    assert m.sources.low_hours == ("15:00",) and m.sources.index_low == 83_828.42 and m.sources.low_spread == pytest.approx(42.42)
    assert (m.mid.n_broke_87k, m.mid.n_break_in_asia, m.mid.years, m.mid.lowest) == (5, 2, (2024, 2025), 84_408.6)
    assert m.missed == ("mid_december", "calm_before", "liq_longs") and m.other_days == (pd.Timestamp("2026-01-29", tz="UTC"),)
    assert len(m.candidates) >= E.TOP_DAYS and set(m.elements["day"]) == set(m.candidates)
    assert list(E.missed_table(m).index) == ["mid-December", "range $87k-$90k before", "longs > 90 %"]
    assert E.assess(m).keys() == E.assess().keys()
