"""The loader's error lines on bad rows, bad files and Excel quirks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.schooldata import load_rows

SCHOOLS_HEADER = "school_id,name,level,township,address,boarding,care_room,counseling_room,family_phone,contact,notes,as_of,verified"
ZONES_HEADER = "township,place,place_type,primary_school_id,junior_school_id,notes,as_of,verified"
SUBSIDIES_HEADER = (
    "subsidy_id,name,category,level,amount,amount_yuan,unit,eligibility,how_to_apply,basis,as_of,verified"
)
SERVICES_HEADER = "service_id,kind,name,provider,township,description,contact,hours,as_of,verified"
ENROLLMENT_HEADER = "item_id,audience,stage,kind,item,detail,as_of,verified"

GOOD = {
    "schools.csv": [
        SCHOOLS_HEADER,
        "T-A,甲乡中心小学,小学,甲乡,,true,true,false,true,0955-0000001（示例号码）,,2025-09-01,false",
        "T-B,甲乡中学,初中,甲乡,,true,true,true,true,,,2025-09-01,false",
    ],
    "zones.csv": [ZONES_HEADER, "甲乡,甲村,村,T-A,T-B,,2025-09-01,false"],
    "subsidies.csv": [
        SUBSIDIES_HEADER,
        "S1,寄宿生生活费补助（小学）,两免一补,小学,小学每生每年1000元,1000,元/生·年,,,国家政策（示例）,2025-09-01,false",
    ],
    "services.csv": [
        SERVICES_HEADER,
        "SV1,入学咨询,海原县教育体育局,海原县教育体育局,,,0955-0000001（示例号码）,,2025-09-01,false",
    ],
    "enrollment.csv": [ENROLLMENT_HEADER, "E1,本地户籍,小学一年级,材料,户口簿,,2025-09-01,false"],
}


def write_set(directory: Path, **overrides: list[str] | bytes | None) -> Path:
    """A small valid data set, with some files replaced (None = leave the file out)."""
    for name, lines in GOOD.items():
        content = overrides.get(name.removesuffix(".csv"), lines)
        if content is None:
            continue
        if isinstance(content, bytes):
            (directory / name).write_bytes(content)
        else:
            (directory / name).write_text("\n".join(content) + "\n", encoding="utf-8")
    return directory


def test_the_small_set_is_clean(tmp_path):
    result = load_rows(write_set(tmp_path))
    assert result.errors == []
    assert result.counts() == {"schools": 2, "zones": 1, "subsidies": 1, "services": 1, "enrollment": 1}


def test_bad_school_rows_give_exact_errors_and_good_rows_still_load(tmp_path):
    schools = [
        SCHOOLS_HEADER,
        "T-A,甲乡中心小学,小学,甲乡,,true,true,false,true,,,2025-09-01,false",  # 2 ok
        "T-C,甲乡高中,高中,甲乡,,true,true,false,true,,,2025-09-01,false",  # 3 bad level
        "T-D,,小学,甲乡,,true,true,false,true,,,2025-09-01,false",  # 4 missing name
        "T-E,甲乡乙小学,小学,甲乡,,也许,true,false,true,,,2025-09-01,false",  # 5 bad boolean
        "T-F,甲乡丙小学,小学,甲乡,,true,true,false,true,,,2025-13-01,false",  # 6 bad date
        "T-A,甲乡丁小学,小学,甲乡,,true,true,false,true,,,2025-09-01,false",  # 7 duplicate id
        "T-B,甲乡中学,初中,甲乡,,true,true,true,true,,,2025-09-01,false",  # 8 ok
    ]
    result = load_rows(write_set(tmp_path, schools=schools))
    assert result.errors == [
        "schools.csv:3: level '高中' is not one of 小学/初中/九年一贯制/教学点/完全中学",
        "schools.csv:4: name is required",
        "schools.csv:5: boarding '也许' is not a boolean (use true/false/是/否/1/0)",
        "schools.csv:6: as_of '2025-13-01' is not a valid date (use YYYY-MM-DD)",
        "schools.csv:7: duplicate school_id 'T-A' (first on line 2)",
    ]
    assert [s.school_id for s in result.schools] == ["T-A", "T-B"]
    assert result.schools[0].name == "甲乡中心小学"  # the first of the duplicates is kept
    assert len(result.zones) == 1  # zones referencing T-A/T-B still load


def test_bad_zone_rows(tmp_path):
    zones = [
        ZONES_HEADER,
        "甲乡,甲村,村,T-A,T-B,,2025-09-01,false",  # 2 ok
        "甲乡,乙村,村,T-A,NOPE,,2025-09-01,false",  # 3 unknown school
        "甲乡,丙村,村,T-A,T-A,,2025-09-01,false",  # 4 a primary school as junior
        "甲乡,甲村,村,T-A,T-B,,2025-09-01,false",  # 5 duplicate place
        "甲乡,丁村,庄,T-A,T-B,,2025-09-01,false",  # 6 bad place type
        "甲乡,戊村,村,T-A,T-B,,2025-09-01,false",  # 7 ok
    ]
    result = load_rows(write_set(tmp_path, zones=zones))
    assert result.errors == [
        "zones.csv:3: junior_school_id 'NOPE' is not a known school",
        "zones.csv:4: junior_school_id 'T-A' is a 小学, not a junior school (初中/九年一贯制/完全中学)",
        "zones.csv:5: duplicate place '甲村' in 甲乡 (first on line 2)",
        "zones.csv:6: place_type '庄' is not one of 村/社区",
    ]
    assert [z.place for z in result.zones] == ["甲村", "戊村"]


def test_a_zone_pointing_at_a_rejected_school_is_rejected_too(tmp_path):
    schools = [
        SCHOOLS_HEADER,
        "T-B,甲乡中学,初中,甲乡,,true,true,true,true,,,2025-09-01,false",
        "T-A,甲乡中心小学,小学,甲乡,,true,true,false,true,,,2025-99-01,false",
    ]
    result = load_rows(write_set(tmp_path, schools=schools))
    assert result.errors == [
        "schools.csv:3: as_of '2025-99-01' is not a valid date (use YYYY-MM-DD)",
        "zones.csv:2: primary_school_id 'T-A' is not a known school",
    ]


def test_other_files_enumerations_and_numbers(tmp_path):
    subsidies = [
        SUBSIDIES_HEADER,
        "S1,补助,两免一补,大学,1000元,1000,元/生·年,,,国家政策（示例）,2025-09-01,false",
        "S2,补助,两免一补,小学,1000元,一千,元/生·年,,,国家政策（示例）,2025-09-01,false",
        'S3,补助,两免一补,小学,"1,000元","1,000",元/生·年,,,,2025-09-01,false',
        "S4,补助,两免一补,小学,1000元,,,,,国家政策（示例）,2025-09-01,false",
    ]
    services = [SERVICES_HEADER, "SV1,咨询,教育局,,,,,,2025-09-01,false"]
    enrollment = [
        ENROLLMENT_HEADER,
        "E1,外地户籍,小学一年级,材料,户口簿,,2025-09-01,false",
        "E2,随迁子女,高中,材料,户口簿,,2025-09-01,false",
    ]
    result = load_rows(write_set(tmp_path, subsidies=subsidies, services=services, enrollment=enrollment))
    assert result.errors == [
        "subsidies.csv:2: level '大学' is not one of 小学/初中/高中/学前/教师/学校",
        "subsidies.csv:3: amount_yuan '一千' is not a number",
        "subsidies.csv:4: basis is required",
        "services.csv:2: kind '咨询' is not one of 留守儿童关爱/控辍保学/送教上门/心理健康/入学咨询/资助咨询/投诉",
        "enrollment.csv:2: audience '外地户籍' is not one of 本地户籍/随迁子女/转学/残疾儿童",
        "enrollment.csv:3: stage '高中' is not one of 小学一年级/初中一年级/转学",
    ]
    assert [s.subsidy_id for s in result.subsidies] == ["S4"]
    assert result.subsidies[0].amount_yuan is None
    assert any("no county-wide 入学咨询 row" in w for w in result.warnings)


def test_excel_quirks_are_tolerated(tmp_path):
    """BOM, spaces, 是/否/1/0, Excel's date forms, blank rows, quoted commas and line breaks."""
    schools = (
        "\ufeff school_id , name ,level,township,address,boarding,care_room,counseling_room,family_phone,"
        "contact,notes,as_of,verified\r\n"
        ' T-A , 甲乡中心小学 ,小学, 甲乡 ,,是,否,1,0,,"多行\n备注，带逗号",2025/9/1,否\r\n'
        ",,,,,,,,,,,,\r\n"
        "\r\n"
        "T-B,甲乡中学,初中,甲乡,,TRUE,False,yes,No,,,2025年9月1日,0\r\n"
        "T-C,甲乡乙中学,完全中学,甲乡,,true,true,true,true,,,2025-9-1,maybe\r\n"
    ).encode("utf-8")
    result = load_rows(write_set(tmp_path, schools=schools))
    assert result.errors == ["schools.csv:7: verified 'maybe' is not a boolean (use true/false/是/否/1/0)"]
    first, second = result.schools
    assert (first.school_id, first.name, first.township) == ("T-A", "甲乡中心小学", "甲乡")
    assert (first.boarding, first.care_room, first.counseling_room, first.family_phone) == (
        True,
        False,
        True,
        False,
    )
    assert first.notes == "多行\n备注，带逗号"
    assert first.as_of == second.as_of == dt.date(2025, 9, 1)
    assert second.boarding and not second.care_room and second.counseling_room and not second.family_phone


def test_unknown_and_missing_columns(tmp_path):
    subsidies = [SUBSIDIES_HEADER.replace(",amount,", ",金额,"), "S1,x,y,小学,1,1,,,,b,2025-09-01,false"]
    schools = [SCHOOLS_HEADER + ",备注", *[row + ",随便" for row in GOOD["schools.csv"][1:]]]
    result = load_rows(write_set(tmp_path, subsidies=subsidies, schools=schools))
    assert result.errors == ["subsidies.csv:1: missing column(s): amount"]
    assert result.failed_files == ["subsidies.csv"]
    assert "schools.csv:1: unknown column '备注' ignored" in result.warnings
    assert len(result.schools) == 2


def test_too_many_cells(tmp_path):
    enrollment = [
        ENROLLMENT_HEADER,
        "E1,本地户籍,小学一年级,材料,户口簿,原件,复印件,2025-09-01,false",
        "E2,本地户籍,小学一年级,材料,出生医学证明,,2025-09-01,false",
    ]
    result = load_rows(write_set(tmp_path, enrollment=enrollment))
    assert result.errors == [
        "enrollment.csv:2: has 9 cells but the header has 8 columns (a comma inside a cell must be quoted)"
    ]
    assert [e.item_id for e in result.enrollment] == ["E2"]


def test_missing_file_is_an_error_line(tmp_path):
    result = load_rows(write_set(tmp_path, services=None))
    assert result.errors == [f"services.csv: file not found in {tmp_path}"]
    assert result.failed_files == ["services.csv"]
    assert len(result.schools) == 2 and len(result.zones) == 1


def test_missing_directory(tmp_path):
    result = load_rows(tmp_path / "nowhere")
    assert len(result.errors) == 5
    assert all("file not found" in error for error in result.errors)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (bytes(range(256)) * 8, "enrollment.csv: not a text CSV file (binary content); save it as CSV UTF-8"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(1, 255)),
            "enrollment.csv: not UTF-8 text (garbled or binary); save it as CSV UTF-8",
        ),
        (b"", "enrollment.csv: file is empty (no header row)"),
    ],
)
def test_binary_or_garbled_file_is_an_error_line(tmp_path, content, expected):
    result = load_rows(write_set(tmp_path, enrollment=content))
    assert result.errors == [expected]
    assert result.failed_files == ["enrollment.csv"]
    assert len(result.schools) == 2


def test_control_characters_are_rejected(tmp_path):
    result = load_rows(write_set(tmp_path, enrollment=b"item_id,\x07audience\n\x1b[31m"))
    assert result.errors == [
        "enrollment.csv: not a text CSV file (2 control characters); save it as CSV UTF-8"
    ]


def test_gb18030_file_from_excel_loads_with_a_warning(tmp_path):
    content = ("\n".join(GOOD["enrollment.csv"]) + "\n").encode("gb18030")
    result = load_rows(write_set(tmp_path, enrollment=content))
    assert result.errors == []
    assert result.warnings == ["enrollment.csv: not UTF-8, read as GB18030; in Excel save as 'CSV UTF-8'"]
    assert result.enrollment[0].item == "户口簿"


def test_directory_instead_of_file(tmp_path):
    write_set(tmp_path, zones=None)
    (tmp_path / "zones.csv").mkdir()
    result = load_rows(tmp_path)
    assert result.errors == [f"zones.csv: file not found in {tmp_path}"]


def test_check_command(tmp_path, capsys):
    from knowledge.schooldata.loader import main

    assert main([]) == 0  # the shipped data
    assert "错误 0 条" in capsys.readouterr().out
    schools = [SCHOOLS_HEADER, "T-A,甲乡中心小学,小学,甲乡,,true,true,false,true,,,2025-09-01,false"]
    assert main([str(write_set(tmp_path, schools=schools))]) == 1
    out = capsys.readouterr().out
    assert "错误 zones.csv:2: junior_school_id 'T-B' is not a known school" in out
