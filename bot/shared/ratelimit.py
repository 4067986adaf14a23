"""A sliding-window rate limiter in the database, so that a limit holds across workers and machines.

Each event is a row (scope, HMAC of the key, time). `allow` inserts and commits first and then counts the rows
up to its own: concurrent callers see each other. Counted keys (a
visitor id, an address, a user) are stored only as an HMAC. If the database is unreachable, this
process's in-memory window takes over.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, insert, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, delete, func, select

from bot.db import short_writes
from bot.querylog.keys import user_key
from bot.ratelimit import RateLimiter, SlidingWindow
from bot.shared.commit import commit_ephemeral
from bot.shared.models import RateEvent
from bot.shared.outage import Outage

PURGE_EVERY = 200  # events between purges of the scope's old rows
_EVENTS: Table = RateEvent.__table__  # type: ignore[attr-defined]


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

    def _key(self, key: str) -> str:
        return user_key(self._secret, "rate:" + self.scope, key or "-")

    def _recent(self, session: Session, hashed: str, now: float) -> list[float]:
        query = select(RateEvent.at).where(RateEvent.scope == self.scope, RateEvent.key == hashed,
                                           col(RateEvent.at) > now - self.window)
        return sorted(session.exec(query).all())

    def _insert(self, connection: Connection, hashed: str, now: float) -> None:
        connection.execute(insert(_EVENTS).values(scope=self.scope, key=hashed, at=now))
        commit_ephemeral(connection)
        self._counted(connection, now)

    def _counted(self, session: Session | Connection, now: float) -> None:
        """One more event stored: now and then, the scope's rows older than the window go."""
        self._events += 1
        if self._events % PURGE_EVERY == 0:
            session.execute(delete(_EVENTS).where(_EVENTS.c.scope == self.scope, _EVENTS.c.at <= now - self.window))
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
            with short_writes(self.engine) as connection:
                self._insert(connection, self._key(key), self._clock())
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            self._fallback.add(key)

    def allow(self, key: str) -> bool:
        if not self.outage.up():
            return self._fallback.allow(key)
        try:
            return _take(self.engine, [(self, self._key(key), self._clock())])
        except SQLAlchemyError as exc:
            self.outage.down(exc)
            return self._fallback.allow(key)

    def allow_together(self, checks: Sequence[tuple[RateLimiter, str]]) -> bool:
        """`bot.ratelimit.allow_all` for windows in one database: the events inserted and committed in one
        statement, then counted in one; what is refused is removed as `allow` would have removed it."""
        mine = [(limiter, key) for limiter, key in checks
                if isinstance(limiter, DbSlidingWindow) and limiter.engine is self.engine and limiter.outage.up()]
        if len(mine) != len(checks):
            return all(limiter.allow(key) for limiter, key in checks)
        try:
            return _take(self.engine, [(window, window._key(key), window._clock()) for window, key in mine])
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


def _take(engine: Engine, rows: list[tuple[DbSlidingWindow, str, float]]) -> bool:
    """Insert one event per (window, hashed key, time), then count each window's events up to (and with) its own, in
    one transaction: one INSERT … RETURNING, one SELECT of a COUNT per window, on one connection, with statements
    built once (the ORM's unit of work doubled the CPU of a rate check). A window over its limit removes its event
    and the later windows' (they were not counted, as `allow_all` would not have asked them), and refuses.

    On PostgreSQL a lock per key is held until the commit: ids come from a sequence in the order of the inserts, not
    of the commits, so without it a caller could count before an earlier id was committed and let one more in."""
    with short_writes(engine) as connection:
        if connection.dialect.name == "postgresql":
            for key in sorted({f"{window.scope}:{hashed}" for window, hashed, _ in rows}):  # sorted: no deadlock
                connection.execute(_LOCK, {"key": key})
        inserted = connection.execute(_INSERT, [{"scope": window.scope, "key": hashed, "at": now}
                                                for window, hashed, now in rows])
        ids = [int(own) for own in inserted.scalars()]
        params: dict[str, object] = {}
        for index, ((window, hashed, now), own) in enumerate(zip(rows, ids, strict=True)):
            params.update({f"scope{index}": window.scope, f"key{index}": hashed, f"since{index}": now - window.window,
                           f"own{index}": own})
        counts = connection.execute(_counts_statement(len(rows)), params).one()
        allowed = True
        for index, ((window, _, _), count) in enumerate(zip(rows, counts, strict=True)):
            if int(count) > window.limit:
                connection.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(ids[index:])))
                allowed = False
                break
        commit_ephemeral(connection)
        for window, _, now in rows:
            window._counted(connection, now)
        return allowed


_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_INSERT = insert(_EVENTS).returning(_EVENTS.c.id, sort_by_parameter_order=True)


@cache
def _counts_statement(windows: int) -> Select[Any]:
    """SELECT (COUNT of window 0's events up to its own), (… window 1's), …: one round trip for all."""
    return select(*(
        select(func.count()).select_from(_EVENTS).where(
            _EVENTS.c.scope == bindparam(f"scope{i}"), _EVENTS.c.key == bindparam(f"key{i}"),
            _EVENTS.c.at > bindparam(f"since{i}"), _EVENTS.c.id <= bindparam(f"own{i}")).scalar_subquery()
        for i in range(windows)))
