"""Spread long-lived keep-alive connections over the web workers (`web --workers N`).

uvicorn's workers accept from one shared socket, and a worker that wakes takes every connection waiting: clients
that connect at once and keep their connections (a reverse proxy's upstream pool, the load run's 20 clients) can
all land on one worker. Measured on the load run: 19 connections on one worker and 1 on the other, p95 2.4 s while
the second worker idled. Each worker publishes how many requests it has in flight in a small shared file (one slot
per worker, claimed with a lock that dies with the process). A worker with at least `MARGIN` more than the least
loaded one answers with `Connection: close`: the client's next request opens a new connection, which the idle
worker, waiting in accept, takes first. Balanced workers never close a connection.
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SLOT = struct.Struct("<q")  # requests in flight in one worker
MARGIN = 2  # in flight more than the least loaded worker before a connection is handed back

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def loads_path(data_dir: Path, port: int) -> Path:
    return data_dir / "run" / f"web-{port}.load"


def create_loads(path: Path, workers: int) -> None:
    """Written by the parent before the workers start: one zeroed slot per worker (stale counts of an earlier
    run are gone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(bytes(SLOT.size * max(1, workers)))
    os.replace(tmp, path)


class WorkerLoads:
    """This worker's slot in the shared file, and the others' counts. Used from the event loop's thread only."""

    def __init__(self, path: Path) -> None:
        self.slot = -1
        self.in_flight = 0
        self._fd = os.open(path, os.O_RDWR)
        try:
            size = os.fstat(self._fd).st_size
            self._map = mmap.mmap(self._fd, size)
        except (OSError, ValueError):
            os.close(self._fd)
            raise
        self.workers = size // SLOT.size
        self._locks: list[int] = []
        for slot in range(self.workers):  # a lock file per slot: held for the process's life, freed by its death
            lock = os.open(f"{path}.{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(lock)
                continue
            self._locks.append(lock)
            self.slot = slot
            self._write()  # a restarted worker's slot starts from its own count, not its predecessor's
            break
        if self.slot < 0:
            logger.warning("web: no free worker slot in %s; connections are not spread from this worker", path)

    def _write(self) -> None:
        SLOT.pack_into(self._map, self.slot * SLOT.size, self.in_flight)

    def counts(self) -> list[int]:
        return [SLOT.unpack_from(self._map, i * SLOT.size)[0] for i in range(self.workers)]

    def started(self) -> None:
        self.in_flight += 1
        if self.slot >= 0:
            self._write()

    def finished(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        if self.slot >= 0:
            self._write()

    def over_share(self) -> bool:
        """True when this worker has at least MARGIN more requests in flight than the least loaded other."""
        if self.slot < 0 or self.workers < 2:
            return False
        others = [count for i, count in enumerate(self.counts()) if i != self.slot]
        return self.in_flight >= min(others) + MARGIN

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)
        for lock in self._locks:
            os.close(lock)
        self._locks = []


class SpreadConnections:
    """Pure ASGI: counts this worker's requests in flight and closes the connection after a response while the
    worker is over its share."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], loads: WorkerLoads) -> None:
        self.app = app
        self.loads = loads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loads = self.loads

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start" and loads.over_share():
                headers = list(message.get("headers") or [])
                if not any(bytes(name).lower() == b"connection" for name, _ in headers):
                    message["headers"] = [*headers, (b"connection", b"close")]
            await send(message)

        loads.started()
        try:
            await self.app(scope, receive, send_closing)
        finally:
            loads.finished()
