"""Retrieval units: whole sections and sentence windows of long sections, each knowing its section."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.text import sentences

WINDOW_CHARS = 160
LONG_SECTION_CHARS = 220
# The encoder's cost grows with the input: a whole long section is embedded by its heading and
# opening only; its sentence windows carry the rest. BM25 always indexes the full text.
EMBED_CHARS = 180


@dataclass(frozen=True)
class SectionRef:
    """What a hit points at; enough to cite it."""

    doc_id: str
    section_id: str
    heading: str  # Simplified, number included
    path: tuple[str, ...] = ()  # ancestors' headings, Simplified
    text: str = ""  # Simplified body
    kind: str = "policy"  # policy / data
    doc_title: str = ""
    verified: bool = True
    index_note: str = ""  # extra words indexed with the section but never quoted (e.g. document metadata)
    index_text: str = ""  # what to index instead of `text`, where they differ (data records)
    # which document is in force (policy sections): see retrieval/in_force.py
    status: str = "现行有效"  # 现行有效 / 已被替代 / 已废止 / 待生效 (published, effective later)
    short_title: str = ""  # cited as 《short_title》; the full title when empty
    issued: str = ""  # ISO date the document was signed
    dated: bool = False  # more than one document in force: the citation names the date
    mentions: tuple[str, ...] = ()  # folded title / short title / number: naming one asks about the document itself
    # a heading with no text of its own (三、工作任务): the list of its sub-sections' headings, shown in answers in
    # place of the text but not indexed or read as the text (the sub-sections answer their own questions)
    outline: str = ""

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.section_id}"


@dataclass(frozen=True)
class Unit:
    unit_id: str
    section: SectionRef
    text: str  # what is embedded and tokenised (Simplified)
    content_hash: str = field(default="")
    # a question-bank unit written for one sentence of its section: that sentence's opening words (verbatim)
    points_at: str = field(default="", compare=False)

    @property
    def embed_text(self) -> str:
        return self.text[:EMBED_CHARS]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def heading_words(heading: str) -> str:
    """The heading without its number, e.g. '18.改革随迁子女就学机制' -> '改革随迁子女就学机制'."""
    from knowledge.ingest.numerals import match_marker

    found = match_marker(heading)
    return heading[len(found[1]) :] if found else heading


def units_for_section(section: SectionRef) -> list[Unit]:
    title = heading_words(section.heading)
    context = "；".join(heading_words(p) for p in section.path[-1:])
    body = (section.index_text or section.text).strip()
    if not body and not title:
        return []
    whole = f"{title}。{body}" if body else f"{context}；{title}" if context else title
    if section.index_note:
        whole = f"{whole}\n{section.index_note}"
    units = [Unit(f"{section.key}::0", section, whole, _digest(whole))]
    if len(body) > LONG_SECTION_CHARS or len(whole) > EMBED_CHARS + 40:
        window: list[str] = []
        count = 0
        for sentence in sentences(body):
            if window and count + len(sentence) > WINDOW_CHARS:
                text = f"{title}：{''.join(window)}"
                units.append(Unit(f"{section.key}::{len(units)}", section, text, _digest(text)))
                window, count = [], 0
            window.append(sentence)
            count += len(sentence)
        if window and len(units) > 1:
            text = f"{title}：{''.join(window)}"
            units.append(Unit(f"{section.key}::{len(units)}", section, text, _digest(text)))
    return units


def build_units(sections: Iterable[SectionRef]) -> list[Unit]:
    units: list[Unit] = []
    for section in sections:
        units.extend(units_for_section(section))
    return units
