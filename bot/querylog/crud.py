"""Query-log database operations. Every function takes the session first and commits its own writes.

All datetimes are handled as aware UTC; naive values are taken to be UTC.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, delete, or_, select

from bot.models import Feedback, FeedbackCreate, QueryCreate, QueryRecord


def as_utc(value: dt.datetime) -> dt.datetime:
    """Aware UTC datetime (naive input is taken to be UTC already)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def create_query(session: Session, query: QueryCreate) -> QueryRecord:
    record = QueryRecord.model_validate(query, update={"created_at": as_utc(query.created_at)})
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def create_feedback(session: Session, fb: FeedbackCreate) -> Feedback:
    record = Feedback.model_validate(fb, update={"created_at": as_utc(fb.created_at)})
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def get_query(session: Session, query_id: str) -> QueryRecord | None:
    return session.get(QueryRecord, query_id)


def get_feedback(session: Session, feedback_id: str) -> Feedback | None:
    return session.get(Feedback, feedback_id)


def list_queries(
    session: Session,
    since: dt.datetime | None = None,
    answered: bool | None = None,
    channel: str | None = None,
    intent: str | None = None,
    status: str | None = None,
    limit: int = 100,
) -> list[QueryRecord]:
    """Newest first, filtered by whichever arguments are not None."""
    statement = select(QueryRecord)
    if since is not None:
        statement = statement.where(col(QueryRecord.created_at) >= as_utc(since))
    if answered is not None:
        statement = statement.where(col(QueryRecord.answered) == answered)
    if channel is not None:
        statement = statement.where(col(QueryRecord.channel) == channel)
    if intent is not None:
        statement = statement.where(col(QueryRecord.intent) == intent)
    if status is not None:
        statement = statement.where(col(QueryRecord.status) == status)
    statement = statement.order_by(col(QueryRecord.created_at).desc(), col(QueryRecord.id)).limit(limit)
    return list(session.exec(statement).all())


def mark_reviewed(session: Session, query_id: str) -> bool:
    """Set status "reviewed"; False when there is no such query."""
    record = session.get(QueryRecord, query_id)
    if record is None:
        return False
    record.status = "reviewed"
    session.add(record)
    session.commit()
    return True


def purge_older_than(session: Session, cutoff: dt.datetime) -> int:
    """Delete queries created before `cutoff` and all their feedback; returns the number of queries."""
    cutoff = as_utc(cutoff)
    old_ids = select(QueryRecord.id).where(col(QueryRecord.created_at) < cutoff)
    session.exec(delete(Feedback).where(col(Feedback.query_id).in_(old_ids)))
    result = session.exec(delete(QueryRecord).where(col(QueryRecord.created_at) < cutoff))
    session.commit()
    return int(result.rowcount or 0)


def latest_feedback(session: Session, query_ids: Iterable[str]) -> dict[str, Feedback]:
    """The newest feedback row of each of `query_ids` that has any."""
    ids = list(dict.fromkeys(query_ids))
    latest: dict[str, Feedback] = {}
    for start in range(0, len(ids), 500):
        statement = (
            select(Feedback)
            .where(col(Feedback.query_id).in_(ids[start : start + 500]))
            .order_by(col(Feedback.created_at), col(Feedback.id))
        )
        for fb in session.exec(statement):
            latest[fb.query_id] = fb
    return latest


def stats(session: Session, now: dt.datetime, days: int, tz: dt.tzinfo = dt.UTC) -> dict[str, Any]:
    """Counts for the last `days` calendar days (in `tz`) up to and including the day of `now`.

    helpful/unhelpful/reasons use each query's latest feedback; reasons count non-empty 👎 reasons.
    """
    days = max(1, days)
    today = as_utc(now).astimezone(tz).date()
    first = today - dt.timedelta(days=days - 1)
    start = as_utc(dt.datetime.combine(first, dt.time(), tzinfo=tz))
    end = as_utc(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=tz))
    rows = session.exec(
        select(QueryRecord.id, QueryRecord.created_at, QueryRecord.answered, QueryRecord.intent).where(
            col(QueryRecord.created_at) >= start, col(QueryRecord.created_at) < end
        )
    ).all()
    per_day = {first + dt.timedelta(days=i): [0, 0] for i in range(days)}
    by_intent: Counter[str] = Counter()
    for _id, created_at, answered, intent in rows:
        day = per_day.setdefault(as_utc(created_at).astimezone(tz).date(), [0, 0])
        day[0] += 1
        day[1] += int(bool(answered))
        by_intent[intent or ""] += 1
    latest = latest_feedback(session, (row[0] for row in rows))
    helpful = sum(1 for fb in latest.values() if fb.helpful)
    reasons = Counter(fb.reason for fb in latest.values() if not fb.helpful and fb.reason)
    total = len(rows)
    answered_count = sum(1 for row in rows if row[2])
    return {
        "since": start.isoformat(),
        "days": days,
        "total": total,
        "answered": answered_count,
        "answered_share": round(answered_count / total, 4) if total else 0.0,
        "helpful": helpful,
        "unhelpful": len(latest) - helpful,
        "by_day": [
            {"date": day.isoformat(), "count": count, "answered": ok}
            for day, (count, ok) in sorted(per_day.items())
        ],
        "by_intent": dict(by_intent.most_common()),
        "reasons": dict(reasons.most_common()),
    }


def unanswered(session: Session, limit: int = 50, status: str | None = None) -> list[dict[str, Any]]:
    """Declined queries and queries with any 👎 feedback, newest first, with their latest feedback."""
    disliked = select(Feedback.query_id).where(col(Feedback.helpful).is_(False))
    statement = select(QueryRecord).where(
        or_(col(QueryRecord.answered).is_(False), col(QueryRecord.id).in_(disliked))
    )
    if status is not None:
        statement = statement.where(col(QueryRecord.status) == status)
    statement = statement.order_by(col(QueryRecord.created_at).desc(), col(QueryRecord.id)).limit(limit)
    records = list(session.exec(statement).all())
    latest = latest_feedback(session, (r.id for r in records))
    items = []
    for record in records:
        fb = latest.get(record.id)
        items.append(
            {
                "id": record.id,
                "created_at": as_utc(record.created_at),
                "channel": record.channel,
                "intent": record.intent,
                "question": record.question,
                "answer": record.answer,
                "answered": record.answered,
                "status": record.status,
                "helpful": None if fb is None else fb.helpful,
                "reason": "" if fb is None else fb.reason,
            }
        )
    return items
