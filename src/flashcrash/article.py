"""What the article states, and the day the data identify: the one place for these numbers.

Every module of the package reads the article's levels, its range, its month, its reported
liquidation figures and the event day from here; ``tests/test_article.py`` fails if another module
types one of these numbers. The rule modules (:mod:`flashcrash.rules`) build their named thresholds
from these constants, so a threshold and the model it judges cannot drift apart. Trading sessions and
their time zones have their own one place, :mod:`flashcrash.sessions`.

Units: prices and amounts in USD (the CNY figure in CNY), shares as fractions, days as UTC
calendar days (00:00 UTC timestamps).
"""

from __future__ import annotations

import pandas as pd

# --------------------------------------------------------------------------- the levels (USD)
#: The support the article says broke: "breaking through the critical support level of $87,000"
#: (USD); also "the previously breached $87,000 will become an important resistance level".
LEVEL_BREAK: float = 87_000.0
#: The level the article says BTC briefly fell below, and where it "may seek new support":
#: "briefly falling below $84,000" (USD).
LEVEL_LOW: float = 84_000.0
#: Lower bound of the range before the crash: "oscillating within a narrow range of $87,000 to
#: $90,000" (USD; the same price as :data:`LEVEL_BREAK`).
RANGE_LOW: float = LEVEL_BREAK
#: Upper bound of that range (USD).
RANGE_HIGH: float = 90_000.0

# --------------------------------------------------------------------------- the date
#: The month the article places the crash in, "in mid-December" (calendar month number; the
#: article names no year).
MONTH: int = 12
#: "mid-December" read generously: the 10th to the 20th day of the month, both included (the
#: middle third of the month, rounded outwards by a day).
MID_DECEMBER_DAYS: tuple[int, int] = (10, 20)

#: The crash day the data identify (UTC midnight): the day that fits most elements of the article's
#: description in the scan of every day in the data (:func:`flashcrash.event.event_day`). Every
#: chapter examines this day; a data test checks that the scan still returns it.
EVENT_DAY: pd.Timestamp = pd.Timestamp("2025-12-01", tz="UTC")

# --------------------------------------------------------------------------- the liquidation figures
#: "the total liquidation amount climbing to $820 million" over 24 hours (USD).
LIQUIDATED_24H_USD: float = 820e6
#: "during the most intense hour of the crash, the crypto market liquidated over $600 million" (USD).
WORST_HOUR_USD: float = 600e6
#: The headline's hour: "$800 Million in Leverage Liquidated in One Hour" (USD).
HEADLINE_HOUR_USD: float = 800e6
#: "over 220,000 traders being liquidated" (traders).
TRADERS: int = 220_000
#: "$820 million (approximately 5.8 billion RMB)" (CNY).
LIQUIDATED_24H_CNY: float = 5.8e9
#: "Long traders ... suffering over 90% of the losses" (fraction of the liquidated amount).
LONG_SHARE: float = 0.9


def mid_december(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """UTC midnights of the first and the last day of "mid-December" (:data:`MID_DECEMBER_DAYS`) in ``year``."""
    first, last = MID_DECEMBER_DAYS
    return (pd.Timestamp(year=year, month=MONTH, day=first, tz="UTC"), pd.Timestamp(year=year, month=MONTH, day=last, tz="UTC"))


def event_label(day: pd.Timestamp = EVENT_DAY) -> str:
    """``"2025-12-01 (this event)"``: how tables and charts name the event among other crashes."""
    return f"{day:%Y-%m-%d} (this event)"
