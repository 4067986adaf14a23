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
