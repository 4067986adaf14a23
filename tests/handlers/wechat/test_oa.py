"""The Official Account callback, played as WeChat's server plays it (plain mode unless said otherwise)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.models import QueryRecord
from bot.querylog.keys import user_key

from .conftest import WechatFake, query_rows
from .wx_stub import ACCOUNT, OPENID, TOKEN, Server, event_xml, message_xml, sha1_sorted, text_xml


def test_verification_returns_echostr_unchanged(plain: Server) -> None:
    params = plain.params() | {"echostr": "8374562093847562"}
    response = plain.client.get("/wechat/oa", params=params)
    assert response.status_code == 200 and response.text == "8374562093847562"


def test_forged_signatures_get_403_and_are_not_logged(plain: Server, fake: WechatFake, engine: Engine) -> None:
    params = plain.params() | {"echostr": "123"}
    assert plain.client.get("/wechat/oa", params=params | {"signature": "0" * 40}).status_code == 403
    assert plain.client.get("/wechat/oa", params={"echostr": "123"}).status_code == 403
    forged = plain.params() | {"signature": sha1_sorted("wrong-token", "1", "2")}
    assert plain.post(text_xml("随迁子女怎么入学", 1), forged).status_code == 403
    unsigned = {"timestamp": "1", "nonce": "2"}
    assert plain.post(text_xml("随迁子女怎么入学", 2), unsigned).status_code == 403
    assert fake.asked == [] and query_rows(engine) == 0


def test_text_in_plain_mode(plain: Server, fake: WechatFake, engine: Engine) -> None:
    reply = plain.reply(plain.post(text_xml("随迁子女怎么入学", 101)))
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT and reply["MsgType"] == "text"
    assert reply["Content"].startswith("随迁子女凭居住证入学")
    assert "依据：《…实施方案》三（五）18." in reply["Content"]
    assert "有用" in reply["Content"]
    assert [asker.channel for _, asker in fake.asked] == ["wechat-oa"]
    with Session(engine) as session:
        row = session.exec(select(QueryRecord)).one()
    assert row.channel == "wechat-oa"
    assert row.user_key == user_key("test-secret-not-the-default", "wechat-oa", OPENID)  # the fake's query log secret
    assert OPENID not in row.model_dump_json()


def test_cdata_terminator_in_an_answer_is_escaped(plain: Server, fake: WechatFake, monkeypatch) -> None:
    original = fake.ask

    def ask(question, asker):
        answer = original(question, asker)
        answer.text = "a]]>b 结束"
        return answer

    monkeypatch.setattr(fake, "ask", ask)
    reply = plain.reply(plain.post(text_xml("随迁子女", 102)))
    assert reply["Content"].startswith("a]]>b 结束")


def test_three_retries_of_one_msgid_ask_once_and_log_once(plain: Server, fake: WechatFake, engine: Engine) -> None:
    xml = text_xml("随迁子女怎么入学", 4242)
    contents = [plain.reply(plain.post(xml))["Content"] for _ in range(4)]
    assert len(set(contents)) == 1
    assert len(fake.asked) == 1 and query_rows(engine) == 1


def test_retries_during_a_slow_first_attempt_wait_for_it(plain: Server, fake: WechatFake, engine: Engine,
                                                          stub) -> None:
    import threading

    fake.slow_seconds = 0.8
    xml = text_xml("慢慢说随迁子女", 4343)
    results: list[str] = []

    def attempt() -> None:
        response = plain.post(xml)
        results.append(response.text if response.text == "success" else plain.reply(response)["Content"])

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 3 and len(set(results)) == 1 and results[0].startswith("随迁子女凭居住证入学")
    assert len(fake.asked) == 1 and query_rows(engine) == 1
    assert stub.to("message/custom/send") == []  # answered passively, never sent a second time


def test_voice_with_recognition_answers_the_recognised_text(plain: Server, fake: WechatFake) -> None:
    extra = "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[随迁子女咋上学]]></Recognition>"
    content = plain.reply(plain.post(message_xml("voice", 201, extra)))["Content"]
    assert content.startswith("（听到您说：“随迁子女咋上学”）\n随迁子女凭居住证入学")
    assert fake.asked[0][0] == "随迁子女咋上学"


def test_voice_without_recognition_image_and_video_ask_to_type(plain: Server, fake: WechatFake) -> None:
    voice = message_xml("voice", 202, "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format>")
    empty = message_xml("voice", 203, "<MediaId><![CDATA[m1]]></MediaId><Recognition><![CDATA[]]></Recognition>")
    image = message_xml("image", 204, "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[m2]]></MediaId>")
    location = message_xml("location", 205, "<Location_X>36.5</Location_X><Location_Y>105.6</Location_Y>")
    for xml in (voice, empty, image, location):
        assert plain.reply(plain.post(xml))["Content"].startswith("我目前只能看懂文字，请打字输入")
    assert fake.asked == []


def test_subscribe_welcomes_with_the_topics(plain: Server, fake: WechatFake) -> None:
    content = plain.reply(plain.post(event_xml("subscribe")))["Content"]
    assert content.startswith("您好！我是海原县义务教育政策助手。")
    assert "· 随迁子女" in content and "· 入学划片" in content
    assert fake.asked == []


def test_menu_click_gives_the_topic_overview(plain: Server) -> None:
    content = plain.reply(plain.post(event_xml("CLICK", "TOPIC_zone", created=1700000001)))["Content"]
    assert content == "【入学划片】\n按住址划片就近入学。\n可以这样问：\n· 我家孩子该上哪个学校？"


def test_other_events_get_success(plain: Server) -> None:
    assert plain.post(event_xml("unsubscribe", created=1700000002)).text == "success"
    assert plain.post(event_xml("VIEW", "https://x/", created=1700000003)).text == "success"


def test_a_typed_number_answers_a_clarification(plain: Server, fake: WechatFake) -> None:
    content = plain.reply(plain.post(text_xml("娃在哪个乡上学", 301)))["Content"]
    assert "请回复数字选择：\n1. 关桥乡\n2. 海城镇" in content
    assert "有用" not in content  # feedback is not offered beside choices
    content = plain.reply(plain.post(text_xml("①", 302)))["Content"]
    assert fake.asked[-1][0] == "关桥乡新庄村"
    assert content.startswith("随迁子女凭居住证入学")
    plain.reply(plain.post(text_xml("2", 303)))  # no choices pending any more: the number goes to the core as typed
    assert fake.asked[-1][0] == "2"


def test_feedback_is_typed_and_refers_to_the_last_answer(plain: Server, fake: WechatFake) -> None:
    assert plain.reply(plain.post(text_xml("没用", 401)))["Content"] == "还没有可以评价的回答，请先提问。"
    plain.reply(plain.post(text_xml("随迁子女怎么入学", 402)))
    assert plain.reply(plain.post(text_xml("没用 答非所问", 403)))["Content"] == "已收到，谢谢您的反馈！"
    assert len(fake.feedbacks) == 1
    qid, helpful, reason = fake.feedbacks[0]
    assert len(qid) > 8 and helpful is False and reason == "答非所问"
    assert len(fake.asked) == 1


def test_rate_limit_is_per_user_key(plain: Server, fake: WechatFake, wx_settings, engine) -> None:
    from .conftest import make_client

    settings = wx_settings.model_copy(update={"rate_limit_per_minute": 2})
    with make_client(settings, fake, engine) as test_client:
        server = Server(test_client)
        texts = [server.reply(server.post(text_xml("随迁子女", 500 + i)))["Content"] for i in range(3)]
        other = server.reply(server.post(text_xml("随迁子女", 510, openid="oOtherUser")))["Content"]
        test_client.app.state.wechat.close()
    assert texts[2] == "您问得太快了，请稍等一分钟再问。" and not other.startswith("您问得太快了")


def test_token_is_required_to_mount(engine, fake, tmp_path) -> None:
    from bot.settings import Settings

    from .conftest import make_client

    with make_client(Settings(data_dir=tmp_path / "d"), fake, engine) as test_client:
        params = {"signature": sha1_sorted(TOKEN, "1", "2"), "timestamp": "1", "nonce": "2", "echostr": "x"}
        assert test_client.get("/wechat/oa", params=params).status_code == 404
