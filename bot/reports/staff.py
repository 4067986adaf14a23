"""The data behind the Telegram staff commands (/stats /top /unanswered /export), from the one set of reads."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.querylog import QueryLog
from bot.reports.build import day_report, top_groups
from bot.reports.export import export_csv_bytes
from bot.reports.periods import last_days
from bot.reports.queue import queue_items
from retrieval.embedders import Embedder


class QueryLogReports:
    """Implements handlers.telegram's StaffReports; days are the county's calendar days."""

    def __init__(self, querylog: QueryLog | None, engine: Engine, embedder: Embedder) -> None:
        self.querylog = querylog  # only to flush its spool before an export
        self.engine = engine
        self.embedder = embedder

    def stats(self, days: int) -> dict[str, Any]:
        with Session(self.engine) as session:
            return day_report(session, days).as_dict()

    def top_groups(self, days: int, limit: int) -> list[tuple[str, int, list[str]]]:
        with Session(self.engine) as session:
            groups = top_groups(session, self.embedder, days=days, limit=limit)
        return [(group.representative, group.count, list(group.examples)) for group in groups]

    def unanswered(self, limit: int) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            return [dataclasses.asdict(item) for item in queue_items(session, limit=limit)]

    def export_csv(self, days: int) -> bytes:
        if self.querylog is not None:
            self.querylog.replay()
        return export_csv_bytes(self.engine, last_days(days)[0])
