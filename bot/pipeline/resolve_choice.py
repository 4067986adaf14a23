"""ResolveChoice: a number or a label typed after a clarifying question becomes the chosen item's question."""

from __future__ import annotations

import re
import unicodedata

from bot.answer import Choice
from bot.pipeline.context import AnswerContext
from retrieval.text import fold

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① … ⑳
_CHINESE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"^(?:第|选|选择|要)?\s*([0-9]{1,2}|[一二两三四五六七八九])\s*(?:个|项|条|号)?\s*[.、。:：)）]?\s*(?:个|项|条)?$")


def choice_number(text: str) -> int | None:
    """1, １, ①, "第1个", "1.", "第二个" -> the number; anything else -> None."""
    compact = unicodedata.normalize("NFKC", text).strip().strip("?？!！ ")
    if compact in _CIRCLED:
        return _CIRCLED[compact]
    if len(text.strip()) == 1 and text.strip() in _CIRCLED:
        return _CIRCLED[text.strip()]
    match = _NUMBER.match(compact)
    if match is None:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else _CHINESE[value]


def pick(choices: tuple[Choice, ...] | list[Choice], text: str) -> Choice | None:
    """The choice a short reply names: by its number, or by its label (one contains the other)."""
    if not choices:
        return None
    number = choice_number(text)
    if number is not None:
        return choices[number - 1] if 1 <= number <= len(choices) else None
    folded = fold(text).strip().strip("?？!！。 ")
    if not folded or len(folded) > 40:
        return None
    named = [c for c in choices if (label := fold(c.label)) and (label in folded or folded in label) and len(folded) >= 2]
    return named[0] if len(named) == 1 else None


class ResolveChoice:
    """Right after the guard: when the last turn offered choices, a number or a label picks one."""

    def __call__(self, ctx: AnswerContext) -> None:
        last = ctx.conversation.last
        if last is None or not last.choices:
            return None
        choice = pick(last.choices, ctx.question)
        if choice is None:
            return None
        ctx.picked = choice
        ctx.question = choice.reply
        ctx.folded = fold(choice.reply)
        return None
