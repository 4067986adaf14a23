"""Two web app instances over one database (as two workers would be): a follow-up or a clarification asked
of either instance uses the context of the turn the other one answered, and a visitor's limit holds across them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app.commands.channels import web_app
from bot.settings import Settings
from handlers.web.public import VISITOR_COOKIE

FIRST = "我家住在七营镇北嘴村，娃该上哪个学校"
AMBIGUOUS = "我家在新庄村，娃上哪个学校"
FOLLOW_UP = "那初中呢？"
PER_MINUTE = 6


@pytest.fixture
def two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, TestClient]]:
    monkeypatch.setenv("EMBEDDER", "fake")
    settings = Settings(data_dir=tmp_path / "shared", user_key_secret="two-workers-secret-0123456789",
                        web_session_secret="two-workers-session-0123456789", rate_limit_per_minute=PER_MINUTE)
    with TestClient(web_app(settings)) as one, TestClient(web_app(settings)) as other:
        yield one, other


def _ask(client: TestClient, visitor: str, question: str) -> dict:
    client.cookies.set(VISITOR_COOKIE, visitor)
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


def test_follow_ups_and_clarifications_across_two_instances(two_workers: tuple[TestClient, TestClient]) -> None:
    one, other = two_workers
    family, stranger = "family-visitor-0000001", "stranger-visitor-000002"

    first = _ask(one, family, FIRST)
    assert "七营镇北咀村" in first["answer"] and "小学：" in first["answer"]
    follow = _ask(other, family, FOLLOW_UP)  # the other instance answers the next turn
    assert "七营镇北咀村" in follow["answer"] and "初中：" in follow["answer"] and "小学：" not in follow["answer"]
    assert "七营镇" not in _ask(other, stranger, FOLLOW_UP)["answer"]  # context is per visitor

    clarify = _ask(other, family, AMBIGUOUS)
    assert [c["reply"] for c in clarify["choices"]] == ["李旺镇新庄村的娃上哪个学校", "树台乡新庄村的娃上哪个学校"]  # self-contained questions (phase-2 contract)
    picked = _ask(one, family, clarify["choices"][1]["reply"])
    assert "树台乡新庄村" in picked["answer"]
    follow = _ask(other, family, FOLLOW_UP)
    assert "树台乡新庄村" in follow["answer"] and "初中：" in follow["answer"] and "小学：" not in follow["answer"]

    # five questions so far from this visitor, over both instances: one more is allowed, then neither takes it
    _ask(one, family, "随迁子女上学要带什么材料")
    one.cookies.set(VISITOR_COOKIE, family)
    assert one.post("/api/ask", json={"question": "还有吗"}).status_code == 429
    other.cookies.set(VISITOR_COOKIE, family)
    assert other.post("/api/ask", json={"question": "还有吗"}).status_code == 429


def test_staff_login_backoff_is_counted_by_every_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.handlers.web.conftest import csrf_from

    monkeypatch.setenv("EMBEDDER", "fake")
    settings = Settings(data_dir=tmp_path / "shared", user_key_secret="two-workers-secret-0123456789",
                        web_session_secret="two-workers-session-0123456789", staff_password="right-password-2026",
                        state_store="database")
    with TestClient(web_app(settings)) as one, TestClient(web_app(settings)) as other:
        token_one = csrf_from(one.get("/staff/login").text)
        for i in range(5):  # all five failures on the first worker
            assert one.post("/staff/login", data={"password": f"wrong-{i}", "csrf_token": token_one}).status_code == 401
        token_other = csrf_from(other.get("/staff/login").text)
        refused = other.post("/staff/login", data={"password": "right-password-2026", "csrf_token": token_other},
                             follow_redirects=False)
        assert refused.status_code == 429  # the second worker saw them
        assert int(refused.headers["retry-after"]) >= 1
