"""Old or neighbouring names for the plan's terms (retrieval/data/synonyms.yaml) find the plan's section, through `ask --json`."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch

PLAN, NOTICE = "000_8e01929cc9c29c4e", "010_sample_notice_2026"
QUESTIONS = {  # the word people use -> the section that speaks of it under the plan's own word
    "会考": ("初中会考取消了没有", (PLAN, "3.5.16")),  # 学业水平考试
    "暂住证": ("拿着暂住证能给娃在县城报上名吗", (PLAN, "3.6.18")),  # 居住证
    "私立": ("私立学校招生能比公办学校早吗", (NOTICE, "1")),  # 民办…同步招生
    "家里来教": ("娃是残疾走不了路，老师能上家里教不", (PLAN, "3.6.20")),  # 送教上门
    "人大": ("教育工作县政府要给人大汇报不", (PLAN, "4.4")),  # 人民代表大会
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch({key: question for key, (question, _) in QUESTIONS.items()})


@pytest.mark.parametrize("key", list(QUESTIONS))
def test_an_old_name_finds_the_section_of_the_plans_word(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert row["outcome"] == "answer", row["answer"][:80]
    assert row["sources"], row
    first = row["sources"][0]
    assert (first["doc_id"], first["section_id"]) == QUESTIONS[key][1]
