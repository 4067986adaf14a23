"""Telegram (stub Bot API, real core with the fake embedder): a clarifying question answered by typing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.request import HTTPXRequest
from tg_stub import STAFF_ID, TOKEN, BotApiStub, Harness

from bot.app.runtime import build_runtime
from bot.settings import Settings
from handlers.telegram import build_application


@pytest.fixture
async def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Harness]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "telegram-typed-choice-secret")
    stub = BotApiStub(TOKEN)
    stub.start()
    settings = Settings(
        telegram_bot_token=TOKEN, telegram_api_base_url=stub.base_url, staff_telegram_ids=[STAFF_ID], rate_limit_per_minute=30
    )
    runtime = build_runtime(settings, show_progress=False)
    app = build_application(
        settings,
        lambda given: runtime.core,
        None,
        request=HTTPXRequest(httpx_kwargs={"trust_env": False}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"trust_env": False}),
    )
    app.bot_data.pace = 0.01
    await app.initialize()
    await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield Harness(stub, app, runtime.core, None)  # type: ignore[arg-type]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.post_shutdown(app)
        await app.shutdown()
        stub.stop()


async def test_typed_township_and_number_answer_the_clarifying_question(real: Harness) -> None:
    call = await real.ask_and_wait("张湾村的娃上哪个学校")
    assert "关桥乡、西安镇" in call.text
    assert call.button_texts()[:2] == ["关桥乡", "西安镇"]
    answer = await real.ask_and_wait("关桥乡")  # typed, not tapped
    assert answer.text.startswith("关桥乡张湾村对口的学校：小学是关桥乡中心小学，初中是关桥乡中学")

    await real.ask_and_wait("张湾村的娃上小学去哪")
    answer = await real.ask_and_wait("2")
    assert answer.text.startswith("西安镇张湾村上小学对口西安镇园河小学")
