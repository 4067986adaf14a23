"""The Official Account over the real core (fake embedder): the reply is the core's answer, logged as wechat-oa."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot.app.runtime import build_runtime
from bot.models import QueryRecord
from bot.settings import Settings
from handlers.web import create_app

from .wx_stub import APP_ID, OPENID, TOKEN, Server, text_xml


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "wechat-real-core")
    settings = Settings(wechat_token=TOKEN, wechat_app_id=APP_ID, public_base_url="https://x.cn",
                        wechat_api_base_url="http://127.0.0.1:9/cgi-bin/", wechat_reply_budget_seconds=20)
    return settings, build_runtime(settings, show_progress=False)


def test_text_through_the_real_core(runtime) -> None:
    settings, rt = runtime
    app = create_app(settings, service=rt.core, engine=rt.engine, embedder=rt.embedder)
    with TestClient(app) as client:
        content = Server(client).reply(Server(client).post(text_xml("随迁子女上学要交额外的钱吗", 77)))["Content"]
        app.state.wechat.close()
    with Session(rt.engine) as session:
        row = session.exec(select(QueryRecord)).one()
    assert row.channel == "wechat-oa" and OPENID not in row.model_dump_json()
    assert len(content.encode("utf-8")) <= 2048
    assert content.startswith(row.answer.split("\n")[0][:20])
    assert "依据：《实施方案》" in content
