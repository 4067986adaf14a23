"""Staff login throttle: a per-address backoff that never locks out the right password for long.

After `free` failures from one address, each further attempt must wait 1 s, then 2, 4, … (capped at
`cap` seconds) after the last failure; a success resets the address. An address that has not failed
is never blocked. Failures are logged with the address and count, never the password.

The failures are kept in a rate limiter's event log: in this process by default, in the database when the
web app runs with shared state (several workers), so that every worker counts the same failures.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.ratelimit import RateLimiter, SlidingWindow

logger = logging.getLogger(__name__)

MEMORY_SECONDS = 86_400.0  # failures older than a day no longer count
SCOPE = "staff-login-failures"


class LoginBackoff:
    def __init__(self, free: int = 5, cap: float = 900.0, clock: Callable[[], float] = time.monotonic,
                 failures: RateLimiter | None = None) -> None:
        self.free = free
        self.cap = cap
        # the limit is never reached: only add/times/reset are used
        self._failures = failures if failures is not None else SlidingWindow(10**9, MEMORY_SECONDS, clock)

    def delay(self, count: int) -> float:
        """Seconds to wait after the `count`-th failure (0 while within the free attempts)."""
        if count < self.free:
            return 0.0
        return float(min(self.cap, 2 ** (count - self.free)))

    def retry_after(self, key: str) -> int:
        """Whole seconds this address must still wait (0: it may try now)."""
        failures = self._failures.times(key)
        if not failures:
            return 0
        remaining = failures[-1] + self.delay(len(failures)) - self._failures.now()
        return 0 if remaining <= 0 else max(1, int(remaining + 0.999))

    def failed(self, key: str) -> None:
        self._failures.add(key)
        count = len(self._failures.times(key))
        wait = self.delay(count)
        if wait:
            logger.warning("web: staff login failed from %s (%d failures in a row; next try in %d s)", key, count, wait)
        else:
            logger.info("web: staff login failed from %s (%d failures in a row)", key, count)

    def succeeded(self, key: str) -> None:
        self._failures.reset(key)
