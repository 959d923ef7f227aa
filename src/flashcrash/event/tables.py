"""The tables of the chapter "Which day was it?" as the page shows them: headers in words, times as text.

Each builder takes the chapter's measures (:class:`~flashcrash.event.chapter.WhichDayMeasures`) or
one of its tables and only selects, formats and renames: no number is computed here.
"""

from __future__ import annotations

import pandas as pd

from flashcrash.event.chapter import WhichDayMeasures
from flashcrash.event.criteria import CRITERIA, LABELS, SCORED, element_checked

#: Column headers of the table of the event day in every price source.
SOURCE_HEADERS = {
    "resolution_min": "bar (min)",
    "first_below_87k": "first bar below $87k (UTC)",
    "first_below_84k": "first bar below $84k (UTC)",
    "low": "low (USD)",
    "low_bar": "bar of the low (UTC)",
    "bars_below_84k": "bars below $84k",
}


def element_overview(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per element of the article: its test, whether it is scored, and over the scan
    ``scores`` the days with data for it and the days that fit it."""
    checked = element_checked(scores)
    return pd.DataFrame(
        {
            "element": [LABELS[e] for e in CRITERIA],
            "test": list(CRITERIA.values()),
            "scored": ["yes" if e in SCORED else "no (the claim under test)" for e in CRITERIA],
            "days with data": [int(checked[e].sum()) for e in CRITERIA],
            "days that fit": [int(scores[e].sum()) for e in CRITERIA],
        }
    ).set_index("element")


def element_summary_table(m: WhichDayMeasures) -> pd.DataFrame:
    """Per element (:func:`~flashcrash.event.elements.element_summary`): days that fit, days with data,
    the best day that fits and its measure, and whether the best day of the scan fits, with its measure."""
    summ, day = m.summary, m.day
    show = summ.assign(best_day=summ["best_day"].dt.strftime("%Y-%m-%d").fillna("none"), event_day_fits=summ["event_day_fits"].map({True: "✔", False: "✘"}))
    return show.set_index("label")[["days_fitting", "days_checked", "best_day", "best_score", "best_measure", "event_day_fits", "event_measure"]].rename(
        columns={
            "days_fitting": "days that fit",
            "days_checked": "days with data",
            "best_day": "best day that fits",
            "best_score": "its score",
            "best_measure": "its measure",
            "event_day_fits": f"{day:%d %b} fits",
            "event_measure": f"{day:%d %b} measure",
        }
    )


def sources_table(m: WhichDayMeasures) -> pd.DataFrame:
    """The best day in every price source (:attr:`WhichDayMeasures.sources`), times as ``YYYY-MM-DD HH:MM``."""
    show = m.sources.table.copy()
    for c in ("first_below_87k", "first_below_84k", "low_bar"):
        show[c] = show[c].dt.strftime("%Y-%m-%d %H:%M")
    return show.rename(columns=SOURCE_HEADERS)


def missed_table(m: WhichDayMeasures) -> pd.DataFrame:
    """The elements the best day misses: its measure, and the days that fit each (how many, the best
    of them and its measure)."""
    summ = m.summary
    miss = list(m.missed)
    return pd.DataFrame(
        {
            "element the best day misses": [LABELS[e] for e in miss],
            f"{m.one_event_day:%d %b %Y}": [summ.at[e, "event_measure"] for e in miss],
            "days that fit it": [summ.at[e, "days_fitting"] for e in miss],
            "best day that fits it": [f"{summ.at[e, 'best_day']:%Y-%m-%d}" if pd.notna(summ.at[e, "best_day"]) else "none" for e in miss],
            "its measure": [summ.at[e, "best_measure"] for e in miss],
        }
    ).set_index("element the best day misses")
