"""The registry of raw files (``data/registry.yaml``) and their checksummed fetch.

Files come from, in order:

1. a local mirror folder laid out as ``<source>/<file>``, named by ``FLASHCRASH_DATA_MIRROR``
   (or the ``mirror=`` argument / the CLI's ``--mirror``), with no network;
2. otherwise the pinned URL, downloaded once with :mod:`pooch` into the cache folder.

The SHA-256 is verified either way.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pooch
import yaml

from flashcrash.errors import ChecksumMismatchError, DataUnavailableError, UnknownSourceError
from flashcrash.paths import cache_dir, data_dir

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
        doc = yaml.safe_load(fh)
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
        raise UnknownSourceError(
            f"unknown data source {source!r}; known sources: {', '.join(sources)} (see data/registry.yaml)"
        )
    files = sorted(f for s, f in reg if s == source)
    raise UnknownSourceError(
        f"unknown file {file!r} in source {source!r}; its files are: {', '.join(files)}"
    )


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
    """The mirror folder in use: the argument, else ``$FLASHCRASH_DATA_MIRROR``, else none."""
    value = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None


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
    target = cache_dir() / source
    try:
        got = pooch.retrieve(
            url=entry.url,
            known_hash=f"sha256:{entry.sha256}",
            fname=file,
            path=target,
            progressbar=False,
        )
    except ValueError as exc:  # pooch's hash mismatch
        raise ChecksumMismatchError(
            f"checksum mismatch for {source}/{file} downloaded from {entry.url}: {exc}"
        ) from exc
    except Exception as exc:  # network down, HTTP error, DNS failure ...
        raise DataUnavailableError(
            f"cannot download {source}/{file} from {entry.url} ({type(exc).__name__}: {exc}). "
            f"With no network, set {MIRROR_ENV} to a local mirror folder laid out as <source>/<file> "
            f"(e.g. FLASHCRASH_DATA_MIRROR=../shared/data)"
        ) from exc
    return Path(got)
