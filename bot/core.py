"""AssistantCore: the AssistantService every channel uses — answers, conversation memory, the query log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from bot.answer import Answer, Asker
from bot.answer_cache import AnswerCache
from bot.assistant import Assistant
from bot.conversation import Conversations
from bot.pipeline.citation import citation
from bot.pipeline.understand import reads_context
from bot.querylog import QueryLog, user_key
from bot.service import SourceText, Topic
from bot.textsafety import clean_question
from retrieval.units import SectionRef

logger = logging.getLogger(__name__)


class AssistantCore:
    def __init__(
        self,
        assistant: Assistant,
        querylog: QueryLog | None,
        conversations: Conversations,
        secret: str,
        sections: Sequence[SectionRef] = (),
        on_approved_changed: Callable[[], None] | None = None,
        answer_cache: AnswerCache | None = None,
    ) -> None:
        self.answers = answer_cache or AnswerCache(0)
        self._on_approved_changed = on_approved_changed
        self.before_ask: Callable[[], None] | None = None  # e.g. reload the retriever when the index version changed
        self.assistant = assistant
        self.querylog = querylog
        self.conversations = conversations
        self._secret = secret
        self._sections = {(s.doc_id, s.section_id): s for s in sections}

    def replace_assistant(self, assistant: Assistant, sections: Sequence[SectionRef]) -> None:
        """Answer from a reloaded knowledge base from the next question on (in-flight questions finish on the old)."""
        self._sections = {(s.doc_id, s.section_id): s for s in sections}
        self.assistant = assistant
        self.answers.clear()

    def ask(self, question: str, asker: Asker) -> Answer:
        if self.before_ask is not None:
            try:
                self.before_ask()
            except Exception:  # a failed reload never stops an answer: the loaded index keeps serving
                logger.exception("reloading the knowledge failed; answering from the loaded index")
        question = clean_question(question)  # no lone surrogates or control characters past this point
        key = user_key(self._secret, asker.channel, asker.user_id) if asker.user_id else ""
        conversation = self.conversations.get(key)
        alone = not reads_context(question, conversation.last)  # the answer depends on the question alone
        started = time.perf_counter()
        cached = self.answers.get(question) if alone else None
        if cached is not None:
            answer, turn = cached
            answer.latency_ms = (time.perf_counter() - started) * 1000
        else:
            answer, ctx = self.assistant.respond(question, conversation)
            turn = ctx.turn()
            if alone:
                self.answers.put(question, answer, turn)
        self.conversations.add(key, turn)
        if self.querylog is not None:
            answer.query_id = self.querylog.record(answer, asker, question)
        return answer

    def approved_changed(self) -> None:
        """Staff created, edited or retracted an approved answer: match against the new set at once."""
        self.answers.clear()
        if self._on_approved_changed is not None:
            self._on_approved_changed()

    def close(self) -> None:
        """Forget the conversations held in memory (shared ones stay in the database). The query log writes
        through (or spools) as it goes, and the engine belongs to the runtime, so nothing else is pending."""
        self.conversations.close()

    def feedback(self, query_id: str, helpful: bool, reason: str = "", asker: Asker | None = None) -> None:
        if self.querylog is not None and query_id:
            voter = user_key(self._secret, asker.channel, asker.user_id) if asker and asker.user_id else ""
            self.querylog.feedback(query_id, helpful, clean_question(reason), voter)

    def source_text(self, doc_id: str, section_id: str) -> SourceText | None:
        section = self._sections.get((doc_id, section_id))
        if section is None:
            return None
        return SourceText(citation=citation(section), heading=section.heading, text=section.text or section.heading)

    def topics(self) -> list[Topic]:
        return [
            Topic(key=str(t["key"]), label=str(t["label"]), overview=str(t["overview"]), examples=[str(e) for e in t.get("examples", [])])
            for t in self.assistant.texts.intents.topics
        ]
