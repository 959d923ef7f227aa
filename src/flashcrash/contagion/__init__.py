"""Contagion from BTC to ETH and the altcoins, derivatives against spot, funding and leverage, the macro
backdrop and earlier crashes: the chapter "Contagion, leverage and the macro backdrop"
(``contagion-macro`` in ``data/claims.yaml``).

Modules, one concern each (prices USD, quoted in USDT and taken at par; shares and returns as
fractions; times UTC):

* :mod:`~flashcrash.contagion.returns`: building blocks (log returns, drawdowns, cross-correlation, beta);
* :mod:`~flashcrash.contagion.altcoins`: ETH and the altcoins against BTC on the day: drawdowns, lead-lag,
  the correlation shift (c18);
* :mod:`~flashcrash.contagion.derivatives`: the perpetuals' basis to spot and open interest (c19, c21);
* :mod:`~flashcrash.contagion.history`: earlier crashes compared: depth, speed, recovery and funding;
* :mod:`~flashcrash.contagion.inputs`: the chapter's data, read once (:func:`load`);
* :mod:`~flashcrash.contagion.measures`: every number of the chapter in one typed object
  (:func:`measures`, :class:`ContagionMeasures`), read by the notebook and the tests, and the part the
  rules read (:func:`rule_measures`, :class:`ContagionCore`), read by the assessor;
* :mod:`~flashcrash.contagion.prose`: the numbers the chapter's text quotes and its tables;
* :mod:`~flashcrash.contagion.market_claims` (c18-c21, c25-c27) and
  :mod:`~flashcrash.contagion.macro_claims` (c22-c24, c28, c69): the claims' assessments;
* :mod:`~flashcrash.contagion.assess`: the chapter's assessor, :func:`assess`.

Funding histories and the Fed's decisions come from :mod:`flashcrash.macro`; the backdrop's claims
(c54-c66) are measured in :mod:`flashcrash.backdrop`; the catalogue of crashes is :mod:`flashcrash.crashes`.
"""

from flashcrash.contagion.altcoins import (
    ALTS,
    BREAK_HOURS,
    PRIOR_MONTH_ALTS,
    closes,
    closes_15m,
    correlation_shift,
    drawdown_table,
    lead_lag_table,
    rolling_correlation_table,
)
from flashcrash.contagion.assess import assess
from flashcrash.contagion.derivatives import BASIS_SYMBOLS, basis, basis_summary, basis_table, open_interest_summary
from flashcrash.contagion.history import crash_measures, crash_table
from flashcrash.contagion.inputs import Inputs, RuleInputs, load, load_rule_inputs
from flashcrash.contagion.measures import ContagionCore, ContagionMeasures, chapter_measures, measures, rule_measures
from flashcrash.contagion.returns import beta_corr, cross_correlation, day_drawdown, drawdown, log_returns, peak_lag, rolling_correlation

__all__ = [
    "ALTS",
    "BASIS_SYMBOLS",
    "BREAK_HOURS",
    "PRIOR_MONTH_ALTS",
    "ContagionCore",
    "ContagionMeasures",
    "Inputs",
    "RuleInputs",
    "assess",
    "basis",
    "basis_summary",
    "basis_table",
    "beta_corr",
    "chapter_measures",
    "closes",
    "closes_15m",
    "correlation_shift",
    "crash_measures",
    "crash_table",
    "cross_correlation",
    "day_drawdown",
    "drawdown",
    "drawdown_table",
    "lead_lag_table",
    "load",
    "load_rule_inputs",
    "log_returns",
    "measures",
    "open_interest_summary",
    "peak_lag",
    "rolling_correlation",
    "rolling_correlation_table",
    "rule_measures",
]
