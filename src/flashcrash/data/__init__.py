"""Data layer: registry of raw files, checksummed fetch (mirror or download) and validated loaders.

The loaders and validators are imported from their modules when first used: the registry and the
fetch (``python -m flashcrash fetch``, run before every build and test) then start without pandas.
The registry's names are bound here at once (``registry`` is also its module's name: importing the
module would otherwise leave the module, not the function, under that name).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashcrash.data.loaders import (
        PERP_5M_SYMBOLS,
        bitstamp_daily,
        derivatives_1h,
        fred,
        funding,
        gaps_table,
        index_1d,
        index_1h,
        liquidations_1h,
        mark_1h,
        perp_1h,
        perp_5m,
        perp_5m_history,
        perp_15m,
        spot_1h,
        yahoo_daily,
    )
    from flashcrash.data.validate import find_gaps, require_complete, require_utc, to_utc

from flashcrash.data.registry import DataFile, fetch, lookup, registry, verify

__all__ = [
    "PERP_5M_SYMBOLS",
    "DataFile",
    "bitstamp_daily",
    "derivatives_1h",
    "fetch",
    "find_gaps",
    "fred",
    "funding",
    "gaps_table",
    "index_1d",
    "index_1h",
    "liquidations_1h",
    "lookup",
    "mark_1h",
    "perp_1h",
    "perp_15m",
    "perp_5m",
    "perp_5m_history",
    "registry",
    "require_complete",
    "require_utc",
    "spot_1h",
    "to_utc",
    "verify",
    "yahoo_daily",
]

_REGISTRY = ("DataFile", "fetch", "lookup", "registry", "verify")  # bound above
_VALIDATE = ("find_gaps", "require_complete", "require_utc", "to_utc")
#: The module each name imported when first used lives in (the loaders', unless named above).
_HOME = {name: "flashcrash.data.validate" if name in _VALIDATE else "flashcrash.data.loaders" for name in __all__ if name not in _REGISTRY}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'flashcrash.data' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
