"""Issue 11 through `ask --json` (in process, one batch): every slot, grades, unknown and outside places,
pinyin/English names, school facts, subsidy rows, materials and dates, contacts by topic."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "both_levels": "七营镇杨堡村，孩子上小学对口哪个？初中又去哪",
    "community_both": "海兴社区的娃上小学和初中分别去哪",
    "both_subsidies": "小学跟初中的寄宿生补助各是多少",
    "grade4": "盘河村娃现在念四年级了，去哪上",
    "grade2": "盘河村娃上二年级在哪念",
    "unknown": "俺家在桃园村，娃上学去哪",
    "outside": "固原原州区南关社区的娃上哪个学校",
    "pinyin": "qiying zhen beizui cun de wa shang na ge xuexiao",
    "english": "Beizui village in Qiying town, which school?",
    "typo": "三河镇付陵村娃上小学去哪",
    "fact_counseling": "西安镇菜园小学有心理咨询室吗",
    "fact_boarding": "七营镇中学能住校吗",
    "school_phone": "七营镇中学电话多少",
    "dropout": "娃不念书了在家待着，找谁",
    "overcharge": "学校乱收费往哪打电话",
    "funding": "小学生均公用经费多少",
    "meals_apply": "营养餐要申请不",
    "house_papers": "买的房子房产证还没下来，娃上学要啥",
    "no_residence_permit": "还没办下居住证咋办",
    "dates": "一年级什么时候报名",
    "age": "孩子几岁能上一年级",
    "policy": "随迁子女上学要交额外的钱吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


SAMPLE_MARK = "（示例数据）。"


def first_line(row: dict[str, Any]) -> str:
    """The opening sentence without the sample-data mark the answer-first step appends (asserted separately)."""
    line = str(row["answer"]).split("\n", 1)[0]
    return line.removesuffix(SAMPLE_MARK).removesuffix("。")


def test_every_slot_is_answered_both_levels_in_one_answer(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["both_levels"]
    assert row["lookup"] == {
        "kind": "zone",
        "place_status": "found",
        "record_ids": ["zones:七营镇/杨堡村", "schools:QY-ZB", "schools:QY-Z"],
    }
    assert first_line(row) == "七营镇杨堡村对口的学校：小学是七营镇张堡小学，初中是七营镇中学"
    assert str(row["answer"]).split("\n", 1)[0].endswith(SAMPLE_MARK)  # sample data says so, at once
    community = answers["community_both"]
    assert community["lookup"]["record_ids"] == ["zones:海城街道/海兴社区", "schools:HY-X7", "schools:HY-Z4"]
    assert "海原县第七小学" in first_line(community) and "海原县第四中学" in first_line(community)
    subsidy = answers["both_subsidies"]
    assert subsidy["lookup"] == {
        "kind": "subsidy",
        "place_status": None,
        "record_ids": ["subsidies:LMYB-JSS-XX", "subsidies:LMYB-JSS-CZ"],
    }
    assert first_line(subsidy) == "家庭经济困难寄宿生生活费补助：小学每生每年1000元，初中每生每年1250元"


def test_zone_honours_the_grades_in_the_data(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["grade4"]
    assert row["lookup"]["record_ids"] == ["zones:七营镇/盘河村", "schools:QY-X"]
    assert first_line(row) == "七营镇盘河村的娃上四年级到七营镇中心小学就读（村里的教学点只开设一至三年级）"
    assert answers["grade2"]["lookup"]["record_ids"] == ["zones:七营镇/盘河村", "schools:QY-PH"]


def test_unknown_and_outside_places_are_never_a_fuzzy_neighbour(answers: dict[str, dict[str, Any]]) -> None:
    unknown = answers["unknown"]
    assert unknown["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}
    assert unknown["answered"] is False and unknown["answer"].startswith("我没有找到这个地方")
    assert "菜园" not in unknown["answer"] and "小学" not in unknown["answer"]
    outside = answers["outside"]
    assert outside["lookup"] == {"kind": "zone", "place_status": "outside_county", "record_ids": []}
    assert outside["answered"] is False and "固原市原州区教育局" in outside["answer"]
    assert "海原县第一小学" not in outside["answer"] and "0955" not in outside["answer"]


def test_pinyin_english_and_typo_names_resolve(answers: dict[str, dict[str, Any]]) -> None:
    for key in ("pinyin", "english"):
        assert answers[key]["lookup"]["record_ids"] == ["zones:七营镇/北咀村", "schools:QY-BZ", "schools:QY-Z"], key
    assert answers["typo"]["lookup"]["record_ids"] == ["zones:三河镇/富陵村", "schools:SH-FL"]


def test_each_schools_own_facts(answers: dict[str, dict[str, Any]]) -> None:
    counseling = answers["fact_counseling"]
    assert counseling["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": ["schools:XA-CY"]}
    assert first_line(counseling) == "没有。西安镇菜园小学没有心理健康咨询室"  # a structured field answers the yes/no
    assert first_line(answers["fact_boarding"]) == "可以。七营镇中学可以寄宿"
    phone = answers["school_phone"]
    assert phone["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["schools:QY-Z"]}
    assert first_line(phone) == "七营镇中学的联系电话：0955-0000219（示例号码）"


def test_contacts_by_topic(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["dropout"]["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["services:SV-KC"]}
    assert "0955-0000103" in first_line(answers["dropout"])
    assert answers["overcharge"]["lookup"]["record_ids"] == ["services:SV-TS"]
    assert "0955-0000102" in first_line(answers["overcharge"])


def test_subsidy_by_its_own_row_and_field(answers: dict[str, dict[str, Any]]) -> None:
    funding = answers["funding"]
    assert funding["lookup"]["record_ids"] == ["subsidies:GYJF-XX"]
    assert first_line(funding) == "义务教育生均公用经费基准定额：小学每生每年720元"
    assert "免除学杂费" not in funding["answer"] and "膳食补助" not in funding["answer"]
    meals = answers["meals_apply"]
    assert meals["lookup"]["record_ids"] == ["subsidies:YYGS-XX", "subsidies:YYGS-CZ"]
    # …要申请不 asks yes/no as …要申请吗 does: the how_to_apply field (无需申请) answers it
    assert first_line(meals) == "不用。农村义务教育学生营养改善计划：无需申请，由学校按在校天数提供营养餐"


def test_materials_and_dates(answers: dict[str, dict[str, Any]]) -> None:
    house = answers["house_papers"]
    # the document asked about first (住房证明: 房产证、购房合同或租房证明), then the rest of the list asked for
    assert house["lookup"] == {
        "kind": "materials",
        "place_status": None,
        "record_ids": ["enrollment:BD1-05", "enrollment:BD1-01", "enrollment:BD1-02", "enrollment:BD1-03", "enrollment:BD1-04"],
    }
    assert first_line(house).startswith("住房证明：县城划片学校需提供房产证、购房合同或租房证明")
    permit = answers["no_residence_permit"]
    assert permit["lookup"]["record_ids"] == ["enrollment:SQ1-01"]
    assert first_line(permit) == "尚未办理居住证的可先提供居住登记凭证"
    assert answers["dates"]["lookup"]["record_ids"] == ["enrollment:RC-01"]
    assert "6月20日" in first_line(answers["dates"])
    assert answers["age"]["lookup"] == {"kind": "calendar", "place_status": None, "record_ids": ["enrollment:BD1-01"]}
    assert first_line(answers["age"]) == "年满6周岁（以当年8月31日为准，示例）"


def test_lookup_is_null_without_a_lookup(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["policy"]["lookup"] is None
