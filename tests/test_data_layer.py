"""Registry, checksummed fetch and loaders: happy paths on the mirror and every error path."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from flashcrash import data as D
from flashcrash.data import loaders
from flashcrash.errors import (
    ChecksumMismatchError,
    CorruptDataError,
    DataUnavailableError,
    NaiveTimestampError,
    UnknownSourceError,
)
from tests.conftest import needs_data

registry = importlib.import_module("flashcrash.data.registry")  # the module (the package re-exports a function of that name)
SRC, FILE = "cryptocompare-btc-mouadja02", "histohour.csv"


@pytest.fixture
def clear_caches():
    for name in dir(loaders):
        fn = getattr(loaders, name)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
    yield
    for name in dir(loaders):
        fn = getattr(loaders, name)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()


def test_registry_entries_are_complete():
    reg = registry.registry()
    assert len(reg) >= 70
    for (source, file), e in reg.items():
        assert re.fullmatch(r"[0-9a-f]{64}", e.sha256), (source, file)  # hex SHA-256
        assert re.match(r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/", e.url), e.url  # pinned to a commit
        assert e.licence and e.coverage and e.bytes > 0
        assert e.description and "\n" not in e.description, (source, file)  # one line of description


def test_unknown_source_and_file_are_named():
    with pytest.raises(UnknownSourceError, match="unknown data source 'nope'.*known sources"):
        registry.lookup("nope", "x.csv")
    with pytest.raises(UnknownSourceError, match="unknown file 'x.csv' in source"):
        registry.lookup(SRC, "x.csv")


def test_missing_from_mirror_says_where_it_looked(tmp_path):
    with pytest.raises(DataUnavailableError, match="not in the mirror folder") as exc:
        registry.fetch(SRC, FILE, mirror=tmp_path)
    assert str(tmp_path / SRC / FILE) in str(exc.value)


def test_checksum_mismatch_gives_expected_and_actual(tmp_path):
    (tmp_path / SRC).mkdir()
    bad = tmp_path / SRC / FILE
    bad.write_text("TIME,OPEN\n1,2\n")
    actual = hashlib.sha256(bad.read_bytes()).hexdigest()
    expected = registry.lookup(SRC, FILE).sha256
    with pytest.raises(ChecksumMismatchError) as exc:
        registry.fetch(SRC, FILE, mirror=tmp_path)
    assert expected in str(exc.value) and actual in str(exc.value)


@pytest.fixture
def offline_cache(tmp_path, monkeypatch):
    """No mirror, an empty download cache, and no failed download remembered from another test."""
    monkeypatch.delenv("FLASHCRASH_DATA_MIRROR", raising=False)
    monkeypatch.setenv("FLASHCRASH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(registry, "_download_failure", None)
    return tmp_path / "cache"


def test_no_network_and_no_mirror_explains_the_fix(offline_cache, monkeypatch):

    def offline(**_):
        raise ConnectionError("network is unreachable")

    monkeypatch.setattr(registry.pooch, "retrieve", offline)
    with pytest.raises(DataUnavailableError, match="FLASHCRASH_DATA_MIRROR"):
        registry.fetch(SRC, FILE)


def test_download_hash_mismatch_is_a_checksum_error(offline_cache, monkeypatch):

    def wrong(**_):
        raise ValueError("SHA256 hash of downloaded file does not match the known hash")

    monkeypatch.setattr(registry.pooch, "retrieve", wrong)
    with pytest.raises(ChecksumMismatchError, match="checksum mismatch"):
        registry.fetch(SRC, FILE)


def test_failed_download_leaves_no_file_or_folder_and_is_reported_once(offline_cache, monkeypatch):
    # a real download attempt (pooch) from a port where nothing listens: refused at once
    calls = []
    real_retrieve = registry.pooch.retrieve

    def counting(**kw):
        calls.append(kw["fname"])
        return real_retrieve(**kw)

    entry = registry.lookup(SRC, FILE)
    monkeypatch.setattr(registry, "lookup", lambda s, f: dataclasses.replace(entry, source=s, file=f, url="http://127.0.0.1:9/" + f))
    monkeypatch.setattr(registry.pooch, "retrieve", counting)
    with pytest.raises(
        DataUnavailableError, match="not available.*downloading it from http://127.0.0.1:9/histohour.csv failed.*Fix: set FLASHCRASH_DATA_MIRROR"
    ) as first:
        registry.fetch(SRC, FILE)
    assert not offline_cache.exists()  # neither the file, nor its source folder, nor the cache folder
    # the next file does not try the network again: the same message at once
    with pytest.raises(DataUnavailableError) as second:
        registry.fetch(SRC, "histoday.csv")
    assert calls == [FILE] and str(second.value) == str(first.value)


def test_failed_download_keeps_folders_that_were_there(offline_cache, monkeypatch):
    (offline_cache / SRC).mkdir(parents=True)
    (offline_cache / SRC / "other.csv").write_text("kept")

    def partial(**kw):
        (kw["path"] / kw["fname"]).write_text("half a fi")  # a file left behind by a broken download
        raise ConnectionError("reset by peer")

    monkeypatch.setattr(registry.pooch, "retrieve", partial)
    with pytest.raises(DataUnavailableError):
        registry.fetch(SRC, FILE)
    assert sorted(p.name for p in (offline_cache / SRC).iterdir()) == ["other.csv"]


def test_relative_mirror_and_cache_are_read_from_the_repository_root(tmp_path, monkeypatch):
    root = registry.data_dir().parent
    monkeypatch.chdir(tmp_path)  # e.g. a notebook running from book/
    monkeypatch.setenv("FLASHCRASH_DATA_MIRROR", "../some/mirror")
    assert registry.mirror_folder() == (root / "../some/mirror").resolve()
    assert registry.mirror_folder("rel") == root / "rel"
    assert registry.mirror_folder(tmp_path) == tmp_path  # absolute paths are kept
    monkeypatch.setenv("FLASHCRASH_CACHE", "cache-here")
    assert registry.cache_dir() == root / "cache-here"
    monkeypatch.delenv("FLASHCRASH_DATA_MIRROR")
    assert registry.mirror_folder() is None


def test_data_problem_is_one_message_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "_download_failure", None)
    n = len(registry.registry())
    msg = registry.data_problem(mirror=tmp_path)
    assert msg.startswith(f"The market data are not available: {n} of {n} registered files are not in the mirror folder {tmp_path}")
    assert "FLASHCRASH_DATA_MIRROR" in msg and "python -m flashcrash fetch" in msg and "\n" not in msg
    with pytest.raises(DataUnavailableError, match=f"{n} of {n} registered files"):
        registry.require_data(mirror=tmp_path)
    # one file present: one fewer missing
    e = next(iter(registry.registry().values()))
    (tmp_path / e.source).mkdir()
    (tmp_path / e.source / e.file).write_text("x")
    assert f"{n - 1} of {n} registered files" in registry.data_problem(mirror=tmp_path)


@needs_data
def test_data_problem_is_none_with_the_mirror():
    assert registry.data_problem() is None
    assert registry.missing_files() == []


@needs_data
def test_truncated_file_is_reported_as_corrupt(tmp_path, monkeypatch, clear_caches):
    good = registry.fetch("binance-usdm-5m-chacal", "BTC_USDT_USDT-5m-futures.feather")
    cut = tmp_path / "cut.feather"
    cut.write_bytes(good.read_bytes()[:5000])
    monkeypatch.setattr(loaders, "fetch", lambda s, f: cut)
    with pytest.raises(CorruptDataError, match="truncated"):
        D.perp_5m("BTC")


def test_naive_timestamps_are_refused(tmp_path, monkeypatch, clear_caches):
    df = pd.DataFrame({"date": pd.date_range("2025-12-01", periods=3, freq="5min"), "open": 1.0, "high": 2.0, "low": 0.5, "close": 1.5, "volume": 3.0})
    path = tmp_path / "naive.feather"
    df.to_feather(path)
    monkeypatch.setattr(loaders, "fetch", lambda s, f: path)
    with pytest.raises(NaiveTimestampError, match="no time zone"):
        D.perp_5m("BTC")


def test_ohlc_inconsistency_is_refused(tmp_path, monkeypatch, clear_caches):
    df = pd.DataFrame(
        {"date": pd.date_range("2025-12-01", periods=3, freq="5min", tz="UTC"), "open": 1.0, "high": [2.0, 0.9, 2.0], "low": 0.5, "close": 1.5, "volume": 3.0}
    )
    path = tmp_path / "bad.feather"
    df.to_feather(path)
    monkeypatch.setattr(loaders, "fetch", lambda s, f: path)
    with pytest.raises(CorruptDataError, match="1 bars break high"):
        D.perp_5m("BTC")


def test_duplicate_and_unsorted_timestamps_are_refused():
    idx = pd.DatetimeIndex(["2025-12-01 00:00", "2025-12-01 00:00"], tz="UTC")
    with pytest.raises(CorruptDataError, match="duplicate"):
        D.validate.check_index(pd.DataFrame(index=idx), "t")
    idx = pd.DatetimeIndex(["2025-12-01 00:05", "2025-12-01 00:00"], tz="UTC")
    with pytest.raises(CorruptDataError, match="increasing"):
        D.validate.check_index(pd.DataFrame(index=idx), "t")


def test_find_gaps_counts_missing_bars_by_hand():
    idx = pd.DatetimeIndex(["2025-12-01 00:00", "2025-12-01 00:05", "2025-12-01 00:20", "2025-12-01 00:25", "2025-12-01 00:40"], tz="UTC")
    gaps = D.find_gaps(idx, "5min")
    assert list(gaps["missing"]) == [2, 2]
    assert gaps["after"].iloc[0] == pd.Timestamp("2025-12-01 00:05", tz="UTC")
    with pytest.raises(D.validate.GapError, match="4 missing 5min bars in 2 gaps"):
        D.require_complete(pd.DataFrame(index=idx), "5min")


def test_to_utc_refuses_naive_and_converts_aware():
    with pytest.raises(NaiveTimestampError):
        D.to_utc("2025-12-01 00:55")
    assert D.to_utc("2025-12-01T08:55+08:00") == pd.Timestamp("2025-12-01 00:55", tz="UTC")


@needs_data
def test_every_registered_file_verifies_in_the_mirror():
    for source, file in registry.registry():
        assert registry.fetch(source, file).is_file()


@needs_data
def test_open_last_bar_is_dropped_and_bars_are_clean():
    btc = D.perp_5m("BTC")
    assert btc.index[-1] == pd.Timestamp("2026-01-29 06:25", tz="UTC")  # file ends 06:30 (still open)
    assert len(btc) == 17358 and D.gaps_table(btc).empty
    assert str(btc.index.tz) == "UTC" and btc.index.is_monotonic_increasing
    assert (btc["high"] >= btc[["open", "close"]].max(axis=1)).all()


@needs_data
def test_spot_gaps_are_reported_not_filled():
    spot = D.spot_1h("BTC")
    gaps = D.gaps_table(spot)
    assert len(gaps) == 27 and int(gaps["missing"].sum()) == 122  # as PROVENANCE.md states
    assert len(spot) == 73265


@needs_data
def test_liquidations_and_units():
    liq = D.liquidations_1h()
    assert np.allclose(liq["long_usd"] + liq["short_usd"], liq["total_usd"])
    der = D.derivatives_1h()
    assert len(D.gaps_table(der)) == 8
    assert der["funding_close"].abs().max() < 0.01  # fraction per 8 h, not percent
    assert D.fred("DFEDTARU").loc["2025-12-11"] == 3.75


def test_gaps_are_shared_not_deep_copied_and_behave_as_a_tuple():
    import copy
    import pickle

    g = loaders.Gaps([("2025-01-01T00:00:00+00:00", "2025-01-01T03:00:00+00:00", 2)])
    assert copy.deepcopy(g) is g and g == (("2025-01-01T00:00:00+00:00", "2025-01-01T03:00:00+00:00", 2),)
    assert pickle.loads(pickle.dumps(g)) == g
    df = pd.DataFrame({"x": [1.0, 2.0]})
    df.attrs["gaps"] = g
    assert (df * 2).attrs["gaps"] is g  # derived tables share it


def test_the_data_package_names_every_public_name_once_and_finds_it_where_it_lives():
    from flashcrash.data import validate

    lazy = set(D._HOME)
    assert lazy <= set(D.__all__) and len(set(D.__all__)) == len(D.__all__)
    homes = {"flashcrash.data.loaders": loaders, "flashcrash.data.validate": validate}
    for name in D.__all__:
        home = homes[D._HOME[name]] if name in lazy else registry
        assert getattr(D, name) is getattr(home, name), name
    assert callable(D.registry) and D.registry is registry.registry  # the function, not its module
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        D.nonsense  # noqa: B018


def test_the_fetch_command_starts_without_pandas():
    code = "import sys, flashcrash.cli, flashcrash.data.registry; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"
