"""WeCom 微信客服: URL check, the kf_msg_or_event callback, sync_msg against the stub (cursor kept, msgid de-dup)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from .conftest import WechatFake, query_rows
from .wx_stub import (
    CORP_ID,
    EXTERNAL_USER,
    OPEN_KFID,
    WECOM_AES_KEY,
    WECOM_TOKEN,
    ApiStub,
    Call,
    encrypt,
    sha1_sorted,
)


def _signed(encrypted: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), "384756"
    return {"msg_signature": sha1_sorted(WECOM_TOKEN, timestamp, nonce, encrypted), "timestamp": timestamp,
            "nonce": nonce}


def _callback(client: Any, token: str = "SYNC-TOKEN-1") -> Any:
    xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><CreateTime>{int(time.time())}</CreateTime>"
           "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
           f"<Token><![CDATA[{token}]]></Token><OpenKfId><![CDATA[{OPEN_KFID}]]></OpenKfId></xml>")
    encrypted = encrypt(xml, WECOM_AES_KEY, CORP_ID)
    body = f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    return client.post("/wechat/kf", params=_signed(encrypted), content=body.encode("utf-8"))


def _msg(msgid: str, content: str = "", msgtype: str = "text", origin: int = 3) -> dict[str, Any]:
    item: dict[str, Any] = {"msgid": msgid, "open_kfid": OPEN_KFID, "external_userid": EXTERNAL_USER,
                            "send_time": int(time.time()), "origin": origin, "msgtype": msgtype}
    if msgtype == "text":
        item["text"] = {"content": content}
    else:
        item[msgtype] = {"media_id": "m"}
    return item


def _cursor(engine: Engine, expected: str) -> str:
    """The stored cursor, once it equals `expected` (the pull stores it just after its last send) or after 5 s."""
    deadline = time.monotonic() + 5
    while True:
        with engine.connect() as conn:
            value = conn.execute(text("select cursor from wecom_cursors")).scalar()
        if value == expected or time.monotonic() > deadline:
            return str(value)
        time.sleep(0.05)


def _pages(stub: ApiStub, pages: dict[str, dict[str, Any]]) -> None:
    def sync(call: Call) -> dict[str, Any]:
        return {"errcode": 0, "errmsg": "ok", **pages[call.body.get("cursor", "")]}

    stub.replies["kf/sync_msg"] = sync


def test_url_check_returns_the_decrypted_echostr(client) -> None:
    echostr = encrypt("1616140317555161061", WECOM_AES_KEY, CORP_ID)
    response = client.get("/wechat/kf", params=_signed(echostr) | {"echostr": echostr})
    assert response.status_code == 200 and response.text == "1616140317555161061"
    forged = _signed(echostr) | {"echostr": echostr, "msg_signature": "0" * 40}
    assert client.get("/wechat/kf", params=forged).status_code == 403


def test_forged_callback_is_refused_and_pulls_nothing(client, stub: ApiStub) -> None:
    encrypted = encrypt("<xml><MsgType>event</MsgType></xml>", WECOM_AES_KEY, CORP_ID)
    params = _signed(encrypted) | {"msg_signature": sha1_sorted("nope", "1", "2", encrypted)}
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    assert client.post("/wechat/kf", params=params, content=body).status_code == 403
    time.sleep(0.2)
    assert stub.calls == []


def test_sync_msg_flow_keeps_the_cursor_and_answers_each_msgid_once(client, stub: ApiStub, fake: WechatFake,
                                                                    engine: Engine) -> None:
    _pages(stub, {
        "": {"next_cursor": "C1", "has_more": 1, "msg_list": [
            _msg("m1", "随迁子女怎么入学"),
            _msg("s1", "客服人员的回复", origin=5),
            _msg("m2", msgtype="image"),
        ]},
        "C1": {"next_cursor": "C2", "has_more": 0, "msg_list": [_msg("m1", "随迁子女怎么入学"), _msg("m3", "娃在哪个乡上学")]},
        "C2": {"next_cursor": "C3", "has_more": 0, "msg_list": [_msg("m3", "娃在哪个乡上学"), _msg("m4", "1")]},
    })
    assert _callback(client).text == "success"
    sent = stub.wait_for("kf/send_msg", 3)
    syncs = stub.to("kf/sync_msg")
    assert [c.body["cursor"] for c in syncs] == ["", "C1"]
    assert all(c.body["token"] == "SYNC-TOKEN-1" and c.body["open_kfid"] == OPEN_KFID for c in syncs)
    assert [(c.body["touser"], c.body["open_kfid"], c.body["msgtype"]) for c in sent] == [(EXTERNAL_USER, OPEN_KFID, "text")] * 3
    texts = [c.body["text"]["content"] for c in sent]
    assert texts[0].startswith("随迁子女凭居住证入学")
    assert texts[1].startswith("我目前只能看懂文字")
    assert "请回复数字选择：\n1. 关桥乡" in texts[2]
    assert _cursor(engine, "C2") == "C2"

    assert _callback(client, "SYNC-TOKEN-2").text == "success"
    sent = stub.wait_for("kf/send_msg", 4)
    assert stub.to("kf/sync_msg")[-1].body["cursor"] == "C2"
    assert sent[3].body["text"]["content"].startswith("随迁子女凭居住证入学")
    time.sleep(0.3)
    assert len(stub.to("kf/send_msg")) == 4
    assert [q for q, _ in fake.asked] == ["随迁子女怎么入学", "娃在哪个乡上学", "关桥乡新庄村"]
    assert {a.channel for _, a in fake.asked} == {"wechat-kf"} and query_rows(engine) == 3
    with engine.connect() as conn:
        stored = repr(conn.execute(text("select * from wechat_user_state")).all())
    assert EXTERNAL_USER not in stored
    assert _cursor(engine, "C3") == "C3"
