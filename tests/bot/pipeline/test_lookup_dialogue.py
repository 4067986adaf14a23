"""Look-up dialogue: follow-ups and clarifications carried by the conversation (no rejected guess remembered)."""

from __future__ import annotations

from bot.assistant import Assistant
from bot.pipeline.context import Conversation


def ask_in_turn(assistant: Assistant, conversation: Conversation, question: str):
    answer, ctx = assistant.respond(question, conversation)
    conversation.turns.append(ctx.turn())
    return answer


def test_typed_township_completes_an_unknown_place_and_no_neighbour_is_remembered(assistant: Assistant) -> None:
    conversation = Conversation()
    first = ask_in_turn(assistant, conversation, "俺家在桃园村，娃上哪个学校")
    assert first.lookup is not None and first.lookup.place_status == "unknown"
    assert conversation.turns[-1].place == ""  # 菜园村 was a rejected guess: never remembered
    second = ask_in_turn(assistant, conversation, "七营镇")
    assert second.kind == "clarify" and second.text.startswith("我没有找到这个地方：七营镇的划片资料里没有“桃园村”")
    assert "七营镇中心小学" not in second.text


def test_close_names_are_asked_about_not_answered(assistant: Assistant) -> None:
    answer = assistant.answer("七营镇北嘴子村的娃上哪个学校")
    assert answer.kind == "clarify" and answer.lookup is not None and answer.lookup.place_status == "unknown"
    assert "名字相近的有：北咀村" in answer.text and "七营镇北咀小学" not in answer.text
    assert [(c.label, c.reply) for c in answer.choices] == [("北咀村", "七营镇北咀村的娃上哪个学校")]


def test_a_township_where_every_place_shares_the_junior_school(assistant: Assistant) -> None:
    answer = assistant.answer("七营的娃上初中去哪")
    assert answer.lookup is not None and answer.lookup.record_ids[-1] == "schools:QY-Z"
    assert answer.text.startswith("七营镇各村（社区）的娃上初中都对口七营镇中学")
