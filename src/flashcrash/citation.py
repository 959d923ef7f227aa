"""How to cite the report, a claim or a chart: generated from ``CITATION.cff`` so they never drift."""

from __future__ import annotations

from typing import Any

import yaml

from flashcrash.paths import repo_root


def citation() -> dict[str, Any]:
    """The parsed ``CITATION.cff``."""
    with open(repo_root() / "CITATION.cff", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _authors(cff: dict[str, Any]) -> str:
    return " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])


def _url(cff: dict[str, Any]) -> str | None:
    """Where the report lives, once it has a public address (``url`` or ``repository-code``)."""
    pc = cff.get("preferred-citation", {})
    return pc.get("url") or cff.get("url") or cff.get("repository-code")


def bibtex(cff: dict[str, Any] | None = None) -> str:
    """A BibTeX ``@techreport`` entry for the report."""
    cff = cff or citation()
    pc = cff.get("preferred-citation", cff)
    year = pc.get("year") or str(cff["date-released"])[:4]
    return (
        "@techreport{flashcrash" + str(year) + ",\n"
        f"  author = {{{{{_authors(cff)}}}}},\n"
        f"  title = {{{pc['title']}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{cff['version']}}},\n"
        + (f"  url = {{{_url(cff)}}},\n" if _url(cff) else "")
        + "  note = {Executable research report}\n}"
    )


def apa(cff: dict[str, Any] | None = None) -> str:
    """An APA 7 reference for the report."""
    cff = cff or citation()
    pc = cff.get("preferred-citation", cff)
    year = pc.get("year") or str(cff["date-released"])[:4]
    url = _url(cff)
    return f"{_authors(cff)}. ({year}). {pc['title']} (Version {cff['version']}) [Executable research report].{' ' + url if url else ''}"


def claim_citation(claim_id: str, statement: str, cff: dict[str, Any] | None = None) -> str:
    """A one-line citation of one claim, pointing at its permanent anchor on the ledger page."""
    cff = cff or citation()
    pc = cff.get("preferred-citation", cff)
    year = pc.get("year") or str(cff["date-released"])[:4]
    return f"{_authors(cff)} ({year}), {pc['title']}, v{cff['version']}, claim {claim_id} (\"{statement}\"), ledger.html#{claim_id}"
