"""Framing: the greetings before a message's question and the thanks after it, left out of what the search reads;
and, in a long message, the clauses that ask.

A message written as to a message board (尊敬的领导您好！……盼复，谢谢！) wraps its question in clauses that say
nothing about it; they match sections by chance (领导 → 加强组织领导) and crowd the question's end out of the few
characters the dense side reads. Only whole clauses at either end go, and only those the data file names
(`bot/data/framing.yaml`); the message is never emptied."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.texts import load_yaml

# a clause ends at punctuation or a space; the delimiters stay with the clause before them
_CLAUSE = re.compile(r"[^，,。.！!？?；;：:、\s~～…]+[，,。.！!？?；;：:、\s~～…]*|[，,。.！!？?；;：:、\s~～…]+")
_DELIMITERS = "，,。.！!？?；;：:、 \t\n~～…"
# sentences and clauses of a question: a list joined by 、 or a space inside a question is still one clause that asks
_SENTENCE = re.compile(r"(?<=[。！？!?；;])")
_ASKING_CLAUSE = re.compile(r"[^，,。！？!?；;]+[，,。！？!?；;]*")


@dataclass(frozen=True)
class Framing:
    opening: tuple[re.Pattern[str], ...]
    closing: tuple[re.Pattern[str], ...]
    asks: re.Pattern[str]
    belief_before: re.Pattern[str] | None = None
    belief_after: re.Pattern[str] | None = None

    @classmethod
    def load(cls, name: str = "framing.yaml") -> Framing:
        data = load_yaml(name)
        address = str(data.get("address", ""))

        def compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p.replace("{address}", address), re.I) for p in patterns)

        before, after = data.get("belief_before"), data.get("belief_after")
        return cls(compiled(data.get("opening", [])), compiled(data.get("closing", [])), re.compile(str(data.get("asks", "[?？]"))),
                   re.compile(str(before)) if before else None, re.compile(str(after)) if after else None)

    def claim(self, folded: str) -> str:
        """The question without the frame of a belief being checked (听说…是真的不 → …); unchanged when nothing
        would be left."""
        text = folded.strip()
        if self.belief_after is not None:
            text = self.belief_after.sub("", text)
        if self.belief_before is not None:
            text = self.belief_before.sub("", text)
        return text if any(ch not in _DELIMITERS for ch in text) else folded

    def core(self, folded: str) -> str:
        """The message without its opening and closing clauses (the whole message when it is nothing else)."""
        clauses = _CLAUSE.findall(folded)
        start, end = 0, len(clauses)
        while start < end and _whole(clauses[start], self.opening):
            start += 1
        while end > start and not self.asks.search(clauses[end - 1]) and _whole(clauses[end - 1], self.closing):
            end -= 1
        kept = "".join(clauses[start:end]).strip()
        return kept if any(ch not in _DELIMITERS for ch in kept) else folded

    def asking_clauses(self, folded: str) -> list[str]:
        """In a message of several sentences that do not all ask, the clauses that ask (娃在海城上初三，水平考试还搞不搞？
        asks in its second clause only): those a question mark ends when the message has any (跑十几里路, 没评上过啥
        tell), else those with a word that asks. [] for a message of one sentence, or of questions only."""
        sentences = [s for s in _SENTENCE.split(folded) if s.strip()]
        if len(sentences) < 2 or all(self.asks.search(s) for s in sentences):
            return []
        clauses = _ASKING_CLAUSE.findall(folded)
        return [c for c in clauses if c.rstrip().endswith("?")] or [c for c in clauses if self.asks.search(c)]


def _whole(clause: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    words = clause.strip(_DELIMITERS)
    return not words or any(p.fullmatch(words) for p in patterns)
