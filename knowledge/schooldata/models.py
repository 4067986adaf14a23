"""Tables of the county's school data (Base / Create / Public / table split).

* ``XBase``   – the columns, shared by every variant.
* ``XCreate`` – one validated CSV row (lenient parsing of Excel-edited cells: see ``loader``).
* ``XPublic`` – the frozen, read-only record the answer pipeline gets from ``SchoolDirectory``.
* ``X``       – the SQL table (``table=True``).

Every record has ``as_of`` (the date the figure was true) and ``verified`` (false until the
education bureau has checked it), and a ``source_label`` to cite.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from pydantic import field_validator, model_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from knowledge.schooldata.cells import (  # re-exported: the loader and tests read them here
    check_choice,
    grade_range,
    parse_amount,
    parse_bool,
    parse_date,
    parse_grades,
)

SCHOOL_LEVELS: tuple[str, ...] = ("小学", "初中", "九年一贯制", "教学点", "完全中学")
PRIMARY_LEVELS: frozenset[str] = frozenset({"小学", "九年一贯制", "教学点"})
JUNIOR_LEVELS: frozenset[str] = frozenset({"初中", "九年一贯制", "完全中学"})
PLACE_TYPES: tuple[str, ...] = ("村", "社区")
SUBSIDY_LEVELS: tuple[str, ...] = ("小学", "初中", "高中", "学前", "教师", "学校")
SERVICE_KINDS: tuple[str, ...] = (
    "留守儿童关爱",
    "控辍保学",
    "送教上门",
    "心理健康",
    "入学咨询",
    "资助咨询",
    "投诉",
)
AUDIENCES: tuple[str, ...] = ("本地户籍", "随迁子女", "转学", "残疾儿童")
STAGES: tuple[str, ...] = ("小学一年级", "初中一年级", "转学")
ENROLLMENT_KINDS: tuple[str, ...] = ("材料", "日程")
# What a services.csv row can be asked about (its ``topics`` column, separated by ; or 、).
CONTACT_TOPICS: tuple[str, ...] = (
    "入学咨询",
    "资助",
    "收费投诉",
    "投诉",
    "控辍保学",
    "送教上门",
    "心理健康",
    "留守儿童",
)
# The grades a school teaches when its ``grades`` cell is empty.
DEFAULT_GRADES: dict[str, str] = {"小学": "1-6", "教学点": "1-3", "初中": "7-9", "九年一贯制": "1-9", "完全中学": "7-12"}
_TOPIC_SPLIT = re.compile(r"[;；、,，/\s]+")

SOURCE_PREFIX = "海原县学校数据"


# --------------------------------------------------------------------------- lenient cell parsing


def parse_topics(value: Any) -> str:
    """'收费投诉;投诉' -> '收费投诉;投诉'; every topic must be one of ``CONTACT_TOPICS``."""
    topics = [part for part in _TOPIC_SPLIT.split(str(value).strip()) if part]
    for topic in topics:
        check_choice(topic, CONTACT_TOPICS)
    return ";".join(dict.fromkeys(topics))


class _SourceLabelled:
    """Mixin: ``source_label`` for citing a record (file name + whether the bureau verified it)."""

    SOURCE_FILE: ClassVar[str] = ""

    @property
    def source_label(self) -> str:
        if getattr(self, "verified", False):
            return f"{SOURCE_PREFIX} {self.SOURCE_FILE}（{self.as_of.isoformat()}核实）"  # type: ignore[attr-defined]
        return f"{SOURCE_PREFIX} {self.SOURCE_FILE}（示例数据）"


class _CsvRow(SQLModel):
    """Lenient parsing shared by the Create models: strip cells; an empty cell means 'not given'."""

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            cleaned: dict[str, Any] = {}
            for key, value in data.items():
                if isinstance(value, str):
                    value = value.strip().strip("\ufeff").strip()
                    if value == "":
                        continue
                if value is None:
                    continue
                cleaned[key] = value
            return cleaned
        return data

    @field_validator("verified", mode="before", check_fields=False)
    @classmethod
    def _verified(cls, value: Any) -> bool:
        return parse_bool(value)

    @field_validator("as_of", mode="before", check_fields=False)
    @classmethod
    def _as_of(cls, value: Any) -> dt.date:
        return parse_date(value)


# --------------------------------------------------------------------------- schools


class SchoolBase(_SourceLabelled, SQLModel):
    SOURCE_FILE: ClassVar[str] = "schools.csv"

    school_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100, index=True)
    level: str = Field(max_length=16)
    grades: str = Field(default="", max_length=8)  # "1-6"; empty in the CSV = the level's default
    township: str = Field(max_length=32, index=True)
    address: str = Field(default="", max_length=200)
    boarding: bool
    care_room: bool
    counseling_room: bool
    family_phone: bool
    contact: str = Field(default="", max_length=100)
    notes: str = Field(default="", max_length=1000)
    as_of: dt.date
    verified: bool = False


class SchoolCreate(_CsvRow, SchoolBase):
    @field_validator("boarding", "care_room", "counseling_room", "family_phone", mode="before")
    @classmethod
    def _bool(cls, value: Any) -> bool:
        return parse_bool(value)

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        return check_choice(value, SCHOOL_LEVELS)

    @field_validator("grades", mode="before")
    @classmethod
    def _grades(cls, value: Any) -> str:
        return parse_grades(value)

    @model_validator(mode="after")
    def _default_grades(self) -> SchoolCreate:
        if not self.grades and self.level in DEFAULT_GRADES:
            self.grades = DEFAULT_GRADES[self.level]
        return self


class SchoolPublic(SchoolBase):
    model_config = SQLModelConfig(frozen=True)

    @property
    def short_name(self) -> str:
        """海原县第五中学 -> 海原五中; other names lose the 海原县 prefix only."""
        match = re.fullmatch(r"海原县第([一二三四五六七八九十]+)(小|中)学", self.name)
        if match:
            return f"海原{match[1]}{match[2]}"
        return self.name.removeprefix("海原县")

    @property
    def is_primary(self) -> bool:
        return self.level in PRIMARY_LEVELS

    @property
    def grade_range(self) -> tuple[int, int]:
        """(first, last) grade taught, e.g. (1, 3) for a 教学点."""
        return grade_range(self.grades or DEFAULT_GRADES.get(self.level, "1-9"))

    def teaches(self, grade: int) -> bool:
        low, high = self.grade_range
        return low <= grade <= high

    @property
    def is_junior(self) -> bool:
        return self.level in JUNIOR_LEVELS


class School(SchoolBase, table=True):
    __tablename__ = "schools"


# --------------------------------------------------------------------------- zones (划片)


class ZoneBase(_SourceLabelled, SQLModel):
    SOURCE_FILE: ClassVar[str] = "zones.csv"

    township: str = Field(max_length=32, index=True)
    place: str = Field(max_length=64, index=True)
    place_type: str = Field(max_length=8)
    primary_school_id: str = Field(max_length=32)
    junior_school_id: str = Field(max_length=32)
    # where grades 4–6 go when the primary school teaches only the first grades (a 教学点)
    upper_primary_school_id: str = Field(default="", max_length=32)
    notes: str = Field(default="", max_length=1000)
    as_of: dt.date
    verified: bool = False


class ZoneCreate(_CsvRow, ZoneBase):
    @field_validator("place_type")
    @classmethod
    def _place_type(cls, value: str) -> str:
        return check_choice(value, PLACE_TYPES)


class ZonePublic(ZoneBase):
    model_config = SQLModelConfig(frozen=True)


class Zone(ZoneBase, table=True):
    __tablename__ = "zones"
    __table_args__ = (UniqueConstraint("township", "place"),)

    id: int | None = Field(default=None, primary_key=True)
    primary_school_id: str = Field(foreign_key="schools.school_id", max_length=32)
    junior_school_id: str = Field(foreign_key="schools.school_id", max_length=32)


# --------------------------------------------------------------------------- subsidies (资助)


class SubsidyBase(_SourceLabelled, SQLModel):
    SOURCE_FILE: ClassVar[str] = "subsidies.csv"

    subsidy_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    category: str = Field(max_length=32, index=True)
    level: str = Field(max_length=8, index=True)
    amount: str = Field(max_length=200)
    amount_yuan: float | None = None
    unit: str = Field(default="", max_length=32)
    eligibility: str = Field(default="", max_length=1000)
    how_to_apply: str = Field(default="", max_length=1000)
    basis: str = Field(max_length=200)
    as_of: dt.date
    verified: bool = False


class SubsidyCreate(_CsvRow, SubsidyBase):
    @field_validator("amount_yuan", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> float | None:
        return parse_amount(value)

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        return check_choice(value, SUBSIDY_LEVELS)


class SubsidyPublic(SubsidyBase):
    model_config = SQLModelConfig(frozen=True)


class Subsidy(SubsidyBase, table=True):
    __tablename__ = "subsidies"


# --------------------------------------------------------------------------- services (服务与联系)


class ServiceBase(_SourceLabelled, SQLModel):
    SOURCE_FILE: ClassVar[str] = "services.csv"

    service_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=16, index=True)
    topics: str = Field(default="", max_length=200)  # what it can be asked about: 收费投诉;投诉
    name: str = Field(max_length=100)
    provider: str = Field(default="", max_length=100)
    township: str = Field(default="", max_length=32, index=True)  # "" = county-wide
    description: str = Field(default="", max_length=1000)
    contact: str = Field(default="", max_length=100)
    hours: str = Field(default="", max_length=100)
    as_of: dt.date
    verified: bool = False


class ServiceCreate(_CsvRow, ServiceBase):
    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return check_choice(value, SERVICE_KINDS)

    @field_validator("topics", mode="before")
    @classmethod
    def _topics(cls, value: Any) -> str:
        return parse_topics(value)


class ServicePublic(ServiceBase):
    model_config = SQLModelConfig(frozen=True)

    @property
    def topic_list(self) -> tuple[str, ...]:
        return tuple(topic for topic in self.topics.split(";") if topic)

    @property
    def county_wide(self) -> bool:
        return not self.township


class Service(ServiceBase, table=True):
    __tablename__ = "services"


# --------------------------------------------------------------------------- enrollment (入学材料与日程)


class EnrollmentItemBase(_SourceLabelled, SQLModel):
    SOURCE_FILE: ClassVar[str] = "enrollment.csv"

    item_id: str = Field(primary_key=True, max_length=32)
    audience: str = Field(max_length=16, index=True)
    stage: str = Field(max_length=16)
    kind: str = Field(max_length=8)
    item: str = Field(max_length=100)
    detail: str = Field(default="", max_length=1000)
    as_of: dt.date
    verified: bool = False


class EnrollmentItemCreate(_CsvRow, EnrollmentItemBase):
    @field_validator("audience")
    @classmethod
    def _audience(cls, value: str) -> str:
        return check_choice(value, AUDIENCES)

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str) -> str:
        return check_choice(value, STAGES)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return check_choice(value, ENROLLMENT_KINDS)


class EnrollmentItemPublic(EnrollmentItemBase):
    model_config = SQLModelConfig(frozen=True)


class EnrollmentItem(EnrollmentItemBase, table=True):
    __tablename__ = "enrollment_items"


TABLES: tuple[type[SQLModel], ...] = (School, Zone, Subsidy, Service, EnrollmentItem)
