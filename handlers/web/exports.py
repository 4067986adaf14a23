"""CSV / XLSX downloads of the staff lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response

from bot.reports.tabular import XLSX_MEDIA_TYPE, csv_text, xlsx_bytes

EXPORT_FORMATS = ("csv", "xlsx")


def export_response(fmt: str, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                    sheet_title: str = "数据") -> Response:
    """A download: CSV is UTF-8 with a byte-order mark so that Excel reads the Chinese correctly."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    filename = f"{name}-{stamp}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "xlsx":
        data = xlsx_bytes([(sheet_title, headers, list(rows))])
        return Response(data, media_type=XLSX_MEDIA_TYPE, headers=disposition)
    text = "\ufeff" + csv_text(headers, rows)
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=disposition)
