from __future__ import annotations

import datetime as dt
import io
import json

from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.reports import build_report, render, run_report, top_groups
from bot.reports.groups import group_questions
from bot.reports.model import REPORT_KEYS
from bot.reports.render import CSV_HEADERS
from retrieval.embedders import FakeEmbedder

from .conftest import NOW


def _report(engine: Engine, **kwargs):
    with Session(engine) as session:
        return build_report(session, FakeEmbedder(), dt.timedelta(days=7), NOW, **kwargs)


def test_counts(seeded: Engine) -> None:
    report = _report(seeded)
    assert (report.total, report.answered, report.answered_share) == (6, 5, 0.8333)
    assert (report.helpful, report.unhelpful) == (1, 2)
    assert report.reasons == {"不适用我的情况": 1, "信息过时": 1}
    assert report.by_intent == {"migrant": 3, "general": 1, "subsidy": 1, "zone": 1}
    # 2026-03-03 12:00 UTC is 20:00 in Haiyuan: eight local days, the last one today
    assert [(d.date, d.count, d.answered) for d in report.by_day] == [
        ("2026-03-03", 0, 0), ("2026-03-04", 0, 0), ("2026-03-05", 0, 0), ("2026-03-06", 0, 0),
        ("2026-03-07", 0, 0), ("2026-03-08", 2, 1), ("2026-03-09", 0, 0), ("2026-03-10", 4, 4),
    ]
    assert report.by_day_intent == {
        "2026-03-08": {"general": 1, "subsidy": 1},
        "2026-03-10": {"migrant": 3, "zone": 1},
    }


def test_counts_in_utc(seeded: Engine) -> None:
    report = _report(seeded, tz=dt.UTC)
    assert [(d.date, d.count) for d in report.by_day if d.count] == [
        ("2026-03-08", 2), ("2026-03-09", 2), ("2026-03-10", 2)
    ]


def test_groups(seeded: Engine) -> None:
    report = _report(seeded)
    assert [(g.count, g.representative, g.intent) for g in report.groups] == [
        (3, "随迁子女入学需要居住证吗？", "migrant"),
        (1, "两免一补具体免哪些费用？", "subsidy"),
        (1, "我家孩子该上哪所小学？", "zone"),
        (1, "火星上有学校吗", "general"),
    ]
    # the Traditional wording folds onto the same key; the reworded one joins by similarity
    assert report.groups[0].examples == ["随迁子女入学需要居住证吗？", "请问随迁子女入学需要居住证吗"]


def test_queue(seeded: Engine) -> None:
    report = _report(seeded)
    assert [(q.id, q.why) for q in report.queue] == [
        ("q7", "👎 不适用我的情况"),
        ("q5", "未回答"),
        ("q4", "👎 信息过时"),
    ]


def test_group_questions_examples_and_limit() -> None:
    questions = [("两免一补是什么", "subsidy")] * 2 + [("两免一补是什么？", "subsidy"), ("两免一补是什么意思", "")]
    questions += [("教师交流轮岗", "teacher"), ("", ""), ("？？", "")]
    groups = group_questions(questions, FakeEmbedder(), threshold=0.5)
    assert [(g.count, g.examples, g.intent) for g in groups] == [
        (4, ["两免一补是什么", "两免一补是什么意思"], "subsidy"),
        (1, ["教师交流轮岗"], "teacher"),
    ]


def test_top_groups(seeded: Engine) -> None:
    with Session(seeded) as session:
        groups = top_groups(session, FakeEmbedder(), days=1, limit=1, now=NOW)
        assert [(g.count, g.representative) for g in groups] == [(3, "随迁子女入学需要居住证吗？")]
        everything = top_groups(session, FakeEmbedder(), days=30, limit=10, now=NOW)
        assert sum(g.count for g in everything) == 7


def test_csv(seeded: Engine) -> None:
    out = io.StringIO()
    render(_report(seeded), "csv", out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "section,key,label,count,share,detail"
    assert ",".join(CSV_HEADERS) == lines[0]
    assert lines[1:5] == [
        "summary,total,提问总数,6,,",
        "summary,answered,已回答,5,0.8333,",
        "summary,helpful,👍 有帮助,1,0.3333,",
        "summary,unhelpful,👎 没帮助,2,0.6667,",
    ]
    assert "group,1,随迁子女入学需要居住证吗？,3,,随迁子女入学需要居住证吗？ | 请问随迁子女入学需要居住证吗" in lines
    assert "reason,信息过时,,1,," in lines
    assert sum(line.startswith("queue,") for line in lines) == 3


def test_json_keys(seeded: Engine) -> None:
    out = io.StringIO()
    render(_report(seeded), "json", out)
    data = json.loads(out.getvalue())
    assert list(data) == list(REPORT_KEYS) == [
        "since", "until", "timezone", "total", "answered", "answered_share", "helpful", "unhelpful",
        "by_day", "by_intent", "by_day_intent", "reasons", "groups", "queue",
    ]
    assert list(data["groups"][0]) == ["representative", "count", "examples", "intent"]
    assert list(data["queue"][0]) == ["id", "created_at", "channel", "intent", "question", "answer", "answered",
                                      "status", "helpful", "reason"]
    assert list(data["by_day"][0]) == ["date", "count", "answered"]
    assert data["until"] == "2026-03-10T20:00:00+08:00"  # county time, like every export


def test_xlsx_opens(seeded: Engine, tmp_path) -> None:
    path = tmp_path / "report.xlsx"
    render(_report(seeded), "xlsx", path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["摘要", "每日", "主题", "反馈原因", "问题分组", "待处理"]
    summary = {row[0]: row[1] for row in workbook["摘要"].iter_rows(min_row=2, values_only=True)}
    assert summary["提问总数"] == 6
    groups = list(workbook["问题分组"].iter_rows(values_only=True))
    assert groups[0] == ("问题", "次数", "主题", "示例")
    assert groups[1][:3] == ("随迁子女入学需要居住证吗？", 3, "随迁子女")  # labels for people
    queue = list(workbook["待处理"].iter_rows(values_only=True))
    assert len(queue) > 1 and queue[0][1] == "时间（北京时间）" and all(isinstance(row[1], dt.datetime) for row in queue[1:])
    assert {row[2] for row in queue[1:]} <= {"网页", "Telegram", "终端", "命令行", "微信公众号", "企业微信客服"}
    assert {row[6] for row in queue[1:]} <= {"新", "已处理"}


def test_xlsx_keeps_formulas_as_text(engine: Engine, tmp_path) -> None:
    from bot.reports.tabular import csv_cell, xlsx_bytes

    data = xlsx_bytes([("s", ["a"], [["=1+1"], ["-3"], [5]])])
    (tmp_path / "f.xlsx").write_bytes(data)
    rows = list(load_workbook(tmp_path / "f.xlsx").active.iter_rows(values_only=True))
    assert rows == [("a",), ("'=1+1",), ("'-3",), (5,)]  # the one guard, as in CSV
    assert (csv_cell("=cmd"), csv_cell("-3"), csv_cell(None), csv_cell(True)) == ("'=cmd", "'-3", "", "true")


def test_table(seeded: Engine) -> None:
    out = io.StringIO()
    render(_report(seeded), "table", out)
    text = out.getvalue()
    assert "提问 6，已回答 5（83%），👍 1 / 👎 2" in text
    assert "随迁子女入学需要居住证吗？" in text


def test_run_report(seeded: Engine) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(seeded, FakeEmbedder(), "7d", "json", out, err=err, now=NOW) == 0
    assert json.loads(out.getvalue())["total"] == 6
    assert run_report(seeded, FakeEmbedder(), "1h", "csv", out := io.StringIO(), err=err, now=NOW) == 0
    assert out.getvalue().splitlines()[1] == "summary,total,提问总数,0,,"
    assert run_report(seeded, FakeEmbedder(), "week", "csv", io.StringIO(), err=err) == 2
    assert run_report(seeded, FakeEmbedder(), "7d", "pdf", io.StringIO(), err=err) == 2
    assert err.getvalue().count("error:") == 2


def test_run_report_xlsx_to_binary_stream(seeded: Engine) -> None:
    out = io.BytesIO()
    assert run_report(seeded, FakeEmbedder(), "30d", "xlsx", out, now=NOW) == 0
    assert out.getvalue()[:2] == b"PK"
