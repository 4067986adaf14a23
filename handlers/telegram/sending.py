"""Sending replies: where a reply goes, long text split below Telegram's limit, "typing…", button acks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from handlers.telegram.botdata import Context
from handlers.telegram.formatting import MAX_TEXT, escape, html_len, split_text

logger = logging.getLogger(__name__)

TYPING_EVERY = 4.5  # Telegram shows "typing…" for about 5 s
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


@dataclass(frozen=True)
class Target:
    """Where a reply goes: the chat, the message to quote (groups only), the forum topic."""

    chat_id: int
    reply_to: int | None = None
    thread_id: int | None = None

    @classmethod
    def of(cls, message: Message, quote: bool | None = None) -> Target:
        if quote is None:
            quote = message.chat.type in GROUP_TYPES
        thread = message.message_thread_id if message.is_topic_message else None
        return cls(message.chat_id, message.message_id if quote else None, thread)


async def send_text(
    context: Context,
    target: Target,
    plain: str,
    markup: InlineKeyboardMarkup | None = None,
    title: str = "",
) -> list[Message]:
    """Send plain text as escaped HTML, split below 4096 at sentence boundaries; buttons on the last part."""
    head = f"<b>{escape(title)}</b>\n\n" if title else ""
    parts = split_text(plain, MAX_TEXT - html_len(title) - 9 if title else MAX_TEXT) or [""]
    sent: list[Message] = []
    for i, part in enumerate(parts):
        if i:
            await asyncio.sleep(context.bot_data.pace)  # AIORateLimiter does not limit private chats
        html_text = (head if i == 0 else "") + escape(part)
        sent.append(
            await context.bot.send_message(
                chat_id=target.chat_id,
                text=html_text or "…",
                parse_mode=ParseMode.HTML,
                reply_markup=markup if i == len(parts) - 1 else None,
                reply_parameters=(
                    ReplyParameters(target.reply_to, allow_sending_without_reply=True)
                    if i == 0 and target.reply_to
                    else None
                ),
                message_thread_id=target.thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    return sent


@contextlib.asynccontextmanager
async def typing(context: Context, target: Target) -> AsyncIterator[None]:
    """Show "typing…" now and keep it up until the block ends."""

    async def ping() -> None:
        try:
            await context.bot.send_chat_action(target.chat_id, ChatAction.TYPING, message_thread_id=target.thread_id)
        except TelegramError as exc:
            logger.debug("chat action failed: %s", type(exc).__name__)

    async def keep() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            await ping()

    await ping()
    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def ack(query: CallbackQuery, text: str | None = None) -> None:
    """Answer the callback query (always, so the button stops spinning); a too-old query is no error."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        logger.debug("callback answer failed: %s", exc)


async def expired(query: CallbackQuery, context: Context) -> None:
    await ack(query, context.bot_data.texts.expired)


async def edit_markup(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Swap the buttons; an unchanged or too old message keeps its buttons (feedback is already saved)."""
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as exc:
        logger.debug("editing the buttons failed: %s", exc)
