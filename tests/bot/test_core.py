"""AssistantCore: every channel's entry point — answers, conversation memory, the query log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.answer import Asker
from bot.conversation import ConversationStore
from bot.core import AssistantCore
from bot.models import Feedback, QueryRecord
from bot.querylog import QueryLog
from bot.settings import Settings


@pytest.fixture
def core(engine, tmp_path: Path, assistant) -> AssistantCore:
    log = QueryLog(engine, tmp_path / "spool.jsonl", "secret-for-tests", "test")
    return AssistantCore(assistant, log, ConversationStore(900), "secret-for-tests", assistant.retriever.units and [u.section for u in assistant.retriever.units])


def test_ask_logs_a_redacted_question_under_a_pseudonymous_key(core: AssistantCore, engine, tmp_path: Path) -> None:
    answer = core.ask("我叫李小花，手机13912345678，身份证64052219900101123X，娃该上哪个学校", Asker("telegram", "987654321", "private"))
    assert answer.query_id
    core.feedback(answer.query_id, False, "答非所问")
    with Session(engine) as session:
        record = session.exec(select(QueryRecord)).one()
        feedback = session.exec(select(Feedback)).one()
    assert record.channel == "telegram" and record.user_key and "987654321" not in record.user_key
    assert "[手机号]" in record.question and "[身份证号]" in record.question and "[姓名]" in record.question
    assert feedback.query_id == answer.query_id and feedback.reason == "答非所问" and not feedback.helpful
    raw = (tmp_path / "test.db").read_bytes()
    for secret in (b"987654321", b"13912345678", "李小花".encode()):
        assert secret not in raw


def test_conversation_is_per_user(core: AssistantCore) -> None:
    alice, bob = Asker("web", "alice"), Asker("web", "bob")
    core.ask("我家住在七营镇北嘴村，娃该上哪个学校", alice)
    followup = core.ask("那初中呢？", alice)
    assert "初中：" in followup.text
    stranger = core.ask("那初中呢？", bob)
    assert "七营镇" not in stranger.text


def test_source_text_and_topics(core: AssistantCore) -> None:
    text = core.source_text("000_8e01929cc9c29c4e", "3.6.18")
    assert text is not None and text.citation.endswith("三（五）18. 改革随迁子女就学机制") and "居住证" in text.text
    assert core.source_text("nope", "1") is None
    assert [t.key for t in core.topics()] == ["zone", "migrant", "subsidy", "care", "dropout", "teacher"]


def test_conversations_expire() -> None:
    store = ConversationStore(ttl_seconds=0)
    from bot.pipeline.context import Turn

    store.add("k", Turn("q", "zone", at=0.0))
    assert store.get("k").turns == []
    assert store.get("").turns == []


def test_runtime_answers_and_spools_when_the_database_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.db import make_engine, migrate
    from bot.runtime import build_runtime

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
    replayed = QueryLog(engine, spool, "s", "test")  # replays on start
    with Session(engine) as session:
        assert session.exec(select(QueryRecord)).one().id == answer.query_id
        assert session.exec(select(Feedback)).one().helpful
    assert replayed.replay_spool() == 0


def test_a_section_removed_from_a_document_leaves_the_index(tmp_path: Path) -> None:
    from bot.runtime import build_runtime

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
