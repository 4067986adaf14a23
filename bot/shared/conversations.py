"""Conversation context in the database, so that any worker (or machine) can answer a user's follow-up.

Only redacted text is stored, under the pseudonymous user key; turns older than the TTL are ignored and
rows past their expiry are purged now and then. If the database is unreachable the context falls back to
this process's memory, and answers go on.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.conversation import MAX_TURNS, ConversationStore
from bot.db import short_writes
from bot.pipeline.context import Conversation, Turn
from bot.shared.commit import commit_ephemeral
from bot.shared.models import ConversationState
from bot.shared.outage import Outage
from bot.shared.turns import turn_from_dict, turn_to_dict

logger = logging.getLogger(__name__)

PURGE_EVERY = 500  # writes between purges of expired rows
REDACTED_FIELDS = ("question",)  # the user's own words; every other field is derived by the pipeline
READ_KEPT = 10_000  # keys whose last read is kept for the write that follows it
ABSENT: None = None  # `get` found no row
UNREAD = "\x00unread"  # `add` without a `get` before it (never a stored text: that is JSON)
_STATE: Table = ConversationState.__table__  # type: ignore[attr-defined]
# statements built once (building one costs about as much CPU as running it)
_READ = select(_STATE.c.turns, _STATE.c.expires_at).where(_STATE.c.user_key == bindparam("key"))
_NEW: dict[str, Any] = {"turns": bindparam("turns"), "expires_at": bindparam("expires_at"), "updated_at": bindparam("updated_at")}
_INSERT = insert(_STATE).values(user_key=bindparam("key"), **_NEW)
_REPLACE = update(_STATE).where(_STATE.c.user_key == bindparam("key")).values(**_NEW)
_REPLACE_IF_UNCHANGED = update(_STATE).where(_STATE.c.user_key == bindparam("key"),
                                             _STATE.c.turns == bindparam("read")).values(**_NEW)


class DbConversations:
    def __init__(self, engine: Engine, ttl_seconds: float, redact: Callable[[str], str],
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.ttl = float(ttl_seconds)
        self._redact = redact
        self._clock = clock
        self._fallback = ConversationStore(ttl_seconds)
        self._writes = 0
        self.outage = Outage("conversations")
        # what `get` read for a key (its stored text; ABSENT: no row), so that the `add` of the same question
        # writes without reading again when nobody wrote in between: a question costs one SELECT and one write
        self._read: OrderedDict[str, str | None] = OrderedDict()
        self._read_lock = threading.Lock()

    def get(self, key: str) -> Conversation:
        if not key:
            return Conversation()
        if not self.outage.up():
            return self._fallback.get(key)
        try:
            with self.engine.connect() as connection:
                row = connection.execute(_READ, {"key": key}).first()
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.get(key)
        self.outage.ok()
        self._remember(key, ABSENT if row is None else str(row.turns))
        stored = row.turns if row is not None and row.expires_at > self._clock() else "[]"
        return Conversation(self._fresh(stored))

    def _remember(self, key: str, stored: str | None) -> None:
        with self._read_lock:
            self._read[key] = stored
            self._read.move_to_end(key)
            while len(self._read) > READ_KEPT:
                self._read.popitem(last=False)

    def _fresh(self, stored: str) -> list[Turn]:
        now, mono = self._clock(), time.monotonic()
        turns: list[Turn] = []
        for entry in _entries(stored):
            age = now - float(entry.get("saved_at", 0.0))
            if age > self.ttl or not isinstance(entry.get("turn"), dict):
                continue
            try:
                turn = turn_from_dict(entry["turn"])
            except (TypeError, ValueError) as exc:
                logger.warning("shared state: a stored turn could not be read (%s)", type(exc).__name__)
                continue
            turn.at = mono - max(0.0, age)  # the in-process clock the steps compare with
            turns.append(turn)
        return turns

    def add(self, key: str, turn: Turn) -> None:
        if not key:
            return
        data = turn_to_dict(turn)
        for name in REDACTED_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = self._redact(data[name])
        self._fallback.add(key, turn)  # this process keeps a copy, for an outage
        if not self.outage.up():
            return
        with self._read_lock:
            read = self._read.pop(key, UNREAD)
        try:
            self._save(key, {"turn": data, "saved_at": self._clock()}, read)
        except SQLAlchemyError as exc:
            self.outage.down(exc)

    def _save(self, key: str, entry: dict[str, Any], read: str | None) -> None:
        """Append `entry` to the key's turns. `read`: the row's text as `get` read it (ABSENT: no row; UNREAD:
        not read): the write then applies only if the row is still so (another worker may have written the
        same user's turn in between), else the row is read again and the turns merged."""
        now = self._clock()
        values: dict[str, object] = {"key": key, "expires_at": now + self.ttl, "updated_at": now}
        with short_writes(self.engine) as connection:
            if read is not UNREAD:
                if read is ABSENT:
                    written = self._insert(connection, {**values, "turns": _merged(None, entry, now, self.ttl)})
                else:
                    written = connection.execute(_REPLACE_IF_UNCHANGED, {
                        **values, "turns": _merged(read, entry, now, self.ttl), "read": read}).rowcount == 1
                if written:
                    commit_ephemeral(connection)
                    self._written()
                    return
                connection.rollback()
            for _ in range(2):  # a row created by another worker between the read and the insert: read it again
                row = connection.execute(_READ, {"key": key}).first()
                if row is None:
                    if not self._insert(connection, {**values, "turns": _merged(None, entry, now, self.ttl)}):
                        continue
                else:
                    connection.execute(_REPLACE, {**values, "turns": _merged(str(row.turns), entry, now, self.ttl)})
                commit_ephemeral(connection)
                self._written()
                return
            raise IntegrityError("conversation_state", None, RuntimeError("the row kept changing"))

    @staticmethod
    def _insert(connection: Connection, values: dict[str, object]) -> bool:
        """True when inserted; False (the transaction rolled back) when another worker created the row first."""
        try:
            connection.execute(_INSERT, values)
        except IntegrityError:
            connection.rollback()
            return False
        return True

    def _written(self) -> None:
        self._writes += 1
        if self._writes % PURGE_EVERY == 1:
            self.purge()

    def purge(self) -> int:
        """Delete rows past their expiry; returns how many."""
        with short_writes(self.engine) as connection:
            result = connection.execute(delete(_STATE).where(_STATE.c.expires_at < self._clock()))
            commit_ephemeral(connection)
            return int(result.rowcount or 0)

    def close(self) -> None:
        """Nothing to forget: the context belongs to every worker, not to this process."""
        self._fallback.clear()
        with self._read_lock:
            self._read.clear()


def _merged(stored: str | None, entry: dict[str, Any], now: float, ttl: float) -> str:
    """The stored turns still within the TTL, then `entry`; the last MAX_TURNS."""
    kept = [e for e in _entries(stored or "[]") if now - float(e.get("saved_at", 0.0)) <= ttl]
    return json.dumps([*kept, entry][-MAX_TURNS:], ensure_ascii=False)


def _entries(text: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
