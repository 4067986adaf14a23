"""Shared pieces of the routes: templates, the staff login wall, CSRF, filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.display import parts
from bot.reports.labels import label
from bot.reports.periods import COUNTY_TZ
from handlers.web.security import csrf_ok, csrf_token, staff_name
from handlers.web.sessions import active_staff
from handlers.web.state import WebState, web_state

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def local_time(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware datetime or ISO string shown in county time (Asia/Shanghai)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(COUNTY_TZ).strftime(fmt)


TEMPLATES.env.filters["local"] = local_time
TEMPLATES.env.filters["label"] = label  # {{ q.channel|label("channel") }}: Chinese labels (bot/data/labels.yaml)
TEMPLATES.env.filters["parts"] = parts  # {{ text|parts(documents) }}: short citations, phone links (macros.html)


class StaffDisabled(Exception):
    """STAFF_PASSWORD is empty."""


class StaffLoginRequired(Exception):
    """No staff session: HTML pages redirect to the login form, API and exports answer 401."""


class CsrfFailed(Exception):
    """A state-changing staff request without the session's CSRF token."""


def wants_json(request: Request) -> bool:
    if request.url.path.startswith(("/api/", "/staff/api/")):
        return True
    if request.query_params.get("format") in {"csv", "xlsx", "json"}:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def require_staff(request: Request) -> str:
    """The logged-in staff member's display name (dependency for every /staff page but the login)."""
    state = web_state(request)
    if not state.staff_enabled:
        raise StaffDisabled()
    name = active_staff(request, state.get_engine())  # revoked on logout, server-side
    if name is None:
        raise StaffLoginRequired()
    return name


def check_csrf(request: Request, token: str | None) -> None:
    if not csrf_ok(request, token or request.headers.get("x-csrf-token")):
        raise CsrfFailed()


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    state: WebState = request.app.state.web
    ctx: dict[str, Any] = {
        "staff": staff_name(request) if state.staff_enabled else None,
        "topic_labels": state.topic_labels,
        "documents": state.documents,
    }
    if ctx["staff"] is not None or name.startswith("staff/login"):
        ctx["csrf_token"] = csrf_token(request)
    ctx.update(context or {})
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/staff/login?next=" + quote(target, safe="")


def safe_next(target: str | None) -> str:
    """Only redirect back into the staff area (no open redirects)."""
    if target and target.startswith("/staff/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff/"
