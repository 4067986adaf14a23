"""/api/ask with a client request_id: a retry gets the first answer and is logged once; 👎 needs no reason."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import Feedback, QueryRecord
from handlers.web import requests as web_requests

from .fakes import FakeService


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return len(session.exec(select(model)).all())


def test_a_repeated_request_id_gets_the_first_answer_logged_once(
        client: TestClient, service: FakeService, web_engine: Engine) -> None:
    ask = {"question": "外地户口的孩子怎么上学？", "request_id": "retry-0001-abcdef"}
    first = client.post("/api/ask", json=ask)
    again = client.post("/api/ask", json=ask)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert len(service.asked) == 1 and _count(web_engine, QueryRecord) == 1

    other = client.post("/api/ask", json={**ask, "request_id": "retry-0002-abcdef"})
    assert other.json()["query_id"] != first.json()["query_id"]
    without = client.post("/api/ask", json={"question": ask["question"]})
    assert without.status_code == 200 and len(service.asked) == 3 and _count(web_engine, QueryRecord) == 3


def test_the_same_request_id_from_another_visitor_is_a_new_question(
        client: TestClient, service: FakeService) -> None:
    ask = {"question": "火星上有学校吗", "request_id": "shared-id-123456"}
    first = client.post("/api/ask", json=ask).json()
    client.cookies.clear()  # another browser
    second = client.post("/api/ask", json=ask).json()
    assert first["query_id"] != second["query_id"] and len(service.asked) == 2


def test_bad_request_ids_are_refused(client: TestClient, service: FakeService) -> None:
    for bad in ("short", "has space in it", "x" * 65, 12345678, "<script>1234</script>"):
        response = client.post("/api/ask", json={"question": "随迁子女", "request_id": bad})
        assert response.status_code == 422, bad
        assert "request_id" in response.json()["detail"]
    assert service.asked == []


def test_a_failed_answer_is_asked_again_on_retry(client: TestClient, service: FakeService,
                                                  web_engine: Engine) -> None:
    real_ask = service.ask
    calls = {"n": 0}

    def flaky(question, asker):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("index not ready")
        return real_ask(question, asker)

    service.ask = flaky  # type: ignore[method-assign]
    ask = {"question": "随迁子女入学", "request_id": "flaky-000000001"}
    failed = client.post("/api/ask", json=ask)
    assert failed.status_code == 500 and "稍后" in failed.json()["detail"]
    retried = client.post("/api/ask", json=ask)
    assert retried.status_code == 200 and calls["n"] == 2 and _count(web_engine, QueryRecord) == 1


def test_a_repeat_while_the_first_is_running_waits_for_it(client: TestClient, service: FakeService,
                                                          web_engine: Engine) -> None:
    started, release = threading.Event(), threading.Event()
    real_ask = service.ask

    def slow(question, asker):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real_ask(question, asker)

    service.ask = slow  # type: ignore[method-assign]
    client.get("/")  # the visitor cookie, shared by both requests
    ask = {"question": "随迁子女入学", "request_id": "concurrent-00001"}
    results: list[dict] = []
    first = threading.Thread(target=lambda: results.append(client.post("/api/ask", json=ask).json()))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.append(client.post("/api/ask", json=ask).json()))
    second.start()
    release.set()
    first.join(20)
    second.join(20)
    assert len(results) == 2 and results[0]["query_id"] == results[1]["query_id"]
    assert _count(web_engine, QueryRecord) == 1


def test_still_pending_after_the_wait(web_engine: Engine) -> None:
    key = web_requests.request_key("visitor", "pending-0000001")
    assert web_requests.claim_or_wait(web_engine, key) is None
    try:
        web_requests.claim_or_wait(web_engine, key, wait_seconds=0.3)
    except web_requests.StillPending:
        pass
    else:
        raise AssertionError("a pending claim must not be answered")
    web_requests.finish(web_engine, key, {"answer": "好"})
    assert web_requests.claim_or_wait(web_engine, key) == {"answer": "好"}


def test_thumbs_down_is_recorded_without_a_reason_and_a_reason_replaces_it(
        client: TestClient, web_engine: Engine) -> None:
    query_id = client.post("/api/ask", json={"question": "随迁子女入学"}).json()["query_id"]
    assert client.post("/api/feedback", json={"query_id": query_id, "helpful": False}).json() == {"ok": True}
    with Session(web_engine) as session:
        [vote] = session.exec(select(Feedback)).all()
        assert (vote.query_id, vote.helpful, vote.reason) == (query_id, False, "")
    client.post("/api/feedback", json={"query_id": query_id, "helpful": False, "reason": "信息过时"})
    with Session(web_engine) as session:
        [vote] = session.exec(select(Feedback)).all()  # the same vote, now with its reason
        assert (vote.helpful, vote.reason) == (False, "信息过时")
