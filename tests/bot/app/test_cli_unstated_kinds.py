"""`ask --json`: near-domain questions whose asked thing no source states are declined, by the asker's kind of question
(another place, a rise to come, a tally, a count in units the item never gives, an amount of 绩效, a length of time,
what is done to someone, whether something no source speaks of is allowed or said to be true; the step itself:
tests/bot/pipeline/test_unstated.py); questions of the same kinds that a source answers are not."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch

ELSEWHERE = "我这里只有海原县的《实施方案》和县学校资料"
UNSTATED = "《实施方案》和县学校资料里没有写"

DECLINED = {
    # another county, city or province: its rules are not the county's (the plan's nearest clause is no answer)
    "other-county": ("西吉的初中生住校补助给多少", ELSEWHERE + "，西吉县的规定"),
    "other-city-compared": ("会宁县的老师工资比咱们这边高吧", ELSEWHERE + "，白银市会宁县的规定"),
    "unnamed-place": ("外省的学校也免杂费吗", ELSEWHERE + "，外省的规定"),
    "english-place": ("Do schools in Guyuan charge for textbooks?", ELSEWHERE + "，固原市的规定"),
    # a rise to come: a text about it must say that it rises (the plan names no such change)
    "raise": ("明年营养餐补助还会不会涨", UNSTATED + "以后是否调高标准"),
    # how many there are now: a rule's share (不低于…10%) does not say that
    "tally": ("现在县城学校一共有多少老师在乡下轮岗", UNSTATED + "具体数目"),
    # a plan item's own words asking what the item does not state (oos_dev5's classes)
    # a count of classes: 每班不超过45人 counts pupils, not classes
    "count-classes": ("县城初中一个年级能开几个班", UNSTATED + "具体数目"),
    # a count of points or of land: the clauses give neither
    "count-points": ("评上优秀班主任的老师职称评审能加几分", UNSTATED + "具体数目"),
    # an amount of 绩效 taken off: the clauses speak of 绩效 but state no amount
    "money-performance": ("大班额没按时消掉，学校要被扣多少绩效", UNSTATED + "具体金额"),
    # how long: the clause sets up monitoring but gives no length of time
    "duration": ("留守儿童的信息台账多长时间更新一回", UNSTATED + "具体时长"),
    # what is done to someone: the clause names no sanction
    "sanction": ("村小考核倒数第一，校长会不会被免职", UNSTATED + "会受到什么处理"),
    # may one: no source speaks of a 补习班 or 校服
    "permission": ("交流轮岗的老师周末能不能回县城开补习班", UNSTATED + "这件事可不可以"),
    "permission-data": ("营养餐的钱学校能不能挪去给娃订校服", UNSTATED + "这件事可不可以"),
    # a hearsay about what no source speaks of
    "claim": ("听说寄宿制学校以后都要装空调，是真的吗", UNSTATED + "这个说法"),
}

ANSWERED = {
    "origin-only": "在银川打工，娃回海原上学要带啥材料",
    "may-convert": "村里没人念书的旧校舍能不能改成幼儿园",
    "rise-stated": "乡村老师的待遇以后会不会提高",
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
    assert row["answer"].startswith(DECLINED[key][1])
    assert "建议咨询海原县教育体育局" in row["answer"]  # and whom to ask


@pytest.mark.parametrize("key", sorted(ANSWERED))
def test_the_same_kinds_answered_when_a_source_states_them(rows: dict[str, dict], key: str) -> None:
    row = rows[key]
    assert not row["answer"].startswith((ELSEWHERE, UNSTATED))
    assert row["outcome"] in {"answer", "clarify"}


def test_another_place_s_subsidy_reports_no_county_rows_used(rows: dict[str, dict]) -> None:
    """西吉的初中生住校补助: the look-up found the county's rows, but the answer declines and uses none of them."""
    lookup = rows["other-county"]["lookup"]
    assert lookup is not None and lookup["kind"] == "subsidy"
    assert (lookup["place_status"], lookup["record_ids"]) == ("outside_county", [])
