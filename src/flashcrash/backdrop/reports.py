"""The stored contemporaneous reports (:mod:`flashcrash.reported`) that bear on the backdrop's claims
(c56, c57, c63, c65, c66): those about days near the crash, the last and next reported value of a
figure, and a table of them. Days are UTC.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from flashcrash.data.validate import to_utc
from flashcrash.reported import Report, ReportedFigure


def reports_near(reports: Sequence[Report], claim_id: str, day: pd.Timestamp, days: int) -> list[Report]:
    """Reports bearing on ``claim_id`` (their ``claims`` list) about a day within ``days`` of ``day``;
    retrospective reports (written long after their day) are left out."""
    day = to_utc(day)
    lo, hi = day - pd.Timedelta(days=days), day + pd.Timedelta(days=days)
    return [r for r in reports if claim_id in r.claims and not r.retrospective and lo <= r.about_day <= hi]


def reports_for(reports: Sequence[Report], claim_id: str) -> list[Report]:
    """Every report that names ``claim_id``, whatever its day."""
    return [r for r in reports if claim_id in r.claims]


def figure_text(f: ReportedFigure) -> str:
    """A reported figure as text: ``whale accumulation: 45,000 BTC``, ``fear greed index: 28``."""
    v = f.value
    if isinstance(v, pd.Timestamp):
        text = f"{v:%Y-%m-%d}"
    elif f.unit == "fraction":
        text = f"{v:.0%}"
    elif f.unit in ("percent", "bp"):
        text = f"{v:g} {'%' if f.unit == 'percent' else 'bp'}"
    elif f.unit == "index":
        text = f"{v:g}"
    else:
        text = f"{v:,.0f} {f.unit}"
    return f"{f.name.replace('_', ' ')}: {text}"


def reports_table(reports: Sequence[Report], wanted: dict[str, Sequence[str]]) -> pd.DataFrame:
    """One row per report naming a claim of ``wanted`` (claim id -> names of the figures that bear on it):
    ``claim``, ``report``, ``outlet``, ``about_day``, ``title`` and ``reported_value`` (those figures as
    text, empty when the report bears on the claim in words only)."""
    rows = [
        {
            "claim": cid,
            "report": r.id,
            "outlet": r.outlet.split(";")[0],
            "about_day": r.about_day,
            "title": r.title,
            "reported_value": "; ".join(figure_text(f) for f in r.figures if f.name in names),
        }
        for cid, names in wanted.items()
        for r in reports_for(reports, cid)
    ]
    return pd.DataFrame(rows, columns=["claim", "report", "outlet", "about_day", "title", "reported_value"])


def latest_reading(reports: Sequence[Report], name: str, day: pd.Timestamp, window_days: int) -> tuple[Report, ReportedFigure] | None:
    """The figure ``name`` of the report about the latest day in ``[day - window_days, day]`` (on a tie,
    the later publication); ``None`` if no report gives it."""
    day = to_utc(day)
    lo = day - pd.Timedelta(days=window_days)
    found = [(r.about_day, r.published, r, f) for r in reports for f in r.figures if f.name == name and lo <= r.about_day <= day]
    if not found:
        return None
    _, _, r, f = max(found, key=lambda x: (x[0], x[1]))
    return r, f


def next_reading(reports: Sequence[Report], name: str, day: pd.Timestamp, window_days: int) -> tuple[Report, ReportedFigure] | None:
    """The figure ``name`` of the report about the earliest day in ``(day, day + window_days]``."""
    day = to_utc(day)
    hi = day + pd.Timedelta(days=window_days)
    found = [(r.about_day, r.published, r, f) for r in reports for f in r.figures if f.name == name and day < r.about_day <= hi]
    if not found:
        return None
    _, _, r, f = min(found, key=lambda x: (x[0], x[1]))
    return r, f
