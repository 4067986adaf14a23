"""Question type: what kind of thing a question asks (how much, which school, may I …), from cue patterns in
`bot/data/question_types.yaml`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.texts import load_yaml

OTHER = "other"
DEFAULT_CUE_BONUS = 0.15
DEFAULT_RESTATE_PENALTY = 0.4


@dataclass(frozen=True)
class QuestionType:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    cues: tuple[str, ...]  # words a clause answering this kind of question tends to carry
    cue_bonus: float = DEFAULT_CUE_BONUS  # how much a clause holding a cue gains: more where the cue is the answer (不得 for "can it change")
    purpose: bool = False  # "why": the clause giving the purpose joins the lead
    condition: bool = False  # "what happens if": a clause stating a condition and what follows it is preferred
    restate_penalty: float = DEFAULT_RESTATE_PENALTY  # what a clause restating the question loses (no answer to "to whom")
    cue_missing_penalty: float = 0.0  # what a clause holding none of the cues loses: "to whom" needs a 向…报告


@dataclass(frozen=True)
class QuestionTypes:
    types: tuple[QuestionType, ...]

    @classmethod
    def load(cls, name: str = "question_types.yaml") -> QuestionTypes:
        return cls.from_dict(load_yaml(name))

    @classmethod
    def from_dict(cls, raw: dict[str, dict[str, dict[str, object]]]) -> QuestionTypes:
        types = tuple(
            QuestionType(
                str(name),
                tuple(re.compile(str(p), re.I) for p in _items(rule.get("patterns"))),
                tuple(str(c) for c in _items(rule.get("cues"))),
                _number(rule.get("cue_bonus"), DEFAULT_CUE_BONUS),
                bool(rule.get("purpose", False)),
                bool(rule.get("condition", False)),
                _number(rule.get("restate_penalty"), DEFAULT_RESTATE_PENALTY),
                _number(rule.get("cue_missing_penalty"), 0.0),
            )
            for name, rule in (raw.get("types") or {}).items()
        )
        return cls(types)

    def classify(self, folded: str, named: Iterable[str] = ()) -> str:
        """The first type (in file order) whose pattern matches the folded question, else `other`. A match inside
        one of the sources' named things (`named`: “亲情电话”, “县管校聘”) is a noun, not a cue: 留守儿童 亲情电话
        asks about the plan's 亲情电话, not whom to call."""
        inside = [(m.start(), m.end()) for term in named for m in re.finditer(re.escape(term), folded)]
        for qtype in self.types:
            for pattern in qtype.patterns:
                if any(not _within(m.span(), inside) for m in pattern.finditer(folded)):
                    return qtype.name
        return OTHER

    def cues(self, name: str) -> tuple[str, ...]:
        found = self.get(name)
        return found.cues if found is not None else ()

    def get(self, name: str) -> QuestionType | None:
        return next((qtype for qtype in self.types if qtype.name == name), None)


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float | str) else default
