from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.approved.models import ApprovedAnswer, ApprovedAnswerHistory
from bot.models import QueryRecord
from bot.reports.periods import COUNTY_TZ
from bot.settings import Settings
from handlers.web import create_app
from retrieval.embedders import FakeEmbedder

from .conftest import PASSWORD, Clock, csrf_from, login
from .fakes import FULL_TEXT, FakeService

ANSWER_KEYS = {"question", "answer", "answered", "intent", "sources", "latency_ms", "query_id", "choices", "related",
               "parts", "outcome", "lookup", "asks"}


def _records(engine: Engine) -> list[QueryRecord]:
    with Session(engine) as session:
        return list(session.exec(select(QueryRecord)).all())


# -- families -----------------------------------------------------------------------------------


def test_ask_returns_the_answer_json(client: TestClient, service: FakeService, web_engine: Engine) -> None:
    page = client.get("/")
    assert page.status_code == 200
    visitor = client.cookies.get("hy_visitor")
    assert visitor and "HttpOnly" in page.headers["set-cookie"]
    response = client.post("/api/ask", json={"question": "外地户口的孩子怎么上学？"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == ANSWER_KEYS
    assert data["answer"] == "随迁子女凭居住证入学，学校不得另外收费。<b>注意</b>"
    assert data["sources"] == [{
        "doc_id": "hyx-2019-82", "section_id": "3.5.18", "heading": "改革随迁子女就学机制",
        "path": ["三、工作任务", "（五）完善学生就学保障体系，推进教育普惠公平"],
        "quote": "建立以居住证为主要依据的随迁子女入学政策。", "score": 0.9123, "kind": "policy",
        "citation": "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18.",
        "short": "《实施方案》三（五）18. 改革随迁子女就学机制", "full": "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》",
    }]
    assert data["parts"] == [{"t": "随迁子女凭居住证入学，学校不得另外收费。<b>注意</b>"}]
    assert (data["latency_ms"], data["choices"], data["related"]) == (12.3, [], ["随迁子女入学要收费吗？"])
    question, asker = service.asked[-1]
    assert (question, asker.channel, asker.user_id, asker.chat_type) == ("外地户口的孩子怎么上学？", "web", visitor, "web")
    [record] = _records(web_engine)
    assert (record.id, record.channel, record.intent) == (data["query_id"], "web", "migrant")
    assert record.user_key and record.user_key != visitor


def test_ask_sets_a_visitor_cookie_and_returns_choices(client: TestClient, service: FakeService) -> None:
    response = client.post("/api/ask", json={"question": "我家在哪个乡？"})
    assert response.status_code == 200
    none = {"doc_id": None, "section_id": None, "heading": None, "path": None}
    assert response.json()["outcome"] == "clarify"
    assert response.json()["choices"] == [{"label": "关桥乡", "reply": "关桥乡新庄村", **none}, {"label": "海城镇", "reply": "海城镇", **none}]
    first = client.cookies.get("hy_visitor")
    client.post("/api/ask", json={"question": "火星上有学校吗"})
    assert first and service.asked[0][1].user_id == service.asked[1][1].user_id == first


@pytest.mark.parametrize(
    ("content", "headers", "status", "message"),
    [
        (b"not json", {"content-type": "application/json"}, 400, "不是有效的 JSON"),
        (b'{"question": "x"}', {"content-type": "text/plain"}, 400, "JSON 格式"),
        (b"", {"content-type": "application/json"}, 422, "请求内容为空"),
        (b"[1, 2]", {"content-type": "application/json"}, 422, "JSON 对象"),
        (b'{"question": "   "}', {"content-type": "application/json"}, 422, "请输入问题"),
        (b'{"question": 5}', {"content-type": "application/json"}, 422, "请输入问题"),
        (b'{"q": "x"}', {"content-type": "application/json"}, 422, "请输入问题"),
        ('{"question": "%s"}' % ("问" * 501), {"content-type": "application/json"}, 422, "500 字以内"),
        (b'{"question": "' + b"a" * 20000 + b'"}', {"content-type": "application/json"}, 413, "太大"),
    ],
)
def test_ask_rejects_bad_bodies(client: TestClient, service: FakeService, content, headers, status, message) -> None:
    body = content.encode() if isinstance(content, str) else content
    response = client.post("/api/ask", content=body, headers=headers)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert service.asked == []


def test_ask_rate_limit(settings: Settings, service: FakeService, web_engine: Engine) -> None:
    settings.rate_limit_per_minute = 2
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder())
    with TestClient(app) as client:
        codes = [client.post("/api/ask", json={"question": "两免一补"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_feedback(client: TestClient, service: FakeService) -> None:
    query_id = client.post("/api/ask", json={"question": "外地孩子上学"}).json()["query_id"]
    response = client.post("/api/feedback", json={"query_id": query_id, "helpful": False, "reason": "答非所问"})
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert service.feedbacks == [(query_id, False, "答非所问")]
    assert client.post("/api/feedback", json={"query_id": query_id, "helpful": True}).status_code == 200
    assert client.post("/api/feedback", json={"query_id": query_id, "helpful": "yes"}).status_code == 422
    assert client.post("/api/feedback", json={"query_id": "", "helpful": True}).status_code == 422
    assert client.post("/api/feedback", json={"query_id": query_id, "helpful": True, "reason": "x" * 201}).status_code == 422


def test_source(client: TestClient) -> None:
    data = client.get("/api/source/hyx-2019-82/3.5.18").json()
    assert data == {"citation": "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18.",
                    "heading": "改革随迁子女就学机制", "text": FULL_TEXT}
    missing = client.get("/api/source/nope/1")
    assert missing.status_code == 404 and "找不到" in missing.json()["detail"]


def test_chat_page_is_local_only(client: TestClient) -> None:
    page = client.get("/")
    assert '<textarea id="question"' in page.text and 'src="/static/chat.js"' in page.text
    assert "外地户口的孩子怎么在海原上学？" in page.text  # a topic example
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for url in ("/", "/static/style.css", "/static/chat.js", "/staff/login"):
        text = client.get(url).text
        assert not re.search(r"(src|href)=\"(https?:)?//", text), url
        assert "@import" not in text
        # CDN host names, not the bare letters "cdn" (a random CSRF token can contain them)
        assert not re.search(r"cdn[.-]|jsdelivr|unpkg|googleapis|bootcdn|staticfile", text, re.I), url


# -- the staff login wall -----------------------------------------------------------------------


def test_login_wall(client: TestClient) -> None:
    page = client.get("/staff/queue?status=new", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/staff/login?next=%2Fstaff%2Fqueue%3Fstatus%3Dnew"
    for url in ("/staff/api/stats", "/staff/queue?format=csv", "/staff/approved?format=xlsx"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 401, url
        assert "登录" in response.json()["detail"]
    assert client.get("/staff/", headers={"accept": "application/json"}).status_code == 401


def test_login_and_session_cookie(client: TestClient) -> None:
    page = client.get("/staff/login?next=/staff/queue")
    response = client.post("/staff/login", data={"password": PASSWORD, "name": "马老师",
                                                 "csrf_token": csrf_from(page.text), "next": "/staff/queue"},
                           follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/staff/queue")
    cookie = response.headers["set-cookie"]
    assert "hy_staff=" in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "path=/staff" in cookie.lower()
    dashboard = client.get("/staff/")
    assert dashboard.status_code == 200 and "退出（马老师）" in dashboard.text and "<svg" in dashboard.text
    assert client.get("/staff/login", follow_redirects=False).status_code == 303


def test_login_never_redirects_off_site(client: TestClient) -> None:
    page = client.get("/staff/login")
    response = client.post("/staff/login", data={"password": PASSWORD, "csrf_token": csrf_from(page.text),
                                                 "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/staff/"


def test_wrong_passwords_are_rate_limited(client: TestClient, clock: Clock) -> None:
    token = csrf_from(client.get("/staff/login").text)
    codes = [client.post("/staff/login", data={"password": f"wrong{i}", "csrf_token": token}).status_code
             for i in range(5)]
    assert codes == [401] * 5
    blocked = client.post("/staff/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) == 1  # a backoff (1 s, 2, 4 … capped at 15 min), not a lockout
    assert "次数过多" in blocked.text
    clock.now += 1
    allowed = client.post("/staff/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert allowed.status_code == 303


def test_login_needs_csrf(client: TestClient) -> None:
    client.get("/staff/login")
    assert client.post("/staff/login", data={"password": PASSWORD}).status_code == 403
    assert client.post("/staff/login", data={"password": PASSWORD, "csrf_token": "forged"}).status_code == 403


def test_staff_disabled_without_password(settings: Settings, service: FakeService, web_engine: Engine) -> None:
    settings.staff_password = type(settings.staff_password)("")
    app = create_app(settings, service=service, engine=web_engine, embedder=FakeEmbedder())
    with TestClient(app) as client:
        for url in ("/staff/login", "/staff/", "/staff/queue"):
            response = client.get(url, follow_redirects=False)
            assert response.status_code == 503, url
            assert "STAFF_PASSWORD" in response.text
        assert client.post("/staff/login", data={"password": ""}).status_code == 503
        assert client.get("/").status_code == 200


def test_logout(client: TestClient) -> None:
    token = login(client)
    assert client.post("/staff/logout", data={}).status_code == 403
    response = client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/staff/login")
    assert client.get("/staff/", follow_redirects=False).status_code == 303


# -- the queue ----------------------------------------------------------------------------------


def test_queue_mark_reviewed_with_csrf(client: TestClient, web_engine: Engine) -> None:
    client.post("/api/ask", json={"question": "火星上有学校吗<script>alert(1)</script>"})
    helpful_id = client.post("/api/ask", json={"question": "外地孩子上学"}).json()["query_id"]
    disliked_id = client.post("/api/ask", json={"question": "随迁子女入学"}).json()["query_id"]
    client.post("/api/feedback", json={"query_id": disliked_id, "helpful": False, "reason": "信息过时"})
    token = login(client)
    page = client.get("/staff/queue")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert" not in page.text
    assert "👎 1（信息过时）" in page.text and f"q-{helpful_id}" not in page.text
    declined = next(r for r in _records(web_engine) if not r.answered)

    url = f"/staff/queue/{declined.id}/reviewed"
    assert client.post(url, data={}).status_code == 403
    assert client.post(url, data={"csrf_token": "x" * 43}).status_code == 403
    assert client.post(url, headers={"accept": "application/json"}, data={}).status_code == 403
    response = client.post(url, data={"csrf_token": token, "back": "status=new&evil=1"}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/staff/queue?status=new")
    assert {r.id: r.status for r in _records(web_engine)}[declined.id] == "reviewed"
    assert client.post("/staff/queue/nope/reviewed", data={"csrf_token": token}).status_code == 404

    new_only = client.get("/staff/queue?status=new")
    assert f"q-{disliked_id}" in new_only.text and f"q-{declined.id}" not in new_only.text
    by_topic = client.get("/staff/queue?intent=general&channel=web&from=2000-01-01&to=2999-12-31")
    assert f"q-{declined.id}" in by_topic.text and f"q-{disliked_id}" not in by_topic.text
    assert f"q-{declined.id}" not in client.get("/staff/queue?to=2000-01-01").text
    assert "日期格式不对" in client.get("/staff/queue?from=yesterday").text


def test_exports(client: TestClient) -> None:
    client.post("/api/ask", json={"question": "=1+1 火星"})
    login(client)
    csv_response = client.get("/staff/queue?format=csv")
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="queue-' in csv_response.headers["content-disposition"]
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "编号,时间,渠道,主题,问题,回答,已回答,状态,评价,原因"
    assert ",'=1+1 火星," in lines[1]
    xlsx = client.get("/staff/queue?format=xlsx")
    assert xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("编号", "时间（北京时间）", "渠道", "主题", "问题", "回答", "已回答", "状态", "评价", "原因")
    assert rows[1][4] == "'=1+1 火星"  # guarded as in CSV
    assert rows[1][2:4] == ("网页", "政策综合") and rows[1][6:9] == ("否", "新", "未评价")  # labels for people
    created = _records(client.app.state.web.engine)[0].created_at  # type: ignore[attr-defined]
    assert rows[1][1] == created.replace(tzinfo=dt.UTC).astimezone(COUNTY_TZ).replace(tzinfo=None, microsecond=0)
    assert ",web,general," in lines[1] and lines[1].split(",")[1].endswith("+08:00")  # CSV: codes, ISO times
    groups = client.get("/staff/groups?days=30&format=csv").content.decode("utf-8-sig").splitlines()
    assert groups[:2] == ["次数,问题,主题,示例", "1,'=1+1 火星,general,'=1+1 火星"]
    daily = client.get("/staff/?format=csv").content.decode("utf-8-sig").splitlines()
    assert daily[0] == "日期,提问,已回答,general" and len(daily) == 31
    approved = client.get("/staff/approved?format=csv").content.decode("utf-8-sig").splitlines()
    assert approved == ["编号,状态,问题,答案,出处,文档,章节,创建人,创建时间,修改人,修改时间"]
    stats = client.get("/staff/api/stats").json()
    assert (stats["total"], stats["answered"], stats["queue_new"]) == (1, 0, 1)


# -- approved answers ---------------------------------------------------------------------------


def test_approved_create_edit_retract_with_history(client: TestClient, web_engine: Engine) -> None:
    declined = client.post("/api/ask", json={"question": "火星上有学校吗"}).json()["query_id"]
    token = login(client, name="马老师")
    form = client.get(f"/staff/approved/new?query_id={declined}")
    assert "火星上有学校吗</textarea>" in form.text and f'name="query_id" value="{declined}"' in form.text

    fields = {"question": "火星上有学校吗", "answer": "海原县没有火星上的学校。", "citation": "《方案》三（五）18.",
              "doc_id": "", "section_id": "", "query_id": declined}
    assert client.post("/staff/approved", data=fields).status_code == 403
    invalid = client.post("/staff/approved", data={**fields, "answer": " ", "csrf_token": token})
    assert invalid.status_code == 422 and "答案 不能为空" in invalid.text
    created = client.post("/staff/approved", data={**fields, "csrf_token": token}, follow_redirects=False)
    assert created.status_code == 303
    answer_id = int(re.search(r"/staff/approved/(\d+)", created.headers["location"]).group(1))
    assert {r.id: r.status for r in _records(web_engine)}[declined] == "reviewed"

    login(client, name="李主任")
    token = csrf_from(client.get("/staff/").text)
    edit = {**fields, "answer": "火星上没有学校；请咨询县教育局。", "csrf_token": token}
    assert client.post(f"/staff/approved/{answer_id}", data={**edit, "csrf_token": ""}).status_code == 403
    assert client.post(f"/staff/approved/{answer_id}", data=edit, follow_redirects=False).status_code == 303
    assert client.post(f"/staff/approved/{answer_id}/retract", data={}).status_code == 403
    retract = client.post(f"/staff/approved/{answer_id}/retract", data={"csrf_token": token}, follow_redirects=False)
    assert retract.status_code == 303
    assert client.post("/staff/approved/999/retract", data={"csrf_token": token}).status_code == 404

    with Session(web_engine) as session:
        record = session.get(ApprovedAnswer, answer_id)
        history = session.exec(select(ApprovedAnswerHistory).order_by(ApprovedAnswerHistory.id)).all()
    assert record is not None
    assert (record.status, record.answer, record.created_by, record.updated_by) == (
        "retracted", "火星上没有学校；请咨询县教育局。", "马老师", "李主任")
    assert [(h.action, h.actor) for h in history] == [("created", "马老师"), ("edited", "李主任"), ("retracted", "李主任")]

    page = client.get(f"/staff/approved/{answer_id}")
    assert "（已撤回）" in page.text and "马老师 新建" in page.text and "李主任 撤回" in page.text
    assert "撤回这条标准答案" not in page.text
    listing = client.get("/staff/approved?status=retracted")
    assert "火星上有学校吗" in listing.text
    assert "火星上有学校吗" not in client.get("/staff/approved?status=active").text
    history_csv = client.get(f"/staff/approved/{answer_id}?format=csv").content.decode("utf-8-sig").splitlines()
    assert history_csv[0] == "时间,操作,操作人,问题,答案,出处,状态" and len(history_csv) == 4
    exported = client.get("/staff/approved?format=xlsx")
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == (answer_id, "已撤回", "火星上有学校吗")
    assert rows[0][8] == "创建时间（北京时间）" and isinstance(rows[1][8], dt.datetime)
    assert client.get("/staff/approved/999").status_code == 404


def test_approved_changes_notify_the_service(client: TestClient, service: FakeService) -> None:
    calls: list[int] = []
    service.approved_changed = lambda: calls.append(1)  # type: ignore[attr-defined]
    token = login(client)
    client.post("/staff/approved", data={"question": "q", "answer": "a", "csrf_token": token})
    assert calls == [1]


def test_groups_page(client: TestClient) -> None:
    for question in ("随迁子女入学需要居住证吗？", "隨遷子女入學需要居住證嗎？", "两免一补是什么"):
        client.post("/api/ask", json={"question": question})
    login(client)
    page = client.get("/staff/groups?days=7")
    assert page.status_code == 200
    counts = re.findall(r'<td data-label="次数" class="num-col">(\d+)</td>', page.text)
    assert counts == ["2", "1"]
