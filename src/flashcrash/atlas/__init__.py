"""The crash atlas: every crash in the data found with one stated rule, and the same measures for each.

- :mod:`flashcrash.atlas.detect`   the crash rule (:class:`CrashRule`, :func:`detect`)
- :mod:`flashcrash.atlas.measures` per-event measures (session, round level, liquidations, funding,
  other coins, the cascade model out of sample)
- :mod:`flashcrash.atlas.run`      loading once, the parallel map (threads, processes or Dask), JSON
- :mod:`flashcrash.atlas.compare`  the December 2025 event against the 2022 crashes

The chapter's charts are in :mod:`flashcrash.figures.atlas`.
"""

from flashcrash.atlas.detect import (
    DROP,
    WINDOW,
    CrashRule,
    find_events,
    flag_bars,
    trailing_high,
)
from flashcrash.atlas.measures import AtlasInputs, measure_event
from flashcrash.atlas.run import (
    DEFAULT_MARKETS,
    MARKETS,
    SCHEDULERS,
    atlas,
    default_atlas,
    events_json,
    load_inputs,
    to_json,
)

__all__ = [
    "DEFAULT_MARKETS",
    "DROP",
    "MARKETS",
    "SCHEDULERS",
    "WINDOW",
    "AtlasInputs",
    "CrashRule",
    "atlas",
    "default_atlas",
    "events_json",
    "find_events",
    "flag_bars",
    "load_inputs",
    "measure_event",
    "to_json",
    "trailing_high",
]
