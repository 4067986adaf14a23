"""The shared index version: bumped by every change that alters answers, read at most once per interval."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.index_version import VersionWatcher, bump_version, current_version


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_watcher_sees_another_workers_bump_once_and_reads_at_most_once_a_second(engine: Engine) -> None:
    clock = Clock()
    watcher = VersionWatcher(engine, interval=1.0, clock=clock)
    assert watcher.seen == 0 and not watcher.changed()
    with Session(engine) as session:  # another worker publishes a document
        assert bump_version(session, "publish x") == 1
        session.commit()
    clock.now += 0.5
    assert not watcher.changed()  # not read yet: within the interval
    clock.now += 0.6
    assert watcher.changed() and watcher.seen == 1
    clock.now += 5
    assert not watcher.changed()  # once per version
    with Session(engine) as session:
        bump_version(session)
        bump_version(session)
        session.commit()
        assert current_version(session) == 3
    clock.now += 5
    assert watcher.changed() and watcher.seen == 3


def test_approved_answer_changes_bump_the_version(engine: Engine) -> None:
    from bot.approved import crud
    from bot.approved.models import ApprovedAnswerCreate

    with Session(engine) as session:
        crud.create_approved(session, ApprovedAnswerCreate(question="问题", answer="答案"), "马老师")
        assert current_version(session) == 1
