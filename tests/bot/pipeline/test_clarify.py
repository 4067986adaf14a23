"""Clarify: an unsure match offers the likeliest sections by their plain labels; a number picks one, which answers."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.pipeline.clarify import SectionLabels, numbered
from bot.pipeline.context import Conversation, Turn
from bot.texts import AssistantTexts
from knowledge.schooldata import SchoolDirectory
from retrieval.scope import ScopeModel
from tests.bot.conftest import make_retriever

QUESTION = "补助是咋回事"


@pytest.fixture(scope="module")
def unsure(texts: AssistantTexts, directory: SchoolDirectory) -> Assistant:
    # every in-scope question counts as unsure: the boundaries, not the wording, decide
    scope = ScopeModel({}, 10.0, threshold=0.5, clarify_below=1.01)
    return Assistant(make_retriever(scope), texts, directory)


def test_every_plan_section_has_a_short_label() -> None:
    labels = SectionLabels.load()
    assert len(labels.labels) >= 38
    assert all(2 <= len(label) <= 24 for label in labels.labels.values())


def test_an_unsure_match_offers_two_to_four_labelled_sections(unsure: Assistant) -> None:
    answer = unsure.answer(QUESTION)
    assert (answer.outcome, answer.answered) == ("clarify", False)
    assert 2 <= len(answer.choices) <= 4
    labels = SectionLabels.load()
    for choice in answer.choices:
        assert choice.section_id and choice.doc_id and choice.heading and choice.path is not None
        assert choice.label == labels.labels[(choice.doc_id, choice.section_id)]
        assert choice.label in choice.reply
    assert numbered(answer.choices) in answer.text and answer.text.count("①") == 1


def test_a_typed_number_answers_from_the_chosen_section(unsure: Assistant) -> None:
    first = unsure.answer(QUESTION)
    conversation = Conversation([Turn(QUESTION, first.intent, choices=tuple(first.choices))])
    picked = unsure.answer("2", conversation)
    assert picked.outcome == "answer"
    assert picked.sources[0].section_id == first.choices[1].section_id


def test_out_of_scope_is_still_declined(texts: AssistantTexts, directory: SchoolDirectory) -> None:
    strict = Assistant(make_retriever(ScopeModel({}, -10.0, threshold=0.5, clarify_below=0.9)), texts, directory)
    assert strict.answer("俺想打听一下补助到底是咋回事").outcome == "decline"
    # a bare term of the plan (补助 is in several sections) is asked back instead: bot/pipeline/bare_term.py
    assert strict.answer(QUESTION).outcome == "clarify"


def test_a_documents_notice_without_a_staff_label_is_named_by_its_short_title() -> None:
    from retrieval.units import SectionRef

    notice = SectionRef("010_x", "notice", "海原县教育体育局关于做好2026年秋季学期义务教育招生入学工作的通知", short_title="招生入学通知")
    assert SectionLabels({}).label(notice) == "《招生入学通知》的发文信息"
    assert SectionLabels({("010_x", "notice"): "招生通知"}).label(notice) == "招生通知"


def test_the_number_check_keeps_every_offered_choice() -> None:
    # a figure in a choice's label is the source's own: dropping its line left ① ② ④ on the screen
    from bot.answer import Choice
    from bot.pipeline.check import allowed_text, filter_unsupported
    from bot.pipeline.context import AnswerContext

    ctx = AnswerContext(raw="smart classrooms", conversation=Conversation())
    ctx.choices = [Choice(label="学校标准化建设", reply="", doc_id="d", section_id="3.1.2", heading="2.推进城乡义务教育学校标准化建设", path=[]),
                   Choice(label="2026年秋季学期招生通知", reply="", doc_id="e", section_id="notice", heading="2026年秋季学期招生通知", path=[])]
    text = f"您想问的是：\n{numbered(ctx.choices)}\n请回复序号"
    kept, dropped = filter_unsupported(text, allowed_text(ctx))
    assert (kept, dropped) == (text, [])
