"""Look-ups read in English and pinyin through `ask --json` (the question's Latin words glossed into the look-up's
Chinese words), a school named in English, both levels when a school name holds one, a family whose household is
outside the county, and the slots that must not be read off context (a stated age, a school beside an amount)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.app.conftest import first_line

QUESTIONS = {
    "english_dates": "When will the zone results be published?",
    "pinyin_dates": "yinianji baoming shi shenme shihou",
    "pinyin_subsidy": "jisu sheng buzhu duoshao qian",
    "english_grade7": "What papers do migrant families need for grade 7?",
    "english_school_fact": "Does Qiying middle school have a counselling room?",
    "english_school_board": "Can children board at Guanqiao Luoshan primary school?",
    "school_word_levels": "七营镇北咀村小学初中各去哪",
    "primary_done_and_younger": "大孙子小学毕业了要上初中 小孙子三年级 家在七营镇盘河村 俩娃各去哪",
    "household_outside": "我们是原州区的户口，要是搬到海原县城租房子，娃上一年级报名得带啥材料",
    "origin_and_community": "我们是甘肃会宁人，在海原县城文昌社区租房子住，娃今年上一年级，划的是哪个小学",
    "lives_outside": "我们住在西吉县吉强镇，娃能上海原的学校吗",
    "pinyin_outside": "gansu jingyuan xian de wa shang xue qu na",
    "amount_beside_schools": "孙子在三河镇中心小学住校，孙女在三河镇中学住校，寄宿的娃一年各补多少钱",
    "stated_age_contact": "邻居家娃今年十四岁，初中没念完就去外头打工了，我该给谁打电话反映",
    "dates_word": "初一新生报到日期",
    "whom_for_subsidy": "两免一补的事找哪个单位问",
    "same_amount_both_levels": "营养餐一天补多少钱",
    "bare_unknown_place": "七营镇五里村的娃",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def test_dates_and_amounts_asked_in_english_and_pinyin(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["english_dates"]["lookup"] == {"kind": "calendar", "place_status": None, "record_ids": ["enrollment:RC-03"]}
    assert "7月15日" in first_line(answers["english_dates"])
    assert answers["pinyin_dates"]["lookup"]["record_ids"] == ["enrollment:RC-01"]
    assert "6月20日" in first_line(answers["pinyin_dates"])
    subsidy = answers["pinyin_subsidy"]
    assert subsidy["lookup"]["record_ids"] == ["subsidies:LMYB-JSS-XX", "subsidies:LMYB-JSS-CZ"]
    assert "1000元" in first_line(subsidy) and "1250元" in first_line(subsidy)


def test_grade_seven_in_english_is_the_junior_list(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["english_grade7"]
    assert row["lookup"]["record_ids"] == ["enrollment:SQ7-01", "enrollment:SQ7-02", "enrollment:SQ7-03"]
    assert first_line(row).startswith("随迁子女初中一年级入学要准备")


def test_schools_named_in_english(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["english_school_fact"]["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": ["schools:QY-Z"]}
    assert first_line(answers["english_school_fact"]).startswith("七营镇中学设有心理健康咨询室")
    assert answers["english_school_board"]["lookup"]["record_ids"] == ["schools:GQ-LS"]
    assert first_line(answers["english_school_board"]).startswith("关桥乡罗山小学可以寄宿")


def test_both_levels_asked(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["school_word_levels"]  # 北咀村小学 reads as the village's primary school, and 小学 is still asked
    assert row["lookup"]["record_ids"] == ["zones:七营镇/北咀村", "schools:QY-BZ", "schools:QY-Z"]
    assert "七营镇北咀小学" in first_line(row) and "七营镇中学" in first_line(row)
    two = answers["primary_done_and_younger"]  # one child finishes primary, the other is in grade 3
    assert set(two["lookup"]["record_ids"]) == {"zones:七营镇/盘河村", "schools:QY-Z", "schools:QY-PH"}


def test_a_family_from_outside_the_county(answers: dict[str, dict[str, Any]]) -> None:
    papers = answers["household_outside"]  # a household outside the county moving in enrols as 随迁子女
    assert papers["lookup"]["kind"] == "materials" and "enrollment:SQ1-01" in papers["lookup"]["record_ids"]
    zone = answers["origin_and_community"]  # the county's community they live in is answered, not their origin
    assert zone["lookup"]["place_status"] == "found"
    assert zone["lookup"]["record_ids"][:2] == ["zones:海城街道/文昌社区", "schools:HY-X5"]
    for key in ("lives_outside", "pinyin_outside"):
        row = answers[key]
        assert row["lookup"] == {"kind": "zone", "place_status": "outside_county", "record_ids": []}, key
        assert row["answered"] is False and "gansu" not in first_line(row), key


def test_slots_not_read_off_context(answers: dict[str, dict[str, Any]]) -> None:
    money = answers["amount_beside_schools"]  # the amount is asked, the schools only say where they board
    assert money["lookup"]["kind"] == "subsidy" and "1000元" in first_line(money)
    contact = answers["stated_age_contact"]  # 十四岁 is told, not asked: no enrolment dates
    assert contact["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["services:SV-KC"]}


def test_a_date_a_desk_and_one_amount_for_both_levels(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["dates_word"]["lookup"]["record_ids"] == ["enrollment:RC-06"]
    assert answers["whom_for_subsidy"]["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["services:SV-ZZ"]}
    meal = first_line(answers["same_amount_both_levels"])  # 小学 and 初中 rows say the same: said once
    assert meal.count("每生每天5元膳食补助") == 1


def test_a_place_alone_that_is_not_in_the_data_is_asked_back(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["bare_unknown_place"]
    assert row["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}
    assert row["outcome"] == "clarify" and "五里村" in first_line(row)
