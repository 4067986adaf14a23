"""Staff pages → 文件管理: list, upload (a draft), preview, edit metadata, publish, supersede, withdraw, delete."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from bot.documents import lifecycle
from bot.documents.lifecycle import LifecycleError
from bot.documents.models import ACTION_LABELS
from handlers.web.deps import check_csrf, render, require_staff
from handlers.web.state import web_state
from knowledge.ingest.upload import UploadRejected
from knowledge.models import DRAFT, IN_FORCE, STATUSES

router = APIRouter(prefix="/staff/documents")
ACCEPT = ".docx,.pdf,.html,.htm,.txt,.md"
DONE = {"edit": "信息已保存", "publish": "已发布，开始用于回答", "supersede": "已替代旧文件", "withdraw": "已废止，不再引用"}


def _list_page(request: Request, error: str = "", status_code: int = 200) -> Response:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        rows = lifecycle.document_rows(session)
    return render(request, "staff/documents_list.html", {
        "rows": rows, "error": error, "accept": ACCEPT, "statuses": STATUSES,
        "max_mb": state.settings.upload_max_mb,
    }, status_code=status_code)


@router.get("")
def documents(request: Request, _staff: str = Depends(require_staff)) -> Response:
    return _list_page(request)


@router.post("/upload")
async def upload(request: Request, file: UploadFile = File(...), csrf_token: str = Form(""),
                 staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    limit = state.settings.upload_max_mb * 1024 * 1024
    data = await file.read(limit + 1)  # never more than the limit (plus one byte to tell) in memory
    await file.close()
    if len(data) > limit:
        return _list_page(request, f"文件太大（超过 {state.settings.upload_max_mb} MB 上限），没有保存。", 413)
    try:
        with Session(state.get_engine()) as session:
            preview = lifecycle.add_draft(session, state.settings.upload_dir, file.filename or "", data, staff, limit)
    except UploadRejected as exc:
        return _list_page(request, f"{file.filename}：{exc}没有保存任何内容，现有文件照常使用。", 400)
    return RedirectResponse(f"/staff/documents/{preview.document.doc_id}", status_code=303)


@router.get("/{doc_id}")
def detail(request: Request, doc_id: str, done: str = "", _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        try:
            preview = lifecycle.preview(session, doc_id[:120])
        except LifecycleError as exc:
            return render(request, "message.html", {"title": "找不到", "message": str(exc)}, status_code=404)
        others = [row for row in lifecycle.document_rows(session) if row["doc_id"] != doc_id and row["status"] == IN_FORCE]
    return render(request, "staff/documents_detail.html", {
        "p": preview, "doc": preview.document, "others": others, "labels": ACTION_LABELS, "done": DONE.get(done, ""),
        "draft": preview.document.status == DRAFT, "in_force": IN_FORCE,
    })


def _act(request: Request, doc_id: str, csrf_token: str, action: str, run: object) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    with Session(state.get_engine()) as session:
        try:
            run(session)  # type: ignore[operator]
        except LifecycleError as exc:
            return render(request, "message.html", {"title": "无法完成", "message": str(exc),
                                                    "back": f"/staff/documents/{doc_id}"}, status_code=409)
    target = "/staff/documents" if action == "delete" else f"/staff/documents/{doc_id}"
    return RedirectResponse(f"{target}?done={action}", status_code=303)


@router.post("/{doc_id}/edit")
def edit(request: Request, doc_id: str, title: str = Form(""), short_title: str = Form(""), number: str = Form(""),
         issued: str = Form(""), csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    return _act(request, doc_id, csrf_token, "edit", lambda s: lifecycle.edit_metadata(
        s, doc_id, staff, title=title, short_title=short_title, number=number, issued=issued))


@router.post("/{doc_id}/publish")
def publish(request: Request, doc_id: str, csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    return _act(request, doc_id, csrf_token, "publish", lambda s: lifecycle.publish(s, doc_id, staff))


@router.post("/{doc_id}/supersede")
def supersede(request: Request, doc_id: str, replaces: str = Form(""), from_date: str = Form(""),
              csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    return _act(request, doc_id, csrf_token, "supersede",
                lambda s: lifecycle.supersede(s, doc_id, replaces, staff, from_date))


@router.post("/{doc_id}/withdraw")
def withdraw(request: Request, doc_id: str, csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    return _act(request, doc_id, csrf_token, "withdraw", lambda s: lifecycle.withdraw(s, doc_id, staff))


@router.post("/{doc_id}/delete")
def delete(request: Request, doc_id: str, csrf_token: str = Form(""), staff: str = Depends(require_staff)) -> Response:
    return _act(request, doc_id, csrf_token, "delete", lambda s: lifecycle.delete(s, doc_id, staff))
