"""What followed the crash, against three more statements of the article's outlook (claims c60, c67, c68).

* c60, liquidity "not turned on quickly but may even be tightened further": the Fed's rate decisions
  within 90 days after the as-of point (FRED target range, :func:`flashcrash.macro.fed_decisions`),
  with the Fed's balance sheet (FRED WALCL, weekly, USD millions) over the same days as context;
* c67, "a period of repair and consolidation" over 1-3 months: per horizon, the price range (Binance
  spot hourly highs and lows), the net change of the daily open (Bitstamp, as the chapter) and realised
  volatility of daily log returns against the 90 days before (:func:`consolidation_stats`);
* c68, "any signs of changes in Fed policy could trigger market volatility again": BTC's absolute log
  return over the 24 hours after each FOMC statement within 3 months, against the same clock time on
  the other days of those months (:func:`moves_after`, :func:`fed_event_moves`).

FOMC statements are released at 14:00 New York time; the meeting days are the Fed's published calendar
(:data:`FOMC_DECISION_DAYS`; the days of changed rates agree with FRED's target range). Every function
takes its data as arguments; :func:`aftermath` measures the three claims once and :func:`assess` builds their assessments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.claims import Assessment, Figure
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.rules import outlook as R
from flashcrash.sessions import NEW_YORK_TZ

#: Second days of the FOMC meetings of December 2025 to March 2026, when the statement is released, from
#: the Federal Reserve's meeting calendar (federalreserve.gov/monetarypolicy/fomccalendars.htm).
FOMC_DECISION_DAYS = ("2025-12-10", "2026-01-28", "2026-03-18")
#: Release time of the FOMC statement, New York time.
FOMC_RELEASE = ("14:00", NEW_YORK_TZ)
#: Days before the as-of point whose volatility is the yardstick of "repair".
VOL_BEFORE_DAYS = 90


def decision_times(days: Sequence[str], release: tuple[str, str] = FOMC_RELEASE) -> pd.DatetimeIndex:
    """UTC times of the statements released on ``days`` (``YYYY-MM-DD``) at the local ``release`` time
    (daylight saving handled by the time zone)."""
    hhmm, tz = release
    return pd.DatetimeIndex([pd.Timestamp(f"{d} {hhmm}", tz=tz).tz_convert("UTC") for d in days])


def fed_moves_between(decisions: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Rows of :func:`flashcrash.macro.rate_decisions` announced in ``[start, end)``."""
    a = decisions["announced"]
    return decisions[(a >= to_utc(start)) & (a < to_utc(end))].reset_index(drop=True)


def change_between(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> tuple[float, float, float]:
    """(value at ``start``, value at ``end``, relative change): the last observations on or before each."""
    require_utc(series.index, "series index")
    a, b = series.loc[: to_utc(start)], series.loc[: to_utc(end)]
    if a.empty:
        raise ValueError(f"{series.name}: no observation on or before {start}")
    va, vb = float(a.iloc[-1]), float(b.iloc[-1])
    return va, vb, vb / va - 1.0


def consolidation_stats(opens: pd.Series, hourly: pd.DataFrame, as_of: pd.Timestamp, end: pd.Timestamp, before_days: int = VOL_BEFORE_DAYS) -> dict[str, float]:
    """How sideways the market went between ``as_of`` and ``end``.

    ``opens``: daily opens (USD, UTC days); ``hourly``: bars with ``high``/``low`` (USD). Returns
    ``range`` (highest hourly high / lowest hourly low in ``[as_of, end)`` - 1), ``net`` (open at ``end``
    / open at ``as_of`` - 1), ``vol`` and ``vol_before`` (standard deviation of daily log returns of the
    opens in ``(as_of, end]`` and in the ``before_days`` to ``as_of``, per day) and ``vol_ratio``.
    """
    require_utc(opens.index, "daily opens index")
    require_utc(hourly.index, "hourly bars index")
    as_of, end = to_utc(as_of), to_utc(end)
    w = hourly.loc[as_of : end - pd.Timedelta(seconds=1)]
    if w.empty or as_of not in opens.index or end not in opens.index:
        raise ValueError(f"the data do not cover {as_of.date()} to {end.date()}")
    lr = np.log(opens).diff()
    after = lr.loc[as_of:end].iloc[1:]
    before = lr.loc[as_of - pd.Timedelta(days=before_days) : as_of].iloc[1:]
    vol, vol_before = float(after.std()), float(before.std())
    return {
        "range": float(w["high"].max() / w["low"].min() - 1.0),
        "net": float(opens[end] / opens[as_of] - 1.0),
        "vol": vol,
        "vol_before": vol_before,
        "vol_ratio": vol / vol_before,
    }


def moves_after(close: pd.Series, times: pd.DatetimeIndex, hours: int = 24) -> pd.Series:
    """Absolute log return from each time in ``times`` to ``hours`` later.

    ``close``: hourly closes on a UTC index of bar *open* times; the price at a time ``t`` is the close of
    the bar ending at ``t``. NaN where either price is missing.
    """
    require_utc(close.index, "hourly closes index")
    at = close.copy()
    at.index = at.index + pd.Timedelta(hours=1)  # the time each close was printed
    p0 = at.reindex(times).to_numpy(dtype=float)
    p1 = at.reindex(times + pd.Timedelta(hours=hours)).to_numpy(dtype=float)
    return pd.Series(np.abs(np.log(p1 / p0)), index=times, name="abs_move")


def fed_event_moves(close: pd.Series, events: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp, hours: int = 24) -> tuple[pd.Series, pd.Series]:
    """(the moves after the ``events`` in ``[start, end)``, the moves from the same clock time on every
    other day of that span): :func:`moves_after` for both; the events must share one clock time."""
    start, end = to_utc(start), to_utc(end)
    ev = events[(events >= start) & (events < end)]
    if ev.empty:
        raise ValueError(f"no event between {start.date()} and {end.date()}")
    clock = {t.strftime("%H:%M") for t in ev}
    if len(clock) != 1:
        raise ValueError(f"the events fall at different clock times {sorted(clock)}: compare each with its own days")
    first = start.normalize() + (ev[0] - ev[0].normalize())
    times = pd.date_range(first, end - pd.Timedelta(seconds=1), freq="1D")
    moves = moves_after(close, times, hours).dropna()
    return moves.loc[moves.index.isin(ev)], moves.loc[~moves.index.isin(ev)]


# --------------------------------------------------------------------------------------------
# The measures of the three claims, computed once
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Aftermath:
    """What followed the as-of point ``as_of`` (UTC), measured once for c60, c67 and c68.

    ``decisions``: the Fed's decisions announced within :data:`~flashcrash.rules.outlook.LIQUIDITY_HORIZON`
    days after it (rows of :func:`flashcrash.macro.rate_decisions`); ``balance_sheet``: WALCL (USD
    millions) then and at the horizon, and its relative change (:func:`change_between`);
    ``horizons``: the horizon dates (UTC) of the chapter; ``consolidation``: :func:`consolidation_stats`
    to the 1- and 3-month horizons; ``event_moves``/``other_moves``: BTC's absolute log moves over the
    24 hours after the FOMC statements up to the 3-month horizon and at the same clock time on the
    other days (:func:`fed_event_moves`).
    """

    as_of: pd.Timestamp
    horizons: dict[str, pd.Timestamp]
    decisions: pd.DataFrame
    balance_sheet: tuple[float, float, float]
    consolidation: dict[str, dict[str, float]]
    event_moves: pd.Series
    other_moves: pd.Series

    @property
    def liquidity_days(self) -> int:
        """Days after the as-of point over which liquidity is judged (c60)."""
        return int(R.LIQUIDITY_HORIZON.value)

    @property
    def cuts(self) -> pd.DataFrame:
        """The decisions within the liquidity horizon that cut."""
        return self.decisions[self.decisions["kind"] == "cut"]

    @property
    def hikes(self) -> pd.DataFrame:
        """The decisions within the liquidity horizon that hiked."""
        return self.decisions[self.decisions["kind"] == "hike"]

    @property
    def consolidation_table(self) -> pd.DataFrame:
        """:attr:`consolidation` as a table, one row per horizon (``1 month``, ``3 months``) with its end (UTC)."""
        table = pd.DataFrame(self.consolidation).T
        table.index = pd.Index(["1 month", "3 months"], name="horizon")
        table = table.rename(columns={"range": "price_range", "net": "net_change", "vol": "daily_vol", "vol_before": "daily_vol_before"})
        table.insert(0, "horizon_end", [self.horizons[k] for k in ("1m", "3m")])
        return table

    @property
    def event_percentiles(self) -> list[float]:
        """For each move after a statement, the share of the other days' moves below it (fraction)."""
        return [float(np.mean(self.other_moves.to_numpy() < v)) for v in self.event_moves]

    @property
    def fed_table(self) -> pd.DataFrame:
        """The moves after the statements (fraction) and the share of the other days' moves below each."""
        ev = self.event_moves
        return pd.DataFrame({"abs_move_24h": ev.to_numpy(), "other_days_smaller": self.event_percentiles}, index=ev.index.rename("statement"))


def aftermath(
    opens: pd.Series,
    hourly: pd.DataFrame,
    decisions: pd.DataFrame,
    walcl: pd.Series,
    as_of: pd.Timestamp,
    horizons: dict[str, pd.Timestamp],
    days: Sequence[str] = FOMC_DECISION_DAYS,
) -> Aftermath:
    """:class:`Aftermath` from the daily opens (USD), hourly bars (``high``, ``low``, ``close``; USD),
    the Fed's decisions, WALCL (USD millions), the as-of point and the horizon dates; ``days``: the
    FOMC statement days (``YYYY-MM-DD``)."""
    end = as_of + pd.Timedelta(days=int(R.LIQUIDITY_HORIZON.value))
    ev, other = fed_event_moves(hourly["close"], decision_times(days), as_of, horizons["3m"])
    return Aftermath(
        as_of=as_of,
        horizons=horizons,
        decisions=fed_moves_between(decisions, as_of, end),
        balance_sheet=change_between(walcl, as_of, end),
        consolidation={k: consolidation_stats(opens, hourly, as_of, horizons[k]) for k in ("1m", "3m")},
        event_moves=ev,
        other_moves=other,
    )


# --------------------------------------------------------------------------------------------
# Assessments (called by flashcrash.scenarios.assess.assess)
# --------------------------------------------------------------------------------------------


def assess_liquidity(a: Aftermath) -> Assessment:
    """c60: liquidity not loosened quickly, maybe tightened."""
    h, as_of, moves, cuts, hikes = a.liquidity_days, a.as_of, a.decisions, a.cuts, a.hikes
    ruling = R.liquidity_tightened(R.LiquidityTightened(cuts=len(cuts), hikes=len(hikes)))
    b0, b1, bch = a.balance_sheet
    listed = ", ".join(f"{t:%Y-%m-%d} ({c:+d} bp)" for t, c in zip(moves["announced"], moves["change_bp"], strict=True)) or "none"
    sentence = (
        f"Fed decisions that changed the target range in the {h} days after {as_of:%Y-%m-%d} (FRED): {listed}. Over the same days the Fed's balance sheet "
        f"(WALCL) went from {b0 / 1e6:,.2f} to {b1 / 1e6:,.2f} trillion USD ({bch:+.1%})."
    )
    figures = [
        Figure("fed_cuts_90d", len(cuts), "decisions"),
        Figure("fed_hikes_90d", len(hikes), "decisions"),
        Figure("first_cut", cuts["announced"].iloc[0] if len(cuts) else None, "UTC"),
        Figure("balance_sheet_change_90d", bch, "fraction"),
    ]
    return Assessment.of(ruling, sentence, figures)


def assess_consolidation(a: Aftermath) -> Assessment:
    """c67: a period of repair and consolidation over 1-3 months."""
    st, as_of, horizons = a.consolidation, a.as_of, a.horizons
    m = R.Consolidation(
        range_1m=st["1m"]["range"],
        net_1m=st["1m"]["net"],
        vol_ratio_1m=st["1m"]["vol_ratio"],
        range_3m=st["3m"]["range"],
        net_3m=st["3m"]["net"],
        vol_ratio_3m=st["3m"]["vol_ratio"],
    )
    ruling = R.consolidation(m)
    sentence = (
        f"From the open of {as_of:%Y-%m-%d} (Bitstamp) to those of {horizons['1m']:%Y-%m-%d} and {horizons['3m']:%Y-%m-%d}, with ranges from Binance spot "
        f"hourly bars; daily volatility in the 90 days before was {st['1m']['vol_before']:.2%}."
    )
    figures = [
        Figure(f"{name}_{k}", st[k][key], unit)
        for k in ("1m", "3m")
        for name, key, unit in (("range", "range", "fraction"), ("net_change", "net", "fraction"), ("vol_ratio", "vol_ratio", "ratio"))
    ]
    return Assessment.of(ruling, sentence, figures)


def assess_fed_volatility(a: Aftermath) -> Assessment:
    """c68: Fed decisions followed by renewed volatility?"""
    ev, other, as_of, end = a.event_moves, a.other_moves, a.as_of, a.horizons["3m"]
    med = float(other.median())
    ruling = R.fed_volatility(R.FedVolatility(event_moves=tuple(float(v) for v in ev), other_median=med))
    listed = "; ".join(f"{t:%Y-%m-%d} {v:.1%} (above {p:.0%} of the other days)" for t, v, p in zip(ev.index, ev, a.event_percentiles, strict=True))
    sentence = (
        f"FOMC statements between {as_of:%Y-%m-%d} and {end:%Y-%m-%d} (Fed calendar, 14:00 New York, {ev.index[0]:%H:%M} UTC); BTC's absolute move in the "
        f"24 hours after each, on Binance spot hourly closes: {listed}. The median of the {len(other)} other days at that time was {med:.1%}; "
        f"only {len(ev)} decisions fall in the window, so one large day weighs heavily."
    )
    figures = [
        Figure("fed_decisions_in_window", len(ev), "decisions"),
        Figure("mean_abs_move_after_decisions", float(ev.mean()), "fraction"),
        Figure("median_abs_move_other_days", med, "fraction"),
        Figure("ratio", float(ev.mean()) / med, "ratio"),
        Figure("largest_move_after_decision", float(ev.max()), "fraction"),
        Figure("largest_move_day", ev.idxmax(), "UTC"),
    ]
    return Assessment.of(ruling, sentence, figures)


def assess(a: Aftermath) -> dict[str, Assessment]:
    """Assessments of c60, c67 and c68 from the aftermath's measures."""
    return {"c60-liquidity-tightened": assess_liquidity(a), "c67-consolidation": assess_consolidation(a), "c68-fed-volatility": assess_fed_volatility(a)}
