"""The county's time zone and calendar days, and the one duration parser (report --since, logs commands)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.reports.periods import COUNTY_TZ, county_today, last_days, local_iso, parse_duration


@pytest.mark.parametrize(("text", "delta"), [
    ("7d", dt.timedelta(days=7)), ("30d", dt.timedelta(days=30)), ("12h", dt.timedelta(hours=12)),
    (" 2W ", dt.timedelta(weeks=2)), ("365d", dt.timedelta(days=365)),
])
def test_parse_duration(text: str, delta: dt.timedelta) -> None:
    assert parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "7", "d", "0d", "7m", "-1d", "99999d", "soon", "1.5d"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_county_day_and_iso_times() -> None:
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
    assert str(COUNTY_TZ) == "Asia/Shanghai"
    assert county_today(late) == dt.date(2026, 3, 11)
    assert local_iso(late) == "2026-03-11T07:30:00+08:00"
    assert local_iso(dt.datetime(2026, 3, 10, 23, 30)) == "2026-03-11T07:30:00+08:00"  # naive is UTC
    start, end = last_days(2, late)
    assert (start, end) == (dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC), late)  # 10 March 00:00 in Haiyuan
