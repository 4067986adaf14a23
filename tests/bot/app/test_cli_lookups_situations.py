"""Look-ups asked from a family's situation, through `ask --json` (the classes lookups_dev9 found):

- a village the data does not hold, named with its township, in a question about papers, dates or amounts, is asked
  back as unknown (never the county's list as if the place were known), while a real village keeps the list;
- a school named by its township and a name that is none of its villages is declined as a school the data lacks;
- a school of a town outside the county, and a neighbouring town named without its 镇, are outside the county;
- any city named with its 市 is outside the county (海原县 holds no city); a street address, a village followed by 上学
  and a bare village ending in 泉 are places the data does not hold;
- a family back from work outside the county enrols as the county's own; a child born elsewhere, or a household
  said in English to be elsewhere, still gets the county's papers; 暂住证 is the 居住证 paper; 租房子 is no place.
"""

from __future__ import annotations

from typing import Any

import pytest

QUESTIONS = {
    "unknown_village_materials": "俺家是七营镇桃花村的，娃明年上一年级要准备啥",
    "unknown_village_subsidy": "史店乡田园村的娃住校，一年能补多少",
    "real_village_materials": "俺家是七营镇北咀村的，娃明年上一年级要准备啥",
    "real_village_subsidy": "史店乡田拐村的娃住校，一年能补多少",
    "unknown_village_school": "李旺镇杏花小学有没有亲情电话",
    "typed_village_school": "三河镇富林小学有没有亲情电话",
    "real_village_school_zone": "高崖乡石湾小学能住校吗",
    "outside_school": "韦州镇中学能住校不",
    "bare_outside_town": "鸣沙的娃上小学去哪",
    "back_from_work": "在新疆打工回来的，娃上初一要带户口本不",
    "back_from_work_dates": "从包头打工回来了，一年级啥时候报到",
    "born_elsewhere": "娃是在甘肃出生的，上一年级出生证要带吗",
    "hukou_in_letters": "our hukou is in gansu, my kid starts grade one here, do we need the household register?",
    "temporary_permit": "外地户口，娃上一年级暂住证能用不",
    "renting_not_a_place": "俺们在县城租房子住，娃上一年级住房证明咋弄",
    "business_in_letters": "we have a small business here, our hukou is in gansu, do we need proof of business for grade one?",
    "unlisted_city": "喀什市的娃上初中去哪",
    "city_sharing_a_township_name": "海城市的孩子在哪上初中",
    "big_city_words": "我们住在大城市，娃上学难不难",
    "street_address": "家住县城解放路8号，娃上小学去哪",
    "village_then_schooling": "杏花沟村上学去哪",
    "bare_spring_village": "俺们关桥清水泉的，娃念书在哪",
}


@pytest.fixture(scope="module")
def answers(ask_batch) -> dict[str, dict[str, Any]]:
    return ask_batch(QUESTIONS)


@pytest.mark.parametrize(("key", "kind"), [("unknown_village_materials", "materials"), ("unknown_village_subsidy", "subsidy")])
def test_an_unknown_village_asked_about_papers_or_amounts_is_asked_back(answers: dict[str, dict[str, Any]], key: str, kind: str) -> None:
    row = answers[key]
    assert row["lookup"] == {"kind": kind, "place_status": "unknown", "record_ids": []}
    assert row["answered"] is False and row["answer"].startswith("我没有找到这个地方")


def test_a_real_village_keeps_the_papers_and_amounts(answers: dict[str, dict[str, Any]]) -> None:
    assert "enrollment:BD1-01" in answers["real_village_materials"]["lookup"]["record_ids"]
    assert "subsidies:LMYB-JSS-XX" in answers["real_village_subsidy"]["lookup"]["record_ids"]
    assert all(answers[k]["answered"] for k in ("real_village_materials", "real_village_subsidy"))


def test_a_school_named_by_no_village_of_its_township_is_declined(answers: dict[str, dict[str, Any]]) -> None:
    row = answers["unknown_village_school"]
    assert row["lookup"] == {"kind": "school_fact", "place_status": "unknown", "record_ids": []}
    assert row["answered"] is False and row["answer"].startswith("县学校资料里没有“李旺镇杏花小学”")


def test_a_village_school_typed_by_its_sound_or_asked_as_a_zone_is_no_unknown_school(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["typed_village_school"]["lookup"]["record_ids"] == ["schools:SH-FL"]
    assert answers["real_village_school_zone"]["lookup"]["place_status"] == "found"


@pytest.mark.parametrize("key", ["outside_school", "bare_outside_town"])
def test_a_neighbouring_town_and_its_school_are_outside_the_county(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]
    assert row["lookup"]["place_status"] == "outside_county" and row["lookup"]["record_ids"] == []
    assert row["answered"] is False and ("同心县教育局" in row["answer"] or "中宁县教育局" in row["answer"])


def test_a_family_back_from_work_outside_enrols_as_the_county_own(answers: dict[str, dict[str, Any]]) -> None:
    assert answers["back_from_work"]["lookup"]["record_ids"] == ["enrollment:BD7-02"]
    assert answers["back_from_work_dates"]["lookup"]["record_ids"] == ["enrollment:RC-04"]


@pytest.mark.parametrize(("key", "record"), [("born_elsewhere", "enrollment:BD1-02"), ("hukou_in_letters", "enrollment:SQ1-03"),
                                             ("temporary_permit", "enrollment:SQ1-01"), ("renting_not_a_place", "enrollment:BD1-05"),
                                             ("business_in_letters", "enrollment:SQ1-02")])
def test_papers_asked_from_a_situation_get_the_county_paper(answers: dict[str, dict[str, Any]], key: str, record: str) -> None:
    row = answers[key]
    assert record in row["lookup"]["record_ids"] and row["lookup"]["place_status"] is None


@pytest.mark.parametrize("key", ["unlisted_city", "city_sharing_a_township_name"])
def test_any_city_is_outside_the_county(answers: dict[str, dict[str, Any]], key: str) -> None:
    row = answers[key]
    assert row["lookup"] == {"kind": "zone", "place_status": "outside_county", "record_ids": []}
    assert row["answered"] is False and "当地的教育局" in row["answer"]


def test_city_words_name_no_city(answers: dict[str, dict[str, Any]]) -> None:
    assert (answers["big_city_words"]["lookup"] or {}).get("place_status") != "outside_county"


@pytest.mark.parametrize(("key", "name"), [("street_address", "解放路"), ("village_then_schooling", "杏花沟村"),
                                           ("bare_spring_village", "清水泉")])
def test_a_street_or_a_village_the_data_lacks_is_asked_back(answers: dict[str, dict[str, Any]], key: str, name: str) -> None:
    row = answers[key]
    assert row["lookup"] == {"kind": "zone", "place_status": "unknown", "record_ids": []}
    assert row["answered"] is False and f"“{name}”" in row["answer"] and "小学：" not in row["answer"]
