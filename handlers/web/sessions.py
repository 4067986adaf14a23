"""Staff login sessions: a random id in the signed cookie, checked against the database on every page."""

from __future__ import annotations

import datetime as dt
import secrets
import time

from fastapi import Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.staffsessions import StaffSessionCreate, create_session, revoke_session, session_active
from handlers.web.security import clean_name, staff_name

SESSION_SECONDS = 12 * 60 * 60


def start_session(request: Request, engine: Engine, name: str) -> None:
    with Session(engine) as session:
        raw = create_session(session, StaffSessionCreate(
            staff=clean_name(name), expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=SESSION_SECONDS)))
    request.session.clear()
    request.session["staff"] = clean_name(name)
    request.session["sid"] = raw
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.session["at"] = int(time.time())


def end_session(request: Request, engine: Engine) -> None:
    raw = request.session.get("sid")
    if isinstance(raw, str) and raw:
        with Session(engine) as session:
            revoke_session(session, raw)
    request.session.clear()


def active_staff(request: Request, engine: Engine) -> str | None:
    """The staff name when the cookie's session is still open server-side; a revoked cookie is cleared."""
    name = staff_name(request)
    raw = request.session.get("sid")
    if name is None:
        return None
    if isinstance(raw, str) and raw:
        with Session(engine) as session:
            if session_active(session, raw):
                return name
    request.session.clear()
    return None
