"""The query log the channels write to: redacted questions, pseudonymous users, a spool for outages.

`record` and `feedback` never raise. When the database cannot take a write, the entry is appended
to a JSON-lines spool (fsynced) and replayed, in order and idempotently, by a background thread
(`replay_in_background`, started at start-up and by the next write) or by `replay()`. While the spool
holds entries, new ones are appended behind them; replay works batch by batch and holds the spool
lock only to read a batch and to drop it, so a write never waits for a replay.
Only redacted text and HMAC user keys are ever stored. Reads live in bot.reports.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError
from sqlmodel import Session

from bot.answer import Answer, Asker
from bot.db import short_writes
from bot.models import FeedbackCreate, QueryCreate, new_query_id
from bot.querylog import crud
from bot.querylog.keys import user_key
from bot.querylog.spool import FEEDBACK, QUERY, Entry, Spool, decode_entry, encode_entry
from bot.querylog.votes import store_vote, vote_id
from bot.redact import Redactor, redact, redact_answer

logger = logging.getLogger(__name__)

DEV_SECRET = "dev-only-change-me"
REPLAY_BATCH = 100
FOLLOWUP_WINDOW = dt.timedelta(minutes=30)  # a question this soon after the same user's last one may follow it


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _clean(text: str, limit: int | None = None) -> str:
    text = (text or "").replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return text[:limit] if limit is not None else text


def _bad_data(exc: BaseException) -> bool:
    """True when retrying cannot help: the entry itself is wrong (as opposed to the database being away)."""
    if isinstance(exc, IntegrityError | DataError | ValueError | KeyError | TypeError):
        return True
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


class QueryLog:
    def __init__(
        self,
        engine: Engine,
        spool_path: Path,
        secret: str | SecretStr,
        version: str = "",
        *,
        retry_after: float = 5.0,
        redactor: Redactor | None = None,
        replay_batch: int = REPLAY_BATCH,
    ) -> None:
        raw = secret.get_secret_value() if isinstance(secret, SecretStr) else str(secret)
        if not raw:
            raise ValueError("the query log needs a non-empty user-key secret")
        if raw == DEV_SECRET:
            logger.warning("query log: user_key_secret is the development default; set USER_KEY_SECRET")
        self._engine = engine
        self._redact = redactor.redact if redactor is not None else redact  # with the gazetteer exempt
        self._redact_answer = redactor.redact_answer if redactor is not None else redact_answer
        self._secret = raw
        self._version = version
        self._spool = Spool(Path(spool_path))
        self._retry_after = retry_after
        self._down_until = 0.0
        self._batch = max(1, replay_batch)
        self._replayer: threading.Thread | None = None
        self._replayer_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"QueryLog(spool={str(self._spool.path)!r}, version={self._version!r})"

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def spool_path(self) -> Path:
        return self._spool.path

    # -- writes -------------------------------------------------------------------------------

    def record(self, answer: Answer, asker: Asker, question_raw: str) -> str:
        """Log one question and its answer; returns the query id (also set on `answer.query_id`)."""
        query_id = new_query_id()
        try:
            key = user_key(self._secret, asker.channel, str(asker.user_id or ""))
            query = QueryCreate(
                id=query_id,
                created_at=_now(),
                channel=_clean(asker.channel, 20),
                user_key=key,
                previous_id="",  # looked up as the row is written (`_write`)
                chat_type=_clean(asker.chat_type, 20),
                question=_clean(self._redact(question_raw or "").text),
                script=_clean(answer.script, 20),
                intent=_clean(answer.intent, 40),
                answered=bool(answer.answered),
                answer=_clean(self._redact_answer(answer.text or "", question_raw or "").text),
                latency_ms=float(answer.latency_ms or 0.0),
                version=_clean(self._version, 40),
                sources=[source.as_dict() for source in answer.sources],
            )
            answer.query_id = query_id
        except Exception as exc:
            logger.error("query log: could not prepare query %s (%s)", query_id, type(exc).__name__)
            return query_id
        self._write(QUERY, query, previous_of=key if asker.user_id else "")
        return query_id

    def _previous(self, key: str) -> str:
        """The same user's last logged query within FOLLOWUP_WINDOW ("" when none or the database is away)."""
        if not self._may_try():
            return ""
        try:
            with Session(self._engine) as session:
                return crud.last_query_id(session, key, _now() - FOLLOWUP_WINDOW)
        except Exception as exc:
            logger.debug("query log: previous turn not found (%s)", type(exc).__name__)
            return ""

    def feedback(self, query_id: str, helpful: bool, reason: str = "", voter_key: str = "") -> None:
        """Attach 👍/👎 (and an optional reason, redacted) to a logged query; never raises."""
        if not query_id:
            logger.warning("query log: feedback without a query id ignored")
            return
        try:
            fb = FeedbackCreate(
                id=vote_id(query_id, voter_key),  # one vote per answer and voter
                query_id=_clean(query_id, 32),
                helpful=bool(helpful),
                reason=_clean(self._redact(reason or "").text, 200),
                created_at=_now(),
            )
        except Exception as exc:
            logger.error("query log: could not prepare feedback for %s (%s)", query_id, type(exc).__name__)
            return
        self._write(FEEDBACK, fb)

    def _write(self, kind: str, item: Entry, previous_of: str = "") -> None:
        """Store or spool; `previous_of`: the user key whose last query becomes the item's `previous_id`
        (looked up by the statement that inserts the row). The spool lock (threads and processes) is held only to
        decide: behind entries already spooled, or straight to the database, which then runs without it (held
        across the insert, it made every worker's writes wait for one another and for the GIL of the thread
        holding it). Order still holds: an entry that depends on another (a vote on an answer) is written after
        that one's `record` returned, so it finds it spooled or stored."""
        direct = False
        queued = False
        try:
            with self._spool.locked():
                if self._spool.pending() or not self._may_try():
                    if isinstance(item, QueryCreate) and previous_of:
                        item.previous_id = self._previous(previous_of)
                    self._spool.append(encode_entry(kind, item))  # behind earlier entries; a replay takes it in
                    queued = True
                else:
                    direct = True
            if direct:
                try:
                    self._store(kind, item, new=True, previous_of=previous_of)
                except Exception as exc:
                    line = encode_entry(kind, item)
                    if _bad_data(exc):
                        logger.warning("query log: %s %s rejected (%s)", kind, item.id, type(exc).__name__)
                        self._spool.reject([line])
                    else:
                        self._mark_down(exc)
                        self._spool.append(line)
        except Exception as exc:  # the spool itself failed (disk full, permissions)
            logger.error("query log: could not write or spool %s %s (%s)", kind, item.id, type(exc).__name__)
        if queued and self._may_try():
            self.replay_in_background()

    def _store(self, kind: str, item: Entry, new: bool = False, previous_of: str = "") -> bool:
        """Insert unless an entry with this id exists; True when inserted. `new`: a query written as it is
        answered, whose id was drawn just now (no look-up first; a spooled one may already be in)."""
        if isinstance(item, QueryCreate) and new:
            with short_writes(self._engine) as connection:
                crud.insert_new_query(connection, item, previous_of, _now() - FOLLOWUP_WINDOW)
            return True
        with Session(self._engine) as session:
            if isinstance(item, QueryCreate):
                if crud.get_query(session, item.id) is not None:
                    return False
                if previous_of:
                    item.previous_id = crud.last_query_id(session, previous_of, _now() - FOLLOWUP_WINDOW)
                crud.insert_query(session, item)
            else:
                return store_vote(session, item)
        return True

    def _exists(self, item: Entry) -> bool:
        try:
            with Session(self._engine) as session:
                if isinstance(item, QueryCreate):
                    return crud.get_query(session, item.id) is not None
                return crud.get_feedback(session, item.id) is not None
        except Exception:
            return False

    def _may_try(self) -> bool:
        return time.monotonic() >= self._down_until

    def _mark_down(self, exc: BaseException) -> None:
        if self._may_try():
            logger.warning(
                "query log: database unavailable (%s); spooling to %s", type(exc).__name__, self._spool.path
            )
        self._down_until = time.monotonic() + self._retry_after

    # -- spool replay ---------------------------------------------------------------------------

    def replay(self) -> int:
        """Write spooled entries to the database in order; returns how many were inserted. Never raises.

        Batch by batch: the spool lock is held only to read a batch and to drop it once stored."""
        try:
            with self._spool.replaying() as mine:
                return self._replay_batches() if mine else 0
        except Exception as exc:
            logger.error("query log: spool replay failed (%s)", type(exc).__name__)
            return 0

    def replay_in_background(self) -> threading.Thread | None:
        """Replay in a daemon thread (one at a time) until the spool is empty or the database fails again."""
        with self._replayer_lock:
            if self._replayer is not None and self._replayer.is_alive():
                return self._replayer
            if not self._spool.pending():
                return None
            self._replayer = threading.Thread(target=self._replay_until_empty, name="querylog-replay", daemon=True)
            self._replayer.start()
            return self._replayer

    def join_replay(self, timeout: float | None = None) -> None:
        """Wait for the background replay, if one runs (tests; shutting down)."""
        thread = self._replayer
        if thread is not None:
            thread.join(timeout)

    def _replay_until_empty(self) -> None:
        while True:
            self.replay()
            with self._replayer_lock:  # writers that queued meanwhile saw this thread alive: drain for them
                if not self._spool.pending() or not self._may_try():
                    self._replayer = None
                    return

    def _replay_batches(self) -> int:
        inserted = 0
        while True:
            with self._spool.locked():
                batch = self._spool.read()[: self._batch]
            if not batch:
                break
            done, stored = self._replay_batch(batch)  # no spool lock held: writers append meanwhile
            inserted += stored
            self._spool.drop_head(batch[:done])
            if done < len(batch):
                break  # the database went away again
        if inserted:
            self._down_until = 0.0
            logger.info("query log: replayed %d spooled entries", inserted)
        return inserted

    def _replay_batch(self, lines: list[str]) -> tuple[int, int]:
        """(lines dealt with, entries inserted); stops at the first line the database could not take."""
        inserted = 0
        rejected: list[str] = []
        done = len(lines)
        for index, line in enumerate(lines):
            try:
                kind, item = decode_entry(line)
            except Exception:
                rejected.append(line)
                continue
            try:
                inserted += int(self._store(kind, item))
            except Exception as exc:
                if not _bad_data(exc):
                    self._mark_down(exc)
                    done = index
                    break
                if not self._exists(item):
                    logger.warning("query log: spooled %s %s rejected (%s)", kind, item.id, type(exc).__name__)
                    rejected.append(line)
        self._spool.reject(rejected)
        return done, inserted

    # -- maintenance ----------------------------------------------------------------------------

    def purge(self, older_than: dt.timedelta) -> int:
        """Delete queries (and their feedback) older than `older_than`; returns the number deleted."""
        with Session(self._engine) as session:
            return crud.purge_older_than(session, _now() - older_than)
