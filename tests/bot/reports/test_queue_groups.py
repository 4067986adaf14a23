"""The review queue grouped: identical and near-identical questions with counts and the turn before them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.models import QueryCreate
from bot.querylog import crud
from bot.reports.groups import group_indices
from bot.reports.labels import beijing, label, people_headers
from bot.reports.queue import group_of, queue_groups
from retrieval.embedders import FakeEmbedder

T0 = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


def _add(session: Session, qid: str, question: str, minutes: int, previous: str = "", answered: bool = False,
         answer: str = "没有找到。") -> None:
    crud.create_query(session, QueryCreate(id=qid, created_at=T0 + dt.timedelta(minutes=minutes), channel="web",
                                           intent="zone", answered=answered, question=question, answer=answer,
                                           previous_id=previous))


def test_group_indices_puts_identical_wordings_together() -> None:
    questions = ["那初中呢？", "火星上有学校吗", "那初中呢", "那 初中 呢?", "两免一补"]
    groups = group_indices(questions, FakeEmbedder(), threshold=0.99)
    assert groups[0] == [0, 2, 3] and sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]


def test_queue_groups_count_and_show_the_previous_turn(engine: Engine) -> None:
    with Session(engine) as session:
        _add(session, "ctx1", "关桥乡新庄村的娃上哪个学校", 0, answered=True, answer="小学：新庄小学")
        for n in range(25):
            _add(session, f"rep{n:02d}", "那初中呢？", n + 1, previous="ctx1" if n == 0 else "")
        _add(session, "mars", "火星上有学校吗", 40)
        groups = queue_groups(session, FakeEmbedder())
        assert [g.count for g in groups] == [25, 1]
        big = groups[0]
        assert big.wordings == [("那初中呢？", 25)] and big.waiting == 25 and big.unanswered == 25
        assert [(item.id, turn.question) for item, turn in big.contexts] == [("rep00", "关桥乡新庄村的娃上哪个学校")]
        ids = group_of(session, FakeEmbedder(), "rep07")
        assert sorted(ids) == [f"rep{n:02d}" for n in range(25)]
        assert crud.mark_reviewed_many(session, ids) == 25
        assert [g.count for g in queue_groups(session, FakeEmbedder(), status="new")] == [1]


def test_labels_and_beijing_time() -> None:
    assert [label(c, "channel") for c in ("web", "terminal", "telegram", "wechat-oa", "wechat-kf")] == [
        "网页", "终端", "Telegram", "微信公众号", "企业微信客服"]
    assert [label(i, "intent") for i in ("chitchat", "zone", "migrant")] == ["闲聊", "入学划片", "随迁子女"]
    assert (label("new", "status"), label("reviewed", "status"), label(True, "bool"), label(False, "bool")) == (
        "新", "已处理", "是", "否")
    assert label("unknown-code", "channel") == "unknown-code"
    assert beijing("2026-03-10T02:00:00+00:00") == dt.datetime(2026, 3, 10, 10, 0)
    assert beijing(dt.datetime(2026, 3, 10, 18, 30)) == dt.datetime(2026, 3, 11, 2, 30)  # naive = UTC (database)
    assert people_headers(["编号", "时间"], [None, "time"]) == ["编号", "时间（北京时间）"]
