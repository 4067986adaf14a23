"""Content terms: the question's informative bigrams — no function character (的, 要, 啥 …), not a generic word (学校,
海原, 孩子 …), not inside a place or school the question names — weighted by idf. A section that shares none of them
with the question does not belong in the answer beside the one that answers it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from retrieval.text import char_tokens


def content_terms(
    folded_question: str,
    idf: Callable[[str], float],
    function_chars: frozenset[str],
    generic: Iterable[str] = (),
    names: Iterable[str] = (),
) -> dict[str, float]:
    text = folded_question
    for word in [*generic, *names]:
        if word:
            text = text.replace(word.lower(), " ")
    terms: dict[str, float] = {}
    for token in set(char_tokens(text)):
        if len(token) != 2 or re.search(r"[\da-z]", token) or any(ch in function_chars for ch in token):
            continue
        weight = idf(token)
        if weight > 0:
            terms[token] = weight
    return terms


def shares_content(text: str, terms: dict[str, float], expansions: dict[str, tuple[str, ...]] | None = None) -> bool:
    """Whether the text holds one of the question's content terms (or a synonym of a word holding one)."""
    tokens = set(char_tokens(text.lower()))
    if any(term in tokens for term in terms):
        return True
    for key, values in (expansions or {}).items():
        if any(term in key for term in terms) and any(value.lower() in text.lower() for value in values):
            return True
    return False
