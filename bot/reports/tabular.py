"""The one CSV and XLSX writer for every staff export, with the one formula-injection guard."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, headers, rows


def _invisible(char: str) -> bool:
    """Zero-width and format characters (ZWSP, ZWJ, BOM, bidi marks…) and spaces a spreadsheet may skip."""
    return unicodedata.category(char) == "Cf" or char in " \u00a0\u3000"


def guard_formula(text: str) -> str:
    """A leading apostrophe when the text, after invisible characters, starts like a formula
    (= + - @ tab CR), so that spreadsheet programs show it instead of running it."""
    start = 0
    while start < len(text) and _invisible(text[start]):
        start += 1
    return "'" + text if text.startswith(FORMULA_START, start) else text


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        if all(isinstance(item, str) for item in value):
            return " | ".join(value)
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\x00", "")


def csv_cell(value: Any) -> str:
    """One CSV cell: numbers as numbers, booleans true/false, lists joined, text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, int):
        return str(value)
    return guard_formula(_text(value))


def write_csv(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Header and rows to `out`; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the Chinese correctly."""
    return (BOM + csv_text(headers, rows)).encode("utf-8")


def xlsx_value(value: Any) -> Any:
    """One XLSX cell: numbers and booleans as they are, aware datetimes as naive Beijing time (openpyxl refuses
    aware ones; naive ones are taken to be Beijing time already), text guarded like CSV text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value
        from bot.reports.labels import beijing

        return beijing(value)
    return guard_formula(_text(value))


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One worksheet per (title, headers, rows); text cells are always stored as text, never formulas."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        widths = [max(8, len(str(h)) * 2) for h in headers]
        for row in rows:
            values = [xlsx_value(v) for v in row]
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
            for i, value in enumerate(values[: len(widths)]):
                width = 20 if isinstance(value, dt.datetime) else len(str(value or "")) * 2
                widths[i] = min(60, max(widths[i], width))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
