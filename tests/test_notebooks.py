"""The chapters are thin: they call public package names only, and the chapters built on a measures
object do no arithmetic on data in their cells (the package computes every number they show).

Read from the notebooks' code cells (the AST), no kernel needed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from tests.conftest import ROOT

BOOK = ROOT / "book"
#: Chapters whose numbers all come from one measures object: no arithmetic operator in any cell.
THIN = ["01_which_day.ipynb", "02_support_levels.ipynb", "03_liquidations.ipynb", "04_contagion_macro.ipynb", "05_outlook.ipynb", "07_clock.ipynb"]
#: Private names still called from a notebook, per notebook (none).
STILL_PRIVATE: dict[str, set[str]] = {}


def code_of(path: Path) -> ast.Module:
    """The notebook's code cells as one module (IPython magics and shell lines left out)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    src = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return ast.parse("\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!"))))


def private_calls(tree: ast.AST) -> set[str]:
    """``name._private`` attributes used in ``tree`` (dunder names aside)."""
    return {ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr.startswith("_") and not n.attr.startswith("__")}


def arithmetic(tree: ast.AST) -> list[str]:
    """Every arithmetic expression (binary or augmented operator) in ``tree``, as source text."""
    return [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, (ast.BinOp, ast.AugAssign))]


def test_notebooks_call_public_package_names_only():
    found = {p.name: calls for p in sorted(BOOK.glob("*.ipynb")) if (calls := private_calls(code_of(p)))}
    assert found == STILL_PRIVATE, "notebooks calling private names (make the function public or move the work into the package)"


def test_thin_chapters_do_no_arithmetic():
    found = {name: ops for name in THIN if (ops := arithmetic(code_of(BOOK / name)))}
    assert found == {}, "arithmetic in a chapter's cells: compute the number in the package's measures"


def test_the_checks_can_fail():
    tree = ast.parse("x = m.event.low\ny = L._episodes(a) + 1\nz = f'{m.day:%H:%M}'\nw = obj.__class__\nq = 2 * x\nq -= 1\n")
    assert private_calls(tree) == {"L._episodes"}
    assert sorted(arithmetic(tree)) == ["2 * x", "L._episodes(a) + 1", "q -= 1"]
