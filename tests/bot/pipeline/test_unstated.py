"""A thing the sources do not state (a day, an amount, a count, an address …) is declined with the related rule shown."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.texts import AssistantTexts
from knowledge.schooldata import SchoolDirectory
from retrieval.scope import ScopeModel
from tests.bot.conftest import make_retriever


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("老师的绩效工资一般每个月几号到账", "具体日期"),
        ("申请教师周转宿舍要排几个月的队", "具体数目"),
        ("教师周转宿舍住一个月要交多少房租", "具体金额"),
    ],
)
def test_a_related_rule_is_not_passed_off_as_the_answer(assistant: Assistant, question: str, thing: str) -> None:
    answer = assistant.answer(question)
    assert (answer.outcome, answer.answered) == ("decline", False)
    first, *rest = answer.text.split("\n")
    assert first == f"《实施方案》和县学校资料里没有写{thing}，我不能替您猜。"
    assert any(line.startswith("相关的规定是：") and "《实施方案》" in line for line in rest)  # the rule it found
    assert any(line.startswith("建议咨询海原县教育体育局") for line in rest)  # and whom to ask
    assert answer.sources  # the related rule is cited


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("学生规模不到百人的小学校，公用经费照多少人核定", "100人"),
        ("优质学校每学年派去薄弱学校交流的老师不少于百分之几", "10%"),
        ("念初中住校的话，每年生活费补助给多少元", "1250元"),
        ("网络进校园进班级，教学点定的是多少兆", "百兆"),
    ],
)
def test_a_source_stating_the_thing_answers(assistant: Assistant, question: str, fact: str) -> None:
    answer = assistant.answer(question)
    assert answer.outcome == "answer"
    assert fact in answer.text


def test_a_data_record_about_another_thing_does_not_answer(assistant: Assistant) -> None:
    # the enrolment papers do not say how a teaching licence is applied for
    answer = assistant.answer("认定教师资格要准备哪些材料，流程是啥")
    assert answer.outcome == "decline"
    assert "户口簿" not in answer.text


def test_no_section_offered_states_an_address(texts: AssistantTexts, directory: SchoolDirectory) -> None:
    # every in-scope question counts as unsure, so choices would be offered; none of the plan's sections holds an address
    unsure = Assistant(make_retriever(ScopeModel({}, 10.0, threshold=0.5, clarify_below=1.01)), texts, directory)
    answer = unsure.answer("教体局机关大楼坐落在哪条街道")
    assert (answer.outcome, answer.choices) == ("decline", [])
    assert answer.text.startswith("《实施方案》和县学校资料里没有写具体地址")
    assert unsure.answer("补助是咋回事").outcome == "clarify"  # no thing of a kind asked: the choices stay


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("听说以后校服要换成统一发运动鞋，是真的不", "以后要改成这样的安排"),  # what it is to become is not said
        ("明年营养餐补助还会不会涨", "以后是否调高标准"),  # a figure says no rise
        ("现在县城学校一共有多少老师在乡下轮岗", "具体数目"),  # a share of a rule is no tally
        ("县里一年来学校检查几回", "具体数目"),  # how often, in 回
    ],
)
def test_a_change_a_tally_or_how_often_is_declined_when_unstated(texts: AssistantTexts, directory: SchoolDirectory,
                                                                   question: str, thing: str) -> None:
    # every question counts as in scope and sure: only the step that reads what is asked can decline it
    sure = Assistant(make_retriever(ScopeModel({}, 10.0, threshold=0.5)), texts, directory)
    answer = sure.answer(question)
    assert (answer.outcome, answer.answered) == ("decline", False)
    assert answer.text.startswith(f"《实施方案》和县学校资料里没有写{thing}")


@pytest.mark.parametrize(
    "question",
    [
        "乡村老师的待遇以后会不会提高",  # 努力提高农村教师待遇
        "以后乡里学校会不会改成寄宿制",  # 根据需要建设寄宿制学校
        "每年县城学校要派几个老师去乡下交流",  # a quota: the share answers it
    ],
)
def test_a_change_or_quota_the_plan_states_is_answered(texts: AssistantTexts, directory: SchoolDirectory, question: str) -> None:
    sure = Assistant(make_retriever(ScopeModel({}, 10.0, threshold=0.5)), texts, directory)
    answer = sure.answer(question)
    assert answer.outcome == "answer", answer.text
