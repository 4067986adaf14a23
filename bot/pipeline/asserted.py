"""Figures a question asserts (是不是已经提到30%了, 听说补3000元): the answer repeats one only where the source binds it
to what is asked. A quoted clause that holds the question's figure but speaks of something else (其中骨干教师…30%, a
subset the question does not name) is cut from the quote, so the answer never seems to confirm a planted value."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.pipeline.asked import chinese_number
from retrieval.text import char_tokens

CHINESE_AMOUNT = re.compile(r"([一二两三四五六七八九十][零一二两三四五六七八九十百千万]+)\s*(?:元|块)")
FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|元|块|人|倍|名|所|个|年)")
_CLAUSE = re.compile(r"(?<=[，,；;。！？!?：:])")
# a clause that narrows to a part of what the sentence spoke of: its figure belongs to that part
SUBSET = re.compile(r"^\s*(其中|其余|另有|此外)")
MIN_COVER = 0.35  # share of the question's informative weight a figure's clause must carry to be bound to it
GAP = "……"


def asserted_figures(folded_question: str) -> list[str]:
    """The figures with their unit that the question states, e.g. ['30%'] (units normalised: ％ → %, 块 → 元; an
    amount in Chinese numerals in digits: 一千块 → 1000元)."""
    found = [re.sub(r"\s+", "", m.group(0)).replace("％", "%").replace("块", "元") for m in FIGURE.finditer(folded_question)]
    for m in CHINESE_AMOUNT.finditer(folded_question):
        value = chinese_number(m.group(1))
        if value is not None:
            found.append(f"{value}元")
    return list(dict.fromkeys(found))


def _number(figure: str) -> str:
    return re.sub(r"[^\d.]", "", figure)


def _holds(text: str, figure: str) -> bool:
    """The figure's number stands in the text as a whole number (30 is not in 130 or 300)."""
    return re.search(rf"(?<![\d.]){re.escape(_number(figure))}(?![\d.])", text) is not None


def _coverage(clause: str, weights: dict[str, float]) -> float:
    tokens = set(char_tokens(clause.lower()))
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in tokens) / total


def bound(clause: str, folded_question: str, weights: dict[str, float], before: str = "") -> bool:
    """Whether a clause holding the question's figure speaks of what is asked (and so may repeat the figure): a
    subset clause only when the question names its subset; another with the clauses of its sentence before it."""
    subset = SUBSET.match(clause)
    if subset is not None:
        subject = clause[subset.end() : subset.end() + 2]
        return bool(subject) and subject in folded_question
    return _coverage(before + clause, weights) >= MIN_COVER


def question_weights(folded_question: str, idf: Callable[[str], float]) -> dict[str, float]:
    """The question's informative bigrams (no digits), weighted by idf: what a clause must carry to be about it."""
    return {t: idf(t) for t in set(char_tokens(folded_question)) if len(t) == 2 and not re.search(r"\d", t) and idf(t) > 0}


def trim_unbound(quote: str, figures: list[str], folded_question: str, weights: dict[str, float]) -> str:
    """The quote without its clauses that hold one of the question's figures but are not bound to the question."""
    if not figures or not any(_holds(quote, f) for f in figures):
        return quote
    kept: list[str] = []
    sentence = ""  # the clauses of the current sentence so far
    for clause in (c for c in _CLAUSE.split(quote) if c):
        before = "" if re.search(r"[。！？!?；;]$", sentence) else sentence
        sentence = before + clause
        if any(_holds(clause, f) for f in figures) and not bound(clause, folded_question, weights, before):
            if kept and kept[-1] != GAP:
                kept[-1] = kept[-1].rstrip("，,；;：:") + GAP
            elif not kept:
                kept.append(GAP)
            continue
        kept.append(clause)
    return "".join(kept).replace(GAP + GAP, GAP)
