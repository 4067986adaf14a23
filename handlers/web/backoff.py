"""Staff login throttle: a per-address backoff that never locks out the right password for long.

After `free` failures from one address, each further attempt must wait 1 s, then 2, 4, … (capped at
`cap` seconds) after the last failure; a success resets the address. An address that has not failed
is never blocked. Failures are logged with the address and count, never the password.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class _Failures:
    count: int
    last: float


class LoginBackoff:
    def __init__(self, free: int = 5, cap: float = 900.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.free = free
        self.cap = cap
        self._clock = clock
        self._max_keys = max_keys
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def delay(self, count: int) -> float:
        """Seconds to wait after the `count`-th failure (0 while within the free attempts)."""
        if count < self.free:
            return 0.0
        return float(min(self.cap, 2 ** (count - self.free)))

    def retry_after(self, key: str) -> int:
        """Whole seconds this address must still wait (0: it may try now)."""
        with self._lock:
            entry = self._failures.get(key)
            if entry is None:
                return 0
            remaining = entry.last + self.delay(entry.count) - self._clock()
            return 0 if remaining <= 0 else max(1, int(remaining + 0.999))

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            entry = self._failures.get(key)
            if entry is None:
                if len(self._failures) >= self._max_keys:
                    self._prune(now)
                entry = self._failures[key] = _Failures(0, now)
            entry.count += 1
            entry.last = now
            wait = self.delay(entry.count)
        if wait:
            logger.warning("web: staff login failed from %s (%d failures in a row; next try in %d s)", key, entry.count, wait)
        else:
            logger.info("web: staff login failed from %s (%d failures in a row)", key, entry.count)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if now - v.last > self.cap]:
            del self._failures[key]
        while len(self._failures) >= self._max_keys:
            del self._failures[next(iter(self._failures))]
