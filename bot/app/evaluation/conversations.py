"""Questions asked inside a conversation. A set's `context` holds the asker's earlier messages: they are asked first,
in order, in one fresh conversation, and the question is answered with them behind it, as a channel would answer it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.answer import Answer
from bot.pipeline.context import AnswerContext, Conversation

Respond = Callable[..., tuple[Answer, AnswerContext]]  # (question[, conversation]) -> the answer and its context


def in_conversation(respond: Respond, question: str, context: Sequence[str] = ()) -> tuple[Answer, AnswerContext]:
    if not context:
        return respond(question)
    conversation = Conversation()
    for earlier in context:
        _, ctx = respond(earlier, conversation)
        conversation.turns.append(ctx.turn())
    return respond(question, conversation)


def answer_in_conversation(respond: Respond) -> Callable[..., Any]:
    """An `ask(question, context=())` returning the answer only, for the figures that read the text."""
    return lambda question, context=(): in_conversation(respond, question, context)[0]
