"""The web app over the real core (fake embedder): a question asked through `python -m bot ask` appears
in the staff queue; staff write an approved answer; the assistant then uses it, marked 教育局审核答复."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.answer import Asker
from bot.app.cli import main
from bot.app.runtime import build_runtime
from bot.settings import Settings
from handlers.web import create_app

from .conftest import PASSWORD, login

QUESTION = "驾照科目一咋约考"


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "web-real-core-secret-0123456789")
    settings = Settings(staff_password=PASSWORD, web_session_secret="web-real-core-session-0123456789")
    return settings, build_runtime(settings, show_progress=False)


def test_cli_question_reaches_the_queue_and_an_approved_answer_is_used(runtime) -> None:
    settings, rt = runtime
    out = io.StringIO()
    assert main(["ask", "--json", QUESTION], out=out, err=io.StringIO()) == 0
    assert '"answered": false' in out.getvalue()  # the sources do not cover driving licences

    app = create_app(settings, service=rt.core, engine=rt.engine, embedder=rt.embedder)
    with TestClient(app) as client:
        token = login(client)
        queue = client.get("/staff/queue")
        assert QUESTION in queue.text
        fields = {"question": QUESTION, "answer": "驾照考试请咨询县公安局车管所，教育局不办理。", "citation": "教育局答复",
                  "doc_id": "", "section_id": "", "csrf_token": token}
        assert client.post("/staff/approved", data=fields, follow_redirects=False).status_code == 303

        answer = rt.core.ask(QUESTION, Asker("web", "family"))
        assert answer.kind == "approved" and answer.answered
        assert answer.text.startswith("【教育局审核答复】驾照考试请咨询县公安局车管所")

        api = client.post("/api/ask", json={"question": "驾照科目一咋约考？"}).json()
        assert api["answered"] is True and api["answer"].startswith("【教育局审核答复】")
        unrelated = rt.core.ask("随迁子女上学要交额外的钱吗", Asker("web", "family"))
        assert unrelated.kind == "answer"
