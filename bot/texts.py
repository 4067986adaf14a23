"""Named data files of the assistant (replies, guard patterns, intents, direct answers), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from knowledge.yamlload import safe_load


def load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    return safe_load(text) or {}


@dataclass(frozen=True)
class Replies:
    texts: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return self.texts[key].format(**values)


@dataclass(frozen=True)
class GuardRules:
    injection: tuple[re.Pattern[str], ...]
    abuse: tuple[re.Pattern[str], ...]
    chitchat: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class IntentRules:
    keywords: dict[str, dict[str, float]]
    labels: dict[str, str]
    section_intents: dict[str, str]
    english: dict[str, str]
    topics: list[dict[str, Any]]


@dataclass(frozen=True)
class DirectAnswerRules:
    prohibition: tuple[str, ...]
    affirmative: tuple[str, ...]
    predicates: tuple[tuple[re.Pattern[str], str, str], ...]


@dataclass(frozen=True)
class AssistantTexts:
    replies: Replies
    guard: GuardRules
    intents: IntentRules
    direct: DirectAnswerRules

    @classmethod
    def load(cls) -> AssistantTexts:
        guard = load_yaml("guard.yaml")
        intents = load_yaml("intents.yaml")
        direct = load_yaml("direct_answers.yaml")
        return cls(
            replies=Replies({k: str(v) for k, v in load_yaml("replies.yaml").items()}),
            guard=GuardRules(
                injection=tuple(re.compile(p, re.I) for p in guard.get("injection", [])),
                abuse=tuple(re.compile(p, re.I) for p in guard.get("abuse", [])),
                chitchat=tuple(
                    (kind, re.compile(p, re.I)) for kind, patterns in guard.get("chitchat", {}).items() for p in patterns
                ),
            ),
            intents=IntentRules(
                keywords={k: {str(w): float(x) for w, x in (v.get("keywords") or {}).items()} for k, v in intents["intents"].items()},
                labels={k: str(v.get("label", k)) for k, v in intents["intents"].items()},
                section_intents={str(k): str(v) for k, v in intents.get("section_intents", {}).items()},
                english={str(k): str(v) for k, v in intents.get("english", {}).items()},
                topics=list(intents.get("topics", [])),
            ),
            direct=DirectAnswerRules(
                prohibition=tuple(direct.get("prohibition", [])),
                affirmative=tuple(direct.get("affirmative", [])),
                predicates=tuple(
                    (re.compile(p["pattern"]), str(p["positive"]), str(p["negative"])) for p in direct.get("predicates", [])
                ),
            ),
        )
