"""ResolveChoice: a typed reply to a clarifying question (a number, or a choice's label) becomes that choice's question.

After "“张湾村”在关桥乡、西安镇都有，请问是哪个乡镇的？", typing ``关桥乡``, ``关桥``, ``1``, ``１``,
``①``, ``第1个`` or ``1.`` is understood in every channel, like tapping the button (which sends the
choice's ``reply``). Runs right after the guard; without choices on the last turn it does nothing.
"""

from __future__ import annotations

import re
import unicodedata

from bot.answer import Choice
from bot.pipeline.context import AnswerContext
from retrieval.text import fold

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBER = re.compile(r"^(?:第|选|选择)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|项|号|条)?\s*[.。、)）:：]?$")
_PUNCT = re.compile(r"[\s，,。.!！?？、；;：:“”\"'‘’()（）]+")
SLACK = 4  # characters a typed label may carry around it (是关桥乡的, 关桥乡那个)


def choice_number(text: str) -> int | None:
    """'1', '１', '①', '第1个', '1.', '第一个' -> 1; anything else None."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.match(text)
    if not match:
        return None
    value = match[1]
    return int(value) if value.isdigit() else _CN[value]


def pick(text: str, choices: tuple[Choice, ...] | list[Choice]) -> Choice | None:
    """The choice a typed reply names, if exactly one fits."""
    if not choices:
        return None
    number = choice_number(text)
    if number is not None:
        return choices[number - 1] if 1 <= number <= len(choices) else None
    typed = _PUNCT.sub("", fold(text))
    if not typed:
        return None
    found = []
    for choice in choices:
        if typed == _PUNCT.sub("", fold(choice.reply)):
            return choice  # a button's own text
        label = _PUNCT.sub("", fold(choice.label))
        named = bool(label) and label in typed and len(typed) <= len(label) + SLACK
        if named or (len(typed) >= 2 and typed in label):
            found.append(choice)
    return found[0] if len(found) == 1 else None


class ResolveChoice:
    def __call__(self, ctx: AnswerContext) -> None:
        last = ctx.conversation.last
        if last is None or not last.choices or ctx.done:
            return None
        choice = pick(ctx.question, last.choices)
        if choice is None:
            return None
        ctx.picked = choice
        ctx.question = choice.reply
        ctx.folded = fold(choice.reply)
        ctx.core = ""
        return None
