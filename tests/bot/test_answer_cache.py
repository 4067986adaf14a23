"""Whole answers are reused the same day; a possible follow-up, a typed choice, a knowledge change or another day never."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.answer import Asker
from bot.answer_cache import AnswerCache
from bot.conversation import ConversationStore
from bot.core import AssistantCore
from bot.models import QueryRecord
from bot.querylog import QueryLog

QUESTION = "随迁子女入学要带什么材料"


class Day:
    value = "2026-11-30"

    def __call__(self) -> str:
        return self.value


@pytest.fixture
def day() -> Day:
    return Day()


@pytest.fixture
def core(engine, tmp_path: Path, assistant, day: Day, monkeypatch: pytest.MonkeyPatch) -> AssistantCore:
    log = QueryLog(engine, tmp_path / "spool.jsonl", "secret-for-tests", "test")
    core = AssistantCore(assistant, log, ConversationStore(900), "secret-for-tests", [u.section for u in assistant.retriever.units],
                         answer_cache=AnswerCache(8, today=day))
    calls: list[str] = []
    respond = assistant.respond

    def counting(question, conversation):  # type: ignore[no-untyped-def]
        calls.append(question)
        return respond(question, conversation)

    monkeypatch.setattr(assistant, "respond", counting)
    core.calls = calls  # type: ignore[attr-defined]
    return core


def test_a_first_question_asked_again_skips_the_pipeline_and_is_logged_each_time(core: AssistantCore, engine) -> None:
    first = core.ask(QUESTION, Asker("web", "visitor-a"))
    again = core.ask(QUESTION, Asker("web", "visitor-b"))
    assert core.calls == [QUESTION]  # type: ignore[attr-defined]
    assert again.text == first.text and again.outcome == first.outcome and again.sources == first.sources
    assert again.query_id and again.query_id != first.query_id
    with Session(engine) as session:
        assert len(session.exec(select(QueryRecord)).all()) == 2


def test_a_self_contained_question_after_an_earlier_turn_is_taken_from_the_cache(core: AssistantCore) -> None:
    core.ask(QUESTION, Asker("web", "visitor-a"))
    core.ask("我家住在七营镇北嘴村，娃该上哪个学校", Asker("web", "visitor-b"))
    again = core.ask(QUESTION, Asker("web", "visitor-b"))  # long and self-contained: it cannot lean on the last turn
    assert core.calls == [QUESTION, "我家住在七营镇北嘴村，娃该上哪个学校"]  # type: ignore[attr-defined]
    assert again.outcome == "answer"


def test_a_possible_follow_up_or_a_typed_choice_is_answered_afresh(core: AssistantCore) -> None:
    core.ask("那初中呢", Asker("web", "visitor-a"))  # a first turn: cached under its own words
    core.ask("小学六年巩固率目标是多少", Asker("web", "visitor-b"))
    core.ask("那初中呢", Asker("web", "visitor-b"))  # a follow-up of visitor b's question: never the cached one
    ambiguous = "我家在新庄村，娃上哪个学校"
    clarified = core.ask(ambiguous, Asker("web", "visitor-c"))
    assert clarified.outcome == "clarify" and clarified.choices
    core.ask(ambiguous, Asker("web", "visitor-d"))  # a first turn again: from the cache
    core.ask(QUESTION, Asker("web", "visitor-e"))
    picked = core.ask(QUESTION, Asker("web", "visitor-c"))  # long, but a choice was offered: never the cached one
    assert core.calls == ["那初中呢", "小学六年巩固率目标是多少", "那初中呢", ambiguous, QUESTION,  # type: ignore[attr-defined]
                          QUESTION]
    assert picked.outcome == "answer"


def test_knowledge_changes_and_a_new_day_clear_it(core: AssistantCore, day: Day) -> None:
    core.ask(QUESTION, Asker("web", "a"))
    core.approved_changed()
    core.ask(QUESTION, Asker("web", "b"))
    core.replace_assistant(core.assistant, [])
    core.ask(QUESTION, Asker("web", "c"))
    day.value = "2026-12-01"
    core.ask(QUESTION, Asker("web", "d"))
    core.ask(QUESTION, Asker("web", "e"))
    assert len(core.calls) == 4  # type: ignore[attr-defined]


def test_size_zero_keeps_nothing() -> None:
    cache = AnswerCache(0)
    assert cache.get("x") is None
