"""What a subsidy question reads first, through `ask --json`: when it is paid (the record's 申请/发放), whether
there is such aid (the record with its amount), and never a pupil's aid for a teacher."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "pay_day": "寄宿生补助哪天打到卡上",
    "amount": "寄宿生补助一年多少钱",
    "exists": "娃住校有补助没",
    "teacher": "老师住校有补助没",
    "fee_bu": "娃念书要交学费不",  # the dialect's yes/no: …不 at the end
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def _first_line(answer: dict[str, Any]) -> str:
    return str(answer["answer"]).split("\n", 1)[0]


def test_when_it_is_paid_is_answered_by_how_it_is_paid(answers: dict[str, dict[str, Any]]) -> None:
    first = _first_line(answers["pay_day"])
    assert "按学期发放" in first and "元" not in first
    assert "元" in _first_line(answers["amount"])  # the amount still answers 多少钱


def test_whether_there_is_aid_is_answered_by_the_record(answers: dict[str, dict[str, Any]]) -> None:
    first = _first_line(answers["exists"])
    assert first.startswith("家庭经济困难寄宿生生活费补助") and "1000元" in first
    assert not first.startswith(("有。", "没有。"))  # the aid is for families in hardship: no bare yes


def test_a_teacher_gets_no_pupils_aid(answers: dict[str, dict[str, Any]]) -> None:
    answer = answers["teacher"]
    assert "寄宿生生活费补助" not in _first_line(answer)
    assert not any("LMYB-JSS" in r for r in (answer.get("lookup") or {}).get("record_ids") or [])


def test_a_fee_asked_with_a_final_bu_is_answered_by_the_waiver_field(answers: dict[str, dict[str, Any]]) -> None:
    first = _first_line(answers["fee_bu"])
    assert first.startswith("不用交。") and "免除学杂费" in first and "高中" not in first
