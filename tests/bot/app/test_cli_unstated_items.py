"""`ask --json`: questions that reuse a plan item's own words but ask for what the item does not state are declined with
what is not stated and the bureau's contact (bot/data/asked_things.yaml: a count in a unit the item never gives, an
amount of 绩效, a length of time, what is done to someone, whether something no source speaks of is allowed, whether a
hearsay about it is true); questions of the same kinds that the item does answer stay answered."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch

UNSTATED = "《实施方案》和县学校资料里没有写"

DECLINED = {
    # a count of classes: 每班不超过45人 counts pupils, not classes
    "count-classes": ("县城初中一个年级能开几个班", "具体数目"),
    # a count of points or of land: the clauses give neither
    "count-points": ("评上优秀班主任的老师职称评审能加几分", "具体数目"),
    # an amount of 绩效 taken off: the clauses speak of 绩效 but state no amount
    "money-performance": ("大班额没按时消掉，学校要被扣多少绩效", "具体金额"),
    # how long: the clause sets up monitoring but gives no length of time
    "duration": ("留守儿童的信息台账多长时间更新一回", "具体时长"),
    # what is done to someone: the clause names no sanction
    "sanction": ("村小考核倒数第一，校长会不会被免职", "会受到什么处理"),
    # may one: no source speaks of a 补习班 or 校服
    "permission": ("交流轮岗的老师周末能不能回县城开补习班", "这件事可不可以"),
    "permission-data": ("营养餐的钱学校能不能挪去给娃订校服", "这件事可不可以"),
    # a hearsay about what no source speaks of
    "claim": ("听说寄宿制学校以后都要装空调，是真的吗", "这个说法"),
}

ANSWERED = {
    "count-people": "县城小学一年级一个班最多收多少个学生",  # 45人 counts pupils
    "sanction-stated": "工作落实不到位的单位会不会被问责",  # 4.4: 严肃问责
    "permission-stated": "学校能长期聘代课老师不",  # 3.4.11: 严禁…长期聘用代课教师
    "permission-forbidden": "规划给学校的建设用地能改去盖商品房不",  # 3.1.1: 不得随意变更
    "permission-known": "留守娃能优先住校不",  # 3.6.19: 优先安排留守儿童就读寄宿制学校
    "claim-known": "听说乡下老师评上职称马上就给聘，是真的吗",  # 3.4.13: 即评即聘
    # the look-up answers about the child's schooling: a colloquial word (后头) it never uses is no reason to decline
    "lookup-checklist": "娃上一年级报名先带户口本，剩下的材料能不能后头再补",
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch({**{key: q for key, (q, _) in DECLINED.items()}, **ANSWERED})


@pytest.mark.parametrize("key", sorted(DECLINED))
def test_declined_with_what_is_not_stated(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert (row["outcome"], row["answered"], row["choices"]) == ("decline", False, [])
    assert row["answer"].startswith(UNSTATED + DECLINED[key][1])
    assert "建议咨询海原县教育体育局" in row["answer"]


@pytest.mark.parametrize("key", sorted(ANSWERED))
def test_the_same_kinds_answered_when_the_item_states_them(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert not row["answer"].startswith(UNSTATED)
    assert row["outcome"] in {"answer", "clarify"}
