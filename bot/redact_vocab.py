"""The county's gazetteer as words the redactor must never take for names (read at start-up, not import).

From knowledge/data/*.csv: townships, villages and communities, school names and their common names
(俗称海原一小), each also without its suffix (李旺镇 → 李旺, 黄坪村 → 黄坪).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = ("街道", "社区", "教学点", "镇", "乡", "村", "组")
NAME_COLUMNS = ("township", "place", "name", "address", "provider")
_ALIAS = re.compile(r"(?:俗称|简称|又称)([\u4e00-\u9fff]{2,12})")
_ADDRESS_PART = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:街道|社区|镇|乡|村)")


def stems(name: str) -> set[str]:
    words = {name}
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            words.add(name[: -len(suffix)])
    return words


def words_from_rows(rows: Iterable[dict[str, str]]) -> set[str]:
    words: set[str] = set()
    for row in rows:
        for column in NAME_COLUMNS:
            value = (row.get(column) or "").split("（")[0].strip()
            if not value:
                continue
            if column == "address":
                for part in _ADDRESS_PART.findall(value):
                    words |= stems(part)
                continue
            words |= stems(value)
        for alias in _ALIAS.findall(row.get("notes") or ""):
            words |= stems(alias)
    return {w for w in words if len(w) >= 2}


def gazetteer_words(data_dir: Path) -> set[str]:
    """Every place and school name in the CSV files under `data_dir` (missing files are skipped)."""
    words: set[str] = set()
    for path in sorted(Path(data_dir).glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            words |= words_from_rows(csv.DictReader(handle))
    return words
