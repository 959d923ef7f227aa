"""One source of truth: the article's numbers and the event day live in ``flashcrash.article``, the
sessions and their time zones in ``flashcrash.sessions``; no other module types them.

Decision on the rules: a rule's named threshold (``flashcrash.rules.*``) is built FROM the article's
constant (``Threshold("break_level", A.LEVEL_BREAK, ...)``), not typed again, so the rule modules get
no exception. The tests (hand-built bars around $87k) may type the levels: they are not scanned.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

from flashcrash import article as A
from flashcrash import sessions
from tests.conftest import ROOT
from tests.source_code import constants, file_constants

SRC = ROOT / "src" / "flashcrash"
BOOK = ROOT / "book"
#: The article's numbers no module but flashcrash/article.py may type (USD, traders, CNY).
ARTICLE_NUMBERS = {
    A.LEVEL_BREAK,
    A.LEVEL_LOW,
    A.RANGE_HIGH,
    A.LIQUIDATED_24H_USD,
    A.WORST_HOUR_USD,
    A.HEADLINE_HOUR_USD,
    A.TRADERS,
    A.LIQUIDATED_24H_CNY,
}
#: Time zones no module but flashcrash/sessions.py may name.
TIME_ZONES = {tz for tz, _, _ in sessions.SESSIONS.values()} | {sessions.ASIA_TZ}
EVENT_DATE = f"{A.EVENT_DAY:%Y-%m-%d}"
#: The same number meaning something else, with the reason: module -> allowed values.
NOT_THE_ARTICLES = {
    "liquidation/bench.py": {90_000.0},  # the centre of a random position book for the engine benchmark, a round price
}


def _typed(nodes: list[ast.Constant] | tuple[ast.Constant, ...], numbers: bool, zones: bool, dates: bool) -> list[tuple[int, object]]:
    found = []
    for n in nodes:
        v = n.value
        is_number = isinstance(v, (int, float)) and not isinstance(v, bool)
        if (numbers and is_number and v in ARTICLE_NUMBERS) or (isinstance(v, str) and ((zones and v in TIME_ZONES) or (dates and v.startswith(EVENT_DATE)))):
            found.append((n.lineno, v))
    return found


def typed_constants(source: str, numbers: bool = True, zones: bool = True, dates: bool = True) -> list[tuple[int, object]]:
    """``(line, value)`` of every constant in ``source`` that types an article number, a session time
    zone or the event date (a string starting with it); docstrings aside."""
    return _typed(constants(ast.parse(source)), numbers, zones, dates)


def _notebook_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return "\n".join(line for block in code for line in block.splitlines() if not line.lstrip().startswith(("%", "!")))


def test_no_module_types_the_article_numbers_the_zones_or_the_event_day():
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC))
        hits = _typed(file_constants(path), numbers=rel != "article.py", dates=rel != "article.py", zones=rel != "sessions.py")
        hits = [(line, v) for line, v in hits if v not in NOT_THE_ARTICLES.get(rel, set())]
        if hits:
            found[rel] = hits
    assert not found, f"typed outside flashcrash/article.py (numbers, event day) or flashcrash/sessions.py (time zones): {found}"


def test_no_notebook_types_the_article_numbers():
    """Notebooks read the levels from the package too (prose strings such as "$87,000" are words, not numbers)."""
    found = {p.name: hits for p in sorted(BOOK.glob("*.ipynb")) if (hits := typed_constants(_notebook_code(p), zones=False, dates=False))}
    assert not found, f"article numbers typed in notebooks: {found}"


def test_the_finder_finds_each_kind_and_skips_docstrings():
    src = '"""Doc: 87000 USD and Asia/Tokyo on 2025-12-01."""\nx = 87_000.0\ny = 84000\nz = "Asia/Tokyo"\nd = pd.Timestamp("2025-12-01", tz="UTC")\nok = "$87,000"\nf = 87_001.0\n'
    assert typed_constants(src) == [(2, 87_000.0), (3, 84000), (4, "Asia/Tokyo"), (5, "2025-12-01")]


def test_the_article_constants_hang_together():
    assert A.LEVEL_LOW < A.LEVEL_BREAK == A.RANGE_LOW < A.RANGE_HIGH
    assert A.EVENT_DAY == A.EVENT_DAY.normalize() and str(A.EVENT_DAY.tz) == "UTC"
    assert A.EVENT_DAY.month == A.MONTH
    assert A.mid_december(2025) == (pd.Timestamp("2025-12-10", tz="UTC"), pd.Timestamp("2025-12-20", tz="UTC"))
    assert A.event_label() == "2025-12-01 (this event)" and A.event_label(pd.Timestamp("2023-03-10", tz="UTC")) == "2023-03-10 (this event)"
    assert A.LIQUIDATED_24H_CNY / A.LIQUIDATED_24H_USD == pytest.approx(7.073, abs=1e-3)  # the CNY per USD the article implies


def test_rules_and_models_read_the_same_constants():
    from flashcrash import clock, event, levels
    from flashcrash.rules import which_day as R
    from flashcrash.scenarios import forecast

    assert (R.BREAK_LEVEL.value, R.LOW_LEVEL.value, R.RANGE_LOW.value, R.RANGE_HIGH.value) == (A.LEVEL_BREAK, A.LEVEL_LOW, A.RANGE_LOW, A.RANGE_HIGH)
    assert (R.MID_DECEMBER_FIRST.value, R.MID_DECEMBER_LAST.value) == A.MID_DECEMBER_DAYS == clock.MID_DECEMBER
    assert (R.ASIA_OPEN.value, R.ASIA_CLOSE.value) == sessions.local_minutes("Asia") == (9 * 60, 17 * 60)
    assert event.MID_DECEMBER == A.mid_december(2025)
    # the chapters' packages read the article's numbers and hand none of them on: users import them from flashcrash.article
    assert [f"{m.__name__}.{n}" for m in (event, levels) for n in ("LEVEL_BREAK", "LEVEL_LOW", "RANGE_LOW", "RANGE_HIGH", "EVENT_DAY") if hasattr(m, n)] == []
    assert forecast.default_event_day() is A.EVENT_DAY
    assert (forecast.LOW, forecast.HIGH) == (A.LEVEL_LOW, A.LEVEL_BREAK)


def test_the_claims_quantities_are_the_articles_numbers():
    """``data/claims.yaml`` gives each claim's figure again, for the published ledger: it must be one of these."""
    from flashcrash.claims import load_claims

    known = ARTICLE_NUMBERS | {A.LONG_SHARE}
    quantities = {c.id: c.quantity for c in load_claims() if c.quantity is not None}
    assert len(quantities) >= 10
    assert {cid: q for cid, q in quantities.items() if q not in known} == {}


def test_local_minutes_of_each_session():
    assert sessions.local_minutes("Europe") == (8 * 60, 16 * 60 + 30)
    assert sessions.local_minutes("US") == (9 * 60 + 30, 16 * 60)
    with pytest.raises(KeyError):
        sessions.local_minutes("Mars")


@pytest.mark.data
def test_the_scan_identifies_the_event_day():
    """The constant every chapter reads is the day the first chapter's scan of the data picks."""
    from flashcrash import event

    assert event.event_day() == A.EVENT_DAY
