"""The site's own pages: verdict counts, the article's record, the ledger rows (rule beside the verdict,
permalink, citation, change links), the changes table and the licences."""

import re

from flashcrash import pages
from flashcrash.rules.base import VERDICT_WORDS, VERDICTS

SITE = "https://flashcrash.github.io/flashcrash/"
RULE = {
    "kind": "threshold",
    "text": "Reproduced if below $84k for at most 60 minutes.",
    "thresholds": [{"name": "brief_max_minutes", "value": 60, "unit": "minutes", "reason": "brief"}],
    "reasons": [],
}
LEDGER = {
    "claims": [
        {
            "id": "c01-mid-december",
            "statement": "The crash was in mid-December.",
            "excerpt": "mid-December",
            "verdict": VERDICTS[2],
            "chapter": "which-day",
            "evidence": "It was 1 December.",
            "rule": RULE,
            "evidence_kind": ["market data"],
            "figures": [],
        },
        {
            "id": "c02-asian-session",
            "statement": "Asian session.",
            "excerpt": "Asian",
            "verdict": VERDICTS[0],
            "chapter": "which-day",
            "evidence": "00:55 UTC.",
            "figures": [],
        },
        {
            "id": "c03-break-87k",
            "statement": "Break < $87k & more.",
            "excerpt": "x",
            "verdict": "pending",
            "chapter": "which-day",
            "evidence": "not yet",
            "figures": [],
        },
    ]
}
CHANGE = {
    "date": "2026-12-01",
    "claim": "c01-mid-december",
    "old": VERDICTS[1],
    "new": VERDICTS[2],
    "reason": "Rule stated: mid-December is 10-20 December.",
    "version": "0.2.0",
    "anchor": "change-2026-12-01-c01-mid-december",
}


def test_counts_follow_the_ledger_and_show_pending_only_when_there_is_some():
    assert pages.verdict_counts(LEDGER) == {VERDICTS[0]: 1, VERDICTS[1]: 0, VERDICTS[2]: 1, VERDICTS[3]: 0, "pending": 1}
    html = pages.counts_html(LEDGER)
    assert html.count("<li>") == 5 and "<strong>1</strong>" in html
    assert pages.counts_html({"claims": LEDGER["claims"][:2]}).count("<li>") == 4


def test_ledger_rows_carry_rule_permalink_citation_and_change():
    html = pages.ledger_table(LEDGER, [CHANGE]).html
    rows = re.findall(r'<tr id="([^"]+)">', html)
    assert rows == ["c01-mid-december", "c02-asian-session", "c03-break-87k"]
    first = html.split('<tr id="c02-asian-session">')[0]
    assert RULE["text"] in first and "brief max minutes = 60 minutes" in first and "Rests on: market data." in first
    assert 'href="changes.html#change-2026-12-01-c01-mid-december"' in first and "partly reproduced → contradicted" in first
    assert f"{SITE}book/ledger.html#c01-mid-december</a>" in first  # visible permalink
    assert "Verdict: contradicted." in first and '<span class="fc-today">' in first  # citation, access date
    assert 'href="01_which_day.html#c01-mid-december"' in first  # the chapter's anchor
    second = html.split('<tr id="c02-asian-session">')[1].split('<tr id="c03-break-87k">')[0]
    assert "Rule" not in second and "changed" not in second  # no rule yet: nothing invented
    third = html.split('<tr id="c03-break-87k">')[1]
    assert "01_which_day.html" not in third and "Break &lt; $87k &amp; more." in third  # pending, escaped


def test_changes_table_anchors_entries_newest_first():
    later = {**CHANGE, "date": "2026-12-05", "anchor": "change-2026-12-05-c01-mid-december"}
    html = pages.changes_table([CHANGE, later]).html
    assert re.findall(r'<tr id="([^"]+)">', html) == ["change-2026-12-05-c01-mid-december", "change-2026-12-01-c01-mid-december"]
    assert "No published verdict has changed" in pages.changes_table([])


def test_article_record_says_what_is_not_known():
    html = pages.article_html()
    assert "AiCoin" in html and "support@aicoin.com" in html
    assert html.count("not known.") == 3  # headline, date, address


def test_claims_and_citation_tables_link_to_the_ledger():
    html = pages.claims_table(LEDGER).html
    assert 'href="ledger.html#c01-mid-december"' in html and VERDICT_WORDS[VERDICTS[2]].lower() in html.lower()
    cites = pages.citations_table(LEDGER).html
    assert cites.count('class="fc-cite-text"') == 3 and "version 0.1.0" in cites


def test_licences_name_code_content_and_each_source():
    html = pages.licences_html("MIT")
    assert "MIT" in html and "CC BY 4.0" in html and "Binance" in html and "FRED" in html and "CoinGlass" in html


def test_opinions_table_lists_excerpt_and_why_and_links_claims():
    from flashcrash.claims import Opinion

    ops = [Opinion("often become the preferred target", "A generalisation; see c69 & c99."), Opinion("a <metaphor>", "Advice.")]
    html = pages.opinions_table(ops, ["c69-three-causes"]).html
    assert "What the article says" in html and "Why it is not a factual claim" in html
    assert "<em>“often become the preferred target”</em>" in html and "a &lt;metaphor&gt;" in html
    assert '<a href="#c69-three-causes">c69</a> &amp; c99.' in html  # a known claim is linked, an unknown one left as text
    assert html.count('<td data-label="What the article says"') == 2
