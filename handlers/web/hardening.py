"""Every response carries the security headers (errors too); request bodies are capped while they stream.

`BodySizeLimit` is a pure ASGI middleware: a declared Content-Length over the limit is refused before
reading, and a chunked body is counted message by message and refused (413) as soon as it passes the
limit, so a 400 MB upload is never buffered. `install(app)` adds it and a handler that turns any
unhandled exception into a JSON 500 with the headers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from bot.batch import messages

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
API_MAX_BYTES = 16 * 1024
FORM_MAX_BYTES = 1024 * 1024
UPLOAD_PATH = "/staff/documents/upload"


def security_headers(path: str) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    if path.startswith(("/staff", "/api/")):
        headers["Cache-Control"] = "no-store"
    return headers


def apply_headers(response: Response, path: str) -> Response:
    for name, value in security_headers(path).items():
        response.headers.setdefault(name, value)
    return response


class SecurityHeaders:
    """Pure ASGI: adds `security_headers(path)` to every response start that does not set them itself (what
    `apply_headers` does to a Response object, without wrapping the app in a BaseHTTPMiddleware: no extra
    task and no response re-streaming per request)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {bytes(name).lower() for name, _ in headers}
                for name, value in security_headers(path).items():
                    if name.lower().encode("latin-1") not in present:
                        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """Raised from `receive` once a streamed body passes its limit."""


def body_limit(path: str) -> int:
    return API_MAX_BYTES if path.startswith("/api/") else FORM_MAX_BYTES


class BodySizeLimit:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]],
                 limit_for: Callable[[str], int] = body_limit) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self.limit_for(path)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(path, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(path, send)

    async def _refuse(self, path: str, send: Send) -> None:
        body = json.dumps({"detail": messages()["web"]["too_large"]}, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        headers += [(k.lower().encode(), v.encode()) for k, v in security_headers(path).items()]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, upload_limit: int = 0) -> None:
    """The streaming body limit (outermost) and a JSON 500 with security headers for unhandled errors.
    `upload_limit` (bytes) is the ceiling of the staff document upload: a file over the upload size is still
    received up to it so that the page can say so; beyond it the body is refused here."""

    async def server_error(request: Request, exc: Exception) -> Response:
        logger.error("web: unhandled %s on %s", type(exc).__name__, request.url.path)
        if isinstance(exc, BodyTooLarge):
            return apply_headers(JSONResponse({"detail": messages()["web"]["too_large"]}, status_code=413), request.url.path)
        return apply_headers(JSONResponse({"detail": messages()["web"]["server_error"]}, status_code=500), request.url.path)

    app.add_exception_handler(Exception, server_error)
    app.add_exception_handler(BodyTooLarge, server_error)
    if upload_limit:
        app.add_middleware(BodySizeLimit, limit_for=lambda path: upload_limit if path == UPLOAD_PATH else body_limit(path))
    else:
        app.add_middleware(BodySizeLimit)
