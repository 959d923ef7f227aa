"""Small building blocks of the contagion measures: returns, drawdowns, cross-correlation and beta.

Pure functions on prices (USD) or returns (log returns, fractions), tested on toy series; the
chapter's tables (:mod:`flashcrash.contagion.altcoins`, :mod:`flashcrash.contagion.derivatives`) are
built from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc, to_utc
from flashcrash.errors import GapError


def log_returns(close: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Log returns ``ln(P_t / P_{t-1})`` of a price series or frame (first row dropped)."""
    if (np.asarray(close, dtype=float) <= 0).any():
        raise ValueError("prices must be positive to take log returns")
    return np.log(close).diff().iloc[1:]


def drawdown(prior_close: float | np.ndarray, low: float | np.ndarray) -> float | np.ndarray:
    """Fractional drawdown ``low / prior_close - 1`` (negative for a fall)."""
    pc = np.asarray(prior_close, dtype=float)
    if (pc <= 0).any():
        raise ValueError("prior close must be positive")
    out = np.asarray(low, dtype=float) / pc - 1.0
    return float(out) if out.ndim == 0 else out


def day_drawdown(bars: pd.DataFrame, day: pd.Timestamp, hours: float = 24) -> dict[str, float | pd.Timestamp]:
    """Drawdown of one coin from the close before ``day`` to its lowest low in ``[day, day + hours)``.

    ``bars``: OHLC frame on a UTC index (bar open times). Returns ``prior_close`` (USD),
    ``low`` (USD), ``low_time`` (open time of the bar with the low, UTC) and ``drawdown``
    (fraction). Raises :class:`GapError` if bars are missing inside the window.
    """
    require_utc(bars.index, "bars index")
    day = to_utc(day)
    end = day + pd.Timedelta(hours=hours)
    prior = bars.loc[: day - pd.Timedelta(seconds=1), "close"]
    win = bars.loc[day : end - pd.Timedelta(seconds=1)]
    if prior.empty or win.empty:
        raise ValueError(f"bars do not cover {day} (need a bar before it and bars inside the window)")
    step = win.index.to_series().diff().dropna()
    if len(step) and (step > step.min()).any():
        raise GapError(f"missing bars between {day} and {end}: the drawdown window must be complete")
    i = int(np.argmin(win["low"].to_numpy()))
    pc = float(prior.iloc[-1])
    low = float(win["low"].iloc[i])
    return {"prior_close": pc, "low": low, "low_time": win.index[i], "drawdown": drawdown(pc, low)}


def cross_correlation(x: pd.Series | np.ndarray, y: pd.Series | np.ndarray, max_lag: int) -> pd.Series:
    """Cross-correlation ``c(k) = corr(x_t, y_{t+k})`` for ``k = -max_lag .. max_lag`` (bars).

    If ``y`` repeats ``x`` ``k`` bars later (``y_t = x_{t-k}``), the peak is at lag ``+k``: a peak at
    a positive lag means ``x`` leads ``y``. Each lag uses the overlapping pairs only (Pearson).
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"x and y must be 1-D and aligned (got shapes {a.shape} and {b.shape})")
    if max_lag < 0 or max_lag >= len(a) - 2:
        raise ValueError(f"max_lag must be in 0..{len(a) - 3} for series of length {len(a)}")
    out = {}
    for k in range(-max_lag, max_lag + 1):
        if k >= 0:
            u, v = a[: len(a) - k], b[k:]
        else:
            u, v = a[-k:], b[: len(b) + k]
        ok = np.isfinite(u) & np.isfinite(v)
        out[k] = float(np.corrcoef(u[ok], v[ok])[0, 1])
    s = pd.Series(out, name="corr")
    s.index.name = "lag"
    return s


def peak_lag(xc: pd.Series) -> int:
    """Lag (bars) of the largest cross-correlation; ties go to the lag closest to zero."""
    best = xc.max()
    lags = xc.index[np.isclose(xc.to_numpy(), best)]
    return int(lags[np.argmin(np.abs(lags))])


def beta_corr(x: np.ndarray | pd.Series, y: np.ndarray | pd.Series) -> tuple[float, float]:
    """OLS beta of ``y`` on ``x`` (``cov(x, y) / var(x)``) and Pearson correlation, on returns."""
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    if a.size < 3:
        raise ValueError("need at least 3 paired returns for a beta")
    c = np.cov(a, b, ddof=1)
    return float(c[0, 1] / c[0, 0]), float(c[0, 1] / np.sqrt(c[0, 0] * c[1, 1]))


def rolling_correlation(x: pd.Series, y: pd.Series, window: int) -> pd.Series:
    """Pearson correlation of two aligned return series over a trailing window of ``window`` bars."""
    return x.rolling(window, min_periods=window).corr(y)
