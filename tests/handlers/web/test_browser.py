"""End to end in headless Chromium (Debian's /usr/bin/chromium) against the app served by uvicorn."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.models import FeedbackCreate, QueryCreate
from bot.querylog import crud
from bot.settings import Settings
from handlers.web import create_app
from retrieval.embedders import FakeEmbedder

from .conftest import PASSWORD
from .fakes import FakeService

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TOPICS = ["migrant", "zone", "subsidy", "care", "teacher", "dropout"]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("Chromium not installed: apt-get install chromium")
    pytest.skip("Chromium not installed: apt-get install chromium")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed_history(engine: Engine) -> None:
    """A month of questions so that the dashboard chart has something to show."""
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session:
        for day in range(1, 30):
            for n in range((day * 7) % 5 + 1):
                intent = TOPICS[(day + n) % len(TOPICS)]
                record = crud.create_query(session, QueryCreate(
                    created_at=now - dt.timedelta(days=day, minutes=n), channel="telegram" if n % 2 else "web",
                    intent=intent, answered=(day + n) % 4 != 0, question=f"历史问题 {day}-{n}", answer="……",
                ))
                if n == 0:
                    crud.create_feedback(session, FeedbackCreate(query_id=record.id, helpful=day % 3 != 0,
                                                                 created_at=record.created_at))


@pytest.fixture
def server(web_engine: Engine, tmp_path: Path) -> Iterator[str]:
    _require_chromium()
    _seed_history(web_engine)
    settings = Settings(data_dir=tmp_path / "data", staff_password=PASSWORD, web_session_secret="browser-secret")
    service = FakeService(web_engine, tmp_path / "spool" / "queries.jsonl")
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder())
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


def test_family_asks_and_staff_answer(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            family = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
            family.goto(server + "/")
            expect(family.locator("h1")).to_have_text("义务教育政策问答")
            family.fill("#question", "外地户口的孩子怎么在海原上学？")
            family.click("#send")
            answer = family.locator(".msg.bot").last
            expect(answer.locator(".text")).to_have_text("随迁子女凭居住证入学，学校不得另外收费。<b>注意</b>")
            expect(answer.locator(".source summary")).to_have_text("《实施方案》三（五）18. 改革随迁子女就学机制")
            expect(answer.locator(".source .path")).to_contain_text("（五）完善学生就学保障体系")
            answer.locator(".source summary").click()
            expect(answer.locator(".source .full")).to_contain_text("学校不得向随迁子女收取有别于本地户籍学生的任何费用")
            answer.get_by_role("button", name="👎 没帮助").click()
            answer.get_by_role("button", name="答非所问").click()
            expect(answer.locator(".feedback .thanks")).to_have_text("谢谢您的反馈！")

            family.fill("#question", "火星上有学校吗")
            family.keyboard.press("Enter")
            expect(family.locator(".msg.bot").last.locator(".text")).to_have_text("抱歉，政策文件里没有找到相关内容。")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            family.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

            staff = browser.new_page(viewport={"width": 1280, "height": 900})
            staff.goto(server + "/staff/queue")
            expect(staff).to_have_url(server + "/staff/login?next=%2Fstaff%2Fqueue")
            staff.fill("input[name=name]", "马老师")
            staff.fill("input[name=password]", PASSWORD)
            staff.click("button[type=submit]")
            expect(staff).to_have_url(server + "/staff/queue")
            row = staff.locator("tr", has_text="火星上有学校吗")
            expect(row).to_contain_text("未回答")
            disliked = staff.locator("tr", has_text="外地户口的孩子怎么在海原上学？").filter(has_text="👎")
            expect(disliked).to_contain_text("👎 1（答非所问）")

            row.get_by_role("link", name="写标准答案").click()
            expect(staff.locator("textarea[name=question]")).to_have_value("火星上有学校吗")
            staff.fill("textarea[name=answer]", "海原县的义务教育学校都在本县境内；具体学校请查看入学划片。")
            staff.fill("input[name=citation]", "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（二）5.")
            staff.get_by_role("button", name="保存").click()
            expect(staff.locator(".notice")).to_have_text("已保存。")
            expect(staff.locator(".history")).to_contain_text("马老师 新建")

            staff.goto(server + "/staff/queue?status=new")
            expect(staff.locator("tr", has_text="火星上有学校吗")).to_have_count(0)

            staff.goto(server + "/staff/")
            expect(staff.locator("svg.chart rect").first).to_be_visible()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            staff.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
            assert (ARTIFACTS / "dashboard.png").stat().st_size > 5000
        finally:
            browser.close()
