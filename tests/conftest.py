"""Names the test modules share. The data rule, the ``data`` mark and the skip when the data are
missing are set up in the repository's root ``conftest.py`` (it covers the notebooks too)."""

from __future__ import annotations

import pytest

from flashcrash.paths import repo_root

ROOT = repo_root()
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"

#: Marks a test that reads the real data (kept for the modules that import it).
needs_data = pytest.mark.data
