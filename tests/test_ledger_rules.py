"""Every published verdict comes from a rule: shape of the ledger's rules, evidence that agrees with
them, no verdict typed outside the rules, and the published verdicts pinned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashcrash.rules.base import BASES, KINDS, VERDICTS
from tests.source_code import file_constants

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "flashcrash"

# The published verdicts. A change here is a change of the report: record it in data/changes.yaml.
PUBLISHED = {
    "c01-mid-december": "contradicted",
    "c02-asian-session": "reproduced",
    "c03-break-87k": "reproduced",
    "c04-below-84k": "reproduced",
    "c05-without-warning": "partly",
    "c42-one-event": "partly",
    "c06-prior-range": "partly",
    "c07-87k-support": "partly",
    "c08-87k-resistance-after": "contradicted",
    "c09-84k-support-after": "partly",
    "c10-worst-hour-600m": "contradicted",
    "c12-24h-820m": "reproduced",
    "c13-220k-traders": "reproduced",
    "c14-long-share": "partly",
    "c15-rmb-conversion": "reproduced",
    "c16-cascade": "partly",
    "c17-headline-800m-hour": "contradicted",
    "c18-eth-alts-followed": "reproduced",
    "c19-derivatives-to-spot": "partly",
    "c20-high-funding-before": "contradicted",
    "c21-oi-leverage-fell": "not_checkable",
    "c22-fed-cut-expectations": "contradicted",
    "c23-yields-rebound": "partly",
    "c24-jobs-inflation": "partly",
    "c26-whale-inflows": "not_checkable",
    "c27-etf-flows": "not_checkable",
    "c28-fed-cutting-2025": "partly",
    "c54-challenge-highs": "contradicted",
    "c55-speed-breadth": "reproduced",
    "c56-asian-selling": "reproduced",
    "c57-asian-macro-pressure": "partly",
    "c58-profit-taking": "contradicted",
    "c59-leverage-chasing": "contradicted",
    "c61-yields-siphoned": "not_checkable",
    "c62-leverage-in-bull-markets": "partly",
    "c63-extreme-greed": "contradicted",
    "c64-sentiment-polarized": "not_checkable",
    "c65-whales-buying": "partly",
    "c66-vitalik-fundamentals": "not_checkable",
    "c69-three-causes": "contradicted",
    "c29-oscillate-84k": "partly",
    "c30-87k-resistance-1-3m": "contradicted",
    "c31-no-upward-momentum": "reproduced",
    "c32-new-ath-2025": "contradicted",
    "c33-upward-6-12m": "contradicted",
    "c60-liquidity-tightened": "contradicted",
    "c67-consolidation": "partly",
    "c68-fed-volatility": "reproduced",
    "c40-87k-smashed": "partly",
    "c43-one-date": "contradicted",
    "c44-trending-hashtag": "not_checkable",
    "c45-commentator-warning": "not_checkable",
    "c46-exchange-statement": "not_checkable",
    "c41-87k-psychological": "contradicted",
    "c47-large-sell-orders": "reproduced",
    "c48-leverage-lurking": "partly",
    "c49-first-batch-larger": "reproduced",
    "c50-weak-liquidity": "contradicted",
    "c51-fuse-then-fuel": "partly",
    "c52-large-deleveraging": "reproduced",
    "c53-eth-etf-coming": "contradicted",
}


def _verdict_literals(path: Path) -> list[int]:
    """Lines of ``path`` where a verdict word is written as a string constant (docstrings aside)."""
    return [n.lineno for n in file_constants(path) if n.value in VERDICTS]


def test_no_verdict_literal_outside_the_rules():
    found = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "rules":
            continue
        lines = _verdict_literals(path)
        if lines:
            found[str(rel)] = lines
    assert not found, f"verdict words typed outside flashcrash/rules: {found}"


def test_the_literal_finder_can_find_one(tmp_path):
    p = tmp_path / "m.py"
    p.write_text('"""doc mentions partly."""\nx = "partly"\n')
    assert _verdict_literals(p) == [2]


@pytest.fixture(scope="module")
def ledger():
    from flashcrash.claims import build_ledger

    return build_ledger()


@pytest.mark.data
def test_every_claim_has_a_rule_and_a_known_verdict(ledger):
    assert len(ledger["claims"]) >= 35
    for row in ledger["claims"]:
        assert row["verdict"] in VERDICTS, row["id"]
        rule = row["rule"]
        assert rule["kind"] in KINDS, row["id"]
        assert rule["text"].strip() and rule["text"] != "Rule not yet stated explicitly.", row["id"]
        for t in rule["thresholds"]:
            assert set(t) >= {"name", "value", "unit"}, row["id"]
        if rule["kind"] == "threshold":
            # a claim the data cannot settle may state its rule without thresholds to apply
            assert rule["thresholds"] or row["verdict"] == "not_checkable", f"{row['id']}: a threshold rule names its thresholds"
        else:
            assert rule["reasons"], f"{row['id']}: a judgement lists its reasons"
        assert row["evidence_kind"] and set(row["evidence_kind"]) <= set(BASES), row["id"]


@pytest.mark.data
def test_evidence_never_contradicts_the_rule():
    """Rebuild each chapter's assessments and check each evidence text against its own ruling."""
    from flashcrash.claims import assess_chapter, load_chapters, load_claims
    from flashcrash.rules.base import contradiction

    claims = load_claims()
    for ch in load_chapters():
        for cid, a in assess_chapter(ch, claims).items():
            assert a is not None, cid
            assert contradiction(a.evidence, a.ruling) is None, cid
            for c in a.ruling.checks:  # the opposite outcome's words must be absent
                assert c.opposite.casefold() in c.phrase.casefold() or c.opposite.casefold() not in a.evidence.casefold(), (cid, c.name)


@pytest.mark.data
def test_published_verdicts_are_pinned(ledger):
    got = {r["id"]: r["verdict"] for r in ledger["claims"]}
    changed = {k: (v, got.get(k)) for k, v in PUBLISHED.items() if got.get(k) != v}
    assert not changed, f"published verdicts changed (record each in data/changes.yaml and here): {changed}"


@pytest.mark.data
def test_two_ledger_runs_are_identical(ledger, monkeypatch):
    from flashcrash.claims import build_ledger, ledger_json

    monkeypatch.setenv("FLASHCRASH_NO_CACHE", "1")  # the second run computes from scratch
    assert ledger_json(build_ledger()) == ledger_json(ledger)
    json.loads(ledger_json(ledger))
