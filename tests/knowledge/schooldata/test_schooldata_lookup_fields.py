"""The look-up columns: schools.csv grades, zones.csv upper_primary_school_id, services.csv topics."""

from __future__ import annotations

from pathlib import Path

from knowledge.schooldata import SchoolDirectory, load_rows
from knowledge.schooldata.models import DEFAULT_GRADES

SCHOOLS = "school_id,name,level,grades,township,address,boarding,care_room,counseling_room,family_phone,contact,notes,as_of,verified"
ZONES = "township,place,place_type,primary_school_id,junior_school_id,upper_primary_school_id,notes,as_of,verified"
SERVICES = "service_id,kind,topics,name,provider,township,description,contact,hours,as_of,verified"
OTHER = {
    "subsidies.csv": [
        "subsidy_id,name,category,level,amount,amount_yuan,unit,eligibility,how_to_apply,basis,as_of,verified",
        "S1,寄宿生生活费补助（小学）,两免一补,小学,小学每生每年1000元,1000,元/生·年,,,国家政策（示例）,2025-09-01,false",
    ],
    "enrollment.csv": [
        "item_id,audience,stage,kind,item,detail,as_of,verified",
        "E1,本地户籍,小学一年级,材料,户口簿,,2025-09-01,false",
    ],
}
GOOD_SCHOOLS = [
    SCHOOLS,
    "T-A,甲乡中心小学,小学,1-6,甲乡,,true,true,false,true,,,2025-09-01,false",
    "T-B,甲乡中学,初中,,甲乡,,true,true,true,true,,,2025-09-01,false",
    "T-C,甲乡乙村教学点,教学点,1－3,甲乡,,false,false,false,false,,,2025-09-01,false",
]
GOOD_SERVICES = [SERVICES, "SV1,投诉,收费投诉；投诉,海原县教育体育局,海原县教育体育局,,,,,2025-09-01,false"]


def write(directory: Path, schools: list[str], zones: list[str], services: list[str] = GOOD_SERVICES) -> Path:
    files = {"schools.csv": schools, "zones.csv": zones, "services.csv": services, **OTHER}
    for name, lines in files.items():
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def test_grades_upper_school_and_topics_load(tmp_path):
    zones = [ZONES, "甲乡,乙村,村,T-C,T-B,T-A,,2025-09-01,false", "甲乡,甲村,村,T-A,T-B,,,2025-09-01,false"]
    result = load_rows(write(tmp_path, GOOD_SCHOOLS, zones))
    assert result.errors == []
    assert [s.grades for s in result.schools] == ["1-6", DEFAULT_GRADES["初中"], "1-3"]
    assert [z.upper_primary_school_id for z in result.zones] == ["T-A", ""]
    assert result.services[0].topics == "收费投诉;投诉"
    directory = SchoolDirectory(result)
    assert directory.school("T-C").grade_range == (1, 3)
    assert directory.school("T-C").teaches(3) and not directory.school("T-C").teaches(4)
    assert directory.services()[0].topic_list == ("收费投诉", "投诉")


def test_bad_lookup_cells_are_reported_by_file_and_line(tmp_path):
    schools = [*GOOD_SCHOOLS, "T-D,甲乡丙小学,小学,一到六,甲乡,,false,false,false,false,,,2025-09-01,false"]
    zones = [
        ZONES,
        "甲乡,乙村,村,T-C,T-B,,,2025-09-01,false",
        "甲乡,丙村,村,T-C,T-B,T-B,,2025-09-01,false",
        "甲乡,丁村,村,T-C,T-B,T-X,,2025-09-01,false",
        "甲乡,戊村,村,T-C,T-B,T-C,,2025-09-01,false",
    ]
    services = [SERVICES, "SV1,投诉,乱收费,海原县教育体育局,海原县教育体育局,,,,,2025-09-01,false"]
    result = load_rows(write(tmp_path, schools, zones, services))
    assert result.errors == [
        "schools.csv:5: grades '一到六' is not a grade range (use e.g. 1-6, 1-3, 7-9)",
        "zones.csv:2: primary_school_id 'T-C' teaches grades 1-3 only; upper_primary_school_id (where grades 4-6 go) is required",
        "zones.csv:3: upper_primary_school_id 'T-B' is a 初中, not a primary school (小学/九年一贯制/教学点)",
        "zones.csv:4: upper_primary_school_id 'T-X' is not a known school",
        "zones.csv:5: upper_primary_school_id 'T-C' teaches grades 1-3; it must take grades 4-6",
        "services.csv:2: topics '乱收费' is not one of 入学咨询/资助/收费投诉/投诉/控辍保学/送教上门/心理健康/留守儿童",
    ]
    assert result.zones == []


def test_shipped_data_fills_the_new_columns():
    directory = SchoolDirectory.from_data_dir(Path(__file__).resolve().parents[3] / "knowledge" / "data")
    teaching_points = [s for s in directory.schools if s.level == "教学点"]
    assert teaching_points and all(s.grades == "1-3" for s in teaching_points)
    for zone in directory.zones:
        primary = directory.school(zone.primary_school_id)
        assert (primary.grade_range[1] < 6) == bool(zone.upper_primary_school_id), zone.place
    pan_he = next(z for z in directory.zones if z.place == "盘河村")
    assert pan_he.upper_primary_school_id == "QY-X"  # its note: 四年级起到七营镇中心小学
    topics = {topic for service in directory.services() for topic in service.topic_list}
    assert {"控辍保学", "收费投诉", "投诉", "资助", "入学咨询", "留守儿童"} <= topics


def test_new_columns_survive_the_migrated_database(engine):
    """Alembic 0006 adds the columns; the directory built from the database keeps them."""
    from sqlmodel import Session

    from knowledge.schooldata import load_into_db

    data_dir = Path(__file__).resolve().parents[3] / "knowledge" / "data"
    with Session(engine) as session:
        assert load_into_db(session, data_dir).ok
        directory = SchoolDirectory.from_session(session)
    assert directory.school("QY-PH").grades == "1-3"
    assert next(z for z in directory.zones if z.place == "盘河村").upper_primary_school_id == "QY-X"
    assert next(s for s in directory.services() if s.service_id == "SV-TS").topic_list == ("收费投诉", "投诉")
