"""Level tests: hand-built paths with known touches and bounces, a random-walk Monte Carlo for the
null, sessions across daylight-saving changes, small frames for the helpers, then the real data."""

import itertools
import time

import numpy as np
import pandas as pd
import pytest

from flashcrash import levels as L
from flashcrash.errors import GapError, NaiveTimestampError
from flashcrash.sessions import label_sessions
from tests.conftest import needs_data


def path_bars(closes, start="2025-12-01 00:00", freq="5min", wick=0.0, tz="UTC"):
    """OHLC bars whose opens are the previous closes; high/low are the bar's extremes +- ``wick``."""
    c = np.asarray(closes, dtype=float)
    o = np.concatenate([[c[0]], c[:-1]])
    idx = pd.date_range(start, periods=len(c), freq=freq, tz=tz)
    return pd.DataFrame({"open": o, "high": np.maximum(o, c) + wick, "low": np.minimum(o, c) - wick, "close": c, "volume": 1.0}, index=idx)


def legs(*points, n=10):
    """A piecewise-linear path through ``points`` with ``n`` bars per leg."""
    out = [points[0]]
    for a, b in itertools.pairwise(points):
        out.extend(np.linspace(a, b, n + 1)[1:])
    return out


# --------------------------------------------------------------------------- touches and bounces
def test_three_bounces_then_a_break():
    # level 100, band +-0.5 (0.5 %), bounce mark 101.5 (1.5 %): down to 100.2, 100.1, 100.3 and up
    # to 103 each time, then down through to 95
    b = path_bars(legs(110, 100.2, 103, 100.1, 103, 100.3, 103, 95))
    ep = L.level_episodes(b, 100.0)
    assert list(ep["outcome"]) == ["bounce", "bounce", "bounce", "break"]
    st = L.touch_stats(b, 100.0)
    assert (st.touches, st.bounces, st.breaks, st.open) == (4, 3, 1, 0)
    assert st.rate == pytest.approx(0.75)
    # the touches are the first bars whose low comes within 0.5 of the level: bar 10 (low 100.2),
    # bar 29 (103 - 2.9 * 9/10 = 100.39), bar 50 (100.3; bar 49 is at 100.57)
    assert ep["touch"].iloc[0] == b.index[10]
    assert ep["touch"].iloc[1] == b.index[29]
    assert ep["touch"].iloc[2] == b.index[50]
    # resolved: each bounce when a high first gets back to 101.5 (legs up of about 0.28 per bar from 100.2,
    # 100.1 and 100.3: bars 15, 35 and 55, e.g. bar 15 closes at 100.2 + 5 * 0.28 = 101.6), the break at
    # the first close below 99.5 (last leg, 0.8 per bar down from 103 at bar 60: bar 65 closes at 99.0)
    assert list(ep["resolved"]) == [b.index[i] for i in (15, 35, 55, 65)]


def test_touch_needs_the_price_to_have_been_clear_of_the_level():
    # never reaches 101.5 first: hovering at 100.3 is not a touch of a support it never stood on
    b = path_bars(legs(100.8, 100.3, 100.9, 100.2, 100.8))
    assert L.touch_stats(b, 100.0).touches == 0


def test_unresolved_touch_is_open_and_horizon_counts():
    b = path_bars(legs(103, 100.2, 100.4, n=30))  # touches, then drifts in the band to the end
    st = L.touch_stats(b, 100.0)
    assert (st.touches, st.open) == (1, 1)
    assert L.level_episodes(b, 100.0)["resolved"].isna().all()  # an open touch has no resolution bar
    assert np.isnan(st.rate)
    # the same bounce counted with a long horizon is left open with a horizon shorter than the bounce
    b2 = path_bars(legs(103, 100.2, 103, n=20))
    assert L.touch_stats(b2, 100.0, horizon="1D").bounces == 1
    assert L.touch_stats(b2, 100.0, horizon="30min").open == 1


def test_resistance_is_the_mirror_image():
    b = path_bars(legs(90, 99.8, 97, 99.9, 97, 104))  # rejected twice below 100, then breaks up
    ep = L.level_episodes(b, 100.0, side="resistance")
    assert list(ep["outcome"]) == ["rejection", "rejection", "break"]
    st = L.touch_stats(b, 100.0, side="resistance")
    assert (st.bounces, st.breaks) == (2, 1)


def test_bad_arguments_are_refused():
    b = path_bars(legs(110, 100, 110))
    with pytest.raises(ValueError, match="side"):
        L.level_episodes(b, 100.0, side="floor")
    with pytest.raises(ValueError, match="tol < move"):
        L.level_episodes(b, 100.0, tol=0.02, move=0.01)
    with pytest.raises(NaiveTimestampError):
        L.level_episodes(path_bars(legs(110, 100, 110), tz=None), 100.0)
    with pytest.raises(ValueError, match="k must"):
        L.swing_pivots(b, 0)


# --------------------------------------------------------------------------- the null
def test_random_walk_shows_no_special_level_on_average():
    """Monte Carlo: on Gaussian random walks no level should look special. The random-level p-value
    at a random level should be roughly uniform: mean near 0.5, few below 0.05."""
    rng = np.random.default_rng(7)
    ps = []
    for _ in range(30):
        closes = 100 * np.exp(np.cumsum(rng.normal(0, 0.002, 1500)))
        b = path_bars(closes, wick=0.02)
        level = float(rng.uniform(np.quantile(closes, 0.2), np.quantile(closes, 0.8)))
        r = L.random_level_null(b, level, n=150, seed=int(rng.integers(1_000_000)))
        if not np.isnan(r.p_value):
            ps.append(r.p_value)
    ps = np.array(ps)
    assert len(ps) >= 15
    assert 0.35 <= ps.mean() <= 0.7
    assert (ps <= 0.05).mean() <= 0.15


def test_strong_level_is_significant_against_the_null():
    # five clean bounces at 100 after swings between 110 and 140: the level must beat random levels
    # (only levels within the band of 100, a few % of the traded range, share its bounces)
    rng = np.random.default_rng(3)
    pts = [140, 125, 135, 115, 120, 110]
    for _ in range(5):
        pts += [100.2, 106 + rng.uniform(0, 3)]
    closes = legs(*pts, 95, n=12)
    closes = np.asarray(closes) + rng.normal(0, 0.05, len(closes))
    b = path_bars(closes, wick=0.03)
    r = L.random_level_null(b, 100.0, n=400)
    assert r.observed.bounces == 5
    assert r.p_value <= 0.05


def test_bootstrap_paths_keep_the_bar_distribution_and_are_reproducible():
    rng = np.random.default_rng(1)
    b = path_bars(100 * np.exp(np.cumsum(rng.normal(0, 0.003, 600))), wick=0.05)
    H, Lo, C = L.bootstrap_paths(b, n=50, block=12, seed=11)
    H2, _, _ = L.bootstrap_paths(b, n=50, block=12, seed=11)
    assert H.shape == (50, 600) and np.array_equal(H, H2)
    assert (H >= C).all() and (Lo <= C).all()
    r = np.diff(np.log(C), axis=1).std()
    assert r == pytest.approx(np.diff(np.log(b["close"])).std(), rel=0.15)
    res = L.bootstrap_null(b, float(b["close"].median()), n=40)
    assert len(res.null_rates) == 40 and 0 < res.p_value <= 1


# --------------------------------------------------------------------------- pivots, profile, round numbers
def test_swing_pivots_by_hand():
    lows = [5, 4, 3, 4, 5, 6, 5, 4, 2, 4, 5]
    b = pd.DataFrame(
        {"open": lows, "high": [x + 1 for x in lows], "low": lows, "close": lows}, index=pd.date_range("2025-12-01", periods=11, freq="1h", tz="UTC")
    )
    piv = L.swing_pivots(b, k=2)
    assert list(piv[piv["kind"] == "low"]["price"]) == [3, 2]
    assert list(piv[piv["kind"] == "high"].index) == [b.index[5]]  # high 7 at bar 5


def test_volume_profile_spreads_volume_over_each_bar_range():
    idx = pd.date_range("2025-12-01", periods=2, freq="1h", tz="UTC")
    b = pd.DataFrame({"open": [100, 150], "high": [200, 150], "low": [100, 150], "close": [150, 150], "volume": [10.0, 4.0]}, index=idx)
    p = L.volume_profile(b, bin_usd=50)
    # bar 1: 10 BTC over 100-200 -> 5 per 50-USD bin; bar 2: a zero-range bar at 150, all in the 150-200 bin
    assert list(p["lo"]) == [100, 150, 200]
    assert list(p["volume"]) == [5.0, 9.0, 0.0]
    assert p["share"].sum() == pytest.approx(1.0)
    assert L.profile_percentile(p, 160) == 1.0
    nodes = L.high_volume_nodes(p, smooth=1, quantile=0.5)
    assert list(nodes["mid"]) == [175.0]


def test_round_number_clustering_by_hand():
    prices = np.array([87_000, 86_950, 84_020, 85_500, 86_300, 88_700, 89_400, 90_250])
    r = L.round_number_clustering(prices, 1000, 100)
    assert (r["n"], r["near"]) == (8, 3)
    assert r["expected"] == pytest.approx(0.2)
    # P[Binomial(8, 0.2) >= 3] = 1 - (0.8^8 + 8*0.2*0.8^7 + 28*0.04*0.8^6)
    assert r["p_value"] == pytest.approx(1 - (0.8**8 + 8 * 0.2 * 0.8**7 + 28 * 0.04 * 0.8**6))
    with pytest.raises(ValueError, match="need step"):
        L.round_number_clustering(prices, 1000, 600)  # wider than half a step
    with pytest.raises(ValueError, match="need step"):
        L.round_number_clustering(prices, 1000, 0)
    assert L.round_number_clustering(prices, 1000, 499)["expected"] == pytest.approx(0.998)  # just under half a step
    with pytest.raises(ValueError, match="need step"):
        L.round_number_clustering(prices, -1000, 100)


def test_two_proportion_p():
    assert L.two_proportion_p(50, 100, 50, 100) == pytest.approx(0.5)
    assert L.two_proportion_p(80, 100, 50, 100) < 0.001
    assert np.isnan(L.two_proportion_p(1, 0, 1, 2))


# --------------------------------------------------------------------------- range, crossings, sessions
def test_range_before_on_a_tiny_frame():
    idx = pd.date_range("2025-11-28", periods=72, freq="1h", tz="UTC")  # 28-30 November
    close = np.where(idx < pd.Timestamp("2025-11-30", tz="UTC"), 95_000.0, 89_000.0)
    b = pd.DataFrame({"open": close, "high": close + 100, "low": close - 100, "close": close}, index=idx)
    r = L.range_before(b, [pd.Timestamp("2025-12-01", tz="UTC")], windows=("24h",), history="3D")
    row = r.iloc[0]
    assert (row["high"], row["low"]) == (89_100.0, 88_900.0)
    assert row["share_87_90"] == 1.0
    assert row["width_frac"] == pytest.approx(200 / 89_000) and row["width"] == pytest.approx(200.0)
    # the bands ending at the two earlier midnights (29 and 30 November) were 94,900-95,100: narrower
    # relative to their mid-price (200 / 95,000), so both count as narrower
    assert row["percentile"] == 1.0 and row["n_history"] == 2
    with pytest.raises(GapError):
        L.range_before(b, [pd.Timestamp("2026-01-01", tz="UTC")], windows=("24h",))


def test_first_passages_on_a_tiny_frame():
    b = path_bars([90, 88, 86, 85, 86, 87.5, 88])
    t0 = b.index[0]
    assert L.first_close_below(b, 87, t0) == b.index[2]
    assert L.first_close_at_or_above(b, 87, b.index[2]) == b.index[5]
    assert L.first_close_at_or_above(b, 100, t0) is pd.NaT
    assert L.share_above(b, 87, t0, None) == pytest.approx(4 / 7)


@pytest.mark.parametrize(
    ("utc", "label"),
    [
        ("2026-03-02 14:00", "Europe"),  # New York 09:00 EST: before the US open
        ("2026-03-09 14:00", "Europe+US"),  # US summer time from 8 March: New York 10:00 EDT
        ("2026-03-27 16:15", "Europe+US"),  # London still GMT (16:15 < 16:30 close)
        ("2026-03-30 16:15", "US"),  # London on BST from 29 March: 17:15, closed
        ("2026-03-27 07:30", "Asia"),  # Tokyo 16:30; London 07:30 GMT, not open yet
        ("2026-03-30 07:30", "Asia+Europe"),  # Tokyo 16:30; London 08:30 BST
        ("2026-11-02 14:00", "Europe"),  # US back on standard time from 1 November
        ("2025-12-01 00:55", "Asia"),  # the first $87k break: Tokyo 09:55
        ("2025-12-01 15:40", "Europe+US"),  # the $84k break: London 15:40, New York 10:40
    ],
)
def test_session_labels_across_daylight_saving(utc, label):
    assert label_sessions(pd.DatetimeIndex([pd.Timestamp(utc, tz="UTC")])).iloc[0] == label


def test_break_table_on_a_tiny_frame():
    idx = pd.date_range("2025-12-01 00:00", periods=8, freq="5min", tz="UTC")
    close = [87_500, 87_200, 86_900, 87_100, 86_800, 86_500, 86_600, 87_300]
    b = pd.DataFrame({"open": [87_600] + close[:-1], "high": [c + 50 for c in close], "low": [c - 50 for c in close], "close": close, "volume": 1.0}, index=idx)
    t = L.break_table(b, [pd.Timestamp("2025-12-01", tz="UTC")], levels=(87_000.0,))
    # crossings: bar 2 (prev close 87,200) and bar 4 (prev close 87,100)
    assert list(t["time"]) == [idx[2], idx[4]]
    assert list(t["depth"]) == [150.0, 250.0]
    assert list(t["session"]) == ["Asia", "Asia"]
    # bar 2 recovers in bar 3 (close 87,100): 10 minutes from bar 2's open to bar 3's close
    assert t["minutes_to_recover"].iloc[0] == 10.0
    # bar 4 recovers in bar 7: bars 4, 5, 6 trade below, bar 7's low 87,250 does not
    assert t["minutes_to_recover"].iloc[1] == 20.0
    assert t["minutes_below"].iloc[1] == 15.0
    assert t["low_before_recovery"].iloc[1] == 86_450.0


# --------------------------------------------------------------------------- small model pieces by hand
def test_p_value_counts_ties_and_ignores_missing_draws():
    # valid draws 0.5, 0.2, 0.7; at least 0.5: two of three -> (1 + 2) / (1 + 3)
    assert L.p_value(0.5, np.array([0.5, 0.2, np.nan, 0.7])) == pytest.approx(0.75)
    # a draw a hair below the observed rate still ties (float noise), one clearly below does not
    assert L.p_value(0.5, np.array([0.5 - 5e-13, 0.5 - 1.5e-12])) == pytest.approx(2 / 3)
    assert L.p_value(0.5, np.array([np.nan, np.nan])) == 1.0  # no valid draw: (1 + 0) / (1 + 0)
    assert np.isnan(L.p_value(float("nan"), np.array([0.5])))


def test_touch_stats_rate_and_null_summary():
    assert L.TouchStats(4, 3, 1, 0).rate == pytest.approx(0.75)
    assert L.TouchStats(5, 1, 3, 1).rate == pytest.approx(0.25)  # the open touch does not count
    assert np.isnan(L.TouchStats(1, 0, 0, 1).rate)
    r = L.NullResult(L.TouchStats(2, 1, 1, 0), np.array([0.2, np.nan, 0.4]), np.array([3, 0, 2]), 0.5, "random levels")
    assert r.null_mean == pytest.approx(0.3) and r.n_valid == 2
    assert np.isnan(L.NullResult(L.TouchStats(0, 0, 0, 0), np.array([np.nan]), np.array([0]), float("nan"), "x").null_mean)


def test_episodes_on_raw_arrays_with_the_bars_where_things_happen():
    # level 100, tol 0.01 (band down to 99, touch at a low <= 101), move 0.05 (armed at a high >= 105)
    high = np.array([106.0, 104.0, 102.0, 106.0, 103.0, 100.5, 100.0, 99.5, 106.0])
    low = np.array([104.0, 102.0, 100.5, 101.5, 101.5, 99.5, 98.5, 98.0, 104.0])
    close = np.array([105.0, 103.0, 101.0, 105.0, 102.0, 99.5, 98.5, 99.0, 105.0])
    eps = L.episodes(high, low, close, 100.0, 0.01, 0.05, horizon=50)
    # armed at bar 0; touch bar 2 (low 100.5); bounce at bar 3 (high 106); touch bar 5 (low 99.5);
    # its own close 99.5 is not below 99; bar 6 closes at 98.5: a break; re-armed at bar 8, no later touch
    assert eps == [(2, "bounce", 3), (5, "break", 6)]
    # with a horizon of 0 bars the first touch is left open (its bounce comes 1 bar later)
    assert L.episodes(high, low, close, 100.0, 0.01, 0.05, horizon=0) == [(2, "open", -1)]
    # a close exactly at the band's lower edge is not a break; a bar reaching exactly the bounce mark is a bounce
    h2 = np.array([105.0, 101.0, 105.0])
    l2 = np.array([104.0, 99.0, 101.0])
    c2 = np.array([105.0, 99.0, 104.0])
    assert L.episodes(h2, l2, c2, 100.0, 0.01, 0.05, horizon=50) == [(1, "bounce", 2)]
    # never armed: nothing counts
    assert L.episodes(np.array([104.9, 101.0]), np.array([100.0, 99.0]), np.array([101.0, 99.0]), 100.0, 0.01, 0.05, 50) == []


def test_swing_pivots_with_the_default_six_bars_each_side():
    lows = [20, 19, 18, 17, 16, 15, 14, 13, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]
    b = pd.DataFrame(
        {"open": lows, "high": [x + 100 for x in lows], "low": lows, "close": lows}, index=pd.date_range("2025-12-01", periods=20, freq="1h", tz="UTC")
    )
    piv = L.swing_pivots(b)  # k = 6: bar 8 has six lower-free bars on each side; k = 9 would find none
    assert list(piv.index) == [b.index[8]] and list(piv["kind"]) == ["low"] and list(piv["price"]) == [12]
    assert L.swing_pivots(b.iloc[:14]).empty  # bar 8 lacks six bars after it
    assert L.swing_pivots(b.iloc[:12]).empty  # fewer than 2 k + 1 = 13 bars: no pivot at all
    assert list(L.swing_pivots(b.iloc[2:15]).index) == [b.index[8]]  # exactly 13 bars: one window, its centre


def test_volume_profile_default_bins_and_percentile_boundaries():
    idx = pd.date_range("2025-12-01", periods=1, freq="1h", tz="UTC")
    b = pd.DataFrame({"open": [1000.0], "high": [1500.0], "low": [1000.0], "close": [1500.0], "volume": [10.0]}, index=idx)
    p = L.volume_profile(b)  # $250 bins from 1,000 to 1,750 (the top bin holds the high)
    assert list(p["lo"]) == [1000, 1250, 1500] and list(p["hi"]) == [1250, 1500, 1750]
    assert list(p["volume"]) == [5.0, 5.0, 0.0] and list(p["mid"]) == [1125, 1375, 1625]
    q = pd.DataFrame({"lo": [100.0, 150.0, 200.0], "hi": [150.0, 200.0, 250.0], "volume": [5.0, 9.0, 0.0]})
    assert L.profile_percentile(q, 149.99) == pytest.approx(2 / 3)  # bin 100-150: volume 5, as busy as 2 of 3 bins
    assert L.profile_percentile(q, 150.0) == 1.0  # a bin holds its lower edge
    assert L.profile_percentile(q, 200.0) == pytest.approx(1 / 3)
    assert np.isnan(L.profile_percentile(q, 250.0)) and np.isnan(L.profile_percentile(q, 99.0))


def test_high_volume_nodes_with_the_default_smoothing():
    vol = [1.0, 1, 1, 10, 1, 1, 1, 1, 8, 1]
    lo = np.arange(10) * 10.0
    prof = pd.DataFrame({"lo": lo, "hi": lo + 10, "mid": lo + 5, "volume": vol, "share": np.array(vol) / sum(vol)})
    # smoothed over 3 bins: 1, 1, 4, 4, 4, 1, 1, 3.33, 3.33, 4.5; top fifth starts at 4; peaks: bin 4
    # (4 >= 4 left, 4 > 1 right) and bin 9 (4.5, the last bin)
    nodes = L.high_volume_nodes(prof)
    assert list(nodes["mid"]) == [45.0, 95.0]
    assert list(nodes["smoothed"]) == pytest.approx([4.0, 4.5])


def test_binomial_tail_by_hand():
    assert L.binomial_sf(0, 5, 0.3) == 1.0
    assert L.binomial_sf(5, 5, 0.3) == pytest.approx(0.3**5)
    assert L.binomial_sf(1, 3, 0.5) == pytest.approx(0.875)
    assert L.binomial_sf(2, 4, 0.25) == pytest.approx(1 - 0.75**4 - 4 * 0.25 * 0.75**3)


def test_two_proportion_p_by_hand():
    # pooled p = 0.55, se = sqrt(0.55 * 0.45 * (1/100 + 1/100)) = 0.070356, z = 0.1 / se = 1.42134
    assert L.two_proportion_p(60, 100, 50, 100) == pytest.approx(0.0776092, abs=1e-6)
    # unequal sizes: pooled 0.4, se = sqrt(0.24 * (1/4 + 1/6)) = 0.316228, z = (0.75 - 1/6) / se = 1.84466
    assert L.two_proportion_p(3, 4, 1, 6) == pytest.approx(0.0325434, abs=1e-6)
    assert L.two_proportion_p(1, 6, 3, 4) == pytest.approx(1 - 0.0325434, abs=1e-6)
    assert L.two_proportion_p(0, 5, 0, 5) == 1.0 and L.two_proportion_p(5, 5, 5, 5) == 1.0  # no spread: no evidence
    assert np.isnan(L.two_proportion_p(1, 2, 1, 0))


def test_round_number_clustering_defaults_are_thousands_and_100_usd():
    prices = np.array([87_000, 86_950, 84_020, 85_500, 86_300, 88_700, 89_400, 90_250])
    assert L.round_number_clustering(prices) == L.round_number_clustering(prices, 1000.0, 100.0)
    assert L.round_number_clustering(np.array([86_900.0, 87_100.0, 86_899.0]))["near"] == 2  # within $100, inclusive


def test_round_vs_offset_levels_pools_the_counts():
    # 103.5 -> 100.1 -> 103.5 -> 100.1 -> 103.5 -> 96.5 with round levels every 1 (band 0.2 %, bounce
    # mark 1 %): 100 bounces twice, then breaks; 101 and 102 (and 100.5, 101.5) are crossed three times
    # downward, breaking each time; 97-99 (and 97.5-99.5) break once on the final fall; 103 and 102.5
    # are never armed (the path never gets 1 % above them)
    b = path_bars(legs(103.5, 100.1, 103.5, 100.1, 103.5, 96.5), wick=0.0)
    rv = L.round_vs_offset_levels(b, step=1.0, tol=0.002, move=0.01).set_index("levels")
    assert list(rv.loc["round", ["n_levels", "touches", "bounces", "breaks"]]) == [7, 12, 2, 10]  # 97..103
    assert list(rv.loc["half-way", ["n_levels", "touches", "bounces", "breaks"]]) == [6, 9, 0, 9]  # 97.5..102.5
    assert rv.loc["round", "rate"] == pytest.approx(2 / 12) and rv.loc["half-way", "rate"] == 0.0


def test_share_in_range_and_share_above_windows():
    idx = pd.date_range("2025-12-10", periods=4, freq="1h", tz="UTC")
    b = pd.DataFrame({"close": [86_999.0, 87_000.0, 90_000.0, 90_001.0]}, index=idx)
    assert L.share_in_range(b, idx[0], idx[3]) == pytest.approx(2 / 3)  # [start, end): bar 3 left out; edges inclusive
    assert L.share_in_range(b, idx[1], idx[3]) == 1.0
    with pytest.raises(GapError):
        L.share_in_range(b, idx[3] + pd.Timedelta("1h"), idx[3] + pd.Timedelta("2h"))
    assert L.share_above(b, 87_000.0, idx[0], "2h") == pytest.approx(0.5)  # bars 0 and 1 only
    assert L.share_above(b, 87_000.0, idx[1], "3h") == 1.0


def test_day_bars_and_nearest_price():
    idx = pd.date_range("2025-11-30 23:55", periods=4, freq="12h", tz="UTC")  # 30 Nov 23:55, 1 Dec 11:55, 23:55, 2 Dec 11:55
    b = pd.DataFrame({"close": [1.0, 2.0, 3.0, 4.0]}, index=idx)
    assert list(L.day_bars(b, pd.Timestamp("2025-12-01", tz="UTC"))["close"]) == [2.0, 3.0]
    b2 = pd.DataFrame({"close": [1.0, 2.0]}, index=pd.DatetimeIndex(["2025-12-01 23:55", "2025-12-02 00:00"], tz="UTC"))
    assert list(L.day_bars(b2, pd.Timestamp("2025-12-01", tz="UTC"))["close"]) == [1.0]  # the next midnight is the next day
    assert L.nearest_price(np.array([84_000.0, 86_875.0, 90_000.0]), 87_000.0) == 86_875.0
    assert L.nearest_price(np.array([86_000.0, 88_000.0]), 87_000.0) == 86_000.0  # a tie: the first
    assert np.isnan(L.nearest_price(np.array([]), 87_000.0))


def test_range_side():
    assert L.range_side(90_300.0, 91_934.4) == ": the band sat above the stated range"
    assert L.range_side(85_000.0, 86_900.0) == ": the band sat below the stated range"
    assert L.range_side(86_000.0, 88_000.0) == ""
    assert L.range_side(90_000.0, 91_000.0) == ""  # touching the range's top is not above it
    assert L.range_side(86_000.0, 87_000.0) == ""


def test_break_at_the_first_bar_of_the_day_uses_the_previous_close():
    idx = pd.date_range("2025-11-30 23:50", periods=5, freq="5min", tz="UTC")
    close = [87_200, 87_100, 86_800, 86_900, 87_200]  # crosses in the 00:00 bar, after a 23:55 close above
    b = pd.DataFrame({"open": [87_300] + close[:-1], "high": [c + 50 for c in close], "low": [c - 50 for c in close], "close": close, "volume": 1.0}, index=idx)
    t = L.break_table(b, [pd.Timestamp("2025-12-01", tz="UTC")], levels=(87_000.0,))
    assert list(t["time"]) == [idx[2]]
    assert t["minutes_to_recover"].iloc[0] == 15.0 and t["minutes_below"].iloc[0] == 10.0
    assert t["recovered"].iloc[0] == idx[4] and t["low_before_recovery"].iloc[0] == 86_750.0
    # the day before sees none of it: a crossing at the next midnight belongs to the next day
    assert L.break_table(b, [pd.Timestamp("2025-11-30", tz="UTC")], levels=(87_000.0,)).empty


# --------------------------------------------------------------------------- verdict helpers
def test_counted_words():
    assert L.counted(1, "bounce") == "1 bounce"
    assert L.counted(2.0, "touch") == "2 touches"
    assert L.counted(0, "break") == "0 breaks"
    assert L.counted(3, "decided touch") == "3 decided touches"


def test_level_test_measures_from_a_hand_built_frame():
    lt = pd.DataFrame(
        {
            "test": ["a", "b", "b"],
            "bars": ["15min", "5min", "1h"],
            "touches": [3, 5, 4],
            "bounces": [1, 2, 3],
            "breaks": [2, 3, 1],
            "p_levels": [0.7, 0.05, float("nan")],
            "p_paths": [0.6, 0.08, 0.2],
        }
    )
    got = L.level_test_measures(lt, "b")
    assert [(t.bars, t.touches, t.bounces, t.breaks) for t in got] == [("5min", 5, 2, 3), ("1h", 4, 3, 1)]
    assert got[0].p_levels == 0.05 and got[0].p_paths == 0.08 and np.isnan(got[1].p_levels)
    with pytest.raises(KeyError, match="no level test"):
        L.level_test_measures(lt, "c")


def test_final_break_is_the_crossing_after_the_last_close_above():
    # closes around 100: below at bars 2, 5-6 and from bar 8 on; crossings at bars 2, 5 and 8
    b = path_bars([101, 101, 99, 100.5, 101, 99, 99.5, 100.2, 98, 97, 96])
    cr = pd.Series(b.index[[2, 5, 8]])
    assert L.final_break(b, cr, 100.0) == b.index[8]
    # a close exactly at the level counts as back above: a bar-7 close of 100 keeps bar 8 the final break
    b2 = path_bars([101, 101, 99, 100.5, 101, 99, 99.5, 100.0, 98, 97, 96])
    assert L.final_break(b2, cr, 100.0) == b.index[8]
    # back above after the last crossing (the day ends above): no final break, the first is returned
    b3 = path_bars([101, 99, 101, 99, 101])
    assert L.final_break(b3, pd.Series(b3.index[[1, 3]]), 100.0) == b3.index[1]
    # never back above after the first crossing: that one is final
    b4 = path_bars([101, 99, 98, 97])
    assert L.final_break(b4, pd.Series(b4.index[[1]]), 100.0) == b4.index[1]
    with pytest.raises(ValueError, match="no crossing"):
        L.final_break(b4, pd.Series([], dtype="datetime64[ns, UTC]"), 100.0)


def test_verdict_table_shows_the_rule_beside_the_verdict():
    from flashcrash.claims import Assessment
    from flashcrash.rules import support_levels as SL
    from flashcrash.rules.base import with_evidence

    r = SL.round_numbers(SL.RoundNumbers(0.5, 0.5))
    t = L.verdict_table({"c41-87k-psychological": Assessment(r, with_evidence("x.", r))})
    assert list(t.columns) == ["verdict", "rule"]
    assert t.loc["c41-87k-psychological", "verdict"] == "contradicted"
    assert t.loc["c41-87k-psychological", "rule"] == r.text


# --------------------------------------------------------------------------- the real data
# Published figures and verdicts of the chapter: a change here is a change of the report (record a
# changed verdict in data/changes.yaml).
PUBLISHED = {
    "c06-prior-range": "partly",
    "c07-87k-support": "partly",
    "c08-87k-resistance-after": "contradicted",
    "c09-84k-support-after": "partly",
    "c40-87k-smashed": "partly",
    "c41-87k-psychological": "contradicted",
    "c47-large-sell-orders": "reproduced",
    "c50-weak-liquidity": "contradicted",
}
FIGURES = {
    "c06-prior-range": {
        "prior_24h_low": 90300.0,
        "prior_24h_high": 91934.4,
        "prior_24h_width": 0.0179373378,
        "prior_24h_width_percentile_1y": 0.1835616438,
        "prior_24h_share_closes_87k_90k": 0.0,
        "prior_72h_low": 90092.7,
        "prior_72h_high": 93080.0,
        "prior_7d_low": 85226.4,
        "prior_7d_high": 93080.0,
        "mid_december_share_closes_87k_90k": 0.4090909091,
        "mid_december_candidates_mostly_in_range": 3,
    },
    "c07-87k-support": {
        "touches_15m": 3,
        "bounces_15m": 1,
        "breaks_15m": 2,
        "bounce_rate_15m": 0.3333333333,
        "null_rate_random_levels_15m": 0.4197450443,
        "p_random_levels_15m": 0.6888888889,
        "p_bootstrap_paths_15m": 0.7310344828,
        "bounce_rate_1h": 0.5,
        "p_random_levels_1h": 0.6169312169,
        "p_bootstrap_paths_1h": 0.5882352941,
        "volume_percentile_87k_bin": 0.9674796748,
        "nearest_high_volume_node": 86875.0,
    },
    "c08-87k-resistance-after": {
        "back_above_87k": "2025-12-02T04:05:00Z",
        "hours_to_back_above_87k": 12.3333333333,
        "share_above_87k_next_7d": 0.8928571429,
        "share_above_87k_to_2026_01_29": 0.9367336058,
        "touches_from_below_5m": 5,
        "rejections_5m": 1,
        "breaks_up_5m": 4,
        "rejection_rate_5m": 0.2,
        "p_random_levels_5m": 0.8201754386,
        "p_bootstrap_paths_5m": 0.8228782288,
        "rejection_rate_1h": 0.2,
        "p_random_levels_1h": 0.873826903,
    },
    "c09-84k-support-after": {
        "low_2025_12_02_to_2026_01_29": 84408.6,
        "low_2025_12_02_to_2026_01_29_bar": "2025-12-18T20:00:00Z",
        "touches_5m": 2,
        "bounces_5m": 2,
        "breaks_5m": 0,
        "p_random_levels_5m": 0.1192350956,
        "p_bootstrap_paths_5m": 0.0866141732,
        "touches_1h": 4,
        "bounces_1h": 3,
        "breaks_1h": 1,
        "first_daily_close_below_84k_band": "2026-01-31T00:00:00Z",
        "low_to_hourly_end": 59800.0,
    },
    "c40-87k-smashed": {
        "first_bar_below_87k": "2025-12-01T00:55:00Z",
        "first_break_depth": 60.4,
        "first_break_minutes_to_recover": 10.0,
        "crossings_87k_on_day": 3,
        "final_break_87k": "2025-12-01T02:35:00Z",
        "hours_first_to_final_break": 1.6666666667,
        "fall_open_to_87k": 0.0374322551,
    },
    "c41-87k-psychological": {
        "pivots": 310,
        "pivots_near_round_1000": 57,
        "share_near_round_1000": 0.1838709677,
        "share_expected": 0.2,
        "p_binomial": 0.7809416507,
        "bounce_rate_round_levels": 0.5545454545,
        "bounce_rate_half_way_levels": 0.523364486,
        "p_round_vs_half_way": 0.322508238,
    },
    "c47-large-sell-orders": {
        "break_bar": "2025-12-01T00:55:00Z",
        "break_bar_volume": 3041.781,
        "break_bar_range": 345.5,
        "volume_ratio_24h": 21.2362969944,
        "range_ratio_24h": 4.1501501502,
        "volume_ratio_hour_before": 0.9598851463,
        "range_ratio_hour_before": 0.7455761761,
        "volume_ratio_15m": 17.9703815699,
        "volume_percentile_15m_30d": 0.9996527778,
        "other_days_with_close_below_87k": 13,
        "other_days_as_heavy": 3,
    },
    "c50-weak-liquidity": {
        "hour_before_break": "2025-11-30T23:00:00Z",
        "hour_before_volume": 9369.59662,
        "hour_before_ratio_30d": 2.2728648798,
        "hour_before_ratio_perp_30d": 2.6046058384,
        "hour_before_ratio_spot_30d": 1.4428675593,
        "hour_before_ratio_same_hour_of_week_12w": 1.5733572217,
        "break_hour_ratio_30d": 7.4496391933,
        "break_on_weekend": "no",
        "other_days_thin_or_weekend": 6,
    },
}
LEVEL_TESTS = [  # test, bars, touches, bounces, breaks, open, rate, null mean (levels), p (levels), null mean (paths), p (paths), paths touching
    ("87k support before", "15min", 3, 1, 2, 0, 0.3333333333, 0.4197450443, 0.6888888889, 0.4716698232, 0.7310344828, 144),
    ("87k support before", "1h", 3, 1, 1, 1, 0.5, 0.4571481308, 0.6169312169, 0.4375834635, 0.5882352941, 169),
    ("84k support before", "15min", 5, 2, 3, 0, 0.4, 0.4197450443, 0.5957671958, 0.4915651109, 0.6666666667, 119),
    ("84k support before", "1h", 5, 3, 2, 0, 0.6, 0.4571481308, 0.4222222222, 0.4417498249, 0.3357664234, 136),
    ("87k resistance after", "5min", 5, 1, 4, 0, 0.2, 0.4442369586, 0.8201754386, 0.4758646097, 0.8228782288, 270),
    ("87k resistance after", "1h", 5, 1, 4, 0, 0.2, 0.5348313031, 0.873826903, 0.6018991922, 0.9306569343, 273),
    ("84k support after", "5min", 2, 2, 0, 0, 1.0, 0.539450939, 0.1192350956, 0.5025099035, 0.0866141732, 253),
    ("84k support after", "1h", 4, 3, 1, 0, 0.75, 0.5653660209, 0.2073684211, 0.5804072476, 0.2544169611, 282),
]

EVIDENCE = {
    "c06-prior-range": (
        "In the 24 h before 2025-12-01 BTC (Binance perpetual, hourly bars) traded between $90,300 and $91,934: a band 1.8% wide, narrower than on 18% of the previous year's days: the band sat above the stated range. Over 72 h the band was $90,093-$93,080, over 7 days $85,226-$93,080. The $87k-$90k description fits mid-December instead: 41% of hourly closes of 10-20 December were inside it, and on 3 of the 5 candidate days of 10-20 December at least half of the prior 24 h closes were. The 24 h band was narrow (width percentile 0.18, at most 0.50); only 0% of its hourly closes were inside $87k-$90k (fewer than 50%)."
    ),
    "c07-87k-support": (
        "In the 30 days before 2025-12-01, on 15-minute bars $87k was touched 3 times from above: 1 bounce, 2 breaks (rate 0.33); random levels of the same path bounce at 0.42 (p = 0.69), bootstrapped paths at 0.47 (p = 0.73). On hourly bars: 1 of 2 decided touches bounced (p = 0.62 and 0.59). The $87k price bin ranks at the 97% volume percentile of the month's profile; the nearest high-volume node is at $86,875. Against the nulls $87k was nothing special as a support (best bar size 1h: p = 0.62 and 0.59, not both at most 0.10); $87k turned the price fewer than 2 times on every bar size (at most 1 bounce, on 15min bars); its price bin was busy (volume percentile 0.97, at least 0.80)."
    ),
    "c08-87k-resistance-after": (
        "After the low of 2025-12-01 15:45 UTC, BTC first closed a 5-minute bar back above $87k at 2025-12-02 04:05 UTC (12 h later) and spent 89% of the next 7 days and 94% of the time to 2026-01-29 above it. Approaches from below (5-minute bars, to 2026-01-29): 5 touches, 1 rejection, 4 breaks upward (rate 0.20; random levels 0.44, p = 0.82; bootstrapped paths p = 0.82). On hourly bars to 2026-05-17: 1 rejection, 4 breaks (p = 0.87 / 0.93). Against the nulls $87k was nothing special as a resistance (best bar size 5min: p = 0.82 and 0.82, not both at most 0.10); the price was back above $87k within 12 h of the low (at most 48 h); $87k turned the price fewer than 2 times on every bar size (at most 1 rejection, on 5min bars)."
    ),
    "c09-84k-support-after": (
        "After the event's low ($84,011 again at 16:15 UTC the same day) and from the next day to the end of the 5-minute data (2026-01-29) BTC's lowest price was $84,409 (2025-12-18 20:00 UTC). Touches of $84k from above: 5-minute bars 2 (2 bounces, 0 breaks; p = 0.12 random levels, 0.09 bootstrapped paths); hourly bars to 2026-05-17 4 (3 bounces, 1 break; p = 0.21 / 0.25). The first UTC day closing below the band was 2026-01-31; by 2026-02-06 BTC had fallen to $59,800. Against the nulls $84k was nothing special as a support (best bar size 5min: p = 0.12 and 0.09, not both at most 0.10); the $84k band held to the end of the 5-minute data (lowest $84,409, not below its lower edge $83,580); $84k turned the price at least 2 times on one bar size (3 bounces on 1h bars)."
    ),
    "c40-87k-smashed": (
        "The fall from the day's open of $90,320 to $87k took 60 minutes (3.7%). The first bar below $87k opened at 00:55 UTC. BTC crossed $87k downward 3 times that day; the last crossing, after which it stayed below, was at 02:35 UTC, 1.7 h after the first. The first break went only $60 below $87k, inside the level's band (less than $435); the price closed back above 10 minutes later (within 60 minutes)."
    ),
    "c41-87k-psychological": (
        "Round thousands as turning points, 30 days before the event (15-minute bars, swing pivots of +-6 bars): 57 of 310 pivots (18%) lay within $100 of a multiple of $1,000, against 20% by chance (binomial p = 0.78). Pooled over all round-thousand levels the bounce rate was 0.55 (61 of 110), at the half-way ($500) levels 0.52 (56 of 107; one-sided p = 0.32). Turning points did not gather at round thousands (p = 0.78, above 0.10); round thousands bounced the price no more often than half-way levels (p = 0.32, above 0.10)."
    ),
    "c47-large-sell-orders": (
        "On 2025-12-01 the first 5-minute bar to close below $87k opened at 00:55 UTC: 3,042 BTC traded over a $346 range (Binance perpetual). Against the 12 bars of the hour before it the bar looks ordinary (1.0 times their median volume, 0.7 times their range), because that hour already traded 22.1 times the 24 h median bar: the fall had begun. Taker buy and sell volume and the order book are not in the data, so a heavy bar is consistent with large sell orders, not proof of them. Of the 13 other candidate days with a 5-minute close below $87k, 3 had a break bar as heavy, wide and rare. The break bar traded 21.2 times the volume of an ordinary 5-minute bar (at least 3); its range was 4.2 times an ordinary bar's (at least 3); on 15-minute bars its volume burst was larger than 99.97% of the month before's (in the top 1%)."
    ),
    "c50-weak-liquidity": (
        "In the clock hour before the break (2025-11-30 23:00-00:00 UTC, a Sunday; the break bar opened Monday 00:55 UTC) Binance's BTC perpetual and spot markets traded 9,370 BTC together: 2.27 times the median of that hour of day over the 30 days before (perpetual 2.60, spot 1.44) and 1.57 times the median of the same hour of the week over 12 weeks. The break's own hour traded 7.45 times its usual volume. Volume is a proxy: the depth of the order book is not in the data. On 6 of the 13 other candidate days the hour before the break was thin or fell on a weekend. The break came on a weekday (UTC); the hour before it traded 2.27 times the usual volume for that hour of day (more than 1.0); at least 1.5: an unusually busy hour, not a thin one."
    ),
}


@pytest.fixture(scope="module")
def assessed():
    return L.assess()


@pytest.fixture(scope="module")
def measured():
    return L.measures()


@pytest.mark.data
@needs_data
def test_real_breaks_on_the_event_day(measured):
    day = pd.Timestamp("2025-12-01", tz="UTC")
    t = measured.breaks.table
    b87 = t[t["level"] == 87_000.0]
    b84 = t[t["level"] == 84_000.0]
    assert list(b87["time"]) == [pd.Timestamp(x, tz="UTC") for x in ("2025-12-01 00:55", "2025-12-01 02:30", "2025-12-01 02:35")]
    assert list(b87["session"]) == ["Asia"] * 3
    assert list(b87["depth"]) == pytest.approx([60.4, 41.0, 462.2])
    assert list(b87["minutes_to_recover"]) == [10.0, 5.0, 1535.0] and list(b87["minutes_below"]) == [10.0, 5.0, 1535.0]
    assert list(b87["low_before_recovery"]) == [86_900.0, 86_959.0, 83_786.0]
    assert list(b87["recovered"]) == [pd.Timestamp(x, tz="UTC") for x in ("2025-12-01 01:00", "2025-12-01 02:30", "2025-12-02 04:05")]
    assert b84["time"].iloc[0] == pd.Timestamp("2025-12-01 15:40", tz="UTC")
    assert b84["session"].iloc[0] == "Europe+US"
    assert (b84["bar_low"].iloc[0], b84["minutes_to_recover"].iloc[0]) == (83_847.4, 10.0)
    s = measured.candidate_summary.loc[day]
    assert (measured.breaks.low, measured.breaks.minutes_below_84k, measured.breaks.depth_below_87k) == (s["low"], s["minutes_below_84k"], s["depth_below_87k"])
    assert s["low"] == 83_786.0 and s["minutes_below_84k"] == 10.0
    assert s["depth_below_84k"] == pytest.approx(214.0) and s["depth_below_87k"] == pytest.approx(3_214.0)
    assert (s["crossings_87k"], s["crossings_84k"]) == (3, 1)
    assert s["first_84k"] == pd.Timestamp("2025-12-01 15:40", tz="UTC") and s["session_84k"] == "Europe+US"


@pytest.mark.data
@needs_data
def test_real_range_before_the_event_day_sat_above_87k_90k():
    from flashcrash import data as D

    r = L.range_before(D.perp_1h("BTC"), [pd.Timestamp("2025-12-01", tz="UTC")], windows=("24h",)).iloc[0]
    assert r["low"] == pytest.approx(90_300.0) and r["high"] == pytest.approx(91_934.4)
    assert r["share_87_90"] == 0.0
    assert r["n_history"] == 365


@pytest.mark.data
@needs_data
def test_real_sources_agree_on_the_84k_hour(measured):
    sc = measured.sources.table
    assert list(sc["agrees_84k"]) == [True] * 5
    assert list(sc["agrees_87k"]) == [True, True, True, True, False]  # the CryptoCompare index crosses an hour later
    assert list(sc["low"]) == pytest.approx([83_786.0, 83_786.0, 83_808.1, 83_822.76, 83_828.42])
    assert sc.attrs["skipped_days"] == []


@pytest.mark.data
@needs_data
def test_real_level_tests_are_pinned(measured):
    lt = measured.tests.table
    cols = ["test", "bars", "touches", "bounces", "breaks", "open", "rate", "null_levels_mean", "p_levels", "null_paths_mean", "p_paths", "paths_touching"]
    assert len(lt) == len(LEVEL_TESTS)
    for got, want in zip(lt[cols].itertuples(index=False), LEVEL_TESTS, strict=True):
        assert tuple(got[:6]) == want[:6]
        assert tuple(got[6:]) == pytest.approx(want[6:], rel=1e-8), want[:2]


@pytest.mark.data
@needs_data
def test_real_sensitivity_and_null_draws(measured):
    s = measured.tests.sensitivity
    assert list(s["tol"]) == [0.0025, 0.005, 0.01] and list(s["move"]) == pytest.approx([0.0075, 0.015, 0.03])
    assert list(s["touches"]) == [15, 3, 1] and list(s["bounces"]) == [5, 1, 0]
    assert list(s["p_levels"]) == pytest.approx([0.868557, 0.7, 1.0], abs=1e-6)
    i = L.load_inputs()
    nd = L.null_draws(L.level_windows(i.perp_5m, i.perp_15m, i.perp_1h, i.day, i.low_time))
    assert len(nd) == 1000 and int(nd["touches"].sum()) == 3551
    assert nd["rate"].mean() == pytest.approx(0.4197450443)
    assert nd["level"].iloc[0] == pytest.approx(106_074.1863697211)
    assert nd["rate"].equals(measured.tests.null_rates[("87k support before", "15min")])  # the draws the chapter draws
    assert list(measured.tests.null_rates) == list(L.NULL_PANELS)


@pytest.mark.data
@needs_data
def test_real_after_event(measured):
    ae = measured.after
    assert ae.low_time == pd.Timestamp("2025-12-01 15:45", tz="UTC")
    assert ae.low_to_5m_end == pytest.approx(84_011.0, abs=1) and ae.low_to_5m_end_time == pd.Timestamp("2025-12-01 16:15", tz="UTC")
    assert list(ae.rejections_87k["outcome"]) == ["break", "break", "break", "rejection", "break"]
    assert ae.rejections_87k["touch"].iloc[3] == pd.Timestamp("2025-12-18 17:40", tz="UTC")
    assert list(ae.tests_84k["outcome"]) == ["bounce", "bounce", "bounce", "break"]
    assert ae.tests_84k["touch"].iloc[1] == pd.Timestamp("2025-12-18 20:00", tz="UTC")
    assert ae.low_to_hourly_end_time == pd.Timestamp("2026-02-06 00:00", tz="UTC") and ae.low_to_hourly_end == 59_800.0
    assert ae.hourly_end == pd.Timestamp("2026-05-17 07:00", tz="UTC")
    assert ae.weeks_84k_held == pytest.approx(61 / 7) and ae.low_after_inside_84k_band


@pytest.mark.data
@needs_data
def test_published_verdicts_and_figures_are_pinned(assessed):
    from flashcrash.claims import figures_of

    assert {k: a.verdict for k, a in assessed.items()} == PUBLISHED
    got = {}
    for r in figures_of(assessed).itertuples():
        got.setdefault(r.claim, {})[r.name] = r.value
    assert {c: list(f) for c, f in got.items()} == {c: list(f) for c, f in FIGURES.items()}  # names, in order
    for claim, figs in FIGURES.items():
        for name, want in figs.items():
            if isinstance(want, float):
                assert got[claim][name] == pytest.approx(want, rel=1e-8, abs=1e-10), (claim, name)
            else:
                assert got[claim][name] == want, (claim, name)


@pytest.mark.data
@needs_data
def test_evidence_ends_with_the_rule_checks_and_rules_are_explicit(assessed):
    for cid, a in assessed.items():
        assert a.evidence.endswith(a.ruling.because()), cid
        assert a.ruling.kind == "threshold" and a.ruling.thresholds, cid
        assert "Rule not yet stated" not in a.ruling.text, cid
    assert {k: a.evidence for k, a in assessed.items()} == EVIDENCE


@pytest.mark.data
@needs_data
def test_assess_covers_exactly_the_chapter_claims_fast_and_deterministic(assessed):
    from flashcrash.claims import figures_of, load_claims

    mine = {c.id for c in load_claims() if c.chapter == "support-levels"}
    assert set(assessed) == mine
    L.measures.cache_clear()
    t0 = time.perf_counter()
    again = L.assess()
    assert time.perf_counter() - t0 < 20
    assert figures_of(again).equals(figures_of(assessed))
    assert [a.evidence for a in again.values()] == [a.evidence for a in assessed.values()]


# --------------------------------------------------------------------------- the chapter's measures, by hand
def test_after_event_on_tiny_frames():
    day = pd.Timestamp("2025-12-01", tz="UTC")
    closes = [87_500, 86_000, 85_000, 86_500, 87_200] + [88_000] * 283 + [84_500] + [88_000] * 287  # two days of 5-minute bars
    b5 = path_bars(closes)
    b1 = path_bars([86_000] * 24 + [85_000] * 24 + [83_000] * 24 + [83_500] * 24, freq="1h")  # four days of hourly bars
    ae = L.after_event(b5, b1, day, b5.index[2])  # the low: the bar from 86,000 down to 85,000
    assert ae.back_above_87k == b5.index[4] and ae.hours_to_back_above_87k == pytest.approx(10 / 60)
    assert ae.share_above_87k_7d == pytest.approx(571 / 574)  # every close from the low's bar on, but the two before the first above and 84,500
    assert (ae.low_after_day, ae.low_after_day_time) == (84_500.0, b5.index[288]) and (ae.low_to_5m_end, ae.low_to_5m_end_time) == (84_500.0, b5.index[288])
    assert not ae.low_after_inside_84k_band  # 84,500 is above 84,000 x 1.005
    # hourly closes after the low: 86,000 on the day, 85,000, then 83,000 (below the band's lower edge 83,580) on 3 December
    assert ae.first_daily_close_below_84k_band == pd.Timestamp("2025-12-03", tz="UTC") and ae.weeks_84k_held == pytest.approx(2 / 7)
    assert (ae.low_to_hourly_end, ae.low_to_hourly_end_time, ae.hourly_end) == (83_000.0, b1.index[48], b1.index[-1])
    assert list(ae.rejections_87k["outcome"]) == ["break", "break"] and list(ae.rejections_87k["touch"]) == [b5.index[4], b5.index[289]]


def test_chapter_pieces_on_tiny_frames():
    from flashcrash.levels import chapter as C

    s = L.settings()
    assert (s.tol_pct, s.move_pct, s.tol_usd_87k, s.pivot_span, s.half_step) == (0.5, 1.5, 435.0, 13, 500.0)
    assert s.sensitivity_tols_pct == (0.25, 0.5, 1.0)
    band = L.Band(low=86_000.0, high=88_000.0, width_frac=0.023, percentile=0.25, share_87_90=0.5)
    assert (band.width_pct, band.percentile_pct, band.share_87_90_pct) == pytest.approx((2.3, 25.0, 50.0))
    # the event day: above 87,000 at midnight, through it in bar 2, back above in bar 3, through again in bar 4 for good
    idx = pd.date_range("2025-12-01 00:00", periods=8, freq="5min", tz="UTC")
    close = [87_500, 87_200, 86_900, 87_100, 86_800, 86_500, 86_600, 86_700]
    b = pd.DataFrame({"open": [87_600] + close[:-1], "high": [c + 50 for c in close], "low": [c - 50 for c in close], "close": close, "volume": 1.0}, index=idx)
    eb = C.break_measures(b, idx[0])
    assert list(eb.b87["time"]) == [idx[2], idx[4]] and eb.final_87k == idx[4] and eb.hours_first_to_final == pytest.approx(10 / 60)
    assert eb.first_87k.time == idx[2] and eb.last_87k.time == idx[4] and eb.last_87k.session == "Asia" and eb.b84.empty
    assert (eb.day_open, eb.low, eb.low_time, eb.minutes_below_84k) == (87_600.0, 86_450.0, idx[5], 0.0)
    assert eb.fall_open_to_87k == pytest.approx(1 - 86_850 / 87_600) and eb.depth_below_87k == pytest.approx(550.0)
    shown = L.breaks_table(eb.table)
    assert list(shown.index.names) == ["level (USD)", "crossing bar (UTC)"] and shown.index[0][1] == "2025-12-01 00:10"
    # the chart's bars: from a day before the event day to the end of the day after (all 8 bars here)
    assert list(eb.path_bars.index) == list(idx)
    wide = pd.DataFrame(1.0, index=pd.date_range("2025-11-29", "2025-12-04", freq="5min", tz="UTC"), columns=["open", "high", "low", "close", "volume"])
    wide.loc[idx] = b.to_numpy()
    pb = C.break_measures(wide, idx[0]).path_bars
    assert (pb.index[0], pb.index[-1]) == (pd.Timestamp("2025-11-30", tz="UTC"), pd.Timestamp("2025-12-02 23:55", tz="UTC"))
