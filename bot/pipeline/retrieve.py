"""Retrieve: hybrid search over the policy sections; decline when no source answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.pipeline.bare_term import BareTerms
from bot.pipeline.bureau import bureau_line
from bot.pipeline.context import AnswerContext
from bot.pipeline.overview import Overview
from bot.texts import AssistantTexts
from retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory


class Retrieve:
    def __init__(self, texts: AssistantTexts, retriever: HybridRetriever, directory: Directory | None = None) -> None:
        self.texts = texts
        self.retriever = retriever
        self.directory = directory
        self.bare_terms = BareTerms.load()
        self.overview = Overview.load()
        self._sections = list({u.section.key: u.section for u in retriever.units if u.section.kind == "policy"}.values())

    def __call__(self, ctx: AnswerContext) -> None:
        result = self.retriever.search(ctx.search_query or ctx.question, k=8)
        if not ctx.search_query or ctx.search_query in {ctx.question, ctx.core, ctx.claim}:  # a follow-up's context is not a bare term
            result = self.bare_terms.settle(ctx.folded, result, self._sections)
            result = self.overview.settle(ctx.folded, result, self._sections)
        ctx.retrieval = result
        if result.hits and ctx.intent == "general":
            heading = result.hits[0].section.heading
            for word, intent in self.texts.intents.section_intents.items():
                if word in heading:
                    ctx.intent = intent
                    break
        # data asked for by name (a place, materials, dates, a contact) stands on its own; keyword-
        # triggered facts (subsidy rows, services) only accompany an answer the sources support
        if result.in_scope:
            return None
        ctx.facts = [fact for fact in ctx.facts if fact.explicit]
        if ctx.facts:
            ctx.retrieval = None  # no policy text answers: cite the data only
            return None
        ctx.finish(self.decline_text(ctx), answered=False, kind="decline")
        return None

    def decline_text(self, ctx: AnswerContext | None = None, opening: str = "") -> str:
        """The decline (`opening`, else the plain one) and the bureau's contact."""
        replies = self.texts.replies
        opening = opening or replies("decline")
        line = bureau_line(self.directory, lambda **fields: replies("decline_contact", **fields), replies("sample_mark"))
        if line is None:
            return f"{opening}\n{replies('decline_no_contact')}"
        if ctx is not None:  # the contact is a data record: the check must find its number there
            ctx.facts.append(line.fact)
        return f"{opening}\n{line.text}{line.mark}"
