"""Which documents answer: only those in force, unless the question names a document itself; and when a newer
document in force restates the point of a hit, the newer leads and the older follows as earlier policy.

One rule for every ranking path, on a scale of its own: whether two hits speak on the same point is decided
between the older hit's matched unit and the newer hit's section (retrieval/same_point.py, precomputed when the
index is built), never from the ranker's scores. The newer document must have been found relevant too: among
the first `RELEVANT` policy hits."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.units import SectionRef

if TYPE_CHECKING:
    from retrieval.hit import Hit
    from retrieval.same_point import SamePoints

IN_FORCE = "现行有效"
RELEVANT = 10  # policy hits (the top one included) among which a restating document counts as found relevant


def asked_directly(section: SectionRef, folded_query: str) -> bool:
    return any(key in folded_query for key in section.mentions)


def visible(section: SectionRef, folded_query: str) -> bool:
    """Data records always; policy sections of documents in force; others only when the question names them.
    Applied to the candidates before any ranking."""
    return section.kind != "policy" or section.status == IN_FORCE or asked_directly(section, folded_query)


def _date(section: SectionRef) -> str:
    return section.issued or "0000-00-00"


def restates(older: Hit, newer: Hit, same: SamePoints) -> bool:
    """`newer`, a later document in force, speaks on the point `older` matched (its unit)."""
    return (
        newer.section.doc_id != older.section.doc_id
        and newer.section.status == IN_FORCE
        and _date(newer.section) > _date(older.section)
        and same.same(older.unit_id, newer.section.key)
    )


def arrange(hits: list[Hit], folded_query: str, same: SamePoints) -> list[Hit]:
    """Newer first on a restated point: when the top policy hit's point is restated by a newer document in force
    that the retrieval also found, the newer leads (with the top score) and the top follows it as earlier policy;
    when the top hit is itself the newer one, the older hit on its point follows it. A document the question
    names leads on its own point, newer or not; on a question about a document itself (its 印发通知, with the
    metadata), only naming it moves another document's section to the lead."""
    policy = [i for i, hit in enumerate(hits) if hit.section.kind == "policy"]
    if len(policy) < 2:
        return hits
    top = hits[policy[0]]
    if top.section.status != IN_FORCE:
        return hits
    window = policy[1:RELEVANT]
    rival_index = next((i for i in window if restates(top, hits[i], same)), None)  # a newer one restates the top
    if rival_index is None:
        rival_index = next((i for i in window if restates(hits[i], top, same)), None)  # the top restates an older one
    if rival_index is None:
        return hits
    rival = hits[rival_index]
    newer, older = (rival, top) if _date(rival.section) > _date(top.section) else (top, rival)
    named = [hit for hit in (top, rival) if asked_directly(hit.section, folded_query)]
    if len(named) == 1:  # the question names one of the two documents: that one leads
        newer, older = named[0], rival if named[0] is top else top
    elif top.section.index_note:  # about a document itself, naming neither: which one is asked is not the date's call
        return hits
    lead = replace(newer, score=top.score)
    follow = replace(older, score=top.score)  # shown beside the lead (as 此前的规定), whatever the score scale
    data_first = hits[: policy[0]]  # school-data hits ranked above every policy hit stay where they were
    rest = [hit for i, hit in enumerate(hits) if i not in {policy[0], rival_index}][len(data_first):]
    return [*data_first, lead, follow, *rest]
