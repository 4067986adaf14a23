"""The web API over the real core (fake embedder): clarifying questions answered by typing, and the
starter question 我家住在七营镇… leading to the township's villages, not to "not found"."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app.runtime import build_runtime
from bot.settings import Settings
from handlers.web import create_app

from .conftest import PASSWORD


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "web-typed-choice-secret")
    settings = Settings(staff_password=PASSWORD, web_session_secret="web-typed-choice-session-0123456789")
    rt = build_runtime(settings, show_progress=False)
    app = create_app(settings, service=rt.core, engine=rt.engine, embedder=rt.embedder)
    with TestClient(app) as test_client:
        yield test_client


def test_typed_township_answers_the_clarifying_question(client: TestClient) -> None:
    first = client.post("/api/ask", json={"question": "张湾村的娃上哪个学校"}).json()
    assert first["answered"] is False
    assert first["lookup"] == {"kind": "zone", "place_status": "ambiguous", "record_ids": ["zones:关桥乡/张湾村", "zones:西安镇/张湾村"]}
    assert [c["label"] for c in first["choices"]] == ["关桥乡", "西安镇"]
    assert "关桥乡、西安镇" in first["answer"]
    second = client.post("/api/ask", json={"question": "关桥乡"}).json()  # typed, the same visitor (cookie)
    assert second["answered"] is True
    assert second["lookup"]["record_ids"] == ["zones:关桥乡/张湾村", "schools:GQ-X", "schools:GQ-Z"]


def test_starter_question_offers_the_townships_villages(client: TestClient) -> None:
    starter = client.post("/api/ask", json={"question": "我家住在七营镇，娃该上哪个学校？"}).json()
    assert starter["answered"] is False and "没有找到" not in starter["answer"]
    labels = [c["label"] for c in starter["choices"]]
    assert "北咀村" in labels and len(labels) == 14
    assert starter["choices"][labels.index("北咀村")]["reply"] == "七营镇北咀村的娃上哪个学校"
    typed = client.post("/api/ask", json={"question": "北咀村"}).json()
    assert typed["lookup"]["record_ids"] == ["zones:七营镇/北咀村", "schools:QY-BZ", "schools:QY-Z"]
    tapped = client.post("/api/ask", json={"question": "七营镇北咀村的娃上哪个学校"}).json()  # what a button sends
    assert tapped["lookup"] == typed["lookup"]
