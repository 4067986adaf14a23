"""Staff password check, login throttling, session and CSRF helpers."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets

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
