"""The backdrop the article paints around the crash, measured: where BTC stood against its all-time
high and its recent returns, the speed and breadth of the fall, the Asian session against ordinary
days, funding through every bull market since 2019, and what contemporaneous reports said about
sentiment, large holders and Asian policy pressure.

Measures (prices USD, shares and returns as fractions, times UTC):

* :func:`high_context`: the last daily close before the crash day against the all-time high up to it,
  and the 30-day return (Yahoo BTC-USD daily bars);
* :func:`prior_returns`: returns over the 1, 3 and 6 calendar months to that close;
* :func:`trailing_falls` and :func:`speed_breadth`: the largest fall within one hour (a high to a low
  at most one hour later, at the bars' resolution) and its percentile among the trailing one-hour falls
  of the 90 days before (15-minute BTC perpetual bars), and every altcoin's fall within that same hour
  (5-minute perpetual bars);
* :func:`session_days` and :func:`session_against_ordinary`: per UTC day, a session's return, volume and
  share of the day's fall, and the crash day's against the same session on the 180 days before (a null
  distribution; sessions as in :mod:`flashcrash.sessions`);
* :func:`bull_phases` and :func:`funding_in_bull_markets`: runs of 90-day returns above a threshold, and
  the 90-day mean funding's rank correlation with the 90-day return and its peak percentile in each run;
* :func:`reports_near` and :func:`latest_reading`: the stored contemporaneous reports
  (:mod:`flashcrash.reported`) about days near the crash, and the last reported value of a figure.

Each function takes its data as arguments and is vectorised; :func:`assess` (called by the chapter's
assessor, :func:`flashcrash.contagion.assess`) reads the data and returns the claims' assessments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.claims import Assessment, Figure
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.reported import Report, ReportedFigure
from flashcrash.rules import contagion_macro as R
from flashcrash.rules.base import Ruling, with_evidence
from flashcrash.sessions import SESSIONS, in_session

#: Ordinary days the Asian session is compared with (the days before the crash day).
NULL_DAYS = 180
#: Days before the crash whose one-hour falls are the null for its speed.
SPEED_LOOKBACK_DAYS = 90
#: Window (days) of the funding mean and of the return in the bull-market comparison.
BULL_WINDOW_DAYS = 90
#: Bull runs less than this many days apart are one phase; shorter phases are dropped.
BULL_MERGE_DAYS, BULL_MIN_DAYS = 30, 30


# --------------------------------------------------------------------------------------------
# Price context: the all-time high and recent returns (c54, c58)
# --------------------------------------------------------------------------------------------
def high_context(daily: pd.DataFrame, day: pd.Timestamp) -> dict[str, float | pd.Timestamp]:
    """Where BTC stood against its all-time high at the close before ``day``.

    ``daily``: daily bars with ``high`` and ``close`` (USD) on UTC days. Returns ``close_before`` (USD,
    the last close before ``day``), ``close_day`` (its day), ``ath`` (highest high up to it, USD) and
    ``ath_day``, ``drawdown_from_high`` (``1 - close_before / ath``) and ``return_30d`` (against the last
    close at least 30 days earlier).
    """
    require_utc(daily.index, "daily bars index")
    day = to_utc(day)
    prev = daily.loc[daily.index < day]
    if len(prev) < 31:
        raise ValueError(f"need at least 31 daily bars before {day.date()}, got {len(prev)}")
    close = float(prev["close"].iloc[-1])
    t = prev.index[-1]
    ath_day = prev["high"].idxmax()
    ath = float(prev["high"].loc[ath_day])
    month = prev["close"].loc[: t - pd.Timedelta(days=30)]
    return {
        "close_before": close,
        "close_day": t,
        "ath": ath,
        "ath_day": ath_day,
        "drawdown_from_high": 1.0 - close / ath,
        "return_30d": close / float(month.iloc[-1]) - 1.0,
    }


def prior_returns(close: pd.Series, day: pd.Timestamp, months: Sequence[int] = (1, 3, 6)) -> pd.Series:
    """Returns (fractions) over ``months`` calendar months to the last close before ``day``, indexed
    by the number of months; each start is the last close on or before the same date ``k`` months earlier."""
    require_utc(close.index, "daily closes index")
    day = to_utc(day)
    prev = close.loc[close.index < day]
    if prev.empty:
        raise ValueError(f"no close before {day.date()}")
    t, last = prev.index[-1], float(prev.iloc[-1])
    out = {}
    for k in months:
        start = prev.loc[: t - pd.DateOffset(months=k)]
        if start.empty:
            raise ValueError(f"the closes do not reach {k} months before {t.date()}")
        out[k] = last / float(start.iloc[-1]) - 1.0
    return pd.Series(out, name="return", dtype=float).rename_axis("months")


# --------------------------------------------------------------------------------------------
# Speed and breadth (c55)
# --------------------------------------------------------------------------------------------
def _step(bars: pd.DataFrame) -> pd.Timedelta:
    """The bars' length: the shortest step between two bar open times."""
    if len(bars) < 2:
        raise ValueError("need at least two bars to know their length")
    return pd.Timedelta(int(np.diff(bars.index.as_unit("ns").asi8).min()), unit="ns")


def trailing_falls(bars: pd.DataFrame, window: str = "1h") -> pd.Series:
    """Fall (fraction, positive) from the highest high of the bars of the last ``window`` to each bar's
    low: ``1 - low_t / max(high_{t-n+1..t})``, ``n`` bars per window; NaN until a full window exists.

    At the bars' resolution the high and the low of one bar are taken as if the high came first.
    """
    require_utc(bars.index, "bars index")
    step = _step(bars)
    n = int(pd.Timedelta(window) / step)
    if n < 1:
        raise ValueError(f"window {window} is shorter than one bar ({step})")
    hmax = bars["high"].rolling(n, min_periods=n).max()
    return (1.0 - bars["low"] / hmax).rename("fall")


def window_fall(bars: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Largest fall (fraction, positive) from a high to a later (or the same bar's) low among the bars
    opening in ``[start, end)``."""
    w = bars.loc[start : end - pd.Timedelta(seconds=1)]
    if w.empty:
        raise ValueError(f"no bars between {start} and {end}")
    return float((1.0 - w["low"] / w["high"].cummax()).max())


def speed_breadth(btc: pd.DataFrame, alts: dict[str, pd.DataFrame], day: pd.Timestamp, lookback_days: int = SPEED_LOOKBACK_DAYS) -> dict[str, object]:
    """BTC's largest one-hour fall on ``day`` against the ``lookback_days`` before, and the altcoins in that hour.

    ``btc``: BTC bars (the null's resolution, e.g. 15 minutes) covering the lookback and the day;
    ``alts``: symbol -> bars covering the day. Returns ``hour_fall`` (fraction), ``hour_start`` and
    ``hour_end`` (UTC; the hour ends with the bar where the low came), ``percentile`` (share of the
    lookback's trailing one-hour falls below it), ``null_bars`` (how many) and ``alt_falls`` (Series:
    each altcoin's largest fall within that hour).
    """
    day = to_utc(day)
    falls = trailing_falls(btc, "1h")
    on_day = falls.loc[day : day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)].dropna()
    null = falls.loc[day - pd.Timedelta(days=lookback_days) : day - pd.Timedelta(seconds=1)].dropna()
    if on_day.empty or null.empty:
        raise ValueError(f"the BTC bars do not cover {day.date()} and the {lookback_days} days before it")
    t = on_day.idxmax()
    end = t + _step(btc)
    start = end - pd.Timedelta(hours=1)
    x = float(on_day.max())
    alt_falls = pd.Series({s: window_fall(b, start, end) for s, b in alts.items()}, name="fall", dtype=float)
    return {"hour_fall": x, "hour_start": start, "hour_end": end, "percentile": float(np.mean(null.to_numpy() < x)), "null_bars": int(null.size), "alt_falls": alt_falls}


# --------------------------------------------------------------------------------------------
# The Asian session against ordinary days (c56)
# --------------------------------------------------------------------------------------------
def session_days(bars: pd.DataFrame, session: str = "Asia") -> pd.DataFrame:
    """Per UTC day: ``session``'s return, volume and share of the day's fall, from hourly bars.

    ``bars``: hourly OHLCV (USD; volume in the base asset) on a sorted UTC index of bar open times.
    Columns: ``session_return`` (last close / first open of the session's bars - 1), ``volume`` (sum),
    ``bars`` (how many of the session's hours the day has), ``fall_share`` (``(day open - session low) /
    (day open - day low)``, clipped to [0, 1]; NaN when the day never traded below its open). Days
    without a bar in the session are absent.
    """
    require_utc(bars.index, "bars index")
    if session not in SESSIONS:
        raise ValueError(f"unknown session {session!r}; known: {', '.join(SESSIONS)}")
    if not bars.index.is_monotonic_increasing:
        raise ValueError("bars must be sorted by time")
    day = bars.index.floor("1D").asi8

    def starts(keys: np.ndarray) -> np.ndarray:
        return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])

    d0 = starts(day)
    whole_day = day[d0]
    day_open = bars["open"].to_numpy()[d0]
    day_low = np.minimum.reduceat(bars["low"].to_numpy(), d0)
    mask = in_session(bars.index, session)
    s, sday = bars[mask], day[mask]
    if s.empty:
        return pd.DataFrame(columns=["session_return", "volume", "bars", "fall_share"])
    s0 = starts(sday)
    s1 = np.r_[s0[1:], len(sday)] - 1
    k = np.searchsorted(whole_day, sday[s0])
    session_low = np.minimum.reduceat(s["low"].to_numpy(), s0)
    fall = day_open[k] - day_low[k]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(fall > 0, np.clip((day_open[k] - session_low) / fall, 0.0, 1.0), np.nan)
    res = pd.DataFrame(
        {
            "session_return": s["close"].to_numpy()[s1] / s["open"].to_numpy()[s0] - 1.0,
            "volume": np.add.reduceat(s["volume"].to_numpy(), s0),
            "bars": (s1 - s0 + 1).astype(int),
            "fall_share": share,
        },
        index=pd.DatetimeIndex(sday[s0], tz="UTC").rename("day"),
    )
    return res


def session_against_ordinary(days: pd.DataFrame, day: pd.Timestamp, n_days: int = NULL_DAYS) -> dict[str, float]:
    """The session on ``day`` (a row of :func:`session_days`) against the ``n_days`` complete sessions before it.

    ``return_percentile`` and ``volume_percentile``: share of those days at or below the day's value;
    ``volume_ratio``: the day's volume over their median; plus the day's ``session_return``,
    ``session_volume``, ``fall_share`` and ``null_days``. Incomplete sessions (fewer bars than the most common
    count) are left out of the null.
    """
    day = to_utc(day)
    if day not in days.index:
        raise ValueError(f"no session on {day.date()} in the table")
    full = days["bars"] == days["bars"].mode().iloc[0]
    null = days[full & (days.index < day)].iloc[-n_days:]
    if len(null) < n_days:
        raise ValueError(f"only {len(null)} complete sessions before {day.date()}, need {n_days}")
    row = days.loc[day]
    return {
        "session_return": float(row["session_return"]),
        "return_percentile": float(np.mean(null["session_return"].to_numpy() <= row["session_return"])),
        "session_volume": float(row["volume"]),
        "volume_ratio": float(row["volume"] / null["volume"].median()),
        "volume_percentile": float(np.mean(null["volume"].to_numpy() <= row["volume"])),
        "fall_share": float(row["fall_share"]) if pd.notna(row["fall_share"]) else 0.0,
        "null_days": len(null),
    }


def sessions_table(bars: pd.DataFrame, day: pd.Timestamp, n_days: int = NULL_DAYS) -> pd.DataFrame:
    """:func:`session_against_ordinary` for every session of :data:`flashcrash.sessions.SESSIONS`, one row each."""
    rows = {s: session_against_ordinary(session_days(bars, s), day, n_days) for s in SESSIONS}
    out = pd.DataFrame(rows).T
    out.index.name = "session"
    return out.astype({"null_days": int})


# --------------------------------------------------------------------------------------------
# Funding through bull markets (c62)
# --------------------------------------------------------------------------------------------
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


def funding_in_bull_markets(rates: pd.Series, close: pd.Series, bull_return: float, window_days: int = BULL_WINDOW_DAYS) -> tuple[dict[str, float], pd.DataFrame]:
    """Does funding climb with prices? Daily, over the whole history the two series share.

    ``rates``: funding prints (fraction per 8 h) on a UTC index; ``close``: daily closes (USD) on UTC
    days. The ``window_days`` mean of the daily mean funding is set against the ``window_days`` return.
    Returns (``spearman``: rank correlation of the two, ``days``: how many days, ``start``/``end``; and the
    bull phases of :func:`bull_phases` with ``peak_percentile``: the highest percentile, among all days,
    of the mean funding within the phase, and ``peak_funding_annualised``: that mean, per year).
    """
    require_utc(rates.index, "funding index")
    require_utc(close.index, "daily closes index")
    from flashcrash.macro import annualise

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


# --------------------------------------------------------------------------------------------
# Contemporaneous reports (c56, c57, c63, c65, c66)
# --------------------------------------------------------------------------------------------
def reports_near(reports: Sequence[Report], claim_id: str, day: pd.Timestamp, days: int) -> list[Report]:
    """Reports bearing on ``claim_id`` (their ``claims`` list) about a day within ``days`` of ``day``;
    retrospective reports (written long after their day) are left out."""
    day = to_utc(day)
    lo, hi = day - pd.Timedelta(days=days), day + pd.Timedelta(days=days)
    return [r for r in reports if claim_id in r.claims and not r.retrospective and lo <= r.about_day <= hi]


def reports_for(reports: Sequence[Report], claim_id: str) -> list[Report]:
    """Every report that names ``claim_id``, whatever its day."""
    return [r for r in reports if claim_id in r.claims]


def figure_text(f: ReportedFigure) -> str:
    """A reported figure as text: ``whale accumulation: 45,000 BTC``, ``fear greed index: 28``."""
    v = f.value
    if isinstance(v, pd.Timestamp):
        text = f"{v:%Y-%m-%d}"
    elif f.unit == "fraction":
        text = f"{v:.0%}"
    elif f.unit in ("percent", "bp"):
        text = f"{v:g} {'%' if f.unit == 'percent' else 'bp'}"
    elif f.unit == "index":
        text = f"{v:g}"
    else:
        text = f"{v:,.0f} {f.unit}"
    return f"{f.name.replace('_', ' ')}: {text}"


def reports_table(reports: Sequence[Report], wanted: dict[str, Sequence[str]]) -> pd.DataFrame:
    """One row per report naming a claim of ``wanted`` (claim id -> names of the figures that bear on it):
    ``claim``, ``report``, ``outlet``, ``about_day``, ``title`` and ``reported_value`` (those figures as
    text, empty when the report bears on the claim in words only)."""
    rows = [
        {
            "claim": cid, "report": r.id, "outlet": r.outlet.split(";")[0], "about_day": r.about_day, "title": r.title,
            "reported_value": "; ".join(figure_text(f) for f in r.figures if f.name in names),
        }
        for cid, names in wanted.items()
        for r in reports_for(reports, cid)
    ]
    return pd.DataFrame(rows, columns=["claim", "report", "outlet", "about_day", "title", "reported_value"])


def latest_reading(reports: Sequence[Report], name: str, day: pd.Timestamp, window_days: int) -> tuple[Report, ReportedFigure] | None:
    """The figure ``name`` of the report about the latest day in ``[day - window_days, day]`` (on a tie,
    the later publication); ``None`` if no report gives it."""
    day = to_utc(day)
    lo = day - pd.Timedelta(days=window_days)
    found = [(r.about_day, r.published, r, f) for r in reports for f in r.figures if f.name == name and lo <= r.about_day <= day]
    if not found:
        return None
    _, _, r, f = max(found, key=lambda x: (x[0], x[1]))
    return r, f


def next_reading(reports: Sequence[Report], name: str, day: pd.Timestamp, window_days: int) -> tuple[Report, ReportedFigure] | None:
    """The figure ``name`` of the report about the earliest day in ``(day, day + window_days]``."""
    day = to_utc(day)
    hi = day + pd.Timedelta(days=window_days)
    found = [(r.about_day, r.published, r, f) for r in reports for f in r.figures if f.name == name and day < r.about_day <= hi]
    if not found:
        return None
    _, _, r, f = min(found, key=lambda x: (x[0], x[1]))
    return r, f


# --------------------------------------------------------------------------------------------
# Assessments (the chapter's assessor, flashcrash.contagion.assess, calls :func:`assess`)
# --------------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x:.1%}"


def _assessment(ruling: Ruling, sentence: str, figures: list[Figure]) -> Assessment:
    """The evidence is the measures sentence followed by the rule's checks."""
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


def _ids(reports: Sequence[Report]) -> str:
    return ", ".join(f"{r.id} ({r.outlet.split(';')[0]})" for r in reports)


@dataclass(frozen=True)
class Inputs:
    """The data the backdrop's claims read, loaded once (see :func:`load_inputs`)."""

    daily: pd.DataFrame
    btc_15m: pd.DataFrame
    alts_5m: dict[str, pd.DataFrame]
    perp_1h: pd.DataFrame
    funding: pd.Series
    open_interest: pd.Series
    reports: list[Report]


def load_inputs() -> Inputs:
    """Yahoo BTC-USD daily bars, BTC perpetual 15-minute and hourly bars, the altcoins' 5-minute bars,
    BTCUSDT funding since 2019, Binance BTCUSDT open interest (CoinGlass) and the stored reports."""
    from flashcrash import data, macro, reported

    return Inputs(
        daily=data.yahoo_daily("btc"),
        btc_15m=data.perp_15m("BTC"),
        alts_5m={s: data.perp_5m(s) for s in data.PERP_5M_SYMBOLS if s != "BTC"},
        perp_1h=data.perp_1h("BTC"),
        funding=macro.funding_history("BTC"),
        open_interest=data.derivatives_1h()["oi_close"].dropna(),
        reports=reported.load_reports(),
    )


def _assess_highs(x: Inputs, day: pd.Timestamp) -> Assessment:
    """c54: did the market expect BTC to keep challenging its highs?"""
    h = high_context(x.daily, day)
    ruling = R.challenge_highs(R.ChallengeHighs(drawdown_from_high=float(h["drawdown_from_high"]), return_30d=float(h["return_30d"])))
    sentence = (
        f"Expectations are not in the data; the price context is (Yahoo BTC-USD daily). The last close before the crash day, {h['close_before']:,.0f} USD "
        f"on {h['close_day']:%Y-%m-%d}, compares with an all-time high of {h['ath']:,.0f} USD on {h['ath_day']:%Y-%m-%d}."
    )
    figures = [
        Figure("close_before", h["close_before"], "USD"),
        Figure("ath", h["ath"], "USD"),
        Figure("ath_day", h["ath_day"], "UTC"),
        Figure("drawdown_from_high", h["drawdown_from_high"], "fraction"),
        Figure("return_30d", h["return_30d"], "fraction"),
    ]
    return _assessment(ruling, sentence, figures)


def _assess_speed(x: Inputs, day: pd.Timestamp) -> Assessment:
    """c55: was the fall fast and broad?"""
    sb = speed_breadth(x.btc_15m, x.alts_5m, day)
    falls: pd.Series = sb["alt_falls"]  # type: ignore[assignment]
    ruling = R.speed_breadth(R.SpeedBreadth(btc_hour_fall=float(sb["hour_fall"]), speed_percentile=float(sb["percentile"]), alt_hour_falls=tuple(float(v) for v in falls)))
    sentence = (
        f"On 15-minute BTCUSDT perpetual bars the worst hour of {day:%Y-%m-%d} ran from {sb['hour_start']:%H:%M} to {sb['hour_end']:%H:%M} UTC; the null is "
        f"the {sb['null_bars']:,} trailing one-hour windows of the {SPEED_LOOKBACK_DAYS} days before. In that hour ETH fell {_pct(falls['ETH'])} and the other "
        f"altcoins between {_pct(falls.drop('ETH').min())} and {_pct(falls.drop('ETH').max())} (5-minute bars)."
    )
    n_fell = int((falls >= R.ALT_HOUR_FALL.value).sum())
    figures = [
        Figure("btc_hour_fall", float(sb["hour_fall"]), "fraction"),
        Figure("worst_hour_start", sb["hour_start"], "UTC"),
        Figure("speed_percentile", float(sb["percentile"]), "fraction"),
        Figure("null_windows", int(sb["null_bars"]), "windows"),
        Figure("alts_falling_3pct", n_fell, "coins"),
        Figure("eth_hour_fall", float(falls["ETH"]), "fraction"),
        Figure("alt_hour_fall_min", float(falls.min()), "fraction"),
        Figure("alt_hour_fall_max", float(falls.max()), "fraction"),
    ]
    return _assessment(ruling, sentence, figures)


def _assess_asia(x: Inputs, day: pd.Timestamp) -> tuple[Assessment, pd.DataFrame]:
    """c56: concentrated selling in the Asian session? Also returns the sessions table."""
    bars = x.perp_1h.loc[day - pd.Timedelta(days=NULL_DAYS + 30) : day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)]
    tab = sessions_table(bars, day)
    a = tab.loc["Asia"]
    told = reports_near(x.reports, "c56-asian-selling", day, 0)
    ruling = R.asian_selling(
        R.AsianSelling(
            session_return=float(a["session_return"]), return_percentile=float(a["return_percentile"]), volume_ratio=float(a["volume_ratio"]),
            volume_percentile=float(a["volume_percentile"]), fall_share=float(a["fall_share"]), reports=len(told),
        )
    )
    sentence = (
        f"Binance BTCUSDT perpetual, hourly bars; the Asian session is Tokyo's business hours, 00:00-08:00 UTC, compared with the same session on the "
        f"{int(a['null_days'])} days before. That day the European session moved {tab.loc['Europe', 'session_return']:+.1%} and the US session "
        f"{tab.loc['US', 'session_return']:+.1%}."
        + (f" Reports: {_ids(told)}." if told else "")
    )
    figures = [
        Figure("asia_return", float(a["session_return"]), "fraction"),
        Figure("asia_return_percentile", float(a["return_percentile"]), "fraction"),
        Figure("asia_volume_ratio", float(a["volume_ratio"]), "ratio"),
        Figure("asia_volume_percentile", float(a["volume_percentile"]), "fraction"),
        Figure("asia_fall_share", float(a["fall_share"]), "fraction"),
        Figure("null_days", int(a["null_days"]), "days"),
        Figure("europe_return", float(tab.loc["Europe", "session_return"]), "fraction"),
        Figure("us_return", float(tab.loc["US", "session_return"]), "fraction"),
        Figure("reports_placing_selling_in_asia", len(told), "reports"),
    ]
    return _assessment(ruling, sentence, figures), tab


def _reported_figures(reports: Sequence[Report], names: Sequence[str]) -> list[Figure]:
    """``reported_<name>`` figures (value, unit) of the reports' figures called ``names``, in report order."""
    return [Figure(f"reported_{f.name}", f.value, f.unit) for r in reports for f in r.figures if f.name in names]


def _assess_asian_macro(x: Inputs, day: pd.Timestamp) -> Assessment:
    """c57: Asian economies' policy pressure made institutions sell (reports only)."""
    told = reports_near(x.reports, "c57-asian-macro-pressure", day, int(R.REPORT_WINDOW.value))
    ruling = R.asian_macro_pressure(R.Reported(reports=len(told)))
    titles = "; ".join(f"{r.id} ({r.outlet.split(';')[0]}): “{r.title}”" for r in told)
    sentence = (
        "No Asian bond yields, policy rates or capital flows by region are in the data; settling the claim needs the net flows of Asian exchanges "
        "and of Japanese and Korean investors, with Asian bond yields, over the crash days."
        + (f" Reports: {titles}." if told else "")
    )
    figures = [Figure("reports", len(told), "reports"), *_reported_figures(told, ("jgb_10y_yield",))]
    return _assessment(ruling, sentence, figures)


def _assess_profit_taking(x: Inputs, day: pd.Timestamp) -> Assessment:
    """c58: profit-taking after a significant rise?"""
    r = prior_returns(x.daily["close"], day, (1, 3, 6, 12))
    ruling = R.profit_taking(R.PriorRise(return_1m=float(r[1]), return_3m=float(r[3]), return_6m=float(r[6])))
    prev = x.daily.loc[x.daily.index < day, "close"]
    sentence = (
        f"Yahoo BTC-USD daily closes to the last before the crash day ({prev.iloc[-1]:,.0f} USD on {prev.index[-1]:%Y-%m-%d}); over 12 months BTC returned "
        f"{r[12]:+.1%}. Who sold, and from which region, is not in the data."
    )
    figures = [Figure(f"return_{k}m", float(r[k]), "fraction") for k in (1, 3, 6, 12)]
    return _assessment(ruling, sentence, figures)


def _oi_change(oi: pd.Series, day: pd.Timestamp, days: int = 30) -> float:
    """Open interest's change (fraction) over the ``days`` before ``day``; NaN unless the series covers them."""
    before = oi[oi.index < day]
    start = oi[oi.index <= day - pd.Timedelta(days=days)]
    if before.empty or start.empty:
        return float("nan")
    return float(before.iloc[-1] / start.iloc[-1] - 1.0)


def _assess_leverage_chasing(x: Inputs, day: pd.Timestamp, funding_30d: pd.Series) -> Assessment:
    """c59: traders chasing profits with high leverage?"""
    oi = _oi_change(x.open_interest, day)
    ruling = R.leverage_chasing(R.LeverageChasing(funding_percentile_30d=float(funding_30d["percentile"]), oi_change_30d=oi))
    first = x.open_interest.index[0]
    sentence = (
        f"Leverage per trader is not public; funding is what longs pay for it. BTCUSDT funding averaged {_pct(funding_30d['annualised'])} a year over the "
        f"30 days before the crash (as in c20). The only open-interest series (Binance BTCUSDT via CoinGlass) starts on {first:%Y-%m-%d %H:%M} UTC."
    )
    figures = [
        Figure("btc_funding_30d_percentile", float(funding_30d["percentile"]), "fraction"),
        Figure("btc_funding_30d_annualised", float(funding_30d["annualised"]), "fraction"),
        Figure("oi_change_30d", oi, "fraction"),
        Figure("oi_first_time", first, "UTC"),
    ]
    return _assessment(ruling, sentence, figures)


def _assess_yields_siphoned(y10: dict) -> Assessment:
    """c61: rising yields drew money away from crypto (premise only)."""
    m = R.YieldsSiphoned(before_from_low_bp=(y10["before"] - y10["low"]) * 100, on_day_from_low_bp=float(y10["from_low_bp"]), day_change_bp=float(y10["change_bp"]))
    ruling = R.yields_siphoned(m)
    sentence = (
        f"The 10-year yield closed at {y10['before']:.2f} % before the crash and {y10['on_day']:.2f} % on the crash day (one-month low {y10['low']:.2f} %). "
        "Where money went needs daily flows into crypto funds and US spot-Bitcoin ETFs (Farside, CoinShares) and into money-market funds or Treasury "
        "auctions over the same days."
    )
    figures = [
        Figure("dgs10_before", float(y10["before"]), "percent"),
        Figure("dgs10_on_day", float(y10["on_day"]), "percent"),
        Figure("dgs10_from_month_low_bp", float(y10["from_low_bp"]), "bp"),
    ]
    return _assessment(ruling, sentence, figures)


def _assess_bull_leverage(x: Inputs) -> tuple[Assessment, pd.DataFrame]:
    """c62: in every bull market leverage climbs to dangerous levels? Also returns the phases."""
    s, phases = funding_in_bull_markets(x.funding, x.daily["close"], R.BULL_RETURN.value)
    ruling = R.leverage_in_bull_markets(R.BullLeverage(spearman=s["spearman"], phase_peak_percentiles=tuple(float(p) for p in phases["peak_percentile"])))
    listed = "; ".join(f"{a:%Y-%m} to {b:%Y-%m} ({p:.0%})" for a, b, p in zip(phases["start"], phases["end"], phases["peak_percentile"], strict=True))
    sentence = (
        f"Binance BTCUSDT funding (daily means of the 8-hourly prints) against BTC's 90-day return (Yahoo daily closes), {s['start']:%Y-%m-%d} to "
        f"{s['end']:%Y-%m-%d}, {s['days']:,} days. Bull phases (90-day return above {R.BULL_RETURN.value:.0%}) and the highest percentile 90-day mean "
        f"funding reached in each: {listed}."
    )
    figures = [
        Figure("spearman", s["spearman"], "rho"),
        Figure("days", s["days"], "days"),
        Figure("bull_phases", len(phases), "phases"),
        Figure("phases_in_top_quarter", int((phases["peak_percentile"] >= R.DANGEROUS_PCTL.value).sum()), "phases"),
        Figure("lowest_phase_peak_percentile", float(phases["peak_percentile"].min()), "fraction"),
        Figure("last_phase_start", phases["start"].iloc[-1], "UTC"),
        Figure("last_phase_peak_percentile", float(phases["peak_percentile"].iloc[-1]), "fraction"),
    ]
    return _assessment(ruling, sentence, figures), phases


def _assess_greed(x: Inputs, day: pd.Timestamp, funding_30d: pd.Series) -> Assessment:
    """c63: was sentiment extremely greedy before the crash?"""
    w = int(R.READING_WINDOW.value)
    last = latest_reading(x.reports, "fear_greed_index", day, w)
    after = next_reading(x.reports, "fear_greed_index", day, w)
    reading = None if last is None else float(last[1].value)
    when = "none" if last is None else f"{last[0].about_day:%Y-%m-%d}"
    ruling = R.extreme_greed(R.Greed(reading=reading, reading_day=when, funding_percentile_30d=float(funding_30d["percentile"])))
    parts = ["The Crypto Fear & Greed Index (alternative.me, 0 to 100) is not in the data; readings reported at the time are."]
    if last is not None:
        parts.append(f"The last reported for the week before the crash: {reading:.0f} for {when} ({last[0].id}, {last[0].outlet.split(';')[0]}).")
    if after is not None:
        parts.append(f"The next: {float(after[1].value):.0f} for {after[0].about_day:%Y-%m-%d} ({after[0].id}).")
    parts.append("A daily series of the index for the crash week would settle it without relying on reports.")
    figures = [
        Figure("reported_fear_greed_index", reading, "index"),
        Figure("reading_day", last[0].about_day if last is not None else None, "UTC"),
        Figure("reported_fear_greed_index_after", None if after is None else float(after[1].value), "index"),
        Figure("btc_funding_30d_percentile", float(funding_30d["percentile"]), "fraction"),
    ]
    return _assessment(ruling, " ".join(parts), figures)


#: What would settle the statements no data or stored report settles, and what was searched.
UNSETTLED = {
    "c64-sentiment-polarized": (
        "social-media sentiment series (Santiment's positive and negative ratios, counts of X posts by stance) for the days before and after the crash would settle it.",
        "the stored contemporaneous news pages for the candidate days; none measures a split of opinion after the crash.",
    ),
    "c66-vitalik-fundamentals": (
        "his blog and X posts in the days after the crash would settle whether he commented; his earlier interviews bear only on what he 'historically emphasized'.",
        "the stored news pages; none quotes him on this crash. A report of a 2022 Bloomberg interview has him welcoming bear markets for clearing out 'very short-term speculative attention'.",
    ),
}


def _assess_unsettled(x: Inputs, day: pd.Timestamp, claim_id: str) -> Assessment:
    """c64, c66: not settled by any public data or stored report."""
    settle, searched = UNSETTLED[claim_id]
    background = reports_for(x.reports, claim_id)
    ruling = R.unsettled(R.Unsettled(settle, searched, background=len(background)))
    sentence = f"Not settled: {searched}" + (f" Report: {_ids(background)}." if background else "")
    figures = [Figure("crash_day", day, "UTC"), Figure("reports_bearing_on_part", len(background), "reports")]
    return _assessment(ruling, sentence, figures)


def _assess_whales(x: Inputs, day: pd.Timestamp) -> Assessment:
    """c65: seasoned investors and whales bought the crash (reports only)."""
    told = reports_near(x.reports, "c65-whales-buying", day, int(R.REPORT_WINDOW.value))
    ruling = R.whales_buying(R.Reported(reports=len(told)))
    said = "; ".join(f"{r.id} ({r.outlet.split(';')[0]}): {f.value:,.0f} {f.unit}, {f.covers}" for r in told for f in r.figures if f.unit == "BTC")
    sentence = (
        "No on-chain balances are in the data (see c26); balances of addresses holding 1,000 BTC or more (Glassnode, CryptoQuant) over the crash days "
        "would settle it." + (f" Reports: {said}." if said else "")
    )
    figures = [Figure("reports", len(told), "reports"), *_reported_figures(told, ("whale_longs_added", "whale_accumulation"))]
    return _assessment(ruling, sentence, figures)


def assess(day: pd.Timestamp, funding_30d: pd.Series, y10: dict, x: Inputs | None = None) -> dict[str, Assessment]:
    """Assessments of c54-c59 and c61-c66 (the backdrop's claims of the ``contagion-macro`` chapter).

    ``funding_30d``: the BTC row of :func:`flashcrash.macro.funding_percentiles` for 30 days (as c20);
    ``y10``: :func:`flashcrash.macro.yield_moves` of DGS10 (as c23); ``x``: the data (loaded if ``None``).
    """
    day = to_utc(day)
    x = load_inputs() if x is None else x
    asia, _ = _assess_asia(x, day)
    bull, _ = _assess_bull_leverage(x)
    return {
        "c54-challenge-highs": _assess_highs(x, day),
        "c55-speed-breadth": _assess_speed(x, day),
        "c56-asian-selling": asia,
        "c57-asian-macro-pressure": _assess_asian_macro(x, day),
        "c58-profit-taking": _assess_profit_taking(x, day),
        "c59-leverage-chasing": _assess_leverage_chasing(x, day, funding_30d),
        "c61-yields-siphoned": _assess_yields_siphoned(y10),
        "c62-leverage-in-bull-markets": bull,
        "c63-extreme-greed": _assess_greed(x, day, funding_30d),
        "c64-sentiment-polarized": _assess_unsettled(x, day, "c64-sentiment-polarized"),
        "c65-whales-buying": _assess_whales(x, day),
        "c66-vitalik-fundamentals": _assess_unsettled(x, day, "c66-vitalik-fundamentals"),
    }
