"""A school named by a number the data does not hold (海原八小, 七营镇第二中学, 海原一中), asked for its own facts or
phone, is declined through `ask --json` as a school the data does not hold, with the bureau's contact: never
another school's facts, never a plan clause. Known schools (by number or name) and a village's primary school
asked as its zone keep their answers."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "numbered_boarding": "海原八小能住校不",
    "township_numbered_phone": "七营镇第二中学电话多少",
    "short_numbered_room": "七营二中有心理咨询室没",
    "high_school": "海原一中住校一学期多少钱",
    "known_by_number": "海原一小电话多少",
    "known_by_name": "海原县第一小学能住校吗",
    "village_school_zone": "东关社区初中对口哪个",
    "numbered_not_asked": "听说县城要新盖一个海原八小，真的吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


@pytest.mark.parametrize(("key", "school"), [("numbered_boarding", "海原八小"), ("township_numbered_phone", "七营镇第二中学"),
                                             ("short_numbered_room", "七营二中"), ("high_school", "海原一中")])
def test_a_numbered_school_the_data_lacks_is_declined_as_such(answers: dict[str, dict[str, Any]], key: str, school: str) -> None:
    row = answers[key]
    assert row["lookup"] == {"kind": "school_fact", "place_status": "unknown", "record_ids": []}
    assert row["outcome"] == "decline" and row["answered"] is False
    assert row["answer"].startswith(f"县学校资料里没有“{school}”") and "0955-0000001" in row["answer"]
    assert not row["sources"] or all(s.get("kind") != "policy" for s in row["sources"])


def test_known_schools_keep_their_facts(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["known_by_number"]["lookup"]["record_ids"] == ["schools:HY-X1"]
    assert answers["known_by_name"]["lookup"]["record_ids"] == ["schools:HY-X1"]
    assert all(answers[k]["outcome"] == "answer" for k in ("known_by_number", "known_by_name"))


def test_a_place_and_a_level_asked_as_a_zone_is_no_unknown_school(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["village_school_zone"]
    assert row["lookup"]["kind"] == "zone" and row["lookup"]["place_status"] == "found"


def test_a_numbered_school_named_without_asking_its_facts_is_left_to_the_plan(answers: dict[str, dict[str, Any]]) -> None:
    assert (answers["numbered_not_asked"]["lookup"] or {}).get("place_status") != "unknown"
