"""Commits for the shared state, which is short-lived by nature (rate-limit events, a few minutes of conversation).

On PostgreSQL such a commit does not wait for the write-ahead log to reach the disk (`synchronous_commit`
off for that one transaction): a crash of the database server may forget the last fraction of a second of rate
events or turns, never leaves them half-written, and saves a disk flush on each of a request's writes. The
query log does not use this: its rows are committed durably (or spooled). SQLite (WAL, synchronous=NORMAL)
does not flush on commit anyway.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session


def commit_ephemeral(session: Session | Connection) -> None:
    """Commit the session's (or connection's) transaction; on PostgreSQL without waiting for the disk flush."""
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    session.commit()
