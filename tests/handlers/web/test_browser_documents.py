"""Headless Chromium over the real core (fake embedder): staff upload the sample notice, see its outline,
publish it and see it cited with its date through /api/ask; supersede it with a corrected version and see the
answer change; withdraw it and see it no longer cited; delete it and see it gone from `knowledge show` and
from retrieval."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bot.app.commands.knowledge import knowledge_payload
from bot.app.runtime import Runtime, build_runtime
from bot.settings import Settings
from handlers.web import create_app

from .conftest import PASSWORD
from .test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _free_port, _require_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
PLAN = ROOT / "knowledge" / "documents" / "000_8e01929cc9c29c4e.txt"
NOTICE = ROOT / "knowledge" / "documents" / "010_sample_notice_2026.txt"
QUESTION = "县城学校老师每学年到乡村学校交流轮岗的比例是多少"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Runtime, Path]]:
    _require_chromium()
    shipped = tmp_path / "documents"
    shipped.mkdir()
    shutil.copy(PLAN, shipped)  # only the plan ships: the notice arrives through the page
    corrected = tmp_path / "更正" / "招生入学通知（更正）.txt"
    corrected.parent.mkdir()
    corrected.write_text(NOTICE.read_text(encoding="utf-8").replace("15%", "18%").replace("2026年5月20日", "2026年6月10日"),
                         encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=shipped, embedder="fake", staff_password=PASSWORD,
                        web_session_secret="browser-documents-session-secret-0123456789", user_key_secret="browser-documents-user-key-0123456789", index_check_seconds=0,
                        rate_limit_per_minute=100)
    runtime = build_runtime(settings, show_progress=False)
    app = create_app(settings, service=runtime.core, engine=runtime.engine, embedder=runtime.embedder)
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", runtime, corrected
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


def _ask(page: Any, server: str) -> dict[str, Any]:
    response = page.request.post(server + "/api/ask", data={"question": QUESTION})
    assert response.ok, response.text()
    data: dict[str, Any] = response.json()
    return data


def test_staff_keep_documents_current_and_answers_follow(served: tuple[str, Runtime, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, runtime, corrected = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            before = _ask(page, server)
            assert "根据《实施方案》三（四）11.：" in before["answer"] and "10%" in before["answer"]  # one document: no date

            page.goto(server + "/staff/documents")
            page.fill("input[name=name]", "马老师")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page).to_have_url(server + "/staff/documents")
            page.set_input_files("input[type=file]", str(NOTICE))
            page.get_by_role("button", name="上传并预览").click()
            expect(page.locator("#status")).to_have_text("草稿")
            expect(page.locator("#outline")).to_contain_text("三、提高教师交流轮岗比例")
            expect(page.locator("#outline li")).to_have_count(6)
            expect(page.locator("#warnings")).to_contain_text("简称“通知”太笼统")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "documents-preview.png"), full_page=True)
            assert "15%" not in _ask(page, server)["answer"]  # a draft does not answer

            page.fill("input[name=short_title]", "招生入学通知")
            page.get_by_role("button", name="保存信息").click()
            expect(page.locator("#done")).to_contain_text("信息已保存")
            page.get_by_role("button", name="发布（开始用于回答）").click()
            expect(page.locator("#status")).to_have_text("现行有效")
            first_id = page.url.rsplit("/", 1)[-1].split("?")[0]

            published = _ask(page, server)
            assert "\n根据《招生入学通知》" in published["answer"]  # after the answer-first line
            assert "来源：《招生入学通知》（2026年5月20日）" in published["answer"]  # the date on the source line
            assert "15%" in published["answer"] and "此前的规定（《实施方案》（2019年8月26日）" in published["answer"]
            assert [s["doc_id"] for s in published["sources"]][:2] == [first_id, "000_8e01929cc9c29c4e"]

            page.goto(server + "/staff/documents")
            page.set_input_files("input[type=file]", str(corrected))
            page.get_by_role("button", name="上传并预览").click()
            expect(page.locator("#warnings")).to_contain_text("可能与已有文件重复")
            page.fill("input[name=short_title]", "招生入学通知（更正）")
            page.get_by_role("button", name="保存信息").click()
            page.select_option("select[name=replaces]", first_id)
            page.get_by_role("button", name="替代").click()
            expect(page.locator("#status")).to_have_text("现行有效")
            second_id = page.url.rsplit("/", 1)[-1].split("?")[0]
            page.goto(server + "/staff/documents")
            expect(page.locator(f"tr[data-doc='{first_id}'] .status")).to_contain_text("已被替代")

            changed = _ask(page, server)
            assert "\n根据《招生入学通知（更正）》" in changed["answer"]
            assert "来源：《招生入学通知（更正）》（2026年6月10日）" in changed["answer"]
            assert "18%" in changed["answer"] and "15%" not in changed["answer"]

            page.goto(server + f"/staff/documents/{second_id}")
            page.get_by_role("button", name="废止（不再引用，保留记录）").click()
            expect(page.locator("#status")).to_have_text("已废止")
            withdrawn = _ask(page, server)
            assert "\n根据《实施方案》三（四）11.：" in withdrawn["answer"] and "18%" not in withdrawn["answer"]
            assert all(s["doc_id"] == "000_8e01929cc9c29c4e" for s in withdrawn["sources"])

            for doc_id in (second_id, first_id):
                page.goto(server + f"/staff/documents/{doc_id}")
                page.get_by_role("button", name="删除（从数据库和索引中移除）").click()
                expect(page).to_have_url(server + "/staff/documents?done=delete")
            expect(page.locator("#documents tbody tr")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "documents-list.png"), full_page=True)
            assert (ARTIFACTS / "documents-list.png").stat().st_size > 5000
        finally:
            browser.close()

    shown = {doc["doc_id"] for doc in knowledge_payload(runtime.engine)["documents"]}  # type: ignore[union-attr]
    assert shown == {"000_8e01929cc9c29c4e"}
    from bot.answer import Asker

    after = runtime.core.ask(QUESTION, Asker("web", "after-delete"))  # the next question reloads the index
    assert {source.doc_id for source in after.sources} == {"000_8e01929cc9c29c4e"}
    # even naming the deleted notice finds nothing of it (a withdrawn one would be found when named)
    hits = runtime.core.assistant.retriever.search("招生入学通知 交流轮岗比例 18% 15%", 8).hits
    assert {hit.section.doc_id for hit in hits if hit.section.kind == "policy"} == {"000_8e01929cc9c29c4e"}
