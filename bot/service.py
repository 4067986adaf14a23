"""The facade every channel talks to (Telegram, web, terminal, CLI). Plain Python; never imports a channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.answer import Answer, Asker


@dataclass(frozen=True)
class Topic:
    key: str  # short id, safe in callback data: "zone", "migrant", "subsidy", "care", "dropout", "teacher"
    label: str  # 入学划片
    overview: str  # two or three plain sentences
    examples: list[str] = field(default_factory=list)  # example questions to tap


@dataclass(frozen=True)
class SourceText:
    citation: str  # 《海原县…实施方案》三（五）18. 改革随迁子女就学机制
    heading: str
    text: str  # the full section text, Simplified


class AssistantService(Protocol):
    def ask(self, question: str, asker: Asker) -> Answer:
        """Answer (keeping a short per-asker conversation for follow-ups), log it, set answer.query_id."""
        ...

    def feedback(self, query_id: str, helpful: bool, reason: str = "", asker: Asker | None = None) -> None:
        """Record 👍/👎; with an asker, a repeat vote on the same answer replaces the earlier one."""
        ...

    def source_text(self, doc_id: str, section_id: str) -> SourceText | None: ...

    def topics(self) -> list[Topic]: ...

    def approved_changed(self) -> None:
        """Staff created, edited or retracted an approved answer: match against the new set from now on."""
        ...

    def close(self) -> None:
        """The channel is shutting down: release what the service holds (called once, at the end)."""
        ...
