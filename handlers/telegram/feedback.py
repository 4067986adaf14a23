"""Feedback buttons: 👍, 👎 and the 👎 reason, passed to the core and acknowledged with new buttons."""

from __future__ import annotations

import asyncio

from telegram import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.telegram.botdata import Context
from handlers.telegram.formatting import answer_keyboard, reasons_keyboard
from handlers.telegram.sending import ack, edit_markup, expired
from handlers.telegram.state import CachedAnswer


def done_markup(context: Context, ref: str, item: CachedAnswer) -> InlineKeyboardMarkup | None:
    return answer_keyboard(
        context.bot_data.texts, ref, item.kind, item.sources, item.related, item.choices, feedback_done=True
    )


async def on_feedback(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    """`fb:<1|0>:<ref>`: 👍 is saved and thanked; 👎 is saved now and the reasons are offered."""
    data = context.bot_data
    ref, item, helpful = await data.cached(args)
    if item is None or helpful not in ("0", "1"):
        await expired(query, context)
        return
    if item.query_id:  # a 👎 counts even if no reason is picked; the reason follows
        await asyncio.to_thread(data.assistant().feedback, item.query_id, helpful == "1", "")
    if helpful == "1":
        await ack(query, data.texts.feedback_thanks_toast)
        await edit_markup(query, done_markup(context, ref, item))
        return
    await ack(query, data.texts.feedback_reason_prompt)
    await edit_markup(query, reasons_keyboard(data.texts, ref))


async def on_reason(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    """`why:<code>:<ref>`: the reason picked after a 👎."""
    data = context.bot_data
    ref, item, code = await data.cached(args)
    reason = data.texts.reasons.get(code)
    if item is None or reason is None:
        await expired(query, context)
        return
    if item.query_id:
        await asyncio.to_thread(data.assistant().feedback, item.query_id, False, reason)
    await ack(query, data.texts.feedback_thanks_toast)
    await edit_markup(query, done_markup(context, ref, item))
