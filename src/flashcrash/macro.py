"""The macro backdrop and the funding-rate history around the crash.

* Fed policy: decisions are read off the FRED target-range series DFEDTARU/DFEDTARL (a decision is a
  day on which either bound changes; FRED dates the new range from its effective day, which is the
  day after the FOMC announcement). Effective rate EFFR, Treasury yields DGS2/DGS10, VIX (VIXCLS),
  broad dollar index DTWEXBGS, unemployment UNRATE and CPI (CPIAUCSL) come from the FRED mirror.
* Funding: Binance USD-M funding prints (fraction per 8 h) are annualised as ``rate * 3 * 365`` and
  placed in the distribution of their own history since 2019: the mean over the ``n`` days before an
  event against every ``n``-day rolling mean of the same history (``funding_percentiles``).

Market-implied rate expectations (fed funds futures, OIS) are not in the data: where a claim is about
*expectations*, the 2-year yield is used as a proxy and the text says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from flashcrash import data
from flashcrash.data.validate import require_utc, to_utc

#: Funding prints per year on Binance USD-M (every 8 h).
PRINTS_PER_YEAR = 3 * 365
#: Binance's default funding when the premium is small: the interest-rate component, 0.01 % per 8 h.
BASELINE_FUNDING = 0.0001
#: Start of the history used for funding percentiles.
HISTORY_START = pd.Timestamp("2019-01-01", tz="UTC")


# --------------------------------------------------------------------------------------------
# Fed target range
# --------------------------------------------------------------------------------------------
def rate_decisions(upper: pd.Series, lower: pd.Series) -> pd.DataFrame:
    """Changes of the Fed funds target range, one row per change.

    ``upper``/``lower``: daily target-range bounds in percent on a UTC DatetimeIndex (FRED
    DFEDTARU/DFEDTARL). Returns columns ``effective`` (first day of the new range, UTC),
    ``announced`` (the day before: FOMC changes take effect the day after the statement),
    ``lower``, ``upper`` (percent), ``change_bp`` (basis points, signed; from the upper bound) and
    ``kind`` ("cut"/"hike"). The first observation is a starting level, not a decision.
    """
    require_utc(upper.index, "target-range upper bound index")
    require_utc(lower.index, "target-range lower bound index")
    both = pd.concat({"upper": upper, "lower": lower}, axis=1, join="inner").sort_index()
    if both.empty:
        raise ValueError("target-range bounds share no dates: pass DFEDTARU and DFEDTARL on the same days")
    if (both["upper"] < both["lower"]).any():
        bad = both.index[(both["upper"] < both["lower"]).to_numpy()][0]
        raise ValueError(f"upper bound below lower bound on {bad.date()}: are the series swapped?")
    step = both.diff()
    changed = (step["upper"].fillna(0) != 0) | (step["lower"].fillna(0) != 0)
    out = both[changed.to_numpy()].copy()
    out["change_bp"] = (step.loc[changed, "upper"] * 100).round().astype(int)
    out["kind"] = np.where(out["change_bp"] < 0, "cut", "hike")
    out.insert(0, "effective", out.index)
    out.insert(1, "announced", out.index - pd.Timedelta(days=1))
    return out.reset_index(drop=True)[["effective", "announced", "lower", "upper", "change_bp", "kind"]]


def fed_decisions() -> pd.DataFrame:
    """:func:`rate_decisions` on FRED's DFEDTARU/DFEDTARL (JSON cache to 2026-08-20, CSVs before 2021-05)."""
    up = pd.concat([data.fred("DFEDTARU"), data.fred("DFEDTARU", extended=True)])
    lo = pd.concat([data.fred("DFEDTARL"), data.fred("DFEDTARL", extended=True)])
    up = up[~up.index.duplicated(keep="last")].sort_index()
    lo = lo[~lo.index.duplicated(keep="last")].sort_index()
    return rate_decisions(up, lo)


def target_range_on(day: pd.Timestamp, decisions: pd.DataFrame) -> tuple[float, float]:
    """(lower, upper) target range in percent in force on ``day`` (UTC); ``decisions`` as :func:`rate_decisions`."""
    day = to_utc(day)
    dec = decisions
    past = dec[dec["effective"] <= day]
    if past.empty:
        raise ValueError(f"no target range known on {day.date()}: the series starts {dec['effective'].iloc[0].date()}")
    row = past.iloc[-1]
    return float(row["lower"]), float(row["upper"])


def cuts_in_year(year: int, decisions: pd.DataFrame) -> pd.DataFrame:
    """Rate cuts announced in calendar ``year`` (rows of ``decisions``, as :func:`rate_decisions`)."""
    dec = decisions
    return dec[(dec["announced"].dt.year == year) & (dec["kind"] == "cut")].reset_index(drop=True)


def cutting_cycle_start(before: pd.Timestamp, decisions: pd.DataFrame) -> pd.Timestamp:
    """Announcement day of the first cut of the run of cuts in force on ``before``.

    Walks back from the last decision before ``before`` (``decisions`` as :func:`rate_decisions`)
    over consecutive cuts (a hike ends the run).
    """
    before = to_utc(before)
    dec = decisions
    past = dec[dec["announced"] < before]
    if past.empty or past["kind"].iloc[-1] != "cut":
        raise ValueError(f"the last decision before {before.date()} was not a cut: no cutting cycle under way")
    kinds = past["kind"].to_numpy()
    other = np.flatnonzero(kinds[:-1] != "cut")  # decisions before the last one that were not cuts
    i = int(other[-1]) + 1 if len(other) else 0
    return pd.Timestamp(past["announced"].iloc[i])


# --------------------------------------------------------------------------------------------
# Rates, yields, VIX, dollar around the event
# --------------------------------------------------------------------------------------------
#: FRED series of the macro panel: id -> (label, unit)
PANEL = {
    "EFFR": ("Effective fed funds rate", "percent"),
    "DGS2": ("2-year Treasury yield", "percent"),
    "DGS10": ("10-year Treasury yield", "percent"),
    "VIXCLS": ("VIX", "index points"),
    "DTWEXBGS": ("Broad dollar index", "index points"),
}


def macro_panel(series: Mapping[str, pd.Series], day: pd.Timestamp, before: str = "90D", after: str = "30D") -> pd.DataFrame:
    """Long table (``time, series, label, unit, value``) of the :data:`PANEL` series around ``day``.

    ``series``: FRED id -> daily values (:func:`flashcrash.data.fred`), one for each id of
    :data:`PANEL`. FRED values are daily closes (yields in percent, VIX and the dollar index in
    points); days without an observation (weekends, holidays) are absent, not filled.
    """
    day = to_utc(day)
    missing = sorted(set(PANEL) - set(series))
    if missing:
        raise KeyError(f"the macro panel needs the FRED series {missing}")
    lo, hi = day - pd.Timedelta(before), day + pd.Timedelta(after)
    rows = []
    for sid, (label, unit) in PANEL.items():
        s = series[sid].loc[lo:hi]
        rows.append(pd.DataFrame({"time": s.index, "series": sid, "label": label, "unit": unit, "value": s.to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def value_before(series: pd.Series, day: pd.Timestamp) -> tuple[pd.Timestamp, float]:
    """Last observation strictly before ``day`` (a daily close known when the day began)."""
    day = to_utc(day)
    s = series[series.index < day]
    if s.empty:
        raise ValueError(f"{series.name}: no observation before {day.date()}")
    return s.index[-1], float(s.iloc[-1])


def yield_moves(series: pd.Series, day: pd.Timestamp, lookback_days: int = 30) -> dict[str, float | pd.Timestamp]:
    """How a daily yield (percent; ``series``, e.g. FRED DGS10) moved into and on ``day``.

    Returns ``before`` (last close before the day), ``on_day`` (close on the event day, NaN if
    none), ``low`` and ``low_time`` (lowest close in the ``lookback_days`` before the day),
    ``high`` (highest close in that window), ``change_bp`` (on_day - before, basis points),
    ``from_low_bp`` (on_day - low) and ``month_bp`` (before - the first close of the window).
    """
    day = to_utc(day)
    s = series
    win = s.loc[day - pd.Timedelta(days=lookback_days) : day - pd.Timedelta(seconds=1)]
    if win.empty:
        raise ValueError(f"{series.name}: no observations in the {lookback_days} days before {day.date()}")
    t_before, before = value_before(s, day)
    on_day = float(s.loc[day]) if day in s.index else float("nan")
    return {
        "before": before,
        "before_time": t_before,
        "on_day": on_day,
        "low": float(win.min()),
        "low_time": pd.Timestamp(win.idxmin()),
        "high": float(win.max()),
        "change_bp": (on_day - before) * 100,
        "from_low_bp": (on_day - float(win.min())) * 100,
        "month_bp": (before - float(win.iloc[0])) * 100,
    }


def known_by(series: pd.Series, day: pd.Timestamp, lag_months: int = 2) -> pd.Series:
    """Monthly observations published before ``day``, by a publication-lag rule.

    FRED dates monthly series by the month they describe; a month's unemployment rate and CPI are
    published early/mid the next month (late in 2025, after the government shutdown). Observations
    for months up to ``lag_months`` before ``day``'s month are kept (for 1 December 2025: up to
    September 2025, released 20 November and 24 October 2025).
    """
    day = to_utc(day)
    cutoff = day.tz_localize(None).to_period("M") - lag_months
    keep = series.index.tz_localize(None).to_period("M") <= cutoff
    return series[keep]


def labour_and_inflation(unrate: pd.Series, cpi: pd.Series, day: pd.Timestamp) -> dict[str, float | pd.Timestamp]:
    """Unemployment rate and CPI inflation as known at ``day`` (see :func:`known_by`), from the monthly
    FRED series ``unrate`` (UNRATE, percent) and ``cpi`` (CPIAUCSL, index).

    ``unrate`` (percent) and its month ``unrate_month``; ``unrate_change_12m`` (percentage points
    against the same month a year earlier; the previous available month if that one is missing);
    ``unrate_min_12m`` (lowest rate of the 12 months before); ``cpi_yoy`` (fraction, CPIAUCSL
    against 12 months earlier) and ``cpi_yoy_12m_ago``.
    """
    u = known_by(unrate, day)
    c = known_by(cpi, day)
    t = u.index[-1]
    year_ago = u[u.index <= t - pd.DateOffset(months=12)]
    ct = c.index[-1]
    c_ago = c[c.index <= ct - pd.DateOffset(months=12)]
    c_ago2 = c[c.index <= ct - pd.DateOffset(months=24)]
    return {
        "unrate": float(u.iloc[-1]),
        "unrate_month": pd.Timestamp(t),
        "unrate_change_12m": float(u.iloc[-1] - year_ago.iloc[-1]),
        "unrate_min_12m": float(u[(u.index > t - pd.DateOffset(months=12)) & (u.index < t)].min()),
        "cpi_month": pd.Timestamp(ct),
        "cpi_yoy": float(c.iloc[-1] / c_ago.iloc[-1] - 1),
        "cpi_yoy_12m_ago": float(c_ago.iloc[-1] / c_ago2.iloc[-1] - 1),
    }


# --------------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------------
def annualise(rate_per_8h: float | np.ndarray | pd.Series) -> float | np.ndarray | pd.Series:
    """Simple annualisation of a funding rate quoted per 8 h: ``rate * 3 * 365`` (fraction per year)."""
    return rate_per_8h * PRINTS_PER_YEAR


def percentile_of(history: np.ndarray | pd.Series, value: float) -> float:
    """Fraction of ``history`` at or below ``value`` (the empirical CDF at ``value``, 0..1). NaNs are ignored."""
    h = np.asarray(history, dtype=float)
    h = h[np.isfinite(h)]
    if h.size == 0:
        raise ValueError("empty history: nothing to rank the value against")
    return float(np.mean(h <= value))


def rolling_mean_funding(rates: pd.Series, days: int) -> pd.Series:
    """Mean funding over the ``days`` days ending at each print (``3 * days`` prints; fraction per 8 h)."""
    require_utc(rates.index, "funding index")
    n = 3 * days
    return rates.rolling(n, min_periods=n).mean()


def funding_percentiles(rates: pd.Series, day: pd.Timestamp, windows: tuple[int, ...] = (1, 7, 30, 90), start: pd.Timestamp = HISTORY_START) -> pd.DataFrame:
    """Funding before ``day`` against its own history.

    For each window of ``n`` days: ``mean_8h`` (mean rate of the ``3 n`` prints before ``day``,
    fraction per 8 h), ``annualised`` (fraction per year), ``percentile`` (share of all ``n``-day
    rolling means since ``start`` and before ``day`` that are at or below it) and
    ``baseline_multiple`` (mean / Binance's default 0.01 % per 8 h).
    """
    day = to_utc(day)
    require_utc(rates.index, "funding index")
    r = rates.loc[start : day - pd.Timedelta(seconds=1)]
    rows = []
    for n in windows:
        roll = rolling_mean_funding(r, n).dropna()
        if roll.empty:
            raise ValueError(f"fewer than {3 * n} funding prints before {day.date()}")
        v = float(roll.iloc[-1])
        rows.append(
            {
                "window_days": n,
                "mean_8h": v,
                "annualised": float(annualise(v)),
                "percentile": percentile_of(roll.to_numpy(), v),
                "baseline_multiple": v / BASELINE_FUNDING,
            }
        )
    return pd.DataFrame(rows)


def funding_history(symbol: str = "BTC", start: pd.Timestamp = HISTORY_START) -> pd.Series:
    """Binance USD-M funding prints since ``start`` (fraction per 8 h) for BTC, ETH or XRP."""
    return data.funding(symbol, history=True)["rate"].loc[start:]


def daily_funding(rates: pd.Series) -> pd.DataFrame:
    """Daily mean funding (``mean_8h``, fraction per 8 h; ``annualised``, fraction per year) and its
    30-day mean annualised (``annualised_30d``), for charts; ``rates``: funding prints (fraction per 8 h)."""
    require_utc(rates.index, "funding index")
    r = rates
    d = r.resample("1D").mean().to_frame("mean_8h")
    d["annualised"] = annualise(d["mean_8h"])
    d["annualised_30d"] = d["annualised"].rolling(30, min_periods=30).mean()
    return d
