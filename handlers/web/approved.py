"""Staff pages for approved answers: list, create (optionally from a queue item), edit, retract, history."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from bot.approved import crud
from bot.approved.models import STATUSES, ApprovedAnswerCreate, ApprovedAnswerUpdate
from bot.models import QueryRecord
from bot.querylog.crud import mark_reviewed
from handlers.web.deps import check_csrf, render, require_staff
from handlers.web.exports import EXPORT_FORMATS, export_response
from handlers.web.state import WebState, web_state

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/staff/approved")
FIELDS = ("question", "answer", "citation", "doc_id", "section_id")
EXPORT_HEADERS = ["编号", "状态", "问题", "答案", "出处", "文档", "章节", "创建人", "创建时间", "修改人", "修改时间"]
HISTORY_HEADERS = ["时间", "操作", "操作人", "问题", "答案", "出处", "状态"]
ACTIONS = {"created": "新建", "edited": "修改", "retracted": "撤回"}


def _errors(exc: ValidationError) -> list[str]:
    return [str(err.get("msg", "")).removeprefix("Value error, ") for err in exc.errors()]


def _notify(state: WebState) -> None:
    """Let the service know the approved answers changed."""
    try:
        state.get_service().approved_changed()
    except Exception:
        logger.exception("web: approved_changed hook failed")


def _form(question: str, answer: str, citation: str, doc_id: str, section_id: str) -> dict[str, str]:
    return {"question": question, "answer": answer, "citation": citation, "doc_id": doc_id, "section_id": section_id}


@router.get("")
def approved_list(request: Request, status: str = "", format: str = "",
                  _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        items = crud.list_approved(session, status=status if status in STATUSES else None)
    if format in EXPORT_FORMATS:
        rows = [[a.id, a.status, a.question, a.answer, a.citation, a.doc_id, a.section_id, a.created_by,
                 a.created_at.isoformat(), a.updated_by, a.updated_at.isoformat()] for a in items]
        return export_response(format, "approved", EXPORT_HEADERS, rows, "标准答案")
    return render(request, "staff/approved_list.html", {"items": items, "status": status})


@router.get("/new")
def new_form(request: Request, query_id: str = "", question: str = "",
             _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    values = _form(question[:500], "", "", "", "")
    source: QueryRecord | None = None
    if query_id:
        with Session(state.get_engine()) as session:
            source = session.get(QueryRecord, query_id[:32])
            if source is not None:
                values["question"] = source.question
                if source.sources:
                    first: dict[str, Any] = source.sources[0]
                    values["doc_id"] = str(first.get("doc_id", ""))
                    values["section_id"] = str(first.get("section_id", ""))
    return render(request, "staff/approved_form.html",
                  {"values": values, "record": None, "history": [], "query_id": query_id, "source": source})


@router.post("")
def create(request: Request, question: str = Form(""), answer: str = Form(""), citation: str = Form(""),
           doc_id: str = Form(""), section_id: str = Form(""), query_id: str = Form(""),
           csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    values = _form(question, answer, citation, doc_id, section_id)
    try:
        data = ApprovedAnswerCreate.model_validate(values)
    except ValidationError as exc:
        return render(request, "staff/approved_form.html", {"values": values, "record": None, "history": [],
                      "query_id": query_id, "errors": _errors(exc)}, status_code=422)
    with Session(state.get_engine()) as session:
        answer_id = crud.create_approved(session, data, staff).id
        if query_id:
            mark_reviewed(session, query_id[:32])
    _notify(state)
    return RedirectResponse(f"/staff/approved/{answer_id}?saved=1", status_code=303)


@router.get("/{answer_id}")
def edit_form(request: Request, answer_id: int, format: str = "", saved: str = "",
              _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        record = crud.get_approved(session, answer_id)
        history = crud.list_history(session, answer_id) if record else []
    if record is None:
        return render(request, "message.html", {"title": "找不到", "message": "没有这条标准答案。"}, status_code=404)
    if format in EXPORT_FORMATS:
        rows = [[h.at.isoformat(), ACTIONS.get(h.action, h.action), h.actor, h.question, h.answer, h.citation,
                 h.status] for h in history]
        return export_response(format, f"approved-{answer_id}-history", HISTORY_HEADERS, rows, "修改记录")
    values = {name: getattr(record, name) or "" for name in FIELDS}
    return render(request, "staff/approved_form.html", {"values": values, "record": record, "history": history,
                  "actions": ACTIONS, "saved": bool(saved)})


@router.post("/{answer_id}")
def edit(request: Request, answer_id: int, question: str = Form(""), answer: str = Form(""),
         citation: str = Form(""), doc_id: str = Form(""), section_id: str = Form(""),
         csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    values = _form(question, answer, citation, doc_id, section_id)
    with Session(state.get_engine()) as session:
        record = crud.get_approved(session, answer_id)
        if record is None:
            return render(request, "message.html", {"title": "找不到", "message": "没有这条标准答案。"},
                          status_code=404)
        try:
            data = ApprovedAnswerUpdate.model_validate(values)
        except ValidationError as exc:
            history = crud.list_history(session, answer_id)
            return render(request, "staff/approved_form.html", {"values": values, "record": record,
                          "history": history, "actions": ACTIONS, "errors": _errors(exc)}, status_code=422)
        crud.edit_approved(session, answer_id, data, staff)
    _notify(state)
    return RedirectResponse(f"/staff/approved/{answer_id}?saved=1", status_code=303)


@router.post("/{answer_id}/retract")
def retract(request: Request, answer_id: int, csrf_token: str = Form(""),
            staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    with Session(state.get_engine()) as session:
        record = crud.retract_approved(session, answer_id, staff)
    if record is None:
        return render(request, "message.html", {"title": "找不到", "message": "没有这条标准答案。"}, status_code=404)
    _notify(state)
    return RedirectResponse(f"/staff/approved/{answer_id}?saved=1", status_code=303)
