"""Words for the figures behind the verdicts: each figure's code name as a label a reader understands
(``first_bar_below_87k`` -> "First bar below $87k", ``bounce_rate_15m`` -> "Bounce rate, 15-minute
bars") and its value with the unit in words ("80.6%", "2025-12-01 00:55 UTC", "-3.4 basis points").

:data:`FIGURE_LABELS` names the figures the spelling-out would not find; every other name is spelled
out from its snake_case, and a name in the table labels (:data:`flashcrash.tables.LABELS`) takes its
table header.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from flashcrash.tables import LABELS as TABLE_LABELS

#: Figure names whose words the spelling-out below would not find.
FIGURE_LABELS: dict[str, str] = {
    "best_match_day": "Day that best matches the article",
    "best_match_score": "Elements the best day fits",
    "day_3ex_btc_usd": "BTC liquidated that day on Binance, Bybit and OKX",
    "worst_hour_3ex_btc_usd": "BTC liquidated in the worst hour on Binance, Bybit and OKX",
    "worst_hour_local": "Worst hour, local time in Hong Kong",
    "prior_24h_realised_vol": "Realised volatility of the prior 24 h",
    "prior_vol_percentile_30d": "Percentile of that volatility over 30 days",
    "usd_cny_implied_by_data": "CNY per USD on the day",
    "usd_cny_implied_by_article": "CNY per USD the article's figures imply",
    "cny_of_820m_usd": "$820M in CNY",
    "dgs2_minus_effr_bp": "2-year Treasury yield minus the fed funds rate",
    "cpi_yoy": "CPI inflation, year on year",
    "unrate": "Unemployment rate",
    "unrate_change_12m": "Change of the unemployment rate over 12 months",
    "null_rate_random_levels_15m": "Mean bounce rate at random levels, 15-minute bars",
    "p0_open_as_of": "Open on the as-of day",
    "fed_upper_at_data_end": "Upper end of the Fed's target at the end of the data",
    "alts_drawdown_min": "Deepest altcoin drawdown",
    "alts_drawdown_max": "Shallowest altcoin drawdown",
    "coins_peak_lag0": "Coins whose correlation with BTC peaks at lag 0",
}
#: parts of names read as one phrase
_PHRASES = {"mid_december": "mid-December", "terra_luna": "Terra/LUNA", "half_way": "half-way", "as_of": "as-of"}
_FIG_TOKENS = {
    "btc": "BTC",
    "eth": "ETH",
    "cny": "CNY",
    "usd": "USD",
    "fhs": "FHS",
    "oi": "open interest",
    "ath": "all-time high",
    "3ex": "three-exchange",
    "dgs2": "2-year Treasury yield",
    "dgs10": "10-year Treasury yield",
    "effr": "fed funds rate",
    "cpi": "CPI",
    "corr": "correlation",
    "pit": "quantile of the outcome",
    "lo": "low",
    "hi": "high",
    "1h": "1 h",
    "24h": "24 h",
    "30d": "30 days",
    "1y": "1 year",
    "ftx": "FTX",
    "us": "US",
    "liq": "liquidation",
    "perp": "perpetual",
    "min": "lowest",
    "max": "highest",
    "3pct": "3%",
    "alts": "altcoins",
    "p0": "the as-of open",
}
#: units a figure's name ends with (the value carries them) and bar sizes of the level tests
_UNIT_SUFFIXES = ("usd", "musd", "bp", "pct")
_MODEL_WORDS_BY_CODE = {("fhs", "regime"): "FHS, Fed regime", ("random", "walk"): "random walk", ("fhs",): "FHS"}
_MODEL_WORDS = set(_MODEL_WORDS_BY_CODE.values())
_BARS = {"5m": "5-minute bars", "15m": "15-minute bars", "1h": "hourly bars", "5min": "5-minute bars", "15min": "15-minute bars"}
_REPORTED = re.compile(r"^reported_(?:1h_)?(usd|traders)_(\d{4}-\d{2}-\d{2})_(r\d+)_(\w+)$")
_DATE_TOKENS = re.compile(r"(\d{4})_(\d{2})_(\d{2})")
_MONTHS = re.compile(r"^([1-9]|1\d|2[0-4])m$")  # horizons of 1 to 24 months; "600m" is $600M
_MILLIONS = re.compile(r"^(\d{3,})m$")
_SPAN = re.compile(r"^(\d+)([hd])$")
_SINGULAR = {
    "bounces": "bounce",
    "breaks": "break",
    "touches": "touch",
    "rejections": "rejection",
    "days": "day",
    "reports": "report",
    "elements": "element",
    "crossings": "crossing",
    "coins": "coin",
    "events": "event",
    "decisions": "decision",
    "sentences": "sentence",
    "pivots": "pivot",
    "traders": "trader",
    "hours": "hour",
    "minutes": "minute",
}


def _words(tokens: list[str]) -> list[str]:
    out = []
    for tok in tokens:
        m = _MONTHS.match(tok)
        if tok in _FIG_TOKENS:
            out.append(_FIG_TOKENS[tok])
        elif m:
            out.append(f"{m.group(1)} month{'s' if m.group(1) != '1' else ''}")
        elif re.fullmatch(r"\$?\d+k(-\$\d+k)?", tok):
            out.append(tok if tok.startswith("$") else f"${tok}")
        elif _MILLIONS.match(tok):
            out.append(f"${_MILLIONS.match(tok).group(1)}M")
        elif _SPAN.match(tok):
            n, u = _SPAN.match(tok).groups()
            out.append(f"{n} h" if u == "h" else f"{n} days")
        else:
            out.append(_PHRASES.get(tok, tok))
    return out


def figure_label(name: str) -> str:
    """A figure's name in words: :data:`FIGURE_LABELS`, else spelled out from its snake_case
    (``first_bar_below_87k`` -> "First bar below $87k", ``bounce_rate_15m`` -> "Bounce rate,
    15-minute bars", ``p_touch_84k_3m_fhs`` -> "Probability touch $84k, 3 months, FHS")."""
    if name in FIGURE_LABELS:
        return FIGURE_LABELS[name]
    if name in TABLE_LABELS:
        return TABLE_LABELS[name][0]
    rep = _REPORTED.match(name)
    if rep:
        what = "liquidations" if rep.group(1) == "usd" else "traders liquidated"
        hour = " in one hour" if name.startswith("reported_1h_") else ""
        return f"Reported {what}{hour} for {rep.group(2)} (report {rep.group(3)}, {rep.group(4)})"
    text = _DATE_TOKENS.sub(r"\1-\2-\3", name)
    text = re.sub(r"(\d+k)_(\d+k)", r"$\1-$\2", text)
    for phrase in _PHRASES:
        text = text.replace(phrase, phrase.replace("_", "~"))
    tokens = [t.replace("~", "_") for t in text.split("_")]
    while len(tokens) > 1 and tokens[-1] in _UNIT_SUFFIXES:
        tokens.pop()
    tail = []
    for code, words in _MODEL_WORDS_BY_CODE.items():  # the model of a probability or a quantile
        if len(tokens) > len(code) and tuple(tokens[-len(code) :]) == code:
            tokens = tokens[: -len(code)]
            tail.append(words)
            break
    if len(tokens) > 1 and tokens[-1] in _BARS and not tokens[0].startswith("reported"):
        tail.insert(0, _BARS[tokens.pop()])
    elif len(tokens) > 1 and _MONTHS.match(tokens[-1]):
        tail.insert(0, _words([tokens.pop()])[0])
    text = " ".join(_words(tokens[1:] if tokens[0] == "p" else tokens))
    if tokens[0] == "p":  # a model's probability ends with the model's name; otherwise a p-value
        text = f"probability: {text}" if tail and tail[-1] in _MODEL_WORDS else f"p-value, {text}"
    text = text[:1].upper() + text[1:]
    return ", ".join([text, *tail])


def is_p_value(name: str) -> bool:
    """``True`` for a figure that is a p-value (``p_random_levels_15m``), not a model's probability (``p_touch_84k_3m_fhs``)."""
    return figure_label(name).startswith("P-value")


#: units in words
_UNIT_WORDS = {"bp": "basis points", "percent": "%", "ratio": "times", "correlation": "", "count": "", "": "", "date": "", "UTC": ""}


def figure_text(value: Any, unit: str, name: str = "") -> str:
    """A figure's value with its unit in words: fractions as percentages (a p-value as a decimal),
    times as "2025-12-01 00:55 UTC", dollars with thousands separators, "-3.4 basis points"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if unit == "UTC" and isinstance(value, str):
        t = pd.Timestamp(value)
        return f"{t:%Y-%m-%d}" if t == t.normalize() else f"{t:%Y-%m-%d %H:%M} UTC"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if unit == "fraction" and name and is_p_value(name):
        return f"{value:.2f}"
    if unit in ("fraction", "fraction per year"):
        return f"{value:.1%}" + (" a year" if unit.endswith("year") else "")
    if unit.endswith("per USD") and abs(value) < 0.01:
        return f"{value * 1e6:,.0f} {unit.removesuffix('per USD')}per million USD"
    words = _UNIT_WORDS.get(unit, unit)
    if value == 1 and words in _SINGULAR:
        words = _SINGULAR[words]
    if isinstance(value, int):
        number = f"{value:,d}"
    elif unit in ("USD", "CNY", "USD notional", "traders"):
        number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    else:
        number = f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return number + (words if words == "%" else f" {words}" if words else "")
