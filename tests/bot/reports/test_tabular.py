"""The one formula-injection guard, applied alike by the CSV and the XLSX writer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.reports.tabular import csv_bytes, csv_cell, guard_formula, write_csv, xlsx_bytes, xlsx_value


@pytest.mark.parametrize("text", [
    "=1+1", "+86 138", "-3", "@SUM(A1)", "\t=cmd", "\r=cmd",
    "\u200b=HYPERLINK(\"http://x\")", "\ufeff=cmd", "\u200d+1", "\u2060@x", " =1+1", "\u3000=1",
])
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert guard_formula(text) == "'" + text
    assert csv_cell(text) == "'" + text
    assert xlsx_value(text) == "'" + text


@pytest.mark.parametrize("text", ["随迁子女", "1+1=2", "a=b", "'=already quoted", "", "\u200b随迁"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert guard_formula(text) == text


def test_cells_of_other_types() -> None:
    assert [csv_cell(v) for v in (None, True, False, 5, -3, 0.5, 1.0, 1234.5678)] == [
        "", "true", "false", "5", "-3", "0.5", "1", "1234.5678",
    ]
    assert csv_cell(["=a", "b"]) == "'=a | b"  # lists of text are joined, then guarded
    assert csv_cell([{"doc_id": "d"}]) == '[{"doc_id": "d"}]'
    assert [xlsx_value(v) for v in (None, True, -3, 0.5)] == [None, True, -3, 0.5]  # numbers stay numbers


def test_csv_and_xlsx_files_round_trip_guarded(tmp_path: Path) -> None:
    rows = [["\u200b=1+1", 5], ["-3", -3]]
    out = io.StringIO()
    assert write_csv(out, ["a", "b"], rows) == 2
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["a", "b"], ["'\u200b=1+1", "5"], ["'-3", "-3"]]
    assert csv_bytes(["a"], []) == "\ufeffa\n".encode()
    (tmp_path / "f.xlsx").write_bytes(xlsx_bytes([("s", ["a", "b"], rows)]))
    sheet = load_workbook(tmp_path / "f.xlsx").active
    assert list(sheet.iter_rows(values_only=True)) == [("a", "b"), ("'\u200b=1+1", 5), ("'-3", -3)]
    assert all(cell.data_type == "s" for cell in sheet["A"])
