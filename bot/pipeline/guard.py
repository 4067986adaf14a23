"""Guard: empty, over-long and emoji-only input, chit-chat, and the narrow refusals (another person's personal data,
forging documents, evading 控辍保学, abuse); everything else goes on to be answered on its merits. The folded question it
hands on is read in plain words (local speech: bot/pipeline/dialect.py) and without its greetings (framing.py)."""

from __future__ import annotations

import re
import unicodedata

from bot.pipeline.context import AnswerContext
from bot.pipeline.dialect import Dialect
from bot.pipeline.framing import Framing
from bot.texts import AssistantTexts
from retrieval.text import fold

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _has_words(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


class Guard:
    def __init__(self, texts: AssistantTexts, max_chars: int = 500, framing: Framing | None = None,
                 dialect: Dialect | None = None) -> None:
        self.texts = texts
        self.max_chars = max_chars
        self.framing = framing or Framing.load()
        self.dialect = dialect or Dialect.load()

    def __call__(self, ctx: AnswerContext) -> None:
        replies = self.texts.replies
        text = _CONTROL.sub("", ctx.raw or "").strip()
        if len(text) > self.max_chars:
            text = text[: self.max_chars]
            ctx.notes.append(replies("truncated", limit=self.max_chars))
        ctx.question = text
        folded = fold(text)
        ctx.folded = self.dialect(folded)
        if not text:
            ctx.intent = "chitchat"
            return ctx.finish(replies("empty"), answered=False, kind="chitchat")
        if not _has_words(text):
            ctx.intent = "chitchat"
            return ctx.finish(replies("emoji_only"), answered=False, kind="chitchat")
        compact = re.sub(r"\s+", " ", ctx.folded)
        for case, patterns in self.texts.guard.refuse:
            if any(p.search(compact) for p in patterns):
                ctx.intent = "refusal"
                return ctx.finish(replies(f"refuse_{case}"), answered=False, kind="refusal")
        if any(p.search(compact) for p in self.texts.guard.abuse):
            ctx.intent = "refusal"
            return ctx.finish(replies("abuse"), answered=False, kind="refusal")
        for kind, pattern in self.texts.guard.chitchat:
            if pattern.search(compact.strip()):
                ctx.intent = "chitchat"
                lead = replies(kind)
                extra = "" if kind == "thanks" else "\n" + replies("capabilities")
                return ctx.finish(lead + extra, answered=False, kind="chitchat")
        core = self.framing.core(ctx.folded)
        if core != folded:  # without its greetings, or in plain words: what the search reads
            ctx.folded = ctx.core = core
        return None
