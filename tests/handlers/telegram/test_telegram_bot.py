"""End to end: the real PTB Application, polling a Bot API stub on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import html
import json
import logging

import pytest
from tg_stub import BOT_USERNAME, CITATION, GROUP_ID, SECTION_TEXT, STAFF_ID, TOKEN, USER_ID, Harness

from handlers.telegram.texts import load_texts

TEXTS = load_texts()


def _all_callback_data_ok(call) -> None:
    for data in call.callback_data():
        assert len(data.encode("utf-8")) <= 64, data


# -- start-up, /start, /help ----------------------------------------------------------------


async def test_set_my_commands_on_start(tg: Harness) -> None:
    calls = await tg.wait_for("setMyCommands", count=2)
    default = [json.loads(c.params["commands"]) for c in calls if "chat_id" not in c.params.get("scope", "")]
    assert [c["command"] for c in default[0]] == ["start", "help"]
    staff = [c for c in calls if str(STAFF_ID) in c.params.get("scope", "")]
    assert {"stats", "top", "unanswered", "export"} <= {c["command"] for c in json.loads(staff[0].params["commands"])}


async def test_start_shows_topic_buttons(tg: Harness) -> None:
    tg.message("/start")
    [call] = await tg.wait_for("sendMessage")
    assert call.text.startswith(html.escape(TEXTS.welcome.splitlines()[0], quote=False))
    assert call.params["parse_mode"] == "HTML"
    assert call.button_texts() == ["入学划片", "随迁子女", "资助补助", "留守儿童", "控辍保学", "教师政策"]
    assert call.callback_data()[0] == "topic:zone"
    _all_callback_data_ok(call)


async def test_help(tg: Harness) -> None:
    tg.message("/help")
    [call] = await tg.wait_for("sendMessage")
    assert "可以这样问" in call.text


async def test_topic_then_example_asks_it(tg: Harness) -> None:
    since = tg.mark()
    tg.tap("topic:migrant")
    [call] = await tg.wait_for("sendMessage", since=since)
    assert "<b>随迁子女</b>" in call.text and "凭居住证入学" in call.text
    assert call.callback_data() == ["ex:migrant:0"]
    await tg.wait_for("answerCallbackQuery", since=since)

    since = tg.mark()
    tg.tap("ex:migrant:0")
    await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert tg.service.asked[-1][0] == "外地打工回来的孩子怎么上学？"


# -- questions and answers ------------------------------------------------------------------


async def test_question_gets_answer_with_buttons(tg: Harness) -> None:
    since = tg.mark()
    question = "随迁子女怎么入学？"
    call = await tg.ask_and_wait(question)
    # typing first
    actions = tg.calls("sendChatAction", since)
    assert actions and actions[0].params["action"] == "typing"
    assert tg.stub.calls.index(actions[0]) < tg.stub.calls.index(call)
    # escaped HTML; the citation is shown
    assert "&lt;b&gt;居住证&lt;/b&gt;" in call.text and "<b>居住证" not in call.text
    assert "&amp;" in call.text
    assert CITATION in call.text
    data = call.callback_data()
    qid = f"{len(tg.service.asked):016x}"
    assert data == [f"fb:1:{qid}", f"fb:0:{qid}", f"src:0:{qid}", f"src:1:{qid}", f"rel:0:{qid}", f"rel:1:{qid}"]
    _all_callback_data_ok(call)
    assert all(question not in d and "随迁" not in d for d in data)
    labels = call.button_texts()
    assert labels[:2] == ["👍 有用", "👎 没用"] and labels[2].startswith("📄 查看原文")
    assert labels[4].startswith("💬 随迁子女需要哪些材料")


async def test_long_answer_split_at_sentences(tg: Harness) -> None:
    since = tg.mark()
    tg.message("请给我一个很长的回答")
    calls = await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    parts = tg.calls("sendMessage", since)
    assert len(parts) >= 3 and parts[-1] is calls[0]
    plain = []
    for part in parts:
        assert len(part.text) <= 4096
        assert len(part.text.encode("utf-16-le")) // 2 <= 4096
        assert "<b>" not in part.text and "&lt;b&gt;" in part.text
        unescaped = html.unescape(part.text)
        plain.append(unescaped)
    for unescaped in plain[:-1]:
        assert unescaped.endswith("。")
    assert all(p.markup() is None for p in parts[:-1])
    assert "".join(plain).startswith("第0条：随迁子女入学需要<b>居住证</b>")
    assert "第299条" in plain[-1]


async def test_clarify_choices_ask_the_reply(tg: Harness) -> None:
    call = await tg.ask_and_wait("我家孩子在哪里划片上学？")
    qid = f"{len(tg.service.asked):016x}"
    assert call.button_texts() == ["关桥乡", "海城镇"]
    assert call.callback_data() == [f"pick:0:{qid}", f"pick:1:{qid}"]
    since = tg.mark()
    tg.tap(f"pick:0:{qid}")
    await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert tg.service.asked[-1][0] == "关桥乡新庄村"
    assert tg.service.asked[-1][1].user_id == str(USER_ID)


async def test_related_question_button_asks_it(tg: Harness) -> None:
    await tg.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(tg.service.asked):016x}"
    since = tg.mark()
    tg.tap(f"rel:1:{qid}")
    [call] = await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert tg.service.asked[-1][0] == "随迁子女可以在海原参加中考吗？"
    assert call.text.startswith("🔎 随迁子女可以在海原参加中考吗？")


# -- feedback and sources -------------------------------------------------------------------


async def test_thumbs_up_records_feedback_and_edits_markup(tg: Harness) -> None:
    await tg.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(tg.service.asked):016x}"
    since = tg.mark()
    tg.tap(f"fb:1:{qid}", message_id=77)
    [edit] = await tg.wait_for("editMessageReplyMarkup", since=since)
    assert tg.service.feedbacks == [(qid, True, "")]
    assert edit.params["message_id"] == "77"
    assert edit.button_texts()[0] == "✅ 已收到，谢谢"
    assert "👍 有用" not in edit.button_texts()
    assert any(t.startswith("📄 查看原文") for t in edit.button_texts())  # the other buttons stay
    [ack] = tg.calls("answerCallbackQuery", since)
    assert ack.params["text"] == TEXTS.feedback_thanks_toast


async def test_thumbs_down_asks_reason_then_records_it(tg: Harness) -> None:
    await tg.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(tg.service.asked):016x}"
    since = tg.mark()
    tg.tap(f"fb:0:{qid}")
    [edit] = await tg.wait_for("editMessageReplyMarkup", since=since)
    assert edit.button_texts() == ["答非所问", "信息过时", "不适用我的情况"]
    assert edit.callback_data() == [f"why:wrong:{qid}", f"why:outdated:{qid}", f"why:not_mine:{qid}"]
    _all_callback_data_ok(edit)

    since = tg.mark()
    tg.tap(f"why:outdated:{qid}")
    [edit] = await tg.wait_for("editMessageReplyMarkup", since=since)
    assert tg.service.feedbacks[-1] == (qid, False, "信息过时")
    assert all(fb[:2] == (qid, False) for fb in tg.service.feedbacks)
    assert edit.button_texts()[0] == "✅ 已收到，谢谢"
    assert len(tg.calls("answerCallbackQuery")) == 2


async def test_stale_button_says_expired(tg: Harness) -> None:
    for data in ("fb:1:ffffffffffffffff", "src:0:ffffffffffffffff", "pick:3:ffff", "topic:nope", "bogus"):
        since = tg.mark()
        tg.tap(data)
        [ack] = await tg.wait_for("answerCallbackQuery", since=since)
        assert ack.params["text"] == TEXTS.expired
    assert tg.service.feedbacks == []


async def test_view_source_sends_section_text(tg: Harness) -> None:
    await tg.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(tg.service.asked):016x}"
    since = tg.mark()
    tg.tap(f"src:0:{qid}")
    [call] = await tg.wait_for("sendMessage", since=since)
    assert call.text.startswith(f"<b>{CITATION}</b>")
    assert SECTION_TEXT in call.text
    assert tg.service.source_requests == [("doc1", "s18")]

    since = tg.mark()
    tg.tap(f"src:1:{qid}")  # the core has no text for it
    [call] = await tg.wait_for("sendMessage", since=since)
    assert call.text == TEXTS.source_missing


# -- other kinds of messages ----------------------------------------------------------------


@pytest.mark.parametrize(
    "media",
    [
        {"sticker": {"file_id": "s1", "file_unique_id": "su1", "type": "regular", "width": 512, "height": 512,
                     "is_animated": False, "is_video": False}},
        {"photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "vu1", "duration": 3}},
        {"location": {"latitude": 36.56, "longitude": 105.64}},
    ],
    ids=["sticker", "photo", "voice", "location"],
)
async def test_media_gets_polite_text_reply(tg: Harness, media: dict) -> None:
    tg.message(None, **media)
    [call] = await tg.wait_for("sendMessage")
    assert call.text == TEXTS.media_only
    assert tg.service.asked == []


async def test_emoji_only_gets_hint(tg: Harness) -> None:
    tg.message("👍👍🙏")
    [call] = await tg.wait_for("sendMessage")
    assert call.text == html.escape(TEXTS.empty_text, quote=False)
    assert tg.service.asked == []


async def test_edited_message_is_answered_again(tg: Harness) -> None:
    await tg.ask_and_wait("随迁子女怎么入学", message_id=500)
    since = tg.mark()
    tg.message("随迁子女怎么入学？要带什么？", message_id=500, edited=True)
    await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert [q for q, _ in tg.service.asked] == ["随迁子女怎么入学", "随迁子女怎么入学？要带什么？"]


async def test_group_only_mentions_and_replies_are_answered(tg: Harness) -> None:
    group = {"chat_id": GROUP_ID, "chat_type": "supergroup"}
    tg.message("大家好，今天开家长会吗？", **group)
    since = tg.mark()
    mention_id = tg.message(f"@{BOT_USERNAME} 随迁子女怎么入学？", **group)
    [call] = await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    assert json.loads(call.params["reply_parameters"])["message_id"] == mention_id
    assert call.params["chat_id"] == str(GROUP_ID)

    since = tg.mark()
    tg.message("那寄宿生补助呢？", reply_to_bot=True, **group)
    await tg.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
    tg.message("/start", **group)  # commands are answered too
    await tg.wait_for("sendMessage", lambda c: c.text.startswith("您好"), since=since)
    tg.message(None, sticker={"file_id": "s", "file_unique_id": "su", "type": "regular", "width": 1, "height": 1,
                              "is_animated": False, "is_video": False}, **group)
    await tg.idle()
    assert [q for q, _ in tg.service.asked] == ["随迁子女怎么入学？", "那寄宿生补助呢？"]
    assert all(a.chat_type == "supergroup" for _, a in tg.service.asked)
    assert not [c for c in tg.calls("sendMessage") if c.text == TEXTS.media_only]


async def test_rate_limit(start_bot) -> None:
    tg = await start_bot(rate_limit_per_minute=3)
    for n in range(5):
        tg.message(f"随迁子女问题{n}")
    await tg.wait_for("sendMessage", lambda c: c.text == TEXTS.rate_limited)
    await tg.wait_for("sendMessage", lambda c: c.markup() is not None, count=3)
    await tg.idle()
    assert len(tg.service.asked) == 3
    assert len([c for c in tg.calls("sendMessage") if c.text == TEXTS.rate_limited]) == 1  # told once
    # another user is not affected
    await tg.ask_and_wait("随迁子女怎么入学？", user_id=USER_ID + 1)
    assert len(tg.service.asked) == 4


# -- staff commands -------------------------------------------------------------------------


async def test_staff_commands_need_permission(tg: Harness) -> None:
    for command in ("/stats", "/top", "/unanswered", "/export"):
        since = tg.mark()
        tg.message(command)
        [call] = await tg.wait_for("sendMessage", since=since)
        assert call.text == TEXTS.no_permission
    assert tg.reports.calls == []
    assert tg.calls("sendDocument") == []


async def test_staff_stats_top_unanswered(tg: Harness) -> None:
    staff = {"user_id": STAFF_ID}
    tg.message("/stats", **staff)
    [call] = await tg.wait_for("sendMessage")
    assert "今天：提问 3 条，已回答 67%，👍 2 / 👎 1" in call.text
    assert "近7天：提问 40 条，已回答 98%，👍 14 / 👎 7" in call.text
    assert "答非所问 2" in call.text

    since = tg.mark()
    tg.message("/top", **staff)
    [call] = await tg.wait_for("sendMessage", since=since)
    assert "1. 随迁子女入学（12 次）" in call.text and "外地孩子上学要什么材料？" in call.text
    assert ("top_groups", (7, 10)) in tg.reports.calls

    since = tg.mark()
    tg.message("/unanswered", **staff)
    [call] = await tg.wait_for("sendMessage", since=since)
    assert "校车几点发车？" in call.text and "未能回答" in call.text and "信息过时" in call.text


async def test_staff_export_sends_document(tg: Harness) -> None:
    tg.message("/export", user_id=STAFF_ID)
    [call] = await tg.wait_for("sendDocument")
    filename, data = call.files["document"]
    assert filename.startswith("haiyuan-queries-") and filename.endswith(".csv")
    assert data.decode("utf-8").startswith("id,question,answer")
    assert ("export_csv", (30,)) in tg.reports.calls


async def test_staff_commands_only_in_private_chat(tg: Harness) -> None:
    tg.message("/stats", user_id=STAFF_ID, chat_id=GROUP_ID, chat_type="supergroup")
    [call] = await tg.wait_for("sendMessage")
    assert call.text == TEXTS.staff_private_only
    assert tg.reports.calls == []


async def test_staff_without_reports(start_bot) -> None:
    tg = await start_bot(with_reports=False)
    tg.message("/stats", user_id=STAFF_ID)
    [call] = await tg.wait_for("sendMessage")
    assert call.text == TEXTS.reports_unavailable


# -- failures -------------------------------------------------------------------------------


async def test_429_is_retried_by_the_rate_limiter(tg: Harness) -> None:
    tg.stub.fail("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    call = await tg.ask_and_wait("随迁子女怎么入学？")
    assert "居住证" in call.text
    attempts = tg.calls("sendMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 200]


@pytest.mark.parametrize("status", [400, 500])
async def test_failed_request_is_logged_and_bot_keeps_going(
    tg: Harness, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    tg.stub.fail("sendMessage", status, "Bad Request: chat not found" if status == 400 else "Internal Server Error")
    tg.message("随迁子女怎么入学？")
    await tg.wait_for("sendMessage", lambda c: c.text == TEXTS.error)
    errors = [r for r in caplog.records if r.name == "handlers.telegram.app" and r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info is not None

    call = await tg.ask_and_wait("寄宿生补助多少钱？")
    assert "寄宿生补助多少钱" in call.text


async def test_core_exception_gets_apology_and_bot_keeps_going(tg: Harness, caplog) -> None:
    caplog.set_level(logging.INFO)
    tg.message("这个问题会出错")
    [call] = await tg.wait_for("sendMessage")
    assert call.text == html.escape(TEXTS.error, quote=False)
    assert "RuntimeError" in caplog.text
    await tg.ask_and_wait("随迁子女怎么入学？")


# -- privacy --------------------------------------------------------------------------------


async def test_ids_and_token_never_stored_or_logged(tg: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="httpx")  # other tests may have quietened it
    caplog.set_level(logging.DEBUG, logger="handlers.telegram")
    tg.stub.fail("sendMessage", 400, "Bad Request: message to be replied not found")
    tg.message("随迁子女怎么入学？")
    await tg.wait_for("sendMessage", lambda c: c.text == TEXTS.error)
    await tg.ask_and_wait("随迁子女怎么入学？")
    qid = f"{len(tg.service.asked):016x}"
    since = tg.mark()
    tg.tap(f"fb:0:{qid}")
    await tg.wait_for("editMessageReplyMarkup", since=since)
    tg.tap(f"why:wrong:{qid}")
    await tg.wait_for("editMessageReplyMarkup", count=2, since=since)
    await tg.ask_and_wait("我家孩子在哪里划片上学？")

    uid = str(USER_ID)
    for question, asker in tg.service.asked:
        assert uid not in question and "parent_zhang" not in question
        assert asker.channel == "telegram" and asker.user_id == uid and asker.chat_type == "private"
    for item in tg.service.feedbacks:
        assert uid not in repr(item)
    http_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert http_lines and all("/bot***/" in line for line in http_lines)  # httpx logs URLs: token redacted
    assert any(r.name == "handlers.telegram.app" and r.levelno == logging.ERROR for r in caplog.records)
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert uid not in caplog.text and "parent_zhang" not in caplog.text
    for record in caplog.records:
        assert uid not in repr(record.args)


async def test_services_built_once_and_closed(tg: Harness) -> None:
    for n in range(3):
        await tg.ask_and_wait(f"随迁子女问题{n}")
    assert tg.built == ["service", "reports"]
    assert tg.app.bot_data.service is tg.service
    assert tg.app.bot_data.reports is tg.reports
    await tg.app.post_shutdown(tg.app)
    assert tg.service.closed
