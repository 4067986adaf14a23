"""`ask --json`: why one event happened at one time or keeps happening, and who one person in a role is, are things
neither the plan nor the school data states (bot/data/asked_things.yaml `reason`, `person`): declined with what is not
stated and the bureau's contact, never answered with the nearest rule; why a rule is so, and which offices hold a duty,
stay answered; so does which one of a kind (哪家银行, 哪几个村) unless a text names one, as a school's record names
its township."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch

UNSTATED = "《实施方案》和县学校资料里没有写"

DECLINED = {
    # a time word ties the why to one event (去年, 这个月, 最近…一直): the plan gives its rules' reasons, not events'
    "reason-last-year": ("去年冬天学校为啥停了两个礼拜的营养餐", UNSTATED + "这件事的具体原因"),
    "reason-keeps": ("乡村老师的生活补助为什么最近一直没发", UNSTATED + "这件事的具体原因"),
    "reason-this-month": ("为啥送教上门的老师这个月没来", UNSTATED + "这件事的具体原因"),
    # one person in a role, asked for as one person: the plan names offices, never people
    "person-one-of-role": ("镇上负责留守儿童的专干是哪一位", UNSTATED + "具体人员的姓名"),
    "person-which-teacher": ("来我们学校轮岗的是哪个老师", UNSTATED + "具体人员的姓名"),
    # which one firm or place of a kind: the related record names none (a subsidy's amount is no bank)
    "which-bank": ("寄宿生补助是从哪家银行发的", UNSTATED + "具体是哪一家、哪一处"),
    "which-firm": ("营养餐的菜是从哪家公司进的", UNSTATED + "具体是哪一家、哪一处"),
}

ANSWERED = {
    "why-a-rule": "为啥要让城里的学校跟乡下学校结对",
    "offices-of-a-duty": "七长责任制里的七长都是谁",
    "which-township-named": "李俊小学在哪个乡镇",  # the school record names its township
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch({**{key: q for key, (q, _) in DECLINED.items()}, **ANSWERED})


@pytest.mark.parametrize("key", sorted(DECLINED))
def test_declined_with_what_is_not_stated(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert (row["outcome"], row["answered"], row["choices"]) == ("decline", False, [])
    assert row["answer"].startswith(DECLINED[key][1])
    assert "建议咨询海原县教育体育局" in row["answer"]


@pytest.mark.parametrize("key", sorted(ANSWERED))
def test_a_rule_s_reason_a_duty_s_offices_and_a_named_township_answered(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert not row["answer"].startswith(UNSTATED)
    assert row["outcome"] == "answer"
