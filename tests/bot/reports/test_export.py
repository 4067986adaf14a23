"""The query-log export (JSON lines / CSV) and the Telegram /export bytes: one writer, county time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.models import QueryCreate
from bot.querylog import crud
from bot.reports.export import export, export_csv_bytes
from bot.reports.rows import EXPORT_FIELDS

CSV_HEADER = ",".join(EXPORT_FIELDS)


def _export(engine: Engine, fmt: str = "jsonl", since: dt.datetime | None = None) -> str:
    out = io.StringIO()
    export(engine, since, fmt, out)  # type: ignore[arg-type]
    return out.getvalue()


def test_export_fields_are_the_public_columns() -> None:
    assert list(EXPORT_FIELDS) == [
        "id", "created_at", "channel", "chat_type", "user_key", "script", "intent", "answered", "question",
        "answer", "sources", "latency_ms", "version", "status", "helpful", "reason",
    ]  # fmt: skip


def test_export_csv_header_feedback_and_formula_guard(seeded: Engine) -> None:
    with Session(seeded) as session:
        crud.create_query(session, QueryCreate(
            id="qx", created_at=dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC), channel="web",
            answered=False, question="\u200b=cmd|' /C calc'!A0", answer="抱歉",
            sources=[{"doc_id": "d", "score": 0.8765}],
        ))
    text = _export(seeded, "csv")
    assert text.splitlines()[0] == CSV_HEADER
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["q1"]["helpful"] == "true" and rows["q1"]["reason"] == "" and rows["q1"]["answered"] == "true"
    assert rows["q7"]["helpful"] == "false" and rows["q7"]["reason"] == "不适用我的情况"  # the latest feedback
    assert rows["qx"]["helpful"] == "" and rows["qx"]["answered"] == "false"
    assert rows["qx"]["question"] == "'\u200b=cmd|' /C calc'!A0"  # no formula injection, even behind a ZWSP
    assert rows["qx"]["created_at"] == "2026-03-11T07:30:00+08:00"
    assert json.loads(rows["qx"]["sources"])[0]["score"] == 0.8765


def test_export_of_an_empty_log(engine: Engine) -> None:
    assert _export(engine, "csv") == CSV_HEADER + "\n"
    assert _export(engine) == ""


def test_export_since_and_bad_format(seeded: Engine) -> None:
    future = dt.datetime(2026, 3, 10, 13, 0)  # naive is UTC: after every seeded query
    assert _export(seeded, since=future) == ""
    lines = _export(seeded, since=dt.datetime(2026, 3, 10, 0, 0, tzinfo=dt.UTC)).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["q1", "q2"]
    assert json.loads(lines[0])["created_at"] == "2026-03-10T10:00:00+08:00"
    with pytest.raises(ValueError):
        _export(seeded, "xml")


def test_export_csv_bytes_start_with_a_bom(seeded: Engine) -> None:
    data = export_csv_bytes(seeded, None)
    assert data.startswith("\ufeff".encode() + CSV_HEADER.encode())
    assert data.decode("utf-8-sig").count("\n") == 8  # header and seven queries
