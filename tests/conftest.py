"""Shared test set-up: use the local data mirror when it exists (there is no network in CI)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = ROOT.parent / "shared" / "data"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"

if "FLASHCRASH_DATA_MIRROR" not in os.environ and DEFAULT_MIRROR.is_dir():
    os.environ["FLASHCRASH_DATA_MIRROR"] = str(DEFAULT_MIRROR)


def _have_data() -> bool:
    m = os.environ.get("FLASHCRASH_DATA_MIRROR")
    return bool(m and Path(m).is_dir()) or (ROOT / "_data_cache").is_dir()


needs_data = pytest.mark.skipif(not _have_data(), reason="no data mirror or cache: set FLASHCRASH_DATA_MIRROR")
