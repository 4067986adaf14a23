"""Builds and runs the Telegram Application (python-telegram-bot 22), shaped like PTB's echobot."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.service import AssistantService
from bot.settings import Settings
from handlers.telegram import asking, buttons, staff
from handlers.telegram.botdata import CONTEXT_TYPES, BotData, Context
from handlers.telegram.reports import StaffReports
from handlers.telegram.sending import Target, ack, send_text
from handlers.telegram.state import TelegramStores
from handlers.telegram.texts import load_texts

logger = logging.getLogger(__name__)

ServiceFactory = Callable[[Settings], AssistantService]
ReportsFactory = Callable[[Settings], StaffReports]
StoresFactory = Callable[[Settings], TelegramStores]

PUBLIC_COMMANDS = ("start", "help")
STAFF_COMMANDS = ("stats", "top", "unanswered", "export")
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 8
RATE_LIMIT_RETRIES = 3

MEDIA = (
    filters.VOICE
    | filters.AUDIO
    | filters.PHOTO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
)


# -- logging without secrets ------------------------------------------------------------------


class RedactSecrets(logging.Filter):
    """Replaces the bot token (e.g. in httpx's "HTTP Request: POST …/bot<token>/…" lines) with "***"."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
            cleaned = self._clean(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
            if record.exc_info and record.exc_info[1] is not None:
                text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
                record.exc_text = self._clean(text)
        except Exception:  # a filter must never break logging
            return True
        return True


_REDACT = RedactSecrets()
_REDACTED_PREFIXES = ("httpx", "httpcore", "telegram", "handlers.telegram")


def _protect_token(token: str) -> None:
    """Filters act only on their own logger's records, so attach to every existing PTB/httpx logger."""
    if not token:
        return
    _REDACT.secrets.add(token)
    names = [name for name in logging.root.manager.loggerDict if name.startswith(_REDACTED_PREFIXES)]
    for name in {*names, *_REDACTED_PREFIXES, __name__}:
        log = logging.getLogger(name)
        if _REDACT not in log.filters:
            log.addFilter(_REDACT)


# -- application ------------------------------------------------------------------------------


def _commands(texts_commands: dict[str, str], names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(name, texts_commands[name]) for name in names]


def bot_data(application: Application) -> BotData:
    """The application's typed bot_data (built with CONTEXT_TYPES)."""
    data = application.bot_data
    assert isinstance(data, BotData)
    return data


async def _set_commands(application: Application, staff_ids: frozenset[int]) -> None:
    commands = bot_data(application).texts.commands
    await application.bot.set_my_commands(_commands(commands, PUBLIC_COMMANDS), scope=BotCommandScopeDefault())
    for staff_id in sorted(staff_ids):
        try:
            await application.bot.set_my_commands(
                _commands(commands, PUBLIC_COMMANDS + STAFF_COMMANDS), scope=BotCommandScopeChat(staff_id)
            )
        except TelegramError as exc:  # e.g. a staff member who has not opened the bot yet
            logger.warning("could not set the staff command menu for one staff chat: %s", type(exc).__name__)


async def on_error(update: object, context: Context) -> None:
    """Log (never the update's ids or the token) and tell the user when possible; the bot carries on."""
    error = context.error
    if isinstance(error, Forbidden):  # the user blocked the bot, or it was removed from a group
        logger.warning("telegram: cannot reply, %s", type(error).__name__)
        return
    logger.exception(
        "telegram: update failed with %s", type(error).__name__, exc_info=error if error is not None else True
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.callback_query is not None:
        await ack(update.callback_query)
    message = update.effective_message
    target = Target.of(message) if message is not None else Target(update.effective_chat.id)
    try:
        await send_text(context, target, context.bot_data.texts.error)
    except Exception as exc:  # the reply itself failed: nothing more to do
        logger.warning("telegram: could not send the error reply: %s", type(exc).__name__)


def build_application(
    settings: Settings,
    service_factory: ServiceFactory,
    reports_factory: ReportsFactory | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    stores_factory: StoresFactory | None = None,
) -> Application:
    """The Application with every handler; the services are built once, in post_init.

    `service_factory(settings)` returns the AssistantService; `reports_factory(settings)` (optional)
    returns the StaffReports behind /stats /top /unanswered /export; `stores_factory(settings)` (optional)
    where buttons and rate limits are kept (default: this process's memory). All run in a worker thread.
    """
    token = settings.telegram_bot_token.get_secret_value()
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    _protect_token(token)
    texts = load_texts()
    staff_ids = frozenset(int(i) for i in settings.staff_telegram_ids)

    async def post_init(application: Application) -> None:
        data = bot_data(application)
        data.service = await asyncio.to_thread(service_factory, settings)
        data.reports = await asyncio.to_thread(reports_factory, settings) if reports_factory else None
        if stores_factory is not None:
            data.use_stores(await asyncio.to_thread(stores_factory, settings), settings.rate_limit_per_minute)
        await _set_commands(application, staff_ids)
        logger.info("telegram: ready as @%s", application.bot.username)

    async def post_shutdown(application: Application) -> None:
        service = bot_data(application).service
        if service is not None:  # the reports hold nothing of their own to release
            try:
                await asyncio.to_thread(service.close)
            except Exception as exc:
                logger.warning("telegram: closing the service failed: %s", type(exc).__name__)

    builder = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    data = bot_data(application)
    data.texts, data.settings, data.staff_ids = texts, settings, staff_ids
    data.set_rate_limit(settings.rate_limit_per_minute)
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    messages = filters.UpdateType.MESSAGES  # new and edited messages; not channel posts
    application.add_handler(CommandHandler("start", asking.on_start, filters=messages))
    application.add_handler(CommandHandler("help", asking.on_help, filters=messages))
    application.add_handler(CommandHandler("stats", staff.on_stats, filters=messages))
    application.add_handler(CommandHandler("top", staff.on_top, filters=messages))
    application.add_handler(CommandHandler("unanswered", staff.on_unanswered, filters=messages))
    application.add_handler(CommandHandler("export", staff.on_export, filters=messages))
    application.add_handler(
        MessageHandler(messages & filters.COMMAND & filters.ChatType.PRIVATE, asking.on_unknown_command)
    )
    application.add_handler(MessageHandler(messages & filters.TEXT & ~filters.COMMAND, asking.on_text))
    application.add_handler(MessageHandler(messages & MEDIA, asking.on_media))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_error_handler(on_error)


def run(
    settings: Settings,
    service_factory: ServiceFactory,
    reports_factory: ReportsFactory | None = None,
    stores_factory: StoresFactory | None = None,
) -> None:
    """Blocks: long polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set."""
    application = build_application(settings, service_factory, reports_factory, stores_factory=stores_factory)
    if settings.telegram_webhook_url:
        secret = settings.telegram_webhook_secret.get_secret_value() or None
        url_path = urlsplit(settings.telegram_webhook_url).path.lstrip("/")
        application.run_webhook(
            listen=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
            url_path=url_path,
            webhook_url=settings.telegram_webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)

