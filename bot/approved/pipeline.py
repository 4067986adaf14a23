"""Turn a matched approved answer into the `Answer` every channel shows (for the answer pipeline)."""

from __future__ import annotations

from bot.answer import Answer, Source
from bot.approved.models import ApprovedAnswer


def approved_answer(question: str, approved: ApprovedAnswer, score: float, intent: str = "general") -> Answer:
    """kind "approved"; the citation is appended to the text, and the section (when given) is the source."""
    text = approved.answer.strip()
    if approved.citation:
        text += f"\n\n出处：{approved.citation}"
    sources = []
    if approved.doc_id and approved.section_id:
        sources.append(
            Source(
                doc_id=approved.doc_id,
                section_id=approved.section_id,
                heading=approved.citation or approved.question,
                path=[],
                quote="",
                score=float(score),
                citation=approved.citation,
                kind="approved",
            )
        )
    return Answer(question=question, text=text, answered=True, intent=intent, sources=sources, kind="approved")
