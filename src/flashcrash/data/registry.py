"""The registry of raw files (``data/registry.yaml``) and their checksummed fetch.

Files come from, in order:

1. a local mirror folder laid out as ``<source>/<file>``, named by ``FLASHCRASH_DATA_MIRROR``
   (or the ``mirror=`` argument / the CLI's ``--mirror``), with no network;
2. otherwise the pinned URL, downloaded once with :mod:`pooch` into the download cache
   (``_data_cache/`` at the repository root, or ``FLASHCRASH_CACHE``).

One rule for every caller (command line, notebooks, book build, tests): a *relative* mirror or cache
path is read from the repository root (:func:`flashcrash.paths.repo_root`), whatever the working
directory (notebooks run from ``book/``). There is no other default: without a mirror the files are
downloaded.

The SHA-256 is verified either way. A failed download leaves nothing behind (no partial file, no
empty folder), and after one failed download every later fetch in the same process stops at once
with the same message instead of trying the network again.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pooch
import yaml

from flashcrash.errors import (
    ChecksumMismatchError,
    DataUnavailableError,
    UnknownSourceError,
)
from flashcrash.paths import cache_dir, data_dir, from_root

MIRROR_ENV = "FLASHCRASH_DATA_MIRROR"


@dataclass(frozen=True)
class DataFile:
    """One raw file: where it comes from and what it must hash to."""

    source: str
    file: str
    url: str
    sha256: str
    bytes: int
    coverage: str
    licence: str
    title: str
    description: str = ""  # one line: what the file holds, with units
    rows: int | None = None
    last_bar_open: bool = False  # the last bar was still forming when the file was saved: drop it


@functools.cache
def _load_registry(path: str) -> dict[tuple[str, str], DataFile]:
    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # a safe loader (libyaml's when available)
    out: dict[tuple[str, str], DataFile] = {}
    for source, spec in doc["sources"].items():
        for f in spec["files"]:
            out[(source, f["file"])] = DataFile(
                source=source,
                file=f["file"],
                url=f["url"],
                sha256=f["sha256"],
                bytes=int(f["bytes"]),
                coverage=f["coverage"],
                licence=spec["licence"],
                title=spec["title"],
                description=f.get("description", ""),
                rows=f.get("rows"),
                last_bar_open=bool(f.get("last_bar_open", False)),
            )
    return out


def registry(path: Path | None = None) -> dict[tuple[str, str], DataFile]:
    """All registered files, keyed by ``(source, file)``."""
    return _load_registry(str(path or data_dir() / "registry.yaml"))


def lookup(source: str, file: str) -> DataFile:
    """The registry entry of ``source/file``; a clear error if either name is unknown."""
    reg = registry()
    if (source, file) in reg:
        return reg[(source, file)]
    sources = sorted({s for s, _ in reg})
    if source not in sources:
        raise UnknownSourceError(f"unknown data source {source!r}; known sources: {', '.join(sources)} (see data/registry.yaml)")
    files = sorted(f for s, f in reg if s == source)
    raise UnknownSourceError(f"unknown file {file!r} in source {source!r}; its files are: {', '.join(files)}")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return pooch.file_hash(str(path), alg="sha256")


def verify(path: Path, entry: DataFile) -> None:
    """Raise :class:`ChecksumMismatchError` unless ``path`` hashes to the registry's SHA-256."""
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise ChecksumMismatchError(
            f"checksum mismatch for {path}: expected sha256 {entry.sha256}, got {actual}. "
            f"The file is corrupt, truncated or a different version: delete it and fetch it again "
            f"from {entry.url}"
        )


def mirror_folder(mirror: str | Path | None = None) -> Path | None:
    """The mirror folder in use: the argument, else ``$FLASHCRASH_DATA_MIRROR``, else none.
    A relative path is read from the repository root."""
    value = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    return from_root(value) if value else None


#: How to make the data available, shown by every "data missing" error.
HOW_TO_FIX = (
    f"Fix: set {MIRROR_ENV} to a local copy laid out as <source>/<file> (a relative path is read from "
    "the repository root, e.g. FLASHCRASH_DATA_MIRROR=../shared/data), or connect to the network and run "
    "`python -m flashcrash fetch` to download and verify every file (see data/registry.yaml)"
)

#: The first failed download of this process (its message): later fetches stop at once with it.
_download_failure: str | None = None


def local_copy(entry: DataFile, mirror: str | Path | None = None) -> Path:
    """Where ``entry`` is (or would be) on disk: in the mirror if one is set, else in the download cache."""
    folder = mirror_folder(mirror)
    return (folder if folder is not None else cache_dir()) / entry.source / entry.file


def missing_files(mirror: str | Path | None = None) -> list[DataFile]:
    """Registered files with no local copy (in the mirror if one is set, else in the download cache).
    Only presence is checked here; checksums are verified when a file is read."""
    return [e for e in registry().values() if not local_copy(e, mirror).is_file()]


def data_problem(mirror: str | Path | None = None, download: bool = True) -> str | None:
    """``None`` when every registered file has a local copy; else ONE message saying what is missing
    and how to fix it. Without a mirror, missing files are downloaded first (``download=True``)."""
    missing = missing_files(mirror)
    if not missing:
        return None
    folder = mirror_folder(mirror)
    if folder is None and download:
        try:
            for e in missing:
                fetch(e.source, e.file)
        except DataUnavailableError as exc:
            return str(exc)
        return None
    where = f"the mirror folder {folder} set by {MIRROR_ENV}" if folder is not None else f"the download cache {cache_dir()}"
    first = missing[0]
    return (
        f"The market data are not available: {len(missing)} of {len(registry())} registered files are not in {where}; "
        f"first missing: {first.source}/{first.file}. {HOW_TO_FIX}."
    )


def require_data(mirror: str | Path | None = None) -> None:
    """Stop with one :class:`DataUnavailableError` (what is missing, how to fix it) unless every
    registered file is available locally (downloading the missing ones when no mirror is set)."""
    problem = data_problem(mirror)
    if problem is not None:
        raise DataUnavailableError(problem)


def _remove_new_empty_dirs(target: Path, existed: list[Path]) -> None:
    """Remove the folders a failed download created, if they are empty (deepest first)."""
    for folder in (target, target.parent):
        if folder not in existed and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def fetch(source: str, file: str, mirror: str | Path | None = None) -> Path:
    """Local path of a verified copy of ``source/file``.

    With a mirror, the file is read from ``<mirror>/<source>/<file>`` and never downloaded.
    Without one it is downloaded from its pinned URL into the cache (once) with pooch.
    """
    entry = lookup(source, file)
    folder = mirror_folder(mirror)
    if folder is not None:
        path = folder / source / file
        if not path.is_file():
            raise DataUnavailableError(
                f"{source}/{file} is not in the mirror folder {folder} (looked for {path}). "
                f"Point {MIRROR_ENV} at a folder laid out as <source>/<file>, or unset it to "
                f"download the file from {entry.url}"
            )
        verify(path, entry)
        return path
    global _download_failure
    target = cache_dir() / source
    cached = target / file
    if cached.is_file():  # downloaded before: verify it, never fetch it again
        verify(cached, entry)
        return cached
    if _download_failure is not None:
        raise DataUnavailableError(_download_failure)
    existed = [d for d in (target, target.parent) if d.is_dir()]
    pooch.get_logger().setLevel("WARNING")  # no "Downloading ..." line: success is silent, failure raises
    try:
        got = pooch.retrieve(
            url=entry.url,
            known_hash=f"sha256:{entry.sha256}",
            fname=file,
            path=target,
            progressbar=False,
        )
    except ValueError as exc:  # pooch's hash mismatch
        _clean_failed_download(cached, target, existed)
        raise ChecksumMismatchError(f"checksum mismatch for {source}/{file} downloaded from {entry.url}: {exc}") from exc
    except Exception as exc:  # network down, HTTP error, DNS failure ...
        _clean_failed_download(cached, target, existed)
        reason = str(exc) if len(str(exc)) <= 200 else str(exc)[:200] + " ..."
        _download_failure = (
            f"The market data are not available: {source}/{file} is not in the download cache {cache_dir()} and no "
            f"mirror is set, and downloading it from {entry.url} failed ({type(exc).__name__}: {reason}). {HOW_TO_FIX}."
        )
        raise DataUnavailableError(_download_failure) from exc
    return Path(got)


def _clean_failed_download(cached: Path, target: Path, existed: list[Path]) -> None:
    """After a failed download: no partial file (pooch writes to a temporary file, but a file that
    appeared anyway is removed) and no folder that the attempt created."""
    if cached.is_file():
        cached.unlink()
    _remove_new_empty_dirs(target, existed)
