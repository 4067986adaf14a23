"""Fixtures: start the real PTB Application against the Bot API stub (helpers live in tg_stub.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from telegram.request import HTTPXRequest
from tg_stub import STAFF_ID, TOKEN, BotApiStub, FakeReports, FakeService, Harness

from bot.settings import Settings
from handlers.telegram import build_application

StartBot = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def start_bot() -> AsyncIterator[StartBot]:
    started: list[tuple[BotApiStub, Any]] = []

    stopped: set[int] = set()

    async def stop(stub: BotApiStub, app: Any) -> None:
        if id(app) in stopped:
            return
        stopped.add(id(app))
        try:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
                await app.post_shutdown(app)
            await app.shutdown()
        finally:
            stub.stop()

    async def start(*, with_reports: bool = True, stores_factory: Any = None, **overrides: Any) -> Harness:
        stub = BotApiStub(TOKEN)
        stub.start()
        values: dict[str, Any] = {
            "telegram_bot_token": TOKEN,
            "telegram_api_base_url": stub.base_url,
            "staff_telegram_ids": [STAFF_ID],
            "rate_limit_per_minute": 10,
        }
        values.update(overrides)
        settings = Settings(**values)
        service, reports = FakeService(), FakeReports()
        built: list[str] = []

        def service_factory(given: Settings) -> FakeService:
            assert given is settings
            built.append("service")
            return service

        def reports_factory(given: Settings) -> FakeReports:
            built.append("reports")
            return reports

        app = build_application(
            settings,
            service_factory,
            reports_factory if with_reports else None,
            request=HTTPXRequest(httpx_kwargs={"trust_env": False}),
            get_updates_request=HTTPXRequest(httpx_kwargs={"trust_env": False}),
            stores_factory=stores_factory,
        )
        app.bot_data.pace = 0.01
        started.append((stub, app))
        await app.initialize()
        await app.post_init(app)  # run_polling() would call it; with manual start-up we do
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        harness = Harness(stub, app, service, reports)
        harness.built = built
        harness.stop = lambda: stop(stub, app)  # a restart: stop this one, start another
        return harness

    yield start

    for stub, app in reversed(started):
        await stop(stub, app)


@pytest.fixture
async def tg(start_bot: StartBot) -> Harness:
    return await start_bot()
