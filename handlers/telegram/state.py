"""Small in-memory state of the channel: recent answers for the buttons, per-user rate limits.

Nothing here is persisted. Users are keyed by a salted hash that changes on every start.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer import Choice, Source

_SALT = secrets.token_bytes(16)


def user_hash(user_id: int | str) -> str:
    """A per-process pseudonym for in-memory keys; never stored, never logged."""
    return hashlib.blake2b(str(user_id).encode(), key=_SALT, digest_size=12).hexdigest()


@dataclass
class CachedAnswer:
    query_id: str  # the core's id for feedback ("" when the core could not log it)
    kind: str
    sources: list[Source] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)


class AnswerCache:
    """An LRU of the last `maxsize` answers, keyed by a short ref that goes into callback data."""

    def __init__(self, maxsize: int = 2000) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._counter = 0

    def __len__(self) -> int:
        return len(self._items)

    def new_ref(self, query_id: str) -> str:
        if query_id and len(query_id) <= 32 and query_id.isascii() and query_id.isalnum():
            return query_id
        self._counter += 1
        return f"L{self._counter:x}{secrets.token_hex(3)}"  # answers the core did not log

    def put(self, ref: str, item: CachedAnswer) -> None:
        self._items[ref] = item
        self._items.move_to_end(ref)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def get(self, ref: str) -> CachedAnswer | None:
        item = self._items.get(ref)
        if item is not None:
            self._items.move_to_end(ref)
        return item


class RateLimiter:
    """At most `limit` hits per user in any rolling `window` seconds; one warning per `warn_every`."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        warn_every: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 10_000,
    ) -> None:
        self.limit = max(1, int(limit))
        self.window = window
        self.warn_every = warn_every
        self._clock = clock
        self._max_users = max_users
        self._hits: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    def hit(self, key: str) -> tuple[bool, bool]:
        """(allowed, warn): record a hit if allowed; when refused, whether to tell the user."""
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            self._sweep(now)
            return True, False
        last = self._warned.get(key)
        warn = last is None or now - last >= self.warn_every
        if warn:
            self._warned[key] = now
        return False, warn

    def _sweep(self, now: float) -> None:
        if len(self._hits) <= self._max_users:
            return
        for key in [k for k, hits in self._hits.items() if not hits or now - hits[-1] >= self.window]:
            self._hits.pop(key, None)
            self._warned.pop(key, None)
