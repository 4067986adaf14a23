"""Asking: messages and commands that put a question to the core, and the reply with its answer buttons.

Core calls run in a worker thread (`asyncio.to_thread`); nothing here stores or logs a Telegram
user id, chat id or username: the user id only goes to `Asker.user_id`, which the core hashes.
"""

from __future__ import annotations

import asyncio
import re

from telegram import Message, Update, User

from bot.answer import Answer, Asker
from handlers.telegram.botdata import Context
from handlers.telegram.formatting import answer_keyboard, answer_plain_text, has_words, topics_keyboard
from handlers.telegram.sending import GROUP_TYPES, Target, send_text, typing
from handlers.telegram.state import CachedAnswer, user_hash

CHANNEL = "telegram"


async def ask(
    context: Context, target: Target, user: User, chat_type: str, question: str, echo: str = ""
) -> Answer | None:
    """Rate-limit, ask the core in a worker thread, reply with the answer and its buttons."""
    data = context.bot_data
    key = user_hash(user.id)
    allowed, warn = await asyncio.to_thread(data.rate, key)
    if not allowed:
        if warn:
            await send_text(context, target, data.texts.rate_limited)
        return None
    asker = Asker(channel=CHANNEL, user_id=str(user.id), chat_type=str(chat_type))
    async with data.user_lock(key):  # one question at a time per user keeps follow-ups in order
        async with typing(context, target):
            answer = await asyncio.to_thread(data.assistant().ask, question, asker)
        ref = data.answers.new_ref(answer.query_id)
        await asyncio.to_thread(data.answers.put, ref, CachedAnswer(
            answer.query_id, answer.kind, list(answer.sources), list(answer.related), list(answer.choices)))
        markup = answer_keyboard(data.texts, ref, answer.kind, answer.sources, answer.related, answer.choices)
        await send_text(context, target, answer_plain_text(data.texts, answer, echo), markup)
    return answer


def strip_mention(text: str, username: str | None) -> tuple[str, bool]:
    if not username:
        return text, False
    pattern = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    stripped, count = pattern.subn("", text)
    return stripped.strip(), bool(count)


def addressed(message: Message, bot_id: int, username: str | None) -> tuple[bool, str]:
    """(is the message for the bot, its text without @mentions of the bot).

    In private chats every message is; in groups only replies to the bot's messages and mentions.
    """
    text, mentioned = strip_mention(message.text or message.caption or "", username)
    if message.chat.type not in GROUP_TYPES:
        return True, text
    reply = message.reply_to_message
    replied = bool(reply and reply.from_user and reply.from_user.id == bot_id)
    return mentioned or replied, text


async def on_start(update: Update, context: Context) -> None:
    if update.effective_message is None:
        return
    topics = await asyncio.to_thread(context.bot_data.assistant().topics)
    await send_text(context, Target.of(update.effective_message), context.bot_data.texts.welcome,
                    topics_keyboard(topics))


async def on_help(update: Update, context: Context) -> None:
    if update.effective_message is not None:
        await send_text(context, Target.of(update.effective_message), context.bot_data.texts.help)


async def on_text(update: Update, context: Context) -> None:
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None or user.is_bot:
        return
    is_for_bot, text = addressed(message, context.bot.id, context.bot.username)
    if not is_for_bot:
        return  # group chatter not meant for the bot
    if not has_words(text.strip()):
        await send_text(context, Target.of(message), context.bot_data.texts.empty_text)
        return
    await ask(context, Target.of(message), user, chat.type, text.strip())


async def on_media(update: Update, context: Context) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    if addressed(message, context.bot.id, context.bot.username)[0]:
        await send_text(context, Target.of(message), context.bot_data.texts.media_only)


async def on_unknown_command(update: Update, context: Context) -> None:
    await on_help(update, context)
