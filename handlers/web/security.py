"""Staff password check, login throttling, session and CSRF helpers."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
NAME_MAX = 40
_NAME_STRIP = re.compile(r"[\x00-\x1f\x7f<>]")


class PasswordChecker:
    """Keeps only an scrypt hash (per-process random salt) of the staff password."""

    def __init__(self, password: str) -> None:
        self.enabled = bool(password)
        self._salt = os.urandom(16)
        self._hash = self._derive(password) if password else b""

    def _derive(self, password: str) -> bytes:
        return hashlib.scrypt(password.encode("utf-8"), salt=self._salt, **_SCRYPT)

    def verify(self, candidate: str) -> bool:
        if not self.enabled:
            return False
        return hmac.compare_digest(self._derive(candidate or ""), self._hash)


class SlidingWindow:
    """At most `limit` events per `window` seconds per key (thread-safe, memory-bounded)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.limit = limit
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
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def add(self, key: str) -> None:
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
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) < self.limit:
                return 0
            return max(1, int(events[0] + self.window - now + 0.999))

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def clean_name(name: str) -> str:
    text = _NAME_STRIP.sub("", name or "").strip()[:NAME_MAX]
    return text or "staff"


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), str(submitted).encode())


def staff_name(request: Request) -> str | None:
    name = request.session.get("staff")
    return name if isinstance(name, str) and name else None
