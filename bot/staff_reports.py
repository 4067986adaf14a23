"""StaffReports for the Telegram staff commands, over the query log and the report builder."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.querylog import QueryLog
from bot.reports import top_groups
from retrieval.embedders import Embedder


class QueryLogReports:
    def __init__(self, querylog: QueryLog, engine: Engine, embedder: Embedder) -> None:
        self.querylog = querylog
        self.engine = engine
        self.embedder = embedder

    def stats(self, days: int) -> dict[str, Any]:
        return self.querylog.stats(days=days)

    def top_groups(self, days: int, limit: int) -> list[tuple[str, int, list[str]]]:
        with Session(self.engine) as session:
            groups = top_groups(session, self.embedder, days=days, limit=limit)
        return [(group.representative, group.count, list(group.examples)) for group in groups]

    def unanswered(self, limit: int) -> list[dict[str, Any]]:
        return self.querylog.unanswered(limit=limit)

    def export_csv(self, days: int) -> bytes:
        buffer = io.StringIO()
        self.querylog.export(datetime.now(UTC) - timedelta(days=days), "csv", buffer)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
