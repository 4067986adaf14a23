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
from bot.approved.sections import SectionChoice, find_choice, section_choices
from bot.models import QueryRecord
from bot.querylog.crud import mark_reviewed_many
from bot.reports.periods import local_iso
from bot.reports.queue import group_of, previous_turns
from handlers.web.deps import check_csrf, render, require_staff
from handlers.web.exports import EXPORT_FORMATS, export_response
from handlers.web.state import WebState, web_state

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/staff/approved")
FIELDS = ("question", "answer", "citation", "doc_id", "section_id")
EXPORT_HEADERS = ["编号", "状态", "问题", "答案", "出处", "文档", "章节", "创建人", "创建时间", "修改人", "修改时间"]
EXPORT_KINDS = (None, "approved_status", None, None, None, None, None, None, "time", None, "time")
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


def _form(question: str, answer: str, citation: str, doc_id: str, section_id: str,
          section: str = "", choices: list[SectionChoice] | None = None) -> dict[str, str]:
    """The form's values; a section picked by title (`section` = "doc_id|section_id") sets the ids and, when
    the citation is left empty, the citation."""
    chosen = find_choice(choices or [], section) if section else None
    if chosen is not None:
        doc_id, section_id = chosen.doc_id, chosen.section_id
        citation = citation.strip() or chosen.citation
    elif "|" in section:  # kept as it was (a section no longer listed)
        doc_id, section_id = section.split("|", 1)
    return {"question": question, "answer": answer, "citation": citation, "doc_id": doc_id, "section_id": section_id}


def _choices(state: WebState) -> list[SectionChoice]:
    try:
        with Session(state.get_engine()) as session:
            return section_choices(session)
    except Exception:  # the form still works with typed ids
        logger.exception("web: could not list sections")
        return []


@router.get("")
def approved_list(request: Request, status: str = "", format: str = "",
                  _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        items = crud.list_approved(session, status=status if status in STATUSES else None)
    if format in EXPORT_FORMATS:
        rows = [[a.id, a.status, a.question, a.answer, a.citation, a.doc_id, a.section_id, a.created_by,
                 local_iso(a.created_at), a.updated_by, local_iso(a.updated_at)] for a in items]
        return export_response(format, "approved", EXPORT_HEADERS, rows, "标准答案", kinds=EXPORT_KINDS)
    return render(request, "staff/approved_list.html", {"items": items, "status": status})


@router.get("/new")
def new_form(request: Request, query_id: str = "", question: str = "",
             _staff: str = Depends(require_staff)) -> Response:
    """Prefilled from a queued question: its wording, the assistant's answer to edit, its first source."""
    state = web_state(request)
    values = _form(question[:500], "", "", "", "")
    source: QueryRecord | None = None
    group: list[str] = []
    context = None
    if query_id:
        with Session(state.get_engine()) as session:
            source = session.get(QueryRecord, query_id[:32])
            if source is not None:
                values["question"], values["answer"] = source.question, source.answer
                if source.sources:
                    first: dict[str, Any] = source.sources[0]
                    values["doc_id"] = str(first.get("doc_id", ""))
                    values["section_id"] = str(first.get("section_id", ""))
                group = group_of(session, state.get_embedder(), source.id)
                context = previous_turns(session, [source.id]).get(source.id)
    return render(request, "staff/approved_form.html",
                  {"values": values, "record": None, "history": [], "query_id": query_id, "source": source,
                   "group_size": len(group), "context": context, "choices": _choices(state)})


@router.post("")
def create(request: Request, question: str = Form(""), answer: str = Form(""), citation: str = Form(""),
           doc_id: str = Form(""), section_id: str = Form(""), section: str = Form(""), query_id: str = Form(""),
           csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    choices = _choices(state)
    values = _form(question, answer, citation, doc_id, section_id, section, choices)
    try:
        data = ApprovedAnswerCreate.model_validate(values)
    except ValidationError as exc:
        return render(request, "staff/approved_form.html", {"values": values, "record": None, "history": [],
                      "query_id": query_id, "errors": _errors(exc), "choices": choices}, status_code=422)
    with Session(state.get_engine()) as session:
        answer_id = crud.create_approved(session, data, staff).id
        if query_id:  # the whole group of identical and near-identical questions is answered
            mark_reviewed_many(session, group_of(session, state.get_embedder(), query_id[:32]))
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
        rows = [[local_iso(h.at), ACTIONS.get(h.action, h.action), h.actor, h.question, h.answer, h.citation,
                 h.status] for h in history]
        return export_response(format, f"approved-{answer_id}-history", HISTORY_HEADERS, rows, "修改记录",
                               kinds=("time", None, None, None, None, None, "approved_status"))
    values = {name: getattr(record, name) or "" for name in FIELDS}
    return render(request, "staff/approved_form.html", {"values": values, "record": record, "history": history,
                  "actions": ACTIONS, "saved": bool(saved), "choices": _choices(state)})


@router.post("/{answer_id}")
def edit(request: Request, answer_id: int, question: str = Form(""), answer: str = Form(""),
         citation: str = Form(""), doc_id: str = Form(""), section_id: str = Form(""), section: str = Form(""),
         csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    choices = _choices(state)
    values = _form(question, answer, citation, doc_id, section_id, section, choices)
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
                          "history": history, "actions": ACTIONS, "errors": _errors(exc), "choices": choices},
                          status_code=422)
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
