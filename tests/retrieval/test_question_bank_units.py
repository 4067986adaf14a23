"""Question-bank entries become extra units of the section they point at; data kinds are left to look-ups."""

from __future__ import annotations

from pathlib import Path

from retrieval.question_bank import BankEntry, bank_units, is_bank_unit, load_bank
from retrieval.units import SectionRef, build_units

SECTIONS = [SectionRef("d", "1", "1.改革随迁子女就学机制", text="建立以居住证为主要依据的随迁子女入学政策。")]


def test_the_shipped_bank_loads_section_targets_only() -> None:
    entries = load_bank()
    assert len(entries) > 300
    assert all(entry.section_id for entry in entries)
    assert {e.section_id for e in entries} >= {"3.6.21", "3.2.5", "notice"}


def test_bank_units_point_at_their_section_and_are_marked(tmp_path: Path) -> None:
    entries = [BankEntry("d", "1", "外地娃在这念书要啥证"), BankEntry("d", "9", "不存在的节"), BankEntry("d", "1", "隨遷子女")]
    units = bank_units(SECTIONS, entries)
    assert [u.section.section_id for u in units] == ["1", "1"]
    assert units[1].text == "随迁子女"  # folded to Simplified
    assert all(is_bank_unit(u) for u in units)
    assert not any(is_bank_unit(u) for u in build_units(SECTIONS))
    assert len({u.unit_id for u in units}) == 2


def test_a_missing_bank_file_is_empty(tmp_path: Path) -> None:
    assert load_bank(tmp_path / "none.yaml") == []
