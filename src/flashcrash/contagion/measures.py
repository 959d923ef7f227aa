"""Every number of the chapter "Contagion, leverage and the macro backdrop", computed once from the data
(:func:`flashcrash.contagion.inputs.load`) into one typed object, :class:`ContagionMeasures`, that the
notebook and the tests read. The assessor (:func:`flashcrash.contagion.assess`) reads the part its
rules need, :class:`ContagionCore` (:func:`rule_measures`, from the rules' data alone); the page's
measures are that part with what only the page shows added (:func:`measures`), so prose and verdicts
come from the same values.

Prices USD, drawdowns and falls as fractions (negative for a fall), basis in fractions (summaries in
basis points), funding as fractions per 8 h (annualised: per year), yields and rates in percent,
times UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

from flashcrash import backdrop, macro
from flashcrash.article import EVENT_DAY
from flashcrash.atlas.compare import like_2022_measures
from flashcrash.cache import cached
from flashcrash.contagion.altcoins import (
    ALTS,
    correlation_shift_5m,
    correlation_shift_15m,
    drawdown_table,
    lead_lag_table,
    rolling_correlation_table,
    shift_table,
)
from flashcrash.contagion.derivatives import basis_summary, basis_table, open_interest_summary
from flashcrash.contagion.history import crash_table
from flashcrash.contagion.inputs import RULE_BASIS_SYMBOLS, RULE_FUNDING_SYMBOLS, Inputs, RuleInputs, load, load_rule_inputs
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
    """ETH and the altcoins against BTC on the day (:mod:`flashcrash.contagion.altcoins`), as the rules
    read them: the drawdown table, the lead-lag table (long, for the chart) and its summary per coin,
    and the 5-minute rows of the correlation shift, on ``day`` (UTC midnight)."""

    day: pd.Timestamp
    drawdowns: pd.DataFrame
    lead_lag_long: pd.DataFrame
    lead_lag: pd.DataFrame
    correlation_5m: pd.DataFrame

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

    @property
    def correlation_shift(self) -> pd.DataFrame:
        """The correlation shift's rows these measures hold (here the 5-minute ones)."""
        return self.correlation_5m

    def correlation(self, resolution: str) -> pd.DataFrame:
        """The correlation shift at one resolution (``"15min"`` or ``"5min"``), indexed by symbol."""
        cs = self.correlation_shift
        return cs[cs["resolution"] == resolution].set_index("symbol")


@dataclass(frozen=True)
class ComovementShown(Comovement):
    """:class:`Comovement` with what only the page shows: the 15-minute rows of the correlation shift
    and the trailing one-day correlations."""

    correlation_15m: pd.DataFrame
    rolling_correlation: pd.DataFrame

    @property
    def correlation_shift(self) -> pd.DataFrame:
        """The correlation shift at both resolutions (:func:`~flashcrash.contagion.altcoins.correlation_shift`)."""
        return shift_table(self.correlation_15m, self.correlation_5m)


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
    :func:`flashcrash.macro.funding_percentiles` by window (``percentiles``)."""

    percentiles: dict[str, pd.DataFrame]

    def of(self, symbol: str) -> pd.DataFrame:
        """One symbol's percentiles indexed by the window (days)."""
        return self.percentiles[symbol].set_index("window_days")


@dataclass(frozen=True)
class FundingShown(Funding):
    """:class:`Funding` with the daily funding of :data:`FUNDING_CHART_SYMBOLS` as a long table for the
    chart (``daily``)."""

    daily: pd.DataFrame


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
    CPI, and the first US trading day on or after the day."""

    dgs2: dict[str, float | pd.Timestamp]
    dgs10: dict[str, float | pd.Timestamp]
    effr: float
    labour: dict[str, float | pd.Timestamp]
    first_us_trading_day: pd.Timestamp

    @property
    def dgs2_minus_effr_bp(self) -> float:
        """The 2-year yield's last close before the day minus the effective rate (basis points)."""
        return (self.dgs2["before"] - self.effr) * 100


@dataclass(frozen=True)
class RatesShown(Rates):
    """:class:`Rates` with the macro panel around the day (long table, :func:`flashcrash.macro.macro_panel`)."""

    panel: pd.DataFrame


@dataclass(frozen=True)
class ContagionCore:
    """The measures the chapter's rules read (:func:`flashcrash.contagion.assess`) on ``day`` (UTC
    midnight): co-movement, derivatives, funding, the Fed, rates, the comparison with 2022 on the
    crash atlas and the backdrop's measures (:func:`core_measures`, kept in the results cache by
    :func:`rule_measures`)."""

    day: pd.Timestamp
    comovement: Comovement
    derivatives: Derivatives
    funding: Funding
    fed: Fed
    rates: Rates
    like_2022: Like2022Measures
    backdrop: backdrop.BackdropMeasures


@dataclass(frozen=True)
class ContagionMeasures(ContagionCore):
    """Every measure of the chapter: the rules' (:class:`ContagionCore`) with what only the page shows
    added to them (:class:`ComovementShown`, the basis of every symbol, :class:`FundingShown`,
    :class:`RatesShown`) and the earlier crashes (:func:`~flashcrash.contagion.history.crash_table`)."""

    comovement: ComovementShown
    funding: FundingShown
    rates: RatesShown
    crashes: pd.DataFrame

    @property
    def this_crash(self) -> str:
        """The crash table's name of the event."""
        ct = self.crashes
        return str(ct.index[ct["day"] == self.day][0])


def comovement(x: RuleInputs) -> Comovement:
    """:class:`Comovement` from the rules' data."""
    long, summary = lead_lag_table(x.closes_5m, x.day)
    return Comovement(x.day, drawdown_table(x.perp_5m, x.day), long, summary, correlation_shift_5m(x.closes_5m, x.day))


def comovement_shown(core: Comovement, x: Inputs) -> ComovementShown:
    """:class:`ComovementShown` from the rules' co-movement and the chapter's data."""
    return ComovementShown(
        **{f.name: getattr(core, f.name) for f in fields(Comovement)},
        correlation_15m=correlation_shift_15m(x.closes_15m, x.day),
        rolling_correlation=rolling_correlation_table(x.closes_15m),
    )


def _basis(x: RuleInputs, symbols: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hourly basis table of ``symbols`` and its summary per symbol."""
    table = basis_table({s: x.perp_1h[s] for s in symbols}, x.spot_1h, x.day)
    return table, basis_summary(table, x.day)


def derivatives(x: RuleInputs) -> Derivatives:
    """:class:`Derivatives` from the rules' data: the basis of :data:`~flashcrash.contagion.inputs.RULE_BASIS_SYMBOLS`."""
    return Derivatives(*_basis(x, RULE_BASIS_SYMBOLS), open_interest_summary(x.open_interest, x.day))


def derivatives_shown(core: Derivatives, x: Inputs) -> Derivatives:
    """The rules' :class:`Derivatives` with the basis of the other symbols of the data (rows after theirs)."""
    rest = tuple(s for s in x.perp_1h if s not in set(core.basis_summary.index))
    if not rest:
        return core
    table, summary = _basis(x, rest)
    return replace(core, basis=pd.concat([core.basis, table], ignore_index=True), basis_summary=pd.concat([core.basis_summary, summary]))


def funding(x: RuleInputs, symbols: tuple[str, ...] = RULE_FUNDING_SYMBOLS) -> Funding:
    """:class:`Funding` of ``symbols`` from the data."""
    return Funding({s: macro.funding_percentiles(x.funding[s], x.day) for s in symbols})


def funding_shown(core: Funding, x: Inputs) -> FundingShown:
    """:class:`FundingShown`: the rules' percentiles with those of the other symbols of the data, and
    the daily funding of :data:`FUNDING_CHART_SYMBOLS`."""
    rest = tuple(s for s in x.funding if s not in core.percentiles)
    daily = pd.concat({s: macro.daily_funding(x.funding[s]) for s in FUNDING_CHART_SYMBOLS}, names=["symbol"]).reset_index()
    pct = {**core.percentiles, **funding(x, rest).percentiles}
    return FundingShown({s: pct[s] for s in x.funding}, daily)


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
    """:class:`Rates` from the FRED series (:data:`~flashcrash.contagion.inputs.RULE_FRED_SERIES`)."""
    us_days = fred["VIXCLS"].index
    return Rates(
        dgs2=macro.yield_moves(fred["DGS2"], day),
        dgs10=macro.yield_moves(fred["DGS10"], day),
        effr=macro.value_before(fred["EFFR"], day)[1],
        labour=macro.labour_and_inflation(fred["UNRATE"], fred["CPIAUCSL"], day),
        first_us_trading_day=us_days[us_days >= day][0],
    )


def rates_shown(core: Rates, fred: dict[str, pd.Series], day: pd.Timestamp) -> RatesShown:
    """:class:`RatesShown`: the rules' rates with the macro panel of the FRED series (:data:`~flashcrash.contagion.inputs.FRED_SERIES`)."""
    panel = macro.macro_panel(fred, day, before=PANEL_BEFORE, after=PANEL_AFTER)
    return RatesShown(**{f.name: getattr(core, f.name) for f in fields(Rates)}, panel=panel)


def core_measures(x: RuleInputs) -> ContagionCore:
    """The rules' measures from their data ``x`` (:func:`flashcrash.contagion.inputs.load_rule_inputs`
    or the chapter's, :func:`flashcrash.contagion.inputs.load`)."""
    return ContagionCore(
        day=x.day,
        comovement=comovement(x),
        derivatives=derivatives(x),
        funding=funding(x),
        fed=fed(x.decisions, x.day),
        rates=rates(x.fred, x.day),
        like_2022=like_2022_measures(x.atlas_events, x.day),
        backdrop=backdrop.measures(x.backdrop, x.day),
    )


def measures(x: Inputs, core: ContagionCore | None = None) -> ContagionMeasures:
    """The chapter's measures from its data ``x`` (:func:`flashcrash.contagion.inputs.load`): the
    rules' measures ``core`` (by default :func:`core_measures` of ``x``) with what the page adds."""
    c = core_measures(x) if core is None else core
    return ContagionMeasures(
        day=c.day,
        comovement=comovement_shown(c.comovement, x),
        derivatives=derivatives_shown(c.derivatives, x),
        funding=funding_shown(c.funding, x),
        fed=c.fed,
        rates=rates_shown(c.rates, x.fred, x.day),
        like_2022=c.like_2022,
        backdrop=c.backdrop,
        crashes=crash_table(x.perp_1h["BTC"], x.funding["BTC"], crashes_with(x.day)),
    )


def rule_measures(day: pd.Timestamp | None = None) -> ContagionCore:
    """:func:`core_measures` of :func:`~flashcrash.contagion.inputs.load_rule_inputs` for ``day`` (UTC
    midnight; default the crash day, :data:`flashcrash.article.EVENT_DAY`), kept in the results
    cache: what the assessor reads."""
    return _rule_measures(to_utc(EVENT_DAY if day is None else day))


@cached("contagion-rule-measures")
def _rule_measures(day: pd.Timestamp) -> ContagionCore:
    return core_measures(load_rule_inputs(day))


def chapter_measures(day: pd.Timestamp | None = None) -> ContagionMeasures:
    """:func:`measures` of :func:`~flashcrash.contagion.inputs.load` for ``day`` (UTC midnight; default the crash day,
    :data:`flashcrash.article.EVENT_DAY`) on the rules' measures (:func:`rule_measures`), kept in the
    results cache: the notebook and the tests read one computation, and its verdicts come from the
    same values as the ledger's."""
    return _chapter_measures(to_utc(EVENT_DAY if day is None else day))


@cached("contagion-chapter-measures")
def _chapter_measures(day: pd.Timestamp) -> ContagionMeasures:
    return measures(load(day), rule_measures(day))
