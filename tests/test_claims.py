"""The claims list and the ledger: ids, excerpts, JSON schema, determinism, CLI."""

import json
import re
import subprocess
import sys

import jsonschema
import pytest

from flashcrash.claims import (
    VERDICTS,
    Assessment,
    Figure,
    build_ledger,
    iso_utc,
    load_chapters,
    load_claims,
    load_opinions,
)
from tests.conftest import ARTICLE, ROOT, needs_data

LEDGER_SCHEMA = {
    "type": "object",
    "required": ["claims"],
    "properties": {
        "claims": {
            "type": "array",
            "minItems": 20,
            "items": {
                "type": "object",
                "required": ["id", "statement", "excerpt", "verdict", "chapter", "evidence", "figures"],
                "properties": {
                    "id": {"type": "string", "pattern": r"^c\d\d-[a-z0-9-]+$"},
                    "verdict": {"enum": [*VERDICTS, "pending"]},
                    "evidence": {"type": "string", "minLength": 20},
                    "figures": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "value", "unit"],
                            "properties": {"name": {"type": "string"}, "unit": {"type": "string"}},
                        },
                    },
                },
            },
        }
    },
}


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_claims_ids_are_unique_and_well_formed():
    claims = load_claims()
    assert len(claims) >= 20
    ids = [c.id for c in claims]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"c\d\d-[a-z0-9-]+", i) for i in ids)
    assert len({i[:3] for i in ids}) == len(ids)  # numbers are unique too


@pytest.mark.skipif(not ARTICLE.is_file(), reason="article not present")
def test_every_excerpt_is_verbatim_and_short():
    text = norm(ARTICLE.read_text(encoding="utf-8"))
    for c in load_claims():
        assert norm(c.excerpt) in text, c.id
        assert len(c.excerpt.split()) <= 16, c.id


@pytest.mark.skipif(not ARTICLE.is_file(), reason="article not present")
def test_every_opinion_excerpt_is_verbatim_short_and_not_a_claim():
    text = norm(ARTICLE.read_text(encoding="utf-8"))
    ops = load_opinions()
    assert len(ops) >= 10
    claim_excerpts = {norm(c.excerpt) for c in load_claims()}
    numbers = {c.id[1:3] for c in load_claims()}
    for o in ops:
        assert norm(o.excerpt) in text, o.excerpt
        assert len(o.excerpt.split()) <= 16, o.excerpt
        assert norm(o.excerpt) not in claim_excerpts, o.excerpt
        assert set(re.findall(r"\bc(\d\d)\b", o.why)) <= numbers, o.why  # the claims a why points to exist


def test_opinions_loader_refuses_bad_entries(tmp_path):
    p = tmp_path / "claims.yaml"
    head = "chapters: []\nclaims: []\n"
    p.write_text(head, encoding="utf-8")
    assert load_opinions(p) == []
    for body, err in (
        ("opinions:\n  - excerpt: a\n", ValueError),
        ("opinions:\n  - {excerpt: a, why: b}\n  - {excerpt: a, why: c}\n", ValueError),
        ("opinions:\n  - just a string\n", TypeError),
    ):
        p.write_text(head + body, encoding="utf-8")
        with pytest.raises(err):
            load_opinions(p)
    p.write_text(head + "opinions:\n  - {excerpt: ' a ', why: b}\n", encoding="utf-8")
    assert [(o.excerpt, o.why) for o in load_opinions(p)] == [("a", "b")]


def test_process_groups_keep_each_chapter_once_the_clock_after_which_day_and_the_longest_first():
    from flashcrash.claims import SAME_PROCESS, START_FIRST, process_groups

    chapters = load_chapters()
    by_id = {c.id: c for c in chapters}
    ids = [[c.id for c in g] for g in process_groups(chapters)]
    assert sorted(i for g in ids for i in g) == sorted(by_id)  # every chapter, once
    assert ["which-day", "clock"] in ids and ("which-day", "clock") in SAME_PROCESS
    assert [g[0] for g in ids[: len(START_FIRST)]] == list(START_FIRST)
    assert ids[len(START_FIRST) :] == [[c] for c in by_id if c not in START_FIRST and not any(c in g for g in ids[: len(START_FIRST)])]
    # a group's chapters that are not asked for (kept in the results cache) are left out
    assert [[c.id for c in g] for g in process_groups([by_id["outlook"], by_id["clock"]])] == [["outlook"], ["clock"]]
    assert [[c.id for c in g] for g in process_groups([by_id["clock"], by_id["which-day"]])] == [["which-day", "clock"]]


def test_chapters_name_an_assessor_and_a_page():
    for ch in load_chapters():
        assert re.fullmatch(r"flashcrash(\.[a-z_]+)+:[a-z_]+", ch.assessor), ch.assessor
    toc = (ROOT / "_toc.yml").read_text()
    for ch in load_chapters():
        if ch.page in toc:
            assert (ROOT / f"{ch.page}.ipynb").is_file()


def test_assessment_rejects_unknown_verdict_and_iso_needs_tz():
    import pandas as pd

    with pytest.raises(TypeError):
        Assessment("maybe", "x")
    assert iso_utc(pd.Timestamp("2025-12-01 08:55", tz="Asia/Hong_Kong")) == "2025-12-01T00:55:00Z"
    with pytest.raises(ValueError):
        iso_utc(pd.Timestamp("2025-12-01 00:55"))
    assert Figure("t", pd.Timestamp("2025-12-01", tz="UTC"), "UTC").as_json()["value"] == "2025-12-01T00:00:00Z"


@needs_data
def test_ledger_schema():
    a = build_ledger()  # two runs, the second from scratch, are compared in test_ledger_rules
    jsonschema.validate(a, LEDGER_SCHEMA)
    ids = [c.id for c in load_claims()]
    assert [r["id"] for r in a["claims"]] == ids
    toc = (ROOT / "_toc.yml").read_text()
    written = {ch.id for ch in load_chapters() if ch.page in toc}
    for r in a["claims"]:  # "pending" only while the chapter is missing from the book
        assert (r["verdict"] == "pending") == (r["chapter"] not in written), r["id"]
    for r in a["claims"]:
        if r["verdict"] != "pending":
            assert r["figures"], r["id"]
            for f in r["figures"]:
                if f["unit"] == "UTC":
                    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", f["value"]), (r["id"], f)


@needs_data
def test_cli_ledger_json_and_error_exit(tmp_path):
    out = subprocess.run([sys.executable, "-m", "flashcrash", "ledger", "--json", "--chapter", "which-day"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)["claims"]
    assert {r["id"] for r in rows} == {c.id for c in load_claims() if c.chapter == "which-day"}
    bad = subprocess.run(
        [sys.executable, "-m", "flashcrash", "ledger", "--json", "--no-cache", "--mirror", str(tmp_path)], check=False, capture_output=True, text=True
    )
    assert bad.returncode == 3 and "not in the mirror folder" in bad.stderr  # a data error, not a usage error (2)
    # checked before the chapters start: one line naming every missing file's count and the fix
    assert "registered files are not in the mirror folder" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
