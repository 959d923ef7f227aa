"""Which day was it? A day-by-day scan of the data against the article.

The article describes one day: a calm market inside $87,000-$90,000, a sharp break of $87,000 during
the Asian session, a brief dip below $84,000, ETH and altcoins following, heavy liquidations (about
$820M in 24 hours, over $600M in the worst hour, over 90 % longs), "in mid-December". Every UTC day
from 2024-01-01 to the end of the BTC price data is tested on each of those elements separately
(:data:`CRITERIA`), at the finest resolution available for that day (5-minute perpetual bars where the
5-minute file covers the whole day, 15-minute bars otherwise); the day that fits most elements is the
event. The scan is vectorised: it groups bars by day and never loops over days.

Conventions: bars are indexed by their UTC open time; level crossings (:mod:`flashcrash.crossings`)
are exact to the bar (5 or 15 minutes for the perpetual, 1 hour for spot and index). The article's
levels come from :mod:`flashcrash.article`; the day the scan identifies is pinned there as
:data:`flashcrash.article.EVENT_DAY`, which every other chapter examines. The thresholds that define each element are named in :mod:`flashcrash.rules.which_day`.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from flashcrash import data as D
from flashcrash.article import EVENT_DAY, LEVEL_BREAK, LEVEL_LOW, MONTH, RANGE_HIGH, RANGE_LOW, mid_december
from flashcrash.cache import cached
from flashcrash.claims import Assessment, Figure
from flashcrash.crossings import bar_minutes, downward_crossings
from flashcrash.data.validate import require_utc, to_utc
from flashcrash.rules import which_day as R
from flashcrash.rules.base import with_evidence
from flashcrash.sessions import ASIA_TZ, SESSIONS, label_sessions

# The thresholds of the article's elements (named, with reasons, in flashcrash.rules.which_day)
SHARP_DROP = float(R.SHARP_MIN_DROP.value)  # a fall of at least 2 % within one hour counts as "sharp, in a short period"
BRIEF_MINUTES = int(R.BRIEF_MAX_MINUTES.value)  # at most two hours in total below $84k counts as "briefly"
MID_DECEMBER = mid_december(EVENT_DAY.year)  # first and last day (UTC) of "mid-December" in the event's year


def local_time(ts: pd.Timestamp, tz: str = ASIA_TZ) -> str:
    """``2025-12-01 08:55 HKT``-style local time of a UTC timestamp."""
    t = ts.tz_convert(tz)
    return f"{t:%Y-%m-%d %H:%M} {t.tzname()}"


# --------------------------------------------------------------------------- the finest bars of each day
SCAN_START = pd.Timestamp("2024-01-01", tz="UTC")  # first day scored (the 15-minute BTC file starts here)
DAY_MINUTES = 1440.0
OHLC = ["open", "high", "low", "close"]


def finest_bars(fine: pd.DataFrame, coarse: pd.DataFrame) -> pd.DataFrame:
    """One bar series at the finest resolution available for each UTC day.

    A day takes the ``fine`` bars when they cover at least as much of it as the ``coarse`` ones (in
    the data: when the 5-minute file covers the whole day), otherwise the coarse bars; the two are
    never mixed within a day. Returns OHLC (USD) with ``minutes`` (bar length) and ``resolution``
    (``"5min"``, ``"15min"``, ...) on each bar.
    """
    require_utc(fine.index, "fine bars index")
    require_utc(coarse.index, "coarse bars index")
    f_min, c_min = bar_minutes(fine), bar_minutes(coarse)
    if f_min >= c_min:
        raise ValueError(f"the fine bars ({f_min:g} min) must be shorter than the coarse ones ({c_min:g} min)")
    f_day, c_day = fine.index.floor("1D"), coarse.index.floor("1D")
    f_cov = pd.Series(f_min, index=f_day).groupby(level=0).sum()
    c_cov = pd.Series(c_min, index=c_day).groupby(level=0).sum().reindex(f_cov.index, fill_value=0.0)
    use_fine = f_cov.index[f_cov.to_numpy() >= c_cov.to_numpy()]
    parts = [
        fine.loc[f_day.isin(use_fine), OHLC].assign(minutes=f_min, resolution=f"{f_min:g}min"),
        coarse.loc[~c_day.isin(use_fine), OHLC].assign(minutes=c_min, resolution=f"{c_min:g}min"),
    ]
    out = pd.concat(parts).sort_index()
    out.index.name = "time"
    return out


@functools.cache
def btc_bars() -> pd.DataFrame:
    """BTC perpetual bars from :data:`SCAN_START`: 5-minute where the 5-minute file covers the whole
    UTC day (2025-11-30 to 2026-01-28), 15-minute otherwise (to 2026-04-30)."""
    return finest_bars(D.perp_5m("BTC"), D.perp_15m("BTC").loc[SCAN_START:])


def resolution_comparison() -> pd.DataFrame:
    """The days both files cover whole, scanned twice: on 5-minute and on 15-minute bars.

    One row per day with ``<measure>_5min`` and ``<measure>_15min`` for ``low``, ``first_break_87k``,
    ``breaks_87k``, ``minutes_below_84k`` and ``max_1h_drop``: what the coarser bars lose (the time of a
    crossing within its quarter hour, several crossings inside one bar, minutes below counted in whole
    bars) and what they keep (the day's low, the lowest trade of its bars)."""
    fine = btc_bars()
    fine = fine[fine["resolution"] == "5min"]
    days = fine.index.floor("1D").unique()
    coarse = D.perp_15m("BTC")
    coarse = coarse[coarse.index.floor("1D").isin(days)]
    cols = ["low", "first_break_87k", "breaks_87k", "minutes_below_84k", "max_1h_drop"]
    a = price_days(fine).loc[days, cols]
    b = price_days(coarse).loc[days, cols]
    return a.join(b, lsuffix="_5min", rsuffix="_15min")


# --------------------------------------------------------------------------- day scan (vectorised)
def _high_within_day(t: np.ndarray, day: np.ndarray, high: np.ndarray, window_ns: int, max_lag: int) -> np.ndarray:
    """Highest high of the bars of the same UTC day that opened within ``window_ns`` before each bar
    (the bar itself included). Loops over lags (at most ``max_lag``), never over days."""
    out = high.copy()
    for k in range(1, max_lag + 1):
        ok = np.zeros(len(t), dtype=bool)
        ok[k:] = (day[k:] == day[:-k]) & (t[k:] - t[:-k] < window_ns)
        if not ok.any():
            break
        lagged = np.full(len(t), -np.inf)
        lagged[k:] = high[:-k]
        out = np.where(ok, np.maximum(out, lagged), out)
    return out


def _first_time(times: pd.Series, mask: np.ndarray, by: np.ndarray) -> pd.Series:
    """Earliest of ``times`` where ``mask``, per group ``by`` (NaT where none)."""
    return times.where(mask).groupby(by).min()


def price_days(bars: pd.DataFrame) -> pd.DataFrame:
    """Per UTC day (every day from the first to the last bar, none left out): the price elements.

    ``bars``: OHLC in USD indexed by UTC open time, with ``minutes`` and ``resolution`` columns (as
    from :func:`finest_bars`; without them the whole frame's step is used). Columns returned:

    - ``resolution``, ``covered_minutes`` (bar minutes present) and ``missing_minutes`` (1440 minus it);
    - ``open``, ``high``, ``low``, ``close`` (USD), ``low_time`` (open of the bar with the low);
    - ``first_break_87k`` (open of the first bar that traded below $87k after the previous bar closed
      at or above it; the previous bar may belong to the day before, or come before a gap),
      ``breaks_87k`` (how many);
    - ``breaks_84k`` (bars that traded below $84k after a close at or above it), ``first_below_84k``
      (open of the first bar whose low is below $84k) and ``minutes_below_84k`` (minutes of the bars whose low is below $84k: an
      upper bound at the bar's resolution);
    - ``max_1h_drop`` (fraction, largest fall from a high to a low of a bar opening within one hour
      after it, the low's bar included, both in the day) and ``max_1h_drop_at`` (the low's bar);
    - ``minutes_inside_range`` (minutes of bars closing inside $87k-$90k);
    - ``prior_*``: the same for the previous UTC day (the 24 h before): ``prior_high``, ``prior_low``,
      ``prior_close``, ``prior_share_in_range`` (fraction of the bar minutes present),
      ``prior_missing_minutes``.
    """
    require_utc(bars.index, "bars index")
    if len(bars) == 0:
        raise ValueError("no bars to scan")
    if "minutes" not in bars:
        step = bar_minutes(bars)
        bars = bars.assign(minutes=step, resolution=f"{step:g}min")
    t = bars.index.as_unit("ns")
    day = t.floor("1D")
    t_ns, d_ns = t.asi8, day.asi8
    o, h, lo, c = (bars[k].to_numpy(float) for k in OHLC)
    mins = bars["minutes"].to_numpy(float)
    prev_close = np.concatenate([o[:1], c[:-1]])
    brk = (prev_close >= LEVEL_BREAK) & (lo < LEVEL_BREAK)
    brk84 = (prev_close >= LEVEL_LOW) & (lo < LEVEL_LOW)
    below = lo < LEVEL_LOW
    inside = (c >= RANGE_LOW) & (c <= RANGE_HIGH)
    window = pd.Timedelta("1h").value
    hmax = _high_within_day(t_ns, d_ns, h, window, int(np.ceil(60.0 / mins.min())))
    drop = 1.0 - lo / hmax
    times = pd.Series(t, index=np.arange(len(t)))
    f = pd.DataFrame({"day": day, "open": o, "high": h, "low": lo, "close": c, "minutes": mins, "resolution": bars["resolution"].to_numpy(),
                      "brk": brk, "brk84": brk84, "below_min": mins * below, "inside_min": mins * inside, "drop": drop})
    g = f.groupby("day", sort=True)
    out = g.agg(open=("open", "first"), high=("high", "max"), low=("low", "min"), close=("close", "last"), covered_minutes=("minutes", "sum"),
                resolution=("resolution", "first"), n_resolutions=("resolution", "nunique"), breaks_87k=("brk", "sum"), breaks_84k=("brk84", "sum"),
                minutes_below_84k=("below_min", "sum"), minutes_inside_range=("inside_min", "sum"), max_1h_drop=("drop", "max"))
    out["resolution"] = out["resolution"].where(out.pop("n_resolutions") == 1, "mixed")
    out["low_time"] = times.loc[g["low"].idxmin().to_numpy()].to_numpy()
    out["max_1h_drop_at"] = times.loc[g["drop"].idxmax().to_numpy()].to_numpy()
    out["first_break_87k"] = _first_time(times, brk, d_ns).to_numpy()
    out["first_below_84k"] = _first_time(times, below, d_ns).to_numpy()
    full = pd.date_range(out.index[0], out.index[-1], freq="1D")
    out = out.reindex(full)
    out.index.name = "day"
    out["covered_minutes"] = out["covered_minutes"].fillna(0.0)
    out["missing_minutes"] = DAY_MINUTES - out["covered_minutes"]
    out["breaks_87k"] = out["breaks_87k"].fillna(0).astype(int)
    out["breaks_84k"] = out["breaks_84k"].fillna(0).astype(int)
    out["resolution"] = out["resolution"].fillna("none")
    prior = out.shift(1)
    out["prior_high"] = prior["high"]
    out["prior_low"] = prior["low"]
    out["prior_close"] = prior["close"]
    out["prior_share_in_range"] = prior["minutes_inside_range"] / prior["covered_minutes"].where(prior["covered_minutes"] > 0)
    out["prior_missing_minutes"] = prior["missing_minutes"].fillna(DAY_MINUTES)
    return out


def daily_closes(bars: pd.DataFrame) -> pd.Series:
    """Close (USD) of each UTC day whose last bar ends at midnight; days cut short are left out."""
    require_utc(bars.index, "bars index")
    step = pd.Timedelta(minutes=bar_minutes(bars))
    day = bars.index.floor("1D")
    last = bars.index.to_series().groupby(day).max()
    close = bars["close"].groupby(day).last()
    return close[(last + step).to_numpy() == (last.index + pd.Timedelta("1D")).to_numpy()]


def day_returns(sources: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """Close-to-close UTC-day returns (fraction) per coin; each day from the first source in the
    coin's list that has both closes (sources are never mixed within one return)."""
    cols = {}
    for coin, frames in sources.items():  # a few coins and sources; the days are vectorised
        ret = None
        for fr in frames:
            c = daily_closes(fr)
            c = c.reindex(pd.date_range(c.index[0], c.index[-1], freq="1D"))
            r = c / c.shift(1) - 1.0
            ret = r if ret is None else ret.combine_first(r)
        cols[coin] = ret
    out = pd.DataFrame(cols).sort_index()
    out.index.name = "day"
    return out


#: Where the ETH and altcoin day returns come from, finest first (10 perpetuals, 5-minute, from
#: 2025-11-30; the 5-minute SOL and DOGE history from 2025-04-07; hourly XRP and SOL since 2020).
def coin_sources() -> dict[str, list[pd.DataFrame]]:
    five = {s: [D.perp_5m(s)] for s in D.PERP_5M_SYMBOLS if s != "BTC"}
    five["ETH"].append(D.perp_1h("ETH"))
    five["XRP"].append(D.perp_1h("XRP"))
    five["SOL"] += [D.perp_5m_history("SOL"), D.spot_1h("SOL")]
    five["DOGE"].append(D.perp_5m_history("DOGE"))
    return five


def coin_days(returns: pd.DataFrame) -> pd.DataFrame:
    """Per day: ``eth_return`` (fraction), ``alts_down_share`` (fraction of the altcoins with data
    that closed lower), ``n_alts`` (how many had data)."""
    alts = returns.drop(columns=["ETH"])
    n = alts.notna().sum(axis=1)
    return pd.DataFrame({"eth_return": returns["ETH"], "alts_down_share": (alts < 0).sum(axis=1) / n.where(n > 0), "n_alts": n})


def coverage_ratio_range() -> tuple[float, float]:
    """Market-wide liquidations per USD of Binance+Bybit+OKX BTC liquidations (low, high).

    The lowest and highest coverage ratio of the contemporaneous market-wide 24-hour reports
    (``data/reported.yaml``) against the three exchanges' BTC liquidations over each report's own
    window: the same ratios the liquidation chapter uses (:mod:`flashcrash.liquidation.coverage`).
    """
    from flashcrash.liquidation import claims as lc

    r = lc.reports().total["ratio"].dropna()
    return float(r.min()), float(r.max())


def liquidation_days(liq: pd.DataFrame, ratio: tuple[float, float]) -> pd.DataFrame:
    """Per UTC day of the hourly liquidation file: ``liq_hours`` (hours present; a day is covered
    with all 24), ``liquidations_usd`` (three-exchange BTC total), ``liq_long_share`` (long / total),
    ``liq_worst_hour_at`` (UTC start) and ``liq_worst_hour_usd``, and the market-wide estimates
    ``liq_24h_low``/``liq_24h_high`` and ``liq_worst_low``/``liq_worst_high`` (USD, times ``ratio``).
    Days not covered keep their partial sums but count as no data in the scan."""
    require_utc(liq.index, "liquidations index")
    lo, hi = ratio
    if not 0 < lo <= hi:
        raise ValueError(f"coverage ratio range must satisfy 0 < low <= high, got {ratio}")
    day = liq.index.floor("1D")
    tot = liq["total_usd"]
    g = tot.groupby(day)
    out = pd.DataFrame({"liq_hours": g.size(), "liquidations_usd": g.sum(), "liq_long_usd": liq["long_usd"].groupby(day).sum(),
                        "liq_worst_hour_at": g.idxmax(), "liq_worst_hour_usd": g.max()})
    out["liq_long_share"] = out.pop("liq_long_usd") / out["liquidations_usd"].where(out["liquidations_usd"] > 0)
    for name, col in (("24h", "liquidations_usd"), ("worst", "liq_worst_hour_usd")):
        out[f"liq_{name}_low"] = out[col] * lo
        out[f"liq_{name}_high"] = out[col] * hi
    out.index.name = "day"
    return out


# --------------------------------------------------------------------------- the elements, scored
def _money(x: float) -> str:
    return f"${x / 1e6:,.0f}M"


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
    "liq_24h": f"market-wide 24 h liquidations: estimate range holds {_money(R.ARTICLE_24H_USD.value)}",
    "liq_worst_hour": f"market-wide worst hour: estimate range holds {_money(R.ARTICLE_WORST_HOUR_USD.value)}",
    "liq_longs": f"longs at least {R.LONG_MIN_SHARE.value:.0%} of the day's liquidations",
}
#: Elements that count in a day's score. ``mid_december`` is reported, not scored: it is the date
#: the article gives, the claim the scan tests (c01).
SCORED = tuple(c for c in CRITERIA if c != "mid_december")


def element_checked(s: pd.DataFrame) -> pd.DataFrame:
    """Per day and element: whether the data cover it (``False`` = no data, the element counts as
    not fitting). Price elements need bars that day, ``calm_before`` bars the day before, the coin
    elements a day return, the liquidation elements all 24 hours of the CoinGlass file."""
    price = s["covered_minutes"] > 0
    liq = s["liq_hours"].fillna(0).to_numpy() == 24
    out = pd.DataFrame(True, index=s.index, columns=list(CRITERIA))
    for c in ("broke_87k", "break_in_asia", "below_84k", "brief_below_84k", "sharp_drop"):
        out[c] = price
    out["calm_before"] = s["prior_share_in_range"].notna()
    out["eth_fell"] = s["eth_return"].notna()
    out["alts_fell"] = s["n_alts"].fillna(0) > 0
    for c in ("liq_24h", "liq_worst_hour", "liq_longs"):
        out[c] = liq
    return out


def score_table(prices: pd.DataFrame, coins: pd.DataFrame, liq: pd.DataFrame) -> pd.DataFrame:
    """Join the per-day measures (:func:`price_days`, :func:`coin_days`, :func:`liquidation_days`)
    on the price days and add one boolean column per element of :data:`CRITERIA`, ``n_checked``
    (scored elements the data cover) and ``score`` (scored elements that fit)."""
    s = prices.join(coins, how="left").join(liq, how="left")
    clash = sorted(set(CRITERIA) & set(s.columns))
    if clash:
        raise ValueError(f"measure columns {clash} would be overwritten by the elements of the same name")
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
    s["eth_fell"] = s["eth_return"] < 0
    s["alts_fell"] = s["alts_down_share"] >= R.ALTS_MIN_DOWN_SHARE.value
    covered = s["liq_hours"].to_numpy() == 24
    a24, awh = R.ARTICLE_24H_USD.value, R.ARTICLE_WORST_HOUR_USD.value
    s["liq_24h"] = covered & (s["liq_24h_low"] <= a24) & (a24 <= s["liq_24h_high"])
    s["liq_worst_hour"] = covered & (s["liq_worst_low"] <= awh) & (awh <= s["liq_worst_high"])
    s["liq_longs"] = covered & (s["liq_long_share"] >= R.LONG_MIN_SHARE.value)
    for c in CRITERIA:
        s[c] = s[c].fillna(False).astype(bool)
    s["n_checked"] = element_checked(s)[list(SCORED)].sum(axis=1).astype(int)
    s["score"] = s[list(SCORED)].sum(axis=1).astype(int)
    return s


@functools.cache
@cached("event-score-days")
def score_days() -> pd.DataFrame:
    """Every UTC day from :data:`SCAN_START` to the end of the BTC price data, one row each, with the
    measures and the fit of each element of :data:`CRITERIA` (see :func:`score_table`), at the
    finest resolution of that day (column ``resolution``). ``attrs['coverage_ratio']`` holds the
    (low, high) market-to-three-exchange liquidation ratio used."""
    ratio = coverage_ratio_range()
    out = score_table(price_days(btc_bars()), coin_days(day_returns(coin_sources())), liquidation_days(D.liquidations_1h(), ratio))
    out.attrs["coverage_ratio"] = ratio
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


def candidate_days(min_score: int | None = None, resolution: str | None = "5min") -> list[pd.Timestamp]:
    """The event day first, then every other day that broke $87k, by score (then date).

    By default only days scored on 5-minute bars (2025-11-30 to 2026-01-28), which the other
    chapters examine bar by bar; ``resolution=None`` lists every day of the scan."""
    s = score_days()
    best = event_day()
    keep = s["broke_87k"] & (s.index != best)
    if resolution is not None:
        keep &= s["resolution"] == resolution
    others = s[keep].sort_values(["score"], ascending=False, kind="stable")
    if min_score is not None:
        others = others[others["score"] >= min_score]
    return [best, *others.index]


# --------------------------------------------------------------------------- which element fits which day
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


def _hm(t: pd.Timestamp) -> str:
    return f"{t:%H:%M} UTC"


def element_texts(row: pd.Series) -> dict[str, str]:
    """The measure behind each element on one day (a row of :func:`score_days`), in words with numbers."""
    day = row.name
    brk = row["first_break_87k"]
    res = row["resolution"]
    txt = {
        "december": f"{day:%B %Y}",
        "mid_december": f"{day:%d %B}",
        "calm_before": f"{row['prior_share_in_range']:.0%} of the 24 h before inside",
        "broke_87k": f"{row['breaks_87k']} break(s), first {_hm(brk)}" if pd.notna(brk) else "no break from above",
        "break_in_asia": f"first break {_hm(brk)} ({row['break_session']})" if pd.notna(brk) else "no break from above",
        "below_84k": f"low ${row['low']:,.0f}" + ("" if row["breaks_84k"] else " (no fall from above)"),
        "brief_below_84k": f"{row['minutes_below_84k']:.0f} min below ({res} bars)" if row["low"] < LEVEL_LOW else f"never below (low ${row['low']:,.0f})",
        "sharp_drop": f"largest 1 h fall {row['max_1h_drop']:.1%}",
        "eth_fell": f"ETH {row['eth_return']:+.1%}",
        "alts_fell": f"{row['alts_down_share']:.0%} of {row['n_alts']:.0f} down",
        "liq_24h": f"${row['liq_24h_low'] / 1e6:,.0f}M-${row['liq_24h_high'] / 1e6:,.0f}M (3 exchanges, BTC: ${row['liquidations_usd'] / 1e6:,.0f}M)",
        "liq_worst_hour": f"${row['liq_worst_low'] / 1e6:,.0f}M-${row['liq_worst_high'] / 1e6:,.0f}M at {_hm(row['liq_worst_hour_at'])}" if pd.notna(row["liq_worst_hour_at"]) else "",
        "liq_longs": f"longs {row['liq_long_share']:.0%}",
    }
    return txt


def element_table(scores: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Element-by-day table: one row per (day, element) with ``label``, ``description``, ``status``
    (fits / does not fit / no data), ``measure`` (the number behind it, in words) and the day's ``score``."""
    checked = element_checked(scores)
    rows = []
    for day in days:  # a handful of candidate days, formatted for display
        row = scores.loc[day]
        texts = element_texts(row)
        for el, description in CRITERIA.items():
            status = FITS if row[el] else (MISSES if checked.at[day, el] else NO_DATA)
            rows.append({"day": day, "element": el, "label": LABELS[el], "description": description, "status": status,
                         "measure": texts[el] if status != NO_DATA else "no data", "score": int(row["score"]), "resolution": row["resolution"]})
    return pd.DataFrame(rows)


def element_wide(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`element_table` as elements x days, each cell "fits: <measure>" / "no: <measure>" / "no data"."""
    mark = {FITS: "✔ ", MISSES: "✘ ", NO_DATA: ""}
    cell = table["status"].map(mark) + table["measure"]
    wide = table.assign(cell=cell, day=table["day"].dt.strftime("%Y-%m-%d")).pivot(index="label", columns="day", values="cell")
    return wide.loc[[LABELS[e] for e in CRITERIA]]


def element_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """Per element: ``days_fitting`` and ``days_checked`` over the whole scan, ``best_day`` (the
    highest-scoring day that fits it; the earliest on a tie; NaT if none), that day's ``best_score``
    and ``best_measure``, and whether the best-scoring day of ``scores`` (the event day) fits it
    (``event_day_fits``, ``event_measure``)."""
    checked = element_checked(scores)
    ev = scores["score"].idxmax()
    ev_txt = element_texts(scores.loc[ev])
    rows = []
    for el in CRITERIA:  # thirteen elements
        fit = scores[scores[el]]
        best = fit.sort_values("score", ascending=False, kind="stable").index[0] if len(fit) else pd.NaT
        rows.append({"element": el, "label": LABELS[el], "days_fitting": len(fit), "days_checked": int(checked[el].sum()),
                     "best_day": best, "best_score": int(scores.at[best, "score"]) if len(fit) else 0,
                     "best_measure": element_texts(scores.loc[best])[el] if len(fit) else "",
                     "event_day_fits": bool(scores.at[ev, el]), "event_measure": ev_txt[el]})
    return pd.DataFrame(rows).set_index("element")


def best_candidates(scores: pd.DataFrame, k: int = 5) -> list[pd.Timestamp]:
    """The ``k`` highest-scoring days and the best day of every element (:func:`element_summary`), by date."""
    top = scores.sort_values("score", ascending=False, kind="stable").index[:k]
    per = element_summary(scores)["best_day"].dropna()
    return sorted(set(top) | set(per))


def one_event_measures(scores: pd.DataFrame) -> R.OneEventMeasures:
    """Measures of c42: does one day fit every element of :data:`CRITERIA`, or do different days fit different ones?"""
    fits = scores[list(CRITERIA)]
    n_fit = fits.sum(axis=1)
    best = n_fit.idxmax()
    core = fits[list(R.CORE_ELEMENTS)].all(axis=1)
    summ = element_summary(scores)
    missed = tuple(
        R.Elsewhere(CRITERIA[el], int(summ.at[el, "days_fitting"]), None if pd.isna(summ.at[el, "best_day"]) else f"{summ.at[el, 'best_day']:%Y-%m-%d}")
        for el in CRITERIA if not fits.at[best, el]
    )
    return R.OneEventMeasures(
        n_elements=len(CRITERIA), days_scanned=len(scores), days_fitting_all=int((n_fit == len(CRITERIA)).sum()),
        best_day=f"{best:%Y-%m-%d}", best_day_fits=int(n_fit[best]), days_fitting_core=int(core.sum()),
        core_day=f"{core.idxmax():%Y-%m-%d}" if core.any() else None, missed=missed,
    )


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
                "bars_below_84k": len(b84),
            }
        )
    return pd.DataFrame(rows).set_index("source")


def prior_calm(day: pd.Timestamp, lookback_days: int = 30) -> dict[str, float]:
    """Realised volatility of 15-minute log returns in the 24 h before ``day`` (annualised fraction)
    and its percentile among the same 24-hour measure on each of the ``lookback_days`` days before."""
    day = to_utc(day)
    r = np.log(D.perp_15m("BTC")["close"]).diff()  # 15-min history reaches back before the 5-min file
    per_year = np.sqrt(365 * 96)
    vol = r.rolling("1D").std() * per_year
    last_bar = vol.loc[: day - pd.Timedelta("1ns")].index[-1]  # the 24 h window ends with this bar
    at = float(vol.loc[last_bar])
    hist = vol.loc[day - pd.Timedelta(days=lookback_days) : last_bar - pd.Timedelta("1D")]
    daily = hist.at_time(last_bar.time())  # the same 24 h measure, one per earlier day
    return {"vol_24h": at, "percentile": float((daily < at).mean()), "n_days": len(daily)}


# --------------------------------------------------------------------------- verdicts
def _assessment(claim_id: str, measures: object, sentence: str, figures: list[Figure]) -> Assessment:
    ruling = R.RULES[claim_id](measures)
    return Assessment(ruling, with_evidence(sentence, ruling), figures)


def _tokyo_minute(t: pd.Timestamp) -> float:
    local = t.tz_convert(SESSIONS["Asia"][0])
    return float(local.hour * 60 + local.minute)


def assess() -> dict[str, Assessment]:
    """Verdicts of the chapter "Which day was it?" (claims c01-c05 and c42): measures from the day
    scan, the rule of :mod:`flashcrash.rules.which_day`, evidence = measures sentence + the rule's checks."""
    s = score_days()
    day = event_day()
    row = s.loc[day]
    d = f"{day:%Y-%m-%d}"
    brk = row["first_break_87k"]
    low84 = row["first_below_84k"]
    bar = pd.Timedelta(row["resolution"]) / pd.Timedelta("1min")  # bar length of that day's scan (minutes)
    mid = s[s["mid_december"]]
    mid_broke = mid[mid["broke_87k"]]
    mid_path = mid[mid["broke_87k"] & mid["below_84k"]]
    mid_min_low = float(mid["low"].min())
    sess = label_sessions(pd.DatetimeIndex([brk, low84]))
    out: dict[str, Assessment] = {}

    m01 = R.MidDecemberMeasures(d, day.month, day.day, len(mid), len(mid_broke), len(mid_path), mid_min_low)
    years = ", ".join(str(y) for y in sorted(set(mid.index.year)))
    out["c01-mid-december"] = _assessment(
        "c01-mid-december", m01,
        (f"Of the {len(s)} UTC days scanned ({s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d}), {d} fits the article best ({int(row['score'])} of {len(SCORED)} scored elements). "
         f"On 10-20 December ({years}) BTC broke $87k on {len(mid_broke)} days; its lowest price there was ${mid_min_low:,.0f}."),
        [Figure("best_match_day", day, "UTC"), Figure("best_match_score", int(row["score"]), "elements"), Figure("days_scanned", len(s), "days"),
         Figure("mid_december_days_breaking_87k", len(mid_broke), "days"), Figure("mid_december_days_breaking_87k_and_84k", len(mid_path), "days"),
         Figure("mid_december_lowest_price", mid_min_low, "USD")],
    )
    has_brk = pd.notna(brk)
    m02 = R.AsianSessionMeasures(d, f"{brk:%H:%M}" if has_brk else None, _tokyo_minute(brk) if has_brk else None, sess.iloc[0] if has_brk else "")
    out["c02-asian-session"] = _assessment(
        "c02-asian-session", m02,
        (f"On {d} the first {bar:.0f}-minute bar below $87k opened at {brk:%H:%M} UTC ({local_time(brk)}). "
         f"The trades below $84k came later, from {low84:%H:%M} UTC ({local_time(low84)}), session: {sess.iloc[1]}."),
        [Figure("first_bar_below_87k", brk, "UTC"), Figure("session_of_87k_break", sess.iloc[0], ""), Figure("first_bar_below_84k", low84, "UTC"),
         Figure("session_of_84k_break", sess.iloc[1], "")],
    )
    m03 = R.Break87kMeasures(d, int(row["breaks_87k"]), float(row["max_1h_drop"]))
    out["c03-break-87k"] = _assessment(
        "c03-break-87k", m03,
        f"BTC first traded below $87,000 on {d} in the bar of {brk:%H:%M} UTC; the largest fall within one hour that day ended in the bar of {row['max_1h_drop_at']:%H:%M} UTC.",
        [Figure("first_bar_below_87k", brk, "UTC"), Figure("max_1h_drop", float(row["max_1h_drop"]), "fraction"), Figure("max_1h_drop_bar", row["max_1h_drop_at"], "UTC"),
         Figure("day_open", float(row["open"]), "USD")],
    )
    m04 = R.Below84kMeasures(d, float(row["low"]), float(row["minutes_below_84k"]), bar)
    gap_h = (low84 - brk) / pd.Timedelta("1h")
    out["c04-below-84k"] = _assessment(
        "c04-below-84k", m04,
        (f"BTC traded below $84,000 in {int(row['minutes_below_84k'] // bar)} {bar:.0f}-minute bars, the first opening at {low84:%H:%M} UTC, "
         f"{gap_h:.1f} hours after the $87k break, not in the same Asian-session move; the low came at {row['low_time']:%H:%M} UTC."),
        [Figure("minutes_below_84k", float(row["minutes_below_84k"]), "minutes"), Figure("day_low", float(row["low"]), "USD"), Figure("day_low_bar", row["low_time"], "UTC"),
         Figure("hours_from_87k_break_to_84k", gap_h, "hours")],
    )
    calm = prior_calm(day)
    m05 = R.WithoutWarningMeasures(d, float(row["prior_share_in_range"]), calm["vol_24h"], calm["percentile"], calm["n_days"])
    out["c05-without-warning"] = _assessment(
        "c05-without-warning", m05,
        (f"In the 24 h before {d} BTC traded between ${row['prior_low']:,.0f} and ${row['prior_high']:,.0f} with realised volatility of {calm['vol_24h']:.0%} a year. "
         "'Without warning' itself cannot be measured."),
        [Figure("prior_24h_high", float(row["prior_high"]), "USD"), Figure("prior_24h_low", float(row["prior_low"]), "USD"),
         Figure("prior_share_in_87k_90k", float(row["prior_share_in_range"]), "fraction"), Figure("prior_24h_realised_vol", calm["vol_24h"], "fraction per year"),
         Figure("prior_vol_percentile_30d", calm["percentile"], "fraction")],
    )
    m42 = one_event_measures(s)
    res = s["resolution"].value_counts()
    elsewhere = "; ".join(
        f"{e.element}: {e.days_fitting} days fit" + (f", the best of them {e.best_day}" if e.best_day else "") for e in m42.missed
    )
    figs42 = [Figure("days_scanned", m42.days_scanned, "days"), Figure("days_5min", int(res.get("5min", 0)), "days"), Figure("days_15min", int(res.get("15min", 0)), "days"),
              Figure("elements", m42.n_elements, "elements"), Figure("days_fitting_all", m42.days_fitting_all, "days"), Figure("best_day", pd.Timestamp(m42.best_day, tz="UTC"), "UTC"),
              Figure("best_day_elements", m42.best_day_fits, "elements"), Figure("days_fitting_price_path", m42.days_fitting_core, "days")]
    figs42 += [Figure(f"best_day_for_{el}", s.loc[s[el]].sort_values("score", ascending=False, kind="stable").index[0], "UTC") for el in CRITERIA if not s.at[pd.Timestamp(m42.best_day, tz="UTC"), el] and s[el].any()]
    out["c42-one-event"] = _assessment(
        "c42-one-event", m42,
        (f"Each of the {m42.days_scanned} UTC days from {s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d} was tested on {m42.n_elements} elements of the article "
         f"({int(res.get('5min', 0))} days on 5-minute bars, {int(res.get('15min', 0))} on 15-minute bars). {m42.best_day} fits {m42.best_day_fits}; "
         f"the elements it misses fit other days or none ({elsewhere})."),
        figs42,
    )
    return out
