"""Which documents answer: only those in force, unless the question names a document itself; and when two
documents in force speak on the same point, the newer leads and the older follows as earlier policy."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.units import SectionRef

if TYPE_CHECKING:
    from retrieval.hit import Hit

IN_FORCE = "现行有效"
# a hit of another document in force speaks on the same point when it scores at least this share of the top one,
SAME_POINT_RATIO = 0.6
# or at least this share when both headings name a topic word of the question (e.g. 班额)
SAME_TOPIC_RATIO = 0.3
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


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if all("\u4e00" <= ch <= "\u9fff" for ch in text[i : i + 2])}


def _share(score: float, top: float, low: float) -> float:
    """The score as a share of the top one. Fused scores are positive and read as ratios; a learned ranker's
    scores (log-odds, possibly negative) are first put on 0..1 between the lowest hit and the top."""
    if low >= 0 and top > 0:
        return score / top
    return (score - low) / (top - low) if top > low else 1.0


def _same_point(top: Hit, other: Hit, folded_query: str, low: float = 0.0, by_rank: bool = False) -> bool:
    from retrieval.units import heading_words

    if other.section.doc_id == top.section.doc_id or other.section.status != IN_FORCE:
        return False
    if by_rank:  # a learned ranker's scores are peaked: the next policy hit on the same topic is the same point
        shared = _bigrams(heading_words(top.section.heading)) & _bigrams(heading_words(other.section.heading))
        return bool(shared & _bigrams(folded_query)) or bool(_bigrams(heading_words(other.section.heading)) & _bigrams(folded_query) & _bigrams(top.section.text or ""))
    share = _share(other.score, top.score, low)
    if share >= SAME_POINT_RATIO:
        return True
    shared = _bigrams(heading_words(top.section.heading)) & _bigrams(heading_words(other.section.heading))
    return share >= SAME_TOPIC_RATIO and bool(shared & _bigrams(folded_query))


def arrange(hits: list[Hit], folded_query: str, by_rank: bool = False) -> list[Hit]:
    """Newer first on a conflict: the best hit of another document in force close to the top hit is the same
    point; the newer of the two leads (with the top score) and the older follows it."""
    policy = [i for i, hit in enumerate(hits) if hit.section.kind == "policy"]
    if len(policy) < 2:
        return hits
    top = hits[policy[0]]
    if top.section.status != IN_FORCE:
        return hits
    low = min(hits[i].score for i in policy)
    window = policy[1:2] if by_rank else policy[1:LOOK_AT]
    rival_index = next((i for i in window if _same_point(top, hits[i], folded_query, low, by_rank)), None)
    if rival_index is None or _date(hits[rival_index].section) == _date(top.section):
        return hits
    rival = hits[rival_index]
    newer, older = (rival, top) if _date(rival.section) > _date(top.section) else (top, rival)
    named = [hit for hit in (top, rival) if asked_directly(hit.section, folded_query)]
    if len(named) == 1:  # the question names one of the two documents: that one leads
        newer, older = named[0], rival if named[0] is top else top
    lead = replace(newer, score=top.score)
    follow = replace(older, score=max(older.score, top.score - (1 - EARLIER_SHARE) * abs(top.score)))
    rest = [hit for i, hit in enumerate(hits) if i not in {policy[0], rival_index}]
    data_first = hits[: policy[0]]  # school-data hits ranked above every policy hit stay where they were
    rest = rest[len(data_first):]
    return [*data_first, lead, follow, *rest]
