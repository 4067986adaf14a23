"""QueryLog on SQLite: record, feedback, export, privacy, spool and replay, purge, stats."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from bot.models import Feedback, QueryRecord
from bot.querylog import QueryLog, crud, user_key
from bot.reports.export import export

from .helpers import QUESTION, RAW_NAME, RAW_PHONE, RAW_USER_ID, SECRET, make_answer, make_asker

JSONL_KEYS = [
    "id", "created_at", "channel", "chat_type", "user_key", "script", "intent", "answered", "question",
    "answer", "sources", "latency_ms", "version", "status", "helpful", "reason",
]  # fmt: skip


def _log(engine: Engine, spool: Path, **kwargs: object) -> QueryLog:
    return QueryLog(engine, spool, SECRET, "1.2.3", **kwargs)  # type: ignore[arg-type]


def _export(qlog: QueryLog, fmt: str = "jsonl", since: dt.datetime | None = None) -> str:
    """What was stored, read back through the one export in bot.reports."""
    out = io.StringIO()
    export(qlog.engine, since, fmt, out)  # type: ignore[arg-type]
    return out.getvalue()


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return len(session.exec(select(QueryRecord)).all()), len(session.exec(select(Feedback)).all())


def test_record_feedback_export_jsonl(sqlite_engine: Engine, spool_path: Path) -> None:
    qlog = _log(sqlite_engine, spool_path)
    answer = make_answer(text=f"已记下您的电话{RAW_PHONE}。可以转学。")
    query_id = qlog.record(answer, make_asker(), QUESTION)
    assert len(query_id) == 16
    assert answer.query_id == query_id
    qlog.feedback(query_id, helpful=False, reason="没说要带什么材料")

    rows = [json.loads(line) for line in _export(qlog).splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == JSONL_KEYS
    assert row["id"] == query_id
    assert row["channel"] == "telegram"
    assert row["chat_type"] == "private"
    assert row["user_key"] == user_key(SECRET, "telegram", RAW_USER_ID)
    assert row["question"] == "我叫[姓名]，电话[手机号]，孩子转学到海原县城怎么办？"
    assert row["answer"] == "已记下您的电话[手机号]。可以转学。"
    assert row["intent"] == "transfer"
    assert row["answered"] is True
    assert row["script"] == "simplified"
    assert row["latency_ms"] == pytest.approx(123.4)
    assert row["version"] == "1.2.3"
    assert row["status"] == "new"
    assert row["helpful"] is False
    assert row["reason"] == "没说要带什么材料"
    assert row["sources"] == [
        {
            "doc_id": "hyx-2019-82",
            "section_id": "3.5.18",
            "heading": "改革随迁子女就学机制",
            "path": ["三、主要任务", "（五）"],
            "quote": "随迁子女按照相对就近原则入学。",
            "score": 0.8765,
        }
    ]
    created = dt.datetime.fromisoformat(row["created_at"])
    assert created.utcoffset() == dt.timedelta(hours=8)  # exports carry county time
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)
    assert not spool_path.exists()


def test_user_key_is_stable_and_hides_the_id() -> None:
    key = user_key(SECRET, "telegram", RAW_USER_ID)
    assert key == user_key(SECRET, "telegram", RAW_USER_ID)
    assert len(key) == 32 and int(key, 16) >= 0
    assert RAW_USER_ID not in key
    assert key != user_key(SECRET, "web", RAW_USER_ID)
    assert key != user_key("another-secret", "telegram", RAW_USER_ID)
    assert key != user_key(SECRET, "telegram", RAW_USER_ID + "0")
    assert user_key(SECRET, "telegram", "") == ""
    # HMAC-SHA256 of "telegram:5550001234" with the test secret, first 32 hex chars
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), b"telegram:5550001234", hashlib.sha256).hexdigest()[:32]
    assert key == expected


def test_raw_data_never_reaches_the_database_or_spool(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path, tmp_path: Path
) -> None:
    qlog = _log(sqlite_engine, spool_path)
    query_id = qlog.record(make_answer(), make_asker(), QUESTION)
    qlog.feedback(query_id, helpful=False, reason=f"请打{RAW_PHONE}联系我")
    down = _log(refused_engine, spool_path)
    spooled_id = down.record(make_answer(), make_asker(), QUESTION)
    down.feedback(spooled_id, helpful=False, reason=f"请打{RAW_PHONE}联系我")
    assert spool_path.exists()

    stored = b"".join(p.read_bytes() for p in (tmp_path / "db").iterdir() if p.is_file())
    spooled = spool_path.read_bytes()
    for blob in (stored, spooled, _export(qlog).encode(), _export(qlog, "csv").encode()):
        assert RAW_USER_ID.encode() not in blob
        assert RAW_PHONE.encode() not in blob
        assert RAW_NAME.encode() not in blob
        assert SECRET.encode() not in blob
    assert user_key(SECRET, "telegram", RAW_USER_ID).encode() in spooled
    assert SECRET not in repr(qlog)


def test_spool_when_database_refuses_then_replay(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path
) -> None:
    down = _log(refused_engine, spool_path)
    answer = make_answer()
    query_id = down.record(answer, make_asker(), QUESTION)  # must not raise
    assert answer.query_id == query_id
    down.feedback(query_id, helpful=False, reason="不对")
    lines = spool_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["query", "feedback"]
    assert json.loads(lines[0])["data"]["id"] == query_id
    assert json.loads(lines[1])["data"]["query_id"] == query_id
    assert down.replay() == 0  # still down: nothing lost
    assert spool_path.read_text(encoding="utf-8").splitlines() == lines

    up = _log(sqlite_engine, spool_path)
    assert up.replay() == 2
    assert not spool_path.exists()
    assert _counts(sqlite_engine) == (1, 1)
    row = json.loads(_export(up))
    assert row["id"] == query_id and row["helpful"] is False and row["reason"] == "不对"

    # idempotent: replaying the same lines again (e.g. after a crash before the spool was cleared)
    assert up.replay() == 0
    spool_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert up.replay() == 0
    assert _counts(sqlite_engine) == (1, 1)
    assert not spool_path.exists()


def test_replay_at_start_up_and_before_the_next_write(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path
) -> None:
    down = _log(refused_engine, spool_path)
    first = down.record(make_answer(), make_asker(), "第一个问题")
    assert spool_path.exists()
    _log(sqlite_engine, spool_path).replay()  # the runtime replays at start-up
    assert _counts(sqlite_engine) == (1, 0)

    second = down.record(make_answer(), make_asker(), "第二个问题")
    up = _log(sqlite_engine, spool_path)
    third = up.record(make_answer(), make_asker(), "第三个问题")  # queued behind the spool, replayed in the background
    up.feedback(second, helpful=True)
    up.join_replay(30)
    assert not spool_path.exists()
    assert [row["id"] for row in map(json.loads, _export(up).splitlines())] == [first, second, third]


def test_writes_stay_in_order_while_spool_is_pending(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path
) -> None:
    down = _log(refused_engine, spool_path, retry_after=3600)
    query_id = down.record(make_answer(), make_asker(), "问题")
    # the database is back, but this instance is still backing off: feedback queues behind the query
    down._engine = sqlite_engine
    down.feedback(query_id, helpful=True)
    assert len(spool_path.read_text(encoding="utf-8").splitlines()) == 2
    assert down.replay() == 2  # an explicit replay ignores the back-off
    assert _counts(sqlite_engine) == (1, 1)


def test_bad_spool_lines_and_unknown_feedback_are_set_aside(sqlite_engine: Engine, spool_path: Path) -> None:
    qlog = _log(sqlite_engine, spool_path)
    qlog.feedback("no-such-query", helpful=False)  # foreign key fails: rejected, not raised
    rejected = spool_path.with_name("queries.rejected.jsonl")
    assert len(rejected.read_text(encoding="utf-8").splitlines()) == 1

    down_line = '{"v": 1, "type": "query", "data": {"id": "abc", "question": "q"'  # torn write
    spool_path.write_text(down_line + "\n", encoding="utf-8")
    query_id = qlog.record(make_answer(), make_asker(), "问题")
    qlog.join_replay(30)
    assert not spool_path.exists()
    assert len(rejected.read_text(encoding="utf-8").splitlines()) == 2
    assert _counts(sqlite_engine)[0] == 1
    with Session(sqlite_engine) as session:
        assert crud.get_query(session, query_id) is not None


def test_threads_share_one_spool(refused_engine: Engine, sqlite_engine: Engine, spool_path: Path) -> None:
    down = _log(refused_engine, spool_path)
    ids: list[str] = []

    def work() -> None:
        for i in range(10):
            ids.append(down.record(make_answer(), make_asker(str(i)), f"问题{i}"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = spool_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 80
    assert sorted(json.loads(line)["data"]["id"] for line in lines) == sorted(ids)
    assert _log(sqlite_engine, spool_path).replay() == 80


def test_purge_removes_old_queries_and_their_feedback(sqlite_engine: Engine, spool_path: Path) -> None:
    qlog = _log(sqlite_engine, spool_path)
    old = qlog.record(make_answer(), make_asker(), "旧问题")
    new = qlog.record(make_answer(), make_asker(), "新问题")
    qlog.feedback(old, helpful=False, reason="旧")
    qlog.feedback(new, helpful=True)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    with Session(sqlite_engine) as session:
        session.exec(update(QueryRecord).where(col(QueryRecord.id) == old).values(created_at=long_ago))
        session.commit()
    assert qlog.purge(dt.timedelta(days=365)) == 1
    assert _counts(sqlite_engine) == (1, 1)
    with Session(sqlite_engine) as session:
        assert crud.get_query(session, old) is None
        assert session.exec(select(Feedback)).one().query_id == new
    assert qlog.purge(dt.timedelta(days=365)) == 0


def test_secret_is_required(sqlite_engine: Engine, spool_path: Path) -> None:
    with pytest.raises(ValueError):
        QueryLog(sqlite_engine, spool_path, "", "1")


def test_mark_reviewed_takes_a_query_out_of_the_new_queue(sqlite_engine: Engine, spool_path: Path) -> None:
    from bot.reports.queue import queue_items

    qlog = _log(sqlite_engine, spool_path)
    declined = qlog.record(make_answer(answered=False, intent="other", text="抱歉"), make_asker(), "天气")
    disliked = qlog.record(make_answer(), make_asker(), "插班")
    qlog.feedback(disliked, helpful=False, reason="答非所问")
    with Session(sqlite_engine) as session:
        assert crud.mark_reviewed(session, declined) is True
        assert crud.mark_reviewed(session, "missing") is False
        assert [item.id for item in queue_items(session, status="new")] == [disliked]
        assert [item.id for item in queue_items(session, status="reviewed")] == [declined]
