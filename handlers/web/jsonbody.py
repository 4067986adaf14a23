"""Read a JSON object from a request body with every failure a clear 400/422, never a 500."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from bot.batch import messages
from bot.textsafety import has_lone_surrogate


def _error(key: str, status: int) -> JSONResponse:
    return JSONResponse({"detail": messages()["web"][key]}, status_code=status)


def _has_bad_text(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return has_lone_surrogate(value)
    if isinstance(value, dict):
        return any(_has_bad_text(k) or _has_bad_text(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_bad_text(v, depth + 1) for v in value)
    return False


async def json_object(request: Request) -> dict[str, Any] | JSONResponse:
    """The body as a dict, or the JSON error response to send (the size limit is enforced upstream)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return _error("not_json_type", 400)
    body = await request.body()
    if not body.strip():
        return _error("empty", 422)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _error("invalid_utf8", 400)
    try:
        data = json.loads(text)
    except RecursionError:
        return _error("too_deep", 400)
    except ValueError:
        return _error("invalid_json", 400)
    if not isinstance(data, dict):
        return _error("not_object", 422)
    try:
        if _has_bad_text(data):
            return _error("bad_characters", 422)
    except RecursionError:
        return _error("too_deep", 400)
    return data
