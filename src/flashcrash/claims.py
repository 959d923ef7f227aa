"""The article's claims (``data/claims.yaml``) and the ledger of verdicts computed from data.

Each chapter has an *assessor*: a function in the package, named in ``claims.yaml`` under
``chapters``, that computes from the data an :class:`Assessment` for every claim of that chapter.
A chapter whose assessor module does not exist yet yields ``pending`` for its claims.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from flashcrash.cache import cached, lookup
from flashcrash.optional import optional_function
from flashcrash.parallel import map_calls
from flashcrash.paths import data_dir
from flashcrash.rules.base import VERDICTS, Ruling, contradiction, with_evidence  # noqa: F401  (VERDICTS re-exported)

#: yaml's safe loader, in C (libyaml) when installed: ten times faster than the pure-Python one
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PENDING = "pending"


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the article."""

    id: str
    statement: str
    excerpt: str
    chapter: str
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Figure:
    """A number behind a verdict. ``unit`` is e.g. ``USD``, ``fraction``, ``minutes``, ``UTC`` (for an ISO timestamp)."""

    name: str
    value: float | int | str | None
    unit: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": _jsonable(self.value), "unit": self.unit}


@dataclass(frozen=True)
class Assessment:
    """A claim's ruling (verdict, rule, checks), the evidence text and the figures it rests on.

    The evidence must quote every check of the ruling in the outcome that happened and never its
    opposite (see :func:`flashcrash.rules.base.contradiction`): it cannot contradict the verdict.
    """

    ruling: Ruling
    evidence: str
    figures: list[Figure] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.ruling, Ruling):
            raise TypeError(f"an assessment needs a Ruling from a rule function, got {type(self.ruling).__name__}")
        why = contradiction(self.evidence, self.ruling)
        if why:
            raise ValueError(f"evidence does not match its rule: {why}")

    @property
    def verdict(self) -> str:
        return self.ruling.verdict

    @classmethod
    def of(cls, ruling: Ruling, sentence: str, figures: list[Figure]) -> Assessment:
        """The usual assessment: the measures' ``sentence`` followed by the ruling's checks in words
        (:func:`flashcrash.rules.base.with_evidence`), and the ``figures``."""
        return cls(ruling, with_evidence(sentence, ruling), figures)


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    page: str  # the notebook's path without suffix, as in _toc.yml
    assessor: str  # "module:function"


def iso_utc(ts: pd.Timestamp) -> str:
    """``2025-12-01T00:55:00Z``: the ledger's timestamp format (the input must be tz-aware)."""
    if ts.tzinfo is None:
        from flashcrash.errors import NaiveTimestampError

        raise NaiveTimestampError(f"timestamp {ts} has no time zone; the ledger writes UTC only")
    return ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _jsonable(v: Any) -> Any:
    if isinstance(v, pd.Timestamp):
        return iso_utc(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if math.isnan(f) else round(f, 10)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def claims_path() -> Path:
    return data_dir() / "claims.yaml"


def _doc(path: Path | None = None) -> dict[str, Any]:
    with open(path or claims_path(), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=YAML_LOADER)  # a safe loader (libyaml's when available)


def load_claims(path: Path | None = None) -> list[Claim]:
    """All claims, in file order; ids must be unique and chapters declared."""
    doc = _doc(path)
    chapters = {c["id"] for c in doc["chapters"]}
    out: list[Claim] = []
    seen: set[str] = set()
    for c in doc["claims"]:
        if c["id"] in seen:
            raise ValueError(f"duplicate claim id {c['id']!r} in claims.yaml")
        if c["chapter"] not in chapters:
            raise ValueError(f"claim {c['id']!r} names undeclared chapter {c['chapter']!r}")
        seen.add(c["id"])
        out.append(
            Claim(id=c["id"], statement=c["statement"].strip(), excerpt=c["excerpt"], chapter=c["chapter"], quantity=c.get("quantity"), unit=c.get("unit"))
        )
    return out


@dataclass(frozen=True)
class Opinion:
    """A sentence of the article that is opinion, advice or framing, not a factual claim: a verbatim
    ``excerpt`` and ``why`` it gets no verdict."""

    excerpt: str
    why: str


def load_opinions(path: Path | None = None) -> list[Opinion]:
    """The ``opinions:`` of ``claims.yaml``, in file order; each needs a non-empty excerpt and why, and
    no excerpt may appear twice."""
    out: list[Opinion] = []
    for i, o in enumerate(_doc(path).get("opinions") or []):
        if not isinstance(o, dict):
            raise TypeError(f"opinion {i} in claims.yaml must be a mapping with excerpt and why, got {o!r}")
        excerpt, why = (str(o.get(k) or "").strip() for k in ("excerpt", "why"))
        if not excerpt or not why:
            raise ValueError(f"opinion {i} in claims.yaml needs both an excerpt and a why")
        if any(excerpt == p.excerpt for p in out):
            raise ValueError(f"opinion excerpt {excerpt!r} appears twice in claims.yaml")
        out.append(Opinion(excerpt, why))
    return out


def load_chapters(path: Path | None = None) -> list[Chapter]:
    return [Chapter(**c) for c in _doc(path)["chapters"]]


@cached("chapter")
def assess_chapter(chapter: Chapter, claims: list[Claim]) -> dict[str, Assessment | None]:
    """Run one chapter's assessor; ``None`` per claim when the chapter is pending."""
    fn = optional_function(chapter.assessor)
    mine = [c.id for c in claims if c.chapter == chapter.id]
    if fn is None:
        return {cid: None for cid in mine}
    got: dict[str, Assessment] = fn()
    missing = sorted(set(mine) - set(got))
    extra = sorted(set(got) - set(mine))
    if missing or extra:
        raise ValueError(f"assessor of chapter {chapter.id!r} must cover exactly its claims: missing {missing}, unexpected {extra}")
    return got


#: Chapters whose verdicts are computed one after the other in one process when the ledger is
#: computed in parallel: the clock's verdicts read the which-day chapter's day scores (about 0.6 s to
#: compute), which that process then holds in memory instead of computing them a second time.
SAME_PROCESS = (("which-day", "clock"),)
#: Longest first (about 0.8-1 s each from scratch on two cores, the outlook 0.7 s): the two workers
#: then finish at about the same time. Chapters not named here follow in the file's order.
START_FIRST = ("support-levels", "contagion-macro", "which-day", "liquidations")


def process_groups(chapters: list[Chapter]) -> list[list[Chapter]]:
    """``chapters`` in groups computed by one process each: those of a :data:`SAME_PROCESS` entry
    together (in its order), the others alone; groups ordered by :data:`START_FIRST` (a group by
    its first chapter), then in the order given."""
    by_id = {ch.id: ch for ch in chapters}
    groups: list[list[Chapter]] = []
    placed: set[str] = set()
    for ch in chapters:
        if ch.id in placed:
            continue
        ids = next((g for g in SAME_PROCESS if ch.id in g), (ch.id,))
        group = [by_id[i] for i in ids if i in by_id]
        placed.update(c.id for c in group)
        groups.append(group)
    rank = {cid: i for i, cid in enumerate(START_FIRST)}
    return sorted(groups, key=lambda g: rank.get(g[0].id, len(rank)))  # stable: otherwise as given


def assess_chapters(chapters: list[Chapter], claims: list[Claim]) -> dict[str, Assessment | None]:
    """:func:`assess_chapter` of each of ``chapters`` in turn, in this process; their verdicts merged."""
    out: dict[str, Assessment | None] = {}
    for ch in chapters:
        out.update(assess_chapter(ch, claims))
    return out


@cached("ledger")
def build_ledger(chapters: list[str] | None = None) -> dict[str, Any]:
    """The whole ledger as a JSON-ready dict (``{"claims": [...]}``), computed from the data."""
    claims = load_claims()
    rows = []
    results: dict[str, Assessment | None] = {}
    todo = [ch for ch in load_chapters() if chapters is None or ch.id in chapters]
    missing = []
    for ch in todo:  # chapters in the results cache are read; the others are computed, in parallel
        hit, got = lookup("chapter", ch, claims)
        if hit:
            results.update(got)
        else:
            missing.append(ch)
    for got in map_calls(assess_chapters, [(group, claims) for group in process_groups(missing)]):
        results.update(got)
    for c in claims:
        if c.id not in results:
            continue
        a = results[c.id]
        rows.append(
            {
                "id": c.id,
                "statement": c.statement,
                "excerpt": c.excerpt,
                "verdict": a.verdict if a else PENDING,
                "chapter": c.chapter,
                "evidence": a.evidence if a else "The chapter that examines this claim is not written yet.",
                "rule": a.ruling.rule_json() if a else None,
                "evidence_kind": list(a.ruling.basis) if a else [],
                "figures": [f.as_json() for f in a.figures] if a else [],
                "quantity": _jsonable(c.quantity),
                "unit": c.unit,
            }
        )
    return {"claims": rows}


def ledger_json(ledger: dict[str, Any]) -> str:
    """Stable serialisation: two runs give byte-identical output."""
    return json.dumps(ledger, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def ledger_table(ledger: dict[str, Any]) -> pd.DataFrame:
    """One row per claim (id, verdict, chapter, statement, evidence) for display."""
    return pd.DataFrame([{k: r[k] for k in ("id", "verdict", "chapter", "statement", "evidence")} for r in ledger["claims"]])


def figures_of(assessments: dict[str, Assessment]) -> pd.DataFrame:
    """Flat table of every figure of a chapter's assessments (claim, name, value, unit)."""
    rows = [{"claim": cid, **f.as_json()} for cid, a in assessments.items() for f in a.figures]
    return pd.DataFrame(rows, columns=["claim", "name", "value", "unit"])


def figure_value(ledger: dict[str, Any], claim_id: str, name: str) -> Any:
    """One figure of one claim from a built ledger; a clear error if either is missing."""
    for r in ledger["claims"]:
        if r["id"] == claim_id:
            for f in r["figures"]:
                if f["name"] == name:
                    return f["value"]
            raise KeyError(f"claim {claim_id!r} has no figure {name!r}; it has {[f['name'] for f in r['figures']]}")
    raise KeyError(f"no claim {claim_id!r} in the ledger")
