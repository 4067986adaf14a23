"""The family page on a phone (360×740) and the staff queue on a desktop, in headless Chromium.

Family: the start of a long answer shown, a question kept through a bad connection (offline, time-out, 重试),
phone numbers as tel: links, 👎 recorded at once, the counter near the limit. Staff: 25 repeats as one group,
approving an answer clears it, the XLSX in Chinese and Beijing time. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.answer import Answer, Asker, Source
from bot.models import Feedback, FeedbackCreate, QueryCreate, QueryRecord
from bot.querylog import crud
from bot.redact import redact
from bot.reports.periods import COUNTY_TZ
from bot.settings import Settings
from handlers.web import create_app
from knowledge.models import Document, Section
from retrieval.embedders import FakeEmbedder

from .conftest import PASSWORD
from .fakes import DOC_ID, HEADING, PATH, SECTION_ID, FakeService
from .test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _free_port, _require_chromium

pytestmark = pytest.mark.browser

PLAN = "海原县统筹推进县域内城乡义务教育一体化改革发展实施方案"
PHONE = "0955-5012345"
FIRST_LINE = "按划片资料，关桥乡新庄村对应的学校是："
REPEATED = "那初中呢？"


def _long_answer(question: str) -> Answer:
    lines = [FIRST_LINE, f"小学：新庄小学（可寄宿），联系电话 {PHONE}", "（示例数据，请以教育局公布为准）",
             "来源：海原县学校数据 zones.csv、schools.csv（示例数据）", ""]
    lines += [f"根据《{PLAN}》：第{n}条，义务教育实行划片就近入学，具体以当年教育局公布的划片范围为准。" for n in range(1, 31)]
    lines.append(f"来源：《{PLAN}》三（五）18. 改革随迁子女就学机制")
    source = Source(DOC_ID, SECTION_ID, HEADING, list(PATH), "义务教育实行划片就近入学。", 0.9,
                    citation=f"《{PLAN}》三（五）18. 改革随迁子女就学机制")
    return Answer(question=question, text="\n".join(lines), answered=True, intent="zone", sources=[source])


class LongService(FakeService):
    def ask(self, question: str, asker: Asker) -> Answer:
        if "新庄村" not in question:
            return super().ask(question, asker)
        self.asked.append((question, asker))
        answer = _long_answer(question)
        self.log.record(answer, asker, question)
        return answer


def _seed_documents(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Document(doc_id=DOC_ID, title=PLAN, issued="2019-08-26", number="海政发〔2019〕82号"))
        session.add(Section(doc_id=DOC_ID, section_id=SECTION_ID, heading="18.改革随迁子女就学机制",
                            heading_s="18.改革随迁子女就学机制", path=list(PATH), path_s=list(PATH), position=1))
        session.commit()


def _seed_queue(engine: Engine) -> list[str]:
    """25 repeats of one follow-up (the first after a zone question), and a 👎 on small talk."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with Session(engine) as session:
        context = crud.create_query(session, QueryCreate(
            created_at=now, channel="wechat-oa", intent="zone", question="关桥乡新庄村的娃上哪个学校",
            answer="小学：新庄小学", user_key="u1"))
        ids = []
        for n in range(25):
            record = crud.create_query(session, QueryCreate(
                created_at=now + dt.timedelta(minutes=n + 1), channel="web" if n % 2 else "wechat-oa",
                intent="zone", answered=False, question=REPEATED, answer="请告诉我您家住在哪个乡镇、哪个村。",
                user_key=f"u{n + 1}", previous_id=context.id if n == 0 else ""))
            ids.append(record.id)
        chat = crud.create_query(session, QueryCreate(created_at=now, channel="terminal", intent="chitchat",
                                                      question="你好", answer="您好！"))
        crud.create_feedback(session, FeedbackCreate(query_id=chat.id, helpful=False))
    return ids


@pytest.fixture
def server(web_engine: Engine, tmp_path: Path) -> Iterator[str]:
    _require_chromium()
    _seed_documents(web_engine)
    redact("我叫马小明")  # the redactor's word lists load once (seconds), not inside a timed browser step
    settings = Settings(data_dir=tmp_path / "data", staff_password=PASSWORD, web_session_secret="browser-secret",
                        rate_limit_per_minute=100)
    service = LongService(web_engine, tmp_path / "spool" / "queries.jsonl")
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


def _records(engine: Engine, question: str) -> list[QueryRecord]:
    with Session(engine) as session:
        return list(session.exec(select(QueryRecord).where(QueryRecord.question == question)).all())


def _wait_for(check, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_family_page_on_a_phone(server: str, web_engine: Engine) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.add_init_script("window.HY_ASK_TIMEOUT_MS = 3000;")
            page.goto(server + "/")

            # 1. the start of a long answer is shown, not its end
            page.fill("#question", "关桥乡新庄村的娃上哪个学校")
            page.keyboard.press("Enter")
            answer = page.locator(".msg.bot").last
            expect(answer.locator(".feedback")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollHeight") > 3 * 740  # long enough to matter
            first = page.evaluate("""() => {
                const text = document.querySelectorAll('.msg.bot .text');
                const box = text[text.length - 1];
                const range = document.createRange();
                range.setStart(box.firstChild, 0); range.setEnd(box.firstChild, 5);
                const r = range.getBoundingClientRect();
                return {top: r.top, bottom: r.bottom, bar: document.getElementById('ask').getBoundingClientRect().top};
            }""")
            assert first["top"] >= 0 and first["bottom"] <= first["bar"], first
            expect(answer.locator(".text")).to_contain_text(FIRST_LINE)

            # 2. citations short, the full title one tap away, 县学校资料, sample data marked once
            text = answer.locator(".text")
            shown = text.inner_text()  # what is rendered (the full titles are hidden until tapped)
            assert PLAN not in shown and "csv" not in shown and "县学校资料" in shown
            assert shown.count("示例") == 1
            cite = text.locator("button.cite-short").first
            expect(cite).to_have_text("《实施方案》")
            cite.click()
            expect(text.locator(".cite-full").first).to_have_text(f"（全称：《{PLAN}》（海政发〔2019〕82号））")
            expect(answer.locator(".source summary")).to_have_text("《实施方案》三（五）18. 改革随迁子女就学机制")

            # 3. a phone number is a tel: link that never breaks
            tel = text.locator("a.tel")
            expect(tel).to_have_attribute("href", "tel:09555012345")
            expect(tel).to_have_text(PHONE)
            assert tel.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap"
            assert tel.evaluate("a => a.getClientRects().length") == 1  # one box: not broken over two lines

            # 4. 👎 is recorded at once; the reason is optional
            query_id = _records(web_engine, "关桥乡新庄村的娃上哪个学校")[0].id
            answer.get_by_role("button", name="👎 没帮助").click()
            expect(answer.locator(".feedback")).to_contain_text("已记下")
            expect(answer.get_by_role("button", name="跳过")).to_be_visible()

            def voted() -> bool:
                with Session(web_engine) as session:
                    votes = session.exec(select(Feedback).where(Feedback.query_id == query_id)).all()
                    return [(v.helpful, v.reason) for v in votes] == [(False, "")]

            assert _wait_for(voted)
            answer.get_by_role("button", name="跳过").click()
            expect(answer.locator(".feedback .thanks")).to_have_text("谢谢您的反馈！")

            # 5. offline: a Chinese message, the question kept, Enter loses nothing, 重试 sends it once back online
            question = "随迁子女入学要带什么材料"
            page.route("**/api/ask", lambda route: route.abort("internetdisconnected"))
            page.fill("#question", question)
            failed = page.locator(".msg.bot").nth(page.locator(".msg.bot").count())
            page.keyboard.press("Enter")
            expect(failed).to_have_class("msg bot error")
            expect(failed).to_contain_text("网络没有连上")
            expect(failed).not_to_contain_text("Failed")
            expect(page.locator("#question")).to_have_value(question)
            page.keyboard.press("Enter")  # still offline
            expect(page.locator("#question")).to_have_value(question)
            page.unroute("**/api/ask")
            failed.get_by_role("button", name="重试").click()
            expect(failed.locator(".text")).to_have_text("随迁子女凭居住证入学，学校不得另外收费。<b>注意</b>")
            expect(page.locator("#question")).to_have_value("")
            assert len(_records(web_engine, question)) == 1

            # 6. a request that never answers: progress, then a Chinese time-out and 重试; Enter keeps the text
            page.route("**/api/ask", lambda route: None)  # the request hangs
            slow = "两免一补包括哪些"
            page.fill("#question", slow)
            waiting = page.locator(".msg.bot").nth(page.locator(".msg.bot").count())
            page.keyboard.press("Enter")
            expect(waiting.locator(".spinner")).to_be_visible()
            assert waiting.locator(".spinner").evaluate("s => getComputedStyle(s).animationName") == "spin"
            expect(waiting).to_contain_text("正在查找……")
            page.keyboard.press("Enter")  # pending: nothing cleared
            expect(page.locator("#hint")).to_contain_text("还在查找中")
            expect(page.locator("#question")).to_have_value(slow)
            expect(waiting).to_contain_text("网络太慢，还没有收到回答", timeout=10000)
            page.unroute("**/api/ask")
            waiting.get_by_role("button", name="重试").click()
            expect(waiting.locator(".feedback")).to_be_visible()
            assert len(_records(web_engine, slow)) == 1

            # 7. the counter near the limit, and over it nothing is cut or sent
            page.fill("#question", "娃" * 480)
            expect(page.locator("#counter")).to_have_text("480/500 · 最多 500 字")
            page.fill("#question", "娃" * 520)
            expect(page.locator("#counter")).to_have_text("520/500 · 超出 20 字，请删短到 500 字以内再发送")
            users = page.locator(".msg.user").count()
            page.keyboard.press("Enter")
            expect(page.locator("#question")).to_have_value("娃" * 520)
            assert page.locator(".msg.user").count() == users
            assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling

            page.fill("#question", "")
            page.locator(".msg.bot").nth(0).scroll_into_view_if_needed()
            page.evaluate("window.scrollTo(0, document.querySelector('.msg.bot').getBoundingClientRect().top"
                          " + window.pageYOffset - 8)")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "family-phone.png"))
            assert (ARTIFACTS / "family-phone.png").stat().st_size > 5000
        finally:
            browser.close()


def test_staff_queue_groups_and_clears(server: str, web_engine: Engine) -> None:
    from playwright.sync_api import expect, sync_playwright

    ids = _seed_queue(web_engine)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            staff = browser.new_page(viewport={"width": 1280, "height": 900})
            staff.goto(server + "/staff/queue")
            staff.fill("input[name=name]", "马老师")
            staff.fill("input[name=password]", PASSWORD)
            staff.click("button[type=submit]")
            expect(staff).to_have_url(server + "/staff/queue")

            rows = staff.locator("table.queue tbody tr", has_text=REPEATED)
            expect(rows).to_have_count(1)
            group = rows.first
            expect(group.locator(".count")).to_have_text("25")
            expect(group).to_contain_text("上一轮 问：关桥乡新庄村的娃上哪个学校")
            expect(group).to_contain_text("未回答 25")
            expect(group).to_contain_text("入学划片 · 微信公众号、网页")
            table = staff.locator("table.queue").inner_text()
            for leak in ("web", "wechat", "chitchat", "terminal", "new", "False", "True", "zone"):
                assert leak not in table, leak
            assert "闲聊" in table and "终端" in table
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            staff.screenshot(path=str(ARTIFACTS / "staff-queue.png"), full_page=True)
            assert (ARTIFACTS / "staff-queue.png").stat().st_size > 5000

            group.get_by_role("link", name="写标准答案").click()
            expect(staff.locator("textarea[name=question]")).to_have_value(REPEATED)
            expect(staff.locator("textarea[name=answer]")).to_have_value("请告诉我您家住在哪个乡镇、哪个村。")
            expect(staff.locator("main")).to_contain_text("共 25 条")
            staff.select_option("select[name=section]", label="《实施方案》三（五）18. 改革随迁子女就学机制")
            staff.fill("textarea[name=answer]", "初中按乡镇划片：请说出您家所在的乡镇和村，我们告诉您对应的初中。")
            staff.get_by_role("button", name="保存").click()
            expect(staff.locator(".notice")).to_have_text("已保存。")
            expect(staff.locator("input[name=citation]")).to_have_value(f"《{PLAN}》三（五）18. 改革随迁子女就学机制")

            staff.goto(server + "/staff/queue?status=new")
            expect(staff.locator("table.queue tbody tr", has_text=REPEATED)).to_have_count(0)
            with Session(web_engine) as session:
                statuses = {r.id: r.status for r in session.exec(select(QueryRecord)).all()}
            assert {statuses[i] for i in ids} == {"reviewed"}

            download = staff.request.get(server + "/staff/queue?format=xlsx")
            sheet = load_workbook(io.BytesIO(download.body())).active
            rows_x = list(sheet.iter_rows(values_only=True))
            assert rows_x[0] == ("编号", "时间（北京时间）", "渠道", "主题", "问题", "回答", "已回答", "状态", "评价", "原因")
            by_id = {row[0]: row for row in rows_x[1:]}
            with Session(web_engine) as session:
                first = session.get(QueryRecord, ids[0])
                assert first is not None
                beijing = first.created_at.replace(tzinfo=dt.UTC).astimezone(COUNTY_TZ).replace(tzinfo=None, microsecond=0)
            assert by_id[ids[0]][1:4] == (beijing, "微信公众号", "入学划片")
            assert by_id[ids[0]][6:9] == ("否", "已处理", "未评价")
            values = {str(v) for row in rows_x[1:] for v in row[2:4] + row[6:9]}
            assert not values & {"web", "wechat-oa", "terminal", "chitchat", "zone", "new", "reviewed", "False"}
            assert "闲聊" in values and "👎 没帮助" in values
        finally:
            browser.close()
