"""Answer and menu buttons: topics, examples, sources, related questions, choices; feedback is dispatched on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import CallbackQuery, Message, Update

from bot.service import Topic
from handlers.telegram.asking import ask
from handlers.telegram.botdata import Context
from handlers.telegram.feedback import on_feedback, on_reason
from handlers.telegram.formatting import citable, examples_keyboard
from handlers.telegram.sending import Target, ack, expired, send_text

T = TypeVar("T")
Button = Callable[[CallbackQuery, Context, Message, list[str]], Awaitable[None]]


def _pick(items: Sequence[T], index: str) -> T | None:
    try:
        n = int(index)
    except ValueError:
        return None
    return items[n] if 0 <= n < len(items) else None


async def _topic(context: Context, key: str) -> Topic | None:
    topics = await asyncio.to_thread(context.bot_data.assistant().topics)
    return next((topic for topic in topics if topic.key == key), None)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    kind, *args = (query.data or "").split(":")
    message = query.message if isinstance(query.message, Message) else None
    handler = BUTTONS.get(kind)
    if handler is None or message is None:
        await expired(query, context)
        return
    await handler(query, context, message, args)


async def _ask_again(query: CallbackQuery, context: Context, message: Message, question: str) -> None:
    await ack(query)
    await ask(context, Target.of(message, quote=False), query.from_user, message.chat.type, question, echo=question)


async def _on_noop(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    await ack(query)


async def _on_topic(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    topic = await _topic(context, args[0]) if len(args) == 1 else None
    if topic is None:
        await expired(query, context)
        return
    await ack(query)
    body = topic.overview.strip()
    if topic.examples:
        body += "\n\n" + context.bot_data.texts.topic_examples
    await send_text(context, Target.of(message, quote=False), body, examples_keyboard(topic), title=topic.label)


async def _on_example(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    topic = await _topic(context, args[0]) if len(args) == 2 else None
    example = _pick(topic.examples, args[1]) if topic else None
    if not example:
        await expired(query, context)
        return
    await _ask_again(query, context, message, example)


async def _on_source(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = await context.bot_data.cached(args)
    source = _pick(citable(item.sources), index) if item else None
    if source is None:
        await expired(query, context)
        return
    await ack(query)
    target = Target.of(message, quote=False)
    section = await asyncio.to_thread(context.bot_data.assistant().source_text, source.doc_id, source.section_id)
    if section is None:
        await send_text(context, target, context.bot_data.texts.source_missing)
        return
    await send_text(context, target, section.text, title=section.citation or source.citation or section.heading)


async def _on_related(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = await context.bot_data.cached(args)
    question = _pick(item.related, index) if item else None
    if not question:
        await expired(query, context)
        return
    await _ask_again(query, context, message, question)


async def _on_choice(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = await context.bot_data.cached(args)
    choice = _pick(item.choices, index) if item else None
    if choice is None:
        await expired(query, context)
        return
    await _ask_again(query, context, message, choice.reply)


BUTTONS: dict[str, Button] = {
    "noop": _on_noop,
    "topic": _on_topic,
    "ex": _on_example,
    "fb": on_feedback,
    "why": on_reason,
    "src": _on_source,
    "rel": _on_related,
    "pick": _on_choice,
}
