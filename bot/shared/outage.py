"""Remembers that the database failed, so that the shared stores skip it for a while instead of waiting each time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Outage:
    def __init__(self, what: str, retry_after: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.what = what
        self.retry_after = retry_after
        self._clock = clock
        self._until = 0.0
        self._reported = False

    def up(self) -> bool:
        """True when the database may be tried (no failure within the last `retry_after` seconds)."""
        return self._clock() >= self._until

    def down(self, exc: BaseException) -> None:
        if not self._reported:
            logger.warning("shared state: %s kept in this process, database unavailable (%s)", self.what,
                           type(exc).__name__)
            self._reported = True
        self._until = self._clock() + self.retry_after

    def ok(self) -> None:
        if self._reported:
            logger.info("shared state: %s back in the database", self.what)
            self._reported = False
