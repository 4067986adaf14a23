from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.db import alembic_config, head_revisions, make_engine, migrate, schema_is_current


def test_head_revisions_are_alembics(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    assert head_revisions() == set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def test_schema_is_current_only_at_the_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    assert not schema_is_current(engine)  # no version table
    migrate(engine)
    assert schema_is_current(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert not schema_is_current(engine)  # behind: migrate hands over to alembic again


def test_schema_check_on_an_unreachable_database_is_false() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:9/none")  # the discard port: refused at once
    assert not schema_is_current(engine)
