"""What the three exchanges' hourly BTC liquidations (CoinGlass: Binance, Bybit, OKX) and the prices
say about the event day and the days it is compared with.

Liquidations in USD on hours labelled by their UTC start; long shares as fractions; prices USD. Every
function takes its data as arguments (:func:`flashcrash.liquidation.measures.load` reads them).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from flashcrash.article import LEVEL_BREAK
from flashcrash.crossings import downward_crossings
from flashcrash.liquidation import sequence as sq
from flashcrash.rules import liquidations as rl
from flashcrash.sessions import ASIA_TZ


def day_slice(liq: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The hours of the UTC ``day`` in the hourly liquidations ``liq``."""
    return liq[(liq.index >= day) & (liq.index < day + pd.Timedelta(days=1))]


def long_shares(liq: pd.DataFrame, days: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    """Per day: total (USD), daily long share long/(long+short), the worst hour (UTC), its size and long share."""
    rows = []
    for d in days:
        x = day_slice(liq, d)
        h = x["total_usd"].idxmax()
        rows.append(
            {
                "day": d,
                "total_usd": float(x["total_usd"].sum()),
                "long_share": float(x["long_usd"].sum() / x["total_usd"].sum()),
                "worst_hour": h,
                "worst_hour_usd": float(x.loc[h, "total_usd"]),
                "worst_hour_long_share": float(x.loc[h, "long_usd"] / x.loc[h, "total_usd"]),
            }
        )
    return pd.DataFrame(rows).set_index("day")


def hourly_long_share(liq: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Hourly long, short (USD) and long share of one day."""
    x = day_slice(liq, day)
    return x.assign(long_share=x["long_usd"] / x["total_usd"])


def max_hour_share(liq: pd.DataFrame) -> tuple[float, int]:
    """The largest share of a complete UTC day's liquidations held by one hour in the three-exchange
    BTC data ``liq`` (fraction), and the number of complete days."""
    by_day = liq["total_usd"].resample("1D")
    t = pd.DataFrame({"n": by_day.count(), "top": by_day.max(), "sum": by_day.sum()})
    t = t[(t["n"] == 24) & (t["sum"] > 0)]
    return float((t["top"] / t["sum"]).max()), len(t)


def complete_days(liq: pd.DataFrame) -> pd.DatetimeIndex:
    """The UTC days with all 24 hours in the liquidations ``liq``, in order."""
    counts = liq.index.floor("1D").value_counts()
    return counts[counts == 24].index.sort_values()


def rmb_check(bitstamp: pd.DataFrame, day: pd.Timestamp, usd: float, cny: float) -> dict[str, float]:
    """The USD/CNY rate implied by Bitstamp's BTC/CNY and BTC/USD on ``day`` (``bitstamp``: daily
    ``btc_cny``, ``btc_usd``), the rate implied by an amount of ``usd`` given as ``cny``, what ``usd``
    comes to in CNY at the data's rate and the relative difference."""
    b = bitstamp.loc[day]
    rate = float(b["btc_cny"] / b["btc_usd"])
    return {"rate": rate, "article_rate": cny / usd, "cny_of_820m": usd * rate, "relative_difference": cny / (usd * rate) - 1.0}


@dataclass(frozen=True)
class EventDay:
    """The event's UTC day in the three-exchange BTC data (USD, fractions, UTC)."""

    day: pd.Timestamp
    worst: pd.Timestamp  # open of the hour with the most liquidations
    worst_usd: float
    day_usd: float
    worst_long_share: float
    day_long_share: float

    @property
    def worst_share(self) -> float:
        """The worst hour's share of the day (fraction)."""
        return self.worst_usd / self.day_usd

    @property
    def local(self) -> str:
        """The worst hour in Hong Kong time, ``YYYY-MM-DD HH:MM-HH:MM HKT (UTC+8)``."""
        t = self.worst.tz_convert(ASIA_TZ)
        return f"{t:%Y-%m-%d %H:%M}-{t + pd.Timedelta(hours=1):%H:%M} HKT (UTC+8)"


def event_day(liq: pd.DataFrame, day: pd.Timestamp) -> EventDay:
    """:class:`EventDay` of the UTC ``day`` in the hourly liquidations ``liq``."""
    x = day_slice(liq, day)
    worst = x["total_usd"].idxmax()
    w = float(x.loc[worst, "total_usd"])
    total = float(x["total_usd"].sum())
    return EventDay(day, worst, w, total, float(x.loc[worst, "long_usd"]) / w, float(x["long_usd"].sum()) / total)


def break_time(bars: pd.DataFrame, level: float = LEVEL_BREAK) -> pd.Timestamp:
    """Open (UTC) of the first bar of ``bars`` (one day's bars, USD) that traded below ``level``
    (default $87k) after a close at or above it."""
    x = downward_crossings(bars, level)
    if x.empty:
        raise ValueError(f"BTC did not break ${level:,.0f} from above on {bars.index[0].date()}")
    return x.index[0]


def hourly_returns(perp_1h: pd.DataFrame) -> pd.Series:
    """Close over open minus one of each hourly bar of the BTCUSDT perpetual (fraction)."""
    return perp_1h["close"] / perp_1h["open"] - 1.0


def sequence_table(liq: pd.DataFrame, returns: pd.Series, days: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    """Per day: the first batch of long liquidations and the peak it led to (:func:`.sequence.first_batch`),
    the first sharp hourly fall before the peak (:func:`.sequence.fall_timing`, on the hourly ``returns``)
    and the day's rank among the file's complete days (:func:`.sequence.day_rank`). USD, UTC hours, fractions."""
    rows = []
    for d in days:
        fb = sq.first_batch(liq["long_usd"], d, rl.BATCH_MULTIPLE.value)
        ft = sq.fall_timing(returns, liq["long_usd"], fb["peak"], rl.FIRST_FALL.value)
        dr = sq.day_rank(liq["total_usd"], d)
        rows.append(
            {
                "day": d,
                "first_batch": fb["first"],
                "first_batch_usd": fb["first_usd"],
                "peak_hour": fb["peak"],
                "peak_usd": fb["peak_usd"],
                "hours_to_peak": fb["hours_to_peak"],
                "next_hour_usd": fb["next_usd"],
                "batch_threshold_usd": fb["threshold"],
                "first_fall": ft["first_fall"],
                "first_fall_return": ft["first_fall_return"],
                "before_fall_usd": ft["before_usd"],
                "before_fall_return": ft["before_return"],
                "day_usd": dr["total"],
                "day_rank": dr["rank"],
                "complete_days": dr["days"],
                "top_share": dr["top_share"],
            }
        )
    return pd.DataFrame(rows).set_index("day")


def sequence_display(t: pd.DataFrame) -> pd.DataFrame:
    """:func:`sequence_table` as the chapter shows it: amounts in millions of USD, one row per day."""
    return pd.DataFrame(
        {
            "first_batch": t["first_batch"],
            "first_batch_musd": t["first_batch_usd"] / 1e6,
            "peak_hour": t["peak_hour"],
            "peak_musd": t["peak_usd"] / 1e6,
            "hours_to_peak": t["hours_to_peak"],
            "next_hour_musd": t["next_hour_usd"] / 1e6,
            "first_fall": t["first_fall"],
            "first_fall_return": t["first_fall_return"],
            "before_fall_musd": t["before_fall_usd"] / 1e6,
            "day_musd": t["day_usd"] / 1e6,
            "day_rank": t["day_rank"],
        },
        index=t.index,
    )
