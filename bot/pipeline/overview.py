"""A question about the plan as a whole is answered by its goals and guiding principles. Words: bot/data/overview.yaml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.texts import load_yaml
from retrieval.hit import Hit
from retrieval.hybrid import RetrievalResult
from retrieval.units import SectionRef

_NOT_WORDS = re.compile(r"[\s\W_\d]+")


@dataclass(frozen=True)
class Overview:
    plan_words: tuple[str, ...]
    ask_words: tuple[str, ...]
    document: str
    headings: tuple[str, ...]

    @classmethod
    def load(cls) -> Overview:
        raw = load_yaml("overview.yaml")

        def by_length(key: str) -> tuple[str, ...]:  # longest first: 城乡一体化 goes before 一体化 leaves 城乡 behind
            return tuple(sorted((str(w) for w in raw.get(key) or ()), key=len, reverse=True))

        return cls(by_length("plan_words"), by_length("ask_words"), str(raw.get("document", "")),
                   tuple(str(h) for h in raw.get("headings") or ()))

    def asks_the_whole(self, folded: str) -> bool:
        """Only the plan's own names and words that ask about it: 一体化改革具体要做哪些事 (not 城乡教师交流轮岗咋搞)."""
        text = _NOT_WORDS.sub("", folded)
        named = False
        for word in self.plan_words:
            named = named or word in text
            text = text.replace(word, "")
        for word in self.ask_words:
            text = text.replace(word, "")
        return named and not text

    def answering(self, sections: Sequence[SectionRef]) -> list[SectionRef]:
        plan = [s for s in sections if s.kind == "policy" and self.document and self.document in s.doc_title]
        return [s for heading in self.headings for s in plan if heading in s.heading]

    def settle(self, folded: str, result: RetrievalResult, sections: Sequence[SectionRef]) -> RetrievalResult:
        """The result with the plan's goals first when the question asks about the plan as a whole."""
        answering = self.answering(sections) if self.asks_the_whole(folded) else []
        if not answering:
            return result
        keys = [s.key for s in answering]
        top = max((h.score for h in result.hits), default=1.0)
        found = {h.section.key: h for h in result.hits}
        first = [replace(found[s.key], score=top) if s.key in found else
                 Hit(section=s, score=top, unit_text=s.text, lexical_rank=None, dense_rank=None, dense_score=0.0)
                 for s in answering]
        rest = [h for h in result.hits if h.section.key not in keys]
        return replace(result, hits=first + rest, in_scope=True, decision="answer")
