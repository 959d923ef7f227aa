"""Benchmarks: rows say what was measured and what was extrapolated; references run the same
algorithm and agree with the engines."""

import os
import time

import numpy as np
import pytest

from flashcrash import bench
from flashcrash.scenarios import bench as sb

T = bench.Timing(best=0.5, median=0.6, worst=1.0, runs=3)
R = bench.Timing(best=2.0, median=2.0, worst=2.0, runs=1)
F = bench.Timing(best=0.1, median=0.1, worst=0.1, runs=3)
COMMON = {"reference_desc": "plain", "outputs_equal": True, "tolerance": "exact", "floor": F, "floor_desc": "scatter"}


def test_measured_row():
    row = bench.result("x", 100, T, R, compared_at=100, **COMMON)
    assert (row["seconds"], row["seconds_max"], row["spread"], row["runs"]) == (0.5, 1.0, 1.0, 3)
    assert (row["reference_seconds"], row["ratio"], row["extrapolated"], row["scaling"]) == (2.0, 4.0, False, None)
    assert row["reference_size"] == 100 and row["floor_seconds"] == 0.1 and row["engine_over_floor"] == 5.0


def test_extrapolated_row_is_marked_and_needs_its_rule():
    row = bench.result("x", 1000, T, R, compared_at=10, reference_size=10, scale=100.0, scaling="linear x100", **COMMON)
    assert row["extrapolated"] is True and row["scaling"] == "linear x100"
    assert (row["reference_measured_seconds"], row["reference_seconds"], row["ratio"]) == (2.0, 200.0, 400.0)
    with pytest.raises(ValueError, match="scaling rule"):
        bench.result("x", 1000, T, R, compared_at=10, reference_size=10, scale=100.0, **COMMON)
    with pytest.raises(ValueError, match="cannot be scaled"):
        bench.result("x", 1000, T, R, compared_at=10, scale=100.0, **COMMON)


def test_timed_counts_runs_and_keeps_the_best():
    calls = []
    t, out = bench.timed(lambda: calls.append(1) or len(calls), 4)
    assert t.runs == 4 and len(calls) == 4 and out == 4
    assert t.best <= t.median <= t.worst and t.spread >= 0
    with pytest.raises(ValueError, match="runs"):
        bench.timed(lambda: None, 0)


def test_scenario_reference_is_the_same_algorithm_with_identical_output():
    fast = sb.run_fast(300, seed=3)
    plain = sb.run_plain(300, seed=3)
    assert sb.same_output(fast, plain)
    assert not sb.same_output(sb.run_fast(300, seed=4), plain)  # the comparison can fail
    assert (fast.first_down[84_000.0] < 365).any() and (fast.first_up[87_000.0] < 365).any()  # barriers are hit


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_bucketed_draw_is_numpys_choice_draw_for_draw(seed):
    from flashcrash.liquidation.bench import draw_indices

    p = np.random.default_rng(seed).lognormal(0.0, 2.0, 3000)
    p[::7] = 0.0  # cohorts that are never drawn
    p /= p.sum()
    a, b = np.random.default_rng(seed + 10), np.random.default_rng(seed + 10)
    # few buckets: many draws share a bucket with a cumulative probability, and are searched
    for buckets in (1 << 16, 1 << 6):
        np.testing.assert_array_equal(draw_indices(a, p, 200_000, buckets), b.choice(len(p), size=200_000, p=p))
    assert a.random() == b.random()  # the generators moved on together


@pytest.mark.data
def test_cascade_rows_on_the_event_book():
    from flashcrash.liquidation import bench as lb

    c = lb.event_cohorts()
    _, no, sd = lb.event_book(5000, 0, c)
    assert no.sum() == pytest.approx(lb.event_open_interest()[0], rel=1e-3) and (no == np.rint(no)).all()
    assert 0.3 < (sd > 0).mean() < 0.7  # both sides
    row = lb.cascade_row("small", 4000, runs=2, ref_runs=1, cohorts=c)
    assert row["outputs_equal"] and not row["extrapolated"] and row["compared_at"] == 4000
    w = row["workload"]
    assert w["bars_with_liquidations"] >= 10 and w["largest_bar_share"] < 0.5 and 0 < w["liquidated_share"] < 0.9
    row = lb.cascade_row("small-extrapolated", 4000, ref_n=1000, runs=1, ref_runs=1, cohorts=c)
    assert row["extrapolated"] and row["reference_size"] == 1000 and row["outputs_equal"]
    assert row["reference_seconds"] == pytest.approx(row["reference_measured_seconds"] * 4, rel=1e-3)


def rows_a() -> list[dict]:
    return [{"name": "a", "pid": os.getpid(), "at": time.monotonic()}]


def rows_b() -> list[dict]:
    return [{"name": "b", "pid": os.getpid(), "at": time.monotonic()}, {"name": "b2", "pid": os.getpid(), "at": time.monotonic()}]


@pytest.mark.parametrize("processes", [1, 2])
def test_rows_run_side_by_side_and_come_back_in_the_registered_order(monkeypatch, processes):
    monkeypatch.setattr(bench, "BENCHMARKS", ["tests.test_bench:rows_a", "tests.test_bench:rows_b", "flashcrash.not_written_yet:rows"])
    monkeypatch.setattr(bench, "START_FIRST", ("tests.test_bench:rows_b",))
    out = bench.run_all(processes)["benchmarks"]
    assert [r["name"] for r in out] == ["a", "b", "b2"]  # a module not written yet gives no row
    assert {r["processes"] for r in out} == {processes}
    here = {r["pid"] == os.getpid() for r in out}
    assert here == ({True} if processes == 1 else {False})  # one process: this one; more: workers
    assert out[1]["pid"] == out[2]["pid"]  # one function's rows in one process
    if processes == 1:
        assert out[1]["at"] < out[0]["at"]  # the one named to start first ran first


def test_every_benchmark_started_first_is_registered():
    assert set(bench.START_FIRST) <= set(bench.BENCHMARKS)
