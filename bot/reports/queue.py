"""The review queue: declined questions and questions with a 👎, filterable for the staff pages."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, or_, select

from bot.models import Feedback, QueryRecord
from bot.querylog.crud import as_utc, latest_feedback
from bot.reports.model import QueueItem


def queue_items(
    session: Session,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    intent: str | None = None,
    channel: str | None = None,
    status: str | None = None,
    limit: int = 200,
) -> list[QueueItem]:
    """Declined queries and queries with any 👎, newest first, each with its latest feedback.

    `since` inclusive, `until` exclusive; None (or "") filters are not applied.
    """
    disliked = select(Feedback.query_id).where(col(Feedback.helpful).is_(False))
    statement = select(QueryRecord).where(
        or_(col(QueryRecord.answered).is_(False), col(QueryRecord.id).in_(disliked))
    )
    if since is not None:
        statement = statement.where(col(QueryRecord.created_at) >= as_utc(since))
    if until is not None:
        statement = statement.where(col(QueryRecord.created_at) < as_utc(until))
    if intent:
        statement = statement.where(col(QueryRecord.intent) == intent)
    if channel:
        statement = statement.where(col(QueryRecord.channel) == channel)
    if status:
        statement = statement.where(col(QueryRecord.status) == status)
    statement = statement.order_by(col(QueryRecord.created_at).desc(), col(QueryRecord.id)).limit(limit)
    records = list(session.exec(statement).all())
    latest = latest_feedback(session, (r.id for r in records))
    items = []
    for record in records:
        fb = latest.get(record.id)
        items.append(
            QueueItem(
                id=record.id,
                created_at=as_utc(record.created_at).isoformat(),
                channel=record.channel,
                intent=record.intent,
                question=record.question,
                answer=record.answer,
                answered=record.answered,
                status=record.status,
                helpful=None if fb is None else fb.helpful,
                reason="" if fb is None else fb.reason,
            )
        )
    return items


def distinct_values(session: Session, column: str) -> list[str]:
    """Sorted distinct non-empty values of queries.intent or queries.channel (for filter menus)."""
    field = {"intent": QueryRecord.intent, "channel": QueryRecord.channel}[column]
    values = session.exec(select(field).distinct()).all()
    return sorted(v for v in values if v)


def mark_reviewed(session: Session, query_id: str) -> bool:
    """The query log's crud.mark_reviewed when it has one; else set QueryRecord.status directly."""
    from bot.querylog import crud

    if hasattr(crud, "mark_reviewed"):
        return bool(crud.mark_reviewed(session, query_id))
    record = session.get(QueryRecord, query_id)  # pragma: no cover - older query log
    if record is None:
        return False
    record.status = "reviewed"
    session.add(record)
    session.commit()
    return True
