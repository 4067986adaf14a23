"""Look-ups that generalise, through `ask --json` (in process, one batch): schools by short name, alias,
pinyin and English; each school's grades and level; a grade finished (念完五年级) and primary school
finished; fees that are not materials; contacts and services by description; a child transferring
from outside the county; a migrant first-year entry that mentions 插班."""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "short_junior": "七营初中可以住校不",
    "alias": "海原回中有没有心理咨询室",
    "pinyin_school": "qiying zhongxue you mei you zhuxiao",
    "english_school": "Is there boarding at Haiyuan No. 3 Middle School?",
    "only_school": "甘盐池学校能住校吗",
    "two_facts": "海原二小能住校不，有没有心理咨询室",
    "family_phone_only": "张堡小学有没有关爱室和亲情电话",
    "central_school": "关桥乡中心学校电话",
    "boarding_subsidy_at_school": "七营中学住校有补助吗",
    "grades": "王湾教学点开到几年级",
    "level": "曹洼九年一贯制学校算小学还是初中",
    "grade_done": "盘河村的娃念完五年级了，下学期去哪",
    "primary_done": "关桥乡王湾村娃小学毕业了去哪",
    "grade_next": "二年级的娃，关桥乡王湾村，暑假后升四年级在哪念",
    "county_town": "海原县城东关那片的娃上哪个初中",
    "bare_unknown": "俺家在李家沟，娃上学去哪",
    "bare_in_township": "家住关桥乡赵家湾，娃念书去哪",
    "longer_name": "我们住在王家堡子，娃该上哪个小学",
    "level_only": "我们家在关桥，娃上小学",
    "moved_to_town": "娃小学在李旺念的，现在全家搬到县城海兴社区了，初中在哪上",
    "crying": "孩子在学校心情不好老哭，找谁",
    "fee_complaint": "学校收了200块资料费，找谁反映",
    "dropout_months": "七营镇的娃好几个月没去学校了，谁管",
    "small_school": "村小只有三十个学生，公用经费怎么算",
    "home_teaching": "娃瘫在床上去不了学校，能不能派老师上门教",
    "worried": "娃被同学欺负后心里难受，哪里能咨询",
    "transfer_from_outside": "娃从银川转学回海原上五年级，要准备啥",
    "migrant_first_year": "外省来的娃插班上一年级要啥证件",
    "subsidy_described": "家里困难，娃上学国家有啥补助",
    "waived": "初中一年免多少钱",
    "senior_high": "家里困难，娃上高中学费免不免",
    "two_children": "老大考上了县一中，老二还在念初中，学费能免吗",
    "small_school_money": "我们教学点学生才二十来个，公用经费是按人头拨吗",
    "small_school_no_money": "全校就二十几个娃，网速能提到多少兆",
    "materials_loosely": "娃秋天上学，报名得拿些啥",
    "document_missing": "娃没有出生证明咋办",
    "service_asked": "娃脾气越来越怪，有能咨询心理的地方吗",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def first_line(row: dict[str, Any]) -> str:
    return str(row["answer"]).split("\n", 1)[0].removesuffix("（示例数据）。").removesuffix("。")


def fact(row: dict[str, Any], school_id: str) -> None:
    assert row["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": [f"schools:{school_id}"]}


def test_schools_by_short_name_alias_pinyin_and_english(answers: dict[str, dict[str, Any]]) -> None:
    fact(answers["short_junior"], "QY-Z")
    assert first_line(answers["short_junior"]) == "七营镇中学可以寄宿"
    fact(answers["alias"], "HY-HM")  # gazetteer.yaml school_aliases
    assert first_line(answers["alias"]) == "有。海原县回民中学设有心理健康咨询室"  # the field answers 有没有
    fact(answers["pinyin_school"], "QY-Z")
    assert first_line(answers["pinyin_school"]) == "七营镇中学可以寄宿"  # pinyin carries no yes/no form: no opener
    fact(answers["english_school"], "HY-Z3")
    assert first_line(answers["english_school"]).startswith("海原县第三中学可以寄宿")
    fact(answers["only_school"], "GYC-J9")  # the township's only school
    assert first_line(answers["only_school"]) == "可以。甘盐池九年一贯制学校可以寄宿"


def test_several_facts_of_one_school_and_nothing_else(answers: dict[str, dict[str, Any]]) -> None:
    fact(answers["two_facts"], "HY-X2")  # 住校 + 有没有 is not the boarding subsidy here
    assert first_line(answers["two_facts"]) == "海原县第二小学不能寄宿（不是寄宿制学校）；海原县第二小学设有心理健康咨询室"
    fact(answers["family_phone_only"], "QY-ZB")  # 亲情电话 is not the school's own phone
    assert first_line(answers["family_phone_only"]) == "七营镇张堡小学设有留守儿童关爱室；七营镇张堡小学没有亲情电话"
    assert answers["central_school"]["lookup"]["record_ids"] == ["schools:GQ-X"]
    assert "0955-0000224" in first_line(answers["central_school"])
    subsidy = answers["boarding_subsidy_at_school"]
    assert subsidy["lookup"]["kind"] == "subsidy" and "1250" in first_line(subsidy)


def test_grades_and_level_of_a_school(answers: dict[str, dict[str, Any]]) -> None:
    fact(answers["grades"], "GQ-WW")
    assert first_line(answers["grades"]) == "关桥乡王湾教学点是教学点，开设1-3年级"
    fact(answers["level"], "CW-J9")
    assert first_line(answers["level"]) == "曹洼乡九年一贯制学校是九年一贯制，开设1-9年级"


def test_a_grade_finished_goes_on_to_the_next(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["grade_done"]  # five finished: grade 6, which the 教学点 (1-3) does not teach
    assert row["lookup"]["record_ids"] == ["zones:七营镇/盘河村", "schools:QY-X"]
    assert "六年级" in first_line(row) and "七营镇中心小学" in first_line(row)
    done = answers["primary_done"]
    assert done["lookup"]["record_ids"] == ["zones:关桥乡/王湾村", "schools:GQ-Z"]
    assert "关桥乡中学" in first_line(done) and "王湾教学点" not in first_line(done)


def test_the_grade_gone_on_to_and_the_county_town(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["grade_next"]  # 升四年级 wins over the 二年级 named first
    assert row["lookup"]["record_ids"] == ["zones:关桥乡/王湾村", "schools:GQ-X"]
    town = answers["county_town"]  # 海原县城 is the county seat (海城街道), 东关 its community
    assert town["lookup"]["record_ids"] == ["zones:海城街道/东关社区", "schools:HY-Z4"]


def test_villages_named_without_their_suffix_are_never_a_neighbour(answers: dict[str, dict[str, Any]]) -> None:
    for key, name in (("bare_unknown", "李家沟"), ("bare_in_township", "赵家湾"), ("longer_name", "王家堡子")):
        row = answers[key]
        assert row["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}, key
        assert row["answered"] is False and name in row["answer"] and "小学是" not in row["answer"], key
    assert "堡子村" not in answers["longer_name"]["answer"]  # 史店乡堡子村 is not 王家堡子
    level_only = answers["level_only"]  # the township alone: which village is asked back
    assert level_only["lookup"]["kind"] == "zone" and level_only["answered"] is False
    assert "关桥乡哪个村" in level_only["answer"]


def test_a_move_to_the_county_town_and_a_worried_parent(answers: dict[str, dict[str, Any]]) -> None:
    moved = answers["moved_to_town"]  # 李旺 (where the child was) and 县城 (where the family lives now) both named
    assert moved["lookup"]["place_status"] == "found"
    assert moved["lookup"]["record_ids"][0] == "zones:海城街道/海兴社区" and "schools:HY-Z4" in moved["lookup"]["record_ids"]
    crying = answers["crying"]
    assert crying["lookup"]["record_ids"] == ["services:SV-XL"] and "0955-0000105" in first_line(crying)


def test_a_fee_is_a_complaint_not_a_list_of_materials(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["fee_complaint"]
    assert row["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["services:SV-TS"]}
    assert "0955-0000102" in first_line(row) and "户口簿" not in row["answer"]


def test_contacts_and_services_by_description(answers: dict[str, dict[str, Any]]) -> None:
    dropout = answers["dropout_months"]
    assert dropout["lookup"] == {"kind": "contact", "place_status": None, "record_ids": ["services:SV-KC-QY"]}
    assert "0955-0000119" in first_line(dropout)
    small = answers["small_school"]
    assert "subsidies:GYJF-XGM" in small["lookup"]["record_ids"] and "100人" in small["answer"]
    home = answers["home_teaching"]
    assert home["answered"] and home["lookup"]["record_ids"] == ["services:SV-SJ"]
    assert first_line(home).startswith("海原县特殊教育资源中心送教上门服务")
    worried = answers["worried"]
    assert worried["answered"] and worried["lookup"]["record_ids"] == ["services:SV-XL"]
    assert first_line(worried).startswith("海原县中小学心理健康教育指导中心")


def test_where_a_child_comes_from_is_not_where_it_lives(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["transfer_from_outside"]
    assert row["answered"] and row["lookup"]["kind"] == "materials" and row["lookup"]["place_status"] is None
    assert row["lookup"]["record_ids"] == ["enrollment:ZX-01", "enrollment:ZX-02", "enrollment:ZX-03"]
    assert "银川市教育局" not in row["answer"]
    migrant = answers["migrant_first_year"]
    assert migrant["lookup"]["record_ids"][:2] == ["enrollment:SQ1-01", "enrollment:SQ1-02"]


def test_subsidies_by_description_and_what_is_waived(answers: dict[str, dict[str, Any]]) -> None:
    described = answers["subsidy_described"]  # rows sharing the most words (家庭, 困难, 补助) with the question
    assert described["lookup"]["kind"] == "subsidy"
    assert described["lookup"]["record_ids"] == ["subsidies:LMYB-JSS-XX", "subsidies:LMYB-JSS-CZ"]
    waived = answers["waived"]
    assert waived["lookup"]["record_ids"] == ["subsidies:LMYB-JKS-CZ", "subsidies:LMYB-ZF-CZ"]
    assert "1250" not in first_line(waived)


def test_subsidy_rows_of_the_levels_named(answers: dict[str, dict[str, Any]]) -> None:
    high = answers["senior_high"]  # 高中学费 holds 中学: not the 初中 row
    assert high["lookup"]["record_ids"] == ["subsidies:GZ-SLXS-MXZF", "subsidies:GZ-GJZXJ"]
    two = answers["two_children"]  # one child in senior high (县一中), one in junior: the junior row stays
    assert two["lookup"]["record_ids"][0] == "subsidies:LMYB-ZF-CZ"
    small = answers["small_school_money"]
    assert "subsidies:GYJF-XGM" in small["lookup"]["record_ids"]
    assert answers["small_school_no_money"]["lookup"] is None  # a small school, but money is not asked


def test_materials_asked_loosely_and_a_document_missing(answers: dict[str, dict[str, Any]]) -> None:
    loose = answers["materials_loosely"]
    assert loose["lookup"]["kind"] == "materials" and "enrollment:BD1-01" in loose["lookup"]["record_ids"]
    missing = answers["document_missing"]
    assert missing["lookup"] == {"kind": "materials", "place_status": None, "record_ids": ["enrollment:BD1-02"]}


def test_a_service_asked_for_answers_first(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["service_asked"]
    assert row["lookup"] == {"kind": "service", "place_status": None, "record_ids": ["services:SV-XL"]}
    assert first_line(row).startswith("海原县中小学心理健康教育指导中心")
