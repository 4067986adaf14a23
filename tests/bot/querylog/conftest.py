"""Fixtures of the query-log tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine, migrate

from .helpers import REFUSED_URL


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db' / 'log.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def refused_engine() -> Iterator[Engine]:
    engine = make_engine(REFUSED_URL)
    yield engine
    engine.dispose()


@pytest.fixture
def spool_path(tmp_path: Path) -> Path:
    return tmp_path / "spool" / "queries.jsonl"
