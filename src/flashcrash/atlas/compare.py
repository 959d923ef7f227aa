"""The December 2025 crash against the 2022 crashes, all found by the same rule on the same data.

The comparison runs on Binance BTCUSDT **spot hourly** bars, the only BTC series in the data that
covers both 2022 and 2025: the December event and every 2022 event are the atlas's events of the
``btc-spot-1h`` market. The 2022 collapses the article can mean are the atlas events that stand for
the Terra/LUNA (May) and FTX (November) episodes of :data:`flashcrash.crashes.CRASHES`.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.article import EVENT_DAY
from flashcrash.atlas.detect import DROP, WINDOW
from flashcrash.crashes import CRASHES_2022
from flashcrash.data.validate import to_utc
from flashcrash.rules.atlas import Like2022Measures

#: The market of the comparison (the same rule on the same bars for both years).
COMPARE_MARKET = "btc-spot-1h"
YEAR = 2022


def event_on(events: pd.DataFrame, day: pd.Timestamp, market: str = COMPARE_MARKET) -> pd.Series:
    """The deepest event of ``market`` whose window overlaps the UTC day ``day``."""
    day = to_utc(day)
    sel = events[(events["market"] == market) & (events["start"] < day + pd.Timedelta(days=1)) & (events["end"] > day)]
    if sel.empty:
        raise ValueError(f"no {market} crash overlaps {day.date()}: the crash rule finds none that day")
    return sel.loc[sel["drawdown"].idxmax()]


def events_of_year(events: pd.DataFrame, year: int = YEAR, market: str = COMPARE_MARKET) -> pd.DataFrame:
    """The events of ``market`` that started in calendar ``year`` (UTC)."""
    return events[(events["market"] == market) & (events["start"].dt.year == year)]


def comparison_events(day: pd.Timestamp, year: int = YEAR) -> pd.DataFrame:
    """The atlas rows the comparison reads: the :data:`COMPARE_MARKET` events that started in ``year``
    or overlap the UTC ``day``, measured exactly as :func:`flashcrash.atlas.run.atlas` measures them
    (without measuring the other events of the market, most of the atlas's cost)."""
    from flashcrash.atlas.run import atlas

    day = to_utc(day)

    def keep(e: dict) -> bool:
        return e["start"].year == year or (e["start"] < day + pd.Timedelta(days=1) and e["end"] > day)

    return atlas((COMPARE_MARKET,), keep=keep)


#: The columns of the atlas's events the comparison reads (:func:`like_2022_measures`).
COMPARISON_COLUMNS = ["market", "start", "end", "label", "drawdown", "worst_1h", "fall_hours", "funding_30d_percentile"]


def comparison_rows(day: pd.Timestamp, year: int = YEAR) -> pd.DataFrame:
    """The :data:`COMPARISON_COLUMNS` of :func:`comparison_events` (same rows, same values), from the
    crash rule on the :data:`COMPARE_MARKET` bars and the BTC funding prints alone: the other
    measures of the atlas (levels, liquidations, other coins, the cascade model) are not computed."""
    from flashcrash import macro
    from flashcrash.atlas.bars import Bars, funding_measures, funding_rolls
    from flashcrash.atlas.detect import find_events
    from flashcrash.atlas.markets import MARKETS, label_known

    day = to_utc(day)
    market = MARKETS[COMPARE_MARKET]
    ev = find_events(market.load(), keep=lambda start, end: (start.year == year) | ((start < day + pd.Timedelta(days=1)) & (end > day)))
    rolls = Bars.of(funding_rolls(macro.funding_history(market.symbol)))
    ev.insert(0, "market", COMPARE_MARKET)
    ev["funding_30d_percentile"] = [funding_measures(rolls, t)["funding_30d_percentile"] for t in ev["start"]]
    ev["label"] = label_known(ev)
    return ev[COMPARISON_COLUMNS]


def like_2022_measures(events: pd.DataFrame | None = None, day: pd.Timestamp | None = None) -> Like2022Measures:
    """Measures of the c25 comparison from the atlas ``events`` (default: :func:`comparison_rows`)
    and the crash ``day`` (default: :data:`flashcrash.article.EVENT_DAY`)."""
    if day is None:
        day = EVENT_DAY
    if events is None:
        events = comparison_rows(day)
    this = event_on(events, day)
    y = events_of_year(events)
    if y.empty:
        raise ValueError(f"no {COMPARE_MARKET} crash in {YEAR}: cannot compare")
    named = y[y["label"].isin(CRASHES_2022)]
    missing = sorted(set(CRASHES_2022) - set(named["label"]))
    if missing:
        raise ValueError(f"the atlas has no {COMPARE_MARKET} event for {missing}")
    named = named.set_index("label").loc[list(CRASHES_2022)]
    return Like2022Measures(
        drawdown=float(this["drawdown"]),
        worst_1h=float(this["worst_1h"]),
        fall_hours=float(this["fall_hours"]),
        funding_percentile=float(this["funding_30d_percentile"]),
        n_2022=len(y),
        share_2022_shallower=float((y["drawdown"] < this["drawdown"]).mean()),
        median_drawdown_2022=float(y["drawdown"].median()),
        named_2022=tuple(s.split(" (")[1].rstrip(")") if " (" in s else s for s in named.index),
        named_drawdown=tuple(float(v) for v in named["drawdown"]),
        named_fall_hours=tuple(float(v) for v in named["fall_hours"]),
        named_funding_percentile=tuple(float(v) for v in named["funding_30d_percentile"]),
    )


def like_2022_sentence(m: Like2022Measures) -> str:
    """The measures in words, to be followed by the ruling's checks (:func:`flashcrash.rules.base.with_evidence`)."""
    named = ", ".join(
        f"{n} {d:.1%} over {h:.0f} h (funding percentile {p:.0%})"
        for n, d, h, p in zip(m.named_2022, m.named_drawdown, m.named_fall_hours, m.named_funding_percentile, strict=True)
    )
    return (
        f"By one crash rule (a fall of at least {DROP:.0%} from the {WINDOW / pd.Timedelta(hours=1):.0f}-hour high) on Binance BTC spot "
        f"hourly bars, the December 2025 crash fell "
        f"{m.drawdown:.1%} peak to trough over {m.fall_hours:.0f} h, with at most {m.worst_1h:.1%} within an hour; the same rule finds "
        f"{m.n_2022} crashes in 2022 (median {m.median_drawdown_2022:.1%}), {m.share_2022_shallower:.0%} of them shallower. "
        f"The 2022 collapses: {named}; this crash was {m.depth_ratio:.2f} times as deep as the shallower, and funding before it "
        f"stood at the {m.funding_percentile:.0%} percentile."
    )
