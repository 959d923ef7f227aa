"""Which element of the article fits which day: the measure behind each element in words, element-by-day
tables, a summary per element, and the measures of c42 (one event or several?)."""

from __future__ import annotations

import pandas as pd

from flashcrash.article import LEVEL_LOW
from flashcrash.event.criteria import CRITERIA, FITS, LABELS, MISSES, NO_DATA, element_checked
from flashcrash.event.words import utc_clock
from flashcrash.rules import which_day as R


def _liquidation_texts(row: pd.Series) -> dict[str, str]:
    """The liquidation elements' measures on one day, in words with numbers (USD in millions)."""
    worst = row["liq_worst_hour_at"]
    return {
        "liq_24h": f"${row['liq_24h_low'] / 1e6:,.0f}M-${row['liq_24h_high'] / 1e6:,.0f}M (3 exchanges, BTC: ${row['liquidations_usd'] / 1e6:,.0f}M)",
        "liq_worst_hour": f"${row['liq_worst_low'] / 1e6:,.0f}M-${row['liq_worst_high'] / 1e6:,.0f}M at {utc_clock(worst)}" if pd.notna(worst) else "",
        "liq_longs": f"longs {row['liq_long_share']:.0%}",
    }


def element_texts(row: pd.Series) -> dict[str, str]:
    """The measure behind each element on one day (a row of :func:`~flashcrash.event.days.score_days`), in words with numbers."""
    day = row.name
    brk = row["first_break_87k"]
    res = row["resolution"]
    txt = {
        "december": f"{day:%B %Y}",
        "mid_december": f"{day:%d %B}",
        "calm_before": f"{row['prior_share_in_range']:.0%} of the 24 h before inside",
        "broke_87k": f"{row['breaks_87k']} break(s), first {utc_clock(brk)}" if pd.notna(brk) else "no break from above",
        "break_in_asia": f"first break {utc_clock(brk)} ({row['break_session']})" if pd.notna(brk) else "no break from above",
        "below_84k": f"low ${row['low']:,.0f}" + ("" if row["breaks_84k"] else " (no fall from above)"),
        "brief_below_84k": f"{row['minutes_below_84k']:.0f} min below ({res} bars)" if row["low"] < LEVEL_LOW else f"never below (low ${row['low']:,.0f})",
        "sharp_drop": f"largest 1 h fall {row['max_1h_drop']:.1%}",
        "eth_fell": f"ETH {row['eth_return']:+.1%}",
        "alts_fell": f"{row['alts_down_share']:.0%} of {row['n_alts']:.0f} down",
    }
    return txt | _liquidation_texts(row)


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
            rows.append(
                {
                    "day": day,
                    "element": el,
                    "label": LABELS[el],
                    "description": description,
                    "status": status,
                    "measure": texts[el] if status != NO_DATA else "no data",
                    "score": int(row["score"]),
                    "resolution": row["resolution"],
                }
            )
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
    score = scores["score"]
    rows = []
    for el in CRITERIA:  # thirteen elements
        fit = score[scores[el].to_numpy(bool)]
        best = fit.idxmax() if len(fit) else pd.NaT  # the first of the highest: the earliest on a tie
        rows.append(
            {
                "element": el,
                "label": LABELS[el],
                "days_fitting": len(fit),
                "days_checked": int(checked[el].sum()),
                "best_day": best,
                "best_score": int(fit[best]) if len(fit) else 0,
                "best_measure": element_texts(scores.loc[best])[el] if len(fit) else "",
                "event_day_fits": bool(scores.at[ev, el]),
                "event_measure": ev_txt[el],
            }
        )
    return pd.DataFrame(rows).set_index("element")


def best_candidates(scores: pd.DataFrame, k: int = 5, summary: pd.DataFrame | None = None) -> list[pd.Timestamp]:
    """The ``k`` highest-scoring days and the best day of every element (``summary``, by default
    :func:`element_summary` of ``scores``), by date."""
    top = scores.sort_values("score", ascending=False, kind="stable").index[:k]
    per = (element_summary(scores) if summary is None else summary)["best_day"].dropna()
    return sorted(set(top) | set(per))


def missed_elements(scores: pd.DataFrame, day: pd.Timestamp) -> list[str]:
    """The elements of :data:`~flashcrash.event.criteria.CRITERIA` that ``day`` does not fit, in their order."""
    return [e for e in CRITERIA if not scores.at[day, e]]


def one_event_measures(scores: pd.DataFrame, summary: pd.DataFrame | None = None) -> R.OneEventMeasures:
    """Measures of c42: does one day fit every element of :data:`~flashcrash.event.criteria.CRITERIA`, or
    do different days fit different ones? ``summary``: :func:`element_summary` of ``scores`` (computed
    when not given)."""
    fits = scores[list(CRITERIA)]
    n_fit = fits.sum(axis=1)
    best = n_fit.idxmax()
    core = fits[list(R.CORE_ELEMENTS)].all(axis=1)
    summ = element_summary(scores) if summary is None else summary
    missed = tuple(
        R.Elsewhere(CRITERIA[el], int(summ.at[el, "days_fitting"]), None if pd.isna(summ.at[el, "best_day"]) else f"{summ.at[el, 'best_day']:%Y-%m-%d}")
        for el in CRITERIA
        if not fits.at[best, el]
    )
    return R.OneEventMeasures(
        n_elements=len(CRITERIA),
        days_scanned=len(scores),
        days_fitting_all=int((n_fit == len(CRITERIA)).sum()),
        best_day=f"{best:%Y-%m-%d}",
        best_day_fits=int(n_fit[best]),
        days_fitting_core=int(core.sum()),
        core_day=f"{core.idxmax():%Y-%m-%d}" if core.any() else None,
        missed=missed,
    )


def best_fitting_day(scores: pd.DataFrame, element: str) -> pd.Timestamp:
    """The highest-scoring day that fits ``element`` (the earliest on a tie); NaT if none does."""
    fit = scores.loc[scores[element]]
    return fit.sort_values("score", ascending=False, kind="stable").index[0] if len(fit) else pd.NaT
