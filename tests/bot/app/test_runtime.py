"""The runtime (the composition root's builder): answers with the database down, keeps the index in step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.answer import Asker
from bot.models import Feedback, QueryRecord
from bot.querylog import QueryLog
from bot.settings import Settings


def test_runtime_answers_and_spools_when_the_database_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app.runtime import build_runtime
    from bot.db import make_engine, migrate

    down = Settings(data_dir=tmp_path / "d", database_url="postgresql://postgres@127.0.0.1:1/test", embedder="fake", user_key_secret="core-test-secret-0123456789",
                    web_session_secret="core-test-session-0123456789")
    runtime = build_runtime(down, show_progress=False)
    assert not runtime.database_ok
    answer = runtime.core.ask("随迁子女上学要交额外的钱吗", Asker("web", "visitor"))
    assert answer.answered and answer.sources[0].section_id == "3.6.18"
    runtime.core.feedback(answer.query_id, True)
    spool = down.spool_path
    assert spool.exists() and len(spool.read_text(encoding="utf-8").splitlines()) == 2

    engine = make_engine(f"sqlite:///{tmp_path / 'up.db'}")
    migrate(engine)
    replayed = QueryLog(engine, spool, "s", "test")  # the constructor never touches the database
    with Session(engine) as session:
        assert session.exec(select(QueryRecord)).all() == []
    assert replayed.replay() == 2  # the explicit start-up call
    with Session(engine) as session:
        assert session.exec(select(QueryRecord)).one().id == answer.query_id
        assert session.exec(select(Feedback)).one().helpful
    assert replayed.replay() == 0


def test_a_section_removed_from_a_document_leaves_the_index(tmp_path: Path) -> None:
    from bot.app.runtime import build_runtime

    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "plan.md"
    doc.write_text("甲县资助办法\n\n一、对象\n\n家庭经济困难学生。\n\n二、标准\n\n每生每年一千元。\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "d", knowledge_dir=docs, embedder="fake", user_key_secret="core-test-secret-0123456789")
    first = build_runtime(settings, show_progress=False)
    before = first.retriever.vectors.count()  # type: ignore[attr-defined]
    doc.write_text("甲县资助办法\n\n一、对象\n\n家庭经济困难学生。\n", encoding="utf-8")
    second = build_runtime(settings, show_progress=False)
    after = second.retriever.vectors.count()  # type: ignore[attr-defined]
    assert after == before - 1
    assert all(unit.section.section_id != "2" for unit in second.retriever.units if unit.section.doc_id == "plan")


def test_one_encoder_call_serves_the_approved_matcher_and_retrieval(tmp_path: Path) -> None:
    """The matcher embeds what retrieval embeds, through the one query-vector cache: each new question
    costs one encoder call, a repeated one none."""
    import numpy as np

    from bot.app.runtime import build_runtime
    from bot.approved import crud
    from bot.approved.models import ApprovedAnswerCreate
    from retrieval.embedders import CachedEmbedder, FakeEmbedder

    class Counting(FakeEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[str] = []

        def embed_query(self, text: str) -> np.ndarray:
            self.calls.append(text)
            return super().embed_query(text)

    settings = Settings(data_dir=tmp_path / "d", embedder="fake", user_key_secret="core-test-secret-0123456789")
    inner = Counting()
    cache = CachedEmbedder(inner, 64)
    runtime = build_runtime(settings, show_progress=False, embedder=cache)
    with Session(runtime.engine) as session:
        crud.create_approved(session, ApprovedAnswerCreate(question="随迁子女入学需要居住证吗？", answer="需要。"), "staff")
    runtime.core.ask("学区是怎么划分的", Asker("web", "visitor"))  # the matcher indexes the approved question here
    inner.calls.clear()
    hits = cache.hits
    answer = runtime.core.ask("随迁子女上学要居住证吗", Asker("web", "visitor"))
    assert cache.hits == hits + 1  # asked twice for the vector (matcher, then retrieval), encoded once
    assert len(inner.calls) == 1, inner.calls  # the matcher looked (shared words), retrieval reused its vector
    assert inner.calls[0] == runtime.retriever.dense_text("随迁子女上学要居住证吗")
    runtime.core.ask("随迁子女上学要居住证吗", Asker("web", "visitor"))
    assert len(inner.calls) == 1 and answer.kind in {"approved", "answer"}


def test_a_channel_runtime_has_its_name_rules_loaded_and_a_one_shot_command_does_not(tmp_path: Path) -> None:
    from bot.app.runtime import build_runtime

    settings = Settings(data_dir=tmp_path / "d", embedder="fake", user_key_secret="core-test-secret-0123456789")
    one_shot = build_runtime(settings, show_progress=False)
    channel = build_runtime(settings, show_progress=False, long_running=True)
    assert one_shot.redactor is not None and channel.redactor is not None
    assert not one_shot.redactor.tagger.loaded
    assert channel.redactor.tagger.loaded and "surnames" in vars(channel.redactor._roman)


def test_warming_a_channel_loads_what_the_first_questions_would(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import runtime
    from bot.redact import Redactor
    from knowledge.ingest import script
    from knowledge.schooldata import SchoolDirectory
    from retrieval import out_of_scope

    out_of_scope._lexical_negatives.cache_clear()
    script._converter.cache_clear()
    directory = SchoolDirectory.from_data_dir(Settings().school_data_dir)
    runtime.warm_channel(Redactor(), directory)
    assert out_of_scope._lexical_negatives.cache_info().currsize == 1
    misses = script._converter.cache_info().misses
    script.to_traditional("学")
    assert script._converter.cache_info().misses == misses  # the Traditional converter was built already
    assert directory._resolver._pinyin_places is not None
