"""ResolveChoice: numbers in every form, labels typed with a little around them, nothing else."""

from __future__ import annotations

import pytest

from bot.answer import Choice
from bot.pipeline.resolve_choice import choice_number, pick

CHOICES = (Choice("关桥乡", "关桥乡张湾村的娃上哪个学校"), Choice("西安镇", "西安镇张湾村的娃上哪个学校"))


@pytest.mark.parametrize(("text", "number"), [("1", 1), ("１", 1), ("①", 1), ("第1个", 1), ("1.", 1), ("第二个", 2), ("2、", 2), ("12", 12), ("一年级", None), ("1000元", None)])
def test_choice_numbers(text: str, number: int | None) -> None:
    assert choice_number(text) == number


@pytest.mark.parametrize(
    ("text", "label"),
    [("关桥乡", "关桥乡"), ("關橋鄉", "关桥乡"), ("关桥", "关桥乡"), ("是西安镇的", "西安镇"), ("2", "西安镇"),
     ("西安镇张湾村的娃上哪个学校", "西安镇"), ("3", None), ("西安镇有啥留守儿童关爱服务", None), ("乡", None)],
)
def test_pick(text: str, label: str | None) -> None:
    chosen = pick(text, CHOICES)
    assert (chosen.label if chosen else None) == label
