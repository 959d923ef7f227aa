"""How to cite the report, a claim or a chart, and where they live: one site address for everything.

The site's address is ``html.baseurl`` in ``_config.yml``; every citation, image footer, embed snippet
and machine-readable file takes it from :func:`site_url`. The report's title, authors and version come
from ``CITATION.cff``, so citations never drift from the citation file.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import yaml

from flashcrash.paths import repo_root

#: the licence of the report's text, charts and chart data (the code is under the repository's licence)
CONTENT_LICENCE = "CC BY 4.0"
CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CONTENT_LICENCE_SPDX = "CC-BY-4.0"

#: The article the report checks: what is known of it, and what is not. Only what was found is stated.
ARTICLE: dict[str, Any] = {
    "outlet": "AiCoin",
    "outlet_url": "https://www.aicoin.com/",
    "outlet_evidence": (
        "the article's closing disclaimer (in Chinese) speaks for “this platform” and gives support@aicoin.com as the platform's address for complaints"
    ),
    "headline": None,
    "headline_note": (
        "The text as received has no title line. Its first heading reads “Flash Crash Review: $800 Million "
        "in Leverage Liquidated in One Hour”; the report refers to the article by that heading."
    ),
    "first_heading": "Flash Crash Review: $800 Million in Leverage Liquidated in One Hour",
    "language": "en",
    "date": None,
    "date_note": (
        "The text carries no date and no byline. It places the crash in “mid-December” and its outlook "
        "speaks of a Fed rate-cutting cycle and new highs “in 2025”."
    ),
    "address": None,
    "copy_url": "https://gdgz.link/en/article/503827",
    "address_note": (
        "No address of the article on aicoin.com was found. A stored copy of the web page "
        "gdgz.link/en/article/503827 carries the same English text, without headline or date."
    ),
}


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    with open(repo_root() / "_config.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def site_url(config: dict[str, Any] | None = None) -> str:
    """The site's address (``html.baseurl`` of ``_config.yml``), ending with ``/``."""
    cfg = config if config is not None else _config()
    base = ((cfg.get("html") or {}).get("baseurl") or "").strip()
    if not base.startswith(("https://", "http://")):
        raise ValueError("set html.baseurl in _config.yml to the site's address (https://...): citations, image credits and data files need it")
    return base if base.endswith("/") else base + "/"


def url(path: str, config: dict[str, Any] | None = None) -> str:
    """Absolute address of ``path`` (relative to the site's root, e.g. ``book/ledger.html#c01-x``)."""
    return site_url(config) + path.lstrip("/")


def claim_url(claim_id: str, config: dict[str, Any] | None = None) -> str:
    """A claim's permanent address: its anchor on the ledger page."""
    return url(f"book/ledger.html#{claim_id}", config)


def chart_url(chart_id: str, config: dict[str, Any] | None = None) -> str:
    """A chart's permanent address: its standalone page (which embeds anywhere)."""
    return url(f"charts/{chart_id}.html", config)


def citation() -> dict[str, Any]:
    """The parsed ``CITATION.cff``."""
    with open(repo_root() / "CITATION.cff", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _authors(cff: dict[str, Any]) -> str:
    return " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])


def _url(cff: dict[str, Any]) -> str | None:
    """Where the report lives: the citation file's ``url``, else the configured site address."""
    pc = cff.get("preferred-citation", {})
    found = pc.get("url") or cff.get("url")
    if found:
        return found
    try:
        return site_url()
    except (ValueError, FileNotFoundError):
        return None


def _year(cff: dict[str, Any]) -> str:
    pc = cff.get("preferred-citation", cff)
    return str(pc.get("year") or str(cff["date-released"])[:4])


def _title(cff: dict[str, Any]) -> str:
    return cff.get("preferred-citation", cff)["title"]


def bibtex(cff: dict[str, Any] | None = None) -> str:
    """A BibTeX ``@techreport`` entry for the report."""
    cff = cff or citation()
    year = _year(cff)
    return (
        "@techreport{flashcrash" + year + ",\n"
        f"  author = {{{{{_authors(cff)}}}}},\n"
        f"  title = {{{_title(cff)}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{cff['version']}}},\n" + (f"  url = {{{_url(cff)}}},\n" if _url(cff) else "") + "  note = {Executable research report}\n}"
    )


def apa(cff: dict[str, Any] | None = None) -> str:
    """An APA 7 reference for the report."""
    cff = cff or citation()
    u = _url(cff)
    return f"{_authors(cff)}. ({_year(cff)}). {_title(cff)} (Version {cff['version']}) [Executable research report].{' ' + u if u else ''}"


def verdict_words(verdict: str) -> str:
    """A verdict code in words (``not_checkable`` -> "Not checkable"); ``pending`` -> "Pending"."""
    from flashcrash.rules.base import VERDICT_WORDS

    return VERDICT_WORDS.get(verdict, verdict.replace("_", " ").capitalize())


def claim_citation(
    claim_id: str,
    statement: str,
    verdict: str,
    cff: dict[str, Any] | None = None,
    accessed: dt.date | str | None = None,
    address: str | None = None,
) -> str:
    """A suggested citation of one claim: authors, year, the claim and its verdict, the report and its
    version, the claim's permanent address and the access date (today unless given)."""
    cff = cff or citation()
    day = accessed or dt.datetime.now(dt.UTC).date()
    where = address or claim_url(claim_id)
    return (
        f"{_authors(cff)} ({_year(cff)}). Claim {claim_id}: “{statement.rstrip('.')}.” Verdict: {verdict_words(verdict).lower()}. "
        f"In {_title(cff)}, version {cff['version']}. {where} (accessed {day})."
    )


def chart_citation(chart_id: str, title: str, cff: dict[str, Any] | None = None, accessed: dt.date | str | None = None) -> str:
    """A suggested citation of one chart, pointing at its standalone page."""
    cff = cff or citation()
    day = accessed or dt.datetime.now(dt.UTC).date()
    return f"{_authors(cff)} ({_year(cff)}). {title} [chart]. In {_title(cff)}, version {cff['version']}. {chart_url(chart_id)} (accessed {day}). {CONTENT_LICENCE}."


def article_reference() -> str:
    """The checked article in one line, saying what is not known."""
    a = ARTICLE
    head = a["headline"] or f"Untitled article, first heading “{a['first_heading']}”"
    when = a["date"] or "undated"
    where = a["address"] or f"Original address unknown; copy at {a['copy_url']}"
    return f"{a['outlet']} ({when}). {head}. {where}."
