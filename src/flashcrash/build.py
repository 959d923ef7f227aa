"""The build environment: where published files go, which page is running, when the build started.

While the book builds, :mod:`flashcrash.sphinxext` points :data:`PUBLISH_ENV` at a folder that Sphinx
copies to the site's root, stamps the build time in :data:`BUILD_TIME_ENV` and names the page being
executed in :data:`PAGE_ENV`; the notebooks' kernels inherit all three. Outside a build nothing is
published. Read by the chart renderer (:mod:`flashcrash.charts`) and the published files
(:mod:`flashcrash.publish`); this module imports neither, so they do not import each other through it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from flashcrash import __version__

PUBLISH_ENV = "FLASHCRASH_PUBLISH_DIR"
BUILD_TIME_ENV = "FLASHCRASH_BUILD_TIME"
PAGE_ENV = "FLASHCRASH_PAGE"
#: The folder of the chart files in the site's root (``charts/<id>.csv``, ...).
CHARTS = "charts"
#: The Vega-Lite version the charts are drawn with: the one bundled by vl-convert that matches
#: altair 6.3's schema (here, not in :mod:`flashcrash.charts`, so that the build's processes can
#: name it without importing altair).
VL_VERSION = "6.4"


def publish_dir() -> Path | None:
    """The folder published beside the pages during a build; ``None`` outside a build."""
    value = os.environ.get(PUBLISH_ENV)
    return Path(value) if value else None


def current_page() -> str | None:
    """The page (Sphinx docname, e.g. ``book/01_which_day``) whose notebook is running, during a build."""
    return os.environ.get(PAGE_ENV) or None


def build_time() -> dt.datetime:
    """When this build started (UTC, to the minute); now, outside a build."""
    value = os.environ.get(BUILD_TIME_ENV)
    t = dt.datetime.fromisoformat(value) if value else dt.datetime.now(dt.UTC)  # Python 3.11 reads "Z"
    return t.astimezone(dt.UTC).replace(second=0, microsecond=0)


def build_info() -> dict[str, str]:
    """``{"version", "build_date" (YYYY-MM-DD), "built_at" (ISO 8601 UTC)}``."""
    t = build_time()
    return {"version": __version__, "build_date": f"{t:%Y-%m-%d}", "built_at": f"{t:%Y-%m-%dT%H:%MZ}"}
