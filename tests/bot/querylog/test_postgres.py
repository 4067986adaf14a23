"""The query log against a real PostgreSQL (127.0.0.1:5432/test), in a throw-away schema.

Skipped when the server is unreachable, unless the CI environment variable is set: then it fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine
from bot.querylog import QueryLog, user_key
from bot.reports import EXPORT_FIELDS
from bot.reports.export import export
from bot.reports.staff import QueryLogReports
from retrieval.embedders import FakeEmbedder
from tests.postgres import schema_engine

from .helpers import QUESTION, RAW_NAME, RAW_PHONE, RAW_USER_ID, SECRET, make_answer, make_asker

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with schema_engine("qlog_test") as engine:
        yield engine


def test_record_feedback_export_stats(pg_engine: Engine, tmp_path: Path) -> None:
    qlog = QueryLog(pg_engine, tmp_path / "spool" / "queries.jsonl", SECRET, "1.2.3")
    first = qlog.record(make_answer(), make_asker(), QUESTION)
    declined = qlog.record(make_answer(answered=False, intent="other", text="抱歉"), make_asker(), "天气\x00")
    qlog.feedback(first, helpful=False, reason="答非所问")
    qlog.feedback(declined, helpful=True)
    assert not qlog.spool_path.exists()

    out = io.StringIO()
    assert export(pg_engine, None, "jsonl", out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [list(row) for row in rows] == [list(EXPORT_FIELDS)] * 2
    assert [row["id"] for row in rows] == [first, declined]
    assert rows[0]["question"] == "我叫[姓名]，电话[手机号]，孩子转学到海原县城怎么办？"
    assert rows[0]["user_key"] == user_key(SECRET, "telegram", RAW_USER_ID)
    assert (rows[0]["helpful"], rows[0]["reason"]) == (False, "答非所问")
    assert (rows[1]["helpful"], rows[1]["question"]) == (True, "天气")
    assert rows[0]["sources"][0]["score"] == 0.8765
    assert dt.datetime.fromisoformat(rows[0]["created_at"]).utcoffset() == dt.timedelta(hours=8)
    for raw in (RAW_USER_ID, RAW_PHONE, RAW_NAME):
        assert raw not in out.getvalue()

    out = io.StringIO()
    export(pg_engine, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), "csv", out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0] == list(EXPORT_FIELDS)
    assert len(table) == 3

    reports = QueryLogReports(qlog, pg_engine, FakeEmbedder())
    stats = reports.stats(7)
    assert (stats["total"], stats["answered"], stats["helpful"], stats["unhelpful"]) == (2, 1, 1, 1)
    assert stats["by_intent"] == {"transfer": 1, "other": 1}
    assert stats["reasons"] == {"答非所问": 1}
    assert sum(day["count"] for day in stats["by_day"]) == 2
    assert [item["id"] for item in reports.unanswered(50)] == [declined, first]
    assert qlog.purge(dt.timedelta(days=1)) == 0
    assert qlog.purge(dt.timedelta(0)) == 2


def test_spooled_entries_replay_into_postgres(pg_engine: Engine, tmp_path: Path) -> None:
    spool = tmp_path / "spool" / "queries.jsonl"
    down = QueryLog(make_engine("postgresql://postgres@127.0.0.1:1/test"), spool, SECRET, "1")
    query_id = down.record(make_answer(), make_asker(), QUESTION)
    down.feedback(query_id, helpful=True)
    lines = spool.read_text(encoding="utf-8")
    up = QueryLog(pg_engine, spool, SECRET, "1")
    assert up.replay() == 2
    spool.write_text(lines, encoding="utf-8")
    assert up.replay() == 0  # idempotent
    out = io.StringIO()
    assert export(pg_engine, None, "jsonl", out) == 1
    assert json.loads(out.getvalue())["helpful"] is True
