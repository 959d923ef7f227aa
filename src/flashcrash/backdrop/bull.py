"""Funding through bull markets (claim c62): runs of 90-day returns above a threshold, and the 90-day
mean funding's rank correlation with the 90-day return and its peak percentile in each run.

Funding rates are fractions per 8 h (annualised: per year), returns fractions, days UTC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc
from flashcrash.macro import annualise

#: Window (days) of the funding mean and of the return in the bull-market comparison.
BULL_WINDOW_DAYS = 90
#: Bull runs less than this many days apart are one phase; shorter phases are dropped.
BULL_MERGE_DAYS, BULL_MIN_DAYS = 30, 30


def bull_phases(returns: pd.Series, threshold: float, merge_days: int = BULL_MERGE_DAYS, min_days: int = BULL_MIN_DAYS) -> pd.DataFrame:
    """Bull phases: runs of days whose trailing return (fraction) exceeds ``threshold``.

    Runs that start less than ``merge_days`` after the previous run ended are one phase; phases
    spanning fewer than ``min_days`` days are dropped. Returns ``start``, ``end`` (UTC days),
    ``days`` (calendar span) and ``max_return``.
    """
    require_utc(returns.index, "returns index")
    r = returns.dropna()
    up = (r > threshold).to_numpy()
    if not up.any():
        return pd.DataFrame(columns=["start", "end", "days", "max_return"])
    edges = np.diff(np.concatenate([[0], up.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    t = r.index
    gap = (t[starts[1:]] - t[ends[:-1]]).days.to_numpy() if len(starts) > 1 else np.array([], dtype=int)
    new = np.concatenate([[True], gap >= merge_days])
    first = starts[new]
    last = ends[np.r_[np.flatnonzero(new)[1:] - 1, len(ends) - 1]]
    pos = np.arange(len(r))
    k = np.searchsorted(first, pos, side="right") - 1  # the phase starting last at or before each day
    inside = (k >= 0) & (pos <= last[np.clip(k, 0, None)])
    mx = r[inside].groupby(k[inside]).max()
    out = pd.DataFrame({"start": t[first], "end": t[last], "max_return": mx.to_numpy(dtype=float)})
    out["days"] = (out["end"] - out["start"]).dt.days + 1
    return out[out["days"] >= min_days].reset_index(drop=True)[["start", "end", "days", "max_return"]]


def funding_in_bull_markets(
    rates: pd.Series, close: pd.Series, bull_return: float, window_days: int = BULL_WINDOW_DAYS
) -> tuple[dict[str, float], pd.DataFrame]:
    """Does funding climb with prices? Daily, over the whole history the two series share.

    ``rates``: funding prints (fraction per 8 h) on a UTC index; ``close``: daily closes (USD) on UTC
    days. The ``window_days`` mean of the daily mean funding is set against the ``window_days`` return.
    Returns (``spearman``: rank correlation of the two, ``days``: how many days, ``start``/``end``; and the
    bull phases of :func:`bull_phases` with ``peak_percentile``: the highest percentile, among all days,
    of the mean funding within the phase, and ``peak_funding_annualised``: that mean, per year).
    """
    require_utc(rates.index, "funding index")
    require_utc(close.index, "daily closes index")
    fund = rates.resample("1D").mean().rolling(window_days, min_periods=window_days).mean()
    ret = close / close.shift(freq=f"{window_days}D").reindex(close.index) - 1.0
    df = pd.concat({"funding": fund, "ret": ret}, axis=1, sort=True).dropna()
    if len(df) < 2 * window_days:
        raise ValueError(f"only {len(df)} days with both funding and returns")
    pct = df["funding"].rank(pct=True)
    phases = bull_phases(df["ret"], bull_return)
    peaks = [(pct.loc[a:b].max(), df["funding"].loc[a:b].max()) for a, b in zip(phases["start"], phases["end"], strict=True)]
    phases["peak_percentile"] = [p for p, _ in peaks]
    phases["peak_funding_annualised"] = [float(annualise(f)) for _, f in peaks]
    summary = {"spearman": float(df["funding"].rank().corr(df["ret"].rank())), "days": len(df), "start": df.index[0], "end": df.index[-1]}
    return summary, phases


def bull_phase_table(phases: pd.DataFrame) -> pd.DataFrame:
    """The bull phases of :func:`funding_in_bull_markets` with the column names the tables label."""
    names = {"start": "phase_start", "end": "phase_end", "days": "phase_days", "max_return": "max_return_90d", "peak_percentile": "peak_funding_percentile"}
    return phases.rename(columns=names)[[*names.values(), "peak_funding_annualised"]]
