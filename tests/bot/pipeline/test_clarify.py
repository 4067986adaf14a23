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
