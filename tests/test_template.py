"""The chapter template (``templates/chapter/``) works, and the chapters built on it keep its structure.

The template's modules are loaded under the names they will have once copied (``flashcrash.rules.chapter``
...) and exercised on hand-built data; the template's own rule tests are run from here (pytest does
not collect ``templates/``). The structure test reads the notebooks' cells: title, a hidden set-up
cell, sections of glued prose and one-line cells, and the verdicts section every chapter ends with.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT

TEMPLATE = ROOT / "templates" / "chapter"
#: Chapters laid out as the template (the template itself first).
ON_TEMPLATE = [TEMPLATE / "chapter.ipynb", *(ROOT / "book" / f"{n}.ipynb" for n in ("03_liquidations", "04_contagion_macro", "05_outlook", "07_clock"))]


def _load(name: str, path: Path, monkeypatch: pytest.MonkeyPatch):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def template(monkeypatch):
    """The template's rules, measures and figures modules, importable as the chapter ``chapter``."""
    rules = _load("flashcrash.rules.chapter", TEMPLATE / "rules.py", monkeypatch)
    measures = _load("flashcrash.chapter", TEMPLATE / "measures.py", monkeypatch)
    figures = _load("flashcrash_template_figures", TEMPLATE / "figures.py", monkeypatch)
    tests = _load("flashcrash_template_test_rules", TEMPLATE / "test_rules.py", monkeypatch)
    return rules, measures, figures, tests


def _bars(lows: list[float]) -> pd.DataFrame:
    idx = pd.date_range("2025-12-01", periods=len(lows), freq="5min", tz="UTC")
    return pd.DataFrame({"open": 85_000.0, "high": 86_000.0, "low": lows, "close": 85_000.0}, index=idx)


def test_the_template_rule_tests_pass(template):
    tests = template[3]
    names = [n for n, f in inspect.getmembers(tests, inspect.isfunction) if n.startswith("test_")]
    assert len(names) >= 5
    for n in names:
        getattr(tests, n)()


def test_the_template_measures_on_hand_built_bars(template):
    _, X, _, _ = template
    day = pd.Timestamp("2025-12-01", tz="UTC")
    m = X.measures(X.Inputs(_bars([84_500.0, 83_900.0, 83_700.0, 84_100.0]), day))
    assert (m.day, m.low_usd, m.low_time, m.minutes_below) == ("2025-12-01", 83_700.0, day + pd.Timedelta(minutes=10), 10.0)
    a = X.assess(m)["cNN-example"]
    assert a.verdict == "reproduced" and "$83,700" in a.evidence and "10 minutes" in a.evidence
    assert list(X.measures_table(m).index) == ["lowest 5-minute low", "bar of the low (UTC)", "minutes below the level"]
    with pytest.raises(ValueError):
        X.measures(X.Inputs(_bars([])[:0], day))


def test_the_template_chart(template):
    _, X, FX, _ = template
    bars = _bars([84_500.0, 83_900.0])
    spec = FX.below_level_chart(bars, 84_000.0, name="chapter-below-level").to_dict()
    assert spec["name"] == "chapter-below-level" and spec["title"] and spec["description"]
    layers = spec["layer"]
    assert layers[0]["encoding"]["x"]["title"] == "Time (UTC)" and layers[0]["encoding"]["y"]["title"] == "BTC price (USD)"
    assert all(layer["encoding"].get("tooltip") for layer in layers)
    assert spec["usermeta"]["flashcrash"]["sources"] == ["binance-usdm-5m-chacal"]


# --------------------------------------------------------------------------- the structure
def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def structure_problems(cells: list[dict]) -> list[str]:
    """What departs from the template's structure (empty when nothing does)."""
    out = []
    md = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    if not md or md[0] != 0 or not _src(cells[0]).startswith("# "):
        out.append("the first cell is the title (# ...) and the chapter's purpose")
    if len(cells) < 2 or cells[1]["cell_type"] != "code" or "fb.setup()" not in _src(cells[1]) or "remove-cell" not in _tags(cells[1]):
        out.append("the second cell is the hidden set-up (tag remove-cell) that calls fb.setup()")
    verdicts = [i for i in md if _src(cells[i]).startswith("## Verdicts")]
    if len(verdicts) != 1:
        return [*out, "one markdown cell starts with '## Verdicts'"]
    v = verdicts[0]
    body = [i for i in code if 1 < i < v]
    if any(not (_tags(cells[i]) & {"remove-input", "remove-cell"}) for i in body):
        out.append("every code cell of the body hides its input (remove-input) or itself (remove-cell)")
    if any("alt.Chart(" in _src(cells[i]) or ".encode(" in _src(cells[i]) for i in code):
        out.append("no chart is built in the notebook: a figures module does it")
    tail = cells[v + 1 :]
    if not tail or tail[0]["cell_type"] != "code" or "fb.show_verdicts(assessments)" not in _src(tail[0]):
        out.append("the verdicts heading is followed by fb.show_verdicts(assessments)")
    checks = tail[1:]
    if not checks or any(c["cell_type"] != "code" or not _src(c).startswith("# NBVAL_CHECK_OUTPUT") for c in checks):
        out.append("the chapter ends with # NBVAL_CHECK_OUTPUT cells")
    elif "figures_of(assessments)" not in _src(checks[-1]):
        out.append("the last checked cell prints figures_of(assessments)")
    if any("remove-input" not in _tags(c) for c in tail):
        out.append("the verdict cells hide their input (remove-input)")
    return out


@pytest.mark.parametrize("path", ON_TEMPLATE, ids=lambda p: p.name)
def test_chapters_on_the_template_keep_its_structure(path):
    assert structure_problems(_cells(path)) == []


def test_the_structure_check_can_fail():
    cells = _cells(TEMPLATE / "chapter.ipynb")
    assert structure_problems(cells[:1] + cells[2:])  # no set-up cell
    assert structure_problems([c for c in cells if not _src(c).startswith("## Verdicts")])
    moved = [*cells[:-1], cells[-1] | {"metadata": {}}]
    assert structure_problems(moved) == ["the verdict cells hide their input (remove-input)"]


PRIVATE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*\._[a-z]\w*|^\s*from\s+flashcrash\S*\s+import\s+.*\b_[a-z]", re.MULTILINE)


def test_no_notebook_calls_a_private_package_name():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in _cells(path):
            if cell["cell_type"] == "code":
                found = PRIVATE.search(_src(cell))
                assert found is None, f"{path.name}: {found.group(0)!r} is private; add a public function to the package"
    assert PRIVATE.search("book = cal._scaled(DAY, p)") and PRIVATE.search("from flashcrash.x import a, _b") and not PRIVATE.search("m.model.fit")
