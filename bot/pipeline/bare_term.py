"""A question that is only a term the plan uses ("划片", "控辍保学是啥") is in the domain: the sections whose text
or heading holds the term answer it (one section) or are offered as choices (two to four), instead of the
decline a scope model gives so short a question. The frames are data: bot/data/bare_terms.yaml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.texts import load_yaml
from retrieval.hit import Hit
from retrieval.hybrid import RetrievalResult
from retrieval.in_force import visible
from retrieval.units import SectionRef

_PUNCTUATION = re.compile(r"[\s，,。.？?！!：:“”\"'、~…]+")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class BareTerms:
    frames: tuple[re.Pattern[str], ...]
    min_chars: int
    max_chars: int
    max_sections: int

    @classmethod
    def load(cls) -> BareTerms:
        raw = load_yaml("bare_terms.yaml")
        return cls(tuple(re.compile(p) for p in raw.get("frames") or ()), int(raw.get("min_chars", 2)),
                   int(raw.get("max_chars", 8)), int(raw.get("max_sections", 4)))

    def term(self, folded: str) -> str:
        """The bare term a question consists of, or ""."""
        text = _PUNCTUATION.sub("", folded)
        for _ in range(3):  # frames may stack: 请问划片是啥呢
            before = text
            for frame in self.frames:
                text = frame.sub("", text)
            if text == before:
                break
        return text if self.min_chars <= len(text) <= self.max_chars and _CJK.match(text) else ""

    def sections_using(self, term: str, sections: Sequence[SectionRef], folded: str = "") -> list[SectionRef]:
        """Policy sections that use the term and that the question may see (retrieval/in_force.visible)."""
        return [s for s in sections if s.kind == "policy" and visible(s, folded) and (term in s.text or term in s.heading)]

    def settle(self, folded: str, result: RetrievalResult, sections: Sequence[SectionRef]) -> RetrievalResult:
        """The result with the sections using the bare term first, answered (one) or to clarify (two to four);
        unchanged when the question is not a bare term, no section or too many use it, or the match is sure."""
        if result.decision == "answer":
            return result
        term = self.term(folded)
        using = self.sections_using(term, sections, folded) if term else []
        if not using or len(using) > self.max_sections:
            return result
        keys = {s.key for s in using}
        top = max((h.score for h in result.hits), default=1.0)  # every section using the term is offered alike
        ranked = [replace(h, score=top) for h in result.hits if h.section.key in keys]
        missing = [s for s in using if s.key not in {h.section.key for h in ranked}]
        ranked += [Hit(section=s, score=top, unit_text=s.text, lexical_rank=None, dense_rank=None, dense_score=0.0) for s in missing]
        rest = [h for h in result.hits if h.section.key not in keys]
        decision = "answer" if len(using) == 1 else "clarify"
        return replace(result, hits=ranked + rest, in_scope=True, decision=decision)
