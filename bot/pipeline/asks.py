"""Several asks in one message (1.住校补多少 2.娃不念了咋办; …还有…; …顺便问下…): the parts that each ask
something, so that each is answered on its own instead of one search splitting between them.

A message is cut where a numbered item or a connector (还有, 另外, 顺便问下, 再问一下) begins (a question mark
alone does not cut: the ask after it usually leans on the one before); a part that only tells (the family's
situation, a greeting, "@姐 帮我问下") joins the ask after it. Fewer than two parts that ask: the message is one ask
and is answered as it always was, as is a message written mostly in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.texts import load_yaml
from knowledge.ingest.script import to_simplified

_PUNCT = re.compile(r"[\s\W_]+")
_EDGES = " ，,。；;、"
_SPACES = re.compile(r"\s{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_PAUSE = r"(?:(?<=^)|(?<=[\s，,。；;？?！!：:、…~～]))"


@dataclass(frozen=True)
class AskSplitter:
    cuts: re.Pattern[str]  # where a new ask may begin (the match is the marker, left out of the part)
    not_after: re.Pattern[str]  # a connector followed by this asks of the same thing
    asks: re.Pattern[str]  # a part with this asks something (Framing.asks)
    more_asks: re.Pattern[str]
    not_asks: re.Pattern[str]
    max_parts: int = 4
    min_chars: int = 4
    part_confidence: float = 0.4

    @classmethod
    def load(cls, asks: re.Pattern[str], name: str = "asks.yaml") -> AskSplitter:
        data = load_yaml(name) or {}
        marked = [f"(?:{p})" for p in data.get("enumeration", [])]
        marked += [f"{_PAUSE}(?:{p})" for p in data.get("connectors_after_pause", [])]
        marked += [f"(?:{p})" for p in data.get("connectors_anywhere", [])]
        return cls(re.compile("|".join(marked)), re.compile(str(data.get("not_after_connector", "$^"))), asks,
                   re.compile(str(data.get("more_asks", "$^"))), re.compile(str(data.get("not_asks", "$^"))),
                   int(data.get("max_parts", 4)), int(data.get("min_chars", 4)), float(data.get("part_confidence", 0.4)))

    def split(self, text: str) -> list[str]:
        """The message's asks, each with the telling parts before it, in the message's own script; [text] when it
        asks one thing."""
        if len(_HAN.findall(text)) <= len(_LATIN.findall(text)):
            return [text]
        simplified = to_simplified(text)
        shown = text if len(simplified) == len(text) else simplified  # Traditional converts character by character
        parts: list[str] = []
        pending = ""
        for start, end in self._pieces(simplified):
            pending = f"{pending}{shown[start:end]}"
            if self._asks(simplified[start:end]):
                parts.append(pending.strip(_EDGES))
                pending = ""
        if pending.strip():
            if not parts:
                return [text]
            parts[-1] = f"{parts[-1]}{pending}".strip(_EDGES)
        if len(parts) < 2:
            return [text]
        if len(parts) > self.max_parts:
            parts = [*parts[: self.max_parts - 1], " ".join(parts[self.max_parts - 1:])]
        return [_SPACES.sub(" ", part) for part in parts]

    def _asks(self, piece: str) -> bool:
        if len(_PUNCT.sub("", piece)) < self.min_chars:
            return False
        read = self.not_asks.sub("", piece).strip()
        return bool(self.asks.search(read) or self.more_asks.search(read))

    def _pieces(self, text: str) -> list[tuple[int, int]]:
        """Where the text's pieces start and end: cut before every marker, the marker left out."""
        cuts = [(m.start(), m.end()) for m in self.cuts.finditer(text)
                if m.end() < len(text) and not self.not_after.match(text[m.end():])]
        spans: list[tuple[int, int]] = []
        at = 0
        for start, end in sorted(cuts):
            if start < at:
                continue
            spans.append((at, start))
            at = end
        spans.append((at, len(text)))
        return [(start, end) for start, end in spans if text[start:end].strip()]
