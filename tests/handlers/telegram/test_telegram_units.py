"""The pure parts of the Telegram channel: splitting, callback data, keyboards, limits, texts."""

from __future__ import annotations

import html

import pytest

from bot.answer import Answer, Choice, Source
from bot.service import Topic
from handlers.telegram.botdata import BotData
from handlers.telegram.formatting import (
    answer_keyboard,
    answer_plain_text,
    callback_data,
    has_words,
    keyboard_callback_data,
    reasons_keyboard,
    sentences,
    split_text,
    tg_len,
    topics_keyboard,
)
from handlers.telegram.state import AnswerCache, CachedAnswer, user_hash
from handlers.telegram.texts import load_texts, parse_texts

TEXTS = load_texts()


def test_sentences_keep_every_character() -> None:
    text = "第一句。第二句！“引号里。”第三句？\n第四行没有句号"
    parts = sentences(text)
    assert "".join(parts) == text
    assert parts[:3] == ["第一句。", "第二句！", "“引号里。”"]


def test_split_fits_after_escaping_and_cuts_at_sentences() -> None:
    text = "".join(f"第{i}句<b>&</b>。" for i in range(2000))
    parts = split_text(text)
    assert len(parts) > 1
    assert "".join(parts) == text
    for part in parts:
        assert tg_len(html.escape(part, quote=False)) <= 4096
        assert part.endswith("。")


def test_split_counts_utf16_and_cuts_overlong_sentences() -> None:
    emoji = "😀" * 3000  # 2 UTF-16 units each
    parts = split_text(emoji)
    assert all(tg_len(p) <= 4096 for p in parts) and "".join(parts) == emoji
    commas = "，".join(["很长的一段话"] * 1200) + "。"
    parts = split_text(commas, limit=500)
    assert "".join(parts) == commas
    assert all(tg_len(p) <= 500 for p in parts)
    assert all(p.endswith("，") for p in parts[:-1])


def test_split_short_and_empty() -> None:
    assert split_text("  你好。 ") == ["你好。"]
    assert split_text("") == []


def test_has_words() -> None:
    assert not has_words("👍🙏 ？！")
    assert not has_words("   ")
    assert has_words("补助？") and has_words("2025")


def test_callback_data_is_limited_to_64_bytes() -> None:
    assert callback_data("fb", 1, "a" * 32) == "fb:1:" + "a" * 32
    with pytest.raises(ValueError):
        callback_data("topic", "长" * 30)  # 3 bytes each


def _answer(**kwargs) -> Answer:
    source = Source("doc", "s1", "标题" * 20, [], "引文", 0.9, "《方案》一（一）1.")
    base = dict(question="问", text="答。", answered=True, sources=[source, source, source], related=["问题" * 40] * 3)
    base.update(kwargs)
    return Answer(**base)


def test_answer_keyboard_worst_case_fits() -> None:
    ref = "f" * 32
    answer = _answer(choices=[Choice("选" * 50, "回" * 500)] * 12)
    for kind in ("answer", "clarify", "decline"):
        markup = answer_keyboard(TEXTS, ref, kind, answer.sources, answer.related, answer.choices)
        data = keyboard_callback_data(markup)
        assert data and all(len(d.encode()) <= 64 for d in data)
        assert all("问题" not in d and "回" not in d for d in data)
    data = keyboard_callback_data(reasons_keyboard(TEXTS, ref))
    assert len(data) == 3 and all(len(d.encode()) <= 64 for d in data)


def test_answer_keyboard_rows() -> None:
    answer = _answer()
    markup = answer_keyboard(TEXTS, "q1", "answer", answer.sources, answer.related, [])
    # duplicate sources collapse to one 查看原文; related questions capped at 2
    assert keyboard_callback_data(markup) == ["fb:1:q1", "fb:0:q1", "src:0:q1", "rel:0:q1", "rel:1:q1"]
    markup = answer_keyboard(TEXTS, "q1", "chitchat", [], [], [])
    assert markup is None


def test_topics_keyboard_skips_unfit_keys() -> None:
    topics = [Topic("zone", "入学划片", "…"), Topic("x" * 80, "太长", "…")]
    assert keyboard_callback_data(topics_keyboard(topics)) == ["topic:zone"]


def test_plain_text_adds_citations_once() -> None:
    text = answer_plain_text(TEXTS, _answer(), asked="寄宿生补助多少钱？")
    assert text.startswith("🔎 寄宿生补助多少钱？\n\n答。")
    assert text.count("《方案》一（一）1.") == 1
    assert "《方案》" not in answer_plain_text(TEXTS, _answer(kind="clarify"))


def test_answer_cache_is_bounded_lru() -> None:
    cache = AnswerCache(maxsize=3)
    for n in range(4):
        cache.put(f"q{n}", CachedAnswer(query_id=f"q{n}", kind="answer"))
    assert cache.get("q0") is None and len(cache) == 3
    cache.get("q1")
    cache.put("q9", CachedAnswer(query_id="q9", kind="answer"))
    assert cache.get("q1") is not None and cache.get("q2") is None
    assert cache.new_ref("0123456789abcdef") == "0123456789abcdef"
    ref = cache.new_ref("")
    assert ref and len(ref) <= 32 and ref != cache.new_ref("")


def test_rate_limit_per_user_with_one_warning() -> None:
    now = [0.0]
    data = BotData()
    data.set_rate_limit(3, clock=lambda: now[0])
    key = user_hash(700123456)
    assert "700123456" not in key
    assert [data.rate(key) for _ in range(3)] == [(True, False)] * 3
    assert data.rate(key) == (False, True)
    assert data.rate(key) == (False, False)  # told once
    assert data.rate(user_hash(1)) == (True, False)
    now[0] = 59.9
    assert data.rate(key)[0] is False
    now[0] = 60.0
    assert data.rate(key) == (True, False)


def test_texts_complete_and_validated() -> None:
    assert TEXTS.rate_limited == "您问得太快了，请稍等一分钟再问。"
    assert TEXTS.error == "抱歉，出了点问题，请稍后再试。"
    assert TEXTS.media_only == "我目前只能看懂文字问题，请用文字描述您的问题。"
    assert list(TEXTS.reasons.values()) == ["答非所问", "信息过时", "不适用我的情况"]
    with pytest.raises(ValueError, match="welcome"):
        parse_texts({"help": "x"})


def _settings(**kwargs):
    from bot.settings import Settings

    values = {"telegram_bot_token": "123:secret-token", "staff_telegram_ids": "11, 22"}
    values.update(kwargs)
    return Settings(**values)


def test_run_polls_or_serves_a_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    from telegram.ext import Application

    from handlers.telegram import run

    seen: dict[str, dict] = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: seen.setdefault("polling", kw))
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: seen.setdefault("webhook", kw))
    run(_settings(), lambda s: object())
    assert seen["polling"]["allowed_updates"] == ["message", "edited_message", "callback_query"]
    run(
        _settings(
            telegram_webhook_url="https://edu.example.org/tg/hook",
            telegram_webhook_secret="s3cret",
            telegram_webhook_listen="0.0.0.0",
            telegram_webhook_port=8443,
        ),
        lambda s: object(),
    )
    hook = seen["webhook"]
    assert hook["url_path"] == "tg/hook" and hook["webhook_url"] == "https://edu.example.org/tg/hook"
    assert hook["secret_token"] == "s3cret" and hook["listen"] == "0.0.0.0" and hook["port"] == 8443


def test_build_needs_a_token_and_sets_base_url() -> None:
    from handlers.telegram import build_application

    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(_settings(telegram_bot_token=""), lambda s: object())
    app = build_application(_settings(telegram_api_base_url="http://127.0.0.1:9/bot"), lambda s: object())
    assert app.bot.base_url == "http://127.0.0.1:9/bot123:secret-token"
    assert isinstance(app.bot_data, BotData)  # typed bot_data via ContextTypes
    assert app.bot_data.staff_ids == frozenset({11, 22})
