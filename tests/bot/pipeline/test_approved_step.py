"""The approved-answer step asks the database whether the approved answers changed at most every `check_seconds`."""

from __future__ import annotations

from typing import Any

from bot.pipeline.approved import UseApproved
from bot.pipeline.context import AnswerContext, Conversation


class CountingMatcher:
    def __init__(self) -> None:
        self.checks = 0

    def refresh_if_changed(self, session: Any) -> bool:
        self.checks += 1
        return False

    def match(self, question: str) -> None:
        return None


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_database_is_asked_at_most_once_per_interval(engine, texts) -> None:  # type: ignore[no-untyped-def]
    matcher, clock = CountingMatcher(), Clock()
    step = UseApproved(texts, matcher, engine, check_seconds=1.0, clock=clock)  # type: ignore[arg-type]
    for _ in range(5):
        step(AnswerContext(raw="随迁子女", conversation=Conversation()))
    assert matcher.checks == 1
    clock.now += 1.0
    step(AnswerContext(raw="随迁子女", conversation=Conversation()))
    assert matcher.checks == 2
    every = UseApproved(texts, CountingMatcher(), engine)  # type: ignore[arg-type]
    for _ in range(3):
        every(AnswerContext(raw="随迁子女", conversation=Conversation()))
    assert every.matcher.checks == 3  # type: ignore[attr-defined]
