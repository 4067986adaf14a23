from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.embedders import FakeEmbedder
from retrieval.expand import Expander
from retrieval.hybrid import HybridConfig, HybridRetriever
from retrieval.langchain_adapter import PolicyRetriever
from retrieval.scope import ScopeModel
from retrieval.units import SectionRef, build_units, units_for_section
from retrieval.vector_store import ChromaStore
from tests.fakes import InMemoryVectors

SECTIONS = [
    SectionRef("d", "1", "1.改革随迁子女就学机制", ("三、工作任务",), "建立以居住证为主要依据的随迁子女入学政策。学校不得向随迁子女收取有别于本地户籍学生的任何费用。", doc_title="方案"),
    SectionRef("d", "2", "2.加强留守儿童关爱保护", ("三、工作任务",), "优先安排留守儿童就读寄宿制学校。在寄宿制学校开通亲情电话。", doc_title="方案"),
    SectionRef("d", "3", "3.完善控辍保学机制", ("三、工作任务",), "落实辍学学生劝返、登记和书面报告制度。通过送教上门等方式保障残疾儿童接受义务教育。" * 6, doc_title="方案"),
]


def make(scope: ScopeModel | None = None) -> HybridRetriever:
    units = build_units(SECTIONS)
    embedder = FakeEmbedder()
    return HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), scope or ScopeModel.always_in_scope())


def test_long_sections_get_sentence_windows_that_know_their_section() -> None:
    units = units_for_section(SECTIONS[2])
    assert len(units) > 1
    assert {unit.section.section_id for unit in units} == {"3"}
    assert all(unit.text.startswith("完善控辍保学机制") for unit in units)


def test_one_hit_per_section_best_first() -> None:
    result = make().search("外地打工的娃上学要居住证吗", k=3)
    ids = [hit.section.section_id for hit in result.hits]
    assert ids[0] == "1"
    assert len(ids) == len(set(ids))
    assert result.features is not None and 0 <= result.confidence <= 1


@pytest.mark.parametrize("config", [HybridConfig(use_dense=False), HybridConfig(use_lexical=False), HybridConfig(fusion="rrf")])
def test_each_ranking_alone_still_finds_the_section(config: HybridConfig) -> None:
    assert make().search("留守儿童亲情电话", 3, config).hits[0].section.section_id == "2"


def test_scope_model_declines() -> None:
    never = ScopeModel({}, -10.0, 0.5)
    result = make(never).search("随迁子女")
    assert not result.in_scope and result.hits


def test_langchain_retriever_returns_documents_with_metadata() -> None:
    docs = PolicyRetriever(retriever=make(), k=2).invoke("残疾娃能送教上门吗")
    assert docs[0].metadata["section_id"] == "3"
    assert set(docs[0].metadata) >= {"doc_id", "section_id", "heading", "path"}
    assert docs[0].metadata["path"] == ["三、工作任务"]


def test_chroma_store_is_incremental_and_reopens_with_the_registered_function(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    units = build_units(SECTIONS)
    store = ChromaStore(embedder, path=tmp_path / "chroma")
    assert store.sync(units) == (len(units), 0)
    assert store.sync(units) == (0, 0)
    changed = build_units([SECTIONS[0], SECTIONS[1]._replace_text("优先安排留守儿童住校。") if hasattr(SECTIONS[1], "_replace_text") else SectionRef("d", "2", "2.加强留守儿童关爱保护", ("三、工作任务",), "优先安排留守儿童住校。")])
    added, deleted = store.sync(changed)
    assert added == 1 and deleted == len(units) - 1
    reopened = ChromaStore(embedder, path=tmp_path / "chroma")
    assert reopened.count() == 2
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=Settings(anonymized_telemetry=False))
    collection = client.get_collection(reopened.collection.name)  # no embedding function passed: found by registration
    assert collection.count() == 2
    top = reopened.search(embedder.embed_query("留守儿童住校"), 1)[0][0]
    assert top.startswith("d#2::")
    assert reopened.load_matrix()
    assert reopened.search(embedder.embed_query("留守儿童住校"), 1)[0][0] == top  # in-memory search agrees
