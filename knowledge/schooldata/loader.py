"""Read and validate the school-data CSVs; store them in the database.

``load_rows(data_dir)`` never raises on bad data: every problem becomes one line in
``LoadResult.errors`` such as ``"zones.csv:17: junior_school_id 'X' is not a known school"``
(file, 1-based line number counting the header as line 1, what is wrong). Bad rows are
skipped, the rest load. A file that cannot be read at all (missing, binary, no usable
header) is one error line and is listed in ``LoadResult.failed_files``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel, delete

from knowledge.schooldata.models import (
    JUNIOR_LEVELS,
    PRIMARY_LEVELS,
    EnrollmentItem,
    EnrollmentItemCreate,
    School,
    SchoolCreate,
    Service,
    ServiceCreate,
    Subsidy,
    SubsidyCreate,
    Zone,
    ZoneCreate,
    grade_range,
)

BUREAU_NAME = "海原县教育体育局"


@dataclass(frozen=True)
class CsvSpec:
    file: str
    model: type[SQLModel]
    table: type[SQLModel]
    attr: str  # LoadResult attribute
    key: tuple[str, ...]  # columns that must be unique

    @property
    def columns(self) -> list[str]:
        return list(self.model.model_fields)

    @property
    def required_columns(self) -> list[str]:
        return [name for name, info in self.model.model_fields.items() if info.is_required()]


SPECS: tuple[CsvSpec, ...] = (
    CsvSpec("schools.csv", SchoolCreate, School, "schools", ("school_id",)),
    CsvSpec("zones.csv", ZoneCreate, Zone, "zones", ("township", "place")),
    CsvSpec("subsidies.csv", SubsidyCreate, Subsidy, "subsidies", ("subsidy_id",)),
    CsvSpec("services.csv", ServiceCreate, Service, "services", ("service_id",)),
    CsvSpec("enrollment.csv", EnrollmentItemCreate, EnrollmentItem, "enrollment", ("item_id",)),
)
FILES: tuple[str, ...] = tuple(spec.file for spec in SPECS)


@dataclass
class LoadResult:
    data_dir: Path
    schools: list[SchoolCreate] = field(default_factory=list)
    zones: list[ZoneCreate] = field(default_factory=list)
    subsidies: list[SubsidyCreate] = field(default_factory=list)
    services: list[ServiceCreate] = field(default_factory=list)
    enrollment: list[EnrollmentItemCreate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {spec.attr: len(getattr(self, spec.attr)) for spec in SPECS}

    def summary(self) -> str:
        counts = "，".join(f"{name} {n}" for name, n in self.counts().items())
        return f"{counts}；错误 {len(self.errors)} 条，提示 {len(self.warnings)} 条"


# --------------------------------------------------------------------------- reading


def _decode(file: str, data: bytes, result: LoadResult) -> str | None:
    if not data.strip():
        result.errors.append(f"{file}: file is empty (no header row)")
        return None
    if b"\x00" in data:
        result.errors.append(f"{file}: not a text CSV file (binary content); save it as CSV UTF-8")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            result.errors.append(f"{file}: not UTF-8 text (garbled or binary); save it as CSV UTF-8")
            return None
        result.warnings.append(f"{file}: not UTF-8, read as GB18030; in Excel save as 'CSV UTF-8'")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    if controls:
        result.errors.append(
            f"{file}: not a text CSV file ({controls} control characters); save it as CSV UTF-8"
        )
        return None
    return text.lstrip("\ufeff")


def _read_file(path: Path, result: LoadResult) -> str | None:
    file = path.name
    if not path.is_file():
        result.errors.append(f"{file}: file not found in {path.parent}")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.errors.append(f"{file}: cannot be read ({exc.strerror or exc})")
        return None
    return _decode(file, data, result)


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """Yield (line number where the record starts, cells); quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = 0
    for cells in reader:
        start = previous + 1
        previous = reader.line_num
        yield start, cells


def _describe(error: Any) -> str:
    loc = error.get("loc") or ()
    name = str(loc[0]) if loc else "row"
    kind = error.get("type", "")
    if kind == "missing":
        return f"{name} is required"
    if kind.startswith("hy_"):
        return f"{name} {error['msg']}"
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return f"{name} is too long (at most {limit} characters)"
    return f"{name} {error.get('input')!r}: {error.get('msg')}"


def _load_file(
    spec: CsvSpec, data_dir: Path, result: LoadResult, errors: list[tuple[int, str]]
) -> list[tuple[int, Any]]:
    """Validated rows of one file with their line numbers (cross-file checks come later).
    Row errors go to ``errors`` as (line, message) so that they can be sorted by line."""
    text = _read_file(data_dir / spec.file, result)
    if text is None:
        result.failed_files.append(spec.file)
        return []
    rows = _rows(text)
    header_line, header = next(iter(rows), (1, []))
    header = [cell.strip().strip("\ufeff").strip().lower() for cell in header]
    missing = [name for name in spec.required_columns if name not in header]
    if missing:
        result.errors.append(f"{spec.file}:{header_line}: missing column(s): {', '.join(missing)}")
        result.failed_files.append(spec.file)
        return []
    known = set(spec.columns)
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name not in known:
            result.warnings.append(f"{spec.file}:{header_line}: unknown column '{name}' ignored")
        elif name in positions:
            result.warnings.append(f"{spec.file}:{header_line}: column '{name}' repeated; the first is used")
        else:
            positions[name] = index

    loaded: list[tuple[int, Any]] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line or a row of empty cells (Excel leaves those)
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                (
                    line,
                    f"{spec.file}:{line}: has {len(cells)} cells but the header has {len(header)} columns"
                    " (a comma inside a cell must be quoted)",
                )
            )
            continue
        raw = {name: (cells[index] if index < len(cells) else "") for name, index in positions.items()}
        try:
            row = spec.model.model_validate(raw)
        except ValidationError as exc:
            errors.extend((line, f"{spec.file}:{line}: {_describe(err)}") for err in exc.errors())
            continue
        loaded.append((line, row))
    return loaded


def _check_zone(line: int, zone: ZoneCreate, schools: dict[str, SchoolCreate]) -> list[tuple[int, str]]:
    problems = []
    for column, allowed, what in (
        ("primary_school_id", PRIMARY_LEVELS, "primary school (小学/九年一贯制/教学点)"),
        ("junior_school_id", JUNIOR_LEVELS, "junior school (初中/九年一贯制/完全中学)"),
        ("upper_primary_school_id", PRIMARY_LEVELS, "primary school (小学/九年一贯制/教学点)"),
    ):
        school_id = getattr(zone, column)
        if not school_id and column == "upper_primary_school_id":
            continue
        if school_id not in schools:
            problems.append((line, f"zones.csv:{line}: {column} '{school_id}' is not a known school"))
        elif schools[school_id].level not in allowed:
            level = schools[school_id].level
            problems.append((line, f"zones.csv:{line}: {column} '{school_id}' is a {level}, not a {what}"))
    if problems:
        return problems
    primary = schools[zone.primary_school_id]
    _, high = grade_range(primary.grades)
    if zone.upper_primary_school_id:
        upper = schools[zone.upper_primary_school_id]
        upper_low, upper_high = grade_range(upper.grades)
        if not (upper_low <= high + 1 and upper_high >= 6):
            problems.append(
                (
                    line,
                    f"zones.csv:{line}: upper_primary_school_id '{upper.school_id}' teaches grades "
                    f"{upper.grades}; it must take grades {high + 1}-6",
                )
            )
    elif high < 6:
        problems.append(
            (
                line,
                f"zones.csv:{line}: primary_school_id '{primary.school_id}' teaches grades {primary.grades} only;"
                f" upper_primary_school_id (where grades {high + 1}-6 go) is required",
            )
        )
    return problems


def _key_text(spec: CsvSpec, row: Any) -> str:
    if spec.attr == "zones":
        return f"place '{row.place}' in {row.township}"
    return f"{spec.key[0]} '{getattr(row, spec.key[0])}'"


def load_rows(data_dir: str | Path) -> LoadResult:
    """Read and validate every CSV in ``data_dir``; never raises on bad data."""
    data_dir = Path(data_dir)
    result = LoadResult(data_dir=data_dir)
    schools: dict[str, SchoolCreate] = {}
    for spec in SPECS:
        seen: dict[tuple[Any, ...], int] = {}
        accepted: list[Any] = []
        errors: list[tuple[int, str]] = []
        for line, row in _load_file(spec, data_dir, result, errors):
            if isinstance(row, ZoneCreate):
                problems = _check_zone(line, row, schools)
                if problems:
                    errors.extend(problems)
                    continue
            key = tuple(getattr(row, name) for name in spec.key)
            if key in seen:
                errors.append(
                    (
                        line,
                        f"{spec.file}:{line}: duplicate {_key_text(spec, row)} (first on line {seen[key]})",
                    )
                )
                continue
            seen[key] = line
            accepted.append(row)
        errors.sort(key=lambda item: item[0])  # stable: a row's own messages keep their order
        result.errors.extend(message for _, message in errors)
        setattr(result, spec.attr, accepted)
        if spec.model is SchoolCreate:
            schools = {school.school_id: school for school in accepted}
    _consistency_warnings(result)
    return result


def _consistency_warnings(result: LoadResult) -> None:
    townships = {zone.township for zone in result.zones}
    if not townships:
        return
    for file, rows in (("schools.csv", result.schools), ("services.csv", result.services)):
        for name in sorted({row.township for row in rows if row.township} - townships):
            result.warnings.append(f"{file}: township '{name}' has no places in zones.csv (typo?)")
    if "services.csv" not in result.failed_files and not any(
        service.kind == "入学咨询" and BUREAU_NAME in service.name and not service.township
        for service in result.services
    ):
        result.warnings.append(
            f"services.csv: no county-wide 入学咨询 row for {BUREAU_NAME} (the assistant's fallback contact)"
        )


# --------------------------------------------------------------------------- storing


def store(session: Session, result: LoadResult, *, force: bool = False) -> dict[str, int]:
    """Replace the five tables' content with ``result`` in one transaction.

    Refuses (ValueError) when a whole file failed to load, since that would empty its
    table; pass ``force=True`` to store anyway. Row-level errors do not block storing.
    """
    if result.failed_files and not force:
        raise ValueError(f"not stored: {', '.join(result.failed_files)} could not be loaded")
    try:
        for spec in reversed(SPECS):  # zones before schools (foreign keys)
            session.exec(delete(spec.table))  # type: ignore[call-overload]
        for spec in SPECS:
            rows = getattr(result, spec.attr)
            session.add_all(spec.table.model_validate(row.model_dump()) for row in rows)
            session.flush()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return result.counts()


def load_into_db(session: Session, data_dir: str | Path) -> LoadResult:
    """``load_rows`` then ``store``. If a whole file failed, the database keeps its old content."""
    result = load_rows(data_dir)
    if result.failed_files:
        result.errors.append(
            "nothing stored: fix the file errors above; the database keeps its previous content"
        )
        return result
    store(session, result)
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m knowledge.schooldata [DATA_DIR]``: check the CSVs, print every problem.

    Only reads; exit status 1 when there are errors. Storing is done by the application.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "data"
    result = load_rows(data_dir)
    for line in result.errors:
        print(f"错误 {line}")
    for line in result.warnings:
        print(f"提示 {line}")
    print(f"{data_dir}: {result.summary()}")
    return 1 if result.errors else 0
