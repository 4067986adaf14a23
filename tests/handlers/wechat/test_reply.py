"""Reply shaping, typed choices and typed feedback (pure functions)."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Choice, Source
from handlers.wechat.conversation import choice_number, feedback_of
from handlers.wechat.envelope import cdata_safe
from handlers.wechat.reply import HARD_LIMIT, cut_at_sentence, shape, short_citation, size
from handlers.wechat.texts import WechatTexts

TEXTS = WechatTexts.load()


@pytest.mark.parametrize("typed, number", [("1", 1), ("１", 1), ("①", 1), (" 2。", 2), ("第3个", 3), ("12", 12),
                                            ("有用", None), ("1个孩子", None), ("", None)])
def test_choice_number(typed: str, number: int | None) -> None:
    assert choice_number(typed) == number


@pytest.mark.parametrize("typed, rated", [("有用", (True, "")), ("没用，答非所问", (False, "答非所问")),
                                          ("没有用 信息过时", (False, "信息过时")), ("1", None), ("有用吗这个政策", (True, "吗这个政策"))])
def test_feedback_of(typed: str, rated: tuple[bool, str] | None) -> None:
    assert feedback_of(typed) == rated


def test_cdata_safe_keeps_the_text() -> None:
    assert cdata_safe("x]]>y") == "x]]]]><![CDATA[>y"


def test_short_citation() -> None:
    assert short_citation("《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18.") == "《…实施方案》三（五）18."


def test_cut_at_sentence_and_hard_cut() -> None:
    assert cut_at_sentence("第一句。第二句很长。", 15) == "第一句。"
    assert cut_at_sentence("没有句号的一长串文字", 9) == "没有句"


def test_shape_keeps_choices_and_fits_with_escaping() -> None:
    text = "]]>" * 300 + "。" + "政策说明。" * 200
    answer = Answer(question="q", text=text, answered=True, query_id="q1",
                    choices=[Choice("关桥乡", "关桥乡新庄村")],
                    sources=[Source("d", "s", "h", [], "quote", 0.9, citation="《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18.")])
    made: list[str] = []

    def link() -> str:
        made.append("x")
        return "https://x.cn/a/abc"

    reply = shape(answer, TEXTS, link)
    assert size(reply) <= 1800 < HARD_LIMIT and made == ["x"]
    assert reply.endswith("完整回答：https://x.cn/a/abc\n\n请回复数字选择：\n1. 关桥乡\n依据：《…实施方案》三（五）18.")
    short = shape(Answer(question="q", text="短回答。", answered=True), TEXTS, link)
    assert short == "短回答。" and made == ["x"]  # no page for a reply that fits
