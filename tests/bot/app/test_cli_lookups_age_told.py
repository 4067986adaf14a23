"""Look-ups through `ask --json` (in process, one batch): a child's age told beside a paper asked to bring (今年满六岁了，
出生证要带吗) asks for that paper, not the enrolment dates; an age asked (满六岁能上吗) or a date asked beside the papers
still gets the calendar. The enrolment step of checking the papers asked in English (when are they reviewed) gets that
step's dates."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "age_told_birth_paper": "娃今年满六岁了 报名出生证要带吗",
    "age_told_vaccine_migrant": "俺们在县城打工 娃今年刚满6岁 上一年级打针本要带不",
    "age_told_lost_paper": "孙女已经满六岁了，户口在海原，报一年级身份证找不见了，非要带吗",
    "review_in_english": "grade one enrolment: on what dates are the documents reviewed?",
    # controls
    "age_asked": "孩子九月才满六岁 今年能报一年级吗",
    "age_told_date_asked": "娃满六岁了 一年级啥时候报名 要带出生证吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def ids(row: dict[str, Any]) -> list[str]:
    return list((row["lookup"] or {}).get("record_ids") or [])


def kind(row: dict[str, Any]) -> str | None:
    return (row["lookup"] or {}).get("kind")


@pytest.mark.parametrize(
    ("key", "record"),
    [("age_told_birth_paper", "enrollment:BD1-02"), ("age_told_vaccine_migrant", "enrollment:SQ1-05"),
     ("age_told_lost_paper", "enrollment:BD1-04")],
)
def test_an_age_told_beside_a_paper_asked_to_bring_gets_that_paper(answers: dict[str, dict[str, Any]], key: str, record: str) -> None:
    row = answers[key]
    assert kind(row) == "materials" and record in ids(row)


def test_an_age_asked_still_gets_the_calendar(answers: dict[str, dict[str, Any]]) -> None:
    assert kind(answers["age_asked"]) == "calendar"


def test_a_date_asked_beside_the_papers_still_gets_the_calendar(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["age_told_date_asked"]
    assert kind(row) == "calendar" and "enrollment:RC-01" in ids(row)


def test_the_papers_check_asked_in_english_gets_that_step_s_dates(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["review_in_english"]
    assert kind(row) == "calendar" and "enrollment:RC-02" in ids(row) and "7月1日" in row["answer"]
