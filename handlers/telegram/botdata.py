"""The channel's typed `bot_data` (PTB ContextTypes): service, staff reports, settings, texts, buttons, rate limits."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.ratelimit import RateLimiter, SlidingWindow
from bot.service import AssistantService
from bot.settings import Settings
from handlers.telegram.reports import StaffReports
from handlers.telegram.state import AnswerCache, ButtonStore, CachedAnswer, TelegramStores
from handlers.telegram.texts import Texts, load_texts

ANSWER_CACHE_SIZE = 2000
DEFAULT_PER_MINUTE = 10
WARN_EVERY = 15.0  # tell a user who is over the limit at most once per this many seconds


@dataclass
class BotData:
    """PTB builds it without arguments; `build_application` and `post_init` fill it in."""

    texts: Texts = field(default_factory=load_texts)
    settings: Settings | None = None
    service: AssistantService | None = None  # built in post_init
    reports: StaffReports | None = None  # None: the staff commands say reports are unavailable
    staff_ids: frozenset[int] = frozenset()
    pace: float = 0.4  # seconds between the parts of a long reply
    answers: ButtonStore = field(default_factory=lambda: AnswerCache(ANSWER_CACHE_SIZE))
    limiter: RateLimiter = field(default_factory=lambda: SlidingWindow(DEFAULT_PER_MINUTE, 60.0))
    warnings: RateLimiter = field(default_factory=lambda: SlidingWindow(1, WARN_EVERY))
    locks: weakref.WeakValueDictionary[str, asyncio.Lock] = field(default_factory=weakref.WeakValueDictionary)

    def set_rate_limit(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limiter = SlidingWindow(per_minute or DEFAULT_PER_MINUTE, 60.0, clock)
        self.warnings = SlidingWindow(1, WARN_EVERY, clock)

    def use_stores(self, stores: TelegramStores, per_minute: int) -> None:
        """Keep buttons (and, when shared, rate limits) where the composition root says."""
        self.answers = stores.answers
        if stores.limiter is not None:
            self.limiter = stores.limiter("telegram-ask", per_minute or DEFAULT_PER_MINUTE, 60.0)
            self.warnings = stores.limiter("telegram-warn", 1, WARN_EVERY)

    def rate(self, key: str) -> tuple[bool, bool]:
        """(allowed, warn): count one question if allowed; when refused, whether to tell the user."""
        if self.limiter.allow(key):
            return True, False
        return False, self.warnings.allow(key)

    def assistant(self) -> AssistantService:
        if self.service is None:
            raise RuntimeError("the assistant service is not built yet (post_init has not run)")
        return self.service

    def user_lock(self, key: str) -> asyncio.Lock:
        """One lock per (hashed) user, dropped when no task holds it."""
        lock = self.locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self.locks[key] = lock
        return lock

    async def cached(self, args: list[str]) -> tuple[str, CachedAnswer | None, str]:
        """(ref, stored answer, first argument) for `kind:<arg>:<ref>` button data (read in a worker thread)."""
        if len(args) != 2:
            return "", None, ""
        return args[1], await asyncio.to_thread(self.answers.get, args[1]), args[0]


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)
