"""Volume at price: where the traded volume sat, and the busy price bins (high-volume nodes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from flashcrash.data.validate import require_utc

BIN_USD = 250.0  # price bin of the volume profile (USD)
HVN_SMOOTH = 3  # bins the profile is smoothed over before looking for high-volume nodes
HVN_QUANTILE = 0.8  # a high-volume node's smoothed volume is in the top fifth of bins


def volume_profile(bars: pd.DataFrame, bin_usd: float = BIN_USD) -> pd.DataFrame:
    """Volume at price: each bar's volume (BTC) spread evenly over its low-high range, summed into
    price bins of ``bin_usd``. Returns ``lo``, ``hi``, ``mid`` (USD), ``volume`` (BTC) and ``share``
    (fraction of the total), one row per bin from the lowest low to the highest high."""
    require_utc(bars.index, "bars index")
    lo = bars["low"].to_numpy(float)
    hi = bars["high"].to_numpy(float)
    vol = bars["volume"].to_numpy(float)
    edges = np.arange(np.floor(lo.min() / bin_usd) * bin_usd, (np.floor(hi.max() / bin_usd) + 1.5) * bin_usd, bin_usd)  # last bin holds the top
    a, b = edges[:-1][None, :], edges[1:][None, :]
    overlap = np.clip(np.minimum(hi[:, None], b) - np.maximum(lo[:, None], a), 0.0, None)
    span = hi - lo
    frac = np.where(span[:, None] > 0, overlap / np.where(span > 0, span, 1.0)[:, None], ((lo[:, None] >= a) & (lo[:, None] < b)).astype(float))
    v = (frac * vol[:, None]).sum(axis=0)
    return pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "mid": (edges[:-1] + edges[1:]) / 2, "volume": v, "share": v / v.sum()})


def high_volume_nodes(profile: pd.DataFrame, smooth: int = HVN_SMOOTH, quantile: float = HVN_QUANTILE) -> pd.DataFrame:
    """High-volume nodes: bins that are local maxima of the profile smoothed over ``smooth`` bins and
    whose smoothed volume is in the top ``1 - quantile`` of bins. Descriptive only (no test)."""
    s = profile["volume"].rolling(smooth, center=True, min_periods=1).mean().to_numpy()
    left = np.concatenate([[-np.inf], s[:-1]])
    right = np.concatenate([s[1:], [-np.inf]])
    peak = (s >= left) & (s > right) & (s >= np.quantile(s, quantile))
    out = profile.loc[peak, ["lo", "hi", "mid", "volume", "share"]].copy()
    out["smoothed"] = s[peak]
    return out.reset_index(drop=True)


def nearest_price(prices: np.ndarray, price: float) -> float:
    """The entry of ``prices`` (USD) closest to ``price`` (the first one on a tie); NaN if there is none."""
    if len(prices) == 0:
        return float("nan")
    return float(prices[int(np.argmin(np.abs(prices - price)))])


def profile_percentile(profile: pd.DataFrame, price: float) -> float:
    """Where the bin holding ``price`` ranks among all bins by volume (1 = the busiest bin)."""
    row = profile[(profile["lo"] <= price) & (profile["hi"] > price)]
    if row.empty:
        return float("nan")
    return float((profile["volume"] <= float(row["volume"].iloc[0])).mean())


def point_of_control(profile: pd.DataFrame) -> float:
    """The middle (USD) of the busiest bin of ``profile``."""
    return float(profile.loc[profile["volume"].idxmax(), "mid"])
