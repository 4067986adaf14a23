"""The review queue: declined questions and questions with a 👎, filterable for the staff pages and /unanswered."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlmodel import Session, col, or_, select

from bot.models import Feedback, QueryRecord
from bot.reports.groups import group_indices
from bot.reports.model import QueueGroup, QueueItem, Turn
from bot.reports.periods import as_utc
from bot.reports.rows import query_rows
from retrieval.embedders import Embedder

GROUP_LIMIT = 2000  # queued questions grouped per page

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


def previous_turns(session: Session, query_ids: list[str]) -> dict[str, Turn]:
    """query id -> the same user's turn before it (for those that have one)."""
    links: dict[str, str] = {}
    for start in range(0, len(query_ids), 500):
        chunk = query_ids[start : start + 500]
        statement = select(QueryRecord.id, QueryRecord.previous_id).where(col(QueryRecord.id).in_(chunk))
        links.update({qid: prev for qid, prev in session.exec(statement) if prev})
    wanted = list(set(links.values()))
    turns: dict[str, Turn] = {}
    for start in range(0, len(wanted), 500):
        records = select(QueryRecord).where(col(QueryRecord.id).in_(wanted[start : start + 500]))
        turns.update({r.id: Turn(r.question, r.answer) for r in session.exec(records)})
    return {qid: turns[prev] for qid, prev in links.items() if prev in turns}


def queue_groups(session: Session, embedder: Embedder, *, limit: int = GROUP_LIMIT, **filters: Any) -> list[QueueGroup]:
    """The queue (filtered as `queue_items`) with identical and near-identical questions grouped, the largest
    group first; each group newest first, with the turn before each question."""
    items = queue_items(session, limit=limit, **filters)
    previous = previous_turns(session, [item.id for item in items])
    groups = []
    for indices in group_indices([item.question for item in items], embedder):
        members = [items[i] for i in indices]
        groups.append(QueueGroup(members, {m.id: previous[m.id] for m in members if m.id in previous}))
    return groups


def group_of(session: Session, embedder: Embedder, query_id: str) -> list[str]:
    """The ids of the waiting queued questions in the same group as `query_id` (itself included)."""
    for group in queue_groups(session, embedder, status="new"):
        if query_id in group.ids:
            return group.ids
    return [query_id]
