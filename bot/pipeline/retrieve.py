"""Retrieve: hybrid search over the policy sections; decline when no source answers."""

from __future__ import annotations

from typing import Any

from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts
from retrieval.hybrid import HybridRetriever


class Retrieve:
    def __init__(self, texts: AssistantTexts, retriever: HybridRetriever, directory: Any | None = None) -> None:
        self.texts = texts
        self.retriever = retriever
        self.directory = directory

    def __call__(self, ctx: AnswerContext) -> None:
        result = self.retriever.search(ctx.search_query or ctx.question, k=8)
        ctx.retrieval = result
        if result.hits and ctx.intent == "general":
            heading = result.hits[0].section.heading
            for word, intent in self.texts.intents.section_intents.items():
                if word in heading:
                    ctx.intent = intent
                    break
        # facts found by naming a place (a zone look-up) stand on their own; keyword-triggered facts
        # (subsidy rows, services) only accompany an answer the sources support
        if result.in_scope or (ctx.facts and ctx.intent == "zone" and ctx.entities.places):
            return None
        ctx.facts.clear()
        ctx.finish(self.decline_text(), answered=False, kind="decline")
        return None

    def decline_text(self) -> str:
        replies = self.texts.replies
        contact = self.directory.bureau_contact() if self.directory is not None else None
        if contact is None:
            return f"{replies('decline')}\n{replies('decline_no_contact')}"
        hours = f"（{contact.hours}）" if getattr(contact, "hours", "") else ""
        mark = "" if contact.verified else replies("sample_mark")
        return f"{replies('decline')}\n{replies('decline_contact', name=contact.name, contact=contact.contact, hours=hours)}{mark}"
