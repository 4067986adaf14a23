"""An amount the asker states about a subsidy (听说…一年补1250块，是真的吗) is checked against the subsidy data through
`ask --json`: the record that states it answers; an amount no record states is declined with the record that does."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "stated_true": "听说初中困难寄宿生一年补1250块，是真的吗",
    "stated_false": "听说小学寄宿生一年补2000元，是真的吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def test_an_amount_the_data_states_is_answered_by_its_record(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["stated_true"]
    assert row["outcome"] == "answer" and row["lookup"]["kind"] == "subsidy"
    assert "subsidies:LMYB-JSS-CZ" in row["lookup"]["record_ids"] and "1250元" in row["answer"].split("\n")[0]


def test_an_amount_no_record_states_is_declined_with_the_record_that_does(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["stated_false"]
    assert row["outcome"] == "decline" and row["answered"] is False
    assert "2000" not in row["answer"].replace("2000元，是真的吗", "") and "1000元" in row["answer"]
