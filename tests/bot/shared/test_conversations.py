"""Conversation context in the database: shared by workers, redacted, expiring, tolerant of a database outage."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.conversation import MAX_TURNS
from bot.db import make_engine
from bot.pipeline.context import Turn
from bot.redact import redact
from bot.shared.conversations import DbConversations
from bot.shared.models import ConversationState

from .conftest import Clock

REFUSED_URL = "postgresql://postgres@127.0.0.1:1/test"  # nothing listens on port 1


def _store(engine: Engine, clock: Clock, ttl: float = 900) -> DbConversations:
    return DbConversations(engine, ttl, lambda text: redact(text).text, clock)


def test_a_turn_added_by_one_worker_is_seen_by_another(db: Engine, clock: Clock) -> None:
    one, other = _store(db, clock), _store(db, clock)
    one.add("k1", Turn("我家住在七营镇北嘴村，娃该上哪个学校", "zone", place="北咀村", township="七营镇",
                       section_keys=("d#1",)))
    [turn] = other.get("k1").turns
    assert (turn.intent, turn.place, turn.township, turn.section_keys) == ("zone", "北咀村", "七营镇", ("d#1",))
    assert other.get("k2").turns == [] and other.get("").turns == []
    for i in range(MAX_TURNS + 2):
        other.add("k1", Turn(f"问题{i}", "general"))
    assert [t.question for t in one.get("k1").turns] == [f"问题{i}" for i in range(2, MAX_TURNS + 2)]


def test_only_redacted_text_is_stored(db: Engine, clock: Clock) -> None:
    store = _store(db, clock)
    store.add("k1", Turn("我叫马小明，电话13812345678，娃上哪个学校", "zone"))
    with Session(db) as session:
        row = session.exec(select(ConversationState)).one()
    assert "13812345678" not in row.turns and "马小明" not in row.turns
    assert "[手机号]" in json.loads(row.turns)[0]["turn"]["question"]


def test_turns_expire_after_the_ttl_and_rows_are_purged(db: Engine, clock: Clock) -> None:
    store = _store(db, clock, ttl=900)
    store.add("k1", Turn("一", "zone"))
    clock.now += 600
    store.add("k1", Turn("二", "zone"))
    clock.now += 400  # the first turn is 1000 s old, the second 400 s
    assert [t.question for t in store.get("k1").turns] == ["二"]
    clock.now += 901
    assert store.get("k1").turns == []
    assert store.purge() == 1
    with Session(db) as session:
        assert session.exec(select(ConversationState)).all() == []


def test_a_database_outage_falls_back_to_memory() -> None:
    engine = make_engine(REFUSED_URL)
    try:
        store = DbConversations(engine, 900, lambda text: text)
        store.add("k1", Turn("一", "zone"))  # does not raise
        assert not store.outage.up()  # the next calls skip the database for a while instead of waiting on it
        assert [t.question for t in store.get("k1").turns] == ["一"]
    finally:
        engine.dispose()


def test_a_turn_written_by_another_worker_between_read_and_write_is_kept(db: Engine, clock: Clock) -> None:
    one, other = _store(db, clock), _store(db, clock)
    one.get("k1")  # no row yet
    other.get("k1")
    one.add("k1", Turn("一", "zone"))
    other.add("k1", Turn("二", "zone"))  # its insert finds one's row: read again and appended
    assert [t.question for t in one.get("k1").turns] == ["一", "二"]
    other.get("k1")
    one.add("k1", Turn("三", "zone"))  # written without a read of its own (none kept)
    other.add("k1", Turn("四", "zone"))  # what it read is stale: read again
    assert [t.question for t in other.get("k1").turns] == ["一", "二", "三", "四"]


def test_a_question_reads_once_and_writes_once(db: Engine, clock: Clock) -> None:
    from sqlalchemy import event

    store = _store(db, clock)
    store.get("k1")
    store.add("k1", Turn("一", "zone"))  # the first write also purges expired rows
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement.split()[0].upper())

    event.listen(db, "before_cursor_execute", record)
    try:
        store.get("k1")
        store.add("k1", Turn("二", "zone"))
        store.get("k2")
        store.add("k2", Turn("三", "zone"))
    finally:
        event.remove(db, "before_cursor_execute", record)
    writes = [s for s in sent if s != "SET"]  # PostgreSQL: SET LOCAL synchronous_commit before the commit
    assert writes == ["SELECT", "UPDATE", "SELECT", "INSERT"]
    assert [t.question for t in store.get("k1").turns] == ["一", "二"]
