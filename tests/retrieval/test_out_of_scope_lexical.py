from __future__ import annotations

from retrieval.out_of_scope import LexicalNegatives, load_positive_questions


def test_share_leans_to_the_closer_side() -> None:
    matcher = LexicalNegatives(["寄宿生生活补助一年多少钱", "一年级几号报名"], ["驾校学费一般多少钱", "县图书馆几点开门"])
    assert matcher.share("驾校的学费多少钱") > 0.6
    assert matcher.share("寄宿生补助多少钱") < 0.4
    assert matcher.share("完全无关") == 0.0


def test_positive_questions_hold_the_data_kinds_too() -> None:
    questions = load_positive_questions()
    assert len(questions) > 100
    assert LexicalNegatives.load() is LexicalNegatives.load()  # built once per process
