"""A sliding-window rate limiter in the database, so that a limit holds across workers and machines.

Each event is a row (scope, HMAC of the key, time). `allow` inserts first and then counts the rows up to
its own: concurrent callers see each other and can only err on the side of refusing. Counted keys (a
visitor id, an address, a user) are stored only as an HMAC. If the database is unreachable, this
process's in-memory window takes over.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, delete, func, select

from bot.querylog.keys import user_key
from bot.ratelimit import RateLimiter, SlidingWindow
from bot.shared.commit import commit_ephemeral
from bot.shared.models import RateEvent
from bot.shared.outage import Outage

PURGE_EVERY = 200  # events between purges of the scope's old rows


class DbSlidingWindow:
    def __init__(self, engine: Engine, scope: str, limit: int, window: float, secret: str,
                 clock: Callable[[], float] = time.time) -> None:
        if not secret:
            raise ValueError("the shared rate limiter needs a non-empty secret to hash its keys")
        self.engine = engine
        self.scope = scope[:40]
        self.limit = max(1, int(limit))
        self.window = float(window)
        self._secret = secret
        self._clock = clock
        self._fallback = SlidingWindow(self.limit, self.window, clock)
        self._events = 0
        self.outage = Outage(f"rate limit {self.scope}")

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session on one connection held to the end (a commit then a count: one checkout, one ping)."""
        with self.engine.connect() as connection, Session(connection) as session:
            yield session

    def _key(self, key: str) -> str:
        return user_key(self._secret, "rate:" + self.scope, key or "-")

    def _recent(self, session: Session, hashed: str, now: float) -> list[float]:
        query = select(RateEvent.at).where(RateEvent.scope == self.scope, RateEvent.key == hashed,
                                           col(RateEvent.at) > now - self.window)
        return sorted(session.exec(query).all())

    def _count(self, session: Session, hashed: str, now: float, up_to: int) -> int:
        """How many of the key's events in the window came up to (and with) event `up_to`: one COUNT, no rows."""
        query = select(func.count()).select_from(RateEvent).where(
            RateEvent.scope == self.scope, RateEvent.key == hashed, col(RateEvent.at) > now - self.window,
            col(RateEvent.id) <= up_to)
        return int(session.exec(query).one())

    def _insert(self, session: Session, hashed: str, now: float) -> int:
        event = RateEvent(scope=self.scope, key=hashed, at=now)
        session.add(event)
        session.flush()  # the id now: reading it after the commit would load the row again
        own = event.id
        commit_ephemeral(session)
        self._counted(session, now)
        assert own is not None
        return own

    def _counted(self, session: Session, now: float) -> None:
        """One more event stored: now and then, the scope's rows older than the window go."""
        self._events += 1
        if self._events % PURGE_EVERY == 0:
            session.exec(delete(RateEvent).where(col(RateEvent.scope) == self.scope,
                                                 col(RateEvent.at) <= now - self.window))
            commit_ephemeral(session)

    def blocked(self, key: str) -> bool:
        if not self.outage.up():
            return self._fallback.blocked(key)
        try:
            with Session(self.engine) as session:
                return len(self._recent(session, self._key(key), self._clock())) >= self.limit
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.blocked(key)

    def add(self, key: str) -> None:
        if not self.outage.up():
            self._fallback.add(key)
            return
        try:
            with Session(self.engine) as session:
                self._insert(session, self._key(key), self._clock())
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            self._fallback.add(key)

    def allow(self, key: str) -> bool:
        hashed, now = self._key(key), self._clock()
        if not self.outage.up():
            return self._fallback.allow(key)
        try:
            with self._session() as session:
                own = self._insert(session, hashed, now)
                if self._count(session, hashed, now, own) <= self.limit:
                    return True
                session.exec(delete(RateEvent).where(col(RateEvent.id) == own))  # refused: not counted
                commit_ephemeral(session)
                return False
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.allow(key)

    def allow_together(self, checks: Sequence[tuple[RateLimiter, str]]) -> bool:
        """`bot.ratelimit.allow_all` for windows in one database: every event inserted and committed in one
        transaction, then each counted (one session instead of one per window); what is refused is removed
        as `allow` would have removed it."""
        mine = [(limiter, key) for limiter, key in checks
                if isinstance(limiter, DbSlidingWindow) and limiter.engine is self.engine and limiter.outage.up()]
        if len(mine) != len(checks):
            return all(limiter.allow(key) for limiter, key in checks)
        rows = [(window, window._key(key), window._clock()) for window, key in mine]
        try:
            with self._session() as session:
                events = [RateEvent(scope=window.scope, key=hashed, at=now) for window, hashed, now in rows]
                session.add_all(events)
                session.flush()
                ids = [int(event.id or 0) for event in events]
                commit_ephemeral(session)
                for index, (window, hashed, now) in enumerate(rows):
                    window._counted(session, now)
                    if window._count(session, hashed, now, ids[index]) > window.limit:  # refused: it and the later go
                        session.exec(delete(RateEvent).where(col(RateEvent.id).in_(ids[index:])))
                        commit_ephemeral(session)
                        return False
                return True
        except SQLAlchemyError as exc:
            for window, _ in mine:
                window.outage.down(exc)
            return all(limiter.allow(key) for limiter, key in checks)

    def retry_after(self, key: str) -> int:
        now = self._clock()
        if not self.outage.up():
            return self._fallback.retry_after(key)
        try:
            with Session(self.engine) as session:
                events = self._recent(session, self._key(key), now)
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.retry_after(key)
        if len(events) < self.limit:
            return 0
        return max(1, int(events[-self.limit] + self.window - now + 0.999))

    def times(self, key: str) -> list[float]:
        """The key's events in the window, oldest first, as every worker sees them."""
        if not self.outage.up():
            return self._fallback.times(key)
        try:
            with Session(self.engine) as session:
                return self._recent(session, self._key(key), self._clock())
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.times(key)

    def now(self) -> float:
        return self._clock()

    def reset(self, key: str) -> None:
        try:
            with Session(self.engine) as session:
                session.exec(delete(RateEvent).where(col(RateEvent.scope) == self.scope, col(RateEvent.key) == self._key(key)))
                commit_ephemeral(session)
        except SQLAlchemyError as exc:
            self.outage.down(exc)
        self._fallback.reset(key)

    def count(self) -> int:
        """Rows held for this scope (tests and the operator's curiosity)."""
        with Session(self.engine) as session:
            return int(session.exec(select(func.count()).select_from(RateEvent)
                                    .where(RateEvent.scope == self.scope)).one())
