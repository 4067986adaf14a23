"""Pseudonymous user keys: the raw channel user id is never stored."""

from __future__ import annotations

import hashlib
import hmac

KEY_HEX_CHARS = 32


def user_key(secret: str, channel: str, user_id: str) -> str:
    """Hex HMAC-SHA256 of "channel:user_id" keyed with `secret`, first 32 hex chars ("" for no user)."""
    if not user_id:
        return ""
    digest = hmac.new(secret.encode("utf-8"), f"{channel}:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:KEY_HEX_CHARS]
