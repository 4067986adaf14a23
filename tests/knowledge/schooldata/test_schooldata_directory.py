"""SchoolDirectory lookups over the shipped sample data."""

from __future__ import annotations

import time
from pathlib import Path

import pydantic
import pytest

from knowledge.ingest import script as script_module
from knowledge.schooldata import (
    AmbiguousPlaceError,
    SchoolDirectory,
    ZoneAssignment,
    load_rows,
    needs_clarification,
)

DATA_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "data"


@pytest.fixture(scope="module")
def d() -> SchoolDirectory:
    return SchoolDirectory(load_rows(DATA_DIR))


def places(matches):
    return [(m.township, m.place) for m in matches]


# ----------------------------------------------------------------------------- places


def test_exact_match_with_township(d):
    matches = d.match_places("俺家住在关桥乡脱场村，娃该上哪个学校")
    assert places(matches) == [("关桥乡", "脱场村")]
    best = matches[0]
    assert best.exact and best.method == "exact" and best.confidence == 1.0
    assert best.township_mentioned and not best.ambiguous and not best.township_conflict
    assert best.matched_text == "脱场村"
    assert not needs_clarification(matches)


def test_missing_suffix(d):
    matches = d.match_places("我家在脱场，娃明年上一年级")
    assert places(matches) == [("关桥乡", "脱场村")]
    assert matches[0].exact and matches[0].method == "name"
    assert places(d.match_places("家住文昌")) == [("海城街道", "文昌社区")]


def test_traditional_input(d):
    matches = d.match_places("俺家住在關橋鄉脫場村，娃該上哪個學校")
    assert places(matches) == [("关桥乡", "脱场村")]
    assert matches[0].exact and matches[0].township_mentioned
    assert d.match_township("關橋鄉") == ["关桥乡"]


def test_homophone(d):
    matches = d.match_places("我们是驼场村的")  # 驼 tuo = 脱 tuo
    assert places(matches) == [("关桥乡", "脱场村")]
    assert not matches[0].exact and matches[0].method == "homophone"
    assert places(d.match_places("娃在砖叫村住")) == [("七营镇", "砖窖村")]
    assert places(d.match_places("现麻村")) == [("三河镇", "苋麻村")]


def test_homophone_without_suffix_needs_the_township(d):
    assert d.match_places("俺是驼场的") == []
    assert places(d.match_places("关桥乡驼场的")) == [("关桥乡", "脱场村")]


def test_one_character_typo(d):
    matches = d.match_places("脱汤村的娃上学")
    assert places(matches) == [("关桥乡", "脱场村")]
    assert matches[0].method == "typo" and not matches[0].exact
    assert 0.5 <= matches[0].confidence < 0.85
    assert needs_clarification(matches)  # a guess: confirm with the family


def test_dialect_near_homophone(d):
    assert places(d.match_places("钻窖村")) == [("七营镇", "砖窖村")]  # zuan/zhuan


def test_ambiguous_name_returns_both_townships(d):
    matches = d.match_places("我家在高崖村，娃上几年级了")
    assert sorted(places(matches)) == [("七营镇", "高崖村"), ("高崖乡", "高崖村")]
    assert all(m.ambiguous and m.exact and m.confidence == 1.0 for m in matches)
    assert needs_clarification(matches)
    assert sorted(m.township for m in d.match_places("俺是新庄的")) == ["李旺镇", "树台乡"]


def test_homophones_of_two_names_are_ambiguous_but_exact_wins(d):
    assert sorted(places(d.match_places("六湾村"))) == [("九彩乡", "柳湾村"), ("郑旗乡", "刘湾村")]
    assert places(d.match_places("刘湾村")) == [("郑旗乡", "刘湾村")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("七营镇高崖村", ("七营镇", "高崖村")),
        ("高崖乡高崖村", ("高崖乡", "高崖村")),
        ("树台乡新庄村的", ("树台乡", "新庄村")),
        ("树台新庄村", ("树台乡", "新庄村")),  # a township's short name
        ("李旺镇杨山村", ("李旺镇", "杨山村")),
        ("三河镇张堡村", ("三河镇", "张堡村")),
        ("西安鎮張灣村", ("西安镇", "张湾村")),
    ],
)
def test_township_disambiguates(d, text, expected):
    matches = d.match_places(text)
    assert places(matches) == [expected]
    assert matches[0].township_mentioned and not matches[0].ambiguous


def test_a_destination_does_not_contradict(d):
    matches = d.match_places("我家在新庄村，想让娃去县城上学")
    assert sorted(m.township for m in matches) == ["李旺镇", "树台乡"]
    assert all(m.ambiguous and not m.township_conflict for m in matches)


def test_contradicting_township_is_flagged_with_its_near_names(d):
    matches = d.match_places("俺家住在关桥乡脱烈村，娃该上哪个学校")  # 脱烈村 is in 曹洼乡
    assert places(matches) == [("曹洼乡", "脱烈村"), ("关桥乡", "脱场村")]
    assert matches[0].township_conflict and matches[0].confidence == pytest.approx(0.8)
    assert matches[1].township_mentioned and matches[1].method == "typo"
    assert needs_clarification(matches)


def test_no_false_positives(d):
    for text in ("我们村的娃今年上一年级", "一个新村", "孩子户口在外地，需要什么材料", "团结一致", "", "   "):
        assert d.match_places(text) == [], text


def test_township_only(d):
    assert d.match_places("我是七营的") == []
    assert d.match_township("我是七营的") == ["七营镇"]
    assert d.match_township("甘盐池的娃") == ["甘盐池管委会"]
    assert d.match_township("在西安打工") == []  # 西安 alone is the city
    assert d.match_township("高崖村") == []  # a village, not 高崖乡
    assert d.match_township("从关桥乡搬到了县城") == ["关桥乡", "海城街道"]


def test_county_seat_communities(d):
    south = d.zone_for(d.match_places("南关社区的娃")[0])
    assert (south.primary.short_name, south.junior.short_name) == ("海原一小", "海原三中")
    new = d.zone_for("新区社区")
    assert (new.primary.short_name, new.junior.short_name) == ("海原六小", "海原五中")
    assert "大班额" in new.notes


# ----------------------------------------------------------------------------- zone_for


def test_zone_for(d):
    match = d.match_places("关桥乡王湾村")[0]
    assignment = d.zone_for(match)
    assert isinstance(assignment, ZoneAssignment)
    assert (assignment.primary.school_id, assignment.junior.school_id) == ("GQ-WW", "GQ-Z")
    assert assignment.primary.level == "教学点" and "四年级" in assignment.notes
    assert d.zone_for("脱场") == d.zone_for("脱场村")
    assert d.zone_for("脱场村").primary.school_id == "GQ-X"
    assert d.zone_for("脫場村", township="關橋鄉").junior.school_id == "GQ-Z"
    assert d.zone_for("不存在村") is None


def test_zone_for_ambiguous_name(d):
    with pytest.raises(AmbiguousPlaceError) as info:
        d.zone_for("新庄村")
    assert sorted(c.township for c in info.value.candidates) == ["李旺镇", "树台乡"]
    assert d.zone_for("新庄村", township="树台乡").primary.school_id == "ST-XZ"
    assert d.zone_for("新庄", township="李旺").primary.school_id == "LW-X"


# ----------------------------------------------------------------------------- schools


@pytest.mark.parametrize(
    ("text", "school_id"),
    [
        ("五中怎么样", "HY-Z5"),
        ("海原五中", "HY-Z5"),
        ("海原县第五中学在哪", "HY-Z5"),
        ("海原5中", "HY-Z5"),
        ("海原縣第五中學", "HY-Z5"),
        ("七小还收学生吗", "HY-X7"),
        ("海原六小", "HY-X6"),
        ("一小", "HY-X1"),
        ("关桥中学", "GQ-Z"),
        ("关桥乡中心小学", "GQ-X"),
        ("关桥中心校", "GQ-X"),
        ("方堡小学", "GQ-FB"),
        ("曹洼九年一贯制", "CW-J9"),
        ("甘盐池九年一贯制学校", "GYC-J9"),
    ],
)
def test_match_school(d, text, school_id):
    assert [m.school.school_id for m in d.match_school(text)] == [school_id]


def test_match_school_several_and_none(d):
    assert [m.school.short_name for m in d.match_school("五中和七小哪个好")] == ["海原五中", "海原七小"]
    for text in ("坐车一小时", "一小部分", "十一小时", "三中全会", "我家在关桥"):
        assert d.match_school(text) == [], text


def test_new_schools_notes(d):
    for short in ("五中", "六小", "七小"):
        school = d.match_school(short)[0].school
        assert "三（二）6." in school.notes and "大班额分流" in school.notes


# ----------------------------------------------------------------------------- other tables


def test_subsidies(d):
    primary = d.subsidies(level="小学", category="两免一补")
    assert [s.subsidy_id for s in primary] == ["LMYB-JKS-XX", "LMYB-ZF-XX", "LMYB-JSS-XX"]
    assert [s.amount for s in d.subsidies(category="寄宿")] == ["小学每生每年1000元", "初中每生每年1250元"]
    assert {s.subsidy_id for s in d.subsidies(category="营养改善计划")} == {"YYGS-XX", "YYGS-CZ"}
    school_rows = d.subsidies(level="学校")
    assert "GYJF-XGM" in {s.subsidy_id for s in school_rows}
    assert d.subsidies(level="大学") == []


def test_services(d):
    rows = d.services(kind="留守儿童关爱", township="关桥")
    assert rows[0].township == "关桥乡" and rows[-1].county_wide
    assert all(r.township in {"关桥乡", ""} for r in rows)
    assert {r.kind for r in d.services(kind="投诉")} == {"投诉"}


def test_enrollment(d):
    items = {row.item for row in d.enrollment(audience="随迁子女", kind="材料")}
    assert "居住证或居住登记凭证" in items
    assert all(row.kind == "日程" for row in d.enrollment(kind="日程"))


def test_bureau_contact(d):
    bureau = d.bureau_contact()
    assert bureau.name == "海原县教育体育局" and bureau.kind == "入学咨询" and bureau.county_wide
    assert bureau.contact == "0955-0000001（示例号码）"


# ----------------------------------------------------------------------------- records


def test_records_expose_verification_and_source(d):
    school = d.school("HY-Z5")
    assert school.verified is False and str(school.as_of) == "2025-09-01"
    assert school.source_label == "海原县学校数据 schools.csv（示例数据）"
    match = d.match_places("脱场村")[0]
    assert (match.verified, match.source_label) == (False, "海原县学校数据 zones.csv（示例数据）")
    assignment = d.zone_for(match)
    assert assignment.verified is False and assignment.source_label.endswith("（示例数据）")
    assert d.subsidies()[0].source_label == "海原县学校数据 subsidies.csv（示例数据）"
    assert d.bureau_contact().source_label == "海原县学校数据 services.csv（示例数据）"
    assert d.enrollment()[0].source_label == "海原县学校数据 enrollment.csv（示例数据）"
    assert d.match_school("五中")[0].source_label == school.source_label


def test_records_are_read_only(d):
    with pytest.raises(pydantic.ValidationError):
        d.school("HY-Z5").name = "别的学校"


# ----------------------------------------------------------------------------- speed


def test_opencc_is_built_once(d, monkeypatch):
    def boom(*_args, **_kwargs):
        raise AssertionError("OpenCC built during a lookup")

    monkeypatch.setattr(script_module.opencc, "OpenCC", boom)
    assert d.match_places("關橋鄉脫場村")
    assert d.match_school("海原五中")
    assert d.match_township("關橋鄉")


def test_lookups_are_fast(d):
    questions = [
        "俺家住在关桥乡脱场村，娃该上哪个学校",
        "我家在高崖村，娃明年上一年级",
        "娃在砖叫村住，上初中去哪",
        "我们是随迁子女，在县城租房子住，需要啥材料",
        "海原五中今年还收不收学生",
        "孩子户口在外地，" * 30,
    ]
    for q in questions:
        d.match_places(q)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for q in questions:
            d.match_places(q)
            d.match_school(q)
            d.match_township(q)
    per_call = (time.perf_counter() - start) / (rounds * len(questions))
    assert per_call < 0.005  # typically well under a millisecond; loose for slow CI machines


@pytest.mark.parametrize(
    ("text", "school_id"),
    [
        ("七营初中能住校吗", "QY-Z"),  # the township's stem + 初中
        ("七营小学电话", "QY-X"),  # the township's stem + 小学 for its 中心小学
        ("海原回中在哪", "HY-HM"),  # gazetteer.yaml school_aliases
        ("甘盐池学校有宿舍吗", "GYC-J9"),  # the township's only school
        ("qiying zhongxue dianhua", "QY-Z"),  # pinyin of a name
        ("Haiyuan No. 5 middle school phone", "HY-Z5"),
        ("number 2 primary school", "HY-X2"),
    ],
)
def test_schools_by_other_names(d, text, school_id):
    assert [m.school.school_id for m in d.match_school(text)] == [school_id]


def test_school_names_are_not_read_into_other_words(d):
    assert d.match_school("我家在七营镇，小学去哪") == []  # 七营镇, 小学 is a township and a level
    assert d.match_school("zhongxue dianhua duoshao") == []  # no school named in the pinyin
    assert d.match_school("no. 9 middle school") == []  # the county has no 第九中学
