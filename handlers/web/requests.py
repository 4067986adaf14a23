"""One answer per client request_id: a retry after a lost connection gets the first answer, logged once.

The first request with a (visitor, request_id) pair claims a row (pending) and stores the answer's payload
when it is ready (ready); a repeat waits for it and returns that payload. Rows live in the database so that
every worker sees them, and are purged after a day. Only a hash of visitor and request id is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from typing import Any

from sqlalchemy import Column, Text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, delete

PENDING = "pending"
READY = "ready"
KEEP = dt.timedelta(days=1)
POLL_SECONDS = 0.2


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class WebRequest(SQLModel, table=True):
    __tablename__ = "web_requests"
    key: str = Field(primary_key=True, max_length=64)  # sha256(visitor, request_id)
    status: str = Field(default=PENDING, max_length=20)
    payload: str = Field(default="", sa_column=Column(Text, nullable=False))  # the JSON answer once ready
    created_at: dt.datetime = Field(default_factory=_utcnow, index=True)


class StillPending(Exception):
    """The first request with this id is still being answered after the wait."""


def request_key(visitor: str, request_id: str) -> str:
    return hashlib.sha256(f"web-request:{visitor}:{request_id}".encode()).hexdigest()


def claim_or_wait(engine: Engine, key: str, wait_seconds: float = 20.0) -> dict[str, Any] | None:
    """None: this request now owns `key` and must `finish` or `release` it. A dict: the first answer's
    payload. Raises StillPending when the first request is still running after `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    while True:
        with Session(engine) as session:
            session.exec(delete(WebRequest).where(col(WebRequest.created_at) < _utcnow() - KEEP))
            session.add(WebRequest(key=key))
            try:
                session.commit()
                return None
            except IntegrityError:
                session.rollback()
            row = session.get(WebRequest, key)
            if row is not None and row.status == READY:
                return dict(json.loads(row.payload))
        if row is not None and time.monotonic() >= deadline:
            raise StillPending(key)
        time.sleep(POLL_SECONDS)


def finish(engine: Engine, key: str, payload: dict[str, Any]) -> None:
    """Store the answer for repeats of this request."""
    with Session(engine) as session:
        row = session.get(WebRequest, key) or WebRequest(key=key)
        row.status, row.payload = READY, json.dumps(payload, ensure_ascii=False)
        session.add(row)
        session.commit()


def release(engine: Engine, key: str) -> None:
    """Forget a claim whose answer failed, so that a retry asks again."""
    with Session(engine) as session:
        session.exec(delete(WebRequest).where(col(WebRequest.key) == key))
        session.commit()
