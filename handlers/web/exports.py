"""CSV / XLSX downloads of the staff lists, written by the one writer in bot.reports.tabular."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response

from bot.reports.labels import for_people, people_headers
from bot.reports.periods import county_today
from bot.reports.tabular import XLSX_MEDIA_TYPE, csv_bytes, xlsx_bytes

EXPORT_FORMATS = ("csv", "xlsx")


def export_response(fmt: str, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                    sheet_title: str = "数据", kinds: Sequence[str | None] = ()) -> Response:
    """A download named with the county's date; CSV carries a byte-order mark for Excel and keeps the stored
    codes and ISO times; XLSX is for people: each column converted by its kind in `kinds` (labels, Beijing
    times under a header that says so; bot.reports.labels)."""
    filename = f"{name}-{county_today():%Y%m%d}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "xlsx":
        data = xlsx_bytes([(sheet_title, people_headers(headers, kinds), for_people(rows, kinds))])
        return Response(data, media_type=XLSX_MEDIA_TYPE, headers=disposition)
    return Response(csv_bytes(headers, rows), media_type="text/csv; charset=utf-8", headers=disposition)
