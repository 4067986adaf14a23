from __future__ import annotations

from bot.assistant import Assistant
from bot.pipeline.relevance import content_terms, shares_content


def idf(token: str) -> float:
    return 1.0


def test_content_terms_leave_out_function_generic_and_named_words() -> None:
    terms = content_terms("娃想在海原上小学要带啥材料", idf, frozenset("娃想在上要带啥"), generic=["海原"])
    assert set(terms) == {"小学", "材料"}
    assert "七营" not in content_terms("七营镇的寄宿补助", idf, frozenset("的"), names=["七营镇"])


def test_a_section_shares_a_term_directly_or_through_a_synonym() -> None:
    terms = {"老师": 1.0}
    assert not shares_content("健全教师交流轮岗机制", terms)
    assert shares_content("健全教师交流轮岗机制", terms, {"老师": ("教师",)})


def test_a_section_without_the_questions_terms_is_not_put_under_the_papers(assistant: Assistant) -> None:
    ctx = assistant.run("娃想在海原上小学要带啥材料")
    assert ctx.lead_from == "data" and "户口簿" in ctx.lead
    assert all("大班额" not in quote for quote in ctx.quotes)
