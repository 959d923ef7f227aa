"""Data layer: registry of raw files, checksummed fetch (mirror or download) and validated loaders."""

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
from flashcrash.data.registry import DataFile, fetch, lookup, registry, verify
from flashcrash.data.validate import find_gaps, require_complete, require_utc, to_utc

__all__ = [
    "PERP_5M_SYMBOLS", "DataFile", "bitstamp_daily", "derivatives_1h", "fetch", "find_gaps", "fred", "funding", "gaps_table",
    "index_1d", "index_1h", "liquidations_1h", "lookup", "mark_1h", "perp_1h", "perp_15m", "perp_5m", "perp_5m_history", "registry",
    "require_complete", "require_utc", "spot_1h", "to_utc", "verify", "yahoo_daily",
]
