"""The load run's driver: every simulated client is its own visitor (its own cookie jar), every question is sent
once, and the mix is half distinct, half popular repeats."""

from __future__ import annotations

import asyncio
import secrets

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.app.evaluation.load import drive, question_mix
from handlers.web.public import VISITOR_COOKIE


def _visitor_app(seen: list[tuple[str, str]]) -> Starlette:
    """Sets a new visitor cookie on a request without one (like /api/ask); records (visitor, question)."""

    async def ask(request: Request) -> JSONResponse:
        question = (await request.json())["question"]
        visitor = request.cookies.get(VISITOR_COOKIE, "")
        await asyncio.sleep(0.001)  # let the other clients in, as a real server would
        response = JSONResponse({"query_id": secrets.token_hex(8)})
        if not visitor:
            visitor = secrets.token_urlsafe(16)
            response.set_cookie(VISITOR_COOKIE, visitor, path="/")
        seen.append((visitor, question))
        return response

    return Starlette(routes=[Route("/api/ask", ask, methods=["POST"])])


def test_each_client_is_its_own_visitor() -> None:
    seen: list[tuple[str, str]] = []
    mix = [f"问题{i}" for i in range(40)]
    transport = httpx.ASGITransport(app=_visitor_app(seen))
    driven = asyncio.run(drive("http://test", mix, clients=5, transport=transport))
    assert driven.answers == 40 and not driven.errors
    assert sorted(q for _, q in seen) == sorted(mix)  # each question sent once
    visitors = {v for v, _ in seen}
    assert len(visitors) == 5  # one visitor per client, not one for the whole run
    per_visitor = [sum(1 for v, _ in seen if v == visitor) for visitor in visitors]
    assert sum(per_visitor) == 40 and max(per_visitor) < 40


def test_question_mix_is_half_distinct_half_popular() -> None:
    questions = [f"q{i}" for i in range(300)]
    mix = question_mix(questions, total=400, hot=20)
    popular = set(questions[:20])
    assert len(mix) == 400
    assert sum(1 for q in mix if q in popular) == 200
    assert len({q for q in mix if q not in popular}) == 200


def test_the_outage_is_reported_with_the_answers_given_when_it_began(monkeypatch: object) -> None:
    import re

    from bot.app.evaluation import load

    seen: list[tuple[str, str]] = []
    at_stop: list[int] = []

    class Proxy:
        async def stop(self) -> None:
            at_stop.append(len(seen))

        async def start(self) -> int:
            return 0

    monkeypatch.setattr(load, "OUTAGE_SECONDS", 0.3)  # type: ignore[attr-defined]
    mix = [f"问题{i}" for i in range(400)]
    transport = httpx.ASGITransport(app=_visitor_app(seen))
    driven = asyncio.run(drive("http://test", mix, clients=4, proxy=Proxy(), transport=transport))  # type: ignore[arg-type]
    reported = int(re.search(r"after (\d+) answers", driven.outage).group(1))  # type: ignore[union-attr]
    assert at_stop[0] - 4 <= reported <= at_stop[0] < driven.answers - 4  # answers went on during the outage
