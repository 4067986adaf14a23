"""Data shared by the query-log tests."""

from __future__ import annotations

from bot.answer import Answer, Asker, Source

SECRET = "test-secret-not-the-default"
RAW_USER_ID = "5550001234"
RAW_PHONE = "13812345678"
RAW_NAME = "马小明"
QUESTION = f"我叫{RAW_NAME}，电话{RAW_PHONE}，孩子转学到海原县城怎么办？"
REFUSED_URL = "postgresql://postgres@127.0.0.1:1/test"  # nothing listens on port 1


def make_answer(answered: bool = True, intent: str = "transfer", text: str = "可以转学。") -> Answer:
    source = Source(
        doc_id="hyx-2019-82",
        section_id="3.5.18",
        heading="改革随迁子女就学机制",
        path=["三、主要任务", "（五）"],
        quote="随迁子女按照相对就近原则入学。",
        score=0.876543,
    )
    return Answer(
        question=QUESTION,
        text=text,
        answered=answered,
        intent=intent,
        sources=[source] if answered else [],
        latency_ms=123.4,
    )


def make_asker(user_id: str = RAW_USER_ID) -> Asker:
    return Asker(channel="telegram", user_id=user_id, chat_type="private")
