"""The channel's small state: what answer buttons need (the interface, and an in-memory LRU), user pseudonyms.

The deployed bot keeps buttons in the database (`buttonstore.DbButtons`); the LRU serves tests and the
fallback. In-memory keys use a salted hash that changes on every start.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.answer import Choice, Source
from bot.ratelimit import RateLimiter

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


class ButtonStore(Protocol):
    def new_ref(self, query_id: str) -> str:
        """The short ref for the callback data (the query id when it fits)."""
        ...

    def put(self, ref: str, item: CachedAnswer) -> None: ...

    def get(self, ref: str) -> CachedAnswer | None:
        """None when unknown or expired."""
        ...


@dataclass
class TelegramStores:
    """Built once at start-up by the composition root: the button store, and a shared rate limiter factory."""

    answers: ButtonStore
    limiter: Callable[[str, int, float], RateLimiter] | None = None  # (scope, limit, window); None: in memory


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
