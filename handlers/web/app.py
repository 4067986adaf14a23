"""The web channel: a chat page for families and a staff area, in one FastAPI app."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from bot.service import AssistantService
from bot.settings import Settings
from handlers.web import approved, documents, hardening, public, staff
from handlers.web.deps import CsrfFailed, StaffDisabled, StaffLoginRequired, login_url, render, wants_json
from handlers.web.hardening import SecurityHeaders
from handlers.web.spread import SpreadConnections, WorkerLoads, create_loads, loads_path
from handlers.web.state import (
    EmbedderFactory,
    EngineFactory,
    ServiceFactory,
    SharedLimitersFactory,
    WebState,
    default_embedder,
    default_engine,
)
from retrieval.embedders import Embedder

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_MAX_AGE = 12 * 60 * 60

def create_app(
    settings: Settings,
    service_factory: ServiceFactory | None = None,
    engine_factory: EngineFactory | None = None,
    embedder_factory: EmbedderFactory | None = None,
    *,
    service: AssistantService | None = None,
    engine: Engine | None = None,
    embedder: Embedder | None = None,
    clock: Callable[[], float] = time.monotonic,
    login_max_failures: int = 5,
    login_window_seconds: float = 900.0,
    secure_cookies: bool | None = None,
    limiters_factory: SharedLimitersFactory | None = None,
) -> FastAPI:
    """Factories are called once, in the lifespan hook (or on the first request when the app runs
    without one): engine_factory(settings), embedder_factory(settings),
    service_factory(settings, engine, embedder) and limiters_factory(settings, engine) (rate limits
    shared by every worker; without it they are counted in this process). Objects passed as
    service/engine/embedder are used as they are (tests pass fakes)."""
    state = WebState(
        settings=settings,
        service_factory=service_factory,
        engine_factory=engine_factory or default_engine,
        embedder_factory=embedder_factory or default_embedder,
        service=service,
        engine=engine,
        embedder=embedder,
        clock=clock,
        login_max_failures=login_max_failures,
        login_window_seconds=login_window_seconds,
        limiters_factory=limiters_factory,
    )

    loads = _worker_loads(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(state.build)
        try:
            yield
        finally:
            state.close()
            if loads is not None:
                loads.close()

    app = FastAPI(title="海原县义务教育政策助手", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state
    app.add_middleware(
        SessionMiddleware,
        secret_key=state.session_secret,
        session_cookie="hy_staff",
        max_age=SESSION_MAX_AGE,
        path="/staff",
        same_site="lax",
        https_only=settings.resolved_staff_cookie_secure if secure_cookies is None else secure_cookies,
    )

    app.add_middleware(SecurityHeaders)

    # uploads over UPLOAD_MAX_MB are read (up to 4 times that) only to answer with a page that says so
    hardening.install(app, upload_limit=max(settings.upload_max_mb, 1) * 4 * 1024 * 1024)
    if loads is not None:
        app.add_middleware(SpreadConnections, loads=loads)

    @app.exception_handler(StaffDisabled)
    async def staff_disabled(request: Request, _exc: StaffDisabled) -> Response:
        message = "工作人员后台未启用：请管理员设置 STAFF_PASSWORD 后重启服务。"
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=503)
        return render(request, "message.html", {"title": "后台未启用", "message": message}, status_code=503)

    @app.exception_handler(StaffLoginRequired)
    async def login_required(request: Request, _exc: StaffLoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "请先登录工作人员后台。"}, status_code=401)
        return RedirectResponse(login_url(request), status_code=303)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        message = "页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重试。"
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        return render(request, "message.html", {"title": "请求被拒绝", "message": message}, status_code=403)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(str(err.get("loc", ["?"])[-1]) for err in exc.errors())
        return JSONResponse({"detail": f"请求内容不完整或格式不对：{fields}"}, status_code=422)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(public.router)
    app.include_router(staff.router)
    app.include_router(approved.router)
    app.include_router(documents.router)
    if settings.wechat_token.get_secret_value() or settings.wecom_corp_id:
        from handlers.wechat import mount_wechat

        mount_wechat(app, settings)
    return app


def _worker_loads(settings: Settings) -> WorkerLoads | None:
    """One of several workers: its slot in the file the parent wrote (`serve`), else None."""
    path = loads_path(settings.data_dir, settings.web_port)
    if settings.web_workers < 2 or not path.exists():
        return None
    try:
        return WorkerLoads(path)
    except OSError as exc:
        logger.warning("web: connections are not spread over the workers (%s)", type(exc).__name__)
        return None


def run(
    settings: Settings,
    service_factory: ServiceFactory | None = None,
    engine_factory: EngineFactory | None = None,
    embedder_factory: EmbedderFactory | None = None,
    **kwargs: object,
) -> None:
    """Serve the app with uvicorn on settings.web_host:settings.web_port, in this process (blocks)."""
    app = create_app(settings, service_factory, engine_factory, embedder_factory, **kwargs)  # type: ignore[arg-type]
    serve(app, settings)


def serve(app: FastAPI | str, settings: Settings, workers: int = 1) -> None:
    """Blocks. With workers > 1, `app` is the import string of an app factory ("module:function"): each
    worker process imports it and builds its own app and runtime in the lifespan."""
    import uvicorn

    if workers > 1 and not isinstance(app, str):
        raise ValueError("several workers need the app as an import string of a factory")
    logger.info("web: serving on http://%s:%d with %d worker(s)", settings.web_host, settings.web_port, workers)
    if workers > 1:
        create_loads(loads_path(settings.data_dir, settings.web_port), workers)
    uvicorn.run(app, host=settings.web_host, port=settings.web_port, log_level=settings.log_level.lower(),
                proxy_headers=True, forwarded_allow_ips=settings.trusted_proxies, workers=workers if workers > 1 else None,
                factory=isinstance(app, str))
