"""Text folding and tokenisation for lexical search (Chinese by characters and bigrams)."""

from __future__ import annotations

import re

from knowledge.ingest.script import fold

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?%?")
# single characters that carry no topic on their own; bigrams that contain them still count
STOP_CHARS = set("的了吗呢啊吧呀么嘛哦哈是在有和与及或也都就还而被把对从向以为之其这那个些啥咋么怎样什我你他她它们俺咱请问想一下")


__all__ = ["STOP_CHARS", "char_tokens", "fold", "sentences"]


def char_tokens(folded: str) -> list[str]:
    tokens: list[str] = []
    for run in _CJK.findall(folded):
        tokens.extend(ch for ch in run if ch not in STOP_CHARS)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(_WORD.findall(folded))
    return tokens


def sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping the end punctuation."""
    parts = re.split(r"(?<=[。！？；!?;])|\n+", text)
    return [part.strip() for part in parts if part and part.strip()]
