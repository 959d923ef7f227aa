"""Contemporaneous reports (``data/reported.yaml``): load, validate, tabulate.

A report is evidence of another kind than market data: what a data provider (mostly CoinGlass,
all exchanges, all coins) showed at one moment over a window the report names. The loader checks
the file's schema and refuses anything it cannot read unambiguously: a missing field, a timestamp
without a time zone, a unit or window outside the vocabulary, a duplicate id. Every error names the
report and the field.

Publication times are UTC :class:`pandas.Timestamp`. When a report shows only a date
(``published_precision`` ``date`` or ``inferred``), ``published`` is that date at 00:00 UTC and the
precision says that the time of day is unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from flashcrash.paths import data_dir

#: Units a reported figure may carry (``UTC``: the value is a date or a time).
UNITS = frozenset({"USD", "BTC", "traders", "fraction", "percent", "bp", "index", "count", "UTC"})
#: How precisely the publication time is known.
PRECISIONS = ("minute", "as_of", "date", "inferred")
#: Precisions whose ``published`` must carry a time of day and a time zone.
TIMED = ("minute", "as_of")
#: How a report hedges a figure.
QUALIFIERS = ("exact", "about", "nearly", "over", "under", "at_least")
#: The period a figure covers.
WINDOWS = ("1h", "4h", "12h", "24h", "day", "session", "event", "year", "point", "none")

REQUIRED_REPORT = ("id", "outlet", "title", "url", "published", "published_precision", "about_day", "figures", "claims")
REQUIRED_FIGURE = ("name", "value", "unit", "qualifier", "window", "covers")
OPTIONAL_REPORT = ("published_note", "note", "retrospective")
OPTIONAL_FIGURE = ("window_end",)

REPORT_ID = re.compile(r"^r\d\d-[a-z0-9-]+$")
CLAIM_ID = re.compile(r"^c\d\d-[a-z0-9-]+$")
FIGURE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HAS_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


class ReportError(ValueError):
    """``data/reported.yaml`` breaks its schema; the message names the report and the field."""


@dataclass(frozen=True)
class ReportedFigure:
    """One number (or date) a report gives, with the window and coverage it states."""

    name: str
    value: float | pd.Timestamp
    unit: str
    qualifier: str
    window: str
    covers: str
    window_end: pd.Timestamp | None = None


@dataclass(frozen=True)
class Report:
    """One stored news page and the figures it reports."""

    id: str
    outlet: str
    title: str
    url: str
    published: pd.Timestamp
    published_precision: str
    about_day: pd.Timestamp
    figures: tuple[ReportedFigure, ...]
    claims: tuple[str, ...]
    published_note: str = ""
    note: str = ""
    retrospective: bool = False

    @property
    def time_known(self) -> bool:
        """True when ``published`` carries a time of day (precision ``minute`` or ``as_of``)."""
        return self.published_precision in TIMED

    def figure(self, name: str) -> ReportedFigure:
        """The figure called ``name``; ``KeyError`` naming the ones there are if absent."""
        for f in self.figures:
            if f.name == name:
                return f
        raise KeyError(f"report {self.id} has no figure {name!r}; it has {[f.name for f in self.figures]}")


def reported_path() -> Path:
    return data_dir() / "reported.yaml"


def _fail(where: str, msg: str) -> None:
    raise ReportError(f"{where}: {msg}")


def parse_utc(value: Any, where: str, *, date_only: bool = False) -> pd.Timestamp:
    """An ISO 8601 string as a UTC Timestamp.

    ``date_only``: the string must be ``YYYY-MM-DD`` (read as 00:00 UTC). Otherwise it must carry a
    time of day and a zone (``Z`` or ``+hh:mm``): a naive time is refused, never assumed to be UTC.
    YAML dates written without quotes arrive as ``date`` objects and are refused with a hint.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        _fail(where, f'{value!r} was read by YAML as a date: write it as a quoted string, e.g. "{value}"')
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"expected an ISO 8601 string, got {value!r}")
    text = value.strip()
    if date_only:
        if not DATE_ONLY.match(text):
            _fail(where, f"{text!r} is not a date YYYY-MM-DD")
    elif not HAS_ZONE.search(text) or "T" not in text:
        _fail(where, f"{text!r} has no time zone: write UTC times as YYYY-MM-DDTHH:MM:SSZ")
    try:
        ts = pd.Timestamp(text)
    except ValueError as exc:
        _fail(where, f"{text!r} is not a valid ISO 8601 time ({exc})")
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def _check_keys(raw: Any, required: tuple[str, ...], optional: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        _fail(where, f"expected a mapping, got {type(raw).__name__}")
    missing = [k for k in required if k not in raw or raw[k] is None or raw[k] == ""]
    if missing:
        _fail(where, f"missing required field(s) {missing}")
    unknown = sorted(set(raw) - set(required) - set(optional))
    if unknown:
        _fail(where, f"unknown field(s) {unknown}; allowed: {sorted(required + optional)}")
    return raw


def parse_figure(raw: Any, where: str) -> ReportedFigure:
    """One entry of a report's ``figures`` list, validated."""
    f = _check_keys(raw, REQUIRED_FIGURE, OPTIONAL_FIGURE, where)
    where = f"{where} ({f['name']})"
    if not isinstance(f["name"], str) or not FIGURE_NAME.match(f["name"]):
        _fail(where, "name must be snake_case")
    if f["unit"] not in UNITS:
        _fail(where, f"unit {f['unit']!r} is not one of {sorted(UNITS)}")
    if f["qualifier"] not in QUALIFIERS:
        _fail(where, f"qualifier {f['qualifier']!r} is not one of {list(QUALIFIERS)}")
    if f["window"] not in WINDOWS:
        _fail(where, f"window {f['window']!r} is not one of {list(WINDOWS)}")
    if f["unit"] == "UTC":
        value: float | pd.Timestamp = parse_utc(f["value"], f"{where} value", date_only=DATE_ONLY.match(str(f["value"])) is not None)
    else:
        if isinstance(f["value"], bool) or not isinstance(f["value"], (int, float)):
            _fail(where, f"value {f['value']!r} must be a number for unit {f['unit']}")
        value = float(f["value"])
        if f["unit"] == "fraction" and not 0.0 <= value <= 1.0:
            _fail(where, f"a fraction must lie in [0, 1], got {value} (write shares as fractions, not percent)")
        if f["unit"] in ("traders", "count") and value < 0:
            _fail(where, f"a number of {f['unit']} cannot be negative ({value})")
    end = parse_utc(f["window_end"], f"{where} window_end") if f.get("window_end") is not None else None
    return ReportedFigure(name=f["name"], value=value, unit=f["unit"], qualifier=f["qualifier"], window=f["window"], covers=str(f["covers"]), window_end=end)


def parse_report(raw: Any, where: str = "report") -> Report:
    """One entry of ``reports``, validated (``where`` names it in error messages)."""
    r = _check_keys(raw, REQUIRED_REPORT, OPTIONAL_REPORT, where)
    rid = r["id"]
    where = f"report {rid!r}"
    if not isinstance(rid, str) or not REPORT_ID.match(rid):
        _fail(where, "id must look like r07-some-slug")
    url = str(r["url"])
    if not url.startswith(("https://", "http://")):
        _fail(where, f"url {url!r} is not an http(s) address")
    prec = r["published_precision"]
    if prec not in PRECISIONS:
        _fail(where, f"published_precision {prec!r} is not one of {list(PRECISIONS)}")
    published = parse_utc(r["published"], f"{where} published", date_only=prec not in TIMED)
    if prec == "inferred" and not r.get("published_note"):
        _fail(where, "an inferred date needs a published_note saying how it was inferred")
    about = parse_utc(r["about_day"], f"{where} about_day", date_only=True)
    figs = r["figures"]
    if not isinstance(figs, list) or not figs:
        _fail(where, "figures must be a non-empty list")
    figures = tuple(parse_figure(f, f"{where} figure {i}") for i, f in enumerate(figs))
    names = [f.name for f in figures]
    if len(set(names)) != len(names):
        _fail(where, f"duplicate figure names {sorted({n for n in names if names.count(n) > 1})}")
    retro = r.get("retrospective", False)
    if not isinstance(retro, bool):
        _fail(where, f"retrospective must be true or false, got {retro!r}")
    claims = r["claims"]
    if not isinstance(claims, list) or not claims:
        _fail(where, "claims must be a non-empty list of claim ids")
    bad = [c for c in claims if not isinstance(c, str) or not CLAIM_ID.match(c)]
    if bad:
        _fail(where, f"claim ids {bad} do not look like c12-some-slug")
    return Report(
        id=rid,
        outlet=str(r["outlet"]),
        title=str(r["title"]),
        url=url,
        published=published,
        published_precision=prec,
        about_day=about,
        figures=figures,
        claims=tuple(claims),
        published_note=str(r.get("published_note") or ""),
        note=str(r.get("note") or ""),
        retrospective=retro,
    )


def load_reports(path: Path | None = None, claim_ids: set[str] | None = None) -> list[Report]:
    """Every report of ``data/reported.yaml`` (or ``path``), in file order, validated.

    ``claim_ids``: when given, every claim a report names must be among them. The file is parsed once
    per process while it stays unchanged (same size and modification time); each call returns a new list.
    """
    p = Path(path or reported_path())
    st = p.stat()
    return list(_parsed_reports(p, st.st_mtime_ns, st.st_size, None if claim_ids is None else frozenset(claim_ids)))


@functools.lru_cache(maxsize=16)
def _parsed_reports(p: Path, mtime_ns: int, size: int, claim_ids: frozenset[str] | None) -> tuple[Report, ...]:
    """The reports of ``p`` (see :func:`load_reports`); ``mtime_ns`` and ``size`` key the parse to the file's state."""
    try:
        doc = yaml.load(Path(p).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's safe loader: 15x faster
    except yaml.YAMLError as exc:
        raise ReportError(f"{p}: not valid YAML ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("reports"), list):
        raise ReportError(f"{p}: expected a top-level 'reports:' list")
    out: list[Report] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(doc["reports"]):
        rep = parse_report(raw, f"{p} entry {i}")
        num = rep.id[:3]
        if rep.id in seen or num in seen.values():
            raise ReportError(f"{p}: report id {rep.id!r} (or its number {num}) is used twice")
        seen[rep.id] = num
        if claim_ids is not None:
            unknown = [c for c in rep.claims if c not in claim_ids]
            if unknown:
                raise ReportError(f"{p}: report {rep.id!r} names unknown claim(s) {unknown}")
        out.append(rep)
    return tuple(out)


def figures_table(reports: list[Report], claim: str | None = None) -> pd.DataFrame:
    """One row per reported figure (optionally only of reports bearing on ``claim``).

    Columns: ``report``, ``outlet``, ``url``, ``published`` (UTC), ``published_precision``,
    ``about_day``, ``name``, ``value``, ``unit``, ``qualifier``, ``window``, ``window_end``, ``covers``.
    """
    rows = [
        {
            "report": r.id,
            "outlet": r.outlet,
            "url": r.url,
            "published": r.published,
            "published_precision": r.published_precision,
            "about_day": r.about_day,
            "name": f.name,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "window": f.window,
            "window_end": f.window_end,
            "covers": f.covers,
        }
        for r in reports
        if claim is None or claim in r.claims
        for f in r.figures
    ]
    cols = ["report", "outlet", "url", "published", "published_precision", "about_day", "name", "value", "unit", "qualifier", "window", "window_end", "covers"]
    return pd.DataFrame(rows, columns=cols)


def long_share(report: Report, window: str | None = None) -> float | None:
    """Long share of liquidations (fraction) a report gives or implies.

    For ``window`` (or, when ``None``, the first of 24h, day, event, 4h, 1h that has one): a
    ``long_share`` figure if there is one, else long / (long + short), else long / total, from the
    figures ``liquidations_<window>_long|short|total`` (``liquidations_long|short|total`` for the
    ``event`` window); ``None`` when the report gives neither.
    """
    for w in (window,) if window is not None else ("24h", "day", "event", "4h", "1h"):
        share = _long_share_in(report, w)
        if share is not None:
            return share
    return None


def _long_share_in(report: Report, window: str) -> float | None:
    figs = {f.name: f for f in report.figures if f.window == window and f.unit in ("USD", "fraction")}
    for f in figs.values():
        if f.name.startswith("long_share"):
            return float(f.value)
    prefix = "liquidations_" if window == "event" else f"liquidations_{window}_"  # event figures carry no window in the name
    long_ = figs.get(f"{prefix}long")
    short = figs.get(f"{prefix}short")
    total = figs.get(f"{prefix}total")
    if long_ is not None and short is not None and float(long_.value) + float(short.value) > 0:
        return float(long_.value) / (float(long_.value) + float(short.value))
    if long_ is not None and total is not None and float(total.value) > 0:
        return float(long_.value) / float(total.value)
    return None
