"""What the core returns to every channel: plain data, no channel types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    doc_id: str
    section_id: str
    heading: str  # heading of the smallest section holding the cited text, Simplified
    path: list[str]  # ancestors' headings, Simplified
    quote: str  # the cited sentences
    score: float
    citation: str = ""  # e.g. 《海原县…实施方案》三（五）18. 改革随迁子女就学机制
    kind: str = "policy"  # policy / data / approved

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "section_id": self.section_id,
            "heading": self.heading,
            "path": list(self.path),
            "quote": self.quote,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Choice:
    """A candidate the user can tap to answer a clarifying question."""

    label: str  # shown on the button, e.g. "关桥乡"
    reply: str  # the text sent back as the user's next message, e.g. "关桥乡新庄村"
    # the section a choice stands for (None for a choice that is not a section, e.g. a township)
    doc_id: str | None = None
    section_id: str | None = None
    heading: str | None = None
    path: list[str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "reply": self.reply,
            "doc_id": self.doc_id,
            "section_id": self.section_id,
            "heading": self.heading,
            "path": list(self.path) if self.path is not None else None,
        }


@dataclass(frozen=True)
class AskOutcome:
    """One ask of a message of several (ADR 0011): its words, how it was answered, the section that answered it."""

    question: str
    outcome: str  # answer / clarify / decline
    doc_id: str | None = None
    section_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "outcome": self.outcome, "doc_id": self.doc_id, "section_id": self.section_id}


OUTCOMES = ("answer", "clarify", "decline", "refuse", "chitchat")
_OUTCOME_OF_KIND = {"approved": "answer", "refusal": "refuse"}


LOOKUP_KINDS = ("zone", "school_fact", "subsidy", "materials", "calendar", "service", "contact")
PLACE_STATUSES = ("found", "ambiguous", "unknown", "outside_county")


@dataclass(frozen=True)
class LookupInfo:
    """Which school-data look-up answered: its kind, the place's status, the ids of the rows used
    (``schools:QY-Z``, ``zones:七营镇/杨堡村``, ``subsidies:…``, ``services:…``, ``enrollment:…``)."""

    kind: str  # one of LOOKUP_KINDS
    place_status: str | None = None  # one of PLACE_STATUSES, or None when no place was asked
    record_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "place_status": self.place_status, "record_ids": list(self.record_ids)}


@dataclass
class Answer:
    question: str
    text: str
    answered: bool
    intent: str = "general"
    sources: list[Source] = field(default_factory=list)
    latency_ms: float = 0.0
    script: str = "simplified"
    kind: str = "answer"  # answer / clarify / decline / chitchat / refusal / approved
    choices: list[Choice] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # up to two follow-up questions to suggest
    query_id: str = ""  # set once the question is logged; feedback refers to it
    notes: list[str] = field(default_factory=list)  # e.g. "question truncated to 500 characters"
    lookup: LookupInfo | None = None  # the school-data look-up made, if any
    asks: list[AskOutcome] = field(default_factory=list)  # a message of several asks answered one by one; else []

    @property
    def outcome(self) -> str:
        """answer (staff-approved too) / clarify / decline / refuse / chitchat, derived from `kind`."""
        return _OUTCOME_OF_KIND.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "answered": self.answered,
            "intent": self.intent,
            "sources": [source.as_dict() for source in self.sources],
            "latency_ms": round(self.latency_ms, 1),
            "outcome": self.outcome,
            "choices": [choice.as_dict() for choice in self.choices] if self.outcome == "clarify" else [],
            "lookup": self.lookup.as_dict() if self.lookup is not None else None,
            "asks": [ask.as_dict() for ask in self.asks],
        }


@dataclass(frozen=True)
class Asker:
    """Who asked, as a channel knows them. `user_id` is hashed before anything is stored."""

    channel: str = "cli"
    user_id: str = ""
    chat_type: str = "private"
