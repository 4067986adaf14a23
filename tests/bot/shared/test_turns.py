"""Turns serialise generically: fields added later travel, unknown keys are ignored, nested Choice comes back."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.answer import Choice
from bot.pipeline.context import Turn
from bot.shared.turns import from_dict, turn_from_dict, turn_to_dict


def _through_json(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_a_turn_survives_json() -> None:
    turn = Turn("那初中呢？", "zone", place="北咀村", township="七营镇", level="初中",
                section_keys=("doc#3.6.18", "doc#3.1.2"), at=12.5)
    back = turn_from_dict(_through_json(turn_to_dict(turn)))
    assert back == turn
    assert isinstance(back.section_keys, tuple)


@dataclass
class LaterTurn(Turn):
    """What another step may add: pending clarification choices (nested dataclasses) and more."""

    choices: tuple[Choice, ...] = ()
    scores: dict[str, float] | None = None


def test_fields_added_later_are_carried_and_unknown_keys_ignored() -> None:
    turn = LaterTurn("我家在新庄村", "zone", choices=(Choice("李旺镇", "李旺镇新庄村"), Choice("树台乡", "树台乡新庄村")),
                     scores={"a": 0.5})
    data = _through_json(turn_to_dict(turn))
    data["field_from_a_newer_version"] = [1, 2]
    back = from_dict(LaterTurn, data)
    assert back == turn
    assert isinstance(back.choices, tuple) and isinstance(back.choices[0], Choice)
    older = turn_from_dict(data)  # a worker that does not know the new fields yet
    assert older.question == "我家在新庄村" and older.intent == "zone"


def test_missing_fields_take_their_defaults() -> None:
    assert turn_from_dict({"question": "q", "intent": "general"}).section_keys == ()
