"""Telegram /stats and the web dashboard count days the same way: the county's (Asia/Shanghai) calendar day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import bot.approved.models  # noqa: F401  (the web app's tables)
from bot.models import QueryCreate
from bot.querylog import crud
from bot.reports import periods
from bot.reports.staff import QueryLogReports
from bot.settings import Settings
from handlers.telegram.staff import format_stats
from handlers.telegram.texts import load_texts
from handlers.web import create_app
from retrieval.embedders import FakeEmbedder

LATE_UTC = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)  # 07:30 on 11 March in Haiyuan
NOW = dt.datetime(2026, 3, 11, 0, 10, tzinfo=dt.UTC)  # 08:10 on 11 March in Haiyuan, still 10 March in UTC
PASSWORD = "pw-for-the-today-test"


class _Service:
    def topics(self) -> list[object]:
        return []


@pytest.fixture
def late_record(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        crud.create_query(session, QueryCreate(id="late", created_at=LATE_UTC, channel="telegram", intent="migrant",
                                               answered=True, question="随迁子女怎么入学", answer="回答"))
    monkeypatch.setattr(periods, "now_utc", lambda: NOW)
    return engine


def _web_stats(engine: Engine, tmp_path: Path) -> dict[str, object]:
    settings = Settings(data_dir=tmp_path / "data", staff_password=PASSWORD, web_session_secret="s" * 32)
    app = create_app(settings, service=_Service(), engine=engine, embedder=FakeEmbedder())  # type: ignore[arg-type]
    with TestClient(app) as client:
        page = client.get("/staff/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        client.post("/staff/login", data={"password": PASSWORD, "csrf_token": token.group(1)}, follow_redirects=False)
        response = client.get("/staff/api/stats")
        assert response.status_code == 200
        return response.json()


def test_telegram_stats_and_web_dashboard_share_the_county_day(late_record: Engine, tmp_path: Path) -> None:
    telegram_today = QueryLogReports(None, late_record, FakeEmbedder()).stats(1)
    web = _web_stats(late_record, tmp_path)

    assert telegram_today["total"] == 1  # UTC days would put it on 10 March, outside "today"
    assert telegram_today["by_day"] == [{"date": "2026-03-11", "count": 1, "answered": 1}]
    assert web["by_day"][-1] == {"date": "2026-03-11", "count": 1, "answered": 1}  # type: ignore[index]
    assert web["by_day"][-2] == {"date": "2026-03-10", "count": 0, "answered": 0}  # type: ignore[index]
    assert web["timezone"] == telegram_today["timezone"] == "Asia/Shanghai"
    text = format_stats(load_texts(), telegram_today, QueryLogReports(None, late_record, FakeEmbedder()).stats(7))
    assert "今天：提问 1 条" in text
