"""One rate limiter for every channel: at most `limit` events per key in any rolling `window` seconds (in memory)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol


class RateLimiter(Protocol):
    """At most `limit` events per key in any rolling window; in memory or shared (bot.shared.ratelimit)."""

    def blocked(self, key: str) -> bool: ...

    def add(self, key: str) -> None: ...

    def allow(self, key: str) -> bool: ...

    def retry_after(self, key: str) -> int: ...

    def reset(self, key: str) -> None: ...

    def times(self, key: str) -> list[float]: ...

    def now(self) -> float: ...


class SlidingWindow:
    """A sliding-window counter per key (thread-safe, memory-bounded, injectable clock).

    Used per Telegram user, per web visitor and address, and for staff login failures.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.limit = max(1, int(limit))
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self._max_keys:
                self._prune(now)
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]
        while len(self._events) >= self._max_keys:
            del self._events[next(iter(self._events))]

    def blocked(self, key: str) -> bool:
        """True when the key is at its limit (nothing is recorded)."""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def add(self, key: str) -> None:
        """Record one event, whatever the count."""
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def allow(self, key: str) -> bool:
        """Record one event unless the key is at its limit; False when it is."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until the key may have one more event (0 when it may now)."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) < self.limit:
                return 0
            return max(1, int(events[0] + self.window - now + 0.999))

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def times(self, key: str) -> list[float]:
        """The key's events in the window, oldest first (on this limiter's clock)."""
        with self._lock:
            return list(self._recent(key, self._clock()))

    def now(self) -> float:
        return self._clock()


def allow_all(checks: Sequence[tuple[RateLimiter, str]]) -> bool:
    """`limiter.allow(key)` for each check in turn, stopping at the first refusal (the later ones are not
    counted). Limiters that can do it at once (the database's: one transaction) are asked together."""
    if not checks:
        return True
    together = getattr(checks[0][0], "allow_together", None)
    if callable(together):
        return bool(together(checks))
    return all(limiter.allow(key) for limiter, key in checks)
