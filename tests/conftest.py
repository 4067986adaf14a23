"""Shared fixtures. Heavy things (the real model) are session-scoped and built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "knowledge" / "documents" / "000_8e01929cc9c29c4e.txt"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read a developer's .env nor write into ./data."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "LLM_BASE_URL", "CHROMA_HOST", "EMBEDDER"):
        monkeypatch.delenv(name, raising=False)
