"""Citations in the form people read them: 《…实施方案》三（五）18. 改革随迁子女就学机制."""

from __future__ import annotations

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


def citation(section: SectionRef) -> str:
    title = f"《{section.doc_title}》" if section.doc_title else ""
    if section.kind != "policy":
        return section.heading
    if section.section_id == "notice":
        return f"{title}印发通知"
    if section.section_id == "preamble":
        return f"{title}前言"
    numbers = "".join(_marker(h)[0] for h in section.path)
    own, words = _marker(section.heading)
    return f"{title}{numbers}{own} {words}".strip()
