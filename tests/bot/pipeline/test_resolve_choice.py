"""A number or a label typed after a clarifying question picks that choice (numbers in every form, labels typed
with a little around them); anything else goes on unchanged."""

from __future__ import annotations

import pytest

from bot.answer import Choice
from bot.pipeline.context import AnswerContext, Conversation, Turn
from bot.pipeline.resolve_choice import ResolveChoice, choice_number, pick
from retrieval.text import fold

CHOICES = (
    Choice("寄宿生生活补助", "寄宿生生活补助是怎么规定的", "d", "3.6.21", "21.完善学生资助", ["三、工作任务"]),
    Choice("留守儿童关爱", "留守儿童关爱是怎么规定的", "d", "3.6.19", "19.关爱留守儿童", ["三、工作任务"]),
    Choice("关桥乡", "关桥乡张湾村的娃上哪个学校"),
)
TOWNS = (Choice("关桥乡", "关桥乡张湾村的娃上哪个学校"), Choice("西安镇", "西安镇张湾村的娃上哪个学校"))


@pytest.mark.parametrize(
    ("text", "number"), [("1", 1), ("１", 1), ("①", 1), ("第1个", 1), ("1.", 1), ("第二个", 2), ("2、", 2), (" 3 ", 3), ("选2", 2), ("12", 12)]
)
def test_numbers_in_the_ways_people_type_them(text: str, number: int) -> None:
    assert choice_number(text) == number


@pytest.mark.parametrize("text", ["2免1补", "10%是按啥算", "一年给多少钱", "", "第", "一年级", "1000元"])
def test_questions_with_digits_are_not_numbers(text: str) -> None:
    assert choice_number(text) is None


def test_pick_by_number_label_or_reply() -> None:
    assert pick("2", CHOICES) is CHOICES[1]
    assert pick("4", CHOICES) is None  # out of range
    assert pick("关桥乡", CHOICES) is CHOICES[2]
    assert pick("留守儿童关爱是怎么规定的", CHOICES) is CHOICES[1]  # a button sends the reply
    assert pick("寄宿生住校一年给多少钱，还有留守儿童咋管", CHOICES) is None  # a new question
    assert pick("1", ()) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [("关桥乡", "关桥乡"), ("關橋鄉", "关桥乡"), ("关桥", "关桥乡"), ("是西安镇的", "西安镇"), ("2", "西安镇"),
     ("西安镇张湾村的娃上哪个学校", "西安镇"), ("3", None), ("西安镇有啥留守儿童关爱服务", None), ("乡", None)],
)
def test_pick_labels_typed_with_a_little_around_them(text: str, label: str | None) -> None:
    chosen = pick(text, TOWNS)
    assert (chosen.label if chosen else None) == label


def _ctx(text: str, choices: tuple[Choice, ...]) -> AnswerContext:
    ctx = AnswerContext(raw=text, conversation=Conversation([Turn("问题", "general", choices=choices)]))
    ctx.question, ctx.folded = text, fold(text)
    return ctx


def test_the_step_turns_a_number_into_the_choice_reply() -> None:
    ctx = _ctx("①", CHOICES)
    ResolveChoice()(ctx)
    assert ctx.picked is CHOICES[0]
    assert ctx.question == "寄宿生生活补助是怎么规定的" and ctx.folded == fold(ctx.question)


def test_without_offered_choices_a_number_stays_a_number() -> None:
    ctx = _ctx("1", ())
    ResolveChoice()(ctx)
    assert ctx.picked is None and ctx.question == "1"


def test_offered_choices_survive_the_shared_store() -> None:
    from bot.shared.turns import turn_from_dict, turn_to_dict

    back = turn_from_dict(turn_to_dict(Turn("补助是咋回事", "subsidy", choices=CHOICES)))
    assert back.choices == CHOICES
    assert pick("②", back.choices) == CHOICES[1]
