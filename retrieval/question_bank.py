"""The question bank (knowledge/question_bank.yaml) as extra retrieval units that point at their section.

A bank question is indexed (lexical and dense) like a unit of the section it points at, but it is only a signal
for ranking that section: it is never quoted, and the hand-weighted fusion ignores it. Entries that point at a
kind of school data are left to the look-ups (the data records are found by name there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.ingest.script import fold
from knowledge.yamlload import safe_load
from retrieval.units import SectionRef, Unit, _digest

BANK_MARK = "::q"


@dataclass(frozen=True)
class BankEntry:
    doc_id: str
    section_id: str
    question: str
    says: str = ""  # the opening words of the sentence that answers the question (verbatim from the section), if named


def default_path() -> Path:
    return Path(__file__).resolve().parents[1] / "knowledge" / "question_bank.yaml"


def load_bank(path: Path | None = None) -> list[BankEntry]:
    path = path or default_path()
    if not path.exists():
        return []
    raw = safe_load(path.read_text(encoding="utf-8")) or {}
    entries: list[BankEntry] = []
    for entry in raw.get("entries") or []:
        target = entry.get("target") or {}
        if "section_id" not in target:
            continue  # a data kind: the look-ups find those records
        says = fold(str(target.get("says") or "")).strip()
        for question in entry.get("questions") or []:
            entries.append(BankEntry(str(target.get("doc_id", "")), str(target["section_id"]), str(question), says))
    return entries


def is_bank_unit(unit: Unit) -> bool:
    return BANK_MARK in unit.unit_id


def bank_units(sections: Sequence[SectionRef], entries: Iterable[BankEntry]) -> list[Unit]:
    """One unit per bank question whose section is indexed; the unit's section is that section."""
    by_key = {section.key: section for section in sections}
    units: list[Unit] = []
    counts: dict[str, int] = {}
    for entry in entries:
        section = by_key.get(f"{entry.doc_id}#{entry.section_id}")
        if section is None:
            continue
        text = fold(entry.question)
        number = counts.get(section.key, 0)
        counts[section.key] = number + 1
        says = entry.says if entry.says and entry.says in fold(section.text) else ""  # words the section no longer holds point nowhere
        units.append(Unit(f"{section.key}{BANK_MARK}{number}", section, text, _digest(text), says))
    return units
