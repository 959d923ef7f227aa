"""The liquidation chapter's data, read once (:func:`load`), and every number it shows, computed once
(:func:`chapter_measures`) into one typed object, :class:`LiquidationMeasures`, that the notebook and the
tests read. The assessor (:func:`flashcrash.liquidation.claims.assess`) reads the same object without
the model's display-only results (:func:`core_measures`, :func:`rule_measures`); the page's measures
(:func:`chapter_measures`) are those with the whole :class:`Model` added, so prose and verdicts come
from the same values.

Liquidations and notionals in USD (hours labelled by their UTC start), shares and returns as fractions,
funding as a fraction per 8 h. The calibrated model's results (:mod:`.calibrate`) are kept in the
results cache; the measures read them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from flashcrash import article as A
from flashcrash import data, macro
from flashcrash import reported as rp
from flashcrash.article import EVENT_DAY
from flashcrash.cache import cached
from flashcrash.data.validate import to_utc
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import observed as ob
from flashcrash.liquidation import sequence as sq
from flashcrash.liquidation.reports import Reports, reported_daily_average, reports

#: Days whose long share is reported: the calibration day (the identified event day) and the five
#: mid-December days the article's date points to. ``flashcrash.event.candidate_days()`` lists every
#: day that broke $87k; tests check that these days are the event day and among its candidates.
CANDIDATE_DAYS = (EVENT_DAY,) + cal.VALIDATION_DAYS[:5]
#: Days whose reported figures are listed with the claims: the candidate days and 2026-01-29 (the
#: model's last validation day, whose reports come closest to the article's 24-hour figures).
REPORT_DAYS = (EVENT_DAY,) + cal.VALIDATION_DAYS
#: Days of funding before the event whose mean is ranked against its history (as in the funding claim c20).
FUNDING_WINDOW_DAYS = 30
#: Width of the liquidation map's price bins (USD).
MAP_BIN_USD = 250.0
#: The hours of liquidations the chapter's first chart shows around the day: 12 before, 36 from its start.
WINDOW_BEFORE, WINDOW_AFTER = pd.Timedelta(hours=12), pd.Timedelta(hours=36)


@dataclass(frozen=True)
class Inputs:
    """The chapter's data for the crash ``day`` (UTC midnight): CoinGlass hourly BTC liquidations of
    three exchanges (``liquidations``), Binance BTCUSDT perpetual hourly bars (``perp_1h``) and the
    day's 5- or 15-minute bars (``day_bars``, :func:`.calibrate.day_bars`), Binance BTCUSDT open interest
    (``open_interest``, USD), BTCUSDT funding prints since 2019 (``funding``), Bitstamp's daily BTC/USD
    and BTC/CNY (``bitstamp``) and the stored reports (``reports``)."""

    day: pd.Timestamp
    liquidations: pd.DataFrame
    perp_1h: pd.DataFrame
    day_bars: pd.DataFrame
    open_interest: pd.Series
    funding: pd.Series
    bitstamp: pd.DataFrame
    reports: list[rp.Report]


def load(day: pd.Timestamp | None = None) -> Inputs:
    """Read the chapter's data for ``day`` (default the crash day, :data:`flashcrash.article.EVENT_DAY`)."""
    day = to_utc(EVENT_DAY if day is None else day)
    return Inputs(
        day=day,
        liquidations=data.liquidations_1h(),
        perp_1h=data.perp_1h("BTC"),
        day_bars=cal.day_bars(day),
        open_interest=data.derivatives_1h()["oi_close"],
        funding=macro.funding_history("BTC"),
        bitstamp=data.bitstamp_daily(),
        reports=rp.load_reports(),
    )


@dataclass(frozen=True)
class Calibration:
    """What the rules read of the calibrated model on the day: the fit (:func:`.calibrate.event_fit`)
    and the amplification band (:func:`.calibrate.amplification_band`)."""

    fit: cal.Fit
    band: pd.Series


@dataclass(frozen=True)
class Model(Calibration):
    """The calibrated model's results on the day as the page shows them: the fit and the band
    (:class:`Calibration`), the daily volatility (fraction) and volume (USD) of the impact law
    (:func:`.calibrate.depth`), the out-of-sample validation and the observed and modelled hours of
    the fitted and validation days, the liquidation map of the fitted book (USD bins of
    :data:`MAP_BIN_USD`) and the day's open (USD), and the single-shock curves of the fitted book and
    of the bootstrap parameter sets."""

    depth: tuple[float, float]
    validation: pd.DataFrame
    model_hourly: pd.DataFrame
    liquidation_map: pd.DataFrame
    open_price: float
    shock_curve: pd.DataFrame
    shock_curves: pd.DataFrame


@dataclass(frozen=True)
class LiquidationMeasures:
    """Every measure of the liquidation chapter on ``day`` (UTC midnight).

    ``event``: the day in the three-exchange data; ``long_shares``: the candidate days' totals and long
    shares; ``window`` and ``window_price``: the hours around the day and the perpetual's closes over
    them; ``max_hour_share``/``complete_days``: the largest share of a complete day held by one hour and
    how many complete days; ``complete_span``: the first and last complete day; ``rmb``: the CNY
    conversion check; ``break_time``: the first bar below $87k; ``after_break``: longs' share and the
    total (USD) of the break's hour and the hours after it; ``funding_30d``: BTC funding over the
    :data:`FUNDING_WINDOW_DAYS` days before against its history; ``oi_first``/``oi_first_time``: the
    open-interest series' first value (USD) and hour; ``reports``: the reported figures and coverage
    scales; ``reported_average``: the reported average day of 2025 (low, high USD, report id);
    ``sequence``: the order of the hours on the candidate days; ``day_rank``: the day among the
    complete days; ``model``: the calibrated model's results (:class:`Calibration` in the rules'
    measures, :func:`rule_measures`; the whole :class:`Model` in the page's, :func:`chapter_measures`).
    """

    day: pd.Timestamp
    event: ob.EventDay
    long_shares: pd.DataFrame
    window: pd.DataFrame
    window_price: pd.Series
    max_hour_share: float
    complete_days: int
    complete_span: tuple[pd.Timestamp, pd.Timestamp]
    rmb: dict[str, float]
    break_time: pd.Timestamp
    after_break: tuple[float, float]
    funding_30d: pd.Series
    oi_first: float
    oi_first_time: pd.Timestamp
    reports: Reports
    reported_average: tuple[float, float, str]
    sequence: pd.DataFrame
    day_rank: dict[str, object]
    day_bars: pd.DataFrame
    model: Calibration


def calibration(day: pd.Timestamp) -> Calibration:
    """The fit and the amplification band on ``day`` (both kept in the results cache)."""
    return Calibration(fit=cal.event_fit(), band=cal.amplification_band(day))


def model(day: pd.Timestamp, calibrated: Calibration | None = None) -> Model:
    """The calibrated model's results on ``day``: the fit and band of ``calibrated`` (by default
    :func:`calibration`) and what the page shows beside them (the shock curve is cached)."""
    c = calibration(day) if calibrated is None else calibrated
    params = c.fit.params
    return Model(
        fit=c.fit,
        band=c.band,
        depth=cal.depth(day),
        validation=cal.validate(params),
        model_hourly=pd.concat([cal.model_hourly(d, params) for d in (day, *cal.VALIDATION_DAYS)]),
        liquidation_map=bk.liquidation_map(cal.scaled_book(day, params), MAP_BIN_USD),
        open_price=float(cal.day_bars(day)["open"].iloc[0]),
        shock_curve=cal.shock_curve(params),
        shock_curves=cal.shock_curves(c.fit, day),
    )


def _window(x: Inputs) -> tuple[pd.DataFrame, pd.Series]:
    """The hourly liquidations around the day and the perpetual's hourly closes over the same hours."""
    liq = x.liquidations
    win = liq[(liq.index >= x.day - WINDOW_BEFORE) & (liq.index < x.day + WINDOW_AFTER)]
    px = x.perp_1h["close"]
    return win, px[(px.index >= win.index[0]) & (px.index <= win.index[-1])]


def core_measures(x: Inputs) -> LiquidationMeasures:
    """The rules' measures from the chapter's data ``x`` (:func:`load`): every measure but the
    model's display-only results (``model`` is the :class:`Calibration`)."""
    liq, day = x.liquidations, x.day
    brk = ob.break_time(x.day_bars)
    share, days = ob.max_hour_share(liq)
    complete = ob.complete_days(liq)
    window, price = _window(x)
    return LiquidationMeasures(
        day=day,
        event=ob.event_day(liq, day),
        long_shares=ob.long_shares(liq, CANDIDATE_DAYS),
        window=window,
        window_price=price,
        max_hour_share=share,
        complete_days=days,
        complete_span=(complete[0], complete[-1]),
        rmb=ob.rmb_check(x.bitstamp, day, A.LIQUIDATED_24H_USD, A.LIQUIDATED_24H_CNY),
        break_time=brk,
        after_break=sq.long_share_after(liq, brk, sq.AFTER_BREAK_HOURS),
        funding_30d=macro.funding_percentiles(x.funding, day, windows=(FUNDING_WINDOW_DAYS,)).iloc[0],
        oi_first=float(x.open_interest.iloc[0]),
        oi_first_time=x.open_interest.index[0],
        reports=reports(x.reports, liq, day),
        reported_average=reported_daily_average(x.reports),
        sequence=ob.sequence_table(liq, ob.hourly_returns(x.perp_1h), CANDIDATE_DAYS),
        day_rank=sq.day_rank(liq["total_usd"], day),
        day_bars=x.day_bars,
        model=calibration(day),
    )


def rule_measures(day: pd.Timestamp | None = None) -> LiquidationMeasures:
    """:func:`core_measures` of :func:`load` for ``day`` (UTC midnight; default the crash day,
    :data:`flashcrash.article.EVENT_DAY`), kept in the results cache: what the assessor reads."""
    return _rule_measures(to_utc(EVENT_DAY if day is None else day))


@cached("liq-rule-measures")
def _rule_measures(day: pd.Timestamp) -> LiquidationMeasures:
    return core_measures(load(day))


def chapter_measures(day: pd.Timestamp | None = None) -> LiquidationMeasures:
    """Every number of the chapter on ``day`` (default the crash day): the rules' measures
    (:func:`rule_measures`) with the whole :class:`Model`, kept in the results cache: the notebook
    and the tests read one computation, and its verdicts come from the same values as the ledger's."""
    return _chapter_measures(to_utc(EVENT_DAY if day is None else day))


@cached("liq-chapter-measures")
def _chapter_measures(day: pd.Timestamp) -> LiquidationMeasures:
    core = rule_measures(day)
    return replace(core, model=model(day, core.model))
