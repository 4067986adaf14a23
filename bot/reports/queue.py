"""The review queue: declined questions and questions with a 👎, filterable for the staff pages and /unanswered."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, col, or_, select

from bot.models import Feedback, QueryRecord
from bot.reports.model import QueueItem
from bot.reports.periods import as_utc
from bot.reports.rows import query_rows

_QUEUE_FIELDS = tuple(f.name for f in dataclasses.fields(QueueItem))


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
    rows = query_rows(session, list(session.exec(statement).all()))
    return [QueueItem(**{name: row[name] for name in _QUEUE_FIELDS}) for row in rows]


def distinct_values(session: Session, column: str) -> list[str]:
    """Sorted distinct non-empty values of queries.intent or queries.channel (for filter menus)."""
    field = {"intent": QueryRecord.intent, "channel": QueryRecord.channel}[column]
    values = session.exec(select(field).distinct()).all()
    return sorted(v for v in values if v)
