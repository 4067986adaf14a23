"""Query expansion from colloquial and English words to policy vocabulary (a data file)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from knowledge.yamlload import safe_load

_ENGLISH_STOP = set(["a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "be", "do", "does", "did", "can", "could", "will", "would", "my", "our", "your", "i", "we", "you", "it", "this", "that", "what", "which", "who", "how", "when", "where", "why", "with", "at", "by", "from", "about", "any", "have", "has", "there", "their", "they", "me", "us", "as", "if", "not", "no"])


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
        raw = safe_load(text) or {}
        table: dict[str, tuple[str, ...]] = {}
        for group in raw.values():
            for key, values in (group or {}).items():
                table[str(key).lower()] = tuple(str(v) for v in values)
        # longest keys first so "外地打工" wins over "打工"
        return cls(dict(sorted(table.items(), key=lambda kv: -len(kv[0]))))

    @classmethod
    def empty(cls) -> Expander:
        return cls({})

    def digest(self) -> str:
        """A fingerprint of the table: what was fitted on expanded texts is refitted when it changes."""
        return hashlib.sha256(repr(sorted(self.table.items())).encode("utf-8", "surrogatepass")).hexdigest()

    def hits(self, folded_query: str) -> list[str]:
        """The keys of the table found in the query (longest first, no overlaps)."""
        found, covered = [], folded_query
        for key in self.table:
            if key in covered:
                covered = covered.replace(key, " ")
                found.append(key)
        return found

    def english_coverage(self, folded_query: str) -> float:
        """Share of the English content words that the glossary knows."""
        words = [w for w in re.findall(r"[a-z][a-z-]+", folded_query) if w not in _ENGLISH_STOP]
        if not words:
            return 0.0
        known = set()
        for key in self.table:
            if key.isascii() and key in folded_query:
                known.update(key.split())
        return sum(w in known or w.rstrip("s") in known for w in words) / len(words)

    def expansions(self, folded_query: str) -> list[str]:
        added: list[str] = []
        covered = folded_query
        for key, values in self.table.items():
            if key in covered:
                covered = covered.replace(key, " ")
                added.extend(v for v in values if v not in folded_query and v not in added)
        return added
