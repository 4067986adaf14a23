from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.pipeline.context import AnswerContext, Conversation
from bot.pipeline.dialect import Dialect
from bot.pipeline.guard import Guard
from bot.texts import AssistantTexts


@pytest.fixture(scope="module")
def dialect() -> Dialect:
    return Dialect.load()


@pytest.mark.parametrize(
    ("spoken", "plain"),
    [
        ("一年能给补撒钱", "一年能给补啥钱"),
        ("报名要带撒", "报名要带啥"),
        ("这是撒意思", "这是啥意思"),
        ("撒时候开学", "啥时候开学"),
        ("在阿达报名", "在哪里报名"),
        ("莫有户口能上学么", "没有户口能上学吗"),
        ("俺莫听懂", "俺没听懂"),
        ("尕娃能住校么？", "孩子能住校吗？"),
        ("尕孙子上一年级", "小孙子上一年级"),
        ("这个共育是咋么个意思", "这个共育是怎么意思"),
        ("户口迁不过来咋整", "户口迁不过来怎么办"),
        ("多会儿报名", "啥时候报名"),
        ("一年给几个钱", "一年给多少钱"),
        ("娃住校咧，补助有么", "娃住校，补助有吗"),
        ("学堂阿达呢么", "学校哪里呢"),
    ],
)
def test_local_speech_reads_as_plain_mandarin(dialect: Dialect, spoken: str, plain: str) -> None:
    assert dialect(spoken) == plain


@pytest.mark.parametrize(
    "text",
    [
        "娃撒谎不去学校咋办",  # the verb 撒
        "郑旗乡撒台村娃上小学去哪里",  # a village's name
        "天天说要跟他阿达出去打工",  # 阿达 = father
        "这个政策是什么意思",
        "怎么申请补助",
        "要么住校要么走读",
        "差不了几个钱",  # a statement, not a question of amount
        "开很多会",
        "莫非要交钱",
        "寄宿生补助标准是多少",
    ],
)
def test_plain_mandarin_and_look_alikes_are_unchanged(dialect: Dialect, text: str) -> None:
    assert dialect(text) == text


def test_the_search_reads_the_plain_form_and_the_answer_keeps_the_question(texts: AssistantTexts) -> None:
    ctx = AnswerContext(raw="俺家尕娃住校咧，一年能给补撒钱", conversation=Conversation())
    Guard(texts, dialect=Dialect.load())(ctx)
    assert ctx.answer is None
    assert ctx.question == "俺家尕娃住校咧，一年能给补撒钱"
    assert ctx.folded == ctx.core == "俺家孩子住校,一年能给补啥钱"


def test_a_boarder_asked_in_local_speech_gets_the_subsidy_amounts(assistant: Assistant) -> None:
    answer = assistant.answer("俺家尕娃住校咧，一年能给补撒钱")
    assert answer.outcome == "answer"
    assert answer.lookup is not None and answer.lookup.kind == "subsidy"
    assert "寄宿生生活费补助" in answer.text.split("\n")[0]
