"""The Assistant: an explicit list of small steps sharing one context, stopping early when one answers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.pipeline import multi_ask
from bot.pipeline.answer_first import AnswerFirst
from bot.pipeline.asked import AskedThings
from bot.pipeline.asks import AskSplitter
from bot.pipeline.check import Check
from bot.pipeline.clarify import Clarify
from bot.pipeline.compose import Compose
from bot.pipeline.context import AnswerContext, Conversation
from bot.pipeline.dialect import Dialect
from bot.pipeline.elsewhere import DeclineElsewhere
from bot.pipeline.finish import Render
from bot.pipeline.framing import Framing
from bot.pipeline.guard import Guard
from bot.pipeline.lookup import LookUp
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.present import EnglishSummary, PrependNotes, ToScript
from bot.pipeline.question_type import QuestionTypes
from bot.pipeline.resolve_choice import ResolveChoice
from bot.pipeline.retrieve import Retrieve
from bot.pipeline.understand import Understand
from bot.pipeline.unstated import DeclineUnstated, DeclineUnstatedChoices, StatedReader
from bot.texts import AssistantTexts
from retrieval.expand import Expander
from retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from knowledge.schooldata.directory_protocol import Directory

logger = logging.getLogger(__name__)
Step = Callable[[AnswerContext], None]
# steps that run even after an earlier one has answered: the rewrite, the check, the presentation
FINISHING = frozenset({"rewrite", "check", "to_script", "english_summary", "notes"})


class Assistant:
    def __init__(
        self,
        retriever: HybridRetriever,
        texts: AssistantTexts | None = None,
        directory: Directory | None = None,
        max_chars: int = 500,
        extra_steps: Sequence[tuple[str, Step]] = (),
        rewriter: Step | None = None,
    ) -> None:
        self.texts = texts or AssistantTexts.load()
        self.retriever = retriever
        self.directory = directory
        expander = retriever.expander if retriever.expander.table else Expander.load()
        retrieve = Retrieve(self.texts, retriever, directory)
        self.decline_text = retrieve.decline_text
        words = retriever.source_words  # idf over the sources' own text: the question bank says nothing of a term's weight
        stated = StatedReader(AskedThings.load(), words, expander)
        framing = Framing.load()  # the guard leaves the greetings out; the look-up reads the clauses that ask
        self.asks = AskSplitter.load(framing.asks)
        self.max_chars = max_chars
        steps: list[tuple[str, Step]] = [
            ("guard", Guard(self.texts, max_chars, framing, Dialect.load())),
            ("resolve_choice", ResolveChoice()),
            ("understand", Understand(self.texts, directory, framing)),
            *extra_steps,  # e.g. ("approved", …): staff-approved answers come before retrieval
            ("lookup", LookUp(self.texts, directory, framing)),
            ("elsewhere", DeclineElsewhere(self.texts, retrieve)),
            ("retrieve", retrieve),
            ("unstated_choices", DeclineUnstatedChoices(self.texts, stated, retrieve.decline_text)),
            ("clarify", Clarify(self.texts)),
            ("compose", Compose(self.texts, expander, words)),
            ("answer_first", AnswerFirst(QuestionTypes.load(), PolarityRules.load(), expander, words,
                                         spelled=lambda folded: retriever.phonetic.expansions(folded), things=stated.things,
                                         named=retriever.named_terms)),
            ("unstated", DeclineUnstated(self.texts, stated, retrieve.decline_text)),
            ("render", Render(self.texts)),
        ]
        if rewriter is not None:
            steps.append(("rewrite", rewriter))
        self.check = Check(self.texts.replies.texts.values())
        steps.append(("check", self.check))
        steps.extend([("to_script", ToScript()), ("english_summary", EnglishSummary(self.texts)), ("notes", PrependNotes())])
        self.steps = steps

    def run(self, question: str, conversation: Conversation | None = None) -> AnswerContext:
        ctx = AnswerContext(raw=question, conversation=conversation or Conversation())
        for name, step in self.steps:
            if ctx.done and name not in FINISHING:
                continue
            step(ctx)
            if name == "check" and ctx.answer is None:  # nothing composed (e.g. every sentence failed the check)
                ctx.finish(self.decline_text(ctx), answered=False, kind="decline")
                self.check(ctx)
        return ctx

    def answer(self, question: str, conversation: Conversation | None = None) -> Answer:
        return self.respond(question, conversation)[0]

    def respond(self, question: str, conversation: Conversation | None = None) -> tuple[Answer, AnswerContext]:
        started = time.perf_counter()
        ctx = self._several(question, conversation) or self.run(question, conversation)
        answer = ctx.answer
        assert answer is not None
        answer.latency_ms = (time.perf_counter() - started) * 1000
        answer.intent = ctx.intent
        return answer, ctx

    def _several(self, question: str, conversation: Conversation | None) -> AnswerContext | None:
        """A message of several asks, each answered on its own; None when it asks one thing or none of its asks is
        answered (then the whole message is answered as one question, clarified or declined as before)."""
        if len(question) > self.max_chars:  # a message the guard truncates is answered whole, with its note
            return None
        parts = self.asks.split(question)
        if len(parts) < 2:
            return None
        runs = [self.run(part, conversation) for part in parts]
        refusal = multi_ask.refused(runs)
        if refusal is not None:
            return refusal
        if not multi_ask.answered_any(runs, self.asks.part_confidence):
            return None
        return multi_ask.merge(question, runs, self.texts)
