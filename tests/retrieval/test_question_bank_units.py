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


def test_a_target_naming_a_sentence_points_its_units_at_it(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "entries:\n"
        '  - target: {doc_id: "d", section_id: "1", says: "建立以居住證"}\n'
        "    questions: [外地打工的人家的娃在这念书看啥]\n"
        '  - target: {doc_id: "d", section_id: "1", says: "不在这一节里的话"}\n'
        "    questions: [外地娃念书要啥]\n"
        '  - target: {doc_id: "d", section_id: "1"}\n'
        "    questions: [随迁子女]\n",
        encoding="utf-8",
    )
    entries = load_bank(bank)
    assert [e.says for e in entries] == ["建立以居住证", "不在这一节里的话", ""]  # folded like the questions
    units = bank_units(SECTIONS, entries)
    assert [u.points_at for u in units] == ["建立以居住证", "", ""]  # words the section does not hold point nowhere


def test_the_search_says_which_sentence_the_nearest_bank_question_was_written_for() -> None:
    from retrieval.embedders import FakeEmbedder
    from retrieval.expand import Expander
    from retrieval.hybrid import HybridRetriever
    from retrieval.ranker import FEATURES, LinearRanker
    from retrieval.scope import ScopeModel
    from tests.fakes import InMemoryVectors

    other = SectionRef("d", "2", "2.关爱留守儿童", text="建立留守儿童关爱服务体系。")
    entries = [BankEntry("d", "1", "外地打工的人家的娃在这念书看啥", "建立以居住证"), BankEntry("d", "2", "爹妈不在家的娃谁管")]
    units = build_units([*SECTIONS, other]) + bank_units([*SECTIONS, other], entries)
    embedder = FakeEmbedder()
    retriever = HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), ScopeModel.always_in_scope(),
                                ranker=LinearRanker(tuple(1.0 for _ in FEATURES)))
    assert retriever.search("外地打工的人家的娃在这念书看啥").points_at == ("d#1", "建立以居住证")
    assert retriever.search("爹妈不在家的娃谁管").points_at is None  # its nearest bank question names no sentence


def test_the_answer_steps_weigh_terms_by_the_sources_alone() -> None:
    """Staff extending the bank must not change how an answer opens: the sources' own index holds no bank question."""
    from retrieval.embedders import FakeEmbedder
    from retrieval.hybrid import HybridRetriever
    from tests.fakes import InMemoryVectors

    embedder = FakeEmbedder()
    own = build_units(SECTIONS)
    few = own + bank_units(SECTIONS, [BankEntry("d", "1", "居住证")])
    many = own + bank_units(SECTIONS, [BankEntry("d", "1", f"居住证问题{i}") for i in range(30)])
    idf = [HybridRetriever(u, embedder, InMemoryVectors(embedder, u)).source_words.idf("居住") for u in (few, many)]
    mixed = [HybridRetriever(u, embedder, InMemoryVectors(embedder, u)).lexical.idf("居住") for u in (few, many)]
    assert idf[0] == idf[1] and mixed[0] != mixed[1]


def test_what_the_sources_name_in_quotation_marks_is_read_from_their_text_not_the_bank() -> None:
    from retrieval.embedders import FakeEmbedder
    from retrieval.hybrid import HybridRetriever
    from tests.fakes import InMemoryVectors

    care = SectionRef("d", "2", "2.关爱留守儿童", text="在寄宿制学校开通“亲情电话”和“网络亲情教室”，落实“七长责任制”。")
    units = build_units([*SECTIONS, care]) + bank_units([*SECTIONS, care], [BankEntry("d", "2", "“家长热线”是啥")])
    embedder = FakeEmbedder()
    named = HybridRetriever(units, embedder, InMemoryVectors(embedder, units)).named_terms
    assert named == frozenset({"亲情电话", "网络亲情教室", "七长责任制"})
