"""Export the query log (each query with its latest feedback) as JSON lines, CSV or XLSX."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session, and_, col, or_, select

from bot.models import QueryRecord
from bot.reports.periods import as_utc
from bot.reports.rows import EXPORT_FIELDS, query_rows
from bot.reports.tabular import csv_bytes, write_csv

ExportFormat = Literal["jsonl", "csv"]
_CHUNK = 1000


def export_rows(session: Session, since: dt.datetime | None = None) -> Iterator[dict[str, Any]]:
    """Queries oldest first (created at or after `since`), each joined with its latest feedback."""
    last: tuple[dt.datetime, str] | None = None
    while True:
        statement = select(QueryRecord)
        if since is not None:
            statement = statement.where(col(QueryRecord.created_at) >= as_utc(since))
        if last is not None:
            created, ident = last
            statement = statement.where(
                or_(
                    col(QueryRecord.created_at) > created,
                    and_(col(QueryRecord.created_at) == created, col(QueryRecord.id) > ident),
                )
            )
        statement = statement.order_by(col(QueryRecord.created_at), col(QueryRecord.id)).limit(_CHUNK)
        records = list(session.exec(statement).all())
        if not records:
            return
        yield from query_rows(session, records)
        last = (as_utc(records[-1].created_at), records[-1].id)
        if len(records) < _CHUNK:
            return


def write_export(rows: Iterator[dict[str, Any]], fmt: ExportFormat, out: TextIO) -> int:
    """Rows as JSON lines or CSV (the one writer and its formula guard); returns the number written."""
    if fmt == "csv":
        return write_csv(out, EXPORT_FIELDS, ([row[name] for name in EXPORT_FIELDS] for row in rows))
    if fmt != "jsonl":
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def export(engine: Engine, since: dt.datetime | None, fmt: ExportFormat, out: TextIO) -> int:
    """Write the export to `out`; returns the number of queries written."""
    with Session(engine) as session:
        return write_export(export_rows(session, since), fmt, out)


def export_csv_bytes(engine: Engine, since: dt.datetime | None) -> bytes:
    """The CSV export as UTF-8 with a byte-order mark (a download for spreadsheet programs)."""
    with Session(engine) as session:
        return csv_bytes(EXPORT_FIELDS, ([row[n] for n in EXPORT_FIELDS] for row in export_rows(session, since)))
