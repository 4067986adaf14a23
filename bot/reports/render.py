"""Render a report as a table (terminal), CSV, XLSX or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast

from rich.console import Console
from rich.table import Table

from bot.reports.labels import beijing, label, time_header
from bot.reports.model import Report
from bot.reports.periods import local
from bot.reports.tabular import Sheet, write_csv, xlsx_bytes

FORMATS = ("table", "csv", "xlsx", "json")
CSV_HEADERS: tuple[str, ...] = ("section", "key", "label", "count", "share", "detail")
SUMMARY_LABELS = {"total": "提问总数", "answered": "已回答", "helpful": "👍 有帮助", "unhelpful": "👎 没帮助"}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def csv_rows(report: Report) -> Iterator[tuple[Any, ...]]:
    """The long-format rows behind the CSV: one section per kind of figure."""
    yield ("summary", "total", SUMMARY_LABELS["total"], report.total, "", "")
    yield ("summary", "answered", SUMMARY_LABELS["answered"], report.answered, report.answered_share, "")
    rated = report.helpful + report.unhelpful
    yield ("summary", "helpful", SUMMARY_LABELS["helpful"], report.helpful, _share(report.helpful, rated), "")
    yield ("summary", "unhelpful", SUMMARY_LABELS["unhelpful"], report.unhelpful, _share(report.unhelpful, rated), "")
    for day in report.by_day:
        yield ("day", day.date, "", day.count, _share(day.answered, day.count), "")
    for intent, count in report.by_intent.items():
        yield ("intent", intent, "", count, _share(count, report.total), "")
    for reason, count in report.reasons.items():
        yield ("reason", reason, "", count, "", "")
    for rank, group in enumerate(report.groups, start=1):
        yield ("group", rank, group.representative, group.count, "", " | ".join(group.examples))
    for item in report.queue:
        yield ("queue", item.id, item.question, "", "", f"{item.created_at} {item.channel} {item.intent} {item.why}")


def xlsx_sheets(report: Report) -> list[Sheet]:
    rated = report.helpful + report.unhelpful
    summary = [
        ("统计时段（北京时间）", f"{beijing(report.since):%Y-%m-%d %H:%M} — {beijing(report.until):%Y-%m-%d %H:%M}"),
        ("提问总数", report.total),
        ("已回答", report.answered),
        ("回答率", report.answered_share),
        ("👍 有帮助", report.helpful),
        ("👎 没帮助", report.unhelpful),
        ("👍 占评价", _share(report.helpful, rated)),
    ]
    return [
        ("摘要", ("项目", "数值"), summary),
        ("每日", ("日期", "提问", "已回答"), [(d.date, d.count, d.answered) for d in report.by_day]),
        ("主题", ("主题", "提问"), [(label(k, "intent"), n) for k, n in report.by_intent.items()]),
        ("反馈原因", ("原因", "次数"), list(report.reasons.items())),
        ("问题分组", ("问题", "次数", "主题", "示例"),
         [(g.representative, g.count, label(g.intent, "intent"), g.examples) for g in report.groups]),
        ("待处理", ("编号", time_header("时间"), "渠道", "主题", "问题", "原因", "状态"),
         [(q.id, beijing(q.created_at), label(q.channel, "channel"), label(q.intent, "intent"), q.question, q.why,
           label(q.status, "status")) for q in report.queue]),
    ]


def render_table(report: Report, out: IO[str]) -> None:
    console = Console(file=out, width=110, color_system=None, highlight=False, emoji=False)
    rated = report.helpful + report.unhelpful
    since, until = local(report.since), local(report.until)
    console.print(f"海原县义务教育政策助手 使用报告  {since:%Y-%m-%d %H:%M} — {until:%Y-%m-%d %H:%M}（{report.timezone}）")
    console.print(
        f"提问 {report.total}，已回答 {report.answered}（{report.answered_share:.0%}），"
        f"👍 {report.helpful} / 👎 {report.unhelpful}（评价 {rated}）"
    )
    tables: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = [
        ("每日", ("日期", "提问", "已回答"), [(d.date, d.count, d.answered) for d in report.by_day]),
        ("主题", ("主题", "提问"), list(report.by_intent.items())),
        ("👎 原因", ("原因", "次数"), list(report.reasons.items())),
        ("常问问题", ("次数", "问题", "示例"),
         [(g.count, g.representative, " / ".join(g.examples[1:])) for g in report.groups]),
        ("待处理", ("时间", "渠道", "问题", "原因"),
         [(q.created_at[:16], q.channel, q.question, q.why) for q in report.queue]),
    ]
    for title, headers, rows in tables:
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*(str(v) for v in row))
        console.print(table)


def render(report: Report, fmt: str, out: str | Path | IO[Any]) -> None:
    """Write `report` in `fmt` to a path or a stream (XLSX needs a binary stream, or a text stream
    with a `.buffer`, such as sys.stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} ({', '.join(FORMATS)})")
    if isinstance(out, str | Path):
        path = Path(out)
        if fmt == "xlsx":
            path.write_bytes(xlsx_bytes(xlsx_sheets(report)))
            return
        with path.open("w", encoding="utf-8", newline="") as stream:
            render(report, fmt, stream)
        return
    if fmt == "xlsx":
        data = xlsx_bytes(xlsx_sheets(report))
        binary = getattr(out, "buffer", out)
        if isinstance(binary, io.TextIOBase):
            raise ValueError("XLSX needs a binary stream or a file path")
        binary.write(data)
        binary.flush()
    elif fmt == "csv":
        write_csv(cast(TextIO, out), CSV_HEADERS, csv_rows(report))
    elif fmt == "json":
        json.dump(report.as_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        render_table(report, out)
