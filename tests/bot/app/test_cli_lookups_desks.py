"""Look-ups asked at the desks where families ask them, through `ask --json` (in process, one batch): papers not had
or lost at the school gate, a step of the calendar named without a date word, the age cut-off by birth month, a
grade told beside the papers asked; services asked as a place to turn to, by an office's own name or its hours, and
who runs them; a school's number form in pinyin; English ordinal grades; services and zones of places outside the
county (neighbouring counties, cities farther away) declined, while a family only working there still gets the
county's contact."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    # the school gate
    "no_certificate": "娃是脑瘫 还没办残疾证 拿医院诊断书可以吗",
    "getting_certificate": "办残疾证需要准备什么材料",
    "lost_paper": "娃打针的预防接种本弄丢了咋办",
    "transfer_letter": "转学申请写些啥",
    "grade_and_papers": "我们从同心县搬到县城民和社区租房住，娃转过来上四年级，需要准备哪些材料",
    "coming_back": "娃在外省念完小学 回老家上初中要户口簿吗",
    "transferred_in": "孩子从县外转进来上三年级 要啥手续",
    "hospital_paper": "残疾孩子没办证 拿县医院开的证明能报名不",
    "typed_birth": "娃的出身证明弄丢了 还能报名吗",
    "english_lost": "We lost our son's vaccination record, what now?",
    # the phone line
    "step_named": "报名交的材料审核没通过 学校会咋通知",
    "birth_month": "娃10月份生的 今年能报一年级吗",
    "english_ordinal": "When do eighth graders go back to school?",
    "report_to_school": "When should first graders report to school?",
    # the township
    "turn_to_topic": "有没有专门管学生补助政策咨询的单位",
    "lost_schooling": "关桥乡有人管失学的娃吗",
    "office_by_name": "县学生资助管理中心是管啥的",
    "office_hours": "送教上门的中心节假日上班吗",
    "run_by": "县留守儿童关爱服务中心归哪个单位",
    "office_duties": "县教育局都管些啥",
    "meal_whom": "学校营养餐的事找谁问",
    "age_told_whom": "隔壁娃都够岁数了还没入学 向谁反映",
    "closing_time": "心理健康指导中心几点下班",
    "english_aid": "Who handles financial aid for pupils?",
    "english_skipping": "My daughter keeps skipping school, who do I call?",
    "county_asked_by_teacher": "我在海原县第四中学当老师，有个学生情绪不对，县上有没有心理方面能求助的地方",
    # the school office
    "numbered_pinyin": "haiyuan qixiao you meiyou guanaishi",
    "boarding_money": "娃在学校住着 家里穷 初中一年补多少",
    # places outside the county
    "outside_service": "同心县的留守娃有人管吗 电话多少",
    "outside_contact": "原州区的娃辍学了找谁",
    "outside_city": "我们一家在深圳 娃上哪个小学",
    "outside_like_township": "三河市的娃上初中去哪",
    "working_outside": "在深圳打工 娃在李旺镇老家不念书了 找谁",
    "child_went_there": "村里有个娃跟着大人去新疆摘棉花了 一学期没来学校 找谁",
    "english_county_named": "I work in Yinchuan and my daughter lives in Haiyuan with her grandma. Who helps left-behind children?",
    "not_coming_back": "我们是会宁的 在县城做生意 回老家没人带娃 娃上一年级要啥材料",
    # the village committee: a village named without 村 that the data does not hold
    "bare_then_child": "俺家在关桥乡罗家湾 娃上小学去哪",
    "bare_then_lives": "我们在史店乡石家咀住 娃上初中",
    "bare_as_identity": "俺是杨家峁的 娃上一年级去哪个学校",
    "bare_known": "俺家在关桥乡方堡 娃上小学去哪",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def ids(row: dict[str, Any]) -> list[str]:
    return list((row["lookup"] or {}).get("record_ids") or [])


def kind(row: dict[str, Any]) -> str | None:
    return (row["lookup"] or {}).get("kind")


def test_a_paper_not_had_or_lost_is_answered_from_its_row(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["no_certificate"]  # 没办残疾证: not the matter of getting one (办残疾证 alone is)
    assert kind(row) == "materials" and "enrollment:CJ-01" in ids(row)
    assert "诊断证明" in row["answer"]
    assert not any(record.startswith("enrollment:") for record in ids(answers["getting_certificate"]))
    lost = answers["lost_paper"]
    assert kind(lost) == "materials" and ids(lost)[:1] == ["enrollment:BD1-03"] and "补种" in lost["answer"]
    letter = answers["transfer_letter"]
    assert kind(letter) == "materials" and "enrollment:ZX-01" in ids(letter)


def test_a_grade_told_beside_the_papers_asked_is_no_zone_question(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["grade_and_papers"]
    assert kind(row) == "materials"
    assert {"enrollment:ZX-01", "enrollment:ZX-02", "enrollment:ZX-03"} <= set(ids(row))
    assert "转学申请" in row["answer"]


def test_a_step_named_and_the_age_by_birth_month_are_calendar_rows(answers: dict[str, dict[str, Any]]) -> None:
    step = answers["step_named"]  # no date word: the 审核 row says how a problem is told
    assert kind(step) == "calendar" and "enrollment:RC-02" in ids(step) and "电话通知" in step["answer"]
    month = answers["birth_month"]
    assert kind(month) == "calendar" and ids(month) == ["enrollment:BD1-01"] and "8月31日" in month["answer"]


def test_english_ordinal_grades_and_report_to_school(answers: dict[str, dict[str, Any]]) -> None:
    eighth = answers["english_ordinal"]  # eighth grade: the junior school's dates, not the first grade's
    assert kind(eighth) == "calendar" and "enrollment:RC-06" in ids(eighth)
    first = answers["report_to_school"]  # "report to school" is no complaint
    assert ids(first) == ["enrollment:RC-04"]


def test_services_asked_as_a_place_to_turn_to_by_name_or_hours(answers: dict[str, dict[str, Any]]) -> None:
    assert ids(answers["turn_to_topic"]) == ["services:SV-ZZ"]
    assert "0955-0000101" in answers["turn_to_topic"]["answer"]
    assert ids(answers["lost_schooling"]) == ["services:SV-KC-GQ"]  # 失学: a child out of school
    assert ids(answers["office_by_name"]) == ["services:SV-ZZ"]
    hours = answers["office_hours"]
    assert kind(hours) == "contact" and ids(hours) == ["services:SV-SJ"]


def test_a_service_says_who_runs_it_when_its_name_does_not(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["run_by"]
    assert "services:SV-LS" in ids(row) and "海原县民政局" in row["answer"]


def test_a_school_number_form_in_pinyin_and_boarding_money(answers: dict[str, dict[str, Any]]) -> None:
    school = answers["numbered_pinyin"]  # haiyuan qixiao: 海原七小
    assert kind(school) == "school_fact" and ids(school) == ["schools:HY-X7"]
    money = answers["boarding_money"]  # 在学校住 + 补多少: the boarding subsidy
    assert kind(money) == "subsidy" and ids(money) == ["subsidies:LMYB-JSS-CZ"] and "1250" in money["answer"]


@pytest.mark.parametrize("key", ["outside_service", "outside_contact", "outside_city", "outside_like_township"])
def test_places_outside_the_county_are_declined_with_their_own_bureau(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]
    assert row["lookup"]["place_status"] == "outside_county" and ids(row) == []
    assert row["outcome"] == "decline" and not row["answered"] and "教育局" in row["answer"]
    assert "0955-" not in row["answer"]


def test_a_family_only_working_outside_still_gets_the_county_contact(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["working_outside"]
    assert ids(row) == ["services:SV-KC"] and row["answered"]


@pytest.mark.parametrize("key", ["bare_then_child", "bare_then_lives", "bare_as_identity"])
def test_a_village_named_without_its_suffix_that_the_data_lacks_is_asked_back(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]  # never the township's schools for a name the data does not hold
    assert row["lookup"]["place_status"] == "unknown" and ids(row) == []
    assert row["outcome"] == "clarify" and "我没有找到这个地方" in row["answer"]


def test_a_village_named_without_its_suffix_that_the_data_holds_is_found(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["bare_known"]
    assert row["lookup"]["place_status"] == "found" and "schools:GQ-FB" in ids(row)


def test_a_child_coming_back_or_transferred_in_and_a_hospital_paper(answers: dict[str, dict[str, Any]]) -> None:
    back = answers["coming_back"]  # 外省 + 回老家, no other migrant word: a child of the county (县外回流)
    assert kind(back) == "materials" and ids(back) == ["enrollment:BD7-02"]
    moved = answers["transferred_in"]  # 转进来: a transfer
    assert {"enrollment:ZX-01", "enrollment:ZX-03"} <= set(ids(moved))
    paper = answers["hospital_paper"]  # 医院开的证明: the 诊断证明 of the disability row
    assert kind(paper) == "materials" and "enrollment:CJ-01" in ids(paper)


def test_an_office_by_what_it_does_a_topic_by_its_subsidy_and_whom_to_tell(answers: dict[str, dict[str, Any]]) -> None:
    assert ids(answers["office_duties"]) == ["services:SV-JYJ"]
    assert ids(answers["meal_whom"]) == ["services:SV-ZZ"]  # 营养餐 is a subsidy's topic: 资助
    told = answers["age_told_whom"]  # the age told, whom to tell asked: not the age cut-off
    assert kind(told) == "contact" and ids(told) == ["services:SV-KC"]
    closing = answers["closing_time"]
    assert kind(closing) == "contact" and ids(closing) == ["services:SV-XL"] and "17:00" in closing["answer"]


def test_papers_typed_or_asked_in_english_and_english_services(answers: dict[str, dict[str, Any]]) -> None:
    typed = answers["typed_birth"]  # 出身证明 typed for 出生证明, lost
    assert kind(typed) == "materials" and ids(typed)[:1] == ["enrollment:BD1-02"]
    lost = answers["english_lost"]
    assert kind(lost) == "materials" and ids(lost)[:1] == ["enrollment:BD1-03"]
    assert ids(answers["english_aid"]) == ["services:SV-ZZ"]
    assert ids(answers["english_skipping"]) == ["services:SV-KC"]


def test_a_child_who_went_outside_or_a_family_working_there_still_gets_the_county(answers: dict[str, dict[str, Any]]) -> None:
    went = answers["child_went_there"]  # 去新疆: the child went there; the county's 控辍保学 answers for it
    assert "services:SV-KC" in ids(went) and went["lookup"]["place_status"] != "outside_county"
    english = answers["english_county_named"]  # the county named in letters: Yinchuan is where the parent works
    assert ids(english) == ["services:SV-LS"] and english["lookup"]["place_status"] != "outside_county"
    migrant = answers["not_coming_back"]  # 回老家没人带: not a child coming back
    assert kind(migrant) == "materials" and "enrollment:SQ1-01" in ids(migrant)


def test_a_place_to_turn_to_asked_of_the_county_by_a_school_s_teacher(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["county_asked_by_teacher"]  # the county's service, not the counselling room of the teacher's school
    assert kind(row) == "service" and ids(row) == ["services:SV-XL"] and "0955-0000105" in row["answer"]
