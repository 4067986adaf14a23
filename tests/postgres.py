"""A throw-away schema on the test PostgreSQL (127.0.0.1:5432/test) for tests that need a real server.

Skipped when the server is unreachable, unless the CI environment variable is set: then it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine, migrate

PG_URL = os.environ.get("QUERYLOG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def require_postgres() -> None:
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unreachable in CI: {type(exc).__name__}")
        pytest.skip(f"PostgreSQL is not reachable ({type(exc).__name__})")


@contextmanager
def schema_url(prefix: str) -> Iterator[tuple[str, str]]:
    """(schema, a DATABASE_URL whose connections use it); the schema is dropped afterwards."""
    require_postgres()
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema, f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def schema_engine(prefix: str) -> Iterator[Engine]:
    """An engine on a fresh, migrated schema."""
    with schema_url(prefix) as (schema, _url):
        engine = make_engine(PG_URL, connect_args={"connect_timeout": 3, "options": f"-csearch_path={schema}"})
        try:
            migrate(engine)
            yield engine
        finally:
            engine.dispose()
