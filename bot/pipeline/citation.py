"""Citations in the form people read them: 《实施方案》三（五）18. 改革随迁子女就学机制 — the document by its short
title, its date where more than one document is in force, and its status where it is no longer in force."""

from __future__ import annotations

import re

from knowledge.ingest.numerals import match_marker
from retrieval.units import SectionRef


def _marker(heading: str) -> tuple[str, str]:
    found = match_marker(heading)
    if not found:
        return "", heading
    kind, marker, _ = found
    rest = heading[len(marker) :]
    if kind == "cn":
        marker = marker.rstrip("、")
    return marker, rest


def chinese_date(iso: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else iso


def document_name(section: SectionRef) -> str:
    """《实施方案》, 《实施方案》（2019年8月26日） when several are in force, 《…》（已废止） when no longer in force."""
    name = section.short_title or section.doc_title
    if not name:
        return ""
    marks = [chinese_date(section.issued)] if section.dated and section.issued else []
    if section.status != "现行有效":
        marks.append(section.status)
    return f"《{name}》" + (f"（{'，'.join(marks)}）" if marks else "")


def cited_document(citation_text: str) -> str:
    """The document part of a citation: 《实施方案》（2019年8月26日）三（四）11. … → 《实施方案》（2019年8月26日）."""
    match = re.match(r"《[^》]*》(?:（[^）]*）)?", citation_text)
    return match.group(0) if match else ""


def earlier_policy(source_citation: str) -> str:
    """How an older document in force on the same point is introduced after the newer one."""
    return f"此前的规定（{source_citation}，较早的政策）"


def citation(section: SectionRef) -> str:
    title = document_name(section)
    if section.kind != "policy":
        return section.heading
    if section.section_id == "notice":
        return f"{title}印发通知"
    if section.section_id == "preamble":
        return f"{title}前言"
    numbers = "".join(_marker(h)[0] for h in section.path)
    own, words = _marker(section.heading)
    return f"{title}{numbers}{own} {words}".strip()
