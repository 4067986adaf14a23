"""Spool replay runs in the background, batch by batch: a write during a long replay does not wait for it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.models import QueryRecord
from bot.querylog import QueryLog

from .helpers import SECRET, make_answer, make_asker

SPOOLED = 230
BATCH = 50
PARK_AT = 60  # the replay parks on this entry (the second batch), as a slow database would


class ParkedStore:
    """Wraps QueryLog._store: the PARK_AT-th call waits until released (a database that has stalled)."""

    def __init__(self, qlog: QueryLog) -> None:
        self._store = qlog._store
        self.calls = 0
        self.parked = threading.Event()
        self.release = threading.Event()

    def __call__(self, kind: str, item: object) -> bool:
        self.calls += 1
        if self.calls == PARK_AT:
            self.parked.set()
            assert self.release.wait(60), "the test never released the replay"
        return self._store(kind, item)  # type: ignore[arg-type]


def _spool_some(refused_engine: Engine, spool_path: Path) -> list[str]:
    down = QueryLog(refused_engine, spool_path, SECRET, retry_after=3600)
    return [down.record(make_answer(), make_asker(str(i)), f"问题{i}") for i in range(SPOOLED)]


def test_a_write_during_a_long_replay_is_queued_not_blocked(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path
) -> None:
    spooled = _spool_some(refused_engine, spool_path)
    up = QueryLog(sqlite_engine, spool_path, SECRET, replay_batch=BATCH)
    store = ParkedStore(up)
    up._store = store  # type: ignore[method-assign]
    assert up.replay_in_background() is not None  # what the runtime does at start-up
    assert store.parked.wait(30)

    written: list[str] = []
    writer = threading.Thread(target=lambda: written.append(up.record(make_answer(), make_asker("new"), "新问题")))
    writer.start()
    writer.join(30)
    # the write finished while the replay is still parked inside the database call
    assert not writer.is_alive() and written
    assert not store.release.is_set()
    lines = spool_path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["data"]["id"] == written[0]  # queued behind the spooled entries
    assert json.loads(lines[0])["data"]["id"] == spooled[BATCH]  # the first batch is out of the spool already

    store.release.set()
    up.join_replay(60)
    assert not spool_path.exists()
    with Session(sqlite_engine) as session:
        ids = session.exec(select(QueryRecord.id).order_by(col(QueryRecord.created_at))).all()
    assert ids == [*spooled, written[0]]  # every entry once, in order


def test_an_explicit_replay_waits_for_the_background_one_and_adds_nothing(
    sqlite_engine: Engine, refused_engine: Engine, spool_path: Path
) -> None:
    _spool_some(refused_engine, spool_path)
    up = QueryLog(sqlite_engine, spool_path, SECRET, replay_batch=BATCH)
    store = ParkedStore(up)
    up._store = store  # type: ignore[method-assign]
    up.replay_in_background()
    assert store.parked.wait(30)
    other = QueryLog(sqlite_engine, spool_path, SECRET)  # another worker sharing the spool
    result: list[int] = []
    replayer = threading.Thread(target=lambda: result.append(other.replay()))
    replayer.start()
    store.release.set()
    up.join_replay(60)
    replayer.join(60)
    assert result == [0]  # it waited for the replay lock; nothing was left to insert
    with Session(sqlite_engine) as session:
        assert len(session.exec(select(QueryRecord.id)).all()) == SPOOLED
