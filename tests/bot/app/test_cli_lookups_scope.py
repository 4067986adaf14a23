"""What the school data's look-ups do not answer, through `ask --json` (the classes policy_dev8's out-of-scope
questions found):

- the data's enrolment papers and dates are a compulsory school's: a kindergarten, senior high or university named
  with no compulsory level or grade gets neither (a child leaving kindergarten for grade one still gets both);
- a holiday (国庆放几天假) is no enrolment date;
- the day a subsidy is paid is no step of enrolment;
- "Xi'an" typed in letters is the city, not the county's 西安村 (xian cun still is);
- whether the family may choose the school (择校, 挑学校) is answered by the plan's 划片就近入学, not asked back as a
  place's 划片.
"""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "kindergarten_dates": "娃今年四岁半，县城公办幼儿园报名几号开始",
    "kindergarten_papers": "上幼儿园要带啥材料",
    "senior_high_papers": "娃考上高中了，报到要带啥证件",
    "university_dates": "高校专项计划的报名时间是什么时候",
    "kindergarten_then_grade_one": "娃幼儿园毕业了上一年级要带啥",
    "kindergarten_then_primary_dates": "幼儿园大班的娃明年上小学几号报名",
    "holiday": "今年国庆节中小学放几天假",
    "subsidy_day": "娃在老家住校，这学期的寄宿生补助哪天打到卡上",
    "registration_day": "娃在老家上一年级，哪天报名",
    "xian_city": "My daughter got into a university in Xi'an. How do I apply for a student loan?",
    "xian_village": "xian cun de wa shang na ge xiao xue",
    "choose": "可以择校吗",
    "pick": "我孫子明年上一年級，能不能隨便挑個學校上？",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


@pytest.mark.parametrize("key", ["kindergarten_dates", "kindergarten_papers", "senior_high_papers", "university_dates",
                                 "holiday", "xian_city"])
def test_what_the_data_does_not_hold_gets_no_look_up(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]
    assert row["lookup"] is None
    assert "enrollment.csv" not in row["answer"] and "zones.csv" not in row["answer"]


def test_the_day_a_subsidy_is_paid_gets_the_subsidy_not_the_enrolment_dates(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["subsidy_day"]
    assert row["lookup"]["kind"] == "subsidy"
    assert "报到" not in row["answer"] and "报名" not in row["answer"]


@pytest.mark.parametrize(("key", "kind"), [("kindergarten_then_grade_one", "materials"),
                                           ("kindergarten_then_primary_dates", "calendar"),
                                           ("registration_day", "calendar"), ("xian_village", "zone")])
def test_a_compulsory_school_question_keeps_its_look_up(answers: dict[str, dict[str, Any]], key: str, kind: str) -> None:
    assert answers[key]["lookup"]["kind"] == kind


def test_whether_one_may_choose_the_school_is_answered_by_the_zone_rule(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["choose"]
    assert (row["outcome"], row["lookup"]) == ("answer", None)
    assert row["sources"][0]["section_id"] == "3.2.5"
    assert "划片就近入学" in row["answer"].split("\n")[0]


def test_whether_one_may_pick_the_school_is_not_asked_back_as_a_place(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["pick"]  # the section found is the retriever's (the fake embedder here): no 划片 look-up asks back
    assert row["lookup"] is None and row["outcome"] != "clarify"
