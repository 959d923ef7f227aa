"""Co-movement of ETH and the altcoins with BTC on the crash day (claim c18).

* drawdown of each coin from its prior close (close of the last bar before the day) to its low of
  the day, and the time of that low (:func:`drawdown_table`);
* lead-lag: cross-correlation of 5-minute log returns of each coin against BTC at lags of whole bars
  (:func:`lead_lag_table`; a peak at a positive lag means BTC moved first);
* beta and correlation to BTC in the crash window against a calm baseline
  (:func:`correlation_shift`): fire-sale models predict correlations that rise during distressed
  selling (endogenous correlation, Cont & Wagalath 2013, 2016), and their trailing one-day course
  (:func:`rolling_correlation_table`).

Prices are USD (USDT taken at par), bars are perpetual futures bars on a UTC index of open times;
every function takes the bars as arguments (:func:`flashcrash.contagion.inputs.load` reads them).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from flashcrash.contagion.returns import beta_corr, cross_correlation, day_drawdown, log_returns, peak_lag, rolling_correlation
from flashcrash.data import PERP_5M_SYMBOLS
from flashcrash.data.validate import to_utc

#: The sharp break of $87,000 in the Asian session: the first hour of the event day.
BREAK_HOURS = 1
#: The altcoins with 5-minute perpetual bars around the event (every coin of the 5-minute files but BTC).
ALTS = tuple(s for s in PERP_5M_SYMBOLS if s != "BTC")
#: Coins with 15-minute (or finer) perpetual bars before the event day, for the prior-month baseline.
PRIOR_MONTH_ALTS = ("ETH", "XRP", "SOL", "DOGE")


def closes(bars: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The coins' closes (USD) side by side, on the bar times they all share (symbol -> OHLC bars)."""
    return pd.concat({s: b["close"] for s, b in bars.items()}, axis=1, join="inner")


def _alts(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` other than BTC, in order."""
    return [s for s in frame.columns if s != "BTC"]


def drawdown_table(bars: Mapping[str, pd.DataFrame], day: pd.Timestamp) -> pd.DataFrame:
    """Per coin (``bars``: symbol -> 5-minute perp bars, BTC among them): drawdown from the prior close
    to the day's low (fraction), the time of the low (UTC), the drawdown in the first
    :data:`BREAK_HOURS` hours (the break), the low's delay after BTC's (minutes) and the drawdown's
    ratio to BTC's."""
    day = to_utc(day)
    rows = []
    for s, b in bars.items():
        full = day_drawdown(b, day, 24)
        brk = day_drawdown(b, day, BREAK_HOURS)
        rows.append(
            {
                "symbol": s,
                "prior_close": full["prior_close"],
                "low": full["low"],
                "low_time": full["low_time"],
                "drawdown": full["drawdown"],
                "break_low_time": brk["low_time"],
                "break_drawdown": brk["drawdown"],
            }
        )
    df = pd.DataFrame(rows).set_index("symbol")
    if "BTC" in df.index:
        df["minutes_after_btc_low"] = (df["low_time"] - df.loc["BTC", "low_time"]).dt.total_seconds() / 60
    df["ratio_to_btc"] = df["drawdown"] / df.loc["BTC", "drawdown"] if "BTC" in df.index else np.nan
    return df


def lead_lag_table(closes_5m: pd.DataFrame, day: pd.Timestamp, max_lag: int = 6, hours: float = 24) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cross-correlation of each altcoin's 5-minute log returns with BTC's over ``[day, day + hours)``.

    ``closes_5m``: 5-minute closes (USD), one column per coin, BTC among them (:func:`closes`).
    Returns (long table ``symbol, lag, lag_minutes, corr`` for charts; summary per coin with
    ``peak_lag`` in bars, ``peak_corr``, ``corr_lag0`` and the asymmetry
    ``btc_leads_minus_follows`` = sum of c(k) over k > 0 minus over k < 0).
    """
    day = to_utc(day)
    r = log_returns(closes_5m).loc[day : day + pd.Timedelta(hours=hours) - pd.Timedelta(seconds=1)]
    long, summ = [], []
    for s in _alts(closes_5m):
        xc = cross_correlation(r["BTC"], r[s], max_lag)
        long.append(pd.DataFrame({"symbol": s, "lag": xc.index, "lag_minutes": xc.index * 5, "corr": xc.to_numpy()}))
        pos = xc[xc.index > 0].sum()
        neg = xc[xc.index < 0].sum()
        summ.append(
            {"symbol": s, "peak_lag": peak_lag(xc), "peak_corr": float(xc.max()), "corr_lag0": float(xc.loc[0]), "btc_leads_minus_follows": float(pos - neg)}
        )
    return pd.concat(long, ignore_index=True), pd.DataFrame(summ).set_index("symbol")


def closes_15m(
    perp_15m: Mapping[str, pd.DataFrame], perp_5m_early: Mapping[str, pd.DataFrame], start: str = "2025-10-01", end: str = "2026-01-29"
) -> pd.DataFrame:
    """15-minute perp closes (USD) from ``start`` to ``end``, on the times every coin shares:
    ``perp_15m`` (symbol -> 15-minute bars; BTC, ETH, XRP) as they are, and ``perp_5m_early``
    (symbol -> 5-minute bars; SOL, DOGE) as the last close of each 15 minutes."""
    cols = {s: b["close"] for s, b in perp_15m.items()}
    for s, b in perp_5m_early.items():
        cols[s] = b["close"].resample("15min").last()
    df = pd.concat(cols, axis=1, join="inner").loc[start:end]
    return df.dropna()


def correlation_shift_15m(closes_15: pd.DataFrame, day: pd.Timestamp, baseline_days: int = 30) -> pd.DataFrame:
    """Beta and correlation to BTC of 15-minute returns (``closes_15``, :func:`closes_15m`) on the
    event day against the ``baseline_days`` before it, for the coins with earlier bars
    (:data:`PRIOR_MONTH_ALTS`): the rows of resolution ``"15min"`` of :func:`correlation_shift`."""
    day = to_utc(day)
    end = day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    rows = []
    r15 = log_returns(closes_15)
    for s in _alts(closes_15):
        base = r15.loc[day - pd.Timedelta(days=baseline_days) : day - pd.Timedelta(seconds=1)]
        ev = r15.loc[day:end]
        bb, cb = beta_corr(base["BTC"], base[s])
        be, ce = beta_corr(ev["BTC"], ev[s])
        rows.append(
            {
                "symbol": s,
                "resolution": "15min",
                "baseline": f"{baseline_days} days before",
                "beta_base": bb,
                "corr_base": cb,
                "beta_event": be,
                "corr_event": ce,
            }
        )
    return _with_change(pd.DataFrame(rows))


def correlation_shift_5m(closes_5m: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Beta and correlation to BTC of 5-minute returns (``closes_5m``) on the event day against the
    rest of the 5-minute sample (the eight weeks after it; there are no 5-minute bars for all ten
    coins before 2025-11-30): the rows of resolution ``"5min"`` of :func:`correlation_shift`."""
    day = to_utc(day)
    end = day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    rows = []
    r5 = log_returns(closes_5m)
    after = r5.loc[day + pd.Timedelta(days=1) :]
    ev5 = r5.loc[day:end]
    for s in _alts(closes_5m):
        bb, cb = beta_corr(after["BTC"], after[s])
        be, ce = beta_corr(ev5["BTC"], ev5[s])
        rows.append(
            {"symbol": s, "resolution": "5min", "baseline": "rest of sample (after)", "beta_base": bb, "corr_base": cb, "beta_event": be, "corr_event": ce}
        )
    return _with_change(pd.DataFrame(rows))


def _with_change(rows: pd.DataFrame) -> pd.DataFrame:
    """The correlation rows with ``corr_change`` = event minus baseline correlation."""
    rows["corr_change"] = rows["corr_event"] - rows["corr_base"]
    return rows


def correlation_shift(closes_15: pd.DataFrame, closes_5m: pd.DataFrame, day: pd.Timestamp, baseline_days: int = 30) -> pd.DataFrame:
    """Beta and correlation to BTC on the event day against a calm baseline.

    Two comparisons: (1) 15-minute returns (``closes_15``, :func:`closes_15m`), event day vs the
    ``baseline_days`` before it, for the coins with earlier bars (:data:`PRIOR_MONTH_ALTS`); (2)
    5-minute returns (``closes_5m``), event day vs the rest of the 5-minute sample (the eight weeks
    after it; there are no 5-minute bars for all ten coins before 2025-11-30). Columns: ``symbol,
    resolution, baseline, beta_base, corr_base, beta_event, corr_event, corr_change``.
    """
    return shift_table(correlation_shift_15m(closes_15, day, baseline_days), correlation_shift_5m(closes_5m, day))


def shift_table(rows_15m: pd.DataFrame, rows_5m: pd.DataFrame) -> pd.DataFrame:
    """The correlation shift's rows at both resolutions, 15-minute first (:func:`correlation_shift`)."""
    return pd.concat([rows_15m, rows_5m], ignore_index=True)


def rolling_correlation_table(
    closes_15: pd.DataFrame, window_bars: int = 96, start: str = "2025-11-01", end: str = "2025-12-31", every: int = 4
) -> pd.DataFrame:
    """Trailing one-day (96 x 15 min) correlation of each coin of ``closes_15`` (:func:`closes_15m`)
    with BTC, sampled every ``every`` bars, as a long table ``time, symbol, corr``."""
    r = log_returns(closes_15)
    rows = []
    for s in _alts(closes_15):
        rc = rolling_correlation(r["BTC"], r[s], window_bars).loc[start:end].iloc[::every]
        rows.append(pd.DataFrame({"time": rc.index, "symbol": s, "corr": rc.to_numpy()}))
    return pd.concat(rows, ignore_index=True).dropna()
