"""The chapter's assessor (``contagion-macro`` in ``data/claims.yaml``): every claim's verdict from the
rules' measures (:class:`~flashcrash.contagion.measures.ContagionCore`).

The market claims are assessed in :mod:`flashcrash.contagion.market_claims`, the macro claims in
:mod:`flashcrash.contagion.macro_claims` and the backdrop's claims in :mod:`flashcrash.backdrop.assess`;
c69 (three causes together) then reads the verdicts of its components.
"""

from __future__ import annotations

from flashcrash import backdrop
from flashcrash.claims import Assessment
from flashcrash.contagion.macro_claims import assess_macro, assess_three_causes
from flashcrash.contagion.market_claims import assess_market
from flashcrash.contagion.measures import ContagionCore, rule_measures


def _claim_number(claim_id: str) -> int:
    """``18`` for ``"c18-eth-alts-followed"``."""
    return int(claim_id[1:].split("-")[0])


def assess(m: ContagionCore | None = None) -> dict[str, Assessment]:
    """Verdicts of the ``contagion-macro`` chapter (claims c18-c28, c54-c59, c61-c66, c69), claim id ->
    :class:`flashcrash.claims.Assessment`, in the claims' order; each verdict comes from its rule in
    :mod:`flashcrash.rules.contagion_macro`. The notebook passes the measures it shows (which hold the
    rules'); the ledger calls it without, and the rules' measures of the crash day are computed here
    (:func:`~flashcrash.contagion.measures.rule_measures`)."""
    m = rule_measures() if m is None else m
    parts = {**assess_market(m), **assess_macro(m.rates, m.fed, m.day)}
    out = dict(sorted(parts.items(), key=lambda kv: _claim_number(kv[0])))
    out.update(backdrop.assess(m.backdrop, m.funding.of("BTC").loc[30], m.rates.dgs10))
    out["c69-three-causes"] = assess_three_causes({cid: a.ruling for cid, a in out.items()})
    return out
