"""Validated loaders: one function per kind of table, each returning a documented DataFrame.

Every table has a timezone-aware UTC ``DatetimeIndex`` named ``time`` (bar open time, or the day for
daily series) and named columns in stated units. ``df.attrs`` carries ``name`` (``source/file``) and
``gaps`` (missing bars as ``(after, before, missing)`` tuples of ISO strings and a count; plain
values so that pandas can compare attrs; :func:`gaps_table` turns them into a DataFrame): gaps are
reported, never filled.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
from pyarrow import feather

from flashcrash.data.registry import fetch, lookup
from flashcrash.data.validate import OHLC, check_columns, check_index, check_ohlc, find_gaps
from flashcrash.errors import CorruptDataError, NaiveTimestampError

#: Binance USD-M perpetuals in the 5-minute mirror (2025-11-30 -> 2026-01-29).
PERP_5M_SYMBOLS = ("BTC", "ETH", "SOL", "XRP", "DOGE", "BNB", "ADA", "AVAX", "DOT", "LINK")

SOURCE_5M = "binance-usdm-5m-chacal"
SOURCE_LONG = "binance-klines-roshan"
SOURCE_15M = "binance-usdm-btc-15m-saam0"
SOURCE_LIQ = "coinglass-btc-liquidations-ismethanhtung"
SOURCE_INDEX = "cryptocompare-btc-mouadja02"
SOURCE_BITSTAMP = "bitstamp-daily-typedcypher"
SOURCE_YAHOO = "yfinance-daily-jonsflow"
SOURCE_FRED = "fred-macro-jonsflow"
SOURCE_FRED2 = "fred-dtwexbgs-sivamsapingali"


def _read(path: Path, name: str, reader) -> pd.DataFrame:
    try:
        return reader(path)
    except Exception as exc:  # truncated feather, broken CSV, wrong format ...
        raise CorruptDataError(
            f"cannot read {name} ({path}): {type(exc).__name__}: {exc}. The file is truncated or not the expected format: delete it and fetch it again"
        ) from exc


class Gaps(tuple):
    """The ``attrs['gaps']`` of a loaded table: a tuple of ``(after, before, missing)`` that pandas
    does not deep-copy. pandas deep-copies ``attrs`` into every table derived from another (each
    slice, column, sum); the gaps are immutable, so the copy can be the same object, which saves a
    walk over every gap at each step of every analysis."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict) -> Gaps:
        return self

    def __reduce__(self):  # pickles (and compares) as the plain tuple it is
        return (Gaps, (tuple(self),))


def _finish(df: pd.DataFrame, name: str, freq: str | None) -> pd.DataFrame:
    # one time unit everywhere: pandas keeps s/ms units from to_datetime, which breaks asi8 arithmetic
    df.index = pd.DatetimeIndex(df.index).as_unit("ns")
    df.index.name = "time"
    check_index(df, name)
    df.attrs["name"] = name
    gaps = find_gaps(df.index, freq) if freq else find_gaps(df.index[:0], "1D")
    df.attrs["gaps"] = Gaps((a.isoformat(), b.isoformat(), int(m)) for a, b, m in gaps.itertuples(index=False))
    return df


def gaps_table(df: pd.DataFrame) -> pd.DataFrame:
    """The gaps recorded at load time as a table: ``after``, ``before`` (UTC) and ``missing`` (bars)."""
    rows = df.attrs.get("gaps", ())
    return pd.DataFrame(
        {"after": pd.to_datetime([r[0] for r in rows], utc=True), "before": pd.to_datetime([r[1] for r in rows], utc=True), "missing": [r[2] for r in rows]}
    )


def _read_bars(path: Path) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The ``date`` column (as read) and the OHLC + volume columns (float64, one row per column) of a
    feather bar file, read with pyarrow straight to NumPy (no pandas conversion of the whole table)."""
    table = feather.read_table(path)
    names = table.column_names
    missing = [c for c in ["date", *OHLC, "volume"] if c not in names]
    if missing:
        raise KeyError(f"missing columns {missing} (has {names})")
    date = pd.DatetimeIndex(table.column("date").to_pandas())
    values = np.empty((5, table.num_rows))
    for i, c in enumerate([*OHLC, "volume"]):
        values[i] = table.column(c).to_numpy()
    return date, values


def _feather_bars(source: str, file: str, freq: str) -> pd.DataFrame:
    entry = lookup(source, file)
    name = f"{source}/{file}"
    path = fetch(source, file)
    try:
        date, values = _read_bars(path)
    except KeyError as exc:
        raise CorruptDataError(f"{name}: {exc.args[0]}; the file is not the expected version, fetch it again") from exc
    except Exception as exc:  # truncated feather, wrong format ...
        raise CorruptDataError(
            f"cannot read {name} ({path}): {type(exc).__name__}: {exc}. The file is truncated or not the expected format: delete it and fetch it again"
        ) from exc
    if date.tz is None:
        raise NaiveTimestampError(f"{name}: the 'date' column has no time zone; expected UTC candle open times")
    if entry.last_bar_open:  # saved while the last bar was still forming (PROVENANCE.md)
        date, values = date[:-1], values[:, :-1]
    df = pd.DataFrame(values.T, index=date.tz_convert("UTC"), columns=[*OHLC, "volume"])
    df = _finish(df, name, freq)
    check_ohlc(df, name)
    return df


@functools.cache
def perp_5m(symbol: str = "BTC") -> pd.DataFrame:
    """Binance USD-M perpetual ``<symbol>USDT`` 5-minute trade-price bars, 2025-11-30 -> 2026-01-29.

    Columns: ``open, high, low, close`` (USD; quoted in USDT, taken at par), ``volume`` (base asset,
    e.g. BTC). The last bar, still open when saved, is dropped.
    """
    if symbol not in PERP_5M_SYMBOLS:
        raise ValueError(f"no 5-minute perpetual for {symbol!r}; available: {', '.join(PERP_5M_SYMBOLS)}")
    return _feather_bars(SOURCE_5M, f"{symbol}_USDT_USDT-5m-futures.feather", "5min")


@functools.cache
def perp_5m_history(symbol: str = "SOL") -> pd.DataFrame:
    """Binance USD-M perpetual 5-minute bars from 2025-04-07 to mid-May 2026, for SOL and DOGE only
    (the longer 5-minute files of binance-klines-roshan). Same columns and units as :func:`perp_5m`."""
    if symbol not in ("SOL", "DOGE"):
        raise ValueError(f"no long 5-minute history for {symbol!r}: only SOL and DOGE (use perp_15m or perp_1h)")
    return _feather_bars(SOURCE_LONG, f"{symbol}_USDT_USDT-5m-futures.feather", "5min")


@functools.cache
def mark_1h(symbol: str = "BTC") -> pd.DataFrame:
    """Binance USD-M ``<symbol>USDT`` hourly mark-price bars (USD), 2025-11-30 -> 2026-01-29. Volume is 0."""
    return _feather_bars(SOURCE_5M, f"{symbol}_USDT_USDT-1h-mark.feather", "1h")


@functools.cache
def perp_1h(symbol: str = "BTC") -> pd.DataFrame:
    """Binance USD-M perpetual hourly bars since 2019 (BTC, ETH, XRP): OHLC in USD, volume in base asset."""
    return _feather_bars(SOURCE_LONG, f"{symbol}_USDT_USDT-1h-futures.feather", "1h")


@functools.cache
def perp_15m(symbol: str = "BTC") -> pd.DataFrame:
    """Binance USD-M perpetual 15-minute bars: BTC from 2024-01-01 (saam0 copy), ETH/XRP from 2025-08-17."""
    if symbol == "BTC":
        return _feather_bars(SOURCE_15M, "BTC_USDT_USDT-15m-futures.feather", "15min")
    return _feather_bars(SOURCE_LONG, f"{symbol}_USDT_USDT-15m-futures.feather", "15min")


@functools.cache
def spot_1h(symbol: str = "BTC") -> pd.DataFrame:
    """Binance spot ``<symbol>USDT`` hourly bars since 2018 (BTC, ETH, SOL, XRP); gaps from exchange outages are in ``attrs['gaps']``."""
    return _feather_bars(SOURCE_LONG, f"spot_{symbol}_USDT-1h.feather", "1h")


@functools.cache
def funding(symbol: str = "BTC", history: bool = False) -> pd.DataFrame:
    """Binance USD-M funding-rate prints every 8 h (00/08/16 UTC).

    Column ``rate``: fraction per 8 h (0.0001 = 0.01 %). ``history=False``: the 10-coin file of the
    5-minute mirror (2025-11-30 -> 2026-01-28); ``history=True``: the long file since 2019/2020
    (BTC, ETH, XRP). Timestamps are floored to the second (SOL's carry a few ms of jitter).
    """
    if history:
        source, file = SOURCE_LONG, f"{symbol}_USDT_USDT-1h-funding_rate.feather"
    else:
        source, file = SOURCE_5M, f"{symbol}_USDT_USDT-1h-funding_rate.feather"
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_feather)
    check_columns(raw, ["date", "open"], name)
    if raw["date"].dt.tz is None:
        raise NaiveTimestampError(f"{name}: the 'date' column has no time zone")
    idx = pd.DatetimeIndex(raw["date"]).tz_convert("UTC").floor("s")
    df = pd.DataFrame({"rate": raw["open"].astype(float).to_numpy()}, index=idx)
    if not np.isfinite(df["rate"]).all():
        raise CorruptDataError(f"{name}: non-finite funding rates")
    return _finish(df, name, "8h")


def _ms_index(ms: pd.Series) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(ms.astype("int64"), unit="ms", utc=True))


@functools.cache
def liquidations_1h() -> pd.DataFrame:
    """CoinGlass hourly BTC liquidations on Binance + Bybit + OKX only, 2025-11-23 -> 2026-05-22.

    Columns: ``long_usd``, ``short_usd``, ``total_usd`` (USD notional liquidated in the hour that
    starts at the index). Not the all-coin, all-exchange totals quoted in news.
    """
    source, file = SOURCE_LIQ, "coinglass_BTC_liquidation_10y_1h.csv"
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_csv)
    check_columns(raw, ["timestamp", "longUsd", "shortUsd", "totalUsd"], name)
    df = pd.DataFrame(
        {"long_usd": raw["longUsd"].to_numpy(float), "short_usd": raw["shortUsd"].to_numpy(float), "total_usd": raw["totalUsd"].to_numpy(float)},
        index=_ms_index(raw["timestamp"]),
    )
    vals = df.to_numpy()
    if not np.isfinite(vals).all() or (vals < 0).any():
        raise CorruptDataError(f"{name}: missing or negative liquidation values")
    if not np.allclose(df["long_usd"] + df["short_usd"], df["total_usd"], rtol=1e-9, atol=1e-3):
        raise CorruptDataError(f"{name}: long + short != total")
    return _finish(df, name, "1h")


@functools.cache
def derivatives_1h() -> pd.DataFrame:
    """Hourly Binance BTCUSDT open interest and funding with CoinGlass liquidations, 2025-12-04 06:00 -> 2026-06-02.

    Columns: ``price_close`` (USD, Binance spot), ``long_usd``, ``short_usd`` (USD liquidated),
    ``oi_open``, ``oi_close`` (open interest, USD notional), ``funding_close`` (fraction per 8 h;
    the file's percent divided by 100). The source has 8 one-hour gaps, reported in ``attrs['gaps']``.
    """
    source, file = SOURCE_LIQ, "coinglass_BTC_regime_1h_1y.csv"
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_csv)
    check_columns(raw, ["timestamp", "price_close", "liquidation_long_usd", "liquidation_short_usd", "oi_open", "oi_close", "funding_close"], name)
    df = pd.DataFrame(
        {
            "price_close": raw["price_close"].to_numpy(float),
            "long_usd": raw["liquidation_long_usd"].to_numpy(float),
            "short_usd": raw["liquidation_short_usd"].to_numpy(float),
            "oi_open": raw["oi_open"].to_numpy(float),
            "oi_close": raw["oi_close"].to_numpy(float),
            "funding_close": raw["funding_close"].to_numpy(float) / 100.0,
        },
        index=_ms_index(raw["timestamp"]),
    )
    return _finish(df, name, "1h")


def _unix_bars(source: str, file: str, freq: str) -> pd.DataFrame:
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_csv)
    check_columns(raw, ["TIME", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"], name)
    idx = pd.DatetimeIndex(pd.to_datetime(raw["TIME"].astype("int64"), unit="s", utc=True))
    df = pd.DataFrame(
        {
            "open": raw["OPEN"].to_numpy(float),
            "high": raw["HIGH"].to_numpy(float),
            "low": raw["LOW"].to_numpy(float),
            "close": raw["CLOSE"].to_numpy(float),
            "volume_usd": raw["VOLUME"].to_numpy(float),
        },
        index=idx,
    )
    df = _finish(df, name, freq)
    check_ohlc(df, name)
    return df


@functools.cache
def index_1h() -> pd.DataFrame:
    """CryptoCompare (CCCAGG) BTC-USD aggregate spot index, hourly 2025-10-11 -> 2026-01-17: OHLC in USD, ``volume_usd``."""
    return _unix_bars(SOURCE_INDEX, "histohour.csv", "1h")


@functools.cache
def index_1d() -> pd.DataFrame:
    """CryptoCompare (CCCAGG) BTC-USD aggregate spot index, daily (UTC days) 2020-07-12 -> 2026-01-17."""
    return _unix_bars(SOURCE_INDEX, "histoday.csv", "1D")


def _utc_days(values: pd.Series, name: str) -> pd.DatetimeIndex:
    """Calendar dates (no time of day) read as UTC days, as the sources document."""
    try:
        idx = pd.DatetimeIndex(pd.to_datetime(values, format="%Y-%m-%d"))
    except (ValueError, TypeError) as exc:
        raise CorruptDataError(f"{name}: dates are not YYYY-MM-DD ({exc})") from exc
    return idx.tz_localize("UTC")


@functools.cache
def bitstamp_daily() -> pd.DataFrame:
    """Bitstamp BTC/USD first 1-minute close of each UTC day (a daily *open*), 2012-01-01 -> 2026-08-22.

    Columns: ``btc_usd`` (USD per BTC at ~00:00 UTC), ``btc_cny`` (CNY per BTC, converted by the
    source with a daily FX table). Sorted ascending (the file is descending).
    """
    source, file = SOURCE_BITSTAMP, "daily_bitcoin_prices.csv"
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_csv)
    check_columns(raw, ["Date", "BTC_USD", "BTC_CNY"], name)
    df = pd.DataFrame({"btc_usd": raw["BTC_USD"].to_numpy(float), "btc_cny": raw["BTC_CNY"].to_numpy(float)}, index=_utc_days(raw["Date"], name))
    df = df.sort_index()
    return _finish(df, name, "1D")


@functools.cache
def yahoo_daily(ticker: str = "btc") -> pd.DataFrame:
    """Yahoo Finance daily bars for ``btc`` (BTC-USD), ``eth`` (ETH-USD) or ``uup`` (dollar ETF).

    Columns: ``open, high, low, close`` (USD), ``volume`` (USD for crypto, shares for UUP).
    Crypto days are UTC days; UUP has exchange holidays and weekends missing (listed in gaps).
    """
    source, file = SOURCE_YAHOO, f"{ticker}.csv"
    name = f"{source}/{file}"
    raw = _read(fetch(source, file), name, pd.read_csv)
    check_columns(raw, ["Date", "Open", "High", "Low", "Close", "Volume"], name)
    df = pd.DataFrame(
        {
            "open": raw["Open"].to_numpy(float),
            "high": raw["High"].to_numpy(float),
            "low": raw["Low"].to_numpy(float),
            "close": raw["Close"].to_numpy(float),
            "volume": raw["Volume"].to_numpy(float),
        },
        index=_utc_days(raw["Date"], name),
    )
    return _finish(df, name, "1D")


#: FRED series stored as CSV in the mirror, and the file that holds each.
FRED_CSV = {
    **{s: (SOURCE_FRED, f"{s}.csv") for s in ("DFEDTARU", "DFEDTARL", "EFFR", "FEDFUNDS", "DGS10", "T10Y2Y", "VIXCLS", "CPIAUCSL", "UNRATE")},
    "DGS2": (SOURCE_FRED2, "DGS2.csv"),
    "DTWEXBGS": (SOURCE_FRED2, "DTWEXBGS.csv"),
}


@functools.cache
def _fred_json(source: str, file: str) -> dict:
    """The FRED JSON cache, parsed once per process (every extended series reads it); read only."""
    return _read(fetch(source, file), f"{source}/{file}", lambda p: json.loads(Path(p).read_text()))


@functools.cache
def fred(series: str, extended: bool = False) -> pd.Series:
    """A FRED series as a float Series on UTC dates (percent for rates and yields, index points otherwise).

    Blank observations (holidays) are dropped, not filled. ``extended=True`` reads the JSON cache
    fetched 2026-08-21 (series such as DFEDTARU to 2026-08-20) instead of the CSV.
    """
    if extended:
        source, file = SOURCE_FRED, "fred_cache.json"
        name = f"{source}/{file}"
        doc = _fred_json(source, file)
        if series not in doc.get("series", {}):
            raise KeyError(f"FRED series {series!r} is not in {name}; it has {sorted(doc['series'])}")
        pairs = doc["series"][series]
        s = pd.Series([float(v) for _, v in pairs], index=_utc_days(pd.Series([d for d, _ in pairs]), name), name=series)
    else:
        if series not in FRED_CSV:
            raise KeyError(f"FRED series {series!r} is not in the registry; available: {sorted(FRED_CSV)}")
        source, file = FRED_CSV[series]
        name = f"{source}/{file}"
        raw = _read(fetch(source, file), name, pd.read_csv)
        date_col, value_col = raw.columns[0], raw.columns[1]
        s = pd.Series(pd.to_numeric(raw[value_col], errors="coerce").to_numpy(float), index=_utc_days(raw[date_col], name), name=series)
    s = s[np.isfinite(s.to_numpy())].sort_index()
    s.index = pd.DatetimeIndex(s.index).as_unit("ns")
    s.index.name = "time"
    s.attrs["name"] = name
    return s
