"""The update callbacks: thin adapters between Telegram updates and the AssistantService core.

Core calls run in a worker thread (`asyncio.to_thread`); nothing here stores or logs a Telegram
user id, chat id or username: the user id only goes to `Asker.user_id`, which the core hashes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import weakref
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.answer import Answer, Asker
from bot.service import AssistantService, Topic
from handlers.telegram.formatting import (
    MAX_TEXT,
    answer_keyboard,
    answer_plain_text,
    citable,
    escape,
    examples_keyboard,
    has_words,
    html_len,
    reasons_keyboard,
    split_text,
    topics_keyboard,
)
from handlers.telegram.reports import StaffReports
from handlers.telegram.state import AnswerCache, CachedAnswer, RateLimiter, user_hash
from handlers.telegram.texts import Texts

logger = logging.getLogger(__name__)

# keys in application.bot_data
SERVICE = "service"
REPORTS = "reports"
ANSWERS = "answers"
LIMITER = "limiter"
TEXTS = "texts"
STAFF_IDS = "staff_ids"
PACE = "pace_seconds"
LOCKS = "user_locks"

CHANNEL = "telegram"
TYPING_EVERY = 4.5  # Telegram shows "typing…" for about 5 s
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)

Context = ContextTypes.DEFAULT_TYPE


# -- small accessors ------------------------------------------------------------------------------


def _texts(context: Context) -> Texts:
    return context.bot_data[TEXTS]


def _service(context: Context) -> AssistantService:
    return context.bot_data[SERVICE]


def _answers(context: Context) -> AnswerCache:
    return context.bot_data[ANSWERS]


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
    pace = float(context.bot_data.get(PACE, 0.4))
    sent: list[Message] = []
    for i, part in enumerate(parts):
        if i:
            await asyncio.sleep(pace)  # pace the parts: AIORateLimiter does not limit private chats
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


def _user_lock(context: Context, key: str) -> asyncio.Lock:
    locks: weakref.WeakValueDictionary[str, asyncio.Lock] = context.bot_data.setdefault(
        LOCKS, weakref.WeakValueDictionary()
    )
    lock = locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        locks[key] = lock
    return lock


# -- asking -----------------------------------------------------------------------------------


async def ask(
    context: Context, target: Target, user: User, chat_type: str, question: str, echo: str = ""
) -> Answer | None:
    """Rate-limit, ask the core in a worker thread, reply with the answer and its buttons."""
    texts = _texts(context)
    key = user_hash(user.id)
    limiter: RateLimiter = context.bot_data[LIMITER]
    allowed, warn = limiter.hit(key)
    if not allowed:
        if warn:
            await send_text(context, target, texts.rate_limited)
        return None
    service = _service(context)
    asker = Asker(channel=CHANNEL, user_id=str(user.id), chat_type=str(chat_type))
    async with _user_lock(context, key):  # one question at a time per user keeps follow-ups in order
        async with typing(context, target):
            answer = await asyncio.to_thread(service.ask, question, asker)
        cache = _answers(context)
        ref = cache.new_ref(answer.query_id)
        cache.put(
            ref,
            CachedAnswer(
                query_id=answer.query_id,
                kind=answer.kind,
                sources=list(answer.sources),
                related=list(answer.related),
                choices=list(answer.choices),
            ),
        )
        markup = answer_keyboard(texts, ref, answer.kind, answer.sources, answer.related, answer.choices)
        await send_text(context, target, answer_plain_text(texts, answer, echo), markup)
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


# -- messages ---------------------------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    topics = await asyncio.to_thread(_service(context).topics)
    await send_text(context, Target.of(message), _texts(context).welcome, topics_keyboard(topics))


async def on_help(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        await send_text(context, Target.of(message), _texts(context).help)


async def on_text(update: Update, context: Context) -> None:
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None or user.is_bot:
        return
    is_for_bot, text = addressed(message, context.bot.id, context.bot.username)
    if not is_for_bot:
        return  # group chatter not meant for the bot
    text = text.strip()
    if not has_words(text):
        await send_text(context, Target.of(message), _texts(context).empty_text)
        return
    await ask(context, Target.of(message), user, chat.type, text)


async def on_media(update: Update, context: Context) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    is_for_bot, _ = addressed(message, context.bot.id, context.bot.username)
    if is_for_bot:
        await send_text(context, Target.of(message), _texts(context).media_only)


async def on_unknown_command(update: Update, context: Context) -> None:
    await on_help(update, context)


# -- buttons ----------------------------------------------------------------------------------


async def ack(query: CallbackQuery, text: str | None = None) -> None:
    """Answer the callback query (always, so the button stops spinning); a too-old query is no error."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        logger.debug("callback answer failed: %s", exc)


async def _expired(query: CallbackQuery, context: Context) -> None:
    await ack(query, _texts(context).expired)


async def _edit_markup(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Swap the buttons; an unchanged or too old message keeps its buttons (feedback is already saved)."""
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as exc:
        logger.debug("editing the buttons failed: %s", exc)


def _pick(items: Sequence[Any], index: str) -> Any | None:
    try:
        n = int(index)
    except ValueError:
        return None
    return items[n] if 0 <= n < len(items) else None


async def _topic(context: Context, key: str) -> Topic | None:
    topics = await asyncio.to_thread(_service(context).topics)
    return next((topic for topic in topics if topic.key == key), None)


def _done_markup(context: Context, ref: str, item: CachedAnswer) -> InlineKeyboardMarkup | None:
    return answer_keyboard(
        _texts(context), ref, item.kind, item.sources, item.related, item.choices, feedback_done=True
    )


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    parts = (query.data or "").split(":")
    kind, args = parts[0], parts[1:]
    message = query.message if isinstance(query.message, Message) else None
    handler = _BUTTONS.get(kind)
    if handler is None or message is None:
        await _expired(query, context)
        return
    await handler(query, context, message, args)


async def _on_noop(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    await ack(query)


async def _on_topic(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    topic = await _topic(context, args[0]) if len(args) == 1 else None
    if topic is None:
        await _expired(query, context)
        return
    await ack(query)
    texts = _texts(context)
    body = topic.overview.strip()
    if topic.examples:
        body += "\n\n" + texts.topic_examples
    await send_text(context, Target.of(message, quote=False), body, examples_keyboard(topic), title=topic.label)


async def _on_example(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    topic = await _topic(context, args[0]) if len(args) == 2 else None
    example = _pick(topic.examples, args[1]) if topic else None
    if not example:
        await _expired(query, context)
        return
    await ack(query)
    await ask(context, Target.of(message, quote=False), query.from_user, message.chat.type, example, echo=example)


def _cached(context: Context, args: list[str]) -> tuple[str, CachedAnswer | None, str]:
    """(ref, cached answer, first argument) for `kind:<arg>:<ref>` data."""
    if len(args) != 2:
        return "", None, ""
    return args[1], _answers(context).get(args[1]), args[0]


async def _on_feedback(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    ref, item, helpful = _cached(context, args)
    if item is None or helpful not in ("0", "1"):
        await _expired(query, context)
        return
    texts = _texts(context)
    service = _service(context)
    if helpful == "1":
        if item.query_id:
            await asyncio.to_thread(service.feedback, item.query_id, True, "")
        await ack(query, texts.feedback_thanks_toast)
        await _edit_markup(query, _done_markup(context, ref, item))
        return
    if item.query_id:  # recorded now, so a 👎 counts even if no reason is picked; the reason follows
        await asyncio.to_thread(service.feedback, item.query_id, False, "")
    await ack(query, texts.feedback_reason_prompt)
    await _edit_markup(query, reasons_keyboard(texts, ref))


async def _on_reason(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    ref, item, code = _cached(context, args)
    texts = _texts(context)
    reason = texts.reasons.get(code)
    if item is None or reason is None:
        await _expired(query, context)
        return
    if item.query_id:
        await asyncio.to_thread(_service(context).feedback, item.query_id, False, reason)
    await ack(query, texts.feedback_thanks_toast)
    await _edit_markup(query, _done_markup(context, ref, item))


async def _on_source(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = _cached(context, args)
    source = _pick(citable(item.sources), index) if item else None
    if source is None:
        await _expired(query, context)
        return
    await ack(query)
    target = Target.of(message, quote=False)
    section = await asyncio.to_thread(_service(context).source_text, source.doc_id, source.section_id)
    if section is None:
        await send_text(context, target, _texts(context).source_missing)
        return
    title = section.citation or source.citation or section.heading
    await send_text(context, target, section.text, title=title)


async def _on_related(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = _cached(context, args)
    question = _pick(item.related, index) if item else None
    if not question:
        await _expired(query, context)
        return
    await ack(query)
    await ask(context, Target.of(message, quote=False), query.from_user, message.chat.type, question, echo=question)


async def _on_choice(query: CallbackQuery, context: Context, message: Message, args: list[str]) -> None:
    _, item, index = _cached(context, args)
    choice = _pick(item.choices, index) if item else None
    if choice is None:
        await _expired(query, context)
        return
    await ack(query)
    target = Target.of(message, quote=False)
    await ask(context, target, query.from_user, message.chat.type, choice.reply, echo=choice.reply)


_BUTTONS = {
    "noop": _on_noop,
    "topic": _on_topic,
    "ex": _on_example,
    "fb": _on_feedback,
    "why": _on_reason,
    "src": _on_source,
    "rel": _on_related,
    "pick": _on_choice,
}


# -- staff ------------------------------------------------------------------------------------


async def _staff(update: Update, context: Context) -> tuple[StaffReports, Target] | None:
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return None
    texts = _texts(context)
    target = Target.of(message)
    if user.id not in context.bot_data.get(STAFF_IDS, frozenset()):
        await send_text(context, target, texts.no_permission)
        return None
    if chat.type != ChatType.PRIVATE:
        await send_text(context, target, texts.staff_private_only)
        return None
    reports: StaffReports | None = context.bot_data.get(REPORTS)
    if reports is None:
        await send_text(context, target, texts.reports_unavailable)
        return None
    return reports, target


def _share(stats: dict[str, Any]) -> str:
    total = int(stats.get("total") or 0)
    share = stats.get("answered_share")
    if share is None:
        share = (int(stats.get("answered") or 0) / total) if total else 0.0
    return f"{float(share):.0%}"


def format_stats(texts: Texts, today: dict[str, Any], week: dict[str, Any]) -> str:
    s = texts.staff
    lines = [s["stats_title"]]
    for label, stats in ((s["stats_today"], today), (s["stats_week"], week)):
        lines.append(
            s["stats_line"].format(
                label=label,
                total=int(stats.get("total") or 0),
                answered_share=_share(stats),
                helpful=int(stats.get("helpful") or 0),
                unhelpful=int(stats.get("unhelpful") or 0),
            )
        )
    reasons = week.get("reasons") or {}
    if reasons:
        lines.append(s["stats_reasons"] + "，".join(f"{reason} {count}" for reason, count in reasons.items()))
    return "\n".join(lines)


def format_top(texts: Texts, groups: list[tuple[str, int, list[str]]]) -> str:
    s = texts.staff
    if not groups:
        return s["top_empty"]
    lines = [s["top_title"]]
    for rank, (label, count, examples) in enumerate(groups, start=1):
        lines.append(s["top_line"].format(rank=rank, label=label, count=count))
        shown = [e for e in examples[:2] if e and e != label]
        if shown:
            lines.append(s["top_example"].format(examples="；".join(shown)))
    return "\n".join(lines)


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%m-%d %H:%M")
    return str(value or "")[:16]


def format_unanswered(texts: Texts, items: list[dict[str, Any]]) -> str:
    s = texts.staff
    if not items:
        return s["unanswered_empty"]
    lines = [s["unanswered_title"]]
    for item in items:
        lines.append(s["unanswered_line"].format(created_at=_when(item.get("created_at")), question=item.get("question", "")))
        reason = item.get("reason") or ("" if item.get("answered", False) else s["unanswered_declined"])
        if reason:
            lines.append(s["unanswered_reason"].format(reason=reason))
    return "\n".join(lines)


async def on_stats(update: Update, context: Context) -> None:
    gate = await _staff(update, context)
    if gate is None:
        return
    reports, target = gate
    today = await asyncio.to_thread(reports.stats, 1)
    week = await asyncio.to_thread(reports.stats, 7)
    await send_text(context, target, format_stats(_texts(context), today, week))


async def on_top(update: Update, context: Context) -> None:
    gate = await _staff(update, context)
    if gate is None:
        return
    reports, target = gate
    groups = await asyncio.to_thread(reports.top_groups, 7, 10)
    await send_text(context, target, format_top(_texts(context), groups))


async def on_unanswered(update: Update, context: Context) -> None:
    gate = await _staff(update, context)
    if gate is None:
        return
    reports, target = gate
    items = await asyncio.to_thread(reports.unanswered, 15)
    await send_text(context, target, format_unanswered(_texts(context), items))


async def on_export(update: Update, context: Context) -> None:
    gate = await _staff(update, context)
    if gate is None:
        return
    reports, target = gate
    async with typing(context, target):
        data = await asyncio.to_thread(reports.export_csv, 30)
    s = _texts(context).staff
    await context.bot.send_document(
        chat_id=target.chat_id,
        document=data,
        filename=s["export_filename"].format(date=dt.date.today().strftime("%Y%m%d")),
        caption=s["export_caption"],
        message_thread_id=target.thread_id,
    )
