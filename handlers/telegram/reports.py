"""What the staff commands need from the query log. The real implementation is wired in by the caller."""

from __future__ import annotations

from typing import Any, Protocol


class StaffReports(Protocol):
    def stats(self, days: int) -> dict[str, Any]:
        """Counts for the last `days` county calendar days (today included): total, answered, answered_share,
        helpful, unhelpful, reasons."""
        ...

    def top_groups(self, days: int, limit: int) -> list[tuple[str, int, list[str]]]:
        """The most asked question groups: (label, count, example questions), most asked first."""
        ...

    def unanswered(self, limit: int) -> list[dict[str, Any]]:
        """Latest declined or 👎 questions, newest first: dicts with question, reason, answered, created_at (ISO)."""
        ...

    def export_csv(self, days: int) -> bytes:
        """A CSV (UTF-8) of the last `days` days of redacted questions, answers and feedback."""
        ...
