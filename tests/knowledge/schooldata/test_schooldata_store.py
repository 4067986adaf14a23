"""store / load_into_db into an in-memory SQLite database, and the directory built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine, func, select

from knowledge.schooldata import (
    EnrollmentItem,
    School,
    SchoolDirectory,
    Service,
    Subsidy,
    Zone,
    load_into_db,
    load_rows,
    store,
)

DATA_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "data"


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def count(session: Session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_store_and_query_back(session):
    result = load_rows(DATA_DIR)
    counts = store(session, result)
    assert counts == result.counts()
    for table, attr in (
        (School, "schools"),
        (Zone, "zones"),
        (Subsidy, "subsidies"),
        (Service, "services"),
        (EnrollmentItem, "enrollment"),
    ):
        assert count(session, table) == counts[attr]

    zone = session.exec(select(Zone).where(Zone.township == "关桥乡", Zone.place == "脱场村")).one()
    primary = session.get(School, zone.primary_school_id)
    junior = session.get(School, zone.junior_school_id)
    assert (primary.name, junior.name) == ("关桥乡中心小学", "关桥乡中学")
    assert primary.boarding is True and primary.verified is False
    assert str(primary.as_of) == "2025-09-01"
    five = session.exec(select(School).where(School.name == "海原县第五中学")).one()
    assert "大班额" in five.notes
    subsidy = session.get(Subsidy, "LMYB-JSS-CZ")
    assert subsidy.amount_yuan == 1250


def test_store_replaces_content(session):
    result = load_rows(DATA_DIR)
    store(session, result)
    result.zones = result.zones[:10]
    store(session, result)
    assert count(session, Zone) == 10
    assert count(session, School) == len(result.schools)


def test_store_refuses_when_a_file_failed(session, tmp_path):
    store(session, load_rows(DATA_DIR))
    for name in ("schools.csv", "zones.csv", "subsidies.csv", "enrollment.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    broken = load_rows(tmp_path)  # services.csv missing
    with pytest.raises(ValueError, match=r"services\.csv"):
        store(session, broken)
    assert count(session, Service) > 0

    result = load_into_db(session, tmp_path)
    assert result.errors[-1].startswith("nothing stored")
    assert count(session, Service) > 0  # the previous content is kept


def test_load_into_db(session):
    result = load_into_db(session, DATA_DIR)
    assert result.errors == []
    assert count(session, Zone) == len(result.zones)


def test_store_rolls_back_on_failure(session):
    store(session, load_rows(DATA_DIR))
    result = load_rows(DATA_DIR)
    result.schools = result.schools + result.schools[:1]  # a duplicate primary key
    with pytest.raises(Exception):  # noqa: B017 - the database's IntegrityError
        store(session, result)
    assert count(session, School) == len(result.schools) - 1
    assert count(session, Zone) == len(result.zones)


def test_directory_from_session_matches_directory_from_files(session):
    result = load_into_db(session, DATA_DIR)
    from_db = SchoolDirectory.from_session(session)
    from_files = SchoolDirectory(result)
    assert len(from_db.zones) == len(from_files.zones)
    assert set(from_db.schools) == set(from_files.schools)
    question = "俺家住在关桥乡脱场村，娃该上哪个学校"
    assert from_db.match_places(question) == from_files.match_places(question)
    assignment = from_db.zone_for(from_db.match_places(question)[0])
    assert (assignment.primary.school_id, assignment.junior.school_id) == ("GQ-X", "GQ-Z")
    assert from_db.bureau_contact() == from_files.bureau_contact()


def test_store_into_the_migrated_database(tmp_path):
    """The application's schema (alembic migrations, SQLite with foreign keys on) takes the data."""
    from sqlalchemy.exc import IntegrityError

    from bot.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'school.db'}")
    migrate(engine)
    with Session(engine) as session:
        result = load_into_db(session, DATA_DIR)
        assert result.errors == []
        assert count(session, Zone) == len(result.zones)
        directory = SchoolDirectory.from_session(session)
        assert directory.zone_for("脱场村").junior.school_id == "GQ-Z"

        result.schools = [s for s in result.schools if s.school_id != "GQ-Z"]
        with pytest.raises(IntegrityError):  # zones still point at GQ-Z
            store(session, result)
        assert count(session, School) == len(result.schools) + 1  # rolled back
    engine.dispose()
