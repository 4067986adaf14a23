"""Look-ups asked as voice input and as elders speak, through `ask --json` (in process, one batch): a checklist of
papers (就这些吗, 光带户口本行不行) answered with the whole list, a paper not on the list (准生证, 低保本) answered with the
list, a child coming back from the parents' work outside enrolled as the county's own; a neighbouring county's town
named alone (even when it shares a stem with a village of the county) and a county or town typed by its sound are
declined with that place's bureau, while the county's own villages keep their schools."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    # papers
    "checklist_named": "户口本 身份证 就这些吗 还要啥别的",
    "checklist_only": "报名只带个出生证行不行 别的还要不",
    "checklist_pair": "出生证 打针本就这俩 够不够",
    "checklist_enough": "上一年级报名 带个户口本就行了吧",
    "single_paper": "报名户口本要带吗",
    "unlisted_paper": "娃上一年级报名 结婚证要不要",
    "back_from_work": "俺们在吴忠打工 娃回老家上初中 要带户口簿不",
    # towns of neighbouring counties, named alone
    "town_shares_stem": "新堡镇娃上小学在哪",
    "town_shares_stem_2": "大沟镇的娃上初中去哪",
    "town_alone": "下马关镇的娃上哪个学校",
    "village_of_county": "曹洼乡新堡村娃上小学在哪",
    "bare_village_of_county": "大沟村的娃上初中去哪",
    # typed by sound
    "county_by_sound": "西机县的娃上初中去哪",
    "town_by_sound": "三赢镇娃上哪个小学",
    "county_township": "七营镇的娃上初中去哪",  # sounds like none of the neighbours' (三营镇)
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def ids(row: dict[str, Any]) -> list[str]:
    return list((row["lookup"] or {}).get("record_ids") or [])


def kind(row: dict[str, Any]) -> str | None:
    return (row["lookup"] or {}).get("kind")


FIRST_GRADE = {f"enrollment:BD1-0{n}" for n in range(1, 6)}


@pytest.mark.parametrize("key", ["checklist_named", "checklist_only", "checklist_pair", "checklist_enough"])
def test_a_checklist_of_papers_gets_the_whole_list(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]
    assert kind(row) == "materials" and set(ids(row)) >= FIRST_GRADE


def test_a_single_paper_asked_stays_that_paper(answers: dict[str, dict[str, Any]]) -> None:
    assert ids(answers["single_paper"])[:1] == ["enrollment:BD1-01"] and len(ids(answers["single_paper"])) == 1


def test_a_paper_not_on_the_list_gets_the_list(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["unlisted_paper"]
    assert kind(row) == "materials" and set(ids(row)) >= FIRST_GRADE


def test_a_child_back_from_the_parents_work_outside_enrols_as_the_county_s_own(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["back_from_work"]
    assert kind(row) == "materials" and ids(row) == ["enrollment:BD7-02"]


@pytest.mark.parametrize(
    ("key", "bureau"),
    [("town_shares_stem", "中宁县教育局"), ("town_shares_stem_2", "会宁县教育局"), ("town_alone", "同心县教育局"),
     ("county_by_sound", "西吉县教育局"), ("town_by_sound", "原州区教育局")],
)
def test_a_neighbouring_town_alone_or_by_sound_is_declined_with_its_bureau(answers: dict[str, dict[str, Any]], key: str, bureau: str) -> None:
    row = answers[key]
    assert row["lookup"]["place_status"] == "outside_county" and ids(row) == []
    assert row["outcome"] == "decline" and not row["answered"] and bureau in row["answer"]


@pytest.mark.parametrize(
    ("key", "school"),
    [("village_of_county", "schools:CW-X"), ("bare_village_of_county", "schools:JC-J9"), ("county_township", "schools:QY-Z")],
)
def test_the_county_s_own_places_keep_their_schools(answers: dict[str, dict[str, Any]], key: str, school: str) -> None:
    row = answers[key]
    assert row["lookup"]["place_status"] != "outside_county" and school in ids(row)
