"""No function in the package is longer than 60 lines.

A function's length runs from its ``def`` line to its last line (docstring and comments included,
decorators not); methods and nested functions count on their own. Read from the source (the AST),
so the test runs in milliseconds and needs no data.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.conftest import ROOT
from tests.source_code import child_statements, parse

SRC = ROOT / "src"
PACKAGE = "flashcrash"
MAX_LINES = 60
#: Functions allowed over the limit, as ``module:qualified name`` (none; an entry whose function is
#: short enough, or gone, fails :func:`test_the_allowance_lists_only_functions_still_too_long`).
STILL_TOO_LONG: set[str] = set()


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def function_lengths(tree: ast.AST, prefix: str = "") -> dict[str, int]:
    """Qualified name (``Class.method``, ``outer.inner``) -> lines, for every function in ``tree``
    (a module or a statement; functions are statements: :func:`~tests.source_code.child_statements`)."""
    out: dict[str, int] = {}
    for node in child_statements(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{prefix}{node.name}"
            out[name] = node.end_lineno - node.lineno + 1
            out |= function_lengths(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            out |= function_lengths(node, f"{prefix}{node.name}.")
        else:
            out |= function_lengths(node, prefix)
    return out


def long_functions(src: Path = SRC, package: str = PACKAGE, limit: int = MAX_LINES) -> dict[str, int]:
    """``module:qualified name`` -> lines, for every function of ``package`` longer than ``limit`` lines."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        module = _module_name(path, src)
        for name, n in function_lengths(parse(path)).items():
            if n > limit:
                out[f"{module}:{name}"] = n
    return out


@functools.cache
def _package_long_functions() -> dict[str, int]:
    """:func:`long_functions` of the package, read once for the tests that use it."""
    return long_functions()


def test_no_function_is_longer_than_60_lines():
    over = {k: n for k, n in _package_long_functions().items() if k not in STILL_TOO_LONG}
    assert not over, f"functions over {MAX_LINES} lines (split them into smaller ones):\n" + "\n".join(f"  {k}: {n} lines" for k, n in sorted(over.items()))


def test_the_allowance_lists_only_functions_still_too_long():
    stale = sorted(STILL_TOO_LONG - set(_package_long_functions()))
    assert not stale, f"now {MAX_LINES} lines or shorter (or gone): remove from STILL_TOO_LONG: {stale}"


def test_the_count_by_hand(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("def top():\n" + "    x = 1\n" * 3)  # 4 lines
    body = "\n".join(f"    y{i} = {i}" for i in range(60))
    (pkg / "sub" / "mod.py").write_text(
        f"class K:\n    def method(self):\n{body.replace('    ', '        ')}\n\n"  # 61 lines
        f"@decorator\ndef exactly():\n{body[: body.rindex(chr(10))]}\n"  # 60 lines: the limit itself passes
        f"def outer():\n    def inner():\n{body.replace('    ', '        ')}\n    return inner\n"  # inner 61, outer 63
    )
    assert function_lengths(ast.parse((pkg / "__init__.py").read_text())) == {"top": 4}
    assert long_functions(tmp_path, "pkg") == {"pkg.sub.mod:K.method": 61, "pkg.sub.mod:outer": 63, "pkg.sub.mod:outer.inner": 61}
    assert long_functions(tmp_path, "pkg", limit=59)["pkg.sub.mod:exactly"] == 60
    assert "pkg:top" in long_functions(tmp_path, "pkg", limit=3) and "pkg:top" not in long_functions(tmp_path, "pkg", limit=4)


def test_functions_in_every_kind_of_block_are_found():
    src = (
        "try:\n    def in_try(): pass\nexcept ImportError:\n    def in_except(): pass\nelse:\n    def in_else(): pass\n"
        "finally:\n    def in_finally(): pass\n"
        "match x:\n    case 1:\n        def in_case(): pass\n"
        "for i in y:\n    def in_for(): pass\nelse:\n    def in_for_else(): pass\n"
        "with z:\n    if a:\n        class C:\n            def m(self):\n                def deep(): pass\n"
        "f = lambda: 0\n"
    )
    names = set(function_lengths(ast.parse(src)))
    assert names == {"in_try", "in_except", "in_else", "in_finally", "in_case", "in_for", "in_for_else", "C.m", "C.m.deep"}
