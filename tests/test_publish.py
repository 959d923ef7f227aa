"""What the site publishes: citations at one address, the ledger for machines (JSON, CSV, ClaimReview),
credited chart files, the data package, the changes file, and the site checker's file checks."""

import csv
import io
import json
import sys

import altair as alt
import jsonschema
import pandas as pd
import pytest
import yaml

from flashcrash import build, charts, citation, publish, sphinxext
from flashcrash.charts import write_chart_files
from flashcrash.publish import ledger_csv, write_ledger_files
from flashcrash.rules.base import VERDICT_WORDS, VERDICTS
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_site  # noqa: E402

SITE = "https://flashcrash.github.io/flashcrash/"


# ---------------------------------------------------------------------------------------------
# one address, citations
# ---------------------------------------------------------------------------------------------
def test_citation_cff_is_valid_cff_1_2_and_points_at_the_site():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    cff["date-released"] = str(cff["date-released"])  # YAML reads dates as date objects
    jsonschema.validate(cff, schema)
    assert cff["version"] == __import__("flashcrash").__version__
    assert cff["url"] == citation.site_url()


def test_invalid_cff_is_rejected_by_the_schema():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-cff-1.2.0.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cff-version": "1.2.0", "title": "x"}, schema)  # no authors, no message


def test_one_site_address_from_the_config():
    assert citation.site_url() == SITE
    assert citation.site_url({"html": {"baseurl": "https://example.org/r"}}) == "https://example.org/r/"
    assert citation.claim_url("c07-x") == SITE + "book/ledger.html#c07-x"
    assert citation.chart_url("which-day-path") == SITE + "charts/which-day-path.html"
    for bad in ({}, {"html": {}}, {"html": {"baseurl": "flashcrash.github.io"}}):
        with pytest.raises(ValueError, match="baseurl"):
            citation.site_url(bad)


CFF = {
    "cff-version": "1.2.0",
    "version": "9.9",
    "date-released": "2026-01-02",
    "title": "T",
    "authors": [{"family-names": "Doe", "given-names": "Jo"}],
    "url": "https://example.org/r",
}


def test_report_citations():
    assert citation.apa(CFF) == "Doe, Jo. (2026). T (Version 9.9) [Executable research report]. https://example.org/r"
    bib = citation.bibtex(CFF)
    assert bib.startswith("@techreport{flashcrash2026,") and "url = {https://example.org/r}" in bib and bib.count("{") == bib.count("}")
    no_url = {k: v for k, v in CFF.items() if k != "url"}
    assert citation.apa(no_url).endswith(SITE)  # falls back to the configured address


def test_claim_citation_names_verdict_version_address_and_access_date():
    text = citation.claim_citation("c07-x", "S holds.", VERDICTS[1], CFF, accessed="2026-12-24")
    assert text == (
        f"Doe, Jo (2026). Claim c07-x: “S holds.” Verdict: {VERDICT_WORDS[VERDICTS[1]].lower()}. In T, version 9.9. "
        f"{SITE}book/ledger.html#c07-x (accessed 2026-12-24)."
    )
    assert "accessed 20" in citation.claim_citation("c07-x", "S", VERDICTS[0], CFF)  # today by default


def test_the_article_is_named_and_unknowns_are_said():
    a = citation.ARTICLE
    assert a["outlet"] == "AiCoin" and "aicoin.com" in a["outlet_evidence"]
    ref = citation.article_reference()
    assert ref.startswith("AiCoin (undated)") and a["first_heading"] in ref and a["copy_url"] in ref


# ---------------------------------------------------------------------------------------------
# the ledger for machines
# ---------------------------------------------------------------------------------------------
def _rule():
    return {
        "kind": "threshold",
        "text": "Reproduced if the break is within 60 minutes.",
        "thresholds": [{"name": "brief_max_minutes", "value": 60, "unit": "minutes", "reason": "brief"}],
        "reasons": [],
    }


LEDGER = {
    "claims": [
        {
            "id": "c01-a",
            "statement": "A, with a comma",
            "excerpt": "e",
            "verdict": VERDICTS[0],
            "chapter": "which-day",
            "evidence": "ev",
            "rule": _rule(),
            "evidence_kind": ["market data"],
            "figures": [{"name": "t", "value": "2025-12-01T00:55:00Z", "unit": "UTC"}, {"name": "p", "value": 0.9, "unit": "fraction"}],
        },
        {
            "id": "c02-b",
            "statement": "B",
            "excerpt": "f",
            "verdict": VERDICTS[3],
            "chapter": "which-day",
            "evidence": "no data",
            "rule": None,
            "evidence_kind": [],
            "figures": [],
        },
        {"id": "c03-c", "statement": "C", "excerpt": "g", "verdict": "pending", "chapter": "outlook", "evidence": "none yet", "figures": []},
    ]
}


def test_published_ledger_json_csv_and_jsonld(tmp_path):
    changes = [
        {"date": "2026-12-01", "claim": "c01-a", "old": VERDICTS[1], "new": VERDICTS[0], "reason": "r", "version": "", "anchor": "change-2026-12-01-c01-a"}
    ]
    assert write_ledger_files(LEDGER, tmp_path, changes) == ["claims.json", "claims.csv", "claims.jsonld"]
    doc = json.loads((tmp_path / "claims.json").read_text())
    assert doc["version"] == __import__("flashcrash").__version__ and doc["build_date"] and doc["licence"]["name"] == "CC BY 4.0"
    assert doc["url"] == SITE and doc["article"]["outlet"] == "AiCoin"
    first = doc["claims"][0]
    assert first["url"] == SITE + "book/ledger.html#c01-a"
    assert first["verdict"] == VERDICTS[0] and first["verdict_words"] == VERDICT_WORDS[VERDICTS[0]]
    assert first["changes"] == [SITE + "book/changes.html#change-2026-12-01-c01-a"] and doc["claims"][1]["changes"] == []
    assert [c["id"] for c in doc["claims"]] == ["c01-a", "c02-b", "c03-c"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text())))
    assert [r["id"] for r in rows] == ["c01-a", "c02-b", "c03-c"]
    assert rows[0]["statement"] == "A, with a comma" and rows[0]["rule"] == _rule()["text"] and rows[0]["evidence_kind"] == "market data"
    assert rows[0]["figures"] == "t=2025-12-01T00:55:00Z UTC; p=0.9 fraction"
    assert rows[1]["rule"] == "" and rows[2]["verdict_words"] == "Pending"
    assert ledger_csv(LEDGER) == (tmp_path / "claims.csv").read_text()
    assert json.loads((tmp_path / "claims.jsonld").read_text())["@context"] == "https://schema.org"


def test_every_assessed_claim_has_a_claim_review_with_the_required_fields():
    reviews = publish.claim_reviews(LEDGER)
    assert [r["url"].rsplit("#", 1)[1] for r in reviews] == ["c01-a", "c02-b"]  # pending: none yet
    for r in reviews:
        assert r["@type"] == "ClaimReview" and r["url"].startswith(SITE) and r["claimReviewed"]
        assert r["author"]["name"] and r["datePublished"]
        assert r["itemReviewed"]["@type"] == "Claim" and r["itemReviewed"]["appearance"]["publisher"]["name"] == "AiCoin"
        rating = r["reviewRating"]
        assert publish.WORST_RATING <= rating["ratingValue"] <= publish.BEST_RATING
        assert rating["bestRating"] == 4 and rating["worstRating"] == 1 and rating["alternateName"] in VERDICT_WORDS.values()
    assert reviews[0]["reviewRating"]["ratingExplanation"].startswith(_rule()["text"])
    script = publish.jsonld_script(LEDGER)
    assert script.count("<script") == 1 and script.count('"ClaimReview"') == 2


def test_rating_scale_orders_support_by_the_data():
    r = publish.RATING
    assert sorted(r) == sorted(VERDICTS)
    assert r[VERDICTS[0]] == 4 > r[VERDICTS[1]] == 3 > r[VERDICTS[3]] == 2 > r[VERDICTS[2]] == 1


# ---------------------------------------------------------------------------------------------
# changes and corrections
# ---------------------------------------------------------------------------------------------
def _changes(tmp_path, entries):
    p = tmp_path / "changes.yaml"
    p.write_text(yaml.safe_dump({"changes": entries}))
    return p


def test_changes_are_validated_and_anchored(tmp_path):
    ok = {"date": "2026-12-01", "claim": "c01-a", "old": VERDICTS[1], "new": VERDICTS[0], "reason": "new rule"}
    later = {**ok, "date": "2026-12-03", "old": "pending", "new": VERDICTS[2]}
    got = publish.load_changes(_changes(tmp_path, [later, ok, ok]), {"c01-a"})
    assert [c["anchor"] for c in got] == ["change-2026-12-01-c01-a", "change-2026-12-01-c01-a-2", "change-2026-12-03-c01-a"]
    for bad, msg in (
        ({**ok, "reason": ""}, "missing"),
        ({**ok, "claim": "c99-x"}, "unknown claim"),
        ({**ok, "new": "wrong"}, "verdict codes"),
        ({**ok, "new": ok["old"]}, "did not change"),
        ({**ok, "date": "1 Dec"}, "YYYY-MM-DD"),
    ):
        with pytest.raises(ValueError, match=msg):
            publish.load_changes(_changes(tmp_path, [bad]), {"c01-a"})


def test_the_repository_changes_file_loads():
    assert isinstance(publish.load_changes(), list)


# ---------------------------------------------------------------------------------------------
# charts: credited files, one CSV, standalone page, data package
# ---------------------------------------------------------------------------------------------
def _chart(name="which-day-path", **props):
    df = pd.DataFrame({"time": pd.date_range("2025-12-01", periods=3, freq="h", tz="UTC"), "close": [3.0, 1.0, 2.0]})
    lv = pd.DataFrame({"level": [2.0], "label": ["$2"]})
    line = alt.Chart(df).mark_line().encode(x=alt.X("time:T", title="Time (UTC)"), y=alt.Y("close:Q", title="Price (USD)"))
    return (line + alt.Chart(lv).mark_rule().encode(y="level:Q")).properties(name=name, **props)


def test_in_the_book_build_kernels_leave_the_png_to_the_build(monkeypatch, tmp_path):
    from flashcrash import pngs

    spec = _chart(title="T", description="D").to_dict()
    monkeypatch.setenv(pngs.LATER_ENV, "1")  # set by the build (flashcrash.sphinxext)
    write_chart_files(spec, tmp_path)
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(f"which-day-path.{x}" for x in ("csv", "svg", "vl.json", "html"))
    assert pngs.draw_pngs(tmp_path, tmp_path / "site") == [tmp_path / "site" / "charts" / "which-day-path.png"]
    monkeypatch.delenv(pngs.LATER_ENV)
    write_chart_files(spec, tmp_path)  # outside the build: drawn with the SVG, the same image
    assert (tmp_path / "charts" / "which-day-path.png").read_bytes() == (tmp_path / "site" / "charts" / "which-day-path.png").read_bytes()


def test_chart_files_are_credited_and_one_csv_holds_all_the_data(tmp_path):
    spec = _chart(title="T", description="D").to_dict()
    files = write_chart_files(spec, tmp_path)
    assert [label for label, _ in files["links"]] == ["PNG", "SVG", "CSV", "Vega-Lite"]
    out = tmp_path / "charts"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"which-day-path.{x}" for x in ("csv", "svg", "png", "vl.json", "html"))
    table = pd.read_csv(out / "which-day-path.csv")
    assert list(table.columns) == ["part", "time", "close", "level", "label"]
    assert table["part"].tolist() == ["line mark"] * 3 + ["rule mark"] and table["time"].iloc[0] == "2025-12-01T00:00:00Z"
    svg = (out / "which-day-path.svg").read_text()
    credit = f"Source: Binance · flashcrash {__import__('flashcrash').__version__} · {SITE}charts/which-day-path.html · CC BY 4.0"
    assert '<title id="fc-title">T</title>' in svg and "<desc" in svg and "Binance BTCUSDT perpetual" in svg
    assert "Source: Binance" in svg and "CC BY 4.0" in svg and SITE + "charts/which-day-path.html" in svg
    assert (out / "which-day-path.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    vl = json.loads((out / "which-day-path.vl.json").read_text())
    assert vl["usermeta"]["credit"] == credit and vl["usermeta"]["sources"] == ["binance-usdm-5m-chacal"]
    assert vl["title"]["text"] == "T" and vl["title"]["subtitle"] and vl["usermeta"]["fields"]["close"] == {"title": "Price (USD)", "unit": "USD"}
    page = (out / "which-day-path.html").read_text()
    assert '<script src="../_static/flashcrash-vega.js">' in page and "https://" not in page.split("<body")[0].replace(SITE, "")
    assert "Source: Binance" in page and 'rel="license"' in page
    assert files["embed"].startswith(f'<iframe src="{SITE}charts/which-day-path.html"')


def test_page_html_has_title_sources_and_the_row_of_files(tmp_path, monkeypatch):
    monkeypatch.setenv(build.PUBLISH_ENV, str(tmp_path))
    monkeypatch.setenv(build.PAGE_ENV, "book/01_which_day")
    html1 = charts.render_html(_chart(title="T", description="D").to_dict())
    assert html1 == charts.render_html(_chart(title="T", description="D").to_dict())  # deterministic
    assert 'id="fig-which-day-path"' in html1 and '<p class="fc-chart-title">T</p>' in html1
    assert html1.startswith(sphinxext.CHART_MARK)  # what tells the build that a page shows a chart
    assert ">PNG</a> · " in html1 and '>Vega-Lite</a> · <details class="fc-embed"><summary>Embed</summary>' in html1
    assert "&lt;iframe src=" in html1 and 'class="fc-copy"' in html1
    meta = json.loads((tmp_path / "charts" / "which-day-path.vl.json").read_text())["usermeta"]
    assert meta["page"] == SITE + "book/01_which_day.html#fig-which-day-path"
    monkeypatch.delenv(build.PUBLISH_ENV)
    assert "data:text/csv;charset=utf-8;base64," in charts.render_html(_chart(title="T", description="D").to_dict())


def test_renderer_refuses_undescribed_charts():
    charts.enable()
    with pytest.raises(ValueError, match="description"):
        charts._renderer(_chart(title="T").to_dict())


@pytest.mark.parametrize("missing", ["name", "title", "description"])
def test_the_summary_display_checks_what_the_renderer_checks(missing):
    props = {"name": "which-day-path", "title": "T", "description": "D"}
    del props[missing]
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(**props)
    with pytest.raises(ValueError, match=missing):
        charts.summary(chart)
    with pytest.raises(ValueError, match=missing):
        charts._renderer(chart.to_dict())


def test_the_summary_display_names_the_chart_without_drawing_it(monkeypatch):
    from types import SimpleNamespace

    import IPython
    from IPython.core.formatters import DisplayFormatter

    chart = _chart(title="T", description="D")
    assert charts.summary(chart) == {"text/plain": "<chart which-day-path>"}
    shell = SimpleNamespace(display_formatter=DisplayFormatter())  # the part of a kernel's shell that shows results
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.delenv(charts.DISPLAY_ENV, raising=False)
    charts.enable()  # by default, charts are drawn
    assert "text/html" in shell.display_formatter.format(chart)[0]
    monkeypatch.setenv(charts.DISPLAY_ENV, "summary")
    charts.enable()
    assert shell.display_formatter.format(chart)[0] == {"text/plain": "<chart which-day-path>"}


def test_every_registry_source_and_credit_names_a_provider():
    from flashcrash.data import registry

    for src, _ in registry():
        assert charts.provider(src) in charts.PROVIDERS.values()
    with pytest.raises(KeyError, match="PROVIDERS"):
        charts.provider("nowhere-data")
    names = charts._sources()
    for cid, (subtitle, sources) in charts.CREDITS.items():
        assert subtitle and sources, cid
        for s in sources:
            assert s in names or s in (charts.MODEL, charts.LEDGER), (cid, s)


def test_usermeta_credits_win_over_the_table():
    spec = _chart(title="T", description="D", usermeta={"flashcrash": {"subtitle": "Own line", "sources": ["liq"]}}).to_dict()
    c = charts.credits(spec)
    assert c["subtitle"] == "Own line" and c["providers"] == ["CoinGlass"]


def test_data_package_validates_with_frictionless(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    write_ledger_files(LEDGER, tmp_path)
    write_chart_files(_chart(title="T", description="D").to_dict(), tmp_path)
    path = publish.write_datapackage(tmp_path)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "message"])
    pkg = json.loads(path.read_text())
    assert [r["name"] for r in pkg["resources"]] == ["claims", "which-day-path"]
    chart = pkg["resources"][1]
    fields = {f["name"]: f for f in chart["schema"]["fields"]}
    assert fields["time"]["type"] == "datetime" and fields["close"]["type"] == "number" and fields["close"]["unit"] == "USD"
    assert chart["licenses"][0]["name"] == "CC-BY-4.0" and "Binance" in chart["sources"][0]["title"]
    # a table that contradicts its schema does not validate
    (tmp_path / "charts" / "which-day-path.csv").write_text("part,time,close,level,label\nline mark,not a time,x,,\n")
    assert not frictionless.validate(str(path)).valid


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["1", "-2", ""], "integer"),
        (["1.5", "2"], "number"),
        (["2025-12-01T00:55:00Z"], "datetime"),
        (["2025-12-01"], "date"),
        (["True", "False"], "boolean"),
        (["a", "1"], "string"),
        (["", ""], "string"),
    ],
)
def test_field_types(values, kind):
    assert publish.infer_type(values) == kind


# ---------------------------------------------------------------------------------------------
# the site: checked printouts hidden, footer
# ---------------------------------------------------------------------------------------------
def test_checked_printouts_are_tagged_to_be_hidden_and_nothing_else():
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {"tags": ["remove-input"]}, "source": ["# NBVAL_CHECK_OUTPUT\n", "print(1)"]},
            {"cell_type": "code", "metadata": {}, "source": "x = 1  # NBVAL_CHECK_OUTPUT later"},
            {"cell_type": "markdown", "metadata": {}, "source": "# NBVAL_CHECK_OUTPUT"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    out = json.loads(sphinxext.hide_checked_cells(json.dumps(nb)))
    assert [c["metadata"].get("tags") for c in out["cells"]] == [["remove-input", "remove-cell"], None, None]
    same = json.dumps({"cells": nb["cells"][1:], "metadata": {}})
    assert sphinxext.hide_checked_cells(same) == same  # untouched text when there is nothing to hide


def test_footer_shows_version_build_date_and_changes(monkeypatch):
    monkeypatch.setenv(build.BUILD_TIME_ENV, "2026-12-01T07:55Z")
    f = sphinxext.footer_html(lambda name: "../" + name + ".html")
    assert f"flashcrash {__import__('flashcrash').__version__} · built 2026-12-01 07:55 UTC" in f and 'href="../book/changes.html"' in f
    assert build.build_info()["build_date"] == "2026-12-01"


def test_the_vega_bundle_is_loaded_only_by_pages_with_a_chart():
    from types import SimpleNamespace

    def scripts():
        names = ("_static/jquery.js", f"_static/{sphinxext.BUNDLE}", f"_static/{sphinxext.JS}", f"_static/{sphinxext.JS}")
        js = [SimpleNamespace(filename=name, attributes={}) for name in names]
        return js + [SimpleNamespace(filename="", attributes={"body": "const a = 1"})] * 2

    def page(body):
        context = {"pathto": lambda name: name + ".html", "script_files": scripts(), "body": body}
        sphinxext._page_context(None, "book/x", "page.html", context, None)
        return [js.filename or js.attributes["body"] for js in context["script_files"]]

    assert page(f'<p>x</p>{sphinxext.CHART_MARK} id="fig-a"></figure>') == [
        "_static/jquery.js",
        f"_static/{sphinxext.BUNDLE}",
        f"_static/{sphinxext.JS}",
        "const a = 1",
    ]  # each script once
    assert page("<p>text only</p>") == ["_static/jquery.js", f"_static/{sphinxext.JS}", "const a = 1"]


# ---------------------------------------------------------------------------------------------
# the site checker's file checks
# ---------------------------------------------------------------------------------------------
def test_link_checker_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="b.html#gone">x</a><a href="../nope.html">y</a><a href="https://example.org">ext</a><textarea>&lt;a href="x.html"&gt;</textarea>'
    )
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


def test_the_vega_bundle_must_come_with_charts_and_only_with_them(tmp_path):
    (tmp_path / "book").mkdir()
    fig, bundle = '<figure class="fc-chart" id="fig-x"></figure>', '<script src="../_static/flashcrash-vega.js?v=1"></script>'
    for name, html in (("a", bundle + fig), ("b", fig), ("c", bundle), ("d", "<p>text</p>")):
        (tmp_path / "book" / f"{name}.html").write_text(html)
    assert check_site.vega_bundle_problems(tmp_path) == [
        "book/b.html: shows a chart but does not load the vega bundle",
        "book/c.html: loads the vega bundle but shows no chart",
    ]


def test_snake_case_headers_are_reported_on_landing_and_chapters_only(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text("<th>Total liquidated, $M</th><th>long_share</th>")
    (tmp_path / "book" / "01_x.html").write_text('<th class="a"><span>worst_hour</span></th><th>score</th>')
    (tmp_path / "book" / "reproduce.html").write_text("<th>not_checked</th>")
    assert check_site.snake_case_headers(tmp_path) == [
        "book/intro.html: table headers in code names: long_share",
        "book/01_x.html: table headers in code names: worst_hour",
    ]


def test_claim_review_check_counts_and_fields(tmp_path):
    (tmp_path / "book").mkdir()
    write_ledger_files(LEDGER, tmp_path)
    (tmp_path / "book" / "ledger.html").write_text(publish.jsonld_script(LEDGER))
    assert check_site.claim_review_problems(tmp_path) == []
    one = {"claims": LEDGER["claims"][:1]}
    (tmp_path / "book" / "ledger.html").write_text(publish.jsonld_script(one))
    assert check_site.claim_review_problems(tmp_path) == [
        "book/ledger.html: no ClaimReview for claim c02-b",
        "book/ledger.html: 1 ClaimReviews for 2 assessed claims",
    ]
    (tmp_path / "book" / "ledger.html").write_text(publish.jsonld_script(LEDGER) * 2)
    assert check_site.claim_review_problems(tmp_path) == ["book/ledger.html: 2 JSON-LD scripts, expected one"]


def test_chart_file_check(tmp_path, monkeypatch):
    monkeypatch.setenv(build.PUBLISH_ENV, str(tmp_path))
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(
        charts.render_html(_chart(title="T", description="D").to_dict()) + charts.render_html(_chart(name="no-credits", title="T", description="D").to_dict())
    )
    (tmp_path / "charts" / "which-day-path.png").unlink()
    assert check_site.chart_file_problems(tmp_path) == [
        "charts/no-credits: credits name no data source (add it to flashcrash.charts.CREDITS or the chart's usermeta)",
        "charts/no-credits: no subtitle",
        "book/a.html: chart which-day-path has no charts/which-day-path.png",
    ]


def test_site_check_fails_a_page_wider_than_the_phone_screen():
    """On a phone the browser widens its layout viewport to an overflowing page: the check compares with the screen."""
    m = {"sw": 429, "iw": 429, "wide": [], "charts": [], "scrollers": [], "warnings": [], "traceback": False, "emptyGlue": 0}
    assert check_site.page_problems("book/x.html", 390, m, [], "http://127.0.0.1") == ["book/x.html @390px: page is 429 px wide on a 390 px screen (widest: )"]
    assert check_site.page_problems("book/x.html", 390, m | {"sw": 390, "iw": 390}, [], "http://127.0.0.1") == []
