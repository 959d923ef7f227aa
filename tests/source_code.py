"""The package's source, parsed once per test process: the tests that read the code itself (function
lengths, import graph, typed article numbers, verdict words) share one parse of each file. They run
in one worker (``SAME_WORKER`` in the root ``conftest.py``)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

#: Nodes whose first statement, a bare string, is their docstring.
_DOCUMENTED = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: The fields that hold blocks of statements, or (``handlers``, ``cases``) clauses holding blocks.
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


@functools.cache
def parse(path: Path) -> ast.Module:
    """The syntax tree of the file at ``path``, read once per process (shared: do not change it)."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def constants(tree: ast.AST) -> list[ast.Constant]:
    """Every constant in ``tree`` but the docstrings, in :func:`ast.walk` order (one walk)."""
    nodes = list(ast.walk(tree))
    docs = {id(n.body[0].value) for n in nodes if isinstance(n, _DOCUMENTED) and n.body and isinstance(n.body[0], ast.Expr)}
    return [n for n in nodes if isinstance(n, ast.Constant) and id(n) not in docs]


@functools.cache
def file_constants(path: Path) -> tuple[ast.Constant, ...]:
    """:func:`constants` of the file at ``path``, found once per process."""
    return tuple(constants(parse(path)))


def child_statements(node: ast.AST) -> list[ast.AST]:
    """The nodes directly inside ``node``'s blocks, in source order: the statements of its body,
    ``else`` and ``finally`` blocks, and its ``except`` clauses and ``case`` s (which hold blocks of
    their own). Definitions and imports are statements, so walking these alone finds them all
    without visiting any expression (most of a module's nodes)."""
    return [child for field in _BLOCKS for child in getattr(node, field, None) or ()]
