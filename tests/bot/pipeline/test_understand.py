from __future__ import annotations

import pytest

from bot.pipeline.context import AnswerContext, Conversation, Turn
from bot.pipeline.understand import Understand, classify_intent, detect_level, detect_script
from bot.texts import AssistantTexts
from retrieval.text import fold


@pytest.mark.parametrize(
    ("text", "script"),
    [("娃该上哪个学校", "simplified"), ("孩子上學是不是要劃片", "traditional"), ("Can my child enroll here?", "english"), ("2019", "simplified")],
)
def test_script(text: str, script: str) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("外地打工的娃在海原上学要带啥", "migrant"),
        ("寄宿生生活补助一年多少钱", "subsidy"),
        ("爸妈都在外面，娃跟爷爷奶奶，留守儿童有啥关爱", "care"),
        ("娃不想念了，辍学了咋办", "dropout"),
        ("县城老师每年要去乡下轮岗吗", "teacher"),
        ("我家娃该上哪个学校", "zone"),
        ("方案的指导思想是什么", "general"),
    ],
)
def test_intent(texts: AssistantTexts, text: str, intent: str) -> None:
    assert classify_intent(fold(text), texts.intents.keywords)[0] == intent


def test_level() -> None:
    assert detect_level("那初中呢") == "初中"
    assert detect_level("娃上一年级") == "小学"


def test_entities_and_followup(texts: AssistantTexts, directory) -> None:
    understand = Understand(texts, directory)
    ctx = AnswerContext(raw="", conversation=Conversation([Turn("我家住在七营镇北嘴村，娃该上哪个学校", "zone", "北咀村", "七营镇")]))
    ctx.question = "那初中呢？"
    ctx.folded = fold(ctx.question)
    understand(ctx)
    assert ctx.followup and ctx.intent == "zone" and ctx.entities.level == "初中"
    assert ctx.search_query.startswith("我家住在七营镇北嘴村")

    fresh = AnswerContext(raw="", conversation=Conversation([Turn("寄宿补助多少", "subsidy")]))
    fresh.question = "这份方案是谁发的？"
    fresh.folded = fold(fresh.question)
    understand(fresh)
    assert not fresh.followup


def test_places_found_in_colloquial_text(texts: AssistantTexts, directory) -> None:
    ctx = AnswerContext(raw="", conversation=Conversation())
    ctx.question = "俺家住在七营镇北咀村，娃明年上一年级"
    ctx.folded = fold(ctx.question)
    Understand(texts, directory)(ctx)
    assert ctx.entities.personal
    assert ctx.entities.places[0].place == "北咀村"
    assert ctx.intent == "zone"
