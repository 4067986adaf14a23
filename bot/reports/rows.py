"""The one feedback-row builder: a logged query joined with its latest 👍/👎, as exports and queues show it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from bot.models import Feedback, QueryRecord
from bot.reports.periods import local_iso

EXPORT_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",  # ISO 8601 in county time (+08:00)
    "channel",
    "chat_type",
    "user_key",
    "script",
    "intent",
    "answered",
    "question",
    "answer",
    "sources",
    "latency_ms",
    "version",
    "status",
    "helpful",  # latest feedback: true / false / null (no feedback)
    "reason",  # reason given with the latest feedback
)
_CHUNK = 500


def latest_feedback(session: Session, query_ids: Iterable[str]) -> dict[str, Feedback]:
    """The newest feedback row of each of `query_ids` that has any."""
    ids = list(dict.fromkeys(query_ids))
    latest: dict[str, Feedback] = {}
    for start in range(0, len(ids), _CHUNK):
        statement = (
            select(Feedback)
            .where(col(Feedback.query_id).in_(ids[start : start + _CHUNK]))
            .order_by(col(Feedback.created_at), col(Feedback.id))
        )
        for fb in session.exec(statement):
            latest[fb.query_id] = fb
    return latest


def query_row(record: QueryRecord, fb: Feedback | None) -> dict[str, Any]:
    """Every EXPORT_FIELDS value of one query, with its latest feedback (None: no feedback)."""
    return {
        "id": record.id,
        "created_at": local_iso(record.created_at),
        "channel": record.channel,
        "chat_type": record.chat_type,
        "user_key": record.user_key,
        "script": record.script,
        "intent": record.intent,
        "answered": record.answered,
        "question": record.question,
        "answer": record.answer,
        "sources": record.sources,
        "latency_ms": record.latency_ms,
        "version": record.version,
        "status": record.status,
        "helpful": None if fb is None else fb.helpful,
        "reason": "" if fb is None else fb.reason,
    }


def query_rows(session: Session, records: list[QueryRecord]) -> list[dict[str, Any]]:
    """`query_row` for each record, in order."""
    latest = latest_feedback(session, (r.id for r in records))
    return [query_row(record, latest.get(record.id)) for record in records]
