"""Every number of the chapter "Contagion, leverage and the macro backdrop", computed once from the data
(:func:`flashcrash.contagion.inputs.load`) into one typed object, :class:`ContagionMeasures`, that the
notebook, the assessor (:func:`flashcrash.contagion.assess`) and the tests read.

Prices USD, drawdowns and falls as fractions (negative for a fall), basis in fractions (summaries in
basis points), funding as fractions per 8 h (annualised: per year), yields and rates in percent,
times UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash import backdrop, macro
from flashcrash.article import EVENT_DAY
from flashcrash.atlas.compare import like_2022_measures
from flashcrash.cache import cached
from flashcrash.contagion.altcoins import ALTS, correlation_shift, drawdown_table, lead_lag_table, rolling_correlation_table
from flashcrash.contagion.derivatives import basis_summary, basis_table, open_interest_summary
from flashcrash.contagion.history import crash_table
from flashcrash.contagion.inputs import Inputs, load
from flashcrash.crashes import crashes_with
from flashcrash.data.validate import to_utc
from flashcrash.rules.atlas import Like2022Measures

#: Coins whose funding the chapter's chart shows day by day.
FUNDING_CHART_SYMBOLS = ("BTC", "ETH")
#: The year of the Fed's cutting cycle the article names (c28), and the first day after it (UTC).
CYCLE_YEAR = 2025
#: Days of the macro panel before and after the crash (pandas offsets).
PANEL_BEFORE, PANEL_AFTER = "90D", "30D"


@dataclass(frozen=True)
class Comovement:
    """ETH and the altcoins against BTC on the day (:mod:`flashcrash.contagion.altcoins`): the
    drawdown table, the lead-lag table (long, for the chart) and its summary per coin, the correlation
    shift and the trailing one-day correlations, on ``day`` (UTC midnight)."""

    day: pd.Timestamp
    drawdowns: pd.DataFrame
    lead_lag_long: pd.DataFrame
    lead_lag: pd.DataFrame
    correlation_shift: pd.DataFrame
    rolling_correlation: pd.DataFrame

    @property
    def btc_drawdown(self) -> float:
        """BTC's drawdown from the prior close to the day's low (fraction)."""
        return float(self.drawdowns.loc["BTC", "drawdown"])

    @property
    def alts(self) -> pd.DataFrame:
        """The drawdown table's rows of the altcoins (:data:`~flashcrash.contagion.altcoins.ALTS`)."""
        return self.drawdowns.loc[list(ALTS)]

    @property
    def alts_fell_more(self) -> int:
        """How many altcoins fell further than BTC (drawdown to the day's low)."""
        return int((self.alts["drawdown"] < self.btc_drawdown).sum())

    @property
    def coins_peak_lag0(self) -> int:
        """How many altcoins' cross-correlation with BTC peaks at lag 0 (they moved in the same 5 minutes)."""
        return int((self.lead_lag["peak_lag"] == 0).sum())

    def correlation(self, resolution: str) -> pd.DataFrame:
        """The correlation shift at one resolution (``"15min"`` or ``"5min"``), indexed by symbol."""
        cs = self.correlation_shift
        return cs[cs["resolution"] == resolution].set_index("symbol")


@dataclass(frozen=True)
class Derivatives:
    """The perpetuals against spot (:mod:`flashcrash.contagion.derivatives`): the hourly basis table, its
    summary per symbol and what the open-interest series says."""

    basis: pd.DataFrame
    basis_summary: pd.DataFrame
    open_interest: dict[str, float | pd.Timestamp]


@dataclass(frozen=True)
class Funding:
    """Funding before the crash against its history since 2019: per symbol,
    :func:`flashcrash.macro.funding_percentiles` by window (``percentiles``), and the daily funding of
    :data:`FUNDING_CHART_SYMBOLS` as a long table for the chart (``daily``)."""

    percentiles: dict[str, pd.DataFrame]
    daily: pd.DataFrame

    def of(self, symbol: str) -> pd.DataFrame:
        """One symbol's percentiles indexed by the window (days)."""
        return self.percentiles[symbol].set_index("window_days")


@dataclass(frozen=True)
class Fed:
    """The Fed's decisions (:func:`flashcrash.macro.fed_decisions`) around the crash: the target range
    in force on the day (percent) and the start of the run of cuts then under way; the next decision
    after the day; the cuts of :data:`CYCLE_YEAR`, the start of the run of cuts in force at the year's
    end, the basis points cut in that run before the year, and the range at the year's end."""

    decisions: pd.DataFrame
    target_range: tuple[float, float]
    cycle_start: pd.Timestamp
    next_decision: pd.Series
    cuts_in_year: pd.DataFrame
    year_cycle_start: pd.Timestamp
    cut_before_year_bp: int
    year_end_range: tuple[float, float]

    @property
    def since_2024(self) -> pd.DataFrame:
        """The decisions announced since 1 January 2024."""
        d = self.decisions
        return d[d["announced"] >= pd.Timestamp("2024-01-01", tz="UTC")].copy()


@dataclass(frozen=True)
class Rates:
    """Rates, yields and the real economy as known on the day (:mod:`flashcrash.macro`): the 2- and
    10-year yields' moves, the effective fed funds rate before the day (percent), unemployment and
    CPI, the macro panel around the day (long table) and the first US trading day on or after it."""

    dgs2: dict[str, float | pd.Timestamp]
    dgs10: dict[str, float | pd.Timestamp]
    effr: float
    labour: dict[str, float | pd.Timestamp]
    panel: pd.DataFrame
    first_us_trading_day: pd.Timestamp

    @property
    def dgs2_minus_effr_bp(self) -> float:
        """The 2-year yield's last close before the day minus the effective rate (basis points)."""
        return (self.dgs2["before"] - self.effr) * 100


@dataclass(frozen=True)
class ContagionMeasures:
    """Every measure of the chapter on ``day`` (UTC midnight): co-movement, derivatives, funding, the
    Fed, rates, earlier crashes (:func:`~flashcrash.contagion.history.crash_table`), the comparison
    with 2022 on the crash atlas and the backdrop's measures."""

    day: pd.Timestamp
    comovement: Comovement
    derivatives: Derivatives
    funding: Funding
    fed: Fed
    rates: Rates
    crashes: pd.DataFrame
    like_2022: Like2022Measures
    backdrop: backdrop.BackdropMeasures

    @property
    def this_crash(self) -> str:
        """The crash table's name of the event."""
        ct = self.crashes
        return str(ct.index[ct["day"] == self.day][0])


def comovement(x: Inputs) -> Comovement:
    """:class:`Comovement` from the chapter's data."""
    long, summary = lead_lag_table(x.closes_5m, x.day)
    return Comovement(
        x.day, drawdown_table(x.perp_5m, x.day), long, summary, correlation_shift(x.closes_15m, x.closes_5m, x.day), rolling_correlation_table(x.closes_15m)
    )


def derivatives(x: Inputs) -> Derivatives:
    """:class:`Derivatives` from the chapter's data."""
    table = basis_table(x.perp_1h, x.spot_1h, x.day)
    return Derivatives(table, basis_summary(table, x.day), open_interest_summary(x.open_interest, x.day))


def funding(x: Inputs) -> Funding:
    """:class:`Funding` from the chapter's data."""
    pct = {s: macro.funding_percentiles(r, x.day) for s, r in x.funding.items()}
    daily = pd.concat({s: macro.daily_funding(x.funding[s]) for s in FUNDING_CHART_SYMBOLS}, names=["symbol"]).reset_index()
    return Funding(pct, daily)


def fed(decisions: pd.DataFrame, day: pd.Timestamp, year: int = CYCLE_YEAR) -> Fed:
    """:class:`Fed` from the rate decisions, for ``day`` and the cutting cycle of ``year``."""
    year_end = pd.Timestamp(f"{year}-12-31", tz="UTC")
    start = macro.cutting_cycle_start(year_end + pd.Timedelta(days=1), decisions)
    before = decisions[(decisions["announced"] >= start) & (decisions["announced"].dt.year < year)]
    return Fed(
        decisions=decisions,
        target_range=macro.target_range_on(day, decisions),
        cycle_start=macro.cutting_cycle_start(day, decisions),
        next_decision=decisions[decisions["announced"] >= day].iloc[0],
        cuts_in_year=macro.cuts_in_year(year, decisions),
        year_cycle_start=start,
        cut_before_year_bp=int(-before["change_bp"].sum()),
        year_end_range=macro.target_range_on(year_end, decisions),
    )


def rates(fred: dict[str, pd.Series], day: pd.Timestamp) -> Rates:
    """:class:`Rates` from the FRED series (:data:`~flashcrash.contagion.inputs.FRED_SERIES`)."""
    us_days = fred["VIXCLS"].index
    return Rates(
        dgs2=macro.yield_moves(fred["DGS2"], day),
        dgs10=macro.yield_moves(fred["DGS10"], day),
        effr=macro.value_before(fred["EFFR"], day)[1],
        labour=macro.labour_and_inflation(fred["UNRATE"], fred["CPIAUCSL"], day),
        panel=macro.macro_panel(fred, day, before=PANEL_BEFORE, after=PANEL_AFTER),
        first_us_trading_day=us_days[us_days >= day][0],
    )


def measures(x: Inputs) -> ContagionMeasures:
    """The chapter's measures from its data ``x`` (:func:`flashcrash.contagion.inputs.load`)."""
    return ContagionMeasures(
        day=x.day,
        comovement=comovement(x),
        derivatives=derivatives(x),
        funding=funding(x),
        fed=fed(x.decisions, x.day),
        rates=rates(x.fred, x.day),
        crashes=crash_table(x.perp_1h["BTC"], x.funding["BTC"], crashes_with(x.day)),
        like_2022=like_2022_measures(x.atlas_events, x.day),
        backdrop=backdrop.measures(x.backdrop, x.day),
    )


def chapter_measures(day: pd.Timestamp | None = None) -> ContagionMeasures:
    """:func:`measures` of :func:`~flashcrash.contagion.inputs.load` for ``day`` (UTC midnight; default the crash day,
    :data:`flashcrash.article.EVENT_DAY`), kept in the results cache: the notebook, the ledger and
    the tests read one computation."""
    return _chapter_measures(to_utc(EVENT_DAY if day is None else day))


@cached("contagion-chapter-measures")
def _chapter_measures(day: pd.Timestamp) -> ContagionMeasures:
    return measures(load(day))
