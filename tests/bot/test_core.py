"""AssistantCore: every channel's entry point — answers, conversation memory, the query log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.answer import Asker
from bot.conversation import ConversationStore
from bot.core import AssistantCore
from bot.models import Feedback, QueryRecord
from bot.querylog import QueryLog, user_key


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


def test_close_forgets_the_conversations(core: AssistantCore) -> None:
    asker = Asker("telegram", "42", "private")
    core.ask("娃该上哪个学校", asker)
    key = user_key("secret-for-tests", "telegram", "42")
    assert core.conversations.get(key).turns
    core.close()
    assert core.conversations.get(key).turns == []
