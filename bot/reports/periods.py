"""Time for every staff read: the county's time zone, its calendar days, and the one duration parser."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.querylog.crud import as_utc

# Haiyuan keeps China Standard Time (no daylight saving); "today" in every report is the county's day.
COUNTY_TZ = ZoneInfo("Asia/Shanghai")
MAX_DURATION = dt.timedelta(days=3660)

_DURATION = re.compile(r"^\s*(\d{1,5})\s*([dhw])\s*$", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "w": "weeks"}

__all__ = ["COUNTY_TZ", "as_utc", "county_today", "day_start", "last_days", "local", "local_iso", "parse_duration"]


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local(value: dt.datetime) -> dt.datetime:
    """The same instant in the county's time zone (naive input is taken to be UTC)."""
    return as_utc(value).astimezone(COUNTY_TZ)


def local_iso(value: dt.datetime) -> str:
    """ISO 8601 in county time, e.g. 2026-11-30T07:30:00+08:00 (what exports and queues carry)."""
    return local(value).isoformat()


def county_today(now: dt.datetime | None = None) -> dt.date:
    """The county's calendar day at `now`."""
    return local(now or now_utc()).date()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the county, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=COUNTY_TZ)


def last_days(days: int, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(start, now): the last `days` county calendar days up to and including today (days >= 1)."""
    now = as_utc(now or now_utc())
    first = county_today(now) - dt.timedelta(days=max(1, days) - 1)
    return as_utc(day_start(first)), now


def parse_duration(text: str) -> dt.timedelta:
    """"7d", "30d", "12h", "2w" -> timedelta; ValueError otherwise (no zero, at most ten years)."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"bad duration {text!r}: use a number and d/h/w, e.g. 7d, 30d or 12h")
    delta = dt.timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    if delta > MAX_DURATION:
        raise ValueError(f"duration {text!r} is longer than ten years")
    return delta
