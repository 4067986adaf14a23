from __future__ import annotations

import pytest

from bot.pipeline.asks import AskSplitter
from bot.pipeline.framing import Framing


@pytest.fixture(scope="module")
def splitter() -> AskSplitter:
    return AskSplitter.load(Framing.load().asks)


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("1.住校一年补多少钱 2.娃不想念了咋办", ["住校一年补多少钱", "娃不想念了咋办"]),
        ("@姐 帮我问下 1 同学一个月没来学校老师管不管 2 住校能补多少", ["@姐 帮我问下 同学一个月没来学校老师管不管", "住校能补多少"]),
        ("问两个事 一是支教老师有啥好处 二是娃一个人在家谁来管", ["问两个事 支教老师有啥好处", "娃一个人在家谁来管"]),
        ("第一个 一个班最多多少人 第二个 轮岗待几年", ["一个班最多多少人", "轮岗待几年"]),
        ("①学费交不交②营养餐要钱吗", ["学费交不交", "营养餐要钱吗"]),
        ("（1）学费交不交（2）营养餐要钱吗", ["学费交不交", "营养餐要钱吗"]),
        ("学费要交吗？另外营养餐要钱不", ["学费要交吗？", "营养餐要钱不"]),
        ("娃上学能申请什么补助？顺便问一下，学校管得不好谁来监督", ["娃上学能申请什么补助？", "学校管得不好谁来监督"]),
        ("插班要走啥手续 再问一下低保户的娃有没有照顾", ["插班要走啥手续", "低保户的娃有没有照顾"]),
    ],
)
def test_numbered_items_and_connectors_start_another_ask(splitter: AskSplitter, message: str, asks: list[str]) -> None:
    assert splitter.split(message) == asks


@pytest.mark.parametrize(
    "message",
    [
        "寄宿生一年补助多少钱",
        "补助有多少？啥时候发？",  # a question mark alone does not cut: the second leans on the first
        "除了两免一补还有没有别的补助",  # 还有没有 asks of the same thing
        "学费免了，学校另外收钱吗",
        "3+5+20是啥意思，工资涨1.5倍吗",  # numbers are not numbered items
        "我家娃在镇上念书，还有个妹妹明年上学，她该上哪个学校",  # the first part only tells
        "1. what is liangmian yibu 2. how much is the boarding subsidy",  # English: left whole
    ],
)
def test_a_message_that_asks_one_thing_is_left_whole(splitter: AskSplitter, message: str) -> None:
    assert splitter.split(message) == [message]


def test_a_telling_part_joins_the_ask_after_it(splitter: AskSplitter) -> None:
    asks = splitter.split("我们刚从新疆回来。1.娃想插班，要走啥手续 2.家里是低保户，有啥补助")
    assert asks == ["我们刚从新疆回来。娃想插班，要走啥手续", "家里是低保户，有啥补助"]


def test_at_most_four_asks_the_rest_join_the_last(splitter: AskSplitter) -> None:
    message = "1.学费交吗 2.书本费交吗 3.营养餐要钱吗 4.住校补多少 5.校车有吗"
    asks = splitter.split(message)
    assert len(asks) == 4 and asks[:3] == ["学费交吗", "书本费交吗", "营养餐要钱吗"]
    assert "住校补多少" in asks[3] and "校车有吗" in asks[3]


def test_traditional_text_is_read_in_simplified_and_its_asks_stay_traditional(splitter: AskSplitter) -> None:
    assert splitter.split("學費要交嗎？另外營養餐要錢不") == ["學費要交嗎？", "營養餐要錢不"]
