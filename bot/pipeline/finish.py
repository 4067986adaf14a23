"""Finish: render the composed parts in the user's script, with related questions and an English summary."""

from __future__ import annotations

from bot.pipeline.compose import render
from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts


class Render:
    def __init__(self, texts: AssistantTexts) -> None:
        self.texts = texts

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.done:
            return None
        text = render(ctx, self.texts)
        if not text:
            return None
        ctx.finish(text, answered=True, kind="answer", related=self._related(ctx))
        return None

    def _related(self, ctx: AnswerContext) -> list[str]:
        for topic in self.texts.intents.topics:
            if topic.get("key") == ctx.intent:
                return [q for q in topic.get("examples", []) if q != ctx.question][:2]
        return []


def english_summary(ctx: AnswerContext, texts: AssistantTexts) -> str:
    answer = ctx.answer
    if answer is None:
        return ""
    if not answer.answered:
        return texts.replies("english_decline")
    topic = texts.intents.english.get(ctx.intent, texts.intents.english.get("general", ""))
    where = "; ".join(source.citation.split("》")[-1] for source in answer.sources) or "the county's school data"
    summary = f"this is covered by the county plan, {where} (topic: {topic})." if answer.sources else f"see the county's school data (topic: {topic})."
    return texts.replies("english_summary", summary=summary[0].upper() + summary[1:])
