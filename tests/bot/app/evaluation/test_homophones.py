"""The homophone figure (bot/app/evaluation/homophones.py): which characters are replaced, and how it is scored."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from bot.app.evaluation.dataset import Question
from bot.app.evaluation.homophones import corrupt, homophone_pool, robustness
from knowledge.schooldata.sounds import primary_reading

POOL = homophone_pool(["补助主住", "轮岗论", "寄宿既", "学生", "A1，"])


def test_the_pool_groups_characters_read_the_same_and_drops_those_without_a_homophone() -> None:
    assert POOL["zhu"] == tuple(sorted("助主住"))
    assert POOL["lun"] == tuple(sorted("轮论"))
    assert "gang" not in POOL and "sheng" not in POOL  # one character only: nothing to confuse it with
    assert all(len(chars) > 1 for chars in POOL.values())


def test_corrupt_replaces_exactly_n_characters_by_homophones() -> None:
    question = "寄宿生补助，轮岗几年？"
    for seed in range(20):
        changed = corrupt(question, POOL, random.Random(seed), 2)
        assert len(changed) == len(question)
        places = [i for i, (a, b) in enumerate(zip(question, changed, strict=True)) if a != b]
        assert len(places) == 2
        assert all(primary_reading(question[i]) == primary_reading(changed[i]) for i in places)
    assert corrupt(question, POOL, random.Random(3), 2) == corrupt(question, POOL, random.Random(3), 2)


def test_corrupt_changes_no_more_than_the_characters_that_have_a_homophone() -> None:
    assert corrupt("学生 ok", POOL, random.Random(1), 2) == "学生 ok"
    assert sum(a != b for a, b in zip("助学生", corrupt("助学生", POOL, random.Random(1), 3), strict=True)) == 1


def test_robustness_scores_the_clean_and_the_changed_questions_alike() -> None:
    def respond(question: str) -> tuple[Any, Any]:
        # answers the gold section only while 补助 is spelt right
        section = "3.6.21" if "补助" in question else "1"
        answer = SimpleNamespace(outcome="answer", kind="answer", sources=[SimpleNamespace(doc_id="", section_id=section, kind="policy")],
                                 choices=[])
        return answer, SimpleNamespace(retrieval=SimpleNamespace(hits=[]))

    items = [Question("q1", "补助", ["3.6.21"], "answerable"), Question("q2", "补助", ["1"], "answerable")]
    figures = robustness(respond, items, homophone_pool(["补助捕住"]), counts=(1,))
    assert figures["top1_clean"] == 0.5
    assert figures["top1_1"] == 0.5  # q1 lost, q2 gained: both changed questions lose 补助
    assert figures["n"] == 2
