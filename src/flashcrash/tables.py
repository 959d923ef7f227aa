"""The one formatter of every table the site shows: headers in words with units, values as readers write them.

:func:`format_table` turns a DataFrame into an HTML table:

- headers from a label map (``total_musd`` -> "Total liquidated, $M"); a header not in the map is
  spelled out from its code name (``worst_hour_long_share`` -> "Worst hour long share");
- shares and fractions as percentages (0.806 -> "80.6%"), thousands separators, no scientific notation;
- times as ``2025-12-01 00:55 UTC`` (dates alone when every time is midnight);
- ``True``/``False`` as "yes"/"no", missing values as "no data";
- no row-number column: a meaningful index (dates, names) becomes the first column.

On a narrow screen a wide table is shown as one card per row (each cell carries its header in
``data-label``; the stylesheet of :mod:`flashcrash.sphinxext` does the layout), so no page scrolls sideways.

:func:`enable` makes every DataFrame (and pandas ``Styler``) a notebook displays go through the formatter.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

NO_DATA = "no data"

# kinds of column: how their values are written
PERCENT = "percent"  # a fraction (0.806) written as 80.6%
PCT_POINTS = "pct"  # already in percent (80.6) written as 80.6%
MONEY = "usd"  # US dollars, thousands separated
NUMBER = "number"
TEXT = "text"

#: code name -> (header in words with unit, kind of value or ``None`` for "by its dtype"); used for
#: tables and for the published data files' schemas
LABELS: dict[str, tuple[str, str | None]] = {
    "total_musd": ("Total liquidated, $M", None),
    "total_usd": ("Total liquidated, $", MONEY),
    "long_share": ("Long share", PERCENT),
    "short_share": ("Short share", PERCENT),
    "worst_hour": ("Worst hour", None),
    "worst_hour_musd": ("Worst hour, $M", None),
    "worst_hour_usd": ("Worst hour, $", MONEY),
    "worst_hour_long_share": ("Long share in the worst hour", PERCENT),
    "observed_musd": ("Observed, $M", None),
    "model_musd": ("Model, $M", None),
    "observed_long_share": ("Observed long share", PERCENT),
    "hourly_correlation": ("Hourly correlation, model vs observed", None),
    "total_error": ("Error of the daily total", PERCENT),
    "break_in_asia": ("$87k broken in the Asian session", None),
    "below_84k": ("Below $84k", None),
    "broke_87k": ("Broke $87k", None),
    "agrees_84k": ("Agrees on $84k", None),
    "agrees_87k": ("Agrees on $87k", None),
    "first_below_84k": ("First bar below $84k (UTC)", None),
    "first_below_87k": ("First bar below $87k (UTC)", None),
    "first_84k": ("First bar below $84k (UTC)", None),
    "first_87k": ("First bar below $87k (UTC)", None),
    "first_break_87k": ("First break of $87k (UTC)", None),
    "crossings_87k": ("Crossings of $87k", None),
    "session_87k": ("Session of the $87k break", None),
    "depth_below_84k": ("Depth below $84k, $", MONEY),
    "depth_below_87k": ("Depth below $87k, $", MONEY),
    "minutes_below": ("Minutes below", None),
    "minutes_below_84k": ("Minutes below $84k", None),
    "minutes_to_recover": ("Minutes to recover", None),
    "low_bar": ("Bar of the low (UTC)", None),
    "low_time": ("Time of the low (UTC)", None),
    "resolution_min": ("Bar, minutes", None),
    "liquidations_usd": ("BTC liquidations, $", MONEY),
    "score": ("Criteria met", None),
    "max_1h_drop": ("Largest 1-hour drop", PERCENT),
    "alts_down_share": ("Altcoins down", PERCENT),
    "prior_share_in_range": ("Prior 24 h in $87k-$90k", PERCENT),
    "symbol": ("Coin", None),
    "drawdown": ("Drawdown", PERCENT),
    "drawdown_pct": ("Drawdown", PCT_POINTS),
    "break_pct": ("Fall in the break hour", PCT_POINTS),
    "annualised_pct": ("Funding, annualised", PCT_POINTS),
    "perp_fall": ("Perpetual fall", PERCENT),
    "spot_fall": ("Spot fall", PERCENT),
    "prior_close": ("Prior close, $", MONEY),
    "basis_before_median_bp": ("Basis, 30-day median before, bp", None),
    "basis_before_p05_bp": ("Basis, 5th percentile before, bp", None),
    "basis_break_hour_bp": ("Basis in the break hour, bp", None),
    "basis_event_min_bp": ("Lowest basis on the day, bp", None),
    "basis_event_min_hour_utc": ("Hour of the lowest basis (UTC)", None),
    "corr_perp_spot_event": ("Correlation perp-spot on the day", None),
    "corr_base": ("Correlation before", None),
    "corr_event": ("Correlation on the day", None),
    "corr_change": ("Change in correlation", None),
    "beta_base": ("Beta before", None),
    "beta_event": ("Beta on the day", None),
    "change_bp": ("Change, bp", None),
    "minutes_after_btc_low": ("Minutes after BTC's low", None),
    "window_days": ("Window, days", None),
    "baseline_multiple": ("Multiple of the baseline", None),
    "brier": ("Brier score", None),
    "skill_brier": ("Brier skill", None),
    "end_of_data": ("End of data", None),
    "p_levels": ("p (random levels)", None),
    "p_paths": ("p (bootstrap paths)", None),
    "p_value": ("p-value", None),
    # activity at the break (claims c47, c50)
    "break_bar": ("Break bar (UTC)", None),
    "volume_ratio": ("Volume, times the median", None),  # of the 24 h before (break bar) or of ordinary days (sessions)
    "range_ratio": ("Range / median bar of the 24 h before", None),
    "volume_ratio_preceding": ("Volume / median bar of the hour before", None),
    "bursts_as_large_30d": ("15-minute bars of the 30 days before with as large a burst", None),
    "hour_before": ("Hour before the break (UTC)", None),
    "before_ratio": ("Hour before: volume / usual for the hour of day", None),
    "before_ratio_perp": ("Hour before, perpetual / usual", None),
    "before_ratio_spot": ("Hour before, spot / usual", None),
    "before_ratio_week": ("Hour before: volume / usual for the hour of the week", None),
    "break_hour_ratio": ("Break hour: volume / usual for the hour of day", None),
    "weekend": ("Weekend (UTC)", None),
    # the order of the hours (claims c48, c49, c51, c52)
    "first_batch": ("First batch of long liquidations (UTC)", None),
    "first_batch_musd": ("First batch, longs $M", None),
    "peak_hour": ("Peak hour of long liquidations (UTC)", None),
    "peak_musd": ("Peak hour, longs $M", None),
    "hours_to_peak": ("Hours, first batch to peak", None),
    "next_hour_musd": ("Hour after the peak, longs $M", None),
    "first_fall": ("First hour down 1% or more (UTC)", None),
    "first_fall_return": ("Move in that hour", PERCENT),
    "before_fall_musd": ("Hour before it, longs $M", None),
    "day_musd": ("Day's three-exchange BTC liquidations, $M", None),
    "day_rank": ("Rank among the file's days (1 = largest)", None),
    # Ethereum spot ETFs (claim c53)
    "etf_still_to_come": ("Ether ETFs still to come", None),
    "days_since_first_trading": ("Days since their first trading day", None),
    # the backdrop's and the outlook's added tables (flashcrash.backdrop, flashcrash.scenarios.aftermath)
    "session_return": ("Session return", PERCENT),
    "return_percentile": ("Ordinary days as low or lower", PERCENT),
    "session_volume": ("Session volume, BTC", None),
    "volume_percentile": ("Ordinary days with as much volume or less", PERCENT),
    "fall_share": ("Share of the day's fall", PERCENT),
    "null_days": ("Ordinary days compared", None),
    "phase_start": ("Bull phase from", None),
    "phase_end": ("Bull phase to", None),
    "phase_days": ("Days", None),
    "max_return_90d": ("Highest 90-day return", PERCENT),
    "peak_funding_percentile": ("Highest funding percentile", PERCENT),
    "peak_funding_annualised": ("Highest 90-day mean funding, a year", PERCENT),
    "about_day": ("About the day", None),
    "title": ("Headline", None),
    "reported_value": ("Reported figures", None),
    "price_range": ("Price range, high over low", PERCENT),
    "net_change": ("Net change of the open", PERCENT),
    "daily_vol": ("Daily volatility", PERCENT),
    "daily_vol_before": ("Daily volatility, 90 days before", PERCENT),
    "vol_ratio": ("Volatility, times the 90 days before", None),
    "horizon_end": ("Horizon ends", None),
    "abs_move_24h": ("BTC's absolute move in the next 24 h", PERCENT),
    "other_days_smaller": ("Other days with a smaller move", PERCENT),
}

_TOKENS = {
    "usd": "$",
    "musd": "$M",
    "busd": "$bn",
    "bp": "bp",
    "pct": "%",
    "utc": "UTC",
    "btc": "BTC",
    "eth": "ETH",
    "oi": "open interest",
    "ath": "all-time high",
    "corr": "correlation",
    "p05": "5th percentile",
    "p95": "95th percentile",
    "1h": "1 h",
    "24h": "24 h",
    "perp": "perpetual",
    "lo": "low",
    "hi": "high",
    "n": "number",
    "q": "quantile",
    "min": "minimum",
    "max": "maximum",
}
_HORIZON = re.compile(r"^(\d+)m$")  # 1m, 3m, 12m: months in the outlook's code names
_LEVEL = re.compile(r"^(\d+)k$")  # 84k -> $84k
_UNIT_TOKENS = {"usd": "$", "musd": "$M", "busd": "$bn", "bp": "bp", "pct": "%"}
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|^[a-z][a-z0-9]*$")


def is_code_name(name: str) -> bool:
    """``True`` for a snake_case (or single lower-case word) column name that still needs a label."""
    return bool(_SNAKE.match(str(name)))


def label(name: Any, labels: Mapping[str, str] | None = None) -> str:
    """The header of column ``name``: from ``labels``, then :data:`LABELS`, else spelled out.

    >>> label("total_musd")
    'Total liquidated, $M'
    >>> label("touch_84k_3m")
    'Touch $84k, 3 months'
    """
    key = str(name)
    if labels and key in labels:
        return labels[key]
    if key in LABELS:
        return LABELS[key][0]
    if not is_code_name(key):
        return key[:1].upper() + key[1:] if key[:1].islower() and not key.startswith(("p ", "p(")) else key
    words: list[str] = []
    unit = ""
    horizon = ""
    parts = key.split("_")
    for i, tok in enumerate(parts):
        if i == len(parts) - 1 and tok in _UNIT_TOKENS and words:
            unit = _UNIT_TOKENS[tok]
        elif _HORIZON.match(tok) and i == len(parts) - 1 and words:
            n = int(_HORIZON.match(tok).group(1))
            horizon = f"{n} month{'s' if n != 1 else ''}"
        elif _LEVEL.match(tok):
            words.append(f"${tok}")
        else:
            words.append(_TOKENS.get(tok, tok))
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    for extra in (horizon, unit):
        if extra:
            text += f", {extra}"
    return text


def kind_of(name: Any, values: pd.Series, percent: Iterable[str] = ()) -> str:
    """How a column's values are written: percent, money, number, text (and the dtype-driven kinds)."""
    key = str(name)
    if key in set(percent):
        return PERCENT
    if key in LABELS:
        return LABELS[key][1] or _dtype_kind(values)
    if not is_code_name(key):
        low = key.lower()
        if "(share)" in low or "(fraction)" in low:
            return PERCENT
        if "(%)" in low:
            return PCT_POINTS
        if "(usd)" in low or ", $" in low:
            return MONEY
        return _dtype_kind(values)
    parts = key.split("_")
    if parts[-1] == "pct":
        return PCT_POINTS
    if parts[-1] in ("share", "fraction", "frac") or "share" in parts:
        return PERCENT
    if parts[-1] == "usd":
        return MONEY
    return _dtype_kind(values)


def _dtype_kind(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "datetime"
    if pd.api.types.is_numeric_dtype(values):
        return NUMBER
    return TEXT


def _decimals(values: pd.Series) -> int:
    """Decimals that show a column's numbers sensibly: none for integers and large numbers, more for small."""
    x = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0 or np.all(np.abs(x - np.round(x)) < 1e-9):
        return 0
    nz = np.abs(x[x != 0])
    m = float(np.median(nz)) if len(nz) else 0.0
    if m >= 1000:
        return 0
    if m >= 10:
        return 1
    if m >= 1:
        return 2
    if m == 0:
        return 2
    return int(min(6, max(2, -math.floor(math.log10(m)) + 1)))


def _missing(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _percent_decimals(values: pd.Series, points: bool = False) -> int:
    """One decimal in percent, more when the shares are tiny (0.04% stays visible)."""
    x = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    x = np.abs(x[np.isfinite(x) & (x != 0)])
    if len(x) == 0:
        return 1
    m = float(np.median(x)) * (1 if points else 100)
    return 1 if m >= 1 else int(min(4, max(1, -math.floor(math.log10(m)) + 1)))


def format_value(v: Any, kind: str, decimals: int = 2, dates_only: bool = False) -> str:
    """One cell as text. ``kind`` from :func:`kind_of`; ``decimals`` after the point (in percent for
    percentages)."""
    if _missing(v):
        return NO_DATA
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(v)
        if dates_only:
            return f"{ts:%Y-%m-%d}"
        if ts.tzinfo is not None:
            return f"{ts.tz_convert('UTC'):%Y-%m-%d %H:%M} UTC"
        return f"{ts:%Y-%m-%d %H:%M}"
    if isinstance(v, pd.Timedelta):
        return f"{v / pd.Timedelta('1min'):,.0f} min"
    if isinstance(v, (float, np.floating, int, np.integer)):
        f = float(v)
        if math.isinf(f):
            return "∞" if f > 0 else "−∞"
        sign = "−" if f < 0 and round(abs(f), decimals + (2 if kind == PERCENT else 0)) > 0 else ""
        a = abs(f)
        if kind == PERCENT:
            return f"{sign}{a * 100:,.{decimals}f}%"
        if kind == PCT_POINTS:
            return f"{sign}{a:,.{decimals}f}%"
        if kind == MONEY:
            return f"{sign}${a:,.{min(decimals, 2)}f}"
        return f"{sign}{a:,.{decimals}f}"
    return str(v)


@dataclass(frozen=True)
class Table:
    """A formatted table: its HTML (:meth:`_repr_html_`) and the formatted cells as a DataFrame."""

    html: str
    cells: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _flatten_columns(df: pd.DataFrame) -> pd.DataFrame:
    if isinstance(df.columns, pd.MultiIndex):
        df = df.copy()
        df.columns = [" · ".join(str(p) for p in c if str(p)) for c in df.columns]
    return df


def _row_label(v: Any) -> Any:
    """A row heading in code name (``above_87k_3m``) spelled out like a column header."""
    return label(v) if isinstance(v, str) and is_code_name(v) and "_" in v else v


def _with_index(df: pd.DataFrame) -> pd.DataFrame:
    """Drop a row-number index; keep a meaningful one as leading column(s), its code names spelled out."""
    idx = df.index
    # row numbers: an unnamed integer index (also after filtering rows, 25, 26, ...)
    plain = not isinstance(idx, pd.MultiIndex) and idx.name is None and pd.api.types.is_integer_dtype(idx)
    if plain:
        return df.reset_index(drop=True)
    names = [n if n is not None else "" for n in (idx.names if isinstance(idx, pd.MultiIndex) else [idx.name])]
    out = df.copy()
    out.index = idx.set_names(names) if isinstance(idx, pd.MultiIndex) else idx.rename(names[0])
    if "" in names and "" in map(str, out.columns):
        raise ValueError("a table cannot have both an unnamed index and an unnamed column")
    out = out.reset_index()
    for n in names:
        if out[n].dtype == object or pd.api.types.is_string_dtype(out[n]):
            out[n] = out[n].map(_row_label)
    return out


def _checked_data(df: pd.DataFrame | pd.Series, html_columns: Iterable[str]) -> tuple[pd.DataFrame, set[str]]:
    """``df`` as a flat frame with its meaningful index as leading columns, and the names of its
    HTML columns; a clear error for anything but a DataFrame or Series, or an HTML column it lacks."""
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"format_table needs a DataFrame, got {type(df).__name__}")
    data = _with_index(_flatten_columns(df))
    raw_html = set(map(str, html_columns))
    unknown = raw_html - set(map(str, data.columns))
    if unknown:
        raise KeyError(f"html_columns not in the table: {sorted(unknown)}")
    return data, raw_html


def _headers(cols: list[Any], labels: Mapping[str, str] | None) -> list[str]:
    """Each column's header (:func:`label`); two columns with one header are refused."""
    headers = [label(c, labels) for c in cols]
    if len(set(headers)) != len(headers):
        dup = sorted({h for h in headers if headers.count(h) > 1})
        raise ValueError(f"two columns get the same header {dup}: pass labels to tell them apart")
    return headers


def _decimals_for(s: pd.Series, k: str) -> int:
    """Decimals of a column of kind ``k``: percentages by their size, money whole dollars from $10
    up (cents below), other numbers by :func:`_decimals`."""
    dec = _percent_decimals(s, k == PCT_POINTS) if k in (PERCENT, PCT_POINTS) else _decimals(s)
    if k == MONEY:  # whole dollars from $10 up, cents below
        dec = 0 if dec <= 1 else 2
    return dec


def _percent_header(h: str, headers: list[str], final: list[str]) -> str:
    """A percentage column's header without ``(fraction)``/``(share)``: the cells now say ``%``."""
    short = re.sub(r"\s*\((fraction|share)\)$", "", h)
    if short != h and (short in headers or short in final):
        raise ValueError(f"two columns get the same header {short!r}: pass labels to tell them apart")
    return short


def _dates_only(s: pd.Series) -> bool:
    """True for a datetime column whose every value is a midnight (shown as dates)."""
    if not pd.api.types.is_datetime64_any_dtype(s):
        return False
    t = s.dropna()
    return len(t) > 0 and bool((t == t.dt.normalize()).all())


def _format_column(c: Any, s: pd.Series, h: str, percent: Iterable[str], headers: list[str], final: list[str]) -> tuple[str, list[str], str]:
    """(header, cells as text, ``NUMBER`` or ``TEXT`` alignment) of one non-HTML column."""
    k = kind_of(c, s, percent)
    dec = _decimals_for(s, k)
    if k == PERCENT:  # written as a percentage now: "(fraction)" or "(share)" in the header would mislead
        h = _percent_header(h, headers, final)
    dates_only = _dates_only(s)
    numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    kind = NUMBER if numeric and k in (NUMBER, PERCENT, PCT_POINTS, MONEY) else TEXT
    return h, [format_value(v, k, dec, dates_only) for v in s], kind


def format_table(
    df: pd.DataFrame | pd.Series,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
    html_columns: Iterable[str] = (),
    caption: str | None = None,
    cards: bool | None = None,
    row_ids: Iterable[str] | None = None,
    css_class: str = "",
) -> Table:
    """Format ``df`` for reading (see the module's docstring).

    ``labels``: code name -> header, overriding :data:`LABELS`. ``percent``: more columns holding
    fractions to write as percentages. ``html_columns``: columns whose cells are already HTML (links,
    badges), written as they are. ``cards``: stack rows as cards on narrow screens (default: when the
    table has more than three columns). ``row_ids``: an HTML id per row (permanent anchors).
    """
    data, raw_html = _checked_data(df, html_columns)
    cols = list(data.columns)
    headers = _headers(cols, labels)
    cells: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    final: list[str] = []
    for c, h in zip(cols, headers, strict=True):
        s = data[c]
        if str(c) in raw_html:
            cells[h], kinds[h] = ["" if _missing(v) else str(v) for v in s], "html"
        else:
            h, text, kind = _format_column(c, s, h, percent, headers, final)
            cells[h], kinds[h] = text, kind
        final.append(h)
    out = pd.DataFrame(cells, columns=final)
    use_cards = len(headers) > 3 if cards is None else cards
    ids = list(row_ids) if row_ids is not None else None
    if ids is not None and len(ids) != len(out):
        raise ValueError(f"row_ids has {len(ids)} ids for {len(out)} rows")
    return Table(_html(out, kinds, caption, use_cards, ids, css_class), out)


def _html(out: pd.DataFrame, kinds: dict[str, str], caption: str | None, cards: bool, ids: list[str] | None, css_class: str) -> str:
    cls = " ".join(x for x in ("fc-table", "fc-cards" if cards else "", css_class) if x)
    esc = html.escape
    num = ' class="fc-num"'
    head = "".join(f'<th scope="col"{num if kinds[h] == NUMBER else ""}>{esc(h)}</th>' for h in out.columns)
    rows = []
    for i, row in enumerate(out.itertuples(index=False)):
        tds = []
        for h, v in zip(out.columns, row, strict=True):
            k = kinds[h]
            body = f'<div class="fc-v">{v}</div>' if k == "html" else esc(v)  # one block: one flex item in a card
            text = re.sub(r"<[^>]+>", "", v) if k == "html" else v
            # numbers and short values (dates, times, codes) stay on one line; long text wraps
            klass = ' class="fc-num"' if k == NUMBER else (' class="fc-text"' if len(text) > 40 else (' class="fc-short"' if len(text) <= 16 else ""))
            tds.append(f'<td data-label="{esc(h)}"{klass}>{body}</td>')
        rid = f' id="{esc(ids[i])}"' if ids else ""
        rows.append(f"<tr{rid}>{''.join(tds)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<div class="fc-table-wrap"><table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def styler_table(st: Any) -> Table:
    """A pandas ``Styler`` through the formatter: the cells as the Styler writes them (its number
    formats), the headers and row headings in words, missing values as "no data"."""
    st._compute()
    body = st._translate(False, False)["body"]  # private, but stable for the pinned pandas
    data = st.data
    hidden = set(st.hidden_columns)
    cols = [c for j, c in enumerate(data.columns) if j not in hidden]
    show_index = not all(st.hide_index_)
    rows = []
    for i, row in enumerate(body):
        if i in set(st.hidden_rows):
            continue
        heads = [c["display_value"] for c in row if c["type"] == "th" and c.get("is_visible", True)]
        cells = [c for c in row if c["type"] == "td" and c.get("is_visible", True)]
        values = [NO_DATA if _missing(data.iat[i, data.columns.get_loc(col)]) else str(c["display_value"]) for col, c in zip(cols, cells, strict=True)]
        rows.append(([_row_label(h) for h in heads] if show_index else []) + values)
    names = [n if n is not None else "" for n in data.index.names] if show_index else []
    frame = pd.DataFrame(rows, columns=[*names, *[str(c) for c in cols]])
    return format_table(frame)


def _display_html(obj: Any) -> str:
    if isinstance(obj, (pd.DataFrame, pd.Series)):
        return format_table(obj).html
    return styler_table(obj).html


def enable() -> None:
    """Show every DataFrame and Series a notebook displays through :func:`format_table`."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    ip = get_ipython()
    if ip is None:
        return
    from pandas.io.formats.style import Styler

    fmt = ip.display_formatter.formatters["text/html"]
    for kind in (pd.DataFrame, pd.Series, Styler):
        fmt.for_type(kind, _display_html)
