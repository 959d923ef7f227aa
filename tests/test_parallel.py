"""Worker processes give the same results, in order, as calls in this process."""

import os

import pytest

from flashcrash import parallel


def _square_and_pid(x):
    return x * x, os.getpid()


def _fail(x):
    if x == 1:
        raise ValueError(f"bad {x}")
    return x


def test_workers_give_the_same_results_in_order():
    calls = [(i,) for i in range(7)]
    seq = parallel.map_calls(_square_and_pid, calls, processes=1)
    par = parallel.map_calls(_square_and_pid, calls, processes=2)
    assert [v for v, _ in seq] == [v for v, _ in par] == [i * i for i in range(7)]
    assert {p for _, p in seq} == {os.getpid()}
    assert os.getpid() not in {p for _, p in par}  # really ran in workers
    with pytest.raises(ValueError, match="bad 1"):
        parallel.map_calls(_fail, [(0,), (1,)], processes=2)


def test_number_of_workers(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert parallel.workers() == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert parallel.workers() == 3
    monkeypatch.setenv(parallel.WORKERS_ENV, "two")
    with pytest.raises(ValueError, match="whole number"):
        parallel.workers()
    monkeypatch.delenv(parallel.WORKERS_ENV)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert parallel.workers() == 2  # one per CPU
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    assert parallel.workers() == parallel.MAX_WORKERS == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert parallel.workers() == 1
