"""Named data files of the assistant (replies, guard patterns, intents), loaded once."""

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
    refuse: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]  # (case, patterns): personal_data, forgery, evade_dropout
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
class AssistantTexts:
    replies: Replies
    guard: GuardRules
    intents: IntentRules

    @classmethod
    def load(cls) -> AssistantTexts:
        guard = load_yaml("guard.yaml")
        intents = load_yaml("intents.yaml")
        return cls(
            replies=Replies({k: str(v) for k, v in load_yaml("replies.yaml").items()}),
            guard=GuardRules(
                refuse=tuple(
                    (str(case), tuple(re.compile(p, re.I) for p in patterns))
                    for case, patterns in (guard.get("refuse") or {}).items()
                ),
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
        )
