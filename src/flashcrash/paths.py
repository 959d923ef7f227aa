"""Where the repository, its data registry and the download cache live."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The repository root: the nearest folder above this package that holds ``_config.yml``.

    ``FLASHCRASH_ROOT`` overrides the search (useful when the package is installed elsewhere).
    """
    env = os.environ.get("FLASHCRASH_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_config.yml").is_file() and (parent / "data").is_dir():
            return parent
    raise FileNotFoundError(
        f"cannot find the flashcrash repository above {here}: install the package from a clone "
        "with `pip install -e .`, or set FLASHCRASH_ROOT to the clone's folder"
    )


def from_root(path: str | Path) -> Path:
    """``path`` as an absolute path; a relative one is read from the repository root (one rule for
    the command line, the notebooks, which run from ``book/``, the book build and the tests)."""
    p = Path(path).expanduser()
    return (p if p.is_absolute() else repo_root() / p).resolve()


def data_dir() -> Path:
    """``data/``: the registry of raw files and the claims list (no market data)."""
    return repo_root() / "data"


def cache_dir() -> Path:
    """Download cache (ignored by git): ``_data_cache/`` at the repository root, or
    ``FLASHCRASH_CACHE`` (a relative path is read from the repository root)."""
    env = os.environ.get("FLASHCRASH_CACHE")
    return from_root(env) if env else repo_root() / "_data_cache"
