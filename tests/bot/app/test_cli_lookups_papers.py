"""Enrolment papers as families name them, through `ask --json` (the classes lookups_dev10 found):

- an item of two papers (the transfer's 户口簿或居住证) is named by either paper;
- a disability named by its kind or by what the child cannot do (自闭症, 脑瘫, 听不见) asks for the 残疾儿童 list;
- the work paper by its everyday names (在职证明, employment contract), a bare 合同 only when no house is bought or
  rented by it; the vaccination paper as 免疫本;
- a transfer application asked with 转校; a village school (教学点) is schooling, so its papers are looked up;
- in English, "when" joining a clause (when registering) asks no date, while "when do we register" does; the
  disability card, a diagnosis and the student status record are named in English; a child back from outside the
  county said in pinyin (cong waixian huilai shang chuzhong) enrols as the county's own;
- 外地 where someone is (他爸在外地) is not where the family is from: the child enrols as the county's own, while
  外地来的 is a migrant family.
"""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "transfer_household": "县内转学要户口簿吗",
    "transfer_permit": "转学到海原要居住证吗",
    "autism": "孩子是自闭症，上一年级要准备啥证明",
    "palsy": "娃脑瘫 报名带什么",
    "deaf": "娃耳朵听不见戴助听器，上一年级要带啥",
    "work_paper": "外地来的，娃上小学要开在职证明吗",
    "work_paper_english": "do we need an employment contract for first grade, we came from gansu",
    "rent_contract": "租房合同能当住房证明吗",
    "vaccination_lost": "免疫本找不到了，娃报名咋办",
    "transfer_application": "转校得交申请不",
    "village_school_house": "住在乡下，娃上教学点要带房本吗",
    "when_joining": "do we bring the household register when enrolling for grade one?",
    "when_asking": "when do we register for grade one?",
    "diagnosis_english": "no disability card yet, will a hospital diagnosis do for first grade?",
    "status_english": "changing schools: who moves the student status record?",
    "returning_pinyin": "cong waixian huilai shang chuyi yao hukouben ma",
    "parent_away": "娃他爸在外地上班，报名一年级出生证要带吗",
    "family_from_outside": "俺们是外地来的，报名一年级出生证要带吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def _ids(row: dict[str, Any]) -> list[str]:
    return (row["lookup"] or {}).get("record_ids") or []


@pytest.mark.parametrize("key", ["transfer_household", "transfer_permit"])
def test_either_paper_of_a_two_paper_item_names_it(answers: dict[str, dict[str, Any]], key: str) -> None:
    assert _ids(answers[key]) == ["enrollment:ZX-03"]
    assert answers[key]["answer"].startswith("户口簿或居住证：县内转学提供户口簿")


@pytest.mark.parametrize("key", ["autism", "palsy", "deaf"])
def test_a_disability_named_by_its_kind_gets_the_disabled_child_list(answers: dict[str, dict[str, Any]], key: str) -> None:
    assert _ids(answers[key])[:2] == ["enrollment:CJ-01", "enrollment:CJ-02"]
    assert "enrollment:BD1-01" not in _ids(answers[key])


@pytest.mark.parametrize(("key", "record"), [("work_paper", "enrollment:SQ1-02"), ("work_paper_english", "enrollment:SQ1-02"),
                                             ("rent_contract", "enrollment:BD1-05"), ("vaccination_lost", "enrollment:BD1-03"),
                                             ("transfer_application", "enrollment:ZX-01"),
                                             ("village_school_house", "enrollment:BD1-05")])
def test_a_paper_by_its_everyday_name_is_that_row(answers: dict[str, dict[str, Any]], key: str, record: str) -> None:
    row = answers[key]
    assert _ids(row) == [record] and row["lookup"]["kind"] == "materials" and row["answered"] is True


def test_when_joining_a_clause_asks_no_date(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["when_joining"]["lookup"]["kind"] == "materials"
    assert "enrollment:BD1-01" in _ids(answers["when_joining"])
    assert answers["when_asking"]["lookup"]["kind"] == "calendar"
    assert "enrollment:RC-01" in _ids(answers["when_asking"])


@pytest.mark.parametrize(("key", "record"), [("diagnosis_english", "enrollment:CJ-01"), ("status_english", "enrollment:ZX-02"),
                                             ("returning_pinyin", "enrollment:BD7-02")])
def test_papers_and_situations_said_in_letters(answers: dict[str, dict[str, Any]], key: str, record: str) -> None:
    assert answers[key]["lookup"]["kind"] == "materials" and _ids(answers[key])[0] == record


def test_a_parent_away_is_no_migrant_family(answers: dict[str, dict[str, Any]]) -> None:
    assert _ids(answers["parent_away"]) == ["enrollment:BD1-02"]
    assert _ids(answers["family_from_outside"]) == ["enrollment:SQ1-04"]
