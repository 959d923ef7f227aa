"""Every search loop in the package is bounded: hitting the bound raises an error that names it."""

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from flashcrash import levels as L
from flashcrash import macro as m


def _legs(*points, n=10):
    out = [points[0]]
    for a, b in pairwise(points):
        out.extend(np.linspace(a, b, n + 1)[1:])
    return np.asarray(out)


def test_touch_scan_is_capped():
    # three bounces then a break at level 100 (band 0.5 %, bounce mark 1.5 %): the scan takes 4 steps
    c = _legs(110, 100.2, 103, 100.1, 103, 100.3, 103, 95)
    o = np.concatenate([[c[0]], c[:-1]])
    hi, lo = np.maximum(o, c), np.minimum(o, c)
    got = L.episodes(hi, lo, c, 100.0, 0.005, 0.015, 10_000, max_steps=4)
    assert [k for _, k, _ in got] == ["bounce", "bounce", "bounce", "break"]
    assert L.episodes(hi, lo, c, 100.0, 0.005, 0.015, 10_000) == got  # default cap: bars + 1
    with pytest.raises(RuntimeError, match="max_steps=3"):
        L.episodes(hi, lo, c, 100.0, 0.005, 0.015, 10_000, max_steps=3)


def test_cutting_cycle_start_walks_back_over_cuts_only():
    t = pd.to_datetime(["2023-07-26", "2024-09-18", "2024-11-07", "2024-12-18", "2025-09-17"], utc=True)
    dec = pd.DataFrame({"announced": t, "kind": ["hike", "cut", "cut", "cut", "cut"]})
    assert m.cutting_cycle_start(pd.Timestamp("2025-10-01", tz="UTC"), dec) == t[1]
    all_cuts = dec.assign(kind="cut")
    assert m.cutting_cycle_start(pd.Timestamp("2025-10-01", tz="UTC"), all_cuts) == t[0]
    one = dec.assign(kind=["cut", "hike", "hike", "hike", "cut"])
    assert m.cutting_cycle_start(pd.Timestamp("2025-10-01", tz="UTC"), one) == t[4]


def test_the_suite_has_a_time_limit_and_the_data_mark():
    import tomllib

    from flashcrash.paths import repo_root

    root = repo_root()
    opts = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 0 < int(opts["timeout"]) <= 300  # pytest-timeout: no test can hang the run
    assert any(m.startswith("data:") for m in opts["markers"])
    assert any(line.startswith("pytest-timeout==") for line in (root / "requirements.txt").read_text().splitlines())
