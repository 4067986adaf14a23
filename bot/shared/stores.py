"""Where a deployment keeps its shared state: the database (several workers or machines) or one process's memory.

`STATE_STORE=auto` (the default) keeps it in the database for the long-running channels (web, Telegram,
WeChat) and in memory for one-shot commands (`ask`, `chat`); `memory` is refused with several workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from bot.appsecrets import read_or_create, secret_path, uses_shared_database
from bot.conversation import Conversations, ConversationStore
from bot.ratelimit import RateLimiter, SlidingWindow
from bot.settings import Settings
from bot.shared.conversations import DbConversations
from bot.shared.ratelimit import DbSlidingWindow


class StateStoreError(ValueError):
    """The chosen store cannot serve this deployment (e.g. memory with several workers)."""


def in_database(settings: Settings, long_running: bool, workers: int = 1) -> bool:
    """True when the shared state must live in the database."""
    mode = settings.state_store
    if mode == "memory":
        if workers > 1:
            raise StateStoreError("STATE_STORE=memory works for one process only; with several workers use "
                                  "`database` (or `auto`)")
        return False
    return mode == "database" or long_running or workers > 1


def key_secret(settings: Settings) -> str:
    """The secret the shared stores hash their keys with (USER_KEY_SECRET; on SQLite generated when unset)."""
    given = settings.user_key_secret.get_secret_value()
    if given:
        return given
    if uses_shared_database(settings):
        raise StateStoreError("USER_KEY_SECRET must be set when DATABASE_URL is PostgreSQL")
    return read_or_create(secret_path(settings, "USER_KEY_SECRET"))


LimiterFactory = Callable[[str, int, float], RateLimiter]  # (scope, limit per window, window seconds)


@dataclass
class SharedState:
    conversations: Conversations
    limiter: LimiterFactory
    shared: bool
    engine: Engine | None = None
    clock: Callable[[], float] = field(default=time.time)


def memory_state(settings: Settings, clock: Callable[[], float] = time.monotonic) -> SharedState:
    return SharedState(ConversationStore(settings.context_ttl_seconds),
                       lambda scope, limit, window: SlidingWindow(limit, window, clock), shared=False, clock=clock)


def db_limiters(settings: Settings, engine: Engine, clock: Callable[[], float] = time.time) -> LimiterFactory:
    secret = key_secret(settings)

    def limiter(scope: str, limit: int, window: float) -> RateLimiter:
        return DbSlidingWindow(engine, scope, limit, window, secret, clock)

    return limiter


def limiters(settings: Settings, engine: Engine, *, long_running: bool, workers: int = 1) -> LimiterFactory:
    """Rate limiters where STATE_STORE says (the web app's and WeChat's)."""
    if in_database(settings, long_running, workers):
        return db_limiters(settings, engine)
    return memory_state(settings).limiter


def database_state(settings: Settings, engine: Engine, redact: Callable[[str], str],
                   clock: Callable[[], float] = time.time) -> SharedState:
    conversations = DbConversations(engine, settings.context_ttl_seconds, redact, clock)
    return SharedState(conversations, db_limiters(settings, engine, clock), shared=True, engine=engine, clock=clock)


def make_state(settings: Settings, engine: Engine, redact: Callable[[str], str], *, long_running: bool,
               workers: int = 1) -> SharedState:
    if in_database(settings, long_running, workers):
        return database_state(settings, engine, redact)
    return memory_state(settings)
