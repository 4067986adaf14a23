"""A question about the earlier rule is answered by the older document's clause, marked as such (bot/data/earlier_rule.yaml);
a question about today's rule by the newer one. Through `ask --json`."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch, first_line

QUESTIONS = {
    "earlier": "以前的老方案里骨干教师交流轮岗比例定的是多少",
    "year": "2019年的方案里县城老师交流轮岗比例是多少",
    "today": "现在县城老师交流轮岗比例是多少",
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch(QUESTIONS)


@pytest.mark.parametrize(("key", "figure"), [("earlier", "20%"), ("year", "10%")])
def test_the_earlier_rule_opens_with_its_own_figure_marked_as_earlier(rows: dict[str, dict], key: str, figure: str) -> None:
    line = first_line(rows[key])
    assert line.startswith("此前的规定（《实施方案》）：") and figure in line
    assert "15%" in rows[key]["answer"]  # today's rule still follows, as the source


def test_todays_rule_opens_with_the_newer_figure(rows: dict[str, dict]) -> None:
    line = first_line(rows["today"])
    assert "15%" in line and not line.startswith("此前的规定")
