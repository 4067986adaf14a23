"""The bureau's contact line (bot/pipeline/bureau.py), read from a stand-in directory."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.pipeline.bureau import bureau_line


def _directory(verified: bool, hours: str = "工作日 8:30-12:00") -> Any:
    row = SimpleNamespace(name="海原县教育体育局", contact="0955-0000001", hours=hours, verified=verified,
                          source_label="海原县学校数据 services.csv")
    return SimpleNamespace(bureau_contact=lambda: row)


def _template(**fields: object) -> str:
    return "请咨询{name}：{contact}{hours}{mark}。".format(**fields)


def test_a_sample_row_carries_the_mark_and_becomes_a_data_fact() -> None:
    line = bureau_line(_directory(verified=False), _template, "（示例数据）")
    assert line is not None
    assert line.text == "请咨询海原县教育体育局：0955-0000001（工作日 8:30-12:00）（示例数据）。"
    assert line.mark == "（示例数据）"
    assert (line.fact.text, line.fact.label, line.fact.verified) == (line.text, "海原县学校数据 services.csv", False)


def test_a_verified_row_has_no_mark_and_no_hours_when_none_are_given() -> None:
    line = bureau_line(_directory(verified=True, hours=""), _template, "（示例数据）")
    assert line is not None and line.text == "请咨询海原县教育体育局：0955-0000001。" and line.mark == ""


def test_no_directory_or_no_bureau_row_gives_no_line() -> None:
    assert bureau_line(None, _template, "") is None
    assert bureau_line(SimpleNamespace(bureau_contact=lambda: None), _template, "") is None
