"""What answer buttons need, in the database: they keep working after a restart, for BUTTON_RETENTION_DAYS.

Rows are keyed by the short ref in the callback data; they hold the core's query id, the cited sources
(quotes of the policy), related questions and choices, never a Telegram id. Expired rows are purged at
start-up and then about once a day.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, delete

from bot.shared.turns import from_dict
from handlers.telegram.models import TelegramButtons
from handlers.telegram.state import AnswerCache, CachedAnswer

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60.0


class DbButtons:
    def __init__(self, engine: Engine, retention_days: float, clock: Callable[[], float] = time.time,
                 fallback_size: int = 2000) -> None:
        self.engine = engine
        self.retention = max(1.0, float(retention_days)) * DAY
        self._clock = clock
        self._fallback = AnswerCache(fallback_size)  # only while the database is unreachable
        self._purged_at = 0.0
        self.purge()

    def new_ref(self, query_id: str) -> str:
        return self._fallback.new_ref(query_id)

    def put(self, ref: str, item: CachedAnswer) -> None:
        now = self._clock()
        data = json.dumps(dataclasses.asdict(item), ensure_ascii=False)
        try:
            with Session(self.engine) as session:
                row = session.get(TelegramButtons, ref) or TelegramButtons(ref=ref)
                row.data, row.created_at = data, now
                session.add(row)
                session.commit()
        except SQLAlchemyError as exc:
            logger.warning("telegram: buttons kept in memory, database unavailable (%s)", type(exc).__name__)
            self._fallback.put(ref, item)
            return
        if now - self._purged_at >= DAY:
            self.purge()

    def get(self, ref: str) -> CachedAnswer | None:
        try:
            with Session(self.engine) as session:
                row = session.get(TelegramButtons, ref)
                found = (row.data, row.created_at) if row is not None else None
        except SQLAlchemyError as exc:
            logger.warning("telegram: button store unavailable (%s)", type(exc).__name__)
            return self._fallback.get(ref)
        if found is None:
            return self._fallback.get(ref)
        data, created = found
        if self._clock() - created > self.retention:
            return None
        try:
            return from_dict(CachedAnswer, json.loads(data))
        except (TypeError, ValueError) as exc:
            logger.warning("telegram: stored buttons %s unreadable (%s)", ref, type(exc).__name__)
            return None

    def purge(self) -> int:
        """Delete buttons older than the retention; returns how many (0 when the database is away)."""
        now = self._clock()
        try:
            with Session(self.engine) as session:
                result = session.exec(delete(TelegramButtons).where(col(TelegramButtons.created_at) < now - self.retention))
                session.commit()
        except SQLAlchemyError as exc:
            logger.warning("telegram: could not purge old buttons (%s)", type(exc).__name__)
            return 0
        self._purged_at = now
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
