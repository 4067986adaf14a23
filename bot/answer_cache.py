"""Whole answers kept in memory: families ask the same few questions again and again, and an answer that does not
draw on an earlier turn (`bot.pipeline.understand.reads_context`) depends only on the question, the knowledge
loaded and the day. Cleared whenever the knowledge changes (a reload, an approved answer); least recently used
dropped first."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.answer import Answer
from bot.pipeline.context import Turn

BEIJING = ZoneInfo("Asia/Shanghai")


def _today() -> str:
    return dt.datetime.now(BEIJING).date().isoformat()


class AnswerCache:
    def __init__(self, size: int, today: Callable[[], str] = _today) -> None:
        self.size = max(0, int(size))
        self._today = today
        self._held: OrderedDict[tuple[str, str], tuple[Answer, Turn]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, question: str) -> tuple[Answer, Turn] | None:
        """A copy of the answer given to this question today (the caller sets its query id and latency)."""
        if not self.size:
            return None
        with self._lock:
            found = self._held.get((self._today(), question))
            if found is None:
                return None
            self._held.move_to_end((self._today(), question))
            self.hits += 1
        answer, turn = found
        return copy.deepcopy(answer), turn

    def put(self, question: str, answer: Answer, turn: Turn) -> None:
        if not self.size:
            return
        kept = copy.deepcopy(answer)
        kept.query_id = ""
        with self._lock:
            self._held[(self._today(), question)] = (kept, turn)
            self._held.move_to_end((self._today(), question))
            while len(self._held) > self.size:
                self._held.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
