"""Present: the last steps after the check — the user's script, the English summary, the notes in front."""

from __future__ import annotations

from bot.pipeline.context import AnswerContext
from bot.pipeline.finish import english_summary
from bot.texts import AssistantTexts
from knowledge.ingest.script import to_traditional


class ToScript:
    """A question asked in Traditional characters is answered in Traditional."""

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.answer is not None and ctx.script == "traditional":
            ctx.answer.text = to_traditional(ctx.answer.text)


class EnglishSummary:
    """A question asked in English gets a short English summary under the Chinese answer."""

    def __init__(self, texts: AssistantTexts) -> None:
        self.texts = texts

    def __call__(self, ctx: AnswerContext) -> None:
        answer = ctx.answer
        if answer is not None and ctx.script == "english" and answer.kind in {"answer", "decline", "approved"}:
            answer.text = f"{answer.text}\n\n{english_summary(ctx, self.texts)}"


class PrependNotes:
    """Notes gathered on the way (e.g. a question cut to length) go in front of every reply but small talk."""

    def __call__(self, ctx: AnswerContext) -> None:
        answer = ctx.answer
        if answer is not None and ctx.notes and answer.kind != "chitchat":
            answer.text = "\n".join([*ctx.notes, answer.text])
