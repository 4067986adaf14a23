"""The staff area: login, dashboard, question groups and the review queue."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlmodel import Session

from bot.models import QueryRecord
from bot.querylog.crud import mark_reviewed_many
from bot.reports.build import day_report, top_groups
from bot.reports.labels import label
from bot.reports.periods import day_start
from bot.reports.queue import distinct_values, group_of, queue_groups, queue_items
from handlers.web.charts import stacked_bars, topic_colors
from handlers.web.deps import StaffDisabled, check_csrf, render, require_staff, safe_next
from handlers.web.exports import EXPORT_FORMATS, export_response
from handlers.web.security import clean_name, client_ip, staff_name
from handlers.web.sessions import active_staff, end_session, start_session
from handlers.web.state import WebState, web_state

router = APIRouter(prefix="/staff")
DASHBOARD_DAYS = 30
QUEUE_FILTERS = ("from", "to", "intent", "channel", "status")


@router.get("/login")
def login_form(request: Request, next: str = "/staff/") -> Response:
    if not web_state(request).staff_enabled:
        raise StaffDisabled()
    if staff_name(request) and active_staff(request, web_state(request).get_engine()):
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "staff/login.html", {"next": safe_next(next)})


@router.post("/login")
def login(request: Request, password: str = Form(""), name: str = Form("staff"),
          csrf_token: str = Form(""), next: str = Form("/staff/")) -> Response:
    state = web_state(request)
    if not state.staff_enabled:
        raise StaffDisabled()
    ip = client_ip(request)
    wait = state.login_failures.retry_after(ip)
    if wait:
        context = {"next": safe_next(next), "error": f"密码错误次数过多，请 {wait} 秒后再试。"}
        return render(request, "staff/login.html", context, status_code=429, headers={"Retry-After": str(wait)})
    check_csrf(request, csrf_token)
    if not _verify(state, name, password):
        state.login_failures.failed(ip)
        return render(request, "staff/login.html", {"next": safe_next(next), "error": "密码不正确。", "name": name},
                      status_code=401)
    state.login_failures.succeeded(ip)
    start_session(request, state.get_engine(), name)
    return RedirectResponse(safe_next(next), status_code=303)


def _verify(state: WebState, name: str, password: str) -> bool:
    """A personal account (`python -m bot staff add NAME`) logs in with its own password; any other name with
    STAFF_PASSWORD, the bootstrap administrator's."""
    from bot.staff.crud import verify_account
    from bot.staff.models import StaffAccount

    with Session(state.get_engine()) as session:
        if session.get(StaffAccount, clean_name(name)) is not None:
            return verify_account(session, clean_name(name), password) is not None
    return state.password.verify(password)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form(""), _staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    end_session(request, web_state(request).get_engine())
    return RedirectResponse("/staff/login", status_code=303)


def _dashboard_report(request: Request) -> Any:
    state = web_state(request)
    with Session(state.get_engine()) as session:
        report = day_report(session, DASHBOARD_DAYS)
        waiting = len(queue_items(session, status="new", limit=10_000))
    return report, waiting


@router.get("/")
def dashboard(request: Request, format: str = "", _staff: str = Depends(require_staff)) -> Response:
    report, waiting = _dashboard_report(request)
    topics = list(report.by_intent)
    days = [day.date for day in report.by_day]
    if format in EXPORT_FORMATS:
        names = topics if format == "csv" else [label(t, "intent") for t in topics]
        headers = ["日期", "提问", "已回答", *names]
        rows = [[d.date, d.count, d.answered, *[report.by_day_intent.get(d.date, {}).get(t, 0) for t in topics]]
                for d in report.by_day]
        return export_response(format, "daily", headers, rows, "每日提问")
    chart = stacked_bars(days, report.by_day_intent, topics, {t: label(t, "intent") for t in topics})
    colors = topic_colors(topics)
    legend = [(label(t, "intent"), colors[t], report.by_intent[t]) for t in topics]
    return render(request, "staff/dashboard.html", {
        "report": report, "chart": chart, "legend": legend, "waiting": waiting, "days": DASHBOARD_DAYS,
    })


@router.get("/api/stats")
def stats(request: Request, _staff: str = Depends(require_staff)) -> Response:
    report, waiting = _dashboard_report(request)
    data = report.as_dict()
    data.pop("groups")
    data.pop("queue")
    data["queue_new"] = waiting
    return JSONResponse(data)


@router.get("/groups")
def groups(request: Request, days: int = 7, format: str = "", _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    days = min(max(days, 1), 365)
    with Session(state.get_engine()) as session:
        found = top_groups(session, state.get_embedder(), days=days, limit=50)
    if format in EXPORT_FORMATS:
        rows = [[g.count, g.representative, g.intent, g.examples] for g in found]
        return export_response(format, "groups", ["次数", "问题", "主题", "示例"], rows, "常问问题",
                               kinds=(None, None, "intent", None))
    return render(request, "staff/groups.html", {"groups": found, "days": days})


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/queue")
def queue(request: Request, _staff: str = Depends(require_staff)) -> Response:
    state = web_state(request)
    params = {key: request.query_params.get(key, "").strip()[:40] for key in QUEUE_FILTERS}
    first, last = _day(params["from"]), _day(params["to"])
    since = day_start(first) if first else None
    until = day_start(last + dt.timedelta(days=1)) if last else None
    filters: dict[str, Any] = {"since": since, "until": until, "intent": params["intent"] or None,
               "channel": params["channel"] or None, "status": params["status"] or None}
    fmt = request.query_params.get("format", "")
    with Session(state.get_engine()) as session:
        if fmt in EXPORT_FORMATS:
            items = queue_items(session, limit=5000, **filters)
        else:
            groups = queue_groups(session, state.get_embedder(), **filters)
        intents, channels = distinct_values(session, "intent"), distinct_values(session, "channel")
    if fmt in EXPORT_FORMATS:
        headers = ["编号", "时间", "渠道", "主题", "问题", "回答", "已回答", "状态", "评价", "原因"]
        kinds = (None, "time", "channel", "intent", None, None, "bool", "status", "helpful", None)
        if fmt == "csv":
            rows = [[q.id, q.created_at, q.channel, q.intent, q.question, q.answer, q.answered, q.status,
                     {True: "👍", False: "👎"}.get(q.helpful, ""), q.reason] for q in items]  # type: ignore[arg-type]
        else:
            rows = [[q.id, q.created_at, q.channel, q.intent, q.question, q.answer, q.answered, q.status,
                     q.helpful, q.reason] for q in items]
        return export_response(fmt, "queue", headers, rows, "待处理", kinds=kinds)
    query = urlencode({k: v for k, v in params.items() if v})
    return render(request, "staff/queue.html", {
        "groups": groups, "params": params, "intents": intents, "channels": channels, "filters": query,
        "bad_dates": bool((params["from"] and not first) or (params["to"] and not last)),
    })


@router.post("/queue/{query_id}/reviewed")
def reviewed(request: Request, query_id: str, csrf_token: str = Form(""), back: str = Form(""),
             _staff: str = Depends(require_staff)) -> Response:
    check_csrf(request, csrf_token)
    state = web_state(request)
    with Session(state.get_engine()) as session:
        ids = group_of(session, state.get_embedder(), query_id[:32])  # the whole group is cleared
        found = mark_reviewed_many(session, ids) > 0 or session.get(QueryRecord, query_id[:32]) is not None
    if not found:
        return render(request, "message.html", {"title": "找不到", "message": "没有这条提问。"}, status_code=404)
    keep = [(k, v) for k, v in parse_qsl(back) if k in QUEUE_FILTERS]
    return RedirectResponse("/staff/queue" + (f"?{urlencode(keep)}" if keep else ""), status_code=303)
