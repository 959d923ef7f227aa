"""The backdrop's data, read once (:func:`load_inputs`), and every number its claims and the chapter
show, computed once (:func:`measures`, one typed object: :class:`BackdropMeasures`).

Prices USD, returns, falls and shares as fractions, funding as a fraction per 8 h, times UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from flashcrash.backdrop.bull import funding_in_bull_markets
from flashcrash.backdrop.prices import high_context, prior_returns
from flashcrash.backdrop.reports import latest_reading, next_reading, reports_for, reports_near, reports_table
from flashcrash.backdrop.speed import speed_breadth
from flashcrash.backdrop.trading_sessions import NULL_DAYS, sessions_table
from flashcrash.data.validate import to_utc
from flashcrash.reported import Report, ReportedFigure
from flashcrash.rules import contagion_macro as R

#: Months of the returns before the crash (c58 rests on 1, 3 and 6; 12 is shown beside them).
RETURN_MONTHS = (1, 3, 6, 12)
#: Days of open interest before the crash whose change measures a build-up of positions (c59).
OI_CHANGE_DAYS = 30
#: The reports' figures the chapter lists, per claim (claim id -> names of the figures that bear on it).
REPORTED_FIGURES: dict[str, tuple[str, ...]] = {
    "c57-asian-macro-pressure": ("jgb_10y_yield",),
    "c63-extreme-greed": ("fear_greed_index",),
    "c65-whales-buying": ("whale_longs_added", "whale_accumulation"),
    "c66-vitalik-fundamentals": ("remarks_date",),
}
#: The claims no data or stored report settles (c64, c66): the reports bearing on part of them are kept.
UNSETTLED_CLAIMS = ("c64-sentiment-polarized", "c66-vitalik-fundamentals")


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


Reading = tuple[Report, ReportedFigure]


@dataclass(frozen=True)
class BackdropMeasures:
    """Every measure of the backdrop's claims (c54-c59, c61-c66) on ``day`` (UTC midnight).

    ``high``: :func:`~flashcrash.backdrop.prices.high_context`; ``returns``: returns (fractions) over
    :data:`RETURN_MONTHS` months; ``speed``: :func:`~flashcrash.backdrop.speed.speed_breadth`;
    ``sessions``: :func:`~flashcrash.backdrop.trading_sessions.sessions_table`; ``bull`` and
    ``bull_phases``: :func:`~flashcrash.backdrop.bull.funding_in_bull_markets`; ``oi_change_30d``:
    open interest's change over the :data:`OI_CHANGE_DAYS` days before (fraction, NaN when the series
    starts later) and ``oi_first_time`` its first hour; the reports about days near the crash placing
    the selling in Asia (``asia_reports``), on Asian policy pressure (``pressure_reports``) and on
    whales buying (``whale_reports``); the last and next Fear & Greed readings reported around the
    crash; the reports bearing on part of the unsettled claims (``unsettled_reports``); and the table
    of reported figures (``reports_table``).
    """

    day: pd.Timestamp
    high: dict[str, float | pd.Timestamp]
    returns: pd.Series
    speed: dict[str, object]
    sessions: pd.DataFrame
    bull: dict[str, float]
    bull_phases: pd.DataFrame
    oi_change_30d: float
    oi_first_time: pd.Timestamp
    asia_reports: tuple[Report, ...]
    pressure_reports: tuple[Report, ...]
    whale_reports: tuple[Report, ...]
    greed_last: Reading | None
    greed_next: Reading | None
    unsettled_reports: dict[str, tuple[Report, ...]]
    reports_table: pd.DataFrame

    @property
    def alt_hour_falls(self) -> pd.Series:
        """Each altcoin's largest fall (fraction) within BTC's worst hour of the day."""
        return self.speed["alt_falls"]  # type: ignore[return-value]

    def reported_values(self, reports: Sequence[Report], name: str) -> list[float]:
        """The values of the figure ``name`` in ``reports``, in report order."""
        return [float(f.value) for r in reports for f in r.figures if f.name == name]


def oi_change(oi: pd.Series, day: pd.Timestamp, days: int = OI_CHANGE_DAYS) -> float:
    """Open interest's change (fraction) over the ``days`` before ``day``; NaN unless the series covers them."""
    before = oi[oi.index < day]
    start = oi[oi.index <= day - pd.Timedelta(days=days)]
    if before.empty or start.empty:
        return float("nan")
    return float(before.iloc[-1] / start.iloc[-1] - 1.0)


def session_bars(perp_1h: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The hourly bars the sessions are measured on: the crash day and the :data:`NULL_DAYS` + 30 days before."""
    return perp_1h.loc[day - pd.Timedelta(days=NULL_DAYS + 30) : day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)]


def _report_measures(reports: list[Report], day: pd.Timestamp, wanted: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """The reports' part of :class:`BackdropMeasures` (see its docstring)."""
    window, reading = int(R.REPORT_WINDOW.value), int(R.READING_WINDOW.value)
    return {
        "asia_reports": tuple(reports_near(reports, "c56-asian-selling", day, 0)),
        "pressure_reports": tuple(reports_near(reports, "c57-asian-macro-pressure", day, window)),
        "whale_reports": tuple(reports_near(reports, "c65-whales-buying", day, window)),
        "greed_last": latest_reading(reports, "fear_greed_index", day, reading),
        "greed_next": next_reading(reports, "fear_greed_index", day, reading),
        "unsettled_reports": {cid: tuple(reports_for(reports, cid)) for cid in UNSETTLED_CLAIMS},
        "reports_table": reports_table(reports, {cid: list(names) for cid, names in wanted.items()}),
    }


def measures(x: Inputs, day: pd.Timestamp) -> BackdropMeasures:
    """The backdrop's measures on ``day`` from the data ``x`` (:func:`load_inputs`)."""
    day = to_utc(day)
    summary, phases = funding_in_bull_markets(x.funding, x.daily["close"], R.BULL_RETURN.value)
    return BackdropMeasures(
        day=day,
        high=high_context(x.daily, day),
        returns=prior_returns(x.daily["close"], day, RETURN_MONTHS),
        speed=speed_breadth(x.btc_15m, x.alts_5m, day),
        sessions=sessions_table(session_bars(x.perp_1h, day), day),
        bull=summary,
        bull_phases=phases,
        oi_change_30d=oi_change(x.open_interest, day),
        oi_first_time=x.open_interest.index[0],
        **_report_measures(x.reports, day, REPORTED_FIGURES),  # type: ignore[arg-type]
    )
