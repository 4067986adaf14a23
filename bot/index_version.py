"""A shared index version number in the database: bumped when the knowledge changes (a document published,
superseded, withdrawn or deleted, an approved answer changed); every worker checks it cheaply and reloads."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Field, Session, SQLModel

ROW_ID = 1


class IndexVersionBase(SQLModel):
    version: int = 0
    reason: str = Field(default="", max_length=80)


class IndexVersion(IndexVersionBase, table=True):
    __tablename__ = "index_version"
    id: int = Field(default=ROW_ID, primary_key=True)
    changed_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


def current_version(session: Session) -> int:
    row = session.get(IndexVersion, ROW_ID)
    return row.version if row is not None else 0


def bump_version(session: Session, reason: str = "") -> int:
    """Increase the version (in the caller's transaction; the caller commits)."""
    row = session.get(IndexVersion, ROW_ID) or IndexVersion(id=ROW_ID)
    row.version += 1
    row.reason = reason[:80]
    row.changed_at = dt.datetime.now(dt.UTC)
    session.add(row)
    return row.version


class VersionWatcher:
    """Reads the version at most once per `interval` seconds; `changed()` is True once per new version."""

    def __init__(self, engine: Engine, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self.seen = self._read()

    def _read(self) -> int:
        try:
            with Session(self.engine) as session:
                return current_version(session)
        except SQLAlchemyError:  # the database is down: keep serving what is loaded
            return getattr(self, "seen", 0)

    def changed(self) -> bool:
        now = self.clock()
        with self._lock:
            if now - self._checked < self.interval:
                return False
            self._checked = now
        version = self._read()
        with self._lock:
            if version == self.seen:
                return False
            self.seen = version
            return True
