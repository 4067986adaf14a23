"""Database engine and schema migrations (alembic), for SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str) -> str:
    """Map plain `postgresql://` (and `postgres://`) to the installed psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # WAL + NORMAL: a commit survives the process being killed (the query log's 0-lost guarantee); only a power
    # cut may undo the last commits. FULL syncs the disk on every commit: a third of a web answer's time.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if url.startswith("postgresql"):
        kwargs.setdefault("connect_args", {"connect_timeout": 3})
    return create_engine(url, **kwargs)


@contextmanager
def short_writes(engine: Engine) -> Iterator[Connection]:
    """A connection for writes of one statement each (a rate event, a conversation row, a query-log row). On
    SQLite each statement commits by itself: the database's write lock is held only while SQLite runs it, never
    across this thread's wait for the GIL between the statement and a COMMIT, while the other workers' writers
    sleep in SQLite's busy handler (1, 2, 5, 10… ms a try). Elsewhere a transaction as usual (commit it)."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?([\w]+)?['\"]?", re.MULTILINE)


def head_revisions(directory: Path = MIGRATIONS_DIR / "versions") -> set[str]:
    """The newest revision(s), read from the migration files' `revision` / `down_revision` lines
    (alembic itself, with its script directory, costs half a second to import and load)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in directory.glob("*.py"):
        fields = {name: value for name, value in _REVISION.findall(path.read_text(encoding="utf-8"))}
        if fields.get("revision"):
            revisions.add(fields["revision"])
        if fields.get("down_revision") and fields["down_revision"] != "None":
            parents.add(fields["down_revision"])
    return revisions - parents


def schema_is_current(engine: Engine) -> bool:
    """True when the database's alembic version is the newest one (one SELECT, no alembic import)."""
    try:
        with engine.connect() as connection:
            stored = {str(row[0]) for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    except SQLAlchemyError:
        return False  # no version table yet (or the database is away: alembic reports that properly)
    heads = head_revisions()
    return bool(heads) and stored == heads


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent); alembic is loaded only when it is behind."""
    if schema_is_current(engine):
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
