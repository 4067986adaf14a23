"""GET /a/<id>: the full text of one answer sent over WeChat (redacted question, answer, citations)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from handlers.web.deps import render
from handlers.web.state import web_state
from handlers.wechat import crud
from handlers.wechat.models import WechatAnswerPage

router = APIRouter()

_PAGE_ID = re.compile(r"^[A-Za-z0-9_-]{16,32}$")
HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


@router.get("/a/{page_id}")
async def answer_page(request: Request, page_id: str) -> Response:
    page: WechatAnswerPage | None = None
    if _PAGE_ID.match(page_id):
        engine = web_state(request).get_engine()

        def load() -> WechatAnswerPage | None:
            with Session(engine) as session:
                return crud.get_answer_page(session, page_id)

        page = await run_in_threadpool(load)
    if page is None:
        return render(request, "message.html", {"title": "找不到这个回答",
                                                "message": "链接有误或回答已过期，请重新提问。"},
                      status_code=404, headers=HEADERS)
    return render(request, "answer.html", {"question": page.question, "answer": page.answer,
                                           "sources": crud.page_sources(page)}, headers=HEADERS)
