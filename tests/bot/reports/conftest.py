"""Seeded query log for the report tests (times in UTC; the report counts days in China Standard Time)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.models import FeedbackCreate, QueryCreate
from bot.querylog import crud

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=dt.UTC)


QUERIES = [
    # id, created_at, channel, intent, answered, question
    ("q1", at(10, 2), "web", "migrant", True, "随迁子女入学需要居住证吗？"),
    ("q2", at(10, 3), "telegram", "migrant", True, "隨遷子女入學需要居住證嗎？"),
    ("q3", at(9, 20), "web", "migrant", True, "请问随迁子女入学需要居住证吗"),
    ("q4", at(8, 10), "telegram", "subsidy", True, "两免一补具体免哪些费用？"),
    ("q5", at(8, 11), "web", "general", False, "火星上有学校吗"),
    ("q6", at(1, 9), "web", "zone", True, "旧的问题，不在报告时段内"),
    ("q7", at(9, 16, 30), "web", "zone", True, "我家孩子该上哪所小学？"),
]
FEEDBACK = [
    # query, helpful, reason, created_at
    ("q1", True, "", at(10, 4)),
    ("q4", False, "信息过时", at(8, 12)),
    ("q7", False, "答非所问", at(9, 17)),
    ("q7", False, "不适用我的情况", at(9, 18)),
    ("q6", False, "答非所问", at(1, 10)),
]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    with Session(engine) as session:
        for ident, created, channel, intent, answered, question in QUERIES:
            crud.create_query(session, QueryCreate(
                id=ident, created_at=created, channel=channel, intent=intent, answered=answered, question=question,
                answer="回答" if answered else "抱歉，没有找到。",
            ))
        for query_id, helpful, reason, created in FEEDBACK:
            crud.create_feedback(session, FeedbackCreate(query_id=query_id, helpful=helpful, reason=reason,
                                                         created_at=created))
    return engine
