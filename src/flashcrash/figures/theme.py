"""The look of every chart of the report, in one place: palette, verdict and session colours, fonts,
number formats and the words that replace code names on axes and legends.

:func:`register` registers the theme with altair and enables it; the publishing layer
(:func:`flashcrash.charts.enable`) calls it once per notebook. Figure modules take their colours and
formats from here and never write a hex colour of their own.
"""

from __future__ import annotations

import altair as alt

from flashcrash.claims import PENDING
from flashcrash.rules.base import CONTRADICTED, NOT_CHECKABLE, PARTLY, REPRODUCED
from flashcrash.sessions import SESSIONS
from flashcrash.tables import label as _table_label

NAME = "flashcrash"

# ------------------------------------------------------------------------------------------------
# palette (named by role where a role exists)
# ------------------------------------------------------------------------------------------------
INK = "#1f2328"  # text
MUTED = "#57606a"  # secondary text, "not checkable"
FAINT = "#8c959f"  # background marks, "pending"
GRID = "#d0d7de"  # cell borders
PALE = "#eaeef2"  # an empty cell
WHITE = "#ffffff"
BLUE = "#0969da"
RED = "#cf222e"
GREEN = "#1a7f37"
AMBER = "#9a6700"
GOLD = "#bf8700"
GREY = "#9aa5b1"  # histogram and volume bars

PRICE = BLUE  # a price path and its low-high band
LEVEL = RED  # the article's levels ($87k, $84k) and the marks at their crossings
EVENT = INK  # the crash day marked on a time axis
MODEL = RED  # a model's output beside the observation
OBSERVED = MUTED

#: Categories without a meaning of their own (coins, models, windows): ten distinguishable colours.
CATEGORY = ["#0969da", "#bf8700", "#8250df", "#1b7c83", "#cf222e", "#1a7f37", "#bc4c00", "#57606a", "#bf3989", "#4d2d00"]

#: Verdict -> colour (the badges of :mod:`flashcrash.notebook` and the landing page's chart).
VERDICT_COLOURS = {REPRODUCED: GREEN, PARTLY: AMBER, CONTRADICTED: RED, NOT_CHECKABLE: MUTED, PENDING: FAINT}

#: Trading session -> colour (shading of the sessions on price charts).
SESSION_COLOURS = dict(zip(SESSIONS, ("#e3a008", "#2f80ed", "#27ae60"), strict=True))

#: Liquidated side -> colour.
SIDE_COLOURS = {"long": RED, "short": GREEN}

#: Outcome of a touch of a level -> colour.
OUTCOME_COLOURS = {"bounce": "#27ae60", "rejection": "#e3a008", "break": RED, "open": FAINT}

# ------------------------------------------------------------------------------------------------
# fonts and sizes (px)
# ------------------------------------------------------------------------------------------------
FONT = "sans-serif"
TITLE_SIZE = 14
SUBTITLE_SIZE = 12
AXIS_TITLE_SIZE = 12
LABEL_SIZE = 11
#: Width (px) kept for every y axis's ticks and labels, so stacked panels line up.
Y_AXIS_EXTENT = 48

# ------------------------------------------------------------------------------------------------
# number and time formats (d3 / vega)
# ------------------------------------------------------------------------------------------------
USD = ",.0f"  # 86,331
USD_CENTS = ",.1f"  # 86,331.5
MUSD = ",.1f"  # million USD
PERCENT = ".1%"  # a fraction written as a percentage
PERCENT_AXIS = ".0%"
SIGNED_PERCENT = "+.1%"
PCT_POINTS = ".1f"  # a number already in percent
RATE = ".2f"  # a rate or share written as a decimal
CORRELATION = ".2f"
BP = ".1f"  # basis points
TIME = "%Y-%m-%d %H:%M"  # tooltips: UTC time to the minute
DATE = "%Y-%m-%d"
AXIS_TIME = "%d %b %H:%M"

# ------------------------------------------------------------------------------------------------
# words for code names
# ------------------------------------------------------------------------------------------------
#: Code name -> words (with the unit where there is one) on axes, legends and tooltips.
LABELS: dict[str, str] = {
    "EFFR": "Effective fed funds rate, %",
    "DGS2": "2-year Treasury yield, %",
    "DGS10": "10-year Treasury yield, %",
    "VIXCLS": "VIX, index points",
    "DTWEXBGS": "Broad dollar index, Jan 2006 = 100",
    "fhs": "FHS",
    "fhs_regime": "FHS, Fed regime",
    "random_walk": "Random walk",
    "brier": "Brier score",
}


def label(code: str) -> str:
    """Words for a code name: :data:`LABELS`, else the table labels of :func:`flashcrash.tables.label`
    (``total_musd`` -> "Total liquidated, $M"), else the code name spelled out."""
    return LABELS.get(code) or _table_label(code)


# ------------------------------------------------------------------------------------------------
# the altair theme
# ------------------------------------------------------------------------------------------------
def config() -> alt.theme.ThemeConfig:
    """The book's look: readable type at phone width, titles left-aligned, y axes of one width so
    stacked panels line up, the palette's categories."""
    return {
        "config": {
            "font": FONT,
            "title": {"anchor": "start", "fontSize": TITLE_SIZE, "subtitleFontSize": SUBTITLE_SIZE, "subtitleColor": MUTED, "color": INK},
            "axis": {
                "labelFontSize": LABEL_SIZE,
                "titleFontSize": AXIS_TITLE_SIZE,
                "titleFontWeight": "normal",
                "labelLimit": 220,
                "labelColor": INK,
                "titleColor": INK,
            },
            "axisY": {"minExtent": Y_AXIS_EXTENT},
            # drop tick labels that would touch their neighbours (never on category axes)
            "axisQuantitative": {"labelOverlap": True, "labelSeparation": 6},
            "axisTemporal": {"labelOverlap": True, "labelSeparation": 6},
            "legend": {"labelFontSize": LABEL_SIZE, "titleFontSize": AXIS_TITLE_SIZE, "labelLimit": 220},
            "header": {"labelFontSize": AXIS_TITLE_SIZE, "titleFontSize": AXIS_TITLE_SIZE},
            "range": {"category": CATEGORY},
            "view": {"continuousWidth": 560, "continuousHeight": 300},
        }
    }


def register() -> None:
    """Register the theme with altair and enable it (calling it again changes nothing)."""
    alt.theme.register(NAME, enable=True)(config)
