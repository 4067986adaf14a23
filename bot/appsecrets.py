"""Resolve USER_KEY_SECRET and WEB_SESSION_SECRET once, at start-up: never a known value, never logged.

On the single-machine default (SQLite) an unset secret is generated on first start and kept in the data
directory (created with O_CREAT|O_EXCL, mode 0600, so workers starting together agree on one value).
With PostgreSQL (several processes or machines share one database) both must come from the environment.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr

from bot.settings import Settings
from knowledge.yamlload import safe_load

PLACEHOLDERS_PATH = Path(__file__).resolve().parent / "data" / "secret_placeholders.yaml"
SECRET_NAMES = ("USER_KEY_SECRET", "WEB_SESSION_SECRET")


class SecretError(RuntimeError):
    """A secret is missing or a known placeholder; the message says what to set (never the value)."""


@dataclass(frozen=True)
class ResolvedSecrets:
    user_key_secret: str
    web_session_secret: str

    def __repr__(self) -> str:
        return "ResolvedSecrets(user_key_secret=***, web_session_secret=***)"


@lru_cache(maxsize=1)
def _rules() -> tuple[int, frozenset[str]]:
    raw = safe_load(PLACEHOLDERS_PATH.read_text(encoding="utf-8"))
    return int(raw["min_length"]), frozenset(str(p).strip().lower() for p in raw["placeholders"])


def problem(value: str) -> str:
    """Why `value` cannot be a secret ("" when it can)."""
    min_length, placeholders = _rules()
    if not value.strip():
        return "is empty"
    if value.strip().lower() in placeholders:
        return "is a known placeholder value"
    if len(value) < min_length:
        return f"is shorter than {min_length} characters"
    return ""


def uses_shared_database(settings: Settings) -> bool:
    return not settings.resolved_database_url.startswith("sqlite")


def secret_path(settings: Settings, name: str) -> Path:
    return settings.data_dir / "secrets" / name.lower()


def read_or_create(path: Path, wait_seconds: float = 2.0) -> str:
    """The secret in `path`, created atomically (O_EXCL, 0600) with a random value if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        deadline = time.monotonic() + wait_seconds
        while True:  # another worker may be writing it right now
            value = path.read_text(encoding="ascii").strip()
            if value or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if problem(value):
            raise SecretError(f"the secret file {path} {problem(value)}: delete it to generate a new one") from None
        return value
    value = secrets.token_urlsafe(48)
    try:
        os.write(fd, value.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return value


def _resolve_one(settings: Settings, name: str, given: str) -> str:
    if given:
        why = problem(given)
        if why:
            raise SecretError(f"{name} {why}; set it to a long random value (e.g. `python -c \"import secrets; "
                              f"print(secrets.token_urlsafe(48))\"`) or leave it empty on SQLite to generate one")
        return given
    if uses_shared_database(settings):
        raise SecretError(f"{name} must be set in the environment when DATABASE_URL is PostgreSQL "
                          "(every process must share it); refusing to start")
    return read_or_create(secret_path(settings, name))


def resolve_secrets(settings: Settings) -> ResolvedSecrets:
    """Both secrets, from the environment or (SQLite only) generated in the data directory."""
    return ResolvedSecrets(
        _resolve_one(settings, "USER_KEY_SECRET", settings.user_key_secret.get_secret_value()),
        _resolve_one(settings, "WEB_SESSION_SECRET", settings.web_session_secret.get_secret_value()),
    )


def with_resolved_secrets(settings: Settings) -> Settings:
    """A copy of `settings` holding the resolved secrets (what the channels read)."""
    resolved = resolve_secrets(settings)
    return settings.model_copy(update={
        "user_key_secret": SecretStr(resolved.user_key_secret),
        "web_session_secret": SecretStr(resolved.web_session_secret),
    })
