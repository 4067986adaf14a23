"""Query-log writes (and the look-ups a write needs). Every function takes the session first and commits.

Reads for staff (stats, queue, exports) live in bot.reports.

All datetimes are handled as aware UTC; naive values are taken to be UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, bindparam, func, insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, delete, select

from bot.models import Feedback, FeedbackCreate, QueryCreate, QueryRecord

_QUERIES: Table = QueryRecord.__table__  # type: ignore[attr-defined]
_INSERT = insert(_QUERIES)
_INSERT_LINKED = insert(_QUERIES).values(previous_id=func.coalesce(
    select(_QUERIES.c.id)
    .where(_QUERIES.c.user_key == bindparam("previous_of"), _QUERIES.c.created_at >= bindparam("since"))
    .order_by(_QUERIES.c.created_at.desc(), _QUERIES.c.id.desc())
    .limit(1)
    .scalar_subquery(),
    "",
))


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


def insert_query(session: Session, query: QueryCreate) -> None:
    """Insert and commit, nothing read back (the query log's write: one INSERT and the COMMIT)."""
    session.add(QueryRecord.model_validate(query, update={"created_at": as_utc(query.created_at)}))
    session.commit()


def insert_new_query(connection: Connection, query: QueryCreate, previous_of: str, since: dt.datetime) -> None:
    """Insert and commit a query answered just now, in one statement: with `previous_of` (a user key), its
    `previous_id` is that user's newest query created at or after `since`, looked up by the INSERT itself. Core
    statements built once (the ORM's unit of work, a separate look-up and a statement built per call cost over
    twice the CPU)."""
    values: dict[str, Any] = query.model_dump()
    values["created_at"] = as_utc(query.created_at)
    if previous_of:
        del values["previous_id"]
        values.update(previous_of=previous_of, since=as_utc(since))
        connection.execute(_INSERT_LINKED, values)
    else:
        connection.execute(_INSERT, values)
    connection.commit()


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


def last_query_id(session: Session, user_key: str, since: dt.datetime) -> str:
    """The id of this user's newest query created at or after `since` ("" when none)."""
    statement = (
        select(QueryRecord.id)
        .where(col(QueryRecord.user_key) == user_key, col(QueryRecord.created_at) >= as_utc(since))
        .order_by(col(QueryRecord.created_at).desc(), col(QueryRecord.id).desc())
        .limit(1)
    )
    return session.exec(statement).first() or ""


def mark_reviewed_many(session: Session, query_ids: list[str]) -> int:
    """Set status "reviewed" on every one of `query_ids`; returns how many rows changed."""
    changed = 0
    for start in range(0, len(query_ids), 500):
        chunk = query_ids[start : start + 500]
        for record in session.exec(select(QueryRecord).where(col(QueryRecord.id).in_(chunk))):
            if record.status != "reviewed":
                record.status = "reviewed"
                session.add(record)
                changed += 1
    session.commit()
    return changed


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
