"""The package's internal import graph has no cycle.

The graph is read from the source (the AST), not from a running interpreter: one node per module of
``src/flashcrash`` (a package is its ``__init__``), one edge per ``import`` of another module of the
package. How imports count:

- **Imports inside functions count** like module-level ones. Deferring an import into a function
  only hides a cycle from the interpreter; the two modules still depend on each other, and neither
  can be read, tested or moved alone.
- Imports under ``if TYPE_CHECKING:`` do not count: they exist for type checkers only.
- ``from a.b import c`` depends on the module ``a.b.c`` when ``c`` is a submodule, else on ``a.b``
  (whose ``__init__`` provides the name). Parent packages that Python initialises on the way
  (``a`` and ``a.b`` for ``import a.b.c``) are not edges: a package re-exporting its submodules is
  the normal layout, not a cycle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.conftest import ROOT
from tests.source_code import child_statements, parse

SRC = ROOT / "src"
PACKAGE = "flashcrash"


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of ``package`` under ``src``."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every Import/ImportFrom node, skipping the bodies of ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(child_statements(node))  # imports are statements: no expression is visited


def _targets(name: str, is_package: bool, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in modules]
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        pkg = name.split(".") if is_package else name.split(".")[:-1]
        pkg = pkg[: len(pkg) - (node.level - 1)]
        base = ".".join(pkg + ([base] if base else []))
    out = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
    return [t for t in out if t in modules]


def import_graph(src: Path = SRC, package: str = PACKAGE) -> dict[str, dict[str, int]]:
    """Module -> {imported module of the package: line of the first such import}."""
    modules = module_names(src, package)
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges: dict[str, int] = {}
        for node in _imports(parse(path)):
            for t in _targets(name, path.name == "__init__.py", node, modules):
                if t != name:
                    edges[t] = min(edges.get(t, node.lineno), node.lineno)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def describe(graph: dict[str, dict[str, int]], comp: list[str]) -> str:
    """The imports inside one cycle, ``a (line n) -> b``, one per line."""
    inside = set(comp)
    return "\n".join(f"  {a} (line {line}) -> {b}" for a in comp for b, line in sorted(graph[a].items()) if b in inside)


@functools.cache
def _package_graph() -> dict[str, dict[str, int]]:
    """:func:`import_graph` of the package, read once for the tests that use it."""
    return import_graph()


def test_the_package_has_no_import_cycle():
    graph = _package_graph()
    assert len(graph) > 40 and "flashcrash.article" in graph
    found = cycles(graph)
    assert not found, "import cycles in the package:\n" + "\n\n".join(describe(graph, c) for c in found)


def test_the_article_and_the_rules_sit_at_the_bottom():
    """The source of truth imports nothing of the package; a rule module imports only rules, the
    article and the sessions (rules are pure functions of measures)."""
    graph = _package_graph()
    assert graph["flashcrash.article"] == {}
    allowed = {"flashcrash.article", "flashcrash.sessions", "flashcrash.rules"}
    for name, edges in graph.items():
        if name.startswith("flashcrash.rules."):
            bad = {t for t in edges if t not in allowed and not t.startswith("flashcrash.rules.")}
            assert not bad, f"{name} imports {sorted(bad)}"


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = tmp_path / "pkg" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    src = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg import b\n",
            "b.py": "def f():\n    from pkg.c import g\n    return g\n",
            "c.py": "import pkg.a\n",
            "d.py": "from pkg import a\n",
        },
    )
    graph = import_graph(src, "pkg")
    assert graph["pkg.b"] == {"pkg.c": 2}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert "pkg.b (line 2) -> pkg.c" in describe(graph, ["pkg.a", "pkg.b", "pkg.c"])


def test_type_checking_imports_parents_and_relative_imports(tmp_path):
    src = _package(
        tmp_path,
        {
            "__init__.py": "from pkg.sub import x\n",  # a package re-exporting its submodule's name
            "sub/__init__.py": "from .mod import x\n",
            "sub/mod.py": "from typing import TYPE_CHECKING\nfrom .. import other\nif TYPE_CHECKING:\n    from pkg import sub\nx = 1\n",
            "other.py": "from pkg.sub.mod import x\n",
        },
    )
    graph = import_graph(src, "pkg")
    assert graph["pkg"] == {"pkg.sub": 1}
    assert graph["pkg.sub"] == {"pkg.sub.mod": 1}
    assert graph["pkg.sub.mod"] == {"pkg.other": 2}  # the TYPE_CHECKING import is not an edge
    assert cycles(graph) == [["pkg.other", "pkg.sub.mod"]]


def test_imports_in_every_kind_of_block_are_found_and_type_checking_ones_left_out():
    src = (
        "import a\ntry:\n    import b\nexcept ImportError:\n    import c\nelse:\n    import d\nfinally:\n    import e\n"
        "match x:\n    case 1:\n        import f\n"
        "def g():\n    with h:\n        while i:\n            from j import k\n"
        "if TYPE_CHECKING:\n    import hidden\nelse:\n    import shown\n"
    )
    found = sorted((n.names[0].name if isinstance(n, ast.Import) else n.module) for n in _imports(ast.parse(src)))
    assert found == ["a", "b", "c", "d", "e", "f", "j", "shown"]
