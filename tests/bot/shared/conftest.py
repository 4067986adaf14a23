"""The shared-state stores over SQLite and over a real PostgreSQL (127.0.0.1:5432/test, a throw-away schema).

PostgreSQL cases are skipped when the server is unreachable, unless the CI environment variable is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine, migrate
from tests.postgres import schema_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'shared.db'}")
        migrate(engine)
        yield engine
        engine.dispose()
        return
    with schema_engine("shared_test") as engine:
        yield engine


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
