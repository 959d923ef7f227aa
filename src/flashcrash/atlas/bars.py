"""Bars as numpy arrays (:class:`Bars`) and the funding measures of an event read from them
(:func:`funding_rolls`, :func:`funding_measures`): the building blocks of the atlas's measures
(:mod:`flashcrash.atlas.measures`) that the 2022 comparison (:mod:`flashcrash.atlas.compare`) also
reads, in a module light enough to import without the levels and liquidation chapters.

Times are int64 nanoseconds since the epoch (UTC), funding prints fractions per 8 h, annualised
funding fractions per year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.atlas.detect import bar_step

#: Funding windows before an event (days).
FUNDING_DAYS = (7, 30)


@dataclass(frozen=True)
class Bars:
    """A table of bars as numpy arrays (the measures slice them thousands of times; numpy slices
    cost microseconds, pandas ones much more): ``t`` bar open times (int64 ns since the epoch, UTC),
    ``cols`` column name -> float array, ``step`` the bar length (ns)."""

    t: np.ndarray
    cols: dict[str, np.ndarray]
    step: int

    @classmethod
    def of(cls, df: pd.DataFrame) -> Bars:
        """From a frame on a UTC DatetimeIndex (its numeric columns)."""
        idx = pd.DatetimeIndex(df.index).as_unit("ns")
        step = bar_step(idx).value if len(idx) > 1 else 0
        return cls(idx.asi8.copy(), {c: df[c].to_numpy(float).copy() for c in df.columns if pd.api.types.is_numeric_dtype(df[c])}, step)

    def __getitem__(self, col: str) -> np.ndarray:
        return self.cols[col]

    def __len__(self) -> int:
        return len(self.t)

    def span(self, a: pd.Timestamp, b: pd.Timestamp) -> slice:
        """Positions of the bars opening in ``[a, b)``."""
        return slice(int(np.searchsorted(self.t, a.value)), int(np.searchsorted(self.t, b.value)))

    def covers(self, a: pd.Timestamp, b: pd.Timestamp) -> bool:
        """Every bar of ``[a, b)`` is present (no gap, both ends inside the data)."""
        if len(self.t) == 0 or a.value < self.t[0] or b.value > self.t[-1] + self.step:
            return False
        sl = self.span(a, b)
        return sl.stop - sl.start == (b.value - a.value) // self.step

    def time(self, i: int) -> pd.Timestamp:
        return pd.Timestamp(int(self.t[i]), unit="ns", tz="UTC")


def funding_rolls(rates: pd.Series) -> pd.DataFrame:
    """Rolling means of funding prints (fraction per 8 h) over 7 and 30 days (21 and 90 prints)."""
    return pd.DataFrame({f"m{d}": rates.rolling(3 * d, min_periods=3 * d).mean() for d in FUNDING_DAYS}, index=rates.index)


def funding_measures(rolls: Bars | None, start: pd.Timestamp) -> dict:
    """Funding before ``start``: 7- and 30-day means annualised (x 3 x 365, fraction per year) and
    the percentile of the 30-day mean among all earlier 30-day means; ``None`` without 30 days of prints."""
    out = {"funding_7d": None, "funding_30d": None, "funding_30d_percentile": None}
    if rolls is None:
        return out
    k = int(np.searchsorted(rolls.t, start.value))  # prints strictly before start
    m30 = rolls["m30"][:k]
    hist = m30[np.isfinite(m30)]
    if k == 0 or len(hist) == 0:
        return out
    v = float(m30[-1])
    return {"funding_7d": float(rolls["m7"][k - 1]) * 3 * 365, "funding_30d": v * 3 * 365, "funding_30d_percentile": float(np.mean(hist <= v))}
