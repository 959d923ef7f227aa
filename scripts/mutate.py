"""Measure the test suite's power: seeded mutants of the model and rule code, each run against the tests.

Usage: python scripts/mutate.py [--n 30] [--seed 1] [--modules GLOB ...] [--pytest-args "tests -x -q"]

Each mutant changes ONE thing in one module: a comparison flipped (``<`` to ``>=``, ``==`` to ``!=``, ...),
a numeric constant doubled or multiplied by 1.5, ``+`` and ``-`` swapped, or ``and`` and ``or`` swapped.
The mutant is written into a scratch copy of the repository's tracked files, the tests run there with a time limit, and the mutant
counts as *killed* when they fail (or hang past the limit). Prints one line per mutant and a JSON summary.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODULES = [
    "src/flashcrash/rules/*.py",
    "src/flashcrash/rules/*/*.py",
    "src/flashcrash/event/*.py",
    "src/flashcrash/crossings.py",
    "src/flashcrash/levels/*.py",
    "src/flashcrash/contagion/*.py",
    "src/flashcrash/backdrop/*.py",
    "src/flashcrash/macro.py",
    "src/flashcrash/liquidation/prices.py",
    "src/flashcrash/liquidation/book.py",
    "src/flashcrash/liquidation/cascade.py",
    "src/flashcrash/liquidation/calibrate.py",
    "src/flashcrash/scenarios/barrier.py",
    "src/flashcrash/scenarios/garch.py",
    "src/flashcrash/scenarios/scoring.py",
    "src/flashcrash/scenarios/forecast.py",
    "src/flashcrash/atlas/*.py",
]
FLIP = {ast.Lt: ast.GtE, ast.LtE: ast.Gt, ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
SKIP_FILES = {"__init__.py"}


@dataclass(frozen=True)
class Site:
    """One place a mutant can be made: module path, AST node index (walk order) and the kind of change."""

    path: str
    index: int
    kind: str  # "compare", "constant", "arith", "bool"
    line: int


def _docstring_ids(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _in_format_spec(tree: ast.AST) -> set[int]:
    """Constants inside f-strings (format specs, literal parts): changing them changes wording only."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant):
                    out.add(id(sub))
    return out


def sites(path: Path) -> list[Site]:
    """Every mutable place of one module, in a stable order."""
    tree = ast.parse(path.read_text())
    skip = _docstring_ids(tree) | _in_format_spec(tree)
    rel = str(path.relative_to(ROOT))
    out = []
    for i, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIP:
            out.append(Site(rel, i, "compare", line))
        elif isinstance(node, ast.Constant) and id(node) not in skip and type(node.value) in (int, float) and node.value not in (0, 1):
            out.append(Site(rel, i, "constant", line))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            out.append(Site(rel, i, "arith", line))
        elif isinstance(node, ast.BoolOp):
            out.append(Site(rel, i, "bool", line))
    return out


def mutate(source: str, site: Site, rng: random.Random) -> tuple[str, str]:
    """The module's source with the one change at ``site``, and a description of it."""
    tree = ast.parse(source)
    node = list(ast.walk(tree))[site.index]
    if site.kind == "compare":
        old = type(node.ops[0])
        node.ops[0] = FLIP[old]()
        desc = f"{old.__name__} -> {FLIP[old].__name__}"
    elif site.kind == "constant":
        factor = rng.choice([2, 1.5])
        old = node.value
        new = old * factor
        node.value = int(new) if isinstance(old, int) and float(new).is_integer() else new
        desc = f"{old!r} -> {node.value!r}"
    elif site.kind == "arith":
        new_op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
        desc = f"{type(node.op).__name__} -> {type(new_op).__name__}"
        node.op = new_op
    else:
        new_op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        desc = f"{type(node.op).__name__} -> {type(new_op).__name__}"
        node.op = new_op
    return ast.unparse(tree), desc


def scratch_copy() -> Path:
    """A plain copy of the repository's tracked files (the data mirror is used in place, never copied)."""
    dst = Path(tempfile.mkdtemp(prefix="flashcrash-mutants-"))
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        target = dst / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return dst


def run_tests(work: Path, pytest_args: list[str], limit_s: float) -> str:
    """``killed`` if the tests fail or exceed ``limit_s`` seconds, else ``survived``."""
    env = {**os.environ, "PYTHONPATH": str(work / "src"), "FLASHCRASH_ROOT": str(work)}
    env["FLASHCRASH_RESULTS_CACHE"] = str(work / "_cache")  # never the repository's own results cache
    try:
        res = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=work, env=env, capture_output=True, timeout=limit_s, check=False)
    except subprocess.TimeoutExpired:
        return "killed (time limit)"
    return "survived" if res.returncode == 0 else "killed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="number of mutants (default 30)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modules", nargs="*", default=DEFAULT_MODULES, help="globs, relative to the repository root")
    ap.add_argument("--pytest-args", default="tests -x -q -p no:cacheprovider", help="what each mutant runs")
    ap.add_argument("--limit", type=float, default=600.0, help="seconds per mutant before it counts as killed (hang)")
    ap.add_argument("--list", action="store_true", help="only list the sampled mutants")
    a = ap.parse_args(argv)

    files = sorted({p for g in a.modules for p in ROOT.glob(g) if p.name not in SKIP_FILES and p.is_file()})
    if not files:
        print("no module matches --modules", file=sys.stderr)
        return 2
    every = [s for f in files for s in sites(f)]
    rng = random.Random(a.seed)
    sample = rng.sample(every, min(a.n, len(every)))
    work = None if a.list else scratch_copy()
    results = []
    try:
        for k, site in enumerate(sample, 1):
            original = (ROOT / site.path).read_text()
            mutated, desc = mutate(original, site, rng)
            if a.list:
                print(f"{k:3d} {site.path}:{site.line} {site.kind} {desc}")
                continue
            target = work / site.path
            pristine = target.read_text()
            target.write_text(mutated)
            t0 = time.perf_counter()
            outcome = run_tests(work, a.pytest_args.split(), a.limit)
            target.write_text(pristine)
            results.append(
                {"module": site.path, "line": site.line, "kind": site.kind, "change": desc, "outcome": outcome, "seconds": round(time.perf_counter() - t0, 1)}
            )
            print(f"{k:3d} {outcome:22s} {site.path}:{site.line} {site.kind} {desc} ({results[-1]['seconds']} s)", flush=True)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    if a.list:
        return 0
    killed = sum(r["outcome"].startswith("killed") for r in results)
    summary = {
        "seed": a.seed,
        "mutants": len(results),
        "killed": killed,
        "kill_rate": round(killed / len(results), 3),
        "sites": len(every),
        "survivors": [r for r in results if r["outcome"] == "survived"],
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
