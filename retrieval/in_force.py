"""Which documents answer: only those in force, unless the question names a document itself; and when two
documents in force speak on the same point, the newer leads and the older follows as earlier policy."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.units import SectionRef

if TYPE_CHECKING:
    from retrieval.hybrid import Hit

IN_FORCE = "现行有效"
# a hit of another document in force scoring at least this share of the top one speaks on the same point
SAME_POINT_RATIO = 0.6
LOOK_AT = 4  # policy hits examined for a conflict
# the older document keeps at least this share of the top score, so that it is shown beside the newer one
EARLIER_SHARE = 0.86


def asked_directly(section: SectionRef, folded_query: str) -> bool:
    return any(key in folded_query for key in section.mentions)


def visible(section: SectionRef, folded_query: str) -> bool:
    """Data records always; policy sections of documents in force; others only when the question names them."""
    return section.kind != "policy" or section.status == IN_FORCE or asked_directly(section, folded_query)


def _date(section: SectionRef) -> str:
    return section.issued or "0000-00-00"


def arrange(hits: list[Hit], folded_query: str) -> list[Hit]:
    """Newer first on a conflict: the best hit of another document in force close to the top hit is the same
    point; the newer of the two leads (with the top score) and the older follows it."""
    policy = [i for i, hit in enumerate(hits) if hit.section.kind == "policy"]
    if len(policy) < 2:
        return hits
    top = hits[policy[0]]
    if top.section.status != IN_FORCE:
        return hits
    rival_index = next(
        (i for i in policy[1:LOOK_AT] if hits[i].section.doc_id != top.section.doc_id and hits[i].section.status == IN_FORCE
         and hits[i].score >= SAME_POINT_RATIO * top.score),
        None,
    )
    if rival_index is None or _date(hits[rival_index].section) == _date(top.section):
        return hits
    rival = hits[rival_index]
    newer, older = (rival, top) if _date(rival.section) > _date(top.section) else (top, rival)
    lead = replace(newer, score=top.score)
    follow = replace(older, score=max(older.score, EARLIER_SHARE * top.score))
    rest = [hit for i, hit in enumerate(hits) if i not in {policy[0], rival_index}]
    data_first = hits[: policy[0]]  # school-data hits ranked above every policy hit stay where they were
    rest = rest[len(data_first):]
    return [*data_first, lead, follow, *rest]
