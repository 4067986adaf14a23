"""One vote per answer and voter: a repeat vote replaces the earlier row instead of adding one."""

from __future__ import annotations

import hashlib

from sqlmodel import Session

from bot.models import Feedback, FeedbackCreate, new_query_id
from bot.querylog import crud


def vote_id(query_id: str, voter_key: str) -> str:
    """The feedback row id of this voter's vote on this answer (random when the voter is unknown)."""
    if not voter_key:
        return new_query_id()
    return hashlib.sha256(f"vote:{query_id}:{voter_key}".encode()).hexdigest()[:16]


def store_vote(session: Session, fb: FeedbackCreate) -> bool:
    """Insert the vote, or replace the earlier vote with the same id; True when a row was written."""
    existing = session.get(Feedback, fb.id)
    if existing is None:
        crud.create_feedback(session, fb)
        return True
    if (existing.helpful, existing.reason) == (fb.helpful, fb.reason):
        return False  # the same vote again (or a spool replay): nothing to change
    existing.helpful, existing.reason, existing.created_at = fb.helpful, fb.reason, crud.as_utc(fb.created_at)
    session.add(existing)
    session.commit()
    return True
