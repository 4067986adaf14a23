"""Answer buttons keep working after a restart: what they need is in the database, for BUTTON_RETENTION_DAYS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tg_stub import SECTION_TEXT, USER_ID, Harness

from bot.db import make_engine, migrate
from handlers.telegram.buttonstore import DAY, DbButtons
from handlers.telegram.models import TelegramButtons
from handlers.telegram.state import CachedAnswer, TelegramStores
from handlers.telegram.texts import load_texts

TEXTS = load_texts()


@pytest.fixture
def db(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    return engine


def _stores(engine: Engine) -> Any:
    return lambda settings: TelegramStores(DbButtons(engine, settings.button_retention_days))


async def test_buttons_of_an_answer_made_before_a_restart_work(start_bot: Any, db: Engine) -> None:
    first: Harness = await start_bot(stores_factory=_stores(db))
    answer = await first.ask_and_wait("随迁子女怎么入学？")
    buttons = answer.callback_data()
    qid = f"{len(first.service.asked):016x}"
    assert f"fb:1:{qid}" in buttons and f"src:0:{qid}" in buttons and f"rel:1:{qid}" in buttons
    await first.stop()

    second: Harness = await start_bot(stores_factory=_stores(db))  # a new Application over the same database
    since = second.mark()
    second.tap(f"src:0:{qid}")
    [sent] = await second.wait_for("sendMessage", since=since)
    assert SECTION_TEXT[:20] in sent.text
    assert second.service.source_requests == [("doc1", "s18")]

    since = second.mark()
    second.tap(f"fb:1:{qid}")
    [edit] = await second.wait_for("editMessageReplyMarkup", since=since)
    assert second.service.feedbacks == [(qid, True, "")]  # the first run's query id, read back
    assert edit.button_texts()[0] == "✅ 已收到，谢谢"

    since = second.mark()
    second.tap(f"rel:1:{qid}")
    await second.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert second.service.asked[-1][0] == "随迁子女可以在海原参加中考吗？"
    assert second.service.asked[-1][1].user_id == str(USER_ID)


async def test_clarification_choices_survive_a_restart(start_bot: Any, db: Engine) -> None:
    first: Harness = await start_bot(stores_factory=_stores(db))
    await first.ask_and_wait("划片怎么划的？")
    qid = f"{len(first.service.asked):016x}"
    await first.stop()
    second: Harness = await start_bot(stores_factory=_stores(db))
    since = second.mark()
    second.tap(f"pick:0:{qid}")
    await second.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert second.service.asked[-1][0] == "关桥乡新庄村"


async def test_without_the_database_a_restart_loses_them(start_bot: Any) -> None:
    """The control: the in-memory store (tests' default) forgets, so the test above can fail."""
    first: Harness = await start_bot()
    await first.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(first.service.asked):016x}"
    await first.stop()
    second: Harness = await start_bot()
    since = second.mark()
    second.tap(f"fb:1:{qid}")
    [ack] = await second.wait_for("answerCallbackQuery", since=since)
    assert ack.params["text"] == TEXTS.expired


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_retention_and_purge(db: Engine) -> None:
    clock = Clock()
    store = DbButtons(db, retention_days=90, clock=clock)
    store.put("aaaa", CachedAnswer("aaaa", "answer", related=["问题一"]))
    clock.now += 89 * DAY
    assert store.get("aaaa") == CachedAnswer("aaaa", "answer", related=["问题一"])
    store.put("bbbb", CachedAnswer("bbbb", "answer"))
    clock.now += 2 * DAY  # "aaaa" is 91 days old now
    assert store.get("aaaa") is None
    assert store.get("bbbb") is not None
    restarted = DbButtons(db, retention_days=90, clock=clock)  # purges at start-up
    with Session(db) as session:
        assert [row.ref for row in session.exec(select(TelegramButtons))] == ["bbbb"]
    assert restarted.get("bbbb") is not None


def test_rows_hold_no_telegram_id(db: Engine) -> None:
    store = DbButtons(db, retention_days=90)
    store.put("cccc", CachedAnswer("cccc", "clarify", choices=[]))
    with Session(db) as session:
        [row] = session.exec(select(TelegramButtons)).all()
    assert set(json.loads(row.data)) == {"query_id", "kind", "sources", "related", "choices"}
