"""Shared-state writes commit without waiting for the disk flush on PostgreSQL, for that transaction only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.shared.commit import commit_ephemeral
from bot.shared.models import RateEvent


def _setting(session: Session) -> str:
    return str(session.execute(text("SHOW synchronous_commit")).scalar())


def test_an_ephemeral_commit_stores_the_row_and_leaves_the_connection_durable(db: Engine) -> None:
    with Session(db) as session:
        session.add(RateEvent(scope="test", key="k", at=1.0))
        commit_ephemeral(session)
        assert session.execute(text("SELECT count(*) FROM rate_events WHERE scope = 'test'")).scalar() == 1
        if db.dialect.name == "postgresql":
            assert _setting(session) == "on"  # SET LOCAL: gone with the transaction it was set in
    with Session(db) as session:  # the next transaction on the pooled connection (the query log's, say)
        if db.dialect.name == "postgresql":
            assert _setting(session) == "on"


def test_the_flush_is_skipped_for_the_committing_transaction_only_on_postgresql(db: Engine) -> None:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement.split()[0].upper())

    event.listen(db, "before_cursor_execute", record)
    try:
        with Session(db) as session:
            session.add(RateEvent(scope="test", key="k", at=1.0))
            commit_ephemeral(session)
    finally:
        event.remove(db, "before_cursor_execute", record)
    assert sent == (["INSERT", "SET"] if db.dialect.name == "postgresql" else ["INSERT"])
