"""`python -m bot web --workers 4`: real uvicorn worker processes on a loopback port, over one SQLite file or
PostgreSQL. Families' follow-ups and clarifications are answered right whichever worker takes the next turn.

Requests go out without keep-alive from several threads at once, so that they spread over the workers; the
test checks that more than one worker did work (CPU time read from /proc), not how fast.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.postgres import schema_url

ROOT = Path(__file__).resolve().parents[3]
WORKERS = 4
USERS = 24
FIRST = "我家住在七营镇北嘴村，娃该上哪个学校"
AMBIGUOUS = "我家在新庄村，娃上哪个学校"
FOLLOW_UP = "那初中呢？"

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads worker CPU time from /proc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _workers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield ""
        return
    with schema_url("workers_test") as (_schema, url):
        yield url


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({
        "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": database_url, "EMBEDDER": "fake",
        "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port), "RATE_LIMIT_PER_MINUTE": "1000", "LOG_LEVEL": "WARNING",
        "USER_KEY_SECRET": "workers-test-secret-0123456789", "WEB_SESSION_SECRET": "workers-session-0123456789",
        "PYTHONPATH": str(ROOT),
    })
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--workers", str(WORKERS)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while len(_workers(process.pid)) < WORKERS or not _ready(base):
            assert process.poll() is None, (tmp_path / "server.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.5)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def _ask(base: str, visitor: str, question: str) -> dict:
    with httpx.Client(base_url=base, trust_env=False, timeout=120,
                      limits=httpx.Limits(max_keepalive_connections=0)) as client:  # a new connection each time
        response = client.post("/api/ask", json={"question": question}, cookies={"hy_visitor": visitor},
                               headers={"Connection": "close"})
    assert response.status_code == 200, response.text
    return response.json()


def _family(base: str, n: int) -> list[str]:
    """One family's conversation; returns what went wrong (empty when every turn was right)."""
    visitor = f"family-{n:04d}-{uuid.uuid4().hex[:12]}"
    wrong: list[str] = []
    if n % 2 == 0:
        _ask(base, visitor, FIRST)
        place = "七营镇北咀村"
    else:
        clarify = _ask(base, visitor, AMBIGUOUS)
        replies = [c["reply"] for c in clarify["choices"]]
        if replies != ["李旺镇新庄村", "树台乡新庄村"]:
            return [f"{n}: choices {replies}"]
        place = replies[n % 4 // 2]
        if place not in _ask(base, visitor, place)["answer"]:
            wrong.append(f"{n}: the picked choice was not answered")
    follow = _ask(base, visitor, FOLLOW_UP)["answer"]
    if place not in follow or "初中：" not in follow or "小学：" in follow:
        wrong.append(f"{n}: follow-up without the previous turn's place: {follow[:60]}")
    return wrong


def test_four_workers_answer_follow_ups_and_clarifications(server: tuple[str, int]) -> None:
    base, parent = server
    workers = _workers(parent)
    assert len(workers) == WORKERS
    before = {pid: _cpu_ticks(pid) for pid in workers}
    with ThreadPoolExecutor(max_workers=8) as pool:
        problems = [p for found in pool.map(lambda n: _family(base, n), range(USERS)) for p in found]
    assert problems == []
    busy = [pid for pid in workers if _cpu_ticks(pid) > before[pid]]
    assert len(busy) >= 2, "the requests did not spread over the workers"
    stranger = _ask(base, "stranger-0000000000001", FOLLOW_UP)["answer"]
    assert "七营镇" not in stranger and "新庄村" not in stranger


def test_memory_state_is_refused_with_several_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from bot.app.cli import main

    monkeypatch.setenv("STATE_STORE", "memory")
    err = io.StringIO()
    assert main(["web", "--workers", "2"], out=io.StringIO(), err=err) == 2
    assert "STATE_STORE=memory" in err.getvalue()
