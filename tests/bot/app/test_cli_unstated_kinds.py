"""`ask --json`: near-domain questions whose asked thing no source states are declined, by the asker's kind of question
(another place, a rise to come, a tally; the step itself: tests/bot/pipeline/test_unstated.py); questions of the same kinds that a source answers are not."""

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
    # a count of years is not answered by a year of the calendar (2026年秋季学期起)
    "years-count": ("租房子要住满几年娃才能在县城上一年级", UNSTATED + "具体数目"),
    # an amount asked in a clause of its own after the thing (…发交通补助？一个月多少？)
    "amount-clause": ("撤了村小的娃县上给不给发交通补助？一个月多少？", UNSTATED + "具体金额"),
}

ANSWERED = {
    "origin-only": "在银川打工，娃回海原上学要带啥材料",
    "may-convert": "村里没人念书的旧校舍能不能改成幼儿园",
    "rise-stated": "乡村老师的待遇以后会不会提高",
    "years-stated": "乡村老师要连续干几年才能优先评优",
    "amount-clause-stated": "娃在学校吃营养餐，县上给补不？一天多少？",
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
