"""The answer's outcome and choices as every channel and `ask --json` see them."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Choice


@pytest.mark.parametrize(
    ("kind", "answered", "outcome"),
    [("answer", True, "answer"), ("approved", True, "answer"), ("clarify", False, "clarify"), ("decline", False, "decline"),
     ("refusal", False, "refuse"), ("chitchat", False, "chitchat")],
)
def test_outcome_is_derived_from_kind(kind: str, answered: bool, outcome: str) -> None:
    answer = Answer("q", "t", answered, kind=kind, choices=[Choice("关桥乡", "关桥乡新庄村")])
    data = answer.as_dict()
    assert data["outcome"] == outcome
    assert data["answered"] is (outcome == "answer")
    expected = [{"label": "关桥乡", "reply": "关桥乡新庄村", "doc_id": None, "section_id": None, "heading": None, "path": None}]
    assert data["choices"] == (expected if outcome == "clarify" else [])


def test_a_section_choice_carries_its_section() -> None:
    choice = Choice("留守儿童关爱", "留守儿童关爱是怎么规定的", "doc", "3.6.19", "19.关爱留守儿童", ["三、工作任务"])
    assert choice.as_dict() == {
        "label": "留守儿童关爱", "reply": "留守儿童关爱是怎么规定的", "doc_id": "doc", "section_id": "3.6.19",
        "heading": "19.关爱留守儿童", "path": ["三、工作任务"],
    }
