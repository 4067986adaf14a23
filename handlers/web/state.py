"""What the web app keeps for its lifetime: settings, the service, the database engine, the embedder."""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from anyio import CapacityLimiter
from fastapi import Request
from sqlalchemy.engine import Engine

from bot.display import DocTitle, documents_in_force
from bot.ratelimit import RateLimiter, SlidingWindow
from bot.service import AssistantService
from bot.settings import Settings
from handlers.web.backoff import MEMORY_SECONDS, SCOPE, LoginBackoff
from handlers.web.security import PasswordChecker
from retrieval.embedders import Embedder

logger = logging.getLogger(__name__)

ServiceFactory = Callable[[Settings, Engine, Embedder], AssistantService]
EngineFactory = Callable[[Settings], Engine]
EmbedderFactory = Callable[[Settings], Embedder]
LimiterFactory = Callable[[str, int, float], RateLimiter]  # (scope, limit, window seconds)
ASK_THREADS_PER_CORE = 4
MIN_ASK_THREADS = 8  # requests waiting on the database (a SQLite lock held by another worker) need threads too
# (settings, engine) -> where rate limits are counted; None keeps them in this process (one worker only)
SharedLimitersFactory = Callable[[Settings, Engine], LimiterFactory]


def default_engine(settings: Settings) -> Engine:
    from bot.db import make_engine, migrate

    settings.ensure_dirs()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return engine


def default_embedder(settings: Settings) -> Embedder:
    from retrieval.embedders import make_embedder

    return make_embedder(settings.embedder, settings.embedder_model_path, settings.embedding_cache_size)


@dataclass
class WebState:
    settings: Settings
    service_factory: ServiceFactory | None = None
    engine_factory: EngineFactory = default_engine
    embedder_factory: EmbedderFactory = default_embedder
    limiters_factory: SharedLimitersFactory | None = None
    service: AssistantService | None = None
    engine: Engine | None = None
    embedder: Embedder | None = None
    clock: Callable[[], float] = time.monotonic
    login_max_failures: int = 5
    login_window_seconds: float = 900.0
    topic_labels: dict[str, str] = field(default_factory=dict)
    topics: list[Any] = field(default_factory=list)
    documents: list[DocTitle] = field(default_factory=list)  # in force: short citations, dates when several
    _built: bool = False
    _accounts_checked: float = 0.0
    _has_accounts: bool = False
    _owns_engine: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.ask_threads = CapacityLimiter(ask_threads(self.settings.web_workers))
        self.password = PasswordChecker(self.settings.staff_password.get_secret_value())
        secret = self.settings.web_session_secret.get_secret_value()
        if not secret:
            logger.warning("web: WEB_SESSION_SECRET is empty; staff sessions end when the process restarts")
        self.session_secret = secret or secrets.token_urlsafe(32)
        self._limiters: LimiterFactory = lambda scope, limit, window: SlidingWindow(limit, window, self.clock)
        self._make_limiters()

    def _make_limiters(self) -> None:
        per_minute = max(1, self.settings.rate_limit_per_minute)
        self.feedback_per_ip = self.limiter("web-feedback-ip", max(1, self.settings.feedback_per_minute), 60.0)
        self.ask_per_visitor = self.limiter("web-ask-visitor", per_minute, 60.0)
        self.ask_per_ip = self.limiter("web-ask-ip", per_minute * 10, 60.0)
        failures = self.limiter(SCOPE, 10**9, MEMORY_SECONDS)  # shared by the workers once built with a factory
        self.login_failures = LoginBackoff(self.login_max_failures, self.login_window_seconds, self.clock, failures)

    def limiter(self, scope: str, limit: int, window: float) -> RateLimiter:
        """A rate limiter: shared by every worker once built with a limiters_factory, else in this process."""
        return self._limiters(scope, limit, window)

    @property
    def staff_enabled(self) -> bool:
        """STAFF_PASSWORD set, or at least one personal account (looked up at most every 10 seconds)."""
        if self.password.enabled:
            return True
        now = self.clock()
        if now - self._accounts_checked > 10 or self._accounts_checked == 0:
            self._accounts_checked = now or 1e-9
            self._has_accounts = self._accounts_exist()
        return self._has_accounts

    def _accounts_exist(self) -> bool:
        from sqlalchemy.exc import SQLAlchemyError
        from sqlmodel import Session

        from bot.staff.crud import has_accounts

        try:
            with Session(self.get_engine()) as session:
                return has_accounts(session)
        except SQLAlchemyError:
            return False

    def build(self) -> WebState:
        """Build whatever was not passed in (once; thread-safe)."""
        if self._built:
            return self
        with self._lock:
            if self._built:
                return self
            if self.engine is None:
                self.engine = self.engine_factory(self.settings)
                self._owns_engine = True
            if self.limiters_factory is not None:
                self._limiters = self.limiters_factory(self.settings, self.engine)
                self._make_limiters()
            if self.embedder is None:
                self.embedder = self.embedder_factory(self.settings)
            if self.service is None:
                if self.service_factory is None:
                    raise RuntimeError("create_app needs a service or a service_factory")
                self.service = self.service_factory(self.settings, self.engine, self.embedder)
            try:
                self.topics = list(self.service.topics())
            except Exception as exc:  # the chat page works without example topics
                logger.warning("web: could not list topics (%s)", type(exc).__name__)
                self.topics = []
            self.topic_labels = {topic.key: topic.label for topic in self.topics}
            try:
                from sqlmodel import Session

                with Session(self.engine) as session:
                    self.documents = documents_in_force(session)
            except Exception as exc:  # citations are still shortened without the table
                logger.warning("web: could not list documents (%s)", type(exc).__name__)
                self.documents = []
            self._built = True
            return self

    def close(self) -> None:
        if self._owns_engine and self.engine is not None:
            self.engine.dispose()

    # typed accessors for the routes (build() has run)
    def get_service(self) -> AssistantService:
        assert self.build().service is not None
        return self.service  # type: ignore[return-value]

    def get_engine(self) -> Engine:
        assert self.build().engine is not None
        return self.engine  # type: ignore[return-value]

    def get_embedder(self) -> Embedder:
        assert self.build().embedder is not None
        return self.embedder  # type: ignore[return-value]


def ask_threads(workers: int, cores: int | None = None) -> int:
    """Threads that answer questions at once in one worker: a few per core of its share of the cores. Questions
    are CPU-bound (the encoder outside the GIL, the rest inside it): with every one of 20 concurrent questions on
    its own thread (anyio's default 40), they took turns on the GIL and a short question waited behind them all
    (load run, p95 2.0-2.6 times p50); queued in the event loop beyond this cap, they are answered in order. At
    least MIN_ASK_THREADS: with 4 threads per worker of 2, a worker idled while its threads waited on SQLite locks
    held by the other."""
    share = max(1, (cores or os.cpu_count() or 1) // max(1, workers))
    return max(MIN_ASK_THREADS, ASK_THREADS_PER_CORE * share)


def web_state(request: Request) -> WebState:
    return request.app.state.web.build()
