"""Staff web sessions kept server-side, so logging out revokes a session (a copied cookie then fails).

Only the SHA-256 of the random session id is stored; the id itself lives in the signed cookie.
Base / Create / table split; every function takes the session first and commits its own writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlmodel import Field, Session, SQLModel, col, delete


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class StaffSessionBase(SQLModel):
    staff: str = Field(default="staff", max_length=40)
    expires_at: dt.datetime


class StaffSessionCreate(StaffSessionBase):
    pass


class StaffSession(StaffSessionBase, table=True):
    __tablename__ = "staff_sessions"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the cookie's session id
    created_at: dt.datetime = Field(default_factory=_utcnow)


def create_session(session: Session, data: StaffSessionCreate) -> str:
    """A new session; returns the raw id to put in the cookie (expired rows are purged on the way)."""
    raw = secrets.token_urlsafe(32)
    session.exec(delete(StaffSession).where(col(StaffSession.expires_at) < _utcnow()))
    session.add(StaffSession(id=digest(raw), staff=data.staff, expires_at=data.expires_at))
    session.commit()
    return raw


def session_active(session: Session, raw: str) -> bool:
    row = session.get(StaffSession, digest(raw))
    if row is None:
        return False
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    return expires > _utcnow()


def revoke_session(session: Session, raw: str) -> None:
    session.exec(delete(StaffSession).where(col(StaffSession.id) == digest(raw)))
    session.commit()
