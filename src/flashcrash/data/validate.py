"""Checks every loaded table must pass. Failures name the file and the rows at fault."""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.errors import CorruptDataError, GapError, NaiveTimestampError

OHLC = ["open", "high", "low", "close"]


def require_utc(ts: pd.Timestamp | pd.DatetimeIndex | pd.Series, what: str = "timestamp") -> None:
    """Raise :class:`NaiveTimestampError` unless ``ts`` carries a time zone (it is then read as UTC)."""
    tz = ts.tz if isinstance(ts, (pd.Timestamp, pd.DatetimeIndex)) else ts.dt.tz
    if tz is None:
        raise NaiveTimestampError(
            f"{what} has no time zone; the report works in UTC: build it with pd.Timestamp(..., tz='UTC') or tz_localize('UTC') if it is UTC already"
        )


def to_utc(ts: str | pd.Timestamp) -> pd.Timestamp:
    """A timezone-aware UTC timestamp from an ISO string or an aware Timestamp (naive ones are refused)."""
    t = pd.Timestamp(ts)
    require_utc(t, f"timestamp {ts!r}")
    return t.tz_convert("UTC")


def check_index(df: pd.DataFrame, name: str) -> None:
    """Unique, strictly increasing, timezone-aware index."""
    if not isinstance(df.index, pd.DatetimeIndex):
        raise CorruptDataError(f"{name}: index is not a DatetimeIndex")
    require_utc(df.index, f"{name}: index")
    if df.index.has_duplicates:
        dup = df.index[df.index.duplicated()][:3]
        raise CorruptDataError(f"{name}: duplicate timestamps, e.g. {list(map(str, dup))}")
    if not df.index.is_monotonic_increasing:
        raise CorruptDataError(f"{name}: timestamps are not in increasing order")


def check_columns(df: pd.DataFrame, expected: list[str], name: str) -> None:
    """All ``expected`` columns are present."""
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise CorruptDataError(f"{name}: missing columns {missing} (has {list(df.columns)}); the file is not the expected version, fetch it again")


def check_ohlc(df: pd.DataFrame, name: str) -> None:
    """Finite positive prices and high >= max(open, close) >= min(open, close) >= low."""
    px = df[OHLC].to_numpy(dtype=float)
    bad = ~np.isfinite(px).all(axis=1) | (px <= 0).any(axis=1)
    if bad.any():
        raise CorruptDataError(f"{name}: {int(bad.sum())} bars with missing, infinite or non-positive prices, first at {df.index[bad][0]}")
    o, h, lo, c = px.T
    top, bottom = np.maximum(o, c), np.minimum(o, c)
    bad = (h < top) | (bottom < lo)
    if bad.any():
        raise CorruptDataError(f"{name}: {int(bad.sum())} bars break high >= max(open, close) >= min(open, close) >= low, first at {df.index[bad][0]}")


def find_gaps(index: pd.DatetimeIndex, freq: str | pd.Timedelta) -> pd.DataFrame:
    """Missing bars in a regular index: one row per gap with ``after`` (last bar before it),
    ``before`` (first bar after it) and ``missing`` (number of absent bars)."""
    step = pd.Timedelta(freq)
    if len(index) < 2:
        return pd.DataFrame(columns=["after", "before", "missing"])
    diffs = index[1:] - index[:-1]
    where = np.flatnonzero(diffs > step)
    return pd.DataFrame(
        {
            "after": index[where],
            "before": index[where + 1],
            "missing": ((diffs[where] / step).astype(int) - 1),
        }
    )


def require_complete(df: pd.DataFrame, freq: str, start: pd.Timestamp | str | None = None, end: pd.Timestamp | str | None = None) -> None:
    """Raise :class:`GapError` if bars are missing between ``start`` and ``end`` (inclusive)."""
    sub = df.loc[slice(start, end)]
    gaps = find_gaps(sub.index, freq)
    if len(gaps):
        g = gaps.iloc[0]
        raise GapError(
            f"{df.attrs.get('name', 'table')}: {int(gaps['missing'].sum())} missing {freq} bars in "
            f"{len(gaps)} gaps between {start} and {end}, first after {g['after']}; choose a window "
            "without gaps or a source that covers it"
        )
