"""Look-ups answer only what they hold: a phrase ending in 村/乡/小区 is no unknown place, a data word
(房子, 户口, 时间, 午饭, 电话…) in a question about another matter is no look-up, and the county's
enrolment papers and dates are never given for a place outside it."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant

NOT_LOOKUPS = [
    "县里对城里教师去村上任教有啥鼓励办法",  # 去村上: no place named
    "学校跟乡里签的安全协议管用不",  # 学校跟乡
    "俺们镇上管着五个村小，老师够不够谁说了算",  # 管着五个村
    "新开发小区的配套学校归谁建",  # 新开发小区
    "学校宿舍的房子漏雨了找谁修",  # 房子: not a housing paper
    "娃的户口本上名字写错了咋改",  # 户口本: not for enrolment
    "办低保要带些啥证件",  # papers for another matter
    "学校一天上课时间安排几节课",  # the timetable, not enrolment dates
    "学校中午的午饭菜色谁定",  # lunch, not the meal subsidy
    "课本里的内容是不是年年都换",  # textbooks, not their cost
    "村干部是不是也有劝返辍学娃的责任",  # a duty asked, not a phone
]


@pytest.mark.parametrize("question", NOT_LOOKUPS)
def test_a_question_about_another_matter_is_no_lookup(assistant: Assistant, question: str) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is None, (question, answer.lookup, answer.text[:80])
    assert "我没有找到这个地方" not in answer.text


@pytest.mark.parametrize(
    "question",
    ["银川西夏区的娃上一年级报名要带啥材料", "在固原原州区转学要准备些啥手续", "吴忠利通区一年级啥时候报名"],
)
def test_enrolment_papers_and_dates_are_not_given_for_a_place_outside_the_county(
    assistant: Assistant, question: str
) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is not None and answer.lookup.place_status == "outside_county"
    assert not any(record.startswith("enrollment:") for record in answer.lookup.record_ids)
    assert not answer.answered and "海原县" in answer.text


def test_an_unknown_village_whose_school_is_asked_is_still_asked_back(assistant: Assistant) -> None:
    answer = assistant.answer("俺家在李旺镇刘大庄村，娃上小学去哪")
    assert answer.kind == "clarify" and "刘大庄村" in answer.text


def test_enrolment_papers_still_answer(assistant: Assistant) -> None:
    answer = assistant.answer("娃秋天进一年级，报名得带哪些东西")
    assert answer.lookup is not None and answer.lookup.kind == "materials"
    assert "户口簿" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "俺在固原打工，娃想回海原上学要带啥",  # the parents work outside; the child comes back to the county
        "在内蒙古打工回来，娃上学要带啥",
        "户口迁到县城了，娃上学要带啥",  # a household paper named, but the child's enrolment is asked
        "刚落户到海原，孩子入学要准备哪些材料",
    ],
)
def test_enrolment_in_the_county_is_still_answered_from_its_papers(assistant: Assistant, question: str) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is not None and answer.lookup.kind == "materials", (question, answer.text[:80])
    assert answer.lookup.place_status != "outside_county"


def test_parents_working_outside_with_the_child_at_school_there_is_outside(assistant: Assistant) -> None:
    answer = assistant.answer("俺在中卫打工，娃在那边上小学要带啥证件")
    assert answer.lookup is not None and answer.lookup.place_status == "outside_county"


@pytest.mark.parametrize("question", ["学校要户口本原件吗", "户口簿复印件要几份", "需要哪些证件", "证件要复印几份"])
def test_papers_asked_as_papers_are_the_enrolment_papers(assistant: Assistant, question: str) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is not None and answer.lookup.kind == "materials", (question, answer.text[:80])


def test_a_family_from_another_province_enrolling_in_the_county_gets_the_papers(assistant: Assistant) -> None:
    answer = assistant.answer("我们是甘肃的，在县城租房住，娃要上一年级带啥材料")
    assert answer.lookup is not None and answer.lookup.kind == "materials"
    assert answer.lookup.place_status != "outside_county"


# a grade, a township or 县城 told beside a question of another kind; 学区 and 去哪 asked of something else
NOT_ZONE_QUESTIONS = [
    "县城一年级一个班最多能塞多少娃",
    "孙女在郑旗念五年级，县里那个教育方案是照着啥大会精神定的？",
    "我是红羊乡村小的老师，带的班成绩在学区也算靠前，听说乡下干满十年能优先评优，是真的吗？",
    "邻居盖房把墙砌到俺家宅基地上，宅基地纠纷去哪解决？",
    "县城大班额分流去哪",
]


@pytest.mark.parametrize("question", NOT_ZONE_QUESTIONS)
def test_a_place_or_grade_told_beside_another_question_asks_no_village(assistant: Assistant, question: str) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is None or answer.lookup.kind != "zone", (question, answer.text[:80])
    assert "哪个村" not in answer.text and "我没有找到这个地方" not in answer.text


@pytest.mark.parametrize(
    ("question", "school"),
    [("七营的娃上初中去哪", "七营镇中学"), ("北咀村的娃上三年级", "北咀小学"), ("七营镇北咀村的娃在哪念初中", "七营镇中学")],
)
def test_which_school_is_still_looked_up(assistant: Assistant, question: str, school: str) -> None:
    answer = assistant.answer(question)
    assert answer.lookup is not None and answer.lookup.kind == "zone" and school in answer.text


@pytest.mark.parametrize(
    "question",
    ["我们家在树台乡最里头的一个自然村，娃上学要走十几里山路，县上对山里住得散的地方有啥办法", "编制是不是偏向村小",
     "Someone at a village meeting said the county treats school integration as a political task. Is that in the plan?",
     "yinianji baoming neng zixuan xuexiao ma, bu xiang qu cun li de"],
)
def test_a_word_before_cun_that_names_no_village(assistant: Assistant, question: str) -> None:
    assert "我没有找到这个地方" not in assistant.answer(question).text


def test_a_child_of_an_unknown_village_is_still_asked_back(assistant: Assistant) -> None:
    answer = assistant.answer("关桥乡杏树村小孩上小学去哪")
    assert answer.lookup is not None and answer.lookup.place_status == "unknown" and "杏树村" in answer.text
