"""Each logged question links to the same user's previous one (within the follow-up window)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.querylog import QueryLog, crud
from bot.querylog import log as log_module

from .helpers import SECRET, make_answer, make_asker


def _previous(engine: Engine, query_id: str) -> str:
    with Session(engine) as session:
        record = crud.get_query(session, query_id)
        assert record is not None
        return record.previous_id


def test_a_follow_up_links_to_the_turn_before(sqlite_engine: Engine, spool_path: Path) -> None:
    log = QueryLog(sqlite_engine, spool_path, SECRET)
    first = log.record(make_answer(), make_asker(), "关桥乡的娃上哪个学校")
    follow = log.record(make_answer(), make_asker(), "那初中呢？")
    other = log.record(make_answer(), make_asker("another-user"), "那初中呢？")
    anonymous = log.record(make_answer(), make_asker(""), "1")
    assert _previous(sqlite_engine, first) == ""
    assert _previous(sqlite_engine, follow) == first
    assert _previous(sqlite_engine, other) == ""  # another user's turn is never context
    assert _previous(sqlite_engine, anonymous) == ""  # no user: no conversation


def test_an_old_turn_is_not_context(sqlite_engine: Engine, spool_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = QueryLog(sqlite_engine, spool_path, SECRET)
    long_ago = dt.datetime.now(dt.UTC) - log_module.FOLLOWUP_WINDOW - dt.timedelta(minutes=1)
    monkeypatch.setattr(log_module, "_now", lambda: long_ago)
    old = log.record(make_answer(), make_asker(), "随迁子女")
    monkeypatch.undo()
    new = log.record(make_answer(), make_asker(), "那初中呢？")
    assert old and _previous(sqlite_engine, new) == ""


def test_the_database_away_still_logs_without_a_link(refused_engine: Engine, spool_path: Path) -> None:
    log = QueryLog(refused_engine, spool_path, SECRET, retry_after=60)
    query_id = log.record(make_answer(), make_asker(), "随迁子女")
    assert query_id and spool_path.read_text(encoding="utf-8").count(query_id) == 1


def test_the_link_is_looked_up_in_the_session_that_writes_the_row(sqlite_engine: Engine, spool_path: Path) -> None:
    from sqlalchemy import event

    log = QueryLog(sqlite_engine, spool_path, SECRET)
    first = log.record(make_answer(), make_asker(), "关桥乡的娃上哪个学校")
    checkouts: list[int] = []

    def checkout(*_args: object) -> None:
        checkouts.append(1)

    event.listen(sqlite_engine.pool, "checkout", checkout)
    try:
        follow = log.record(make_answer(), make_asker(), "那初中呢？")
    finally:
        event.remove(sqlite_engine.pool, "checkout", checkout)
    assert _previous(sqlite_engine, follow) == first and len(checkouts) == 1


def test_a_follow_up_queued_behind_spooled_entries_keeps_its_link(sqlite_engine: Engine, spool_path: Path) -> None:
    log = QueryLog(sqlite_engine, spool_path, SECRET)
    first = log.record(make_answer(), make_asker(), "关桥乡的娃上哪个学校")
    spool_path.write_text("not json\n", encoding="utf-8")  # something pending: the next write queues behind it
    follow = log.record(make_answer(), make_asker(), "那初中呢？")
    log.join_replay(10)
    log.replay()
    assert _previous(sqlite_engine, follow) == first
