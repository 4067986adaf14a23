"""The shipped SAMPLE data in knowledge/data/ loads cleanly and covers the county."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from knowledge.schooldata import FILES, SchoolDirectory, load_rows

DATA_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "data"
TOWNSHIPS = [
    "海城街道",
    "李旺镇",
    "西安镇",
    "三河镇",
    "七营镇",
    "史店乡",
    "树台乡",
    "关桥乡",
    "高崖乡",
    "郑旗乡",
    "贾塘乡",
    "曹洼乡",
    "九彩乡",
    "李俊乡",
    "红羊乡",
    "关庄乡",
    "甘城乡",
    "甘盐池管委会",
]


@pytest.fixture(scope="module")
def result():
    return load_rows(DATA_DIR)


@pytest.fixture(scope="module")
def directory(result):
    return SchoolDirectory(result)


def test_loads_with_zero_errors(result):
    assert result.errors == []
    assert result.warnings == []
    assert result.failed_files == []
    assert result.ok


def test_files_are_utf8_csv_with_header():
    for name in FILES:
        text = (DATA_DIR / name).read_bytes().decode("utf-8")  # strict
        header = next(csv.reader(text.splitlines()))
        assert header[-2:] == ["as_of", "verified"], name


def test_counts(result):
    counts = result.counts()
    assert 45 <= counts["schools"] <= 70
    assert counts["zones"] >= 160
    assert counts["subsidies"] >= 12
    assert counts["services"] >= 10
    assert counts["enrollment"] >= 20


def test_every_township_has_places(result):
    places = Counter(zone.township for zone in result.zones)
    for town in TOWNSHIPS:
        assert places[town] >= 1, town
    assert set(places) == set(TOWNSHIPS)
    assert places["海城街道"] >= 8
    assert any(z.place_type == "社区" for z in result.zones if z.township == "海城街道")


def test_every_zone_has_its_schools(result, directory):
    ids = {school.school_id: school for school in result.schools}
    for zone in result.zones:
        assert ids[zone.primary_school_id].level in {"小学", "九年一贯制", "教学点"}
        assert ids[zone.junior_school_id].level in {"初中", "九年一贯制", "完全中学"}
        assignment = directory.zone_for(directory_zone(directory, zone.township, zone.place))
        assert assignment is not None
        assert assignment.primary.school_id == zone.primary_school_id


def directory_zone(directory, township, place):
    return next(z for z in directory.zones if z.township == township and z.place == place)


def test_a_few_names_are_in_two_townships(result):
    counts = Counter(zone.place for zone in result.zones)
    duplicates = {name for name, n in counts.items() if n > 1}
    assert duplicates == {"新庄村", "杨山村", "张湾村", "张堡村", "高崖村"}
    assert all(counts[name] == 2 for name in duplicates)


def test_new_schools_relieving_big_classes(result):
    by_name = {school.name: school for school in result.schools}
    for name, short in (
        ("海原县第五中学", "海原五中"),
        ("海原县第六小学", "海原六小"),
        ("海原县第七小学", "海原七小"),
    ):
        school = by_name[name]
        assert "三（二）6." in school.notes and "大班额" in school.notes, name
        assert short in school.notes
    assert by_name["海原县第五中学"].level == "初中"


def test_each_township_has_a_junior_school(result):
    juniors = Counter(s.township for s in result.schools if s.level in {"初中", "九年一贯制", "完全中学"})
    for town in TOWNSHIPS:
        assert juniors[town] >= 1, town


def test_every_record_is_unverified_sample(result):
    for attr in ("schools", "zones", "subsidies", "services", "enrollment"):
        for row in getattr(result, attr):
            assert row.verified is False
            assert isinstance(row.as_of, dt.date)


def test_contacts_are_obvious_placeholders(result):
    for row in (*result.schools, *result.services):
        assert row.contact.endswith("（示例号码）"), row
        assert row.contact.startswith("0955-0000")


def test_subsidy_figures(directory):
    by_id = {s.subsidy_id: s for s in directory.subsidies()}
    assert by_id["LMYB-JSS-XX"].amount_yuan == 1000 and by_id["LMYB-JSS-XX"].unit == "元/生·年"
    assert by_id["LMYB-JSS-CZ"].amount_yuan == 1250
    assert by_id["YYGS-XX"].amount_yuan == 5 and by_id["YYGS-XX"].unit == "元/生·天"
    assert by_id["GYJF-XX"].amount_yuan == 720 and by_id["GYJF-CZ"].amount_yuan == 940
    assert "100人" in by_id["GYJF-XGM"].amount and by_id["GYJF-XGM"].basis == "《实施方案》三（一）3."
    assert "三（五）21." in by_id["GZ-SLXS-MXZF"].basis
    assert "三（五）21." in by_id["GZ-GJZXJ"].basis
    assert "建档立卡" in by_id["XQ-YMYB"].eligibility
    assert by_id["JS-XCSHBZ"].amount == "按县财政核定标准（示例）"
    assert {s.level for s in by_id.values()} == {"小学", "初中", "高中", "学前", "教师", "学校"}


def test_enrollment_materials_and_calendar(directory):
    local = {row.item for row in directory.enrollment(audience="本地户籍", kind="材料")}
    assert {"户口簿", "出生医学证明", "预防接种证"} <= local
    migrant = {row.item for row in directory.enrollment(audience="随迁子女", kind="材料")}
    assert {"居住证或居住登记凭证", "父母务工或经商证明", "户口簿", "学籍信息"} <= migrant
    calendar = [row for row in directory.enrollment(audience="本地户籍", kind="日程", stage="小学一年级")]
    assert [row.item for row in calendar] == ["报名", "审核", "公布划片结果", "报到"]
    assert all("2027年" in row.detail for row in calendar)


def test_service_kinds_covered(directory):
    kinds = {row.kind for row in directory.services()}
    assert kinds == {"留守儿童关爱", "控辍保学", "送教上门", "心理健康", "入学咨询", "资助咨询", "投诉"}
