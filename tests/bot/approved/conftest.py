from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import bot.approved.models  # noqa: F401  (registers the tables)


@pytest.fixture
def session(engine: Engine):
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
