"""The school data is stored again only when its CSVs change."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import Session, select

from bot.app.runtime import _load_school_data
from bot.db import make_engine, migrate
from bot.settings import PACKAGE_ROOT
from knowledge.schooldata.loaded import stored_digest
from knowledge.schooldata.models import School

DATA = PACKAGE_ROOT / "knowledge" / "data"


def _names(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return {school.name for school in session.exec(select(School)).all()}


def test_unchanged_files_are_not_stored_again_and_a_change_is(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    migrate(engine)
    with Session(engine) as session:
        _load_school_data(session, data)
        first = stored_digest(session)
    assert first and "海原县第一小学" in _names(engine)

    with Session(engine) as session:  # a row changed behind the loader's back stays: the files did not change
        school = session.exec(select(School).where(School.name == "海原县第一小学")).one()
        school.name = "改过的名字"
        session.add(school)
        session.commit()
        _load_school_data(session, data)
    assert "改过的名字" in _names(engine)

    schools = data / "schools.csv"
    schools.write_text(schools.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the files change
    with Session(engine) as session:
        _load_school_data(session, data)
        assert stored_digest(session) != first
    assert "海原县第一小学" in _names(engine) and "改过的名字" not in _names(engine)
