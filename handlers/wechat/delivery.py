"""Answers each WeChat message once, however often WeChat retries it, within the reply budget or afterwards.

The first request for a message key claims it in the database and answers in a worker thread. Whoever
moves the message first decides how the answer goes out: the worker (PENDING → READY: a waiting request
replies passively) or a request whose budget ran out (PENDING → DEFERRED: it answers `success` and the
worker sends the answer through the API). Retries, in this process or another, wait on the database row.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.wechat import crud
from handlers.wechat.conversation import Outcome
from handlers.wechat.models import (
    DEFERRED,
    DONE,
    FAILED,
    PENDING,
    READY,
    REPLIED,
    SENDING,
    SENT,
    WechatMessageCreate,
    utcnow,
)

logger = logging.getLogger(__name__)

KEEP_MESSAGES = dt.timedelta(days=1)
PURGE_EVERY_SECONDS = 600.0
POLL_SECONDS = 0.05

Work = Callable[[], Outcome | None]  # None: nothing to send (answer `success`)
Send = Callable[[Outcome], None]  # raises when the API refuses
Undelivered = Callable[[Outcome, BaseException], None]


class Delivery:
    """Once-only answering of message keys for one channel (thread-safe; state in the database)."""

    def __init__(self, channel: str, engine: Engine, budget_seconds: float, workers: int = 4) -> None:
        self.channel = channel
        self.engine = engine
        self.budget = max(0.0, budget_seconds)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=channel)
        self._purged_at = 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def claim(self, key: str) -> bool:
        self._purge()
        with Session(self.engine) as session:
            return crud.claim_message(session, WechatMessageCreate(key=key, channel=self.channel))

    def reply(self, key: str, work: Work, send: Send, undelivered: Undelivered) -> str | None:
        """The passive reply for this message key, or None for `success` (sent later through `send`, or nothing)."""
        deadline = time.monotonic() + self.budget
        if self.claim(key):
            future = self.executor.submit(self._run, key, work, send, undelivered)
            try:
                future.result(timeout=max(0.0, deadline - time.monotonic()))
            except FutureTimeout:
                pass
            except Exception:  # _run never raises; be safe anyway
                logger.exception("%s: worker failed", self.channel)
        else:
            self._wait(key, deadline)
        return self._resolve(key)

    def answer_later(self, key: str, work: Work, send: Send, undelivered: Undelivered) -> bool:
        """Claim and answer through `send` only (WeCom); False when the key was seen before."""
        if not self.claim(key):
            return False
        self._move(key, (PENDING,), DEFERRED)
        self._run(key, work, send, undelivered)
        return True

    # -- internals --------------------------------------------------------------------------------

    def _run(self, key: str, work: Work, send: Send, undelivered: Undelivered) -> None:
        try:
            outcome = work()
        except Exception:
            logger.exception("%s: answering failed", self.channel)
            outcome = None
        if outcome is None:
            self._move(key, (PENDING, DEFERRED), DONE)
            return
        if self._move(key, (PENDING,), READY, outcome.text):
            return  # a request replies passively
        if not self._move(key, (DEFERRED,), SENDING, outcome.text):
            return
        try:
            send(outcome)
        except Exception as exc:
            self._move(key, (SENDING,), FAILED)
            try:
                undelivered(outcome, exc)
            except Exception:
                logger.exception("%s: could not keep the undelivered answer", self.channel)
            return
        self._move(key, (SENDING,), SENT)

    def _wait(self, key: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            with Session(self.engine) as session:
                row = crud.get_message(session, key)
            if row is None or row.status != PENDING:
                return
            time.sleep(POLL_SECONDS)

    def _resolve(self, key: str) -> str | None:
        for _ in range(3):
            with Session(self.engine) as session:
                row = crud.get_message(session, key)
            if row is None:
                return None
            if row.status in (READY, REPLIED):
                # a retry of a passively replied message: WeChat did not get that reply, so give it again
                self._move(key, (READY,), REPLIED)
                return row.reply
            if row.status != PENDING:
                return None
            if self._move(key, (PENDING,), DEFERRED):
                return None
        return None

    def _move(self, key: str, sources: tuple[str, ...], target: str, reply: str | None = None) -> bool:
        with Session(self.engine) as session:
            return crud.move_message(session, key, sources, target, reply)

    def _purge(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._purged_at < PURGE_EVERY_SECONDS:
                return
            self._purged_at = now
        try:
            with Session(self.engine) as session:
                crud.purge_messages(session, utcnow() - KEEP_MESSAGES)
        except Exception as exc:
            logger.warning("%s: could not purge old messages (%s)", self.channel, type(exc).__name__)
