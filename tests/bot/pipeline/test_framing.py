from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.pipeline.context import AnswerContext, Conversation
from bot.pipeline.framing import Framing
from bot.pipeline.guard import Guard
from bot.texts import AssistantTexts


@pytest.fixture(scope="module")
def framing() -> Framing:
    return Framing.load()


@pytest.mark.parametrize(
    ("message", "core"),
    [
        ("尊敬的领导您好！我家娃在关桥乡上小学，住校一年补助多少钱？盼复，谢谢！", "我家娃在关桥乡上小学，住校一年补助多少钱？"),
        ("局长好，打扰了。教师轮岗咋算的。谢谢领导百忙之中回复", "教师轮岗咋算的。"),
        ("老师您好 请问寄宿生补助啥时候发 辛苦了", "请问寄宿生补助啥时候发"),
        ("在吗？娃住校补助多少", "娃住校补助多少"),
        ("马老师您好，娃转学要带啥材料", "娃转学要带啥材料"),
        ("随迁子女能在这里上学吗？望领导给予答复为盼。此致敬礼", "随迁子女能在这里上学吗？"),
    ],
)
def test_greetings_and_thanks_at_either_end_are_left_out(framing: Framing, message: str, core: str) -> None:
    assert framing.core(message) == core


@pytest.mark.parametrize(
    "message",
    [
        "住校补助多少",
        "谢谢",  # nothing but thanks: the message stays whole (the guard answers it as chit-chat)
        "我是李旺镇的村民，娃要转学咋办？",  # a self-introduction names a place: it stays
        "学校乱收费的问题，请问能不能解决",  # a question that ends in 解决 is not a plea for a reply
        "领导小组由谁牵头",  # 领导 inside a question is content
        "娃在关桥乡上学，感谢信怎么写给学校",  # a clause that begins like thanks but asks
        "您好吗",
    ],
)
def test_a_message_without_framing_is_unchanged(framing: Framing, message: str) -> None:
    assert framing.core(message) == message


def test_the_search_reads_the_core_and_the_answer_keeps_the_question(texts: AssistantTexts) -> None:
    ctx = AnswerContext(raw="尊敬的领导您好！住校一年补助多少钱？谢谢！", conversation=Conversation())
    Guard(texts)(ctx)
    assert ctx.answer is None
    assert ctx.question == "尊敬的领导您好！住校一年补助多少钱？谢谢！"
    assert ctx.folded == ctx.core == "住校一年补助多少钱?"


def test_a_framed_message_is_searched_as_its_question(assistant: Assistant) -> None:
    """The greetings' 领导 would match 加强组织领导; the search reads the question alone and cites what it cites."""
    plain = assistant.answer("控辍保学谁负责？")
    framed, framed_ctx = assistant.respond("尊敬的领导您好！打扰了。控辍保学谁负责？盼复，谢谢领导！")
    assert framed_ctx.search_query == "控辍保学谁负责?"
    assert [(s.doc_id, s.section_id) for s in framed.sources] == [(s.doc_id, s.section_id) for s in plain.sources]
    assert framed.question == "尊敬的领导您好！打扰了。控辍保学谁负责？盼复，谢谢领导！"


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("听人讲县上的老师要往乡里派，是吧", "县上的老师要往乡里派"),
        ("娃说住校一年给一千块钱 有这事没", "住校一年给一千块钱"),
        ("我寻思留守娃学校应该不管吧", "留守娃学校应该不管吧"),
        ("营养餐要钱吗", "营养餐要钱吗"),
        ("是真的吗", "是真的吗"),  # nothing would be left
    ],
)
def test_the_frame_of_a_belief_is_left_out_of_the_claim(framing: Framing, question: str, claim: str) -> None:
    assert framing.claim(question) == claim


def test_the_search_reads_the_claim_and_the_answer_keeps_the_question(assistant: Assistant) -> None:
    answer, ctx = assistant.respond("听说外地娃在海原上学要交借读费，是真的不？")
    assert ctx.search_query == ctx.claim == "外地娃在海原上学要交借读费"
    assert answer.question == "听说外地娃在海原上学要交借读费，是真的不？"
    assert [s.section_id for s in answer.sources][:1] == ["3.6.18"]
