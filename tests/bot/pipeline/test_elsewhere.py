"""A question about another county, city or province is read as such; one naming it as the family's origin is not."""

from __future__ import annotations

import pytest

from bot.pipeline.elsewhere import ElsewhereReader, default_reader
from retrieval.text import fold


@pytest.fixture(scope="module")
def reader() -> ElsewhereReader:
    return default_reader()


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("西吉的初中生住校补助给多少", "西吉县"),  # what the place holds: 的 + a subsidy
        ("平凉那边上学要交学费不", "平凉市"),  # 那边 + schooling
        ("会宁县的老师工资比咱们这边高吧", "白银市会宁县"),  # compared with here
        ("兰州是不是也是划片入学", "兰州市"),  # 是不是也
        ("外省的学校也免杂费吗", "外省"),  # a place without a name
        ("Do schools in Guyuan charge for textbooks?", "固原市"),  # English: the thing held "in" the place
    ],
)
def test_another_place_asked_about(reader: ElsewhereReader, question: str, place: str) -> None:
    asked = reader.read(fold(question))
    assert asked is not None and asked.name == place
    assert asked.bureau  # the reply names where to ask instead


@pytest.mark.parametrize(
    "question",
    [
        "在银川打工，娃回海原上学要带啥",  # where the parents work, the child is schooled here
        "从固原转回来的娃能插班不",  # where the child comes from
        "我是甘肃会宁的，在县城开店，娃上学要交借读费吗",  # who the family is
        "娃跟我们在外省上学，老家乡上还管不管",  # the county's own duty is asked
        "爷爷家在同心县，娃和我们住在李俊乡团庄村，明年上初中去哪",  # 和我们 is no comparison
        "随迁子女收费跟本地娃一样吗",  # a comparison inside the county
    ],
)
def test_origin_or_no_other_place(reader: ElsewhereReader, question: str) -> None:
    assert reader.read(fold(question)) is None


def test_there_after_a_place_named_before(reader: ElsewhereReader) -> None:
    # 那边 points back at the place: schooling there is asked about, unless the county's own duty is
    asked = reader.read(fold("我们去内蒙古打工了，娃能在那边报名上小学吗"))
    assert asked is not None and asked.name == "内蒙古自治区"
    assert reader.read(fold("娃跟着去内蒙古了，那边上学办不下来，老家能帮着协调不")) is None


@pytest.mark.parametrize(
    "question",
    [
        "在新疆那边老师下乡有补助，咱这也有吧",
        "西安那边外地娃上学得有居住证，海原也要吗",
    ],
)
def test_heard_of_elsewhere_but_asked_about_here(reader: ElsewhereReader, question: str) -> None:
    assert reader.read(fold(question)) is None


def test_a_comparison_in_the_asking_clause_still_asks_about_the_other_place(reader: ElsewhereReader) -> None:
    asked = reader.read(fold("同心县住校有补助，跟咱这一样不"))
    assert asked is not None and "同心" in asked.name
