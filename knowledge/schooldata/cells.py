"""Cells of the school-data CSV files as Excel users write them: booleans, dates, amounts, choices, grade ranges."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from pydantic_core import PydanticCustomError

_GRADES_RE = re.compile(r"^(\d{1,2})\s*[-–—~～至到]\s*(\d{1,2})$")

_TRUE = frozenset({"true", "t", "yes", "y", "1", "是", "有", "对", "√"})

_FALSE = frozenset({"false", "f", "no", "n", "0", "否", "无", "没有", "×"})

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_bool(value: Any) -> bool:
    """true/false/是/否/1/0 (and yes/no, 有/无), case-insensitive."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PydanticCustomError(
        "hy_bool", "'{value}' is not a boolean (use true/false/是/否/1/0)", {"value": str(value)}
    )


def parse_date(value: Any) -> dt.date:
    """2025-09-01, and the forms Excel tends to write: 2025/9/1, 2025.9.1, 2025年9月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_RE.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise PydanticCustomError(
        "hy_date", "'{value}' is not a valid date (use YYYY-MM-DD)", {"value": str(value)}
    )


def parse_amount(value: Any) -> float | None:
    if value is None or isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise PydanticCustomError("hy_number", "'{value}' is not a number", {"value": str(value)}) from None


def check_choice(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise PydanticCustomError(
            "hy_choice", "'{value}' is not one of {choices}", {"value": value, "choices": "/".join(choices)}
        )
    return value


def parse_grades(value: Any) -> str:
    """'1-6', '1－3', '7至9' -> '1-6'; grades 1..12, first ≤ last."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _GRADES_RE.match(text)
    if match:
        low, high = int(match[1]), int(match[2])
        if 1 <= low <= high <= 12:
            return f"{low}-{high}"
    raise PydanticCustomError(
        "hy_grades", "'{value}' is not a grade range (use e.g. 1-6, 1-3, 7-9)", {"value": str(value)}
    )


def grade_range(grades: str) -> tuple[int, int]:
    low, _, high = grades.partition("-")
    return int(low), int(high)
