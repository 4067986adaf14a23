"""USER_KEY_SECRET and WEB_SESSION_SECRET: generated once on SQLite, required with PostgreSQL, never a placeholder."""

from __future__ import annotations

import io
import re
import stat
import threading
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.appsecrets import SecretError, read_or_create, resolve_secrets, secret_path, with_resolved_secrets
from bot.settings import PACKAGE_ROOT, Settings

PG = "postgresql://postgres@127.0.0.1:5432/test"
GOOD = "a-long-random-value-0123456789abcdef"


def test_generated_once_reused_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    first = resolve_secrets(settings)
    assert len(first.user_key_secret) >= 32 and len(first.web_session_secret) >= 32
    assert first.user_key_secret != first.web_session_secret
    again = resolve_secrets(Settings(data_dir=tmp_path / "d"))
    assert again == first
    for name in ("USER_KEY_SECRET", "WEB_SESSION_SECRET"):
        path = secret_path(settings, name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "***" in repr(first) and first.user_key_secret not in repr(first)


def test_workers_starting_together_agree(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "user_key_secret"
    values: list[str] = []
    threads = [threading.Thread(target=lambda: values.append(read_or_create(path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(values) == 8 and len(set(values)) == 1


@pytest.mark.parametrize("value", ["dev-only-change-me", "changeme", "secret", "please-change-me", "  CHANGEME ",
                                   "change-me-to-a-long-random-string", "short-value", " "])
def test_placeholders_are_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(SecretError) as raised:
        resolve_secrets(Settings(data_dir=tmp_path, user_key_secret=value, web_session_secret=GOOD))
    assert "USER_KEY_SECRET" in str(raised.value)
    if len(value.strip()) >= 10:  # the value itself is never echoed
        assert value.strip() not in str(raised.value)
    with pytest.raises(SecretError, match="WEB_SESSION_SECRET"):
        resolve_secrets(Settings(data_dir=tmp_path, user_key_secret=GOOD, web_session_secret=value))


def test_a_tampered_secret_file_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    path = secret_path(settings, "USER_KEY_SECRET")
    path.parent.mkdir(parents=True)
    path.write_text("changeme")
    with pytest.raises(SecretError, match="delete it"):
        resolve_secrets(settings)


def test_required_from_the_environment_with_postgresql(tmp_path: Path) -> None:
    with pytest.raises(SecretError, match="USER_KEY_SECRET must be set"):
        resolve_secrets(Settings(data_dir=tmp_path, database_url=PG))
    with pytest.raises(SecretError, match="WEB_SESSION_SECRET must be set"):
        resolve_secrets(Settings(data_dir=tmp_path, database_url=PG, user_key_secret=GOOD))
    resolved = with_resolved_secrets(Settings(data_dir=tmp_path, database_url=PG, user_key_secret=GOOD,
                                              web_session_secret=GOOD + "x"))
    assert resolved.user_key_secret.get_secret_value() == GOOD
    assert not (tmp_path / "secrets").exists()


def test_the_cli_refuses_to_start_and_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("USER_KEY_SECRET", raising=False)
    err = io.StringIO()
    assert main(["ask", "你好"], out=io.StringIO(), err=err) == 2
    assert "USER_KEY_SECRET must be set" in err.getvalue()


def test_env_example_ships_both_empty_and_every_example_is_refused() -> None:
    text = (PACKAGE_ROOT / ".env.example").read_text(encoding="utf-8")
    for name in ("USER_KEY_SECRET", "WEB_SESSION_SECRET"):
        assert re.search(rf"^{name}=$", text, re.M), name
        for example in re.findall(rf"{name}=(\S+)", text):  # commented examples, if any
            with pytest.raises(SecretError):
                resolve_secrets(Settings(user_key_secret=example, web_session_secret=GOOD))
