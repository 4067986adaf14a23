"""Staff pages → 文件管理 through TestClient: login and CSRF on every change, upload → preview → publish →
supersede → withdraw → delete, each bad upload refused with a clear message and nothing stored."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session
from upload_files import NOTICE_TXT, PNG, blank_pdf, zip_bomb_docx

from bot.documents.lifecycle import history
from bot.staff.crud import add_account
from bot.staff.models import StaffAccountCreate
from knowledge.ingest.store import list_documents

from .conftest import PASSWORD, csrf_from, login


def _upload(client: TestClient, token: str, name: str, data: bytes) -> object:
    return client.post("/staff/documents/upload", data={"csrf_token": token}, files={"file": (name, data)},
                       follow_redirects=False)


def _statuses(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {doc.doc_id: doc.status for doc in list_documents(session)}


def test_pages_need_a_login_and_changes_need_the_csrf_token(client: TestClient, web_engine: Engine) -> None:
    response = client.get("/staff/documents", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
    login(client)
    response = client.post("/staff/documents/upload", data={"csrf_token": "forged"},
                           files={"file": ("通知.txt", NOTICE_TXT.encode())})
    assert response.status_code == 403 and "CSRF" in response.text
    assert _statuses(web_engine) == {}


def test_upload_preview_publish_supersede_withdraw_delete(client: TestClient, web_engine: Engine) -> None:
    token = login(client, "马老师")
    response = _upload(client, token, "通知.txt", NOTICE_TXT.encode())
    assert response.status_code == 303  # type: ignore[attr-defined]
    doc_id = response.headers["location"].rsplit("/", 1)[-1]  # type: ignore[attr-defined]
    page = client.get(f"/staff/documents/{doc_id}").text
    assert "草稿" in page and "一、第一件事" in page and "二、第二件事" in page and "结构预览（3 个条目）" in page
    assert "海教体发〔2026〕9号" in page and "简称“通知”太笼统" in page
    listing = client.get("/staff/documents").text
    assert "海原县教育体育局关于做好测试工作的通知" in listing and "马老师" in listing

    edit = {"title": "海原县教育体育局关于做好测试工作的通知", "short_title": "测试通知", "number": "海教体发〔2026〕9号",
            "issued": "2026年6月1日", "csrf_token": token}
    assert client.post(f"/staff/documents/{doc_id}/edit", data=edit, follow_redirects=False).status_code == 303
    assert client.post(f"/staff/documents/{doc_id}/publish", data={"csrf_token": token}).status_code == 200
    assert _statuses(web_engine) == {doc_id: "现行有效"}

    second = _upload(client, token, "更正.txt", NOTICE_TXT.replace("12%", "14%").encode())
    new_id = second.headers["location"].rsplit("/", 1)[-1]  # type: ignore[attr-defined]
    assert "可能与已有文件重复" in client.get(f"/staff/documents/{new_id}").text
    client.post(f"/staff/documents/{new_id}/supersede", data={"replaces": doc_id, "from_date": "", "csrf_token": token})
    assert _statuses(web_engine) == {doc_id: "已被替代", new_id: "现行有效"}
    conflict = client.post(f"/staff/documents/{new_id}/publish", data={"csrf_token": token})
    assert conflict.status_code == 409 and "只有草稿可以发布" in conflict.text
    client.post(f"/staff/documents/{new_id}/withdraw", data={"csrf_token": token})
    client.post(f"/staff/documents/{doc_id}/delete", data={"csrf_token": token})
    assert _statuses(web_engine) == {new_id: "已废止"}
    with Session(web_engine) as session:
        assert {(a.action, a.actor) for a in history(session)} == {
            ("upload", "马老师"), ("edit", "马老师"), ("publish", "马老师"), ("supersede", "马老师"), ("withdraw", "马老师"),
            ("delete", "马老师")}


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("大文件.txt", b"a" * (50 * 1024 * 1024), 413, "文件太大（超过 20 MB 上限），没有保存。"),
        ("加密.pdf", blank_pdf(password="secret"), 400, "这个 PDF 设有密码保护"),
        ("扫描件.pdf", blank_pdf(pages=2), 400, "这个 PDF 没有文字层（可能是扫描件或图片）"),
        ("通知.docx", zip_bomb_docx(200), 400, "疑似“压缩炸弹”，已拒绝"),
        ("通知.docx", blank_pdf(), 400, "文件扩展名是 .docx，但内容是PDF文件，两者不符"),
        ("照片.txt", PNG, 400, "文件扩展名是 .txt，但内容是图片文件"),
    ],
)
def test_each_bad_upload_gets_a_clear_message_and_nothing_is_stored(
    client: TestClient, web_engine: Engine, name: str, data: bytes, status: int, message: str
) -> None:
    token = login(client)
    response = _upload(client, token, name, data)
    assert response.status_code == status  # type: ignore[attr-defined]
    error = re.search(r'<p class="error" role="alert" id="upload-error">(.*?)</p>', response.text, re.S)  # type: ignore[attr-defined]
    assert error and message in error.group(1)
    assert _statuses(web_engine) == {}


def test_personal_accounts_log_in_with_their_own_password(client: TestClient, web_engine: Engine) -> None:
    with Session(web_engine) as session:
        add_account(session, StaffAccountCreate(name="李科长", password="李科长的密码123"))
    page = client.get("/staff/login")
    form = {"name": "李科长", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
    assert client.post("/staff/login", data=form, follow_redirects=False).status_code == 401  # not the shared one
    form["password"] = "李科长的密码123"
    assert client.post("/staff/login", data=form, follow_redirects=False).status_code == 303
    token = csrf_from(client.get("/staff/documents").text)
    _upload(client, token, "通知.txt", NOTICE_TXT.encode())
    with Session(web_engine) as session:
        assert [(a.action, a.actor) for a in history(session)] == [("upload", "李科长")]


def test_personal_accounts_open_the_staff_area_without_the_bootstrap_password(settings, service, web_engine) -> None:  # type: ignore[no-untyped-def]
    from handlers.web import create_app
    from retrieval.embedders import FakeEmbedder

    app = create_app(settings.model_copy(update={"staff_password": SecretStr("")}), service=service, engine=web_engine,
                     embedder=FakeEmbedder())
    with TestClient(app) as client:
        assert client.get("/staff/login").status_code == 503  # no STAFF_PASSWORD, no account: disabled
        with Session(web_engine) as session:
            add_account(session, StaffAccountCreate(name="李科长", password="李科长的密码123"))
        app.state.web._accounts_checked = -100.0  # as if ten seconds had passed
        page = client.get("/staff/login")
        assert page.status_code == 200
        form = {"name": "李科长", "password": "李科长的密码123", "csrf_token": csrf_from(page.text)}
        assert client.post("/staff/login", data=form, follow_redirects=False).status_code == 303
        assert client.get("/staff/documents").status_code == 200
