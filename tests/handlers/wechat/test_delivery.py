"""Safe mode, the reply budget, over-long answers and their pages, and what the channel keeps (never the OpenID)."""

from __future__ import annotations

import re
import time

from sqlalchemy import text
from sqlalchemy.engine import Engine

from handlers.wechat.models import SENT

from .conftest import WechatFake, query_rows
from .wx_stub import ACCOUNT, APP_ID, OPENID, Server, decrypt, encrypt, sha1_sorted, text_xml


def test_independent_aes_agrees_with_itself() -> None:
    from .wx_stub import AES_KEY

    assert decrypt(encrypt("海原 xml", AES_KEY, APP_ID), AES_KEY) == ("海原 xml", APP_ID)


def test_text_in_safe_mode(safe: Server, fake: WechatFake) -> None:
    response = safe.post(text_xml("随迁子女怎么入学", 901))
    assert "<Encrypt>" in response.text and "随迁子女" not in response.text
    reply = safe.reply(response)  # decrypted with cryptography, signature checked
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert reply["Content"].startswith("随迁子女凭居住证入学")
    assert len(fake.asked) == 1


def test_safe_mode_rejects_a_bad_msg_signature_and_plain_bodies(safe: Server, fake: WechatFake, engine) -> None:
    from .wx_stub import AES_KEY

    encrypted = encrypt(text_xml("随迁子女", 902), AES_KEY, APP_ID)
    params = safe.params(encrypted) | {"msg_signature": sha1_sorted("x", "y", "z", encrypted)}
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    assert safe.client.post("/wechat/oa", params=params, content=body).status_code == 403
    plain_params = safe.params()  # a correct `signature`, but no encryption in safe mode
    assert safe.client.post("/wechat/oa", params=plain_params, content=text_xml("随迁子女", 903)).status_code == 403
    wrong_key = encrypt(text_xml("随迁子女", 904), "B" * 43, APP_ID)
    body = f"<xml><Encrypt><![CDATA[{wrong_key}]]></Encrypt></xml>"
    assert safe.client.post("/wechat/oa", params=safe.params(wrong_key), content=body).status_code == 403
    assert fake.asked == [] and query_rows(engine) == 0


def test_budget_exceeded_replies_success_and_sends_through_the_api(client, fake: WechatFake, stub, engine) -> None:
    client.app.state.wechat.settings.wechat_reply_budget_seconds = 0.3
    fake.slow_seconds = 30.0  # the answer is held until released: the passive reply cannot have waited for it
    server = Server(client)
    assert server.post(text_xml("慢一点回答随迁子女", 1001)).text == "success"
    assert server.post(text_xml("慢一点回答随迁子女", 1001)).text == "success"  # WeChat's retry
    assert stub.to("message/custom/send") == []
    fake.release.set()
    [call] = stub.wait_for("message/custom/send")
    assert call.query["access_token"] == "ACCESS-TOKEN"
    assert call.body["touser"] == OPENID and call.body["msgtype"] == "text"
    assert call.body["text"]["content"].startswith("随迁子女凭居住证入学")
    [token] = stub.to("token")
    assert token.query == {"grant_type": "client_credential", "appid": APP_ID, "secret": "wx-secret-never-logged"}
    time.sleep(0.3)
    assert len(stub.to("message/custom/send")) == 1 and len(fake.asked) == 1 and query_rows(engine) == 1
    with engine.connect() as conn:
        assert conn.execute(text("select status from wechat_messages")).scalars().all() == [SENT]


def test_unverified_account_gets_the_link_with_the_next_reply(client, fake: WechatFake, stub, engine) -> None:
    client.app.state.wechat.settings.wechat_reply_budget_seconds = 0.2
    stub.replies["message/custom/send"] = lambda call: {"errcode": 48001, "errmsg": "api unauthorized"}
    fake.slow_seconds = 30.0
    server = Server(client)
    assert server.post(text_xml("慢慢回答", 1101)).text == "success"
    fake.release.set()
    stub.wait_for("message/custom/send")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if conn.execute(text("select pending_link from wechat_user_state")).scalar():
                break
        time.sleep(0.05)
    # the next reply must come in time whatever the machine's load: only the first one was meant to run late
    client.app.state.wechat._oa.delivery.budget = 5.0
    content = server.reply(server.post(text_xml("随迁子女", 1102)))["Content"]
    match = re.match(r"上次的回答没能及时发给您，可以在这里查看：https://zhushou\.example\.cn/a/([\w-]+)\n随迁子女凭居住证", content)
    assert match, content
    page = client.get(f"/a/{match.group(1)}")
    assert page.status_code == 200 and "随迁子女凭居住证入学" in page.text


def test_over_long_answer_is_cut_with_a_link_to_the_full_page(plain: Server, engine: Engine) -> None:
    content = plain.reply(plain.post(text_xml("说得很长的问题，我叫马小明，电话13912345678", 1201)))["Content"]
    assert len(content.encode("utf-8")) <= 2048
    body, link, blank, hint = content.split("\n")
    assert blank == "" and hint.startswith("回复“有用”或“没用”")
    assert body.endswith("统筹安排入学。")  # cut at a sentence end
    match = re.fullmatch(r"完整回答：https://zhushou\.example\.cn/a/([A-Za-z0-9_-]{20,})", link)
    assert match, link
    page = plain.client.get(f"/a/{match.group(1)}")
    assert page.status_code == 200
    assert page.text.count("随迁子女凭居住证和务工证明") == 40
    assert "13912345678" not in page.text and "[手机号]" in page.text  # the question is redacted
    assert page.headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert plain.client.get("/a/not-a-real-page-id-000").status_code == 404


def test_the_channel_never_keeps_the_openid(plain: Server, engine: Engine) -> None:
    from .wx_stub import event_xml

    plain.reply(plain.post(text_xml("娃在哪个乡上学", 1301)))
    plain.reply(plain.post(text_xml("说得很长的问题", 1302)))
    plain.reply(plain.post(event_xml("subscribe", created=1700000100)))
    with engine.connect() as conn:
        dump = ""
        for table in ("wechat_messages", "wechat_user_state", "answer_pages", "queries"):
            rows = conn.execute(text(f"select * from {table}")).all()
            assert rows, table
            dump += repr(rows)
    assert OPENID not in dump and "openid" not in dump.lower()
