"""Build the usage report from the query log."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, col, select

from bot.models import QueryRecord
from bot.reports.groups import group_questions
from bot.reports.model import DayCount, QuestionGroup, Report
from bot.reports.periods import COUNTY_TZ, as_utc, last_days, now_utc
from bot.reports.queue import queue_items
from bot.reports.rows import latest_feedback
from retrieval.embedders import Embedder


def build_report(
    session: Session,
    embedder: Embedder | None,
    since: dt.timedelta,
    now: dt.datetime | None = None,
    *,
    tz: dt.tzinfo = COUNTY_TZ,
    groups: bool = True,
    group_limit: int = 20,
    queue_limit: int = 500,
) -> Report:
    """Queries created in [now - since, now]: volume by day and topic, answered share, 👍/👎 (each
    query's latest feedback), 👎 reasons, question groups (needs `embedder`) and the review queue."""
    now = as_utc(now or now_utc())
    start = now - since
    rows = session.exec(
        select(  # type: ignore[call-overload]  # five columns: more than sqlmodel's typed overloads
            QueryRecord.id, QueryRecord.created_at, QueryRecord.answered, QueryRecord.intent, QueryRecord.question
        )
        .where(col(QueryRecord.created_at) >= start, col(QueryRecord.created_at) <= now)
        .order_by(col(QueryRecord.created_at), col(QueryRecord.id))
    ).all()
    first, last = start.astimezone(tz).date(), now.astimezone(tz).date()
    per_day = {first + dt.timedelta(days=i): [0, 0] for i in range((last - first).days + 1)}
    by_day_intent: dict[str, Counter[str]] = {}
    by_intent: Counter[str] = Counter()
    for _id, created_at, answered, intent, _question in rows:
        day = as_utc(created_at).astimezone(tz).date()
        counts = per_day.setdefault(day, [0, 0])
        counts[0] += 1
        counts[1] += int(bool(answered))
        by_intent[intent or ""] += 1
        by_day_intent.setdefault(day.isoformat(), Counter())[intent or ""] += 1
    latest = latest_feedback(session, (row[0] for row in rows))
    helpful = sum(1 for fb in latest.values() if fb.helpful)
    reasons = Counter(fb.reason for fb in latest.values() if not fb.helpful and fb.reason)
    report = Report(
        since=start,
        until=now,
        timezone=str(tz),
        total=len(rows),
        answered=sum(1 for row in rows if row[2]),
        helpful=helpful,
        unhelpful=len(latest) - helpful,
        by_day=[DayCount(day.isoformat(), c, ok) for day, (c, ok) in sorted(per_day.items())],
        by_intent=dict(sorted(by_intent.items(), key=lambda item: (-item[1], item[0]))),
        by_day_intent={day: dict(sorted(c.items())) for day, c in sorted(by_day_intent.items())},
        reasons=dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
    )
    if groups and embedder is not None:
        report.groups = group_questions(((row[4], row[3]) for row in rows), embedder)[:group_limit]
    if queue_limit:
        report.queue = queue_items(session, since=start, until=now + dt.timedelta(microseconds=1), limit=queue_limit)
    return report


def day_report(session: Session, days: int, now: dt.datetime | None = None) -> Report:
    """Counts for the last `days` county calendar days up to and including today (no groups, no queue):
    what Telegram /stats and the staff dashboard show."""
    start, now = last_days(days, now)
    return build_report(session, None, now - start, now, groups=False, queue_limit=0)


def top_groups(session: Session, embedder: Embedder, days: int = 7, limit: int = 10,
               now: dt.datetime | None = None) -> list[QuestionGroup]:
    """The most asked question groups of the last `days` county calendar days (Telegram /top, the web groups)."""
    start, now = last_days(days, now)
    rows = session.exec(
        select(QueryRecord.question, QueryRecord.intent).where(
            col(QueryRecord.created_at) >= start,
            col(QueryRecord.created_at) <= now,
        )
    ).all()
    return group_questions(((q, i) for q, i in rows), embedder)[:limit]
