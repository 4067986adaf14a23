"""Local speech read as plain Mandarin (撒 → 啥, 阿达 → 哪里, a final 么 → 吗) before the question is understood.

The question a family typed is kept as typed (it is what the log and the reply show); the steps that read words
(what is asked, the look-ups) and the search read the plain form. The rules are a data file
(`bot/data/dialect.yaml`) so that staff can extend them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.texts import load_yaml


@dataclass(frozen=True)
class Dialect:
    rules: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def load(cls, name: str = "dialect.yaml") -> Dialect:
        data = load_yaml(name)
        return cls(tuple((re.compile(str(rule["pattern"])), str(rule.get("replace") or "")) for rule in data.get("rules", [])))

    def __call__(self, folded: str) -> str:
        text = folded
        for pattern, replace in self.rules:
            text = pattern.sub(replace, text)
        return text if text.strip() else folded
