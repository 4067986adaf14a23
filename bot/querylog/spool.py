"""An append-only JSON-lines file holding query-log writes the database did not take.

Every operation runs under `locked()`: a re-entrant thread lock plus, where the platform has it,
an advisory file lock, so worker threads and other processes sharing the spool do not interleave.
Replay takes a second lock, `replaying()`, so one replayer at a time works through the spool while
writers only ever wait for a short append.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.models import FeedbackCreate, QueryCreate

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


SPOOL_VERSION = 1
QUERY = "query"
FEEDBACK = "feedback"
Entry = QueryCreate | FeedbackCreate


def encode_entry(kind: str, item: Entry) -> str:
    return json.dumps(
        {"v": SPOOL_VERSION, "type": kind, "data": item.model_dump(mode="json")}, ensure_ascii=False
    )


def decode_entry(line: str) -> tuple[str, Entry]:
    entry = json.loads(line)
    kind, data = entry["type"], entry["data"]
    if kind == QUERY:
        return kind, QueryCreate.model_validate(data)
    if kind == FEEDBACK:
        return kind, FeedbackCreate.model_validate(data)
    raise ValueError(f"unknown spool entry type {kind!r}")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.rejected_path = self.path.with_name(self.path.stem + ".rejected.jsonl")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock = threading.RLock()
        self._depth = 0
        self._lock_fd: int | None = None
        self.replay_lock_path = self.path.with_name(self.path.name + ".replay.lock")
        self._replay_lock = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0 and fcntl is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._lock_fd = fd
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_fd is not None:
                    fd, self._lock_fd = self._lock_fd, None
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)

    @contextmanager
    def replaying(self, blocking: bool = True) -> Iterator[bool]:
        """The replayer's lock (this process's threads and other processes); yields False when not taken."""
        if not self._replay_lock.acquire(blocking=blocking):
            yield False
            return
        fd: int | None = None
        try:
            if fcntl is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.replay_lock_path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    fd = None
                    yield False
                    return
            yield True
        finally:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            self._replay_lock.release()

    def drop_head(self, done: list[str]) -> None:
        """Remove lines a replay has dealt with; lines appended since then stay, in order."""
        if not done:
            return
        with self.locked():
            lines = self.read()
            if lines[: len(done)] == done:
                self.rewrite(lines[len(done):])
                return
            remaining = list(done)  # the head changed under us (should not happen): drop each line once
            kept = []
            for line in lines:
                if line in remaining:
                    remaining.remove(line)
                else:
                    kept.append(line)
            self.rewrite(kept)

    def pending(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    @staticmethod
    def _append_lines(path: Path, lines: list[str]) -> None:
        if not lines:
            return
        new_dir = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, "".join(line.rstrip("\n") + "\n" for line in lines).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if new_dir:
            _fsync_dir(path.parent)

    def append(self, line: str) -> None:
        """Append one JSON line (fsynced)."""
        with self.locked():
            self._append_lines(self.path, [line])

    def read(self) -> list[str]:
        with self.locked():
            try:
                text = self.path.read_text(encoding="utf-8", errors="replace")
            except FileNotFoundError:
                return []
            return [line for line in text.splitlines() if line.strip()]

    def rewrite(self, lines: list[str]) -> None:
        """Atomically replace the spool's contents with `lines` (removing it when empty)."""
        with self.locked():
            if not lines:
                self.path.unlink(missing_ok=True)
                return
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.unlink(missing_ok=True)
            self._append_lines(tmp, lines)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)

    def reject(self, lines: list[str]) -> None:
        """Keep entries the database will never take (bad data) aside instead of retrying forever."""
        with self.locked():
            self._append_lines(self.rejected_path, lines)
