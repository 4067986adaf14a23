"""Places and grades written in ways the look-ups must still read, through `ask --json` (in process, one
batch): two children of different grades in one question, the child's place beside a grandparent's, a
county or city outside the county that shares a township's name or names only its province, a village
named as a township that does not exist, an unknown village in pinyin, variant characters (咀 for 嘴),
a township written as it sounds (关乔乡 for 关桥乡), and a school's township asked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.app.conftest import first_line

QUESTIONS = {
    "two_grades": "关庄乡窑儿村，大娃上五年级，二娃上三年级，各在哪念",
    "two_grades_junior": "南台村老大念初一老二念二年级，分别去哪个学校",
    "grandparent": "我是娃的爷爷，住在李俊乡韩堡村，娃跟他妈住在甘城乡孙庄村，娃上初中去哪",
    "old_home": "老家在史店乡北坡村，现在娃和我们住在关桥乡马湾村，娃上小学去哪",
    "city_named_like_township": "我们在陕西西安市住，娃上初中对口哪个学校",
    "village_named_like_city": "三河市的孩子小学在哪上",
    "province_only": "甘肃那边的娃能在这上小学吗，对口哪个学校",
    "county_town_outside": "甘肃庆阳环县的娃上初中去哪",
    "village_as_township": "富陵镇的娃上哪个学校",
    "pinyin_unknown": "guanqiao xiang zhaojia cun haizi shang chuzhong",
    "variant_character": "七营镇北嘴村的娃小学初中去哪",
    "variant_character_back": "大咀村孩子上小学去哪",
    "school_township": "罗山小学是哪个乡的",
    "counseling_typo": "园河小学有心里辅导室吗",
    "township_homophone": "关乔乡方堡村的娃上小学去哪",
    "township_homophone_alone": "李王镇的娃上初中去哪",
    "unknown_township": "兴仁镇黑城村的娃上小学",
    "township_other_name": "娃跟着姥姥在海城镇西关社区住，上小学去哪",
    "township_long_other_name": "甘盐池种羊场西梁村的娃上学去哪",
    "address_colloquial": "方堡小学在啥地方",
    "name_ending_in_stop_word": "七营镇八里村的孩子上小学",
    "one_character_name": "李旺镇新村的娃上小学",
    "bare_after_township": "我家在曹洼乡，曹家湾的，娃上小学去哪",
    "bare_ending_in_shan": "我们是红羊乡的，住马家山，娃上学",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


def test_every_childs_grade_gets_its_own_school(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["two_grades"]  # 窑儿教学点 teaches 1-3: grade 5 goes to the 中心小学 (upper_primary_school_id)
    assert row["lookup"]["record_ids"] == ["zones:关庄乡/窑儿村", "schools:GZ-X", "schools:GZ-YE"]
    assert "五年级到关庄乡中心小学" in first_line(row) and "三年级，对口关庄乡窑儿教学点" in first_line(row)
    junior = answers["two_grades_junior"]
    assert junior["lookup"]["record_ids"] == ["zones:甘城乡/南台村", "schools:GC-Z", "schools:GC-NT"]


def test_the_childs_place_not_the_grandparents(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["grandparent"]
    assert row["lookup"]["record_ids"] == ["zones:甘城乡/孙庄村", "schools:GC-Z"]
    assert "李俊乡中学" not in row["answer"]
    home = answers["old_home"]
    assert home["lookup"]["record_ids"] == ["zones:关桥乡/马湾村", "schools:GQ-X"]


def test_places_outside_the_county_that_share_a_name_or_name_a_province(answers: dict[str, dict[str, Any]]) -> None:
    for key in ("city_named_like_township", "province_only", "county_town_outside"):
        row = answers[key]
        assert row["lookup"] == {"kind": "zone", "place_status": "outside_county", "record_ids": []}, key
        assert row["answered"] is False and "不在海原县" in row["answer"], key
    assert "西安镇中学" not in answers["city_named_like_township"]["answer"]
    assert "环县教育局" in answers["county_town_outside"]["answer"]
    city = answers["village_named_like_city"]  # 三河市 is not 三河镇: never its schools
    assert city["lookup"] is None or city["lookup"]["place_status"] != "found"
    assert "三河镇中心小学" not in city["answer"]


def test_a_village_named_as_a_township_and_pinyin_unknown_places(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["village_as_township"]  # 富陵村 exists; 富陵镇 does not
    assert row["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}
    assert "富陵镇" in row["answer"] and "富陵小学" not in row["answer"]
    pinyin = answers["pinyin_unknown"]
    assert pinyin["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}
    assert pinyin["answered"] is False and "关桥乡中学" not in pinyin["answer"]


def test_variant_characters_of_a_name_either_way(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["variant_character"]  # 北咀村 in the data
    assert row["lookup"]["record_ids"] == ["zones:七营镇/北咀村", "schools:QY-BZ", "schools:QY-Z"]
    back = answers["variant_character_back"]  # 大嘴村 in the data
    assert back["lookup"]["record_ids"] == ["zones:树台乡/大嘴村", "schools:ST-X"]


def test_a_schools_township_and_a_typo_of_the_counselling_room(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["school_township"]
    assert row["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": ["schools:GQ-LS"]}
    assert first_line(row).startswith("关桥乡罗山小学在关桥乡")
    typo = answers["counseling_typo"]  # 心里 for 心理
    assert typo["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": ["schools:XA-YH"]}
    assert "没有心理健康咨询室" in first_line(typo)


def test_a_township_written_as_it_sounds(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["township_homophone"]  # 关乔乡: the same sound as 关桥乡
    assert row["lookup"]["record_ids"] == ["zones:关桥乡/方堡村", "schools:GQ-FB"]
    alone = answers["township_homophone_alone"]  # every village of 李旺镇 has the same junior school
    assert alone["lookup"]["kind"] == "zone" and "schools:LW-Z" in alone["lookup"]["record_ids"]
    # 兴仁镇 is no township of the county but 沙坡头区's (outside_county.yaml): not 三河镇's 黑城村, and its own bureau
    unknown = answers["unknown_township"]
    assert unknown["lookup"] == {"kind": "zone", "place_status": "outside_county", "record_ids": []}
    assert "沙坡头区教育局" in unknown["answer"]
    assert "黑城小学" not in unknown["answer"]


def test_a_townships_other_names_before_a_village_and_a_schools_address(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["township_other_name"]  # 海城镇: gazetteer.yaml township_aliases of 海城街道
    assert row["lookup"]["record_ids"] == ["zones:海城街道/西关社区", "schools:HY-X3"]
    long_name = answers["township_long_other_name"]  # 甘盐池种羊场 holds 甘盐池: the whole other name is masked
    assert long_name["lookup"]["record_ids"] == ["zones:甘盐池管委会/西梁村", "schools:GYC-J9"]
    address = answers["address_colloquial"]
    assert address["lookup"] == {"kind": "school_fact", "place_status": None, "record_ids": ["schools:GQ-FB"]}
    assert first_line(address).startswith("关桥乡方堡小学的地址：关桥乡方堡村")


def test_unknown_village_names_of_every_shape(answers: dict[str, dict[str, Any]]) -> None:
    cases = {"name_ending_in_stop_word": "八里村", "one_character_name": "新村", "bare_after_township": "曹家湾",
             "bare_ending_in_shan": "马家山"}
    for key, name in cases.items():
        row = answers[key]
        assert row["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}, key
        assert row["answered"] is False and f"“{name}”" in row["answer"], key
    assert "七营镇中心小学" not in answers["name_ending_in_stop_word"]["answer"]  # never 八营村's school
