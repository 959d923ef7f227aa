"""The article's own clock: on which dates could each date-dependent sentence have been written?

Several sentences are true only at certain dates. For each, a pure function computes, from data
passed in, the UTC days on which it could be true (a :class:`SentenceClock`: sorted, disjoint,
inclusive day intervals); :func:`intersect` says whether one date makes all of them true and
:func:`coverage` how many each day satisfies. :func:`article_clocks` reads the data and builds them
all. Days are UTC calendar days (00:00 UTC timestamps); an interval bound of ``None`` is open.

The sentences (claim ids of ``data/claims.yaml`` and the draft of new claims):

* c01 "in mid-December": days 10-20 of December (:data:`MID_DECEMBER`).
* c06 "oscillating within a narrow range of $87,000 to $90,000": days on which, at some hour, at least
  half of the hourly closes of the previous 24 h lay inside the range (:func:`range_clock`).
* c22 "cooled market expectations for the Fed to cut ... discussions about ... further rate hikes":
  no futures are in the data; the proxy is the 2-year Treasury yield having risen by 20 bp or more
  over 30 days while standing at or above the effective fed funds rate, outside the 90 days after a
  hike (:func:`cut_expectations_clock`).
* c28 "the Fed begins a rate-cutting cycle in 2025": days before the first cut of the cycle under way
  in 2025, after the hiking run that preceded it began (:func:`fed_cycle_clock`).
* c32 "new historical highs in 2025": days up to the end of 2025 (:func:`year_ahead_clock`).
* c54 "expectations that Bitcoin would steadily challenge its historical highs": days after a daily
  close within 10 % of the all-time high (:func:`near_high_clock`).
* c53 "the progress of Ethereum spot ETFs" as a coming narrative: days before the funds' first
  trading day, taken from a contemporaneous report (:func:`eth_etf_clock`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from flashcrash.article import MID_DECEMBER_DAYS, RANGE_HIGH, RANGE_LOW
from flashcrash.cache import cached
from flashcrash.data.validate import require_utc

ONE_DAY = pd.Timedelta(days=1)
#: "mid-December": the 10th to the 20th (:data:`flashcrash.article.MID_DECEMBER_DAYS`).
MID_DECEMBER = MID_DECEMBER_DAYS
#: The share of the prior 24 h that must lie inside the article's range (``RANGE_LOW`` to ``RANGE_HIGH``,
#: USD, from :mod:`flashcrash.article`).
RANGE_MIN_SHARE = 0.5
#: Cooling of cut expectations: a rise of the 2-year yield of at least this many bp over the lookback.
COOLING_RISE_BP, COOLING_LOOKBACK_DAYS = 20.0, 30
#: Cut expectations cannot cool while the Fed is hiking: days within this many days after a hike are excluded.
HIKING_RECENT_DAYS = 90
#: "Near its highs": a close within this fraction of the running all-time high.
NEAR_HIGH_WITHIN = 0.10


def _day(ts: pd.Timestamp | str, what: str = "day") -> pd.Timestamp:
    t = pd.Timestamp(ts)
    if t.tzinfo is None:
        raise ValueError(f"{what} {ts!r} has no time zone: pass UTC days, e.g. pd.Timestamp('2025-12-01', tz='UTC')")
    return t.tz_convert("UTC").normalize()


@dataclass(frozen=True)
class Interval:
    """Inclusive range of UTC days; ``None`` for an open end."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, _day(v, f"interval {name}"))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"interval starts {self.start.date()} after it ends {self.end.date()}")

    def contains(self, day: pd.Timestamp) -> bool:
        d = _day(day)
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)

    def __str__(self) -> str:
        a = "..." if self.start is None else str(self.start.date())
        b = "..." if self.end is None else str(self.end.date())
        return a if a == b else f"{a} to {b}"


@dataclass(frozen=True)
class SentenceClock:
    """The days on which one sentence of the article could be true."""

    claim_id: str
    label: str
    intervals: tuple[Interval, ...]
    basis: tuple[str, ...]
    rule: str

    def contains(self, day: pd.Timestamp) -> bool:
        return any(iv.contains(day) for iv in self.intervals)

    @property
    def empty(self) -> bool:
        return not self.intervals

    def describe(self) -> str:
        """The intervals in words, e.g. ``"2024-11-12 to 2024-11-16; 2025-02-25 to 2025-02-27"``."""
        return "; ".join(str(iv) for iv in self.intervals) if self.intervals else "no date"


# --------------------------------------------------------------------------------------------
# Interval algebra
# --------------------------------------------------------------------------------------------
def _lo(t: pd.Timestamp | None) -> pd.Timestamp:
    return pd.Timestamp.min.tz_localize("UTC") if t is None else t


def _hi(t: pd.Timestamp | None) -> pd.Timestamp:
    return pd.Timestamp.max.tz_localize("UTC") if t is None else t


def normalize(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted, with overlapping or adjacent (next-day) intervals merged."""
    ivs = sorted(intervals, key=lambda iv: _lo(iv.start))
    out: list[Interval] = []
    for iv in ivs:
        if out and (out[-1].end is None or _lo(iv.start) <= _hi(out[-1].end) + ONE_DAY):
            last = out[-1]
            end = None if last.end is None or iv.end is None else max(last.end, iv.end)
            out[-1] = Interval(last.start, end)
        else:
            out.append(iv)
    return tuple(out)


def intersect_two(a: Sequence[Interval], b: Sequence[Interval]) -> tuple[Interval, ...]:
    """Days in both ``a`` and ``b``."""
    out = []
    for x in a:
        for y in b:
            lo, hi = max(_lo(x.start), _lo(y.start)), min(_hi(x.end), _hi(y.end))
            if lo <= hi:
                out.append(Interval(None if x.start is None and y.start is None else lo, None if x.end is None and y.end is None else hi))
    return normalize(out)


def intersect(clocks: Sequence[SentenceClock]) -> tuple[Interval, ...]:
    """Days on which every sentence could be true (empty tuple: no single date makes all true)."""
    if not clocks:
        raise ValueError("intersect needs at least one sentence clock")
    acc: tuple[Interval, ...] = (Interval(None, None),)
    for c in clocks:
        acc = intersect_two(acc, c.intervals)
        if not acc:
            break
    return acc


def days_to_intervals(days: pd.DatetimeIndex | Sequence[pd.Timestamp]) -> tuple[Interval, ...]:
    """Runs of consecutive UTC days as intervals (duplicates and order do not matter)."""
    idx = pd.DatetimeIndex(days)
    if len(idx) == 0:
        return ()
    require_utc(idx, "days")
    d = np.unique(idx.normalize().as_unit("ns").asi8)
    breaks = np.flatnonzero(np.diff(d) > ONE_DAY.value)
    starts = np.r_[d[0], d[breaks + 1]]
    ends = np.r_[d[breaks], d[-1]]
    return tuple(Interval(pd.Timestamp(s, tz="UTC"), pd.Timestamp(e, tz="UTC")) for s, e in zip(starts, ends, strict=True))


def coverage(clocks: Sequence[SentenceClock], days: pd.DatetimeIndex) -> pd.DataFrame:
    """One row per day, one boolean column per sentence (claim id), and ``count`` (sentences true)."""
    require_utc(pd.DatetimeIndex(days), "days")
    d = pd.DatetimeIndex(days).normalize()
    cols = {}
    for c in clocks:
        ok = np.zeros(len(d), dtype=bool)
        for iv in c.intervals:
            ok |= (d >= _lo(iv.start)) & (d <= _hi(iv.end))
        cols[c.claim_id] = ok
    out = pd.DataFrame(cols, index=d)
    out["count"] = out.sum(axis=1).astype(int)
    return out


@dataclass(frozen=True)
class ClockSummary:
    """The verdict material of the single-date question."""

    clocks: tuple[SentenceClock, ...]
    intersection: tuple[Interval, ...]
    best_count: int
    best_days: tuple[Interval, ...]
    best_sentences: tuple[tuple[str, ...], ...]

    @property
    def single_date_exists(self) -> bool:
        return bool(self.intersection)


def summarize(clocks: Sequence[SentenceClock], days: pd.DatetimeIndex) -> ClockSummary:
    """Intersection of all the clocks, and the days (within ``days``) that satisfy the most sentences."""
    cov = coverage(clocks, days)
    best = int(cov["count"].max()) if len(cov) else 0
    top = cov[cov["count"] == best]
    ids = [c.claim_id for c in clocks]
    combos = tuple(dict.fromkeys(tuple(i for i in ids if row[i]) for _, row in top.iterrows()))
    return ClockSummary(tuple(clocks), intersect(clocks), best, days_to_intervals(top.index), combos)


# --------------------------------------------------------------------------------------------
# One function per sentence (pure: data in, clock out)
# --------------------------------------------------------------------------------------------
def mid_december_clock(first_year: int, last_year: int, days: tuple[int, int] = MID_DECEMBER) -> SentenceClock:
    """c01: December ``days[0]``-``days[1]`` of every year from ``first_year`` to ``last_year``."""
    if first_year > last_year:
        raise ValueError(f"first_year {first_year} is after last_year {last_year}")
    a, b = days
    ivs = tuple(Interval(pd.Timestamp(f"{y}-12-{a:02d}", tz="UTC"), pd.Timestamp(f"{y}-12-{b:02d}", tz="UTC")) for y in range(first_year, last_year + 1))
    return SentenceClock("c01-mid-december", "the crash happened in mid-December", ivs, (), f"December {a}-{b} of each year")


def range_clock(close: pd.Series, low: float = RANGE_LOW, high: float = RANGE_HIGH, min_share: float = RANGE_MIN_SHARE, min_closes: int = 20) -> SentenceClock:
    """c06: days on which, at some hour, the hourly closes of the previous 24 h were inside [low, high] for at least ``min_share`` of them.

    ``close``: hourly closes (USD) on a UTC DatetimeIndex (Binance spot BTCUSDT). Missing hours are
    not filled: the share is over the closes present in the trailing 24 h, and a window needs at
    least ``min_closes`` of them (so the first hours of the series or an outage decide nothing).
    """
    require_utc(close.index, "hourly closes")
    if not low < high:
        raise ValueError(f"range low {low} must be below high {high}")
    c = close.sort_index()
    inside = ((c >= low) & (c <= high)).astype(float)
    share = inside.rolling("24h", min_periods=min_closes).mean()
    days = share.index[share.to_numpy() >= min_share]
    return SentenceClock(
        "c06-prior-range",
        f"BTC oscillating within ${low:,.0f}-${high:,.0f} before the crash",
        days_to_intervals(days),
        ("market data",),
        f"at some hour, at least {min_share:.0%} of the previous 24 hourly closes inside ${low:,.0f}-${high:,.0f}",
    )


def fed_cycle_clock(decisions: pd.DataFrame, year: int = 2025, max_pause_days: int | None = None) -> SentenceClock:
    """c28: days on which "the Fed begins a rate-cutting cycle in ``year``" could be written.

    ``decisions``: :func:`flashcrash.macro.rate_decisions` rows (``announced`` UTC, ``kind``). The cycle
    in question is the one containing the first cut announced in ``year``; it began at the first cut
    of its run (a hike ends a run; with ``max_pause_days``, so does a gap longer than that between two
    cuts). The sentence is a forecast of that start, so it fits the days before it: from the first
    hike of the hiking run that preceded the cycle (before it there was no cutting cycle to await),
    or, when a long pause split the cuts, from the day after the earlier run's last cut. If the cycle
    under way in ``year`` began in an earlier year, the sentence's year was wrong, but it was not yet
    contradicted on those days.
    """
    dec = decisions.sort_values("announced").reset_index(drop=True)
    require_utc(pd.DatetimeIndex(dec["announced"]), "decision days")
    ann = pd.DatetimeIndex(dec["announced"]).normalize()
    kind = dec["kind"].to_numpy()
    cuts_in_year = np.flatnonzero((kind == "cut") & (ann.year == year))
    if len(cuts_in_year) == 0:
        raise ValueError(f"no Fed cut announced in {year} in the decisions passed")
    i = int(cuts_in_year[0])
    while i > 0 and kind[i - 1] == "cut" and (max_pause_days is None or (ann[i] - ann[i - 1]).days <= max_pause_days):
        i -= 1
    start = ann[i]
    if i > 0 and kind[i - 1] == "cut":  # an earlier run of cuts ended by a long pause: the wait starts after it
        lower: pd.Timestamp | None = ann[i - 1] + ONE_DAY
    elif i > 0:  # the hiking run before the cycle: from its first hike on, a cutting cycle is something to await
        k = i - 1
        while k > 0 and kind[k - 1] == "hike":
            k -= 1
        lower = ann[k]
    else:
        lower = None
    end = start - ONE_DAY
    ivs = (Interval(lower, end),) if lower is None or lower <= end else ()
    pause = "" if max_pause_days is None else f"; a pause of more than {max_pause_days} days starts a new cycle"
    return SentenceClock(
        "c28-fed-cutting-2025",
        f"the Fed begins a rate-cutting cycle in {year}",
        ivs,
        ("market data",),
        f"before the first cut of the cycle under way in {year} (announced {start.date()}){pause}",
    )


def year_ahead_clock(year: int = 2025) -> SentenceClock:
    """c32: "new historical highs in ``year``" is a forecast that can be made only up to the year's end."""
    end = pd.Timestamp(f"{year}-12-31", tz="UTC")
    return SentenceClock("c32-new-ath-2025", f"new all-time highs possible in {year}", (Interval(None, end),), (), f"on or before {end.date()}")


def near_high_clock(high: pd.Series, close: pd.Series, within: float = NEAR_HIGH_WITHIN) -> SentenceClock:
    """c54: days after a daily close within ``within`` of the all-time high up to that day.

    ``high``/``close``: daily bars (USD) on the same UTC day index (Yahoo BTC-USD). Day D qualifies if
    close(D-1) >= (1 - within) * max(high up to D-1): the writer saw a market near its highs.
    """
    require_utc(close.index, "daily closes")
    if not 0 < within < 1:
        raise ValueError(f"within must be a fraction in (0, 1), got {within}")
    df = pd.concat({"high": high, "close": close}, axis=1, join="inner").sort_index()
    near = df["close"] >= (1 - within) * df["high"].cummax()
    days = df.index[near.to_numpy()] + ONE_DAY
    return SentenceClock(
        "c54-challenge-highs",
        "markets expected BTC to keep challenging its highs",
        days_to_intervals(days),
        ("market data",),
        f"the day after a daily close within {within:.0%} of the all-time high",
    )


def eth_etf_clock(first_trading_day: pd.Timestamp, since: pd.Timestamp | None = None) -> SentenceClock:
    """c53: Ethereum spot ETFs' "progress" as a coming narrative: days before their first trading day.

    ``first_trading_day`` comes from a contemporaneous report; ``since`` optionally bounds it below
    (e.g. the first filings).
    """
    first = _day(first_trading_day, "first trading day")
    lower = _day(since, "since") if since is not None else None
    ivs = (Interval(lower, first - ONE_DAY),) if lower is None or lower <= first - ONE_DAY else ()
    return SentenceClock(
        "c53-eth-etf-coming",
        "Ethereum spot ETFs as a coming narrative",
        ivs,
        ("contemporaneous reports",),
        f"before the first trading day of US spot Ether ETFs ({first.date()})",
    )


def cut_expectations_clock(
    dgs2: pd.Series,
    effr: pd.Series,
    decisions: pd.DataFrame | None = None,
    rise_bp: float = COOLING_RISE_BP,
    lookback_days: int = COOLING_LOOKBACK_DAYS,
    hiking_recent_days: int = HIKING_RECENT_DAYS,
) -> SentenceClock:
    """c22: days on which cut expectations had cooled, with hikes discussed (2-year yield proxy).

    ``dgs2``, ``effr``: daily percent on UTC days (business days). A business day D qualifies when the
    2-year yield rose by at least ``rise_bp`` over the ``lookback_days`` calendar days to D (cuts
    priced out) and stood at or above the effective fed funds rate (the market no longer priced net
    cuts over two years, so hikes were on the table). A qualifying business day also covers the
    calendar days up to the next observation (weekends, holidays). With ``decisions``
    (:func:`flashcrash.macro.rate_decisions`), days less than ``hiking_recent_days`` after a hike are
    excluded: while the Fed is hiking there are no cut expectations to cool.
    """
    require_utc(dgs2.index, "2-year yield")
    require_utc(effr.index, "effective fed funds rate")
    y = dgs2.sort_index()
    past = y.reindex(y.index - pd.Timedelta(days=lookback_days), method="ffill").to_numpy()
    rise = (y.to_numpy() - past) * 100
    r = effr.sort_index().reindex(y.index, method="ffill").to_numpy()
    ok = pd.Series((rise >= rise_bp) & (y.to_numpy() >= r), index=y.index)
    if decisions is not None:
        hikes = pd.DatetimeIndex(decisions.loc[decisions["kind"] == "hike", "announced"]).normalize().sort_values().as_unit("ns")
        require_utc(hikes, "decision days")
        days = y.index.normalize().as_unit("ns")
        pos = hikes.searchsorted(days, side="right") - 1
        since_hike = days.asi8 - hikes.asi8[np.clip(pos, 0, None)] if len(hikes) else np.full(len(y), np.iinfo(np.int64).max)
        recent = (pos >= 0) & (since_hike < pd.Timedelta(days=hiking_recent_days).value)
        ok &= ~recent
    cal = pd.date_range(y.index[0].normalize(), y.index[-1].normalize(), freq="D", tz="UTC")
    flags = ok.reindex(cal).ffill().fillna(False).astype(bool)
    return SentenceClock(
        "c22-fed-cut-expectations",
        "cut expectations cooled, with talk of hikes",
        days_to_intervals(cal[flags.to_numpy()]),
        ("market data",),
        f"2-year yield up {rise_bp:.0f} bp or more over {lookback_days} days and at or above the effective fed funds rate"
        + ("" if decisions is None else f", not within {hiking_recent_days} days after a hike"),
    )


# --------------------------------------------------------------------------------------------
# Reading the data
# --------------------------------------------------------------------------------------------
def two_year_yield() -> pd.Series:
    """DGS2 in percent: FRED DGS2 where present, else DGS10 - T10Y2Y (CSV, then the JSON cache)."""
    from flashcrash import data

    parts = [data.fred("DGS10") - data.fred("T10Y2Y"), data.fred("DGS10", extended=True) - data.fred("T10Y2Y", extended=True)]
    derived = pd.concat([p.dropna() for p in parts])
    derived = derived[~derived.index.duplicated(keep="first")]
    direct = data.fred("DGS2")
    out = pd.concat([direct, derived[derived.index > direct.index[-1]]]).sort_index()
    out.name = "DGS2"
    return out


def effective_rate() -> pd.Series:
    """EFFR in percent: the CSV, extended by the JSON cache."""
    from flashcrash import data

    a, b = data.fred("EFFR"), data.fred("EFFR", extended=True)
    return pd.concat([a, b[b.index > a.index[-1]]]).sort_index()


def eth_etf_first_trading_day() -> pd.Timestamp:
    """The first trading day of US spot Ether ETFs as reported (data/reported.yaml, r35)."""
    from flashcrash import reported

    days = {f.value for r in reported.load_reports() for f in r.figures if f.name == "eth_spot_etf_first_trading_day"}
    if len(days) != 1:
        raise ValueError(f"reports disagree on the ETH ETF first trading day or give none: {sorted(days)}")
    return days.pop()


def article_clocks(max_pause_days: int | None = None) -> list[SentenceClock]:
    """Every sentence clock, computed from the data mirror and the reports."""
    from flashcrash import data, macro

    spot = data.spot_1h("BTC")["close"]
    daily = data.yahoo_daily("btc")
    dec = macro.fed_decisions()
    last_year = int(max(spot.index[-1].year, daily.index[-1].year))
    return [
        mid_december_clock(2017, last_year),
        range_clock(spot),
        cut_expectations_clock(two_year_yield(), effective_rate(), dec),
        fed_cycle_clock(dec, 2025, max_pause_days),
        year_ahead_clock(2025),
        near_high_clock(daily["high"], daily["close"]),
        eth_etf_clock(eth_etf_first_trading_day()),
    ]


def article_clock_summary(max_pause_days: int | None = None) -> ClockSummary:
    """:func:`summarize` over the days with hourly BTC data (2018 to the end of the spot file), kept
    in the results cache (the page and its verdicts read one computation)."""
    return _article_clock_summary(max_pause_days)


@cached("clock-summary")
def _article_clock_summary(max_pause_days: int | None) -> ClockSummary:
    from flashcrash import data

    spot = data.spot_1h("BTC")
    days = pd.date_range(spot.index[0].normalize(), spot.index[-1].normalize(), freq="D", tz="UTC")
    return summarize(article_clocks(max_pause_days), days)
