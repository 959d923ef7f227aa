"""Which day was it? Level crossings on intraday bars and a day-by-day score against the article.

The article describes one day: a break of $87,000 during the Asian session, a dip below $84,000,
a sharp fall in a short period from a calm market, ETH and altcoins following, and heavy
liquidations, "in mid-December". Every UTC day of the 5-minute data is scored on each element;
the best-scoring day is the event.

Conventions: bars are indexed by their UTC open time; a bar "trades below" a level when its low is
below it. Times are exact to the bar (5 minutes for the perpetual, 1 hour for spot and index).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from flashcrash import data as D
from flashcrash.cache import cached
from flashcrash.claims import Assessment, Figure, unruled
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.errors import GapError
from flashcrash.sessions import ASIA_TZ, in_session, label_sessions

LEVEL_BREAK = 87_000.0  # USD, the support the article says broke
LEVEL_LOW = 84_000.0  # USD, the level it says BTC briefly fell below
RANGE_LOW, RANGE_HIGH = 87_000.0, 90_000.0  # USD, the "narrow range" before
SHARP_DROP = 0.02  # a fall of at least 2 % within one hour counts as "sharp, in a short period"
BRIEF_MINUTES = 120  # at most two hours in total below $84k counts as "briefly"
MID_DECEMBER = (pd.Timestamp("2025-12-10", tz="UTC"), pd.Timestamp("2025-12-20", tz="UTC"))


# --------------------------------------------------------------------------- level crossings
def downward_crossings(bars: pd.DataFrame, level: float) -> pd.DataFrame:
    """Bars in which the price trades below ``level`` after the previous bar closed at or above it.

    Returns one row per crossing: ``time`` (bar open, UTC), ``low`` (USD, the bar's low) and
    ``depth`` (USD below the level). The first bar of the frame counts when its open is at or above
    the level and its low below.
    """
    require_utc(bars.index, "bars index")
    prev = bars["close"].shift(1).fillna(bars["open"].iloc[0] if len(bars) else np.nan)
    hit = (prev >= level) & (bars["low"] < level)
    out = bars.loc[hit, ["low"]].copy()
    out["depth"] = level - out["low"]
    out.index.name = "time"
    return out


def upward_crossings(bars: pd.DataFrame, level: float) -> pd.DataFrame:
    """Bars in which the price trades at or above ``level`` after the previous bar closed below it
    (``time``, ``high`` in USD)."""
    require_utc(bars.index, "bars index")
    prev = bars["close"].shift(1).fillna(bars["open"].iloc[0] if len(bars) else np.nan)
    hit = (prev < level) & (bars["high"] >= level)
    out = bars.loc[hit, ["high"]].copy()
    out.index.name = "time"
    return out


def bar_minutes(bars: pd.DataFrame) -> float:
    """Length of one bar in minutes, from the index's most common step."""
    steps = np.diff(bars.index.as_unit("ns").asi8)
    if len(steps) == 0:
        raise ValueError("need at least two bars to know their length")
    vals, counts = np.unique(steps, return_counts=True)
    return float(vals[np.argmax(counts)] / 60e9)


def minutes_below(bars: pd.DataFrame, level: float) -> float:
    """Minutes spent in bars that traded below ``level`` (an upper bound at the bars' resolution)."""
    return float((bars["low"] < level).sum() * bar_minutes(bars))


def max_drop_within(bars: pd.DataFrame, window: str = "1h") -> tuple[float, pd.Timestamp]:
    """Largest fall from a high to a later low within ``window`` (fraction, positive), and the
    open time of the bar where that low was reached."""
    n = int(pd.Timedelta(window) / pd.Timedelta(minutes=bar_minutes(bars)))
    high = bars["high"].to_numpy()
    low = bars["low"].to_numpy()
    # running max of highs over the current and previous n-1 bars (the high may be in the same bar)
    hmax = pd.Series(high).rolling(n, min_periods=1).max().to_numpy()
    drop = 1.0 - low / hmax
    i = int(np.argmax(drop))
    return float(drop[i]), bars.index[i]


def local_time(ts: pd.Timestamp, tz: str = ASIA_TZ) -> str:
    """``2025-12-01 08:55 HKT``-style local time of a UTC timestamp."""
    t = ts.tz_convert(tz)
    return f"{t:%Y-%m-%d %H:%M} {t.tzname()}"


# --------------------------------------------------------------------------- day scoring
CRITERIA = {
    "december": "in December 2025",
    "mid_december": "in mid-December (10-20 Dec)",
    "calm_before": "prior 24 h inside $87k-$90k (share of 5-min closes)",
    "broke_87k": "traded through $87k from above",
    "break_in_asia": "first $87k break in the Asian session",
    "below_84k": "traded below $84k",
    "sharp_drop": "fell >= 2 % within one hour",
    "alts_fell": "ETH and >= 80 % of 9 altcoins down on the day",
    "heavy_liquidations": "BTC liquidations in the top 10 % of days",
}


def _daily_coin_returns() -> pd.DataFrame:
    """Close-to-close UTC-day returns (fraction) of each 5-minute perpetual."""
    closes = {s: D.perp_5m(s)["close"].resample("1D").last() for s in D.PERP_5M_SYMBOLS}
    return pd.DataFrame(closes).pct_change()


@functools.cache
@cached("event-score-days")
def score_days() -> pd.DataFrame:
    """One row per complete UTC day of the 5-minute data with the measures and pass/fail of each
    criterion in :data:`CRITERIA`, and ``score`` = number of criteria passed (``mid_december`` is
    reported but not scored: it is the claim under test)."""
    bars = D.perp_5m("BTC")
    days = bars.index.floor("1D").unique()
    days = days[1:]  # the first day has no prior 24 h
    if bars.index[-1] < days[-1] + pd.Timedelta("1D") - pd.Timedelta("5min"):
        days = days[:-1]  # incomplete last day
    rets = _daily_coin_returns()
    liq = D.liquidations_1h()["total_usd"].resample("1D").sum()
    liq_cut = float(liq.quantile(0.9))
    rows = []
    for day in days:
        end = day + pd.Timedelta("1D")
        today = bars.loc[day : end - pd.Timedelta("1ns")]
        prior = bars.loc[day - pd.Timedelta("1D") : day - pd.Timedelta("1ns")]
        if len(today) < 288 or len(prior) < 288:
            raise GapError(f"perp 5-minute BTC bars incomplete around {day.date()}; cannot score that day")
        breaks = downward_crossings(bars.loc[day - pd.Timedelta("5min") : end - pd.Timedelta("1ns")], LEVEL_BREAK)
        breaks = breaks[breaks.index >= day]
        first_break = breaks.index[0] if len(breaks) else pd.NaT
        below = today[today["low"] < LEVEL_LOW]
        drop, drop_at = max_drop_within(today, "1h")
        inside = float(((prior["close"] >= RANGE_LOW) & (prior["close"] <= RANGE_HIGH)).mean())
        r = rets.loc[day]
        alts = r.drop(["BTC", "ETH"])
        rows.append(
            {
                "day": day,
                "low": float(today["low"].min()),
                "low_time": today["low"].idxmin(),
                "prior_high": float(prior["high"].max()),
                "prior_low": float(prior["low"].min()),
                "prior_share_in_range": inside,
                "first_break_87k": first_break,
                "first_below_84k": below.index[0] if len(below) else pd.NaT,
                "minutes_below_84k": float(len(below) * 5),
                "max_1h_drop": drop,
                "max_1h_drop_at": drop_at,
                "btc_return": float(r["BTC"]),
                "eth_return": float(r["ETH"]),
                "alts_down_share": float((alts < 0).mean()),
                "liquidations_usd": float(liq.get(day, np.nan)),
                "december": day.month == 12 and day.year == 2025,
                "mid_december": bool(MID_DECEMBER[0] <= day <= MID_DECEMBER[1]),
                "calm_before": inside >= 0.5,
                "broke_87k": bool(len(breaks)),
                "break_in_asia": bool(len(breaks)) and bool(in_session(pd.DatetimeIndex([first_break]), "Asia")[0]),
                "below_84k": bool(len(below)),
                "sharp_drop": drop >= SHARP_DROP,
                "alts_fell": bool(r["ETH"] < 0 and (alts < 0).mean() >= 0.8),
                "heavy_liquidations": bool(liq.get(day, 0.0) >= liq_cut),
            }
        )
    out = pd.DataFrame(rows).set_index("day")
    scored = [c for c in CRITERIA if c != "mid_december"]
    out["score"] = out[scored].sum(axis=1).astype(int)
    out.attrs["liquidation_cut_usd"] = liq_cut
    return out


def criteria_long(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores reshaped for a days x criteria grid: one row per (day, criterion) with ``passed``."""
    long = scores[list(CRITERIA)].reset_index().melt(id_vars="day", var_name="criterion", value_name="passed")
    long["description"] = long["criterion"].map(CRITERIA)
    long["score"] = long["day"].map(scores["score"])
    return long


def event_day() -> pd.Timestamp:
    """UTC midnight of the best-matching day (highest score; the earliest on a tie)."""
    s = score_days()
    return s["score"].idxmax()


def candidate_days(min_score: int | None = None) -> list[pd.Timestamp]:
    """The event day first, then every other day that broke $87k, by score (then date)."""
    s = score_days()
    best = event_day()
    others = s[s["broke_87k"] & (s.index != best)].sort_values(["score"], ascending=False, kind="stable")
    if min_score is not None:
        others = others[others["score"] >= min_score]
    return [best, *others.index]


# --------------------------------------------------------------------------- sources compared
def source_bars() -> dict[str, pd.DataFrame]:
    """BTC bars from each price source of the mirror, by label (perp trade, perp mark, spot, index)."""
    return {
        "Binance perp, 5 min": D.perp_5m("BTC"),
        "Binance perp, 15 min": D.perp_15m("BTC"),
        "Binance perp mark price, 1 h": D.mark_1h("BTC"),
        "Binance spot, 1 h": D.spot_1h("BTC"),
        "CryptoCompare index, 1 h": D.index_1h(),
    }


def compare_sources(day: pd.Timestamp) -> pd.DataFrame:
    """For each source, on ``day`` (UTC): the bar of the first trade below $87k and below $84k, the
    day's low (USD) and its bar, and the bars' resolution. Times are bar open times. A source that
    has no bars on ``day`` gets an empty row (NaT / NaN), not an error."""
    day = to_utc(day)
    rows = []
    for label, bars in source_bars().items():
        sub = bars.loc[day - pd.Timedelta("1h") : day + pd.Timedelta("1D") - pd.Timedelta("1ns")]
        brk = downward_crossings(sub, LEVEL_BREAK)
        brk = brk[brk.index >= day]
        today = sub.loc[day:]
        if today.empty:  # the source does not cover that day (e.g. the index ends 2026-01-17)
            rows.append({"source": label, "resolution_min": bar_minutes(bars), "first_below_87k": pd.NaT, "first_below_84k": pd.NaT, "low": np.nan, "low_bar": pd.NaT, "bars_below_84k": 0})
            continue
        b84 = today[today["low"] < LEVEL_LOW]
        rows.append(
            {
                "source": label,
                "resolution_min": bar_minutes(bars),
                "first_below_87k": brk.index[0] if len(brk) else pd.NaT,
                "first_below_84k": b84.index[0] if len(b84) else pd.NaT,
                "low": float(today["low"].min()),
                "low_bar": today["low"].idxmin(),
                "bars_below_84k": int(len(b84)),
            }
        )
    return pd.DataFrame(rows).set_index("source")


def prior_calm(day: pd.Timestamp, lookback_days: int = 30) -> dict[str, float]:
    """Realised volatility of 5-minute log returns in the 24 h before ``day`` (annualised fraction)
    and its percentile among the same 24-hour measure on each of the ``lookback_days`` days before."""
    day = to_utc(day)
    r = np.log(D.perp_15m("BTC")["close"]).diff()  # 15-min history reaches back before the 5-min file
    per_year = np.sqrt(365 * 96)
    vol = r.rolling("1D").std() * per_year
    last_bar = vol.loc[: day - pd.Timedelta("1ns")].index[-1]  # the 24 h window ends with this bar
    at = float(vol.loc[last_bar])
    hist = vol.loc[day - pd.Timedelta(days=lookback_days) : last_bar - pd.Timedelta("1D")]
    daily = hist.at_time(last_bar.time())  # the same 24 h measure, one per earlier day
    return {"vol_24h": at, "percentile": float((daily < at).mean()), "n_days": int(len(daily))}


# --------------------------------------------------------------------------- verdicts
def assess() -> dict[str, Assessment]:
    """Verdicts of the chapter "Which day was it?" (claims c01-c05), computed from the data."""
    s = score_days()
    day = event_day()
    row = s.loc[day]
    brk = row["first_break_87k"]
    low84 = row["first_below_84k"]
    mid = s[s["mid_december"]]
    mid_broke = mid[mid["broke_87k"]]
    mid_min_low = float(mid["low"].min())
    sess = label_sessions(pd.DatetimeIndex([brk, low84]))
    out: dict[str, Assessment] = {}

    in_mid = bool(row["mid_december"])
    out["c01-mid-december"] = unruled(
        "reproduced" if in_mid else "contradicted",
        (
            f"The only day in the data that matches the description (break of $87k in Asian hours, trades below $84k) is "
            f"{day:%Y-%m-%d}, {'inside' if in_mid else 'not'} mid-December. In {MID_DECEMBER[0]:%d}-{MID_DECEMBER[1]:%d} December BTC broke $87k on "
            f"{len(mid_broke)} days but its lowest price was ${mid_min_low:,.0f}, never below $84k."
        ),
        [
            Figure("best_match_day", day, "UTC"),
            Figure("best_match_score", int(row["score"]), "criteria"),
            Figure("mid_december_days_breaking_87k", int(len(mid_broke)), "days"),
            Figure("mid_december_lowest_price", mid_min_low, "USD"),
        ],
    )
    out["c02-asian-session"] = unruled(
        "reproduced" if row["break_in_asia"] else "contradicted",
        (
            f"The first 5-minute bar below $87k opened at {brk:%H:%M} UTC ({local_time(brk)}), session: {sess.iloc[0]}. "
            f"The trades below $84k came later, from {low84:%H:%M} UTC ({local_time(low84)}), session: {sess.iloc[1]}."
        ),
        [Figure("first_bar_below_87k", brk, "UTC"), Figure("session_of_87k_break", sess.iloc[0], ""), Figure("first_bar_below_84k", low84, "UTC"), Figure("session_of_84k_break", sess.iloc[1], "")],
    )
    sharp = bool(row["broke_87k"] and row["sharp_drop"])
    out["c03-break-87k"] = unruled(
        "reproduced" if sharp else ("partly" if row["broke_87k"] else "contradicted"),
        (
            f"BTC traded through $87,000 on {day:%Y-%m-%d} at {brk:%H:%M} UTC; the largest fall within one hour that day was "
            f"{row['max_1h_drop']:.1%} (low in the bar of {row['max_1h_drop_at']:%H:%M} UTC)."
        ),
        [Figure("first_bar_below_87k", brk, "UTC"), Figure("max_1h_drop", row["max_1h_drop"], "fraction"), Figure("max_1h_drop_bar", row["max_1h_drop_at"], "UTC"), Figure("day_open", float(D.perp_5m("BTC").loc[day, "open"]), "USD")],
    )
    brief = bool(row["below_84k"] and row["minutes_below_84k"] <= BRIEF_MINUTES)
    out["c04-below-84k"] = unruled(
        "reproduced" if brief else ("partly" if row["below_84k"] else "contradicted"),
        (
            f"BTC traded below $84,000 in {int(row['minutes_below_84k'] // 5)} five-minute bars ({row['minutes_below_84k']:.0f} minutes at most), "
            f"the first opening at {low84:%H:%M} UTC; the day's low was ${row['low']:,.1f} at {row['low_time']:%H:%M} UTC. "
            f"Brief, as stated; but {(low84 - brk) / pd.Timedelta('1h'):.1f} hours after the $87k break, not in the same Asian-session move."
        ),
        [Figure("minutes_below_84k", row["minutes_below_84k"], "minutes"), Figure("day_low", row["low"], "USD"), Figure("day_low_bar", row["low_time"], "UTC"), Figure("hours_from_87k_break_to_84k", (low84 - brk) / pd.Timedelta("1h"), "hours")],
    )
    calm = prior_calm(day)
    quiet = calm["percentile"] <= 0.5
    out["c05-without-warning"] = unruled(
        "reproduced" if quiet and row["calm_before"] else "partly",
        (
            f"In the 24 h before {day:%Y-%m-%d} BTC stayed between ${row['prior_low']:,.0f} and ${row['prior_high']:,.0f} "
            f"({row['prior_share_in_range']:.0%} of 5-minute closes inside $87k-$90k); realised volatility was {calm['vol_24h']:.0%} a year, "
            f"higher than on {calm['percentile']:.0%} of the previous {calm['n_days']} days. Calm by volatility{'' if quiet else ' only partly'}; "
            f"{'' if row['calm_before'] else 'but above the $87k-$90k range, '}'without warning' itself cannot be measured."
        ),
        [Figure("prior_24h_high", row["prior_high"], "USD"), Figure("prior_24h_low", row["prior_low"], "USD"), Figure("prior_share_in_87k_90k", row["prior_share_in_range"], "fraction"), Figure("prior_24h_realised_vol", calm["vol_24h"], "fraction per year"), Figure("prior_vol_percentile_30d", calm["percentile"], "fraction")],
    )
    return out
