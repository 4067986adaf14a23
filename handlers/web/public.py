"""The families' side: the chat page and its JSON API."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from bot.answer import Answer, Asker
from bot.display import DocTitle, parts, plain
from bot.feedback_reasons import load_reasons
from bot.ratelimit import allow_all
from handlers.web import requests as web_requests
from handlers.web.deps import render
from handlers.web.jsonbody import json_object
from handlers.web.security import client_ip
from handlers.web.state import web_state

logger = logging.getLogger(__name__)
router = APIRouter()

VISITOR_COOKIE = "hy_visitor"
VISITOR_MAX_AGE = 365 * 24 * 60 * 60
MAX_REASON_CHARS = 200
ASK_TIMEOUT_MS = 15_000  # the page gives up waiting for an answer after this long and offers 重试
_VISITOR = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_NUMBER = re.compile(r"^[\d一二三四五六七八九十（）()、.．\s]+")  # a heading's own number: 18. / （五）
_REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def visitor_id(request: Request) -> tuple[str, bool]:
    """The browser's random id from its cookie, or a new one (True when new)."""
    value = request.cookies.get(VISITOR_COOKIE, "")
    if _VISITOR.match(value):
        return value, False
    return secrets.token_urlsafe(16), True


def _set_visitor(response: Response, value: str) -> None:
    response.set_cookie(VISITOR_COOKIE, value, max_age=VISITOR_MAX_AGE, httponly=True, samesite="lax", path="/")


async def _json_body(request: Request) -> dict[str, Any] | JSONResponse:
    return await json_object(request)  # size capped while streaming (hardening.BodySizeLimit)


def answer_payload(answer: Answer, documents: list[DocTitle] | None = None) -> dict[str, Any]:
    """The answer's JSON (`ask --json` fields first), plus what the page shows: `parts` (short citations,
    phone numbers) and, per source, its full and short citation."""
    payload = answer.as_dict()
    payload["query_id"] = answer.query_id
    payload["related"] = list(answer.related)
    payload["parts"] = parts(answer.text, documents or [])
    for shown, source in zip(payload["sources"], answer.sources, strict=False):
        shown["kind"] = source.kind
        shown["citation"] = source.citation
        cite = parts(source.citation or source.heading, documents or [])
        words = _NUMBER.sub("", source.heading)
        shown["short"] = plain(cite) + (f" {words}" if words and words not in plain(cite) else "")
        shown["full"] = next((piece["title"] for piece in cite if "title" in piece), "")
    return payload


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request) -> Response:
    state = web_state(request)
    value, new = visitor_id(request)
    response = render(request, "chat.html", {
        "topics": state.topics, "max_chars": state.settings.max_question_chars, "timeout_ms": ASK_TIMEOUT_MS,
        "reasons": list(load_reasons().values()),
    })
    if new:
        _set_visitor(response, value)
    return response


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/api/ask")
async def ask(request: Request) -> Response:
    state = web_state(request)
    data = await _json_body(request)
    if isinstance(data, JSONResponse):
        return data
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        return _error("请输入问题。", 422)
    limit = state.settings.max_question_chars
    if len(question) > limit:
        return _error(f"问题太长了，请控制在 {limit} 字以内。", 422)
    request_id = data.get("request_id") or ""
    if not isinstance(request_id, str) or (request_id and not _REQUEST_ID.match(request_id)):
        return _error("request_id 应为 8 到 64 个字母、数字、- 或 _。", 422)
    visitor, new = visitor_id(request)
    key = web_requests.request_key(visitor, request_id) if request_id else ""
    if key:  # a retry of a request already answered (or being answered) gets that answer, logged once
        try:
            first = await run_in_threadpool(web_requests.claim_or_wait, state.get_engine(), key)
        except web_requests.StillPending:
            return _error("上一次的提问还在查找中，请稍后再点重试。", 503)
        except Exception:
            logger.exception("web: request store failed")
            first, key = None, ""
        if first is not None:
            return JSONResponse(first)
    limits = [(state.ask_per_visitor, visitor), (state.ask_per_ip, client_ip(request))]
    service, asker = state.get_service(), Asker("web", visitor, "web")

    def limited_ask() -> Answer | None:  # one trip to the thread pool: the rate check, then the answer
        return service.ask(question.strip(), asker) if allow_all(limits) else None

    try:
        answer = await to_thread.run_sync(limited_ask, limiter=state.ask_threads)
    except Exception:
        logger.exception("web: ask failed")
        await _release(state, key)
        return _error("抱歉，系统暂时出错，请稍后再试。", 500)
    if answer is None:
        await _release(state, key)
        return _error("提问太频繁了，请稍等一分钟再试。", 429)
    payload = answer_payload(answer, state.documents)
    if key:
        try:
            await run_in_threadpool(web_requests.finish, state.get_engine(), key, payload)
        except Exception:
            logger.exception("web: could not store the answer of a request")
    response = JSONResponse(payload)
    if new:
        _set_visitor(response, visitor)
    return response


async def _release(state: Any, key: str) -> None:
    if not key:
        return
    try:
        await run_in_threadpool(web_requests.release, state.get_engine(), key)
    except Exception:
        logger.exception("web: could not release a request")


@router.post("/api/feedback")
async def feedback(request: Request) -> Response:
    state = web_state(request)
    data = await _json_body(request)
    if isinstance(data, JSONResponse):
        return data
    query_id, helpful, reason = data.get("query_id"), data.get("helpful"), data.get("reason", "")
    if not isinstance(query_id, str) or not re.fullmatch(r"[0-9A-Za-z_-]{1,32}", query_id):
        return _error("缺少或无效的 query_id。", 422)
    if not isinstance(helpful, bool):
        return _error("helpful 应为 true 或 false。", 422)
    if reason is None:
        reason = ""
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        return _error(f"原因应为不超过 {MAX_REASON_CHARS} 字的文字。", 422)
    if not await run_in_threadpool(state.feedback_per_ip.allow, client_ip(request)):
        return _error("评价太频繁了，请稍等一分钟再试。", 429)
    visitor, _new = visitor_id(request)
    try:
        await run_in_threadpool(state.get_service().feedback, query_id, helpful, reason.strip(), Asker("web", visitor, "web"))
    except Exception:
        logger.exception("web: feedback failed")
        return _error("抱歉，反馈没有保存成功，请稍后再试。", 500)
    return JSONResponse({"ok": True})


@router.get("/api/source/{doc_id}/{section_id}")
async def source(request: Request, doc_id: str, section_id: str) -> Response:
    state = web_state(request)
    if len(doc_id) > 120 or len(section_id) > 64:
        return _error("找不到这一节原文。", 404)
    found = await run_in_threadpool(state.get_service().source_text, doc_id, section_id)
    if found is None:
        return _error("找不到这一节原文。", 404)
    return JSONResponse({"citation": found.citation, "heading": found.heading, "text": found.text})
