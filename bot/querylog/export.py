"""Export the query log (each query with its latest feedback) as JSON lines or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from sqlmodel import Session, and_, col, or_, select

from bot.models import QueryRecord
from bot.querylog.crud import as_utc, latest_feedback

ExportFormat = Literal["jsonl", "csv"]

EXPORT_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",
    "channel",
    "chat_type",
    "user_key",
    "script",
    "intent",
    "answered",
    "question",
    "answer",
    "sources",
    "latency_ms",
    "version",
    "status",
    "helpful",  # latest feedback: true / false / null (no feedback)
    "reason",  # reason given with the latest feedback
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
        latest = latest_feedback(session, (r.id for r in records))
        for record in records:
            fb = latest.get(record.id)
            yield {
                "id": record.id,
                "created_at": as_utc(record.created_at).isoformat(),
                "channel": record.channel,
                "chat_type": record.chat_type,
                "user_key": record.user_key,
                "script": record.script,
                "intent": record.intent,
                "answered": record.answered,
                "question": record.question,
                "answer": record.answer,
                "sources": record.sources,
                "latency_ms": record.latency_ms,
                "version": record.version,
                "status": record.status,
                "helpful": None if fb is None else fb.helpful,
                "reason": "" if fb is None else fb.reason,
            }
        last = (as_utc(records[-1].created_at), records[-1].id)
        if len(records) < _CHUNK:
            return


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # keep spreadsheet programs from running user text as a formula
    return str(value)


def write_export(rows: Iterator[dict[str, Any]], fmt: ExportFormat, out: TextIO) -> int:
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(EXPORT_FIELDS)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in EXPORT_FIELDS])
            count += 1
        return count
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def export(session: Session, since: dt.datetime | None, fmt: ExportFormat, out: TextIO) -> int:
    """Write the export to `out`; returns the number of queries written."""
    return write_export(export_rows(session, since), fmt, out)
