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


def test_a_short_write_on_sqlite_holds_no_lock_after_its_statement(tmp_path: Path) -> None:
    import sqlite3

    from bot.db import short_writes

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    other = sqlite3.connect(tmp_path / "a.db", timeout=0, isolation_level=None)  # fails at once on a held lock
    try:
        with short_writes(engine) as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            other.execute("INSERT INTO t VALUES (2)")  # another worker writes before this one's block ends
            assert other.execute("SELECT count(*) FROM t").fetchone() == (2,)  # the first row is committed
        with engine.connect() as connection:
            connection.execute(text("INSERT INTO t VALUES (3)"))  # an ordinary transaction still holds it
            try:
                other.execute("INSERT INTO t VALUES (4)")
                raise AssertionError("the write lock was not held")
            except sqlite3.OperationalError:
                pass
            connection.commit()
    finally:
        other.close()
        engine.dispose()
