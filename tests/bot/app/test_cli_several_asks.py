"""A message of several asks through `ask --json`: each ask answered in the order asked, the JSON's shape kept."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.app.conftest import AskBatch

QUESTIONS = {
    "numbered": "@姐 帮我问下 1.残疾娃能不能送教上门 2.随迁子女入学要带什么材料",
    "by_the_way": "随迁子女入学要带什么材料？顺便问下残疾娃能不能送教上门",
    "one_ask": "残疾娃能不能送教上门",
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def test_each_ask_gets_a_line_in_the_order_asked(rows: dict[str, dict[str, Any]]) -> None:
    row = rows["numbered"]
    assert row["outcome"] == "answer" and row["answered"] is True and row["choices"] == []
    lines = row["answer"].split("\n")
    assert lines[0] == "您这条消息问了2件事，逐条回答："
    assert lines[1].startswith("①") and lines[2].startswith("②")
    assert "送教上门" in lines[1]
    assert [s["section_id"] for s in row["sources"]][:1] == ["3.6.20"]
    assert "3.6.18" in [s["section_id"] for s in row["sources"]]
    assert row["asks"] == [
        {"question": "@姐 帮我问下 残疾娃能不能送教上门", "outcome": "answer", "doc_id": "000_8e01929cc9c29c4e", "section_id": "3.6.20"},
        {"question": "随迁子女入学要带什么材料", "outcome": "answer", "doc_id": row["asks"][1]["doc_id"],
         "section_id": row["asks"][1]["section_id"]},
    ]
    assert row["asks"][1]["section_id"] in {s["section_id"] for s in row["sources"]}


def test_the_json_keeps_every_field(rows: dict[str, dict[str, Any]]) -> None:
    assert set(rows["by_the_way"]) == set(rows["one_ask"])
    assert rows["by_the_way"]["answer"].startswith("您这条消息问了2件事")


def test_the_users_words_are_not_echoed(rows: dict[str, dict[str, Any]]) -> None:
    assert "@姐" not in rows["numbered"]["answer"] and "帮我问下" not in rows["numbered"]["answer"]


def test_one_ask_reads_as_before(rows: dict[str, dict[str, Any]]) -> None:
    assert not rows["one_ask"]["answer"].startswith("您这条消息问了")
    assert rows["one_ask"]["asks"] == []
