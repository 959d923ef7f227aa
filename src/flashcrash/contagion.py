"""Contagion from BTC to ETH and the altcoins, derivatives vs spot, and earlier crashes compared.

Measures (all prices USD, quoted in USDT and taken at par; times UTC):

* drawdown of each coin from its prior close (close of the last bar before the event day) to its
  low of the day, and the time of that low (:func:`drawdown_table`);
* lead-lag: cross-correlation of 5-minute log returns of each coin against BTC at lags of whole
  bars (:func:`cross_correlation`; a peak at a positive lag means BTC moved first);
* beta and correlation to BTC in the crash window against a calm baseline
  (:func:`beta_corr`, :func:`correlation_shift`): fire-sale models predict correlations that rise
  during distressed selling (endogenous correlation, Cont & Wagalath 2013, 2016);
* perpetual vs spot basis from hourly closes (:func:`basis_table`);
* crash comparison: peak-to-trough depth, largest 1 h and 24 h falls and the time to recover, on
  Binance BTCUSDT perpetual hourly bars since 2019 (:func:`crash_measures`, :func:`crash_table`).

:func:`assess` is the chapter assessor (``contagion-macro`` in ``data/claims.yaml``); it also rests
on :mod:`flashcrash.macro` for the funding history and the macro series.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from flashcrash import data, macro
from flashcrash.article import EVENT_DAY
from flashcrash.claims import Assessment, Figure
from flashcrash.crashes import CRASHES, CRASHES_2022, Crash, crashes_with  # noqa: F401 (the chapter notebook reads them here)
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.errors import GapError
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.base import Ruling, with_evidence


def _day(day: pd.Timestamp | None) -> pd.Timestamp:
    """``day`` as a UTC timestamp; ``None`` means the crash day (:data:`flashcrash.article.EVENT_DAY`)."""
    return to_utc(EVENT_DAY if day is None else day)

#: The sharp break of $87,000 in the Asian session: the first hour of the event day.
BREAK_HOURS = 1

ALTS = tuple(s for s in data.PERP_5M_SYMBOLS if s != "BTC")
#: Coins with 15-minute (or finer) perpetual bars before the event day, for the prior-month baseline.
PRIOR_MONTH_ALTS = ("ETH", "XRP", "SOL", "DOGE")


# --------------------------------------------------------------------------------------------
# Small building blocks (pure functions, tested on toy series)
# --------------------------------------------------------------------------------------------
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
    day = _day(day)
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


def basis(perp: pd.Series | np.ndarray, spot: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Perpetual premium over spot, ``perp / spot - 1`` (fraction; negative = perp at a discount)."""
    return perp / spot - 1.0


# --------------------------------------------------------------------------------------------
# Contagion on the event day
# --------------------------------------------------------------------------------------------
def _closes_5m(symbols: tuple[str, ...]) -> pd.DataFrame:
    return pd.concat({s: data.perp_5m(s)["close"] for s in symbols}, axis=1, join="inner")


def drawdown_table(day: pd.Timestamp | None = None, symbols: tuple[str, ...] = data.PERP_5M_SYMBOLS) -> pd.DataFrame:
    """Per coin (5-minute perp bars): drawdown from the prior close to the day's low, the time of the
    low, the drawdown in the first ``BREAK_HOURS`` hours (the break), and the low's delay after BTC's."""
    day = _day(day)
    rows = []
    for s in symbols:
        b = data.perp_5m(s)
        full = day_drawdown(b, day, 24)
        brk = day_drawdown(b, day, BREAK_HOURS)
        rows.append({"symbol": s, "prior_close": full["prior_close"], "low": full["low"], "low_time": full["low_time"], "drawdown": full["drawdown"], "break_low_time": brk["low_time"], "break_drawdown": brk["drawdown"]})
    df = pd.DataFrame(rows).set_index("symbol")
    if "BTC" in df.index:
        df["minutes_after_btc_low"] = (df["low_time"] - df.loc["BTC", "low_time"]).dt.total_seconds() / 60
    df["ratio_to_btc"] = df["drawdown"] / df.loc["BTC", "drawdown"] if "BTC" in df.index else np.nan
    return df


def lead_lag_table(day: pd.Timestamp | None = None, max_lag: int = 6, hours: float = 24) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cross-correlation of each altcoin's 5-minute log returns with BTC's over ``[day, day + hours)``.

    Returns (long table ``symbol, lag, lag_minutes, corr`` for charts; summary per coin with
    ``peak_lag`` in bars, ``peak_corr``, ``corr_lag0`` and the asymmetry
    ``btc_leads_minus_follows`` = sum of c(k) over k > 0 minus over k < 0).
    """
    day = _day(day)
    r = log_returns(_closes_5m(data.PERP_5M_SYMBOLS)).loc[day : day + pd.Timedelta(hours=hours) - pd.Timedelta(seconds=1)]
    long, summ = [], []
    for s in ALTS:
        xc = cross_correlation(r["BTC"], r[s], max_lag)
        long.append(pd.DataFrame({"symbol": s, "lag": xc.index, "lag_minutes": xc.index * 5, "corr": xc.to_numpy()}))
        pos = xc[xc.index > 0].sum()
        neg = xc[xc.index < 0].sum()
        summ.append({"symbol": s, "peak_lag": peak_lag(xc), "peak_corr": float(xc.max()), "corr_lag0": float(xc.loc[0]), "btc_leads_minus_follows": float(pos - neg)})
    return pd.concat(long, ignore_index=True), pd.DataFrame(summ).set_index("symbol")


def _perp_5m_early(symbol: str) -> pd.DataFrame:
    """SOL/DOGE 5-minute perp bars since 2025-04-07 (binance-klines-roshan), for the prior month."""
    return data.perp_5m_history(symbol)


@functools.cache
def closes_15m(start: str = "2025-10-01", end: str = "2026-01-29") -> pd.DataFrame:
    """15-minute perp closes (USD) of BTC and :data:`PRIOR_MONTH_ALTS` from ``start`` to ``end``
    (BTC/ETH/XRP: 15-minute files; SOL/DOGE: 5-minute files, last close of each 15 minutes)."""
    cols = {}
    for s in ("BTC", "ETH", "XRP"):
        cols[s] = data.perp_15m(s)["close"]
    for s in ("SOL", "DOGE"):
        c = _perp_5m_early(s)["close"]
        cols[s] = c.resample("15min").last()
    df = pd.concat(cols, axis=1, join="inner").loc[start:end]
    return df.dropna()


def correlation_shift(day: pd.Timestamp | None = None, baseline_days: int = 30) -> pd.DataFrame:
    """Beta and correlation to BTC on the event day against a calm baseline.

    Two comparisons: (1) 15-minute returns, event day vs the ``baseline_days`` before it, for the
    coins with earlier bars (:data:`PRIOR_MONTH_ALTS`); (2) 5-minute returns, event day vs the rest
    of the 5-minute sample (the eight weeks after it; there are no 5-minute bars for all ten coins
    before 2025-11-30). Columns: ``symbol, resolution, baseline, beta_base, corr_base,
    beta_event, corr_event, corr_change``.
    """
    day = _day(day)
    end = day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    rows = []
    r15 = log_returns(closes_15m())
    for s in PRIOR_MONTH_ALTS:
        base = r15.loc[day - pd.Timedelta(days=baseline_days) : day - pd.Timedelta(seconds=1)]
        ev = r15.loc[day:end]
        bb, cb = beta_corr(base["BTC"], base[s])
        be, ce = beta_corr(ev["BTC"], ev[s])
        rows.append({"symbol": s, "resolution": "15min", "baseline": f"{baseline_days} days before", "beta_base": bb, "corr_base": cb, "beta_event": be, "corr_event": ce})
    r5 = log_returns(_closes_5m(data.PERP_5M_SYMBOLS))
    after = r5.loc[day + pd.Timedelta(days=1) :]
    ev5 = r5.loc[day:end]
    for s in ALTS:
        bb, cb = beta_corr(after["BTC"], after[s])
        be, ce = beta_corr(ev5["BTC"], ev5[s])
        rows.append({"symbol": s, "resolution": "5min", "baseline": "rest of sample (after)", "beta_base": bb, "corr_base": cb, "beta_event": be, "corr_event": ce})
    out = pd.DataFrame(rows)
    out["corr_change"] = out["corr_event"] - out["corr_base"]
    return out


def rolling_correlation_table(window_bars: int = 96, start: str = "2025-11-01", end: str = "2025-12-31", every: int = 4) -> pd.DataFrame:
    """Trailing one-day (96 x 15 min) correlation of each of :data:`PRIOR_MONTH_ALTS` with BTC,
    sampled every ``every`` bars, as a long table ``time, symbol, corr``."""
    r = log_returns(closes_15m())
    rows = []
    for s in PRIOR_MONTH_ALTS:
        rc = rolling_correlation(r["BTC"], r[s], window_bars).loc[start:end].iloc[::every]
        rows.append(pd.DataFrame({"time": rc.index, "symbol": s, "corr": rc.to_numpy()}))
    return pd.concat(rows, ignore_index=True).dropna()


# --------------------------------------------------------------------------------------------
# Derivatives vs spot
# --------------------------------------------------------------------------------------------
BASIS_SYMBOLS = ("BTC", "ETH", "XRP")


def basis_table(day: pd.Timestamp | None = None, before_days: int = 30, after_days: int = 7) -> pd.DataFrame:
    """Hourly perp-vs-spot basis (Binance USD-M perp close / Binance spot close - 1) around ``day``.

    Long table: ``time, symbol, perp, spot, basis`` (fraction), ``perp_ret``, ``spot_ret``
    (hourly log returns), ``event`` (True for the hours of the event day).
    """
    day = _day(day)
    lo, hi = day - pd.Timedelta(days=before_days), day + pd.Timedelta(days=after_days)
    rows = []
    for s in BASIS_SYMBOLS:
        px = pd.concat({"perp": data.perp_1h(s)["close"], "spot": data.spot_1h(s)["close"]}, axis=1, join="inner").loc[lo - pd.Timedelta(hours=1) : hi]
        px["basis"] = basis(px["perp"], px["spot"])
        px["perp_ret"] = np.log(px["perp"]).diff()
        px["spot_ret"] = np.log(px["spot"]).diff()
        px = px.iloc[1:]
        px.insert(0, "symbol", s)
        px["event"] = (px.index >= day) & (px.index < day + pd.Timedelta(days=1))
        rows.append(px.rename_axis("time").reset_index())
    return pd.concat(rows, ignore_index=True)


def basis_summary(table: pd.DataFrame | None = None, day: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per symbol: median basis in the 30 days before (bp), basis in the break hour and its minimum on
    the event day (bp), the hour of that minimum (0-23, UTC; a number, so the table rounds cleanly),
    and the event day's perp and spot falls (fraction, prior hourly close to lowest hourly close)."""
    day = _day(day)
    t = basis_table(day) if table is None else table
    rows = []
    for s, g in t.groupby("symbol", sort=False):
        g = g.set_index("time")
        before = g[g.index < day]
        ev = g[g["event"]]
        prior = before.iloc[-1]
        rows.append(
            {
                "symbol": s,
                "basis_before_median_bp": float(before["basis"].median() * 1e4),
                "basis_before_p05_bp": float(before["basis"].quantile(0.05) * 1e4),
                "basis_break_hour_bp": float(ev["basis"].iloc[0] * 1e4),
                "basis_event_min_bp": float(ev["basis"].min() * 1e4),
                "basis_event_min_hour_utc": int(ev["basis"].idxmin().hour),
                "perp_fall": float(ev["perp"].min() / prior["perp"] - 1),
                "spot_fall": float(ev["spot"].min() / prior["spot"] - 1),
                "corr_perp_spot_event": float(np.corrcoef(ev["perp_ret"], ev["spot_ret"])[0, 1]),
            }
        )
    return pd.DataFrame(rows).set_index("symbol")


# --------------------------------------------------------------------------------------------
# Open interest after the event
# --------------------------------------------------------------------------------------------
def _change_across(oi: pd.Series, day: pd.Timestamp) -> float:
    """Change (fraction) from the last value before ``day`` to the first one at or after ``day + 1 day``;
    NaN if either side is missing."""
    before = oi[oi.index < day]
    after = oi[oi.index >= day + pd.Timedelta(days=1)]
    if before.empty or after.empty:
        return float("nan")
    return float(after.iloc[0] / before.iloc[-1] - 1)


def open_interest_summary(day: pd.Timestamp | None = None, horizon_days: int = 30) -> dict[str, float | pd.Timestamp]:
    """What the Binance BTCUSDT open-interest table can say about the weeks after ``day``.

    ``first_time`` (first hour in the table), ``days_after_event`` (how late it starts), ``oi_first``,
    ``oi_after`` (USD notional at the first hour and ``horizon_days`` later), ``oi_change`` (fraction),
    ``oi_min``/``oi_max`` over that span, and ``oi_change_across`` (fraction, last hour before ``day`` to
    the first hour of the next day; NaN when the table starts after ``day``).
    """
    day = _day(day)
    d = data.derivatives_1h()["oi_close"].dropna()
    first = d.index[0]
    span = d.loc[first : first + pd.Timedelta(days=horizon_days)]
    return {
        "first_time": first,
        "days_after_event": (first - day).total_seconds() / 86400,
        "oi_first": float(span.iloc[0]),
        "oi_after": float(span.iloc[-1]),
        "oi_change": float(span.iloc[-1] / span.iloc[0] - 1),
        "oi_change_across": _change_across(d, day),
        "oi_min": float(span.min()),
        "oi_max": float(span.max()),
    }


# --------------------------------------------------------------------------------------------
# Earlier crashes
# --------------------------------------------------------------------------------------------
# the catalogue itself (Crash, CRASHES, CRASHES_2022, crashes_with) is in flashcrash.crashes


def crash_measures(bars: pd.DataFrame, day: pd.Timestamp, end: pd.Timestamp, peak_lookback_days: int = 7) -> dict[str, float | pd.Timestamp]:
    """Depth, speed and recovery of one crash from hourly OHLC bars (USD, UTC index).

    * ``peak``: highest high in the ``peak_lookback_days`` before ``day``; ``prior_close``: last
      close before ``day``; ``trough``/``trough_time``: lowest low from ``day`` to the end of ``end``.
    * ``depth`` = trough / peak - 1; ``day_depth`` = trough / prior_close - 1 (fractions).
    * ``worst_1h``: the largest fall within one hour, ``low_t / close_{t-1} - 1`` minimised over the
      bars opening in ``[day, end + 1 day)``; ``worst_24h``: the same with the lowest low of the 24
      bars ``t .. t+23`` (so intrabar wicks count; fractions).
    * ``days_to_prior_close`` / ``days_to_peak``: days from the trough to the first hourly close at
      or above the prior close / the peak (NaN if not reached by the end of the data).
    """
    require_utc(bars.index, "bars index")
    day, end = to_utc(day), to_utc(end)
    stop = end + pd.Timedelta(days=1)
    pre = bars.loc[day - pd.Timedelta(days=peak_lookback_days) : day - pd.Timedelta(seconds=1)]
    win = bars.loc[day : stop - pd.Timedelta(seconds=1)]
    if pre.empty or win.empty:
        raise ValueError(f"bars do not cover the crash starting {day.date()}")
    peak = float(pre["high"].max())
    prior_close = float(pre["close"].iloc[-1])
    i = int(np.argmin(win["low"].to_numpy()))
    trough, t_trough = float(win["low"].iloc[i]), win.index[i]
    close = bars["close"]
    prev = close.shift(1)
    r1 = bars["low"] / prev - 1
    low24 = bars["low"][::-1].rolling(24, min_periods=1).min()[::-1]  # min of lows t .. t+23
    r24 = low24 / prev - 1
    sel = (close.index >= day) & (close.index < stop)
    after = close.loc[t_trough:]

    def days_to(level: float) -> float:
        hit = after[after >= level]
        return float((hit.index[0] - t_trough).total_seconds() / 86400) if len(hit) else float("nan")

    return {
        "peak": peak,
        "prior_close": prior_close,
        "trough": trough,
        "trough_time": t_trough,
        "depth": trough / peak - 1,
        "day_depth": trough / prior_close - 1,
        "worst_1h": float(r1[sel].min()),
        "worst_24h": float(r24[sel].min()),
        "days_to_prior_close": days_to(prior_close),
        "days_to_peak": days_to(peak),
    }


def crash_table(crashes: tuple[Crash, ...] = CRASHES) -> pd.DataFrame:
    """:func:`crash_measures` for every episode on Binance BTCUSDT perp hourly bars, with the BTC
    funding before each (30-day mean, annualised, and its percentile in the history since 2019)."""
    bars = data.perp_1h("BTC")
    fund = macro.funding_history("BTC")
    rows = []
    for c in crashes:
        m = crash_measures(bars, c.day, c.end)
        f = macro.funding_percentiles(fund, c.day, windows=(30,)).iloc[0]
        rows.append({"crash": c.name, "day": c.day, **m, "funding_30d_annualised": f["annualised"], "funding_30d_percentile": f["percentile"]})
    return pd.DataFrame(rows).set_index("crash")


# --------------------------------------------------------------------------------------------
# Assessor: per claim, the measures, the rule (flashcrash.rules.contagion_macro), the evidence
# --------------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x:.1%}"


def _assessment(ruling: Ruling, sentence: str, figures: list[Figure]) -> Assessment:
    """The evidence is the measures sentence followed by the rule's checks."""
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


def _assess_alts(day: pd.Timestamp, dd: pd.DataFrame) -> Assessment:
    """c18: did ETH and the altcoins fall with BTC?"""
    _, ll = lead_lag_table(day)
    cs = correlation_shift(day)
    alts = dd.loc[list(ALTS)]
    m = R.AltsFollowed(
        btc_drawdown=float(dd.loc["BTC", "drawdown"]),
        alt_drawdowns=tuple(float(x) for x in alts["drawdown"]),
        max_minutes_between_lows=float(alts["minutes_after_btc_low"].abs().max()),
    )
    ruling = R.alts_followed(m)
    n_fell_more = int((alts["drawdown"] < m.btc_drawdown).sum())
    n_lag0 = int((ll["peak_lag"] == 0).sum())
    together = "they fell together rather than in a visible sequence after BTC" if n_lag0 == len(ll) else "some followed BTC with a lag"
    sentence = (
        f"From the prior close to the day's low on {day.date()}, BTC's perpetual lost {_pct(-m.btc_drawdown)}, ETH's {_pct(-dd.loc['ETH', 'drawdown'])} "
        f"and the {len(alts)} altcoins' between {_pct(-max(m.alt_drawdowns))} and {_pct(-min(m.alt_drawdowns))} ({n_fell_more} of {len(alts)} fell "
        f"further than BTC). The 5-minute returns peak in cross-correlation at lag 0 for {n_lag0} of {len(ll)} coins: {together}."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("btc_drawdown", m.btc_drawdown, "fraction"),
            Figure("eth_drawdown", float(dd.loc["ETH", "drawdown"]), "fraction"),
            Figure("alts_drawdown_min", min(m.alt_drawdowns), "fraction"),
            Figure("alts_drawdown_max", max(m.alt_drawdowns), "fraction"),
            Figure("btc_low_time", dd.loc["BTC", "low_time"], "UTC"),
            Figure("max_minutes_between_lows", m.max_minutes_between_lows, "minutes"),
            Figure("coins_peak_lag0", n_lag0, "coins"),
            Figure("eth_corr_event_5m", float(cs.query("symbol == 'ETH' and resolution == '5min'")["corr_event"].iloc[0]), "correlation"),
        ],
    )


def _assess_derivatives_to_spot(day: pd.Timestamp) -> Assessment:
    """c19: did the selling run from the perpetuals to spot?"""
    bs = basis_summary(day=day)
    b = bs.loc["BTC"]
    m = R.DerivativesToSpot(perp_fall=float(b["perp_fall"]), spot_fall=float(b["spot_fall"]), basis_before_median_bp=float(b["basis_before_median_bp"]), basis_event_min_bp=float(b["basis_event_min_bp"]))
    ruling = R.derivatives_to_spot(m)
    sentence = (
        f"From the prior hourly close to the day's lowest hourly close BTC spot fell {_pct(-m.spot_fall)} and the perp {_pct(-m.perp_fall)}. "
        f"The perp traded at {b['basis_break_hour_bp']:.1f} bp to spot in the break hour and {m.basis_event_min_bp:.1f} bp at its widest on the day, "
        f"against a median of {m.basis_before_median_bp:.1f} bp in the month before. Which market moved first needs synchronised sub-minute "
        "perp and spot trades (e.g. Binance aggTrades for both), which are not in the data."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("btc_spot_fall", m.spot_fall, "fraction"),
            Figure("btc_perp_fall", m.perp_fall, "fraction"),
            Figure("btc_basis_break_hour_bp", float(b["basis_break_hour_bp"]), "bp"),
            Figure("btc_basis_event_min_bp", m.basis_event_min_bp, "bp"),
            Figure("btc_basis_before_median_bp", m.basis_before_median_bp, "bp"),
            Figure("eth_basis_event_min_bp", float(bs.loc["ETH", "basis_event_min_bp"]), "bp"),
        ],
    )


def _funding_percentiles(day: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """BTC and ETH funding before ``day`` against its history (:func:`flashcrash.macro.funding_percentiles`), by window."""
    return {s: macro.funding_percentiles(macro.funding_history(s), day).set_index("window_days") for s in ("BTC", "ETH")}


def _assess_funding(day: pd.Timestamp, fp: dict[str, pd.DataFrame]) -> Assessment:
    """c20: had funding been high for a long time?"""
    btc30, btc90, eth30 = fp["BTC"].loc[30], fp["BTC"].loc[90], fp["ETH"].loc[30]
    m = R.HighFunding(percentile_30d=float(btc30["percentile"]), percentile_90d=float(btc90["percentile"]))
    ruling = R.high_funding(m)
    sentence = (
        f"BTCUSDT funding averaged {_pct(btc30['annualised'])} a year over the 30 days before the crash and {_pct(btc90['annualised'])} over 90 days "
        f"(Binance's default is 0.01 % per 8 h, 10.95 % a year); these sit at the {m.percentile_30d:.0%} and {m.percentile_90d:.0%} percentiles of all "
        f"30- and 90-day means since 2019 (ETH 30 days: {_pct(eth30['annualised'])}, percentile {eth30['percentile']:.0%})."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("btc_funding_30d_annualised", float(btc30["annualised"]), "fraction"),
            Figure("btc_funding_30d_percentile", m.percentile_30d, "fraction"),
            Figure("btc_funding_90d_annualised", float(btc90["annualised"]), "fraction"),
            Figure("btc_funding_90d_percentile", m.percentile_90d, "fraction"),
            Figure("btc_funding_7d_percentile", float(fp["BTC"].loc[7, "percentile"]), "fraction"),
            Figure("eth_funding_30d_annualised", float(eth30["annualised"]), "fraction"),
            Figure("eth_funding_30d_percentile", float(eth30["percentile"]), "fraction"),
        ],
    )


def _assess_open_interest(day: pd.Timestamp) -> Assessment:
    """c21: did open interest fall after the crash?"""
    oi = open_interest_summary(day)
    ruling = R.open_interest_fell(R.OpenInterestFell(days_after_event=float(oi["days_after_event"]), oi_change_across=float(oi["oi_change_across"])))
    sentence = (
        f"The only open-interest series is Binance BTCUSDT via CoinGlass, from {oi['first_time']:%Y-%m-%d %H:%M} UTC; in its first 30 days it "
        f"moved {oi['oi_change']:+.1%}. Settling the claim needs open interest from before {day:%d %B %Y}, e.g. Binance's openInterestHist "
        "or CoinGlass's aggregated open-interest history for November-December 2025."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("oi_first_time", oi["first_time"], "UTC"),
            Figure("oi_first", oi["oi_first"], "USD"),
            Figure("oi_change_first_30d", oi["oi_change"], "fraction"),
        ],
    )


def _assess_cut_expectations(day: pd.Timestamp, y2: dict, dec: pd.DataFrame) -> Assessment:
    """c22: had expectations of Fed cuts cooled?"""
    _, effr = macro.value_before(data.fred("EFFR"), day)
    nxt = dec[dec["announced"] >= day].iloc[0]
    spread_bp = (y2["before"] - effr) * 100
    ruling = R.cut_expectations(R.CutExpectations(dgs2_month_change_bp=float(y2["month_bp"]), dgs2_minus_effr_bp=float(spread_bp)))
    sentence = (
        f"No fed funds futures are in the data; the 2-year yield is the proxy. It closed at {y2['before']:.2f} % before the crash "
        f"({y2['month_bp']:+.0f} bp over the month) against an effective rate of {effr:.2f} %. The Fed then cut {abs(int(nxt['change_bp']))} bp "
        f"on {nxt['announced'].date()}, {(nxt['announced'] - day).days} days after the crash; nothing in the data points to hikes."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("dgs2_before", y2["before"], "percent"),
            Figure("dgs2_month_change_bp", y2["month_bp"], "bp"),
            Figure("dgs2_minus_effr_bp", spread_bp, "bp"),
            Figure("next_decision", nxt["announced"], "UTC"),
            Figure("next_decision_change_bp", int(nxt["change_bp"]), "bp"),
        ],
    )


def _assess_yields(y10: dict, y2: dict) -> Assessment:
    """c23: had Treasury yields rebounded?"""
    m = R.YieldsRebound(before_from_low_bp=(y10["before"] - y10["low"]) * 100, on_day_from_low_bp=float(y10["from_low_bp"]), day_change_bp=float(y10["change_bp"]))
    ruling = R.yields_rebound(m)
    sentence = (
        f"The 10-year yield closed at {y10['before']:.2f} % before the crash and {y10['on_day']:.2f} % on the crash day; its one-month low was "
        f"{y10['low']:.2f} % ({y10['low_time'].date()}), after a fall of {-y10['month_bp']:.0f} bp over the month. The 2-year moved "
        f"{y2['change_bp']:+.0f} bp on the day; daily closes come after the 00:00-01:00 UTC break."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("dgs10_on_day", y10["on_day"], "percent"),
            Figure("dgs10_day_change_bp", y10["change_bp"], "bp"),
            Figure("dgs10_from_month_low_bp", y10["from_low_bp"], "bp"),
            Figure("dgs10_month_change_bp", y10["month_bp"], "bp"),
            Figure("dgs2_day_change_bp", y2["change_bp"], "bp"),
        ],
    )


def _assess_jobs_inflation(day: pd.Timestamp) -> Assessment:
    """c24: strong employment and stubborn inflation?"""
    li = macro.labour_and_inflation(day)
    ruling = R.jobs_inflation(R.JobsInflation(cpi_yoy=float(li["cpi_yoy"]), unrate_change_12m=float(li["unrate_change_12m"])))
    sentence = (
        f"CPI rose {_pct(li['cpi_yoy'])} in the year to {li['cpi_month']:%B %Y} (the latest month published before the crash), against "
        f"{_pct(li['cpi_yoy_12m_ago'])} a year earlier and the 2 % target. Unemployment was {li['unrate']:.1f} % in {li['unrate_month']:%B %Y}, "
        f"against a 12-month low of {li['unrate_min_12m']:.1f} %."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("cpi_yoy", li["cpi_yoy"], "fraction"),
            Figure("cpi_month", li["cpi_month"], "UTC"),
            Figure("unrate", li["unrate"], "percent"),
            Figure("unrate_change_12m", li["unrate_change_12m"], "percentage points"),
        ],
    )


def _assess_like_2022(day: pd.Timestamp) -> Assessment:
    """c25: strikingly similar to the 2022 crashes? Judged on the crash atlas: the same crash rule on
    the hourly spot data since 2018 (:mod:`flashcrash.atlas`), with the atlas's rule."""
    from flashcrash.atlas import compare as AC
    from flashcrash.rules import atlas as RA

    m = AC.like_2022_measures(day=day)
    ruling = RA.like_2022(m)
    figures = [
        Figure("drawdown_this", m.drawdown, "fraction"),
        Figure("fall_hours_this", m.fall_hours, "hours"),
        Figure("funding_30d_percentile_this", m.funding_percentile, "fraction"),
        Figure("crashes_2022", m.n_2022, "events"),
        Figure("median_drawdown_2022", m.median_drawdown_2022, "fraction"),
        Figure("share_2022_shallower", m.share_2022_shallower, "fraction"),
        Figure("depth_ratio_to_shallower_2022_collapse", m.depth_ratio, "ratio"),
    ] + [Figure(f"drawdown_{n.lower().replace('/', '_').replace(' ', '_')}", d, "fraction") for n, d in zip(m.named_2022, m.named_drawdown, strict=True)]
    return _assessment(ruling, AC.like_2022_sentence(m), figures)


def _assess_whales(day: pd.Timestamp, dd: pd.DataFrame) -> Assessment:
    """c26: whale net inflows (no on-chain data in the mirror)."""
    ruling = R.whale_inflows(R.WhaleInflows(whale_netflow_btc=None))
    sentence = (
        "Settling it needs address-level flows on the day (e.g. Glassnode or CryptoQuant balances of addresses holding over 1,000 BTC, "
        "or exchange netflows by wallet size) with the definition of a whale. The figures give the drop such flows would have to be measured over."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("drop_start", day, "UTC"),
            Figure("btc_low_time", dd.loc["BTC", "low_time"], "UTC"),
            Figure("btc_drawdown", float(dd.loc["BTC", "drawdown"]), "fraction"),
        ],
    )


def _assess_etf(day: pd.Timestamp) -> Assessment:
    """c27: ETF flows as the ones to watch (a recommendation)."""
    us_days = data.fred("VIXCLS").index
    first_us = us_days[us_days >= day][0]
    ruling = R.etf_flows(R.EtfFlows(is_recommendation=True, etf_flows_available=False))
    sentence = (
        "Testing whether ETF flows moved BTC after the crash needs daily US spot-Bitcoin ETF net flows (issuers' published holdings, or "
        f"Farside/SoSoValue tables), from the first US trading day of the crash, {first_us.date()}, on."
    )
    return _assessment(ruling, sentence, [Figure("first_us_trading_day", first_us, "UTC")])


def _assess_fed_2025(dec: pd.DataFrame) -> Assessment:
    """c28: did the Fed begin a cutting cycle in 2025?"""
    cuts25 = macro.cuts_in_year(2025, dec)
    start = macro.cutting_cycle_start(pd.Timestamp("2026-01-01", tz="UTC"), dec)
    cuts_before = dec[(dec["announced"] >= start) & (dec["announced"].dt.year < 2025)]
    lo, hi = macro.target_range_on(pd.Timestamp("2025-12-31", tz="UTC"), dec)
    ruling = R.fed_cycle_2025(R.FedCycle2025(cuts_in_year=len(cuts25), cycle_start_year=int(start.year)))
    sentence = (
        f"The 2025 cuts came on {', '.join(str(t.date()) for t in cuts25['announced'])} ({int(-cuts25['change_bp'].sum())} bp in all, to "
        f"{lo:.2f}-{hi:.2f} %); the run of cuts started on {start.date()}, with {int(-cuts_before['change_bp'].sum())} bp cut before 2025."
    )
    return _assessment(
        ruling,
        sentence,
        [
            Figure("cuts_2025", len(cuts25), "decisions"),
            Figure("cuts_2025_bp", int(cuts25["change_bp"].sum()), "bp"),
            Figure("cycle_start", start, "UTC"),
            Figure("target_upper_end_2025", hi, "percent"),
        ],
    )


def _assess_three_causes(rulings: dict[str, Ruling]) -> Assessment:
    """c69: three causes together, from the component claims' rulings (c22, c59, c56)."""
    from flashcrash.rules.base import VERDICT_WORDS

    parts = (("c22-fed-cut-expectations", "cut expectations cooled"), ("c59-leverage-chasing", "traders chased with high leverage"), ("c56-asian-selling", "concentrated Asian selling"))
    comps = tuple((cid, rulings[cid].verdict) for cid, _ in parts)
    ruling = R.three_causes(R.ThreeCauses(components=comps))
    listed = "; ".join(f"{cid} ({what}): {VERDICT_WORDS[rulings[cid].verdict].lower()}" for cid, what in parts)
    sentence = f"The three causes, by their own claims' verdicts: {listed}."
    held = sum(v in (R.REPRODUCED, R.PARTLY) for _, v in comps)
    failed = sum(v == R.CONTRADICTED for _, v in comps)
    return _assessment(ruling, sentence, [Figure("causes_holding", held, "claims"), Figure("causes_contradicted", failed, "claims")])


def assess(day: pd.Timestamp | None = None) -> dict[str, Assessment]:
    """Verdicts of the ``contagion-macro`` chapter (claims c18-c28, c54-c59, c61-c66, c69), computed from
    the data; each verdict comes from its rule in :mod:`flashcrash.rules.contagion_macro`. The backdrop's
    claims (c54-c66) are measured in :mod:`flashcrash.backdrop`."""
    from flashcrash import backdrop

    day = _day(day)
    dd = drawdown_table(day)
    dec = macro.fed_decisions()
    y2 = macro.yield_moves(day, "DGS2")
    y10 = macro.yield_moves(day, "DGS10")
    fp = _funding_percentiles(day)
    out = {
        "c18-eth-alts-followed": _assess_alts(day, dd),
        "c19-derivatives-to-spot": _assess_derivatives_to_spot(day),
        "c20-high-funding-before": _assess_funding(day, fp),
        "c21-oi-leverage-fell": _assess_open_interest(day),
        "c22-fed-cut-expectations": _assess_cut_expectations(day, y2, dec),
        "c23-yields-rebound": _assess_yields(y10, y2),
        "c24-jobs-inflation": _assess_jobs_inflation(day),
        "c25-like-2022": _assess_like_2022(day),
        "c26-whale-inflows": _assess_whales(day, dd),
        "c27-etf-flows": _assess_etf(day),
        "c28-fed-cutting-2025": _assess_fed_2025(dec),
    }
    out.update(backdrop.assess(day, fp["BTC"].loc[30], y10))
    out["c69-three-causes"] = _assess_three_causes({cid: a.ruling for cid, a in out.items()})
    return out
