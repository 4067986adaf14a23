"""Hostile input, the streaming size limit, login backoff, Secure cookie, revocation, feedback limits."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import Feedback
from bot.settings import Settings
from handlers.web import create_app
from handlers.web.backoff import LoginBackoff
from handlers.web.hardening import BodySizeLimit
from retrieval.embedders import FakeEmbedder

from .conftest import PASSWORD, Clock, csrf_from, login
from .fakes import FakeService

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
JSON = {"content-type": "application/json"}


def _has_security_headers(response: Any) -> bool:
    return all(name in response.headers for name in HEADERS)


@pytest.mark.parametrize(("body", "status", "text"), [
    (b'{"question": "\\ud800\\u5b66\\u533a"}', 422, "lone surrogates"),
    (b'{"question": ' + b"[" * 3000 + b"]" * 3000 + b"}", 400, "nested too deeply"),
    (b'{"question": "\xff\xfe"}', 400, "UTF-8"),
    (b"[" * 20_000, 413, "too large"),
])
def test_ask_rejects_hostile_bodies_clearly(client: TestClient, body: bytes, status: int, text: str) -> None:
    response = client.post("/api/ask", content=body, headers=JSON)
    assert response.status_code == status
    assert text in response.json()["detail"]
    assert _has_security_headers(response)


def test_feedback_rejects_nested_json_and_surrogates(client: TestClient) -> None:
    nested = client.post("/api/feedback", content=b'{"query_id": ' + b"[" * 5000 + b"}", headers=JSON)
    assert nested.status_code == 400 and _has_security_headers(nested)
    surrogate = client.post("/api/feedback", content=b'{"query_id": "a", "helpful": true, "reason": "\\udc00"}', headers=JSON)
    assert surrogate.status_code == 422 and _has_security_headers(surrogate)


def test_control_characters_are_answered_not_500(client: TestClient, service: FakeService) -> None:
    response = client.post("/api/ask", json={"question": "留守\x00儿童\x1b[0m能住校吗\u202e"})
    assert response.status_code == 200


def test_an_unhandled_error_is_json_with_security_headers(settings: Settings, web_engine: Engine) -> None:
    class Broken(FakeService):
        def source_text(self, doc_id: str, section_id: str) -> Any:
            raise RuntimeError("boom")

    app = create_app(settings, service=Broken(web_engine, settings.data_dir / "s.jsonl"), engine=web_engine, embedder=FakeEmbedder())
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/source/a/b")
    assert response.status_code == 500 and "系统暂时出错" in response.json()["detail"]
    assert _has_security_headers(response)


_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=10)
_body = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda v: json.dumps({"question": v}).encode(), _value),
    st.builds(lambda s: ('{"question": "' + s + '"}').encode(), st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\u202e"])),
    st.builds(lambda n: b'{"question": ' + b"[" * n + b"}", st.integers(0, 6000)),
    st.builds(lambda n: b'{"question": "' + "问".encode() * n + b'"}', st.integers(0, 400_000)),
    st.builds(lambda t: json.dumps({"query_id": t, "helpful": True, "reason": t}, ensure_ascii=False).encode("utf-8", "surrogatepass"),
              st.text(max_size=40)),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(body=_body, path=st.sampled_from(["/api/ask", "/api/feedback"]))
def test_fuzz_the_api_never_answers_500(client: TestClient, body: bytes, path: str) -> None:
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code in (200, 400, 413, 422, 429), response.text
    assert _has_security_headers(response)
    assert "detail" in response.json() or response.status_code == 200


def test_a_chunked_body_is_refused_while_streaming() -> None:
    chunks_read = 0
    sent: list[dict[str, Any]] = []
    app_read = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal app_read
        while True:  # an app that would buffer everything
            message = await receive()
            app_read += len(message.get("body", b""))
            if not message.get("more_body"):
                break

    async def receive() -> dict[str, Any]:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": chunks_read < 6400}  # 400 MB in all

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/api/ask", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(BodySizeLimit(app)(scope, receive, send))
    assert chunks_read == 1 and app_read == 0  # 16 KB limit: refused at the first 64 KB chunk
    assert sent[0]["status"] == 413
    assert dict(sent[0]["headers"])[b"x-frame-options"] == b"DENY"
    assert "too large" in json.loads(sent[1]["body"])["detail"]


def test_a_declared_length_over_the_limit_is_refused_unread(client: TestClient) -> None:
    response = client.post("/staff/login", content=b"x" * (1024 * 1024 + 1),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and _has_security_headers(response)


# -- login backoff ----------------------------------------------------------------------------


def test_backoff_doubles_is_capped_and_resets() -> None:
    clock = Clock()
    backoff = LoginBackoff(free=5, cap=900, clock=clock)
    for _ in range(4):
        backoff.failed("a")
    assert backoff.retry_after("a") == 0
    waits = []
    for _ in range(13):
        backoff.failed("a")
        waits.append(backoff.retry_after("a"))
    assert waits[:5] == [1, 2, 4, 8, 16] and waits[-1] == 900 and max(waits) == 900
    assert backoff.retry_after("b") == 0  # an address that has not failed is never blocked
    backoff.succeeded("a")
    assert backoff.retry_after("a") == 0


def test_the_right_password_gets_in_from_another_address_and_after_the_wait(
        settings: Settings, service: FakeService, web_engine: Engine, clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder(), clock=clock)
    caplog.set_level(logging.INFO)
    with TestClient(app, client=("203.0.113.9", 5000)) as attacker, TestClient(app, client=("198.51.100.7", 5000)) as staff:
        token = csrf_from(attacker.get("/staff/login").text)
        for i in range(5):
            attacker.post("/staff/login", data={"password": f"wrong-{i}", "csrf_token": token})
        assert attacker.post("/staff/login", data={"password": PASSWORD, "csrf_token": token}).status_code == 429
        clock.now += 1
        assert attacker.post("/staff/login", data={"password": "wrong-6", "csrf_token": token}).status_code == 401
        refused = attacker.post("/staff/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "2"
        login(staff)  # another address is not blocked
        clock.now += 2
        allowed = attacker.post("/staff/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
        assert allowed.status_code == 303
    assert "203.0.113.9" in caplog.text and "wrong-" not in caplog.text and PASSWORD not in caplog.text


# -- cookie, revocation --------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "flag", "secure"), [
    ("https://jiaoyu.example.cn", None, True), ("http://127.0.0.1:8000", None, False), ("", None, False),
    ("https://jiaoyu.example.cn", False, False), ("", True, True),
])
def test_staff_cookie_secure_flag(settings: Settings, service: FakeService, web_engine: Engine,
                                  base: str, flag: bool | None, secure: bool) -> None:
    settings = settings.model_copy(update={"public_base_url": base, "staff_cookie_secure": flag})
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder())
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/staff/login")
        cookie = page.headers["set-cookie"]
        assert cookie.startswith("hy_staff=") and ("secure" in cookie.lower()) is secure


def test_logout_revokes_a_copied_cookie(client: TestClient) -> None:
    token = login(client)
    copied = client.cookies.get("hy_staff")
    assert client.get("/staff/", follow_redirects=False).status_code == 200
    client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False)
    client.cookies.set("hy_staff", copied)
    assert client.get("/staff/", follow_redirects=False).status_code == 303
    assert client.get("/staff/api/stats").status_code == 401


# -- feedback ------------------------------------------------------------------------------------


def test_feedback_is_rate_limited_per_address(settings: Settings, service: FakeService, web_engine: Engine, clock: Clock) -> None:
    settings = settings.model_copy(update={"feedback_per_minute": 3})
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder(), clock=clock)
    with TestClient(app) as client:
        query_id = client.post("/api/ask", json={"question": "外地户口怎么上学"}).json()["query_id"]
        codes = [client.post("/api/feedback", json={"query_id": query_id, "helpful": True}).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        clock.now += 61
        assert client.post("/api/feedback", json={"query_id": query_id, "helpful": True}).status_code == 200


def test_one_vote_per_answer_and_visitor(client: TestClient, web_engine: Engine) -> None:
    client.get("/")
    query_id = client.post("/api/ask", json={"question": "外地户口怎么上学"}).json()["query_id"]
    for helpful, reason in [(True, ""), (False, "答非所问"), (False, "信息过时")]:
        assert client.post("/api/feedback", json={"query_id": query_id, "helpful": helpful, "reason": reason}).status_code == 200
    with Session(web_engine) as session:
        rows = list(session.exec(select(Feedback).where(Feedback.query_id == query_id)))
    assert [(r.helpful, r.reason) for r in rows] == [(False, "信息过时")]
    with TestClient(client.app) as other:
        assert other.post("/api/feedback", json={"query_id": query_id, "helpful": True}).status_code == 200
    with Session(web_engine) as session:
        assert len(list(session.exec(select(Feedback).where(Feedback.query_id == query_id)))) == 2


def test_trusted_proxies_reach_uvicorn(monkeypatch: pytest.MonkeyPatch, settings: Settings, service: FakeService,
                                       web_engine: Engine) -> None:
    import uvicorn

    from handlers.web.app import run

    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: captured.update(kwargs, app=app))
    run(settings.model_copy(update={"trusted_proxies": "10.0.0.5,10.0.0.6"}), service=service, engine=web_engine,
        embedder=FakeEmbedder())
    app = captured.pop("app")
    config = uvicorn.Config(app, **captured)
    assert config.proxy_headers is True and config.forwarded_allow_ips == "10.0.0.5,10.0.0.6"
    assert Settings().trusted_proxies == "127.0.0.1"


def test_the_headers_middleware_adds_what_a_response_does_not_set_itself() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient as StarletteClient

    from handlers.web.hardening import SecurityHeaders

    def own(_request: Any) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"X-Frame-Options": "SAMEORIGIN"})

    app = Starlette(routes=[Route("/api/own", own)])
    app.add_middleware(SecurityHeaders)
    response = StarletteClient(app).get("/api/own")
    assert response.headers["x-frame-options"] == "SAMEORIGIN"  # the response's own value stays
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert _has_security_headers(response) and response.headers["cache-control"] == "no-store"
