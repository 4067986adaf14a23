"""Fixtures of the WeChat tests: the web app with the WeChat channels over SQLite, a fake core, the API stub."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from web.fakes import FakeService  # tests/handlers is on sys.path (rootdir of the test packages)

from bot.answer import Answer, Asker
from bot.models import QueryRecord
from bot.settings import Settings
from handlers.web import create_app
from retrieval.embedders import FakeEmbedder

from .wx_stub import (
    AES_KEY,
    APP_ID,
    APP_SECRET,
    CORP_ID,
    OPEN_KFID,
    TOKEN,
    WECOM_AES_KEY,
    WECOM_TOKEN,
    ApiStub,
    Server,
)

LONG_SENTENCE = "随迁子女凭居住证和务工证明到居住地所在学区的学校报名，学校按划片范围统筹安排入学。"


class WechatFake(FakeService):
    """The web fake plus: a slow question (waits for `release`), a long answer, a counter of calls."""

    def __init__(self, engine: Engine, spool: Path) -> None:
        super().__init__(engine, spool)
        self.release = threading.Event()
        self.slow_seconds = 0.0
        self._lock = threading.Lock()

    def ask(self, question: str, asker: Asker) -> Answer:
        if "慢" in question:  # held until the test releases it, or slow_seconds at most
            self.release.wait(self.slow_seconds)
        if "很长" in question:
            with self._lock:
                self.asked.append((question, asker))
            answer = Answer(question=question, text=LONG_SENTENCE * 40, answered=True, intent="migrant")
            self.log.record(answer, asker, question)
            return answer
        with self._lock:
            return super().ask(question, asker)


@pytest.fixture
def stub() -> Iterator[ApiStub]:
    api = ApiStub()
    yield api
    api.close()


@pytest.fixture
def wx_settings(tmp_path: Path, stub: ApiStub) -> Settings:
    return Settings(data_dir=tmp_path / "data", wechat_token=TOKEN, wechat_app_id=APP_ID, wechat_app_secret=APP_SECRET,
                    wechat_api_base_url=stub.base_url, wechat_reply_budget_seconds=20.0, wechat_api_timeout_seconds=5,
                    wecom_corp_id=CORP_ID, wecom_secret="wecom-secret", wecom_token=WECOM_TOKEN,
                    wecom_aes_key=WECOM_AES_KEY, wecom_open_kfid=OPEN_KFID, wecom_api_base_url=stub.base_url,
                    public_base_url="https://zhushou.example.cn", user_key_secret="wechat-test-secret",
                    rate_limit_per_minute=100, web_session_secret="s")


@pytest.fixture
def fake(engine: Engine, tmp_path: Path) -> WechatFake:
    return WechatFake(engine, tmp_path / "spool" / "queries.jsonl")


def make_client(settings: Settings, service: object, engine: Engine) -> TestClient:
    return TestClient(create_app(settings, service=service, engine=engine, embedder=FakeEmbedder()))  # type: ignore[arg-type]


@pytest.fixture
def client(wx_settings: Settings, fake: WechatFake, engine: Engine) -> Iterator[TestClient]:
    with make_client(wx_settings, fake, engine) as test_client:
        yield test_client
        test_client.app.state.wechat.close()  # type: ignore[attr-defined]


@pytest.fixture
def plain(client: TestClient) -> Server:
    return Server(client)


@pytest.fixture
def safe(wx_settings: Settings, fake: WechatFake, engine: Engine) -> Iterator[Server]:
    settings = wx_settings.model_copy(update={"wechat_aes_key": wx_settings.wechat_aes_key.__class__(AES_KEY)})
    with make_client(settings, fake, engine) as test_client:
        yield Server(test_client, aes_key=AES_KEY)
        test_client.app.state.wechat.close()  # type: ignore[attr-defined]


def query_rows(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(QueryRecord)).one())
