"""The elements of the article's description, each a yes/no test of a day, and the score of each day.

The thresholds that define each element are named, with their reasons, in :mod:`flashcrash.rules.which_day`.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.article import EVENT_DAY, MONTH, mid_december
from flashcrash.event.words import millions
from flashcrash.rules import which_day as R
from flashcrash.sessions import label_sessions

SHARP_DROP = float(R.SHARP_MIN_DROP.value)  # a fall of at least 2 % within one hour counts as "sharp, in a short period"
BRIEF_MINUTES = int(R.BRIEF_MAX_MINUTES.value)  # at most two hours in total below $84k counts as "briefly"
MID_DECEMBER = mid_december(EVENT_DAY.year)  # first and last day (UTC) of "mid-December" in the event's year

CRITERIA = {
    "december": "in December",
    "mid_december": f"in mid-December ({R.MID_DECEMBER_FIRST.value}-{R.MID_DECEMBER_LAST.value} Dec)",
    "calm_before": f"prior 24 h inside $87k-$90k at least {R.CALM_MIN_SHARE.value:.0%} of the time",
    "broke_87k": "traded through $87k from above",
    "break_in_asia": "first $87k break in the Asian session",
    "below_84k": "fell below $84k from above",
    "brief_below_84k": f"below $84k at most {R.BRIEF_MAX_MINUTES.value} minutes",
    "sharp_drop": f"fell at least {R.SHARP_MIN_DROP.value:.0%} within one hour",
    "eth_fell": "ETH closed the UTC day lower",
    "alts_fell": f"at least {R.ALTS_MIN_DOWN_SHARE.value:.0%} of altcoins closed the day lower",
    "liq_24h": f"market-wide 24 h liquidations: estimate range holds {millions(R.ARTICLE_24H_USD.value)}",
    "liq_worst_hour": f"market-wide worst hour: estimate range holds {millions(R.ARTICLE_WORST_HOUR_USD.value)}",
    "liq_longs": f"longs at least {R.LONG_MIN_SHARE.value:.0%} of the day's liquidations",
}
#: Elements that count in a day's score. ``mid_december`` is reported, not scored: it is the date
#: the article gives, the claim the scan tests (c01).
SCORED = tuple(c for c in CRITERIA if c != "mid_december")
#: Short names of the elements, for tables and charts.
LABELS = {
    "december": "December",
    "mid_december": "mid-December",
    "calm_before": "range $87k-$90k before",
    "broke_87k": "break of $87k",
    "break_in_asia": "break in Asian session",
    "below_84k": "fell below $84k",
    "brief_below_84k": "briefly below $84k",
    "sharp_drop": "sharp fall (1 h)",
    "eth_fell": "ETH fell",
    "alts_fell": "altcoins fell",
    "liq_24h": "24 h liquidations ~$820M",
    "liq_worst_hour": "worst hour ~$600M",
    "liq_longs": "longs > 90 %",
}
FITS, MISSES, NO_DATA = "fits", "does not fit", "no data"
#: The elements measured on the day's BTC bars.
PRICE_ELEMENTS = ("broke_87k", "break_in_asia", "below_84k", "brief_below_84k", "sharp_drop")
#: The elements measured on the day's liquidations.
LIQUIDATION_ELEMENTS = ("liq_24h", "liq_worst_hour", "liq_longs")


def element_checked(s: pd.DataFrame) -> pd.DataFrame:
    """Per day and element: whether the data cover it (``False`` = no data, the element counts as
    not fitting). Price elements need bars that day, ``calm_before`` bars the day before, the coin
    elements a day return, the liquidation elements all 24 hours of the CoinGlass file."""
    price = s["covered_minutes"] > 0
    liq = s["liq_hours"].fillna(0).to_numpy() == 24
    out = pd.DataFrame(True, index=s.index, columns=list(CRITERIA))
    for c in PRICE_ELEMENTS:
        out[c] = price
    out["calm_before"] = s["prior_share_in_range"].notna()
    out["eth_fell"] = s["eth_return"].notna()
    out["alts_fell"] = s["n_alts"].fillna(0) > 0
    for c in LIQUIDATION_ELEMENTS:
        out[c] = liq
    return out


def _price_elements(s: pd.DataFrame) -> None:
    """Add the date and price elements to the joined day measures ``s`` (in place)."""
    days = s.index
    s["month"] = days.month
    s["december"] = days.month == MONTH
    s["mid_december"] = s["december"] & (days.day >= R.MID_DECEMBER_FIRST.value) & (days.day <= R.MID_DECEMBER_LAST.value)
    s["calm_before"] = s["prior_share_in_range"] >= R.CALM_MIN_SHARE.value
    s["broke_87k"] = s["breaks_87k"] >= 1
    brk = s["first_break_87k"]
    has = brk.notna().to_numpy()
    sess = pd.Series("", index=days, dtype=object)
    sess[has] = label_sessions(pd.DatetimeIndex(brk[has])).to_numpy()
    s["break_session"] = sess
    s["break_in_asia"] = sess.str.contains("Asia")
    s["below_84k"] = s["breaks_84k"] >= 1
    s["brief_below_84k"] = s["below_84k"] & (s["minutes_below_84k"] <= R.BRIEF_MAX_MINUTES.value)
    s["sharp_drop"] = s["max_1h_drop"] >= R.SHARP_MIN_DROP.value


def _market_elements(s: pd.DataFrame) -> None:
    """Add the coin and liquidation elements to the joined day measures ``s`` (in place)."""
    s["eth_fell"] = s["eth_return"] < 0
    s["alts_fell"] = s["alts_down_share"] >= R.ALTS_MIN_DOWN_SHARE.value
    covered = s["liq_hours"].to_numpy() == 24
    a24, awh = R.ARTICLE_24H_USD.value, R.ARTICLE_WORST_HOUR_USD.value
    s["liq_24h"] = covered & (s["liq_24h_low"] <= a24) & (a24 <= s["liq_24h_high"])
    s["liq_worst_hour"] = covered & (s["liq_worst_low"] <= awh) & (awh <= s["liq_worst_high"])
    s["liq_longs"] = covered & (s["liq_long_share"] >= R.LONG_MIN_SHARE.value)


def score_table(prices: pd.DataFrame, coins: pd.DataFrame, liq: pd.DataFrame) -> pd.DataFrame:
    """Join the per-day measures (:func:`~flashcrash.event.scan.price_days`,
    :func:`~flashcrash.event.markets.coin_days`, :func:`~flashcrash.event.markets.liquidation_days`)
    on the price days and add one boolean column per element of :data:`CRITERIA`, ``n_checked``
    (scored elements the data cover) and ``score`` (scored elements that fit)."""
    s = prices.join(coins, how="left").join(liq, how="left")
    clash = sorted(set(CRITERIA) & set(s.columns))
    if clash:
        raise ValueError(f"measure columns {clash} would be overwritten by the elements of the same name")
    _price_elements(s)
    _market_elements(s)
    for c in CRITERIA:
        s[c] = s[c].fillna(False).astype(bool)
    s["n_checked"] = element_checked(s)[list(SCORED)].sum(axis=1).astype(int)
    s["score"] = s[list(SCORED)].sum(axis=1).astype(int)
    return s


def criteria_long(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores reshaped for a days x criteria grid: one row per (day, criterion) with ``passed``."""
    long = scores[list(CRITERIA)].reset_index().melt(id_vars="day", var_name="criterion", value_name="passed")
    long["description"] = long["criterion"].map(CRITERIA)
    long["score"] = long["day"].map(scores["score"])
    return long
