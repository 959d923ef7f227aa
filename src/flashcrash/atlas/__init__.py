"""The crash atlas: every crash in the data found with one stated rule, and the same measures for each.

- :mod:`flashcrash.atlas.detect`   the crash rule (:class:`CrashRule`, :func:`detect`)
- :mod:`flashcrash.atlas.bars`     bars as arrays and the funding before an event
- :mod:`flashcrash.atlas.markets`  the price series searched and the catalogued crashes' names
- :mod:`flashcrash.atlas.measures` per-event measures (session, round level, liquidations, funding,
  other coins, the cascade model out of sample)
- :mod:`flashcrash.atlas.run`      loading once, the parallel map (threads, processes or Dask), JSON
- :mod:`flashcrash.atlas.compare`  the December 2025 event against the 2022 crashes

The names below are read from their modules when first used: importing one module of the atlas
(the 2022 comparison reads :mod:`~flashcrash.atlas.compare` alone) does not import the measures,
which need the levels and liquidation chapters.

The chapter's charts are in :mod:`flashcrash.figures.atlas`.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Exported name -> the module of the atlas that defines it.
_EXPORTS = {
    "DROP": "detect",
    "WINDOW": "detect",
    "CrashRule": "detect",
    "find_events": "detect",
    "flag_bars": "detect",
    "trailing_high": "detect",
    "AtlasInputs": "measures",
    "measure_event": "measures",
    "MARKETS": "markets",
    "DEFAULT_MARKETS": "run",
    "SCHEDULERS": "run",
    "atlas": "run",
    "default_atlas": "run",
    "events_json": "run",
    "load_inputs": "run",
    "to_json": "run",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """An exported name, from its module (imported on first use); submodules as usual."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
