"""The evaluation question sets (retrieval/eval/*.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PACKAGE_ROOT

EVAL_DIR = PACKAGE_ROOT / "retrieval" / "eval"

# gold section -> the intent a person asking about it has (to measure intent detection)
SECTION_INTENTS = {"3.6.18": "migrant", "3.6.19": "care", "3.6.20": "dropout", "3.6.21": "subsidy",
                   "3.2.5": "zone", "3.2.6": "zone", "3.4.11": "teacher", "3.4.12": "teacher", "3.4.13": "teacher"}


@dataclass
class Question:
    id: str
    question: str
    gold: list[str]
    kind: str
    persona: str = ""
    style: str = ""
    key_facts: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.kind == "answerable"


def load_questions(path: Path | None = None) -> list[Question]:
    path = path or EVAL_DIR / "questions.jsonl"
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(Question(**{k: raw[k] for k in Question.__dataclass_fields__ if k in raw}))
    return items


def load_followups(path: Path | None = None) -> list[dict[str, object]]:
    path = path or EVAL_DIR / "followups.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
