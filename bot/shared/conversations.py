"""Conversation context in the database, so that any worker (or machine) can answer a user's follow-up.

Only redacted text is stored, under the pseudonymous user key; turns older than the TTL are ignored and
rows past their expiry are purged now and then. If the database is unreachable the context falls back to
this process's memory, and answers go on.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, delete

from bot.conversation import MAX_TURNS, ConversationStore
from bot.pipeline.context import Conversation, Turn
from bot.shared.commit import commit_ephemeral
from bot.shared.models import ConversationState
from bot.shared.outage import Outage
from bot.shared.turns import turn_from_dict, turn_to_dict

logger = logging.getLogger(__name__)

PURGE_EVERY = 500  # writes between purges of expired rows
REDACTED_FIELDS = ("question",)  # the user's own words; every other field is derived by the pipeline


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

    def get(self, key: str) -> Conversation:
        if not key:
            return Conversation()
        if not self.outage.up():
            return self._fallback.get(key)
        try:
            with Session(self.engine) as session:
                row = session.get(ConversationState, key)
                stored = row.turns if row is not None and row.expires_at > self._clock() else "[]"
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.get(key)
        self.outage.ok()
        return Conversation(self._fresh(stored))

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
        try:
            self._save(key, {"turn": data, "saved_at": self._clock()})
        except SQLAlchemyError as exc:
            self.outage.down(exc)

    def _save(self, key: str, entry: dict[str, Any], retry: bool = True) -> None:
        now = self._clock()
        with Session(self.engine) as session:
            row = session.get(ConversationState, key)
            kept = [e for e in _entries(row.turns if row else "[]") if now - float(e.get("saved_at", 0.0)) <= self.ttl]
            text = json.dumps([*kept, entry][-MAX_TURNS:], ensure_ascii=False)
            if row is None:
                row = ConversationState(user_key=key)
            row.turns, row.expires_at, row.updated_at = text, now + self.ttl, now
            session.add(row)
            try:
                commit_ephemeral(session)
            except IntegrityError:  # another worker created the row in the meantime
                session.rollback()
                if not retry:
                    raise
                self._save(key, entry, retry=False)
                return
        self._writes += 1
        if self._writes % PURGE_EVERY == 1:
            self.purge()

    def purge(self) -> int:
        """Delete rows past their expiry; returns how many."""
        with Session(self.engine) as session:
            result = session.exec(delete(ConversationState).where(col(ConversationState.expires_at) < self._clock()))
            commit_ephemeral(session)
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Nothing to forget: the context belongs to every worker, not to this process."""
        self._fallback.clear()


def _entries(text: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
