"""The data behind the Telegram staff commands, read through bot.reports (county days, one queue)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.reports import periods
from bot.reports.staff import QueryLogReports
from retrieval.embedders import FakeEmbedder

from .conftest import NOW


@pytest.fixture
def reports(seeded: Engine, monkeypatch: pytest.MonkeyPatch) -> QueryLogReports:
    monkeypatch.setattr(periods, "now_utc", lambda: NOW)
    return QueryLogReports(None, seeded, FakeEmbedder())


def test_stats_counts_county_days_and_latest_feedback(reports: QueryLogReports) -> None:
    stats = reports.stats(3)  # 8, 9 and 10 March in Haiyuan
    assert (stats["total"], stats["answered"], stats["answered_share"]) == (6, 5, 0.8333)
    assert (stats["helpful"], stats["unhelpful"]) == (1, 2)  # q7's latest 👎 replaces its earlier one
    assert stats["reasons"] == {"不适用我的情况": 1, "信息过时": 1}
    assert stats["by_day"] == [
        {"date": "2026-03-08", "count": 2, "answered": 1},
        {"date": "2026-03-09", "count": 0, "answered": 0},
        {"date": "2026-03-10", "count": 4, "answered": 4},  # q3 (20:00 UTC on the 9th) is the 10th here
    ]
    today = reports.stats(1)
    assert today["total"] == 4 and today["by_intent"] == {"migrant": 3, "zone": 1}


def test_unanswered_is_the_review_queue(reports: QueryLogReports) -> None:
    items = reports.unanswered(3)
    assert [item["id"] for item in items] == ["q7", "q5", "q4"]
    assert items[0]["created_at"] == "2026-03-10T00:30:00+08:00"
    assert (items[0]["helpful"], items[0]["reason"]) == (False, "不适用我的情况")
    assert (items[1]["answered"], items[1]["reason"], items[1]["helpful"]) == (False, "", None)


def test_top_groups_and_export(reports: QueryLogReports) -> None:
    label, count, examples = reports.top_groups(7, 10)[0]
    assert (label, count, examples[0]) == ("随迁子女入学需要居住证吗？", 3, label)
    data = reports.export_csv(1).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in data] == ["id", "q7", "q3", "q1", "q2"]  # today's, oldest first
