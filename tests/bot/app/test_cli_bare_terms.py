"""A question that is only a term of the plan, through `ask --json`: answered by the one section using it, never
declined as out of scope (several sections using it: tests/bot/pipeline/test_bare_term.py)."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {"word": "划片", "what_is": "划片是啥"}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


@pytest.mark.parametrize("key", ["word", "what_is"])
def test_a_term_one_section_uses_is_answered_from_it(answers: dict[str, dict[str, Any]], key: str) -> None:
    answer = answers[key]
    assert answer["outcome"] == "answer" and answer["answered"] is True
    assert answer["sources"][0]["section_id"] == "3.2.5"
    assert answer["choices"] == []
