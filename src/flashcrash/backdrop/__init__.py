"""The backdrop the article paints around the crash, measured: where BTC stood against its all-time
high and its recent returns, the speed and breadth of the fall, the Asian session against ordinary
days, funding through every bull market since 2019, and what contemporaneous reports said about
sentiment, large holders and Asian policy pressure.

Modules, one concern each (prices USD, shares and returns as fractions, times UTC):

* :mod:`~flashcrash.backdrop.prices`: the last daily close before the crash day against the all-time
  high up to it, the 30-day return, and returns over 1, 3 and 6 calendar months (c54, c58);
* :mod:`~flashcrash.backdrop.speed`: the largest fall within one hour and its percentile among the
  trailing one-hour falls of the 90 days before, and every altcoin's fall within that hour (c55);
* :mod:`~flashcrash.backdrop.trading_sessions`: per UTC day, a session's return, volume and share of
  the day's fall, and the crash day's against the same session on the 180 days before (c56);
* :mod:`~flashcrash.backdrop.bull`: runs of 90-day returns above a threshold, and the 90-day mean
  funding's rank correlation with the 90-day return and its peak percentile in each run (c62);
* :mod:`~flashcrash.backdrop.reports`: the stored contemporaneous reports about days near the crash,
  and the last reported value of a figure (c56, c57, c63, c65, c66);
* :mod:`~flashcrash.backdrop.measures`: the data read once (:func:`load_inputs`) and every measure
  computed once (:func:`measures`);
* :mod:`~flashcrash.backdrop.assess`: the claims' assessments, called by the chapter's assessor
  (:func:`flashcrash.contagion.assess`).

Each function below :func:`load_inputs` takes its data as arguments and is vectorised.
"""

from flashcrash.backdrop.assess import UNSETTLED, assess
from flashcrash.backdrop.bull import BULL_MERGE_DAYS, BULL_MIN_DAYS, BULL_WINDOW_DAYS, bull_phase_table, bull_phases, funding_in_bull_markets
from flashcrash.backdrop.measures import BackdropMeasures, Inputs, load_inputs, measures, oi_change
from flashcrash.backdrop.prices import high_context, prior_returns
from flashcrash.backdrop.reports import figure_text, latest_reading, next_reading, reports_for, reports_near, reports_table
from flashcrash.backdrop.speed import SPEED_LOOKBACK_DAYS, speed_breadth, trailing_falls, window_fall
from flashcrash.backdrop.trading_sessions import NULL_DAYS, session_against_ordinary, session_days, sessions_table

__all__ = [
    "BULL_MERGE_DAYS",
    "BULL_MIN_DAYS",
    "BULL_WINDOW_DAYS",
    "NULL_DAYS",
    "SPEED_LOOKBACK_DAYS",
    "UNSETTLED",
    "BackdropMeasures",
    "Inputs",
    "assess",
    "bull_phase_table",
    "bull_phases",
    "figure_text",
    "funding_in_bull_markets",
    "high_context",
    "latest_reading",
    "load_inputs",
    "measures",
    "next_reading",
    "oi_change",
    "prior_returns",
    "reports_for",
    "reports_near",
    "reports_table",
    "session_against_ordinary",
    "session_days",
    "sessions_table",
    "speed_breadth",
    "trailing_falls",
    "window_fall",
]
