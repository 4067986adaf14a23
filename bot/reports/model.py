"""What a report holds: plain data, rendered by bot.reports.render."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.reports.periods import local_iso

REPORT_KEYS: tuple[str, ...] = (
    "since",
    "until",
    "timezone",
    "total",
    "answered",
    "answered_share",
    "helpful",
    "unhelpful",
    "by_day",
    "by_intent",
    "by_day_intent",
    "reasons",
    "groups",
    "queue",
)


@dataclass(frozen=True)
class DayCount:
    date: str  # YYYY-MM-DD in the report's time zone
    count: int
    answered: int


@dataclass(frozen=True)
class QuestionGroup:
    representative: str  # the most asked wording
    count: int  # questions in the group
    examples: list[str]  # up to 3 distinct wordings, the representative first
    intent: str = ""  # the most common topic among them


@dataclass(frozen=True)
class QueueItem:
    id: str
    created_at: str  # ISO 8601 in county time (+08:00)
    channel: str
    intent: str
    question: str
    answer: str
    answered: bool
    status: str  # new / reviewed
    helpful: bool | None  # the latest feedback
    reason: str

    @property
    def why(self) -> str:
        parts = [] if self.answered else ["未回答"]
        if self.helpful is False:
            parts.append("👎" + (f" {self.reason}" if self.reason else ""))
        return "；".join(parts)


@dataclass
class Report:
    since: dt.datetime
    until: dt.datetime
    timezone: str
    total: int = 0
    answered: int = 0
    helpful: int = 0
    unhelpful: int = 0
    by_day: list[DayCount] = field(default_factory=list)
    by_intent: dict[str, int] = field(default_factory=dict)
    by_day_intent: dict[str, dict[str, int]] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    groups: list[QuestionGroup] = field(default_factory=list)
    queue: list[QueueItem] = field(default_factory=list)

    @property
    def answered_share(self) -> float:
        return round(self.answered / self.total, 4) if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = {
            "since": local_iso(self.since),
            "until": local_iso(self.until),
            "timezone": self.timezone,
            "total": self.total,
            "answered": self.answered,
            "answered_share": self.answered_share,
            "helpful": self.helpful,
            "unhelpful": self.unhelpful,
            "by_day": [asdict(day) for day in self.by_day],
            "by_intent": dict(self.by_intent),
            "by_day_intent": {day: dict(counts) for day, counts in self.by_day_intent.items()},
            "reasons": dict(self.reasons),
            "groups": [asdict(group) for group in self.groups],
            "queue": [asdict(item) for item in self.queue],
        }
        return {key: data[key] for key in REPORT_KEYS}


@dataclass(frozen=True)
class Turn:
    """The same user's turn before a queued question (context for follow-ups and clarification replies)."""

    question: str
    answer: str


@dataclass
class QueueGroup:
    """Identical and near-identical queued questions, newest first, with the turns before them."""

    items: list[QueueItem]
    previous: dict[str, Turn] = field(default_factory=dict)  # item id -> the turn before it

    @property
    def first(self) -> QueueItem:
        return self.items[0]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    @property
    def waiting(self) -> int:
        return sum(item.status != "reviewed" for item in self.items)

    @property
    def wordings(self) -> list[tuple[str, int]]:
        """Distinct wordings with their counts, most asked first."""
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.question] = counts.get(item.question, 0) + 1
        return sorted(counts.items(), key=lambda pair: -pair[1])

    @property
    def unanswered(self) -> int:
        return sum(not item.answered for item in self.items)

    @property
    def disliked(self) -> int:
        return sum(item.helpful is False for item in self.items)

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(item.reason for item in self.items if item.helpful is False and item.reason))

    @property
    def channels(self) -> list[str]:
        return list(dict.fromkeys(item.channel for item in self.items))

    @property
    def contexts(self) -> list[tuple[QueueItem, Turn]]:
        """Up to three items with the turn before them, distinct turns only."""
        seen: set[tuple[str, str]] = set()
        found = []
        for item in self.items:
            turn = self.previous.get(item.id)
            if turn is not None and (turn.question, turn.answer) not in seen:
                seen.add((turn.question, turn.answer))
                found.append((item, turn))
        return found[:3]
