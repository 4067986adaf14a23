"""The sections staff pick for an approved answer, by title: value "doc_id|section_id", label and citation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.display import parts, plain
from bot.pipeline.citation import citation
from knowledge.models import Document, Section
from retrieval.units import SectionRef


@dataclass(frozen=True)
class SectionChoice:
    value: str  # "doc_id|section_id"
    label: str  # 《实施方案》三（五）18. 改革随迁子女就学机制
    citation: str  # the full citation, as answers cite it

    @property
    def doc_id(self) -> str:
        return self.value.split("|", 1)[0]

    @property
    def section_id(self) -> str:
        return self.value.split("|", 1)[1]


def section_choices(session: Session) -> list[SectionChoice]:
    """Every section of the documents in force, in document order."""
    titles = {d.doc_id: d.title for d in session.exec(select(Document).where(col(Document.status) == "现行有效"))}
    statement = select(Section).where(col(Section.doc_id).in_(list(titles))).order_by(
        col(Section.doc_id), col(Section.position), col(Section.id))
    found = []
    for section in session.exec(statement):
        ref = SectionRef(section.doc_id, section.section_id, section.heading_s or section.heading,
                         tuple(section.path_s or ()), doc_title=titles[section.doc_id])
        cited = citation(ref)
        found.append(SectionChoice(f"{section.doc_id}|{section.section_id}", plain(parts(cited)), cited))
    return found


def find_choice(choices: list[SectionChoice], value: str) -> SectionChoice | None:
    return next((choice for choice in choices if choice.value == value), None)
