"""Fixtures of the web tests: the app over a temporary SQLite database and a fake service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import bot.approved.models  # noqa: F401  (registers the approved-answer tables)
from bot.settings import Settings
from handlers.web import create_app
from retrieval.embedders import FakeEmbedder

from .fakes import FakeService

PASSWORD = "correct horse 海原"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def web_engine(engine: Engine) -> Engine:
    SQLModel.metadata.create_all(engine)
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", staff_password=PASSWORD, web_session_secret="web-test-secret",
                    rate_limit_per_minute=100)


@pytest.fixture
def service(web_engine: Engine, tmp_path: Path) -> FakeService:
    return FakeService(web_engine, tmp_path / "spool" / "queries.jsonl")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(settings: Settings, service: FakeService, web_engine: Engine, clock: Clock) -> Iterator[TestClient]:
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder(), clock=clock)
    with TestClient(app) as test_client:
        yield test_client


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, name: str = "马老师") -> str:
    """Log in; returns the session's CSRF token."""
    page = client.get("/staff/login")
    response = client.post("/staff/login", data={"password": PASSWORD, "name": name, "csrf_token": csrf_from(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/staff/").text)
