"""Approved-answer database operations. Every function takes the session first and commits its own writes;
every change also writes a history row (who, when, a snapshot of the text)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.approved.models import (
    ACTIVE,
    CREATED,
    EDITED,
    MAX_ACTOR_CHARS,
    RETRACTED,
    RETRACTED_ACTION,
    ApprovedAnswer,
    ApprovedAnswerCreate,
    ApprovedAnswerHistory,
    ApprovedAnswerUpdate,
    utcnow,
)
from bot.index_version import bump_version


def _actor(actor: str) -> str:
    return (actor or "").strip()[:MAX_ACTOR_CHARS] or "staff"


def _history(record: ApprovedAnswer, action: str, actor: str, at: dt.datetime) -> ApprovedAnswerHistory:
    assert record.id is not None
    return ApprovedAnswerHistory(
        answer_id=record.id,
        action=action,
        actor=actor,
        at=at,
        question=record.question,
        answer=record.answer,
        citation=record.citation,
        status=record.status,
    )


def create_approved(
    session: Session, data: ApprovedAnswerCreate, actor: str, now: dt.datetime | None = None
) -> ApprovedAnswer:
    now = now or utcnow()
    actor = _actor(actor)
    record = ApprovedAnswer.model_validate(
        data, update={"status": ACTIVE, "created_by": actor, "created_at": now, "updated_by": actor, "updated_at": now}
    )
    session.add(record)
    session.flush()
    session.add(_history(record, CREATED, actor, now))
    bump_version(session, "approved answers")
    session.commit()
    session.refresh(record)
    return record


def edit_approved(
    session: Session, answer_id: int, data: ApprovedAnswerUpdate, actor: str, now: dt.datetime | None = None
) -> ApprovedAnswer | None:
    """Replace question, answer, citation and section refs; None when there is no such answer."""
    record = session.get(ApprovedAnswer, answer_id)
    if record is None:
        return None
    now = now or utcnow()
    actor = _actor(actor)
    for name in ("question", "answer", "citation", "doc_id", "section_id"):
        setattr(record, name, getattr(data, name))
    record.updated_by, record.updated_at = actor, now
    session.add(record)
    session.add(_history(record, EDITED, actor, now))
    bump_version(session, "approved answers")
    session.commit()
    session.refresh(record)
    return record


def retract_approved(
    session: Session, answer_id: int, actor: str, now: dt.datetime | None = None
) -> ApprovedAnswer | None:
    """Stop using an answer (kept, with its history); None when there is no such answer."""
    record = session.get(ApprovedAnswer, answer_id)
    if record is None:
        return None
    if record.status == RETRACTED:
        return record
    now = now or utcnow()
    actor = _actor(actor)
    record.status = RETRACTED
    record.updated_by, record.updated_at = actor, now
    session.add(record)
    session.add(_history(record, RETRACTED_ACTION, actor, now))
    bump_version(session, "approved answers")
    session.commit()
    session.refresh(record)
    return record


def get_approved(session: Session, answer_id: int) -> ApprovedAnswer | None:
    return session.get(ApprovedAnswer, answer_id)


def list_approved(session: Session, status: str | None = None, limit: int = 1000) -> list[ApprovedAnswer]:
    """Most recently changed first; `status` "active" / "retracted" / None for all."""
    statement = select(ApprovedAnswer)
    if status is not None:
        statement = statement.where(col(ApprovedAnswer.status) == status)
    statement = statement.order_by(col(ApprovedAnswer.updated_at).desc(), col(ApprovedAnswer.id).desc())
    return list(session.exec(statement.limit(limit)).all())


def list_history(session: Session, answer_id: int) -> list[ApprovedAnswerHistory]:
    """Oldest first."""
    statement = (
        select(ApprovedAnswerHistory)
        .where(col(ApprovedAnswerHistory.answer_id) == answer_id)
        .order_by(col(ApprovedAnswerHistory.at), col(ApprovedAnswerHistory.id))
    )
    return list(session.exec(statement).all())


def change_signature(session: Session) -> tuple[int, int]:
    """(history rows, newest history id): changes with every create/edit/retract, cheap to read,
    so a matcher can tell when to rebuild."""
    count, newest = session.exec(
        select(func.count(col(ApprovedAnswerHistory.id)), func.max(col(ApprovedAnswerHistory.id)))
    ).one()
    return int(count or 0), int(newest or 0)
