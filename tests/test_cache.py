"""The results cache: a hit needs the same package source, data/*.yaml (with the registry's
checksums), library versions, function and arguments; any change recomputes."""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
import pandas as pd
import pytest

from flashcrash import cache

DAY = pd.Timestamp("2025-12-01", tz="UTC")


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A package of two source files, a data folder with claims and registry, and an empty cache."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "sub" / "b.py").write_text("y = 2\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.yaml").write_text("claims: []\n")
    (data / "registry.yaml").write_text("sources:\n  s:\n    files:\n      - file: f.csv\n        sha256: " + "a" * 64 + "\n")
    monkeypatch.setattr(cache, "package_dir", lambda: pkg)
    monkeypatch.setattr(cache, "data_dir", lambda: data)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "results"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    calls = []

    @cache.cached("probe")
    def probe(n: int, day: pd.Timestamp = DAY) -> dict:
        calls.append((n, day))
        return {"n": n, "frame": pd.DataFrame({"v": [n, n + 1]})}

    return pkg, data, tmp_path / "results", probe, calls


def _entries(folder):
    return sorted(p.name for p in (folder / "probe").glob("*.pkl"))


def test_hit_returns_the_stored_result_without_calling(sandbox):
    _, _, results, probe, calls = sandbox
    first = probe(3)
    again = probe(3)
    assert len(calls) == 1 and again["n"] == 3 and again["frame"].equals(first["frame"])
    assert len(_entries(results)) == 1
    assert cache.lookup("probe", 3)[0] and not cache.lookup("probe", 4)[0]


@pytest.mark.parametrize(
    "change",
    [
        lambda pkg, data: (pkg / "a.py").write_text("x = 10  # edited\n"),  # a source file
        lambda pkg, data: (pkg / "sub" / "b.py").write_text("y = 2\nz = 3\n"),  # a nested source file
        lambda pkg, data: (pkg / "new.py").write_text(""),  # a new source file
        lambda pkg, data: (data / "claims.yaml").write_text("claims: [x]\n"),  # the claims
        lambda pkg, data: (data / "registry.yaml").write_text((data / "registry.yaml").read_text().replace("a" * 64, "b" * 64)),  # a checksum
        lambda pkg, data: (data / "other.yaml").write_text("k: v\n"),  # another yaml file
    ],
)
def test_changing_any_key_input_recomputes(sandbox, change):
    pkg, data, results, probe, calls = sandbox
    probe(3)
    probe(3)
    assert len(calls) == 1
    change(pkg, data)
    probe(3)
    assert len(calls) == 2  # recomputed
    probe(3)
    assert len(calls) == 2  # and cached again under the new key
    assert len(_entries(results)) == 1  # the entry under the old key is gone


def test_an_entry_another_process_is_writing_survives_the_clearing_of_old_keys(sandbox):
    pkg, _, results, probe, _ = sandbox
    probe(3)
    writing = results / "probe" / f"{cache.TMP_PREFIX}other-process.pkl"  # not yet renamed into place
    writing.write_bytes(b"half")
    (pkg / "a.py").write_text("x = 10  # edited\n")
    probe(3)  # stored under the new key: the old key's entry is cleared, the one being written is not
    assert writing.exists() and len(_entries(results)) == 2  # the new entry and the one being written


def test_an_entry_is_written_whole_or_not_at_all(tmp_path):
    path = tmp_path / "f" / "entry.bin"
    cache._write_whole(path, lambda fh: fh.write(b"whole"))
    assert path.read_bytes() == b"whole" and [p.name for p in path.parent.iterdir()] == ["entry.bin"]

    def half(fh):
        fh.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cache._write_whole(path, half, suffix=".pkl")
    assert path.read_bytes() == b"whole" and [p.name for p in path.parent.iterdir()] == ["entry.bin"]  # no temporary file left


def test_arguments_are_part_of_the_key(sandbox):
    _, _, results, probe, calls = sandbox
    probe(3)
    probe(4)
    probe(3, day=pd.Timestamp("2025-12-02", tz="UTC"))
    probe(3)
    assert [c[0] for c in calls] == [3, 4, 3] and len(_entries(results)) == 3


def test_library_versions_are_part_of_the_key(sandbox, monkeypatch):
    _, _, _, probe, calls = sandbox
    probe(3)
    monkeypatch.setattr(cache, "_library_versions", lambda: "numpy 0.0")
    probe(3)
    assert len(calls) == 2


def test_no_cache_neither_reads_nor_writes(sandbox, monkeypatch):
    _, _, results, probe, calls = sandbox
    probe(3)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    probe(3)
    probe(5)
    assert len(calls) == 3 and len(_entries(results)) == 1
    assert cache.lookup("probe", 3) == (False, None)


def test_unreadable_entry_is_recomputed(sandbox):
    _, _, results, probe, calls = sandbox
    probe(3)
    (results / "probe" / _entries(results)[0]).write_bytes(b"not a pickle")
    assert probe(3)["n"] == 3 and len(calls) == 2


def test_tokens_are_stable_and_refuse_unknown_types():
    df = pd.DataFrame({"a": [1.0, 2.0]}, index=pd.date_range("2025-12-01", periods=2, tz="UTC"))
    assert cache.token(df) == cache.token(df.copy())
    assert cache.token(df) != cache.token(df.assign(a=[1.0, 2.5]))
    assert cache.token(np.arange(3)) != cache.token(np.arange(3.0))
    assert cache.token(0.1) != cache.token(float(np.nextafter(0.1, 1.0)))  # floats keyed exactly

    @dataclasses.dataclass(frozen=True)
    class P:
        x: float
        t: tuple

    assert cache.token(P(1.0, (1, 2))) == cache.token(P(1.0, (1, 2))) != cache.token(P(1.0, (2, 1)))
    with pytest.raises(TypeError, match="cannot key a cached result on an argument of type object"):
        cache.token(object())


def test_cache_folder_follows_the_one_path_rule(monkeypatch):
    from flashcrash.paths import repo_root

    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    assert cache.cache_folder() == repo_root() / "_cache"
    monkeypatch.setenv(cache.CACHE_ENV, "elsewhere")
    assert cache.cache_folder() == repo_root() / "elsewhere"


def test_content_cached_bytes_depend_on_their_key_only(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    calls = []

    def draw(text):
        def compute():
            calls.append(text)
            return text.encode()

        return compute

    assert cache.content_cached("img", "spec A", draw("A")) == b"A"
    assert cache.content_cached("img", "spec A", draw("changed")) == b"A"  # same key: stored bytes
    assert cache.content_cached("img", "spec B", draw("B")) == b"B"
    assert calls == ["A", "B"]
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert cache.content_cached("img", "spec A", draw("fresh")) == b"fresh"


def test_chart_images_are_drawn_once_per_spec(tmp_path, monkeypatch):
    import vl_convert as vlc

    from flashcrash import charts, pngs

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    drawn = []
    # the renderer counted, not run (starting it takes a second; tests/test_publish.py draws for real)
    monkeypatch.setattr(vlc, "vegalite_to_svg", lambda spec, **kw: drawn.append("svg") or f'<svg width="40" height="30"><!-- {spec["mark"]} --></svg>')
    monkeypatch.setattr(vlc, "svg_to_png", lambda svg, **kw: drawn.append("png") or b"\x89PNG " + svg.encode())
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"x": 1, "y": 2}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    }
    meta = {"title": "T", "subtitle": "S", "description": "D", "credit": "Source: test"}
    first = charts.credited_svg(spec, meta)
    assert charts.credited_svg(spec, meta) == first and pngs.png_of(first) == pngs.png_of(first)
    assert drawn == ["svg", "png"]  # the second of each came from the cache
    charts.credited_svg({**spec, "mark": "bar"}, meta)  # another spec is drawn
    assert drawn == ["svg", "png", "svg"]


def test_chapter_measures_are_kept_once_whatever_way_the_day_is_given(monkeypatch):
    """The same instant in another zone, or no day at all, asks the cache for the same entry (the
    entry is answered here, so nothing is computed)."""
    from flashcrash import contagion
    from flashcrash.article import EVENT_DAY
    from flashcrash.liquidation import measures as LM

    asked: list[str] = []

    def answer(path):
        asked.append(path.parent.name + "/" + path.name)
        return True, path.parent.name

    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "_load", answer)
    for fn, folder in ((LM.chapter_measures, "liq-chapter-measures"), (contagion.chapter_measures, "contagion-chapter-measures")):
        asked.clear()
        assert fn() == fn(EVENT_DAY.tz_convert("Asia/Tokyo")) == fn(EVENT_DAY) == folder
        assert len(asked) == 3 and len(set(asked)) == 1
        assert fn(EVENT_DAY + pd.Timedelta("1D")) == folder and len(set(asked)) == 2  # another day, another entry


def test_a_library_another_thread_is_still_importing_is_not_consulted(monkeypatch):
    import importlib.machinery
    import types

    half = types.ModuleType("numpy")  # as sys.modules holds it while another thread imports it: no names yet
    half.__spec__ = importlib.machinery.ModuleSpec("numpy", None)
    half.__spec__._initializing = True
    assert cache.loaded_library("numpy") is np  # the real one, imported in full
    monkeypatch.setitem(sys.modules, "numpy", half)
    assert cache.loaded_library("numpy") is None
    assert cache.token(((None,), {})) == "tuple(tuple(None), dict())"  # the ledger's lookup key: no numpy needed
    with pytest.raises(TypeError, match="cannot key"):
        cache.token(object())  # an unknown type is still refused, not passed to the half-made module
    half.__spec__._initializing = False
    assert cache.loaded_library("numpy") is half
    monkeypatch.delitem(sys.modules, "pandas")
    assert cache.loaded_library("pandas") is None
