"""Query expansion from colloquial and English words to policy vocabulary (a data file)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Expander:
    table: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path | None = None) -> Expander:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("retrieval.data").joinpath("synonyms.yaml").read_text(encoding="utf-8")
        )
        raw = yaml.safe_load(text) or {}
        table: dict[str, tuple[str, ...]] = {}
        for group in raw.values():
            for key, values in (group or {}).items():
                table[str(key).lower()] = tuple(str(v) for v in values)
        # longest keys first so "外地打工" wins over "打工"
        return cls(dict(sorted(table.items(), key=lambda kv: -len(kv[0]))))

    @classmethod
    def empty(cls) -> Expander:
        return cls({})

    def expansions(self, folded_query: str) -> list[str]:
        added: list[str] = []
        covered = folded_query
        for key, values in self.table.items():
            if key in covered:
                covered = covered.replace(key, " ")
                added.extend(v for v in values if v not in folded_query and v not in added)
        return added
