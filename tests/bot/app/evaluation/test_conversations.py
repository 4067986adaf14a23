"""Questions scored inside their conversation (bot/app/evaluation/conversations.py): the earlier messages first, in
one fresh conversation each time."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.app.evaluation.conversations import answer_in_conversation, in_conversation
from bot.app.evaluation.dataset import Question, load_questions
from bot.app.evaluation.families import miss_lines, report_set, score
from bot.assistant import Assistant
from bot.pipeline.context import Conversation, Turn


class Recorder:
    """A respond that remembers what each question saw of its conversation; answers with section `gold` only when
    the question comes after 住校补助 in the same conversation."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, tuple[str, ...]]] = []

    def __call__(self, question: str, conversation: Conversation | None = None) -> tuple[Any, Any]:
        before = tuple(t.question for t in conversation.turns) if conversation else ()
        self.seen.append((question, before))
        section = "3.6.21" if question == "那初中呢" and before[-1:] == ("住校补助多少",) else "1"
        answer = SimpleNamespace(outcome="answer", kind="answer", text=f"答：{section}",
                                 sources=[SimpleNamespace(doc_id="", section_id=section, kind="policy")], choices=[])
        ctx = SimpleNamespace(retrieval=None, turn=lambda: Turn(question=question, intent="subsidy"))
        return answer, ctx


def test_the_earlier_messages_are_asked_first_in_one_fresh_conversation() -> None:
    respond = Recorder()
    answer, _ = in_conversation(respond, "那初中呢", ["你好", "住校补助多少"])
    assert respond.seen == [("你好", ()), ("住校补助多少", ("你好",)), ("那初中呢", ("你好", "住校补助多少"))]
    assert answer.sources[0].section_id == "3.6.21"
    in_conversation(respond, "那初中呢", ["住校补助多少"])
    assert respond.seen[-2:] == [("住校补助多少", ()), ("那初中呢", ("住校补助多少",))]  # nothing of the first conversation


def test_a_question_without_context_is_asked_alone() -> None:
    calls: list[str] = []

    def respond(question: str) -> tuple[Any, Any]:  # takes no conversation: a set without context needs none
        calls.append(question)
        return Recorder()(question)

    in_conversation(respond, "住校补助多少")
    assert calls == ["住校补助多少"]


def test_scores_and_misses_read_the_question_in_its_conversation() -> None:
    items = [Question("c1", "那初中呢", ["3.6.21"], "answerable", context=["住校补助多少"]),
             Question("c2", "那初中呢", ["3.6.21"], "answerable", context=["营养餐交钱不"])]
    assert score(Recorder(), items)["top1"] == 0.5
    assert miss_lines(Recorder(), items) == ["  c2         gold ['3.6.21'], got answer ['1']: 营养餐交钱不 › 那初中呢"]
    ask = answer_in_conversation(Recorder())
    assert ask("那初中呢", ["住校补助多少"]).text == "答：3.6.21" and ask("那初中呢").text == "答：1"


def test_report_set_reads_key_facts_in_the_conversation(tmp_path: Path) -> None:
    rows = [{"id": "c1", "context": ["住校补助多少"], "question": "那初中呢", "gold": ["3.6.21"], "kind": "answerable",
             "key_facts": ["3.6.21"]}]
    path = tmp_path / "talk_dev.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    assert load_questions(path)[0].context == ["住校补助多少"]
    out = io.StringIO()
    report_set(Recorder(), path, out)
    assert "  key_facts_first_100 1.000  key_facts_anywhere 1.000  n_facts 1" in out.getvalue().splitlines()


def test_the_real_assistant_carries_the_first_turn_into_an_elliptical_follow_up(assistant: Assistant) -> None:
    alone, _ = in_conversation(assistant.respond, "那初中呢")
    followed, ctx = in_conversation(assistant.respond, "那初中呢", ["义务教育阶段贫困娃有啥补助"])
    assert ctx.followup and followed.outcome == "answer"
    assert followed.sources[0].section_id == "3.6.21" and alone.sources[:1] != followed.sources[:1]
