"""Citation file, citation strings, published ledger files, chart files and the site's link checker."""

import csv
import io
import json
import sys
from pathlib import Path

import altair as alt
import jsonschema
import pandas as pd
import pytest
import yaml

from flashcrash import charts, citation
from flashcrash.publish import ledger_csv, write_chart_files, write_ledger_files
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_site  # noqa: E402


def test_citation_cff_is_valid_cff_1_2():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    cff["date-released"] = str(cff["date-released"])  # YAML reads dates as date objects
    jsonschema.validate(cff, schema)
    assert cff["version"] == __import__("flashcrash").__version__


def test_invalid_cff_is_rejected_by_the_schema():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-cff-1.2.0.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cff-version": "1.2.0", "title": "x"}, schema)  # no authors, no message


def test_citation_strings():
    cff = {"cff-version": "1.2.0", "version": "9.9", "date-released": "2026-01-02", "title": "T", "authors": [{"family-names": "Doe", "given-names": "Jo"}], "url": "https://example.org/r"}
    assert citation.apa(cff) == "Doe, Jo. (2026). T (Version 9.9) [Executable research report]. https://example.org/r"
    bib = citation.bibtex(cff)
    assert bib.startswith("@techreport{flashcrash2026,") and "url = {https://example.org/r}" in bib and bib.count("{") == bib.count("}")
    assert citation.claim_citation("c07-x", "S", cff).endswith("claim c07-x (\"S\"), ledger.html#c07-x")


LEDGER = {"claims": [
    {"id": "c01-a", "statement": "A, with a comma", "excerpt": "e", "verdict": "reproduced", "chapter": "x", "evidence": "ev", "figures": [{"name": "t", "value": "2025-12-01T00:55:00Z", "unit": "UTC"}, {"name": "p", "value": 0.9, "unit": "fraction"}]},
    {"id": "c02-b", "statement": "B", "excerpt": "f", "verdict": "pending", "chapter": "y", "evidence": "none yet", "figures": []},
]}


def test_published_ledger_json_and_csv_round_trip(tmp_path):
    assert write_ledger_files(LEDGER, tmp_path) == ["claims.json", "claims.csv"]
    assert json.loads((tmp_path / "claims.json").read_text()) == LEDGER
    rows = list(csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text())))
    assert [r["id"] for r in rows] == ["c01-a", "c02-b"]
    assert rows[0]["statement"] == "A, with a comma"
    assert rows[0]["figures"] == "t=2025-12-01T00:55:00Z UTC; p=0.9 fraction"
    assert ledger_csv(LEDGER) == (tmp_path / "claims.csv").read_text()


def _chart(name="t-chart", **props):
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3.0, 1.0, 2.0]})
    return alt.Chart(df).mark_line().encode(x="x:Q", y="y:Q").properties(name=name, **props)


def test_chart_files_and_deterministic_ids(tmp_path):
    spec = _chart(title="T", description="D").to_dict()
    links = write_chart_files(spec, tmp_path)
    labels = [label for label, _ in links]
    assert labels == ["CSV", "SVG", "PNG", "Vega-Lite spec"]
    assert (tmp_path / "charts" / "t-chart.csv").read_text().splitlines()[0] == "x,y"
    assert (tmp_path / "charts" / "t-chart.svg").read_text().lstrip().startswith("<svg")
    assert (tmp_path / "charts" / "t-chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html1, html2 = charts.render_html(spec), charts.render_html(spec)
    assert html1 == html2 and 'id="fig-t-chart"' in html1 and 'aria-label="D"' in html1


def test_renderer_refuses_undescribed_charts():
    charts.enable()
    with pytest.raises(ValueError, match="description"):
        charts._renderer(_chart(title="T").to_dict())


def test_link_checker_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text('<a href="b.html#here">ok</a><a href="b.html#gone">x</a><a href="../nope.html">y</a><a href="https://example.org">ext</a>')
    (tmp_path / "book" / "b.html").write_text('<div id="here"></div>')
    problems = check_site.broken_links(tmp_path)
    assert problems == ["book/a.html: missing anchor b.html#gone", "book/a.html: broken link ../nope.html"]


def test_claim_anchor_check(tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_text(
        "chapters:\n  - {id: ch, title: T, page: book/ch, assessor: 'm:f'}\n  - {id: later, title: L, page: book/later, assessor: 'm:f'}\n"
        "claims:\n  - {id: c01-a, chapter: ch}\n  - {id: c02-b, chapter: ch}\n  - {id: c03-c, chapter: later}\n"
    )
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "ledger.html").write_text('<tr id="c01-a"></tr><tr id="c02-b"></tr><tr id="c03-c"></tr>')
    (tmp_path / "book" / "ch.html").write_text('<div id="c01-a"></div>')
    assert check_site.missing_claim_anchors(tmp_path, claims) == ["book/ch.html: no anchor for claim c02-b"]


def test_duplicate_chart_ids_are_reported(tmp_path):
    (tmp_path / "book").mkdir()
    fig = '<figure class="fc-chart" id="fig-{}"></figure>'
    (tmp_path / "book" / "a.html").write_text(fig.format("x") + fig.format("y"))
    (tmp_path / "book" / "b.html").write_text(fig.format("x"))
    assert check_site.duplicate_chart_ids(tmp_path) == ["book/b.html: chart id 'x' already used on book/a.html"]
