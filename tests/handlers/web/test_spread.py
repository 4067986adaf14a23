"""Keep-alive connections spread over the workers: slots in the shared file, and `Connection: close` from a
worker that holds more requests than the least loaded one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.settings import Settings
from handlers.web import create_app
from handlers.web.spread import MARGIN, SpreadConnections, WorkerLoads, create_loads, loads_path
from retrieval.embedders import FakeEmbedder

from .fakes import FakeService


def _loads(path: Path, workers: int = 2) -> WorkerLoads:
    create_loads(path, workers)
    return WorkerLoads(path)


def test_each_worker_claims_its_own_slot_and_a_dead_workers_slot_is_claimed_again(tmp_path: Path) -> None:
    path = tmp_path / "web.load"
    first = _loads(path)
    second = WorkerLoads(path)
    third = WorkerLoads(path)
    assert (first.slot, second.slot, third.slot) == (0, 1, -1)
    third.started()
    assert not third.over_share()  # without a slot it never closes connections
    second.close()
    again = WorkerLoads(path)
    assert again.slot == 1


def test_the_slot_lock_is_held_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "web.load"
    create_loads(path, 2)
    code = ("import sys, time; from pathlib import Path; from handlers.web.spread import WorkerLoads; "
            "w = WorkerLoads(Path(sys.argv[1])); print(w.slot, flush=True); time.sleep(30)")
    other = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[3])
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "0"
        assert WorkerLoads(path).slot == 1
    finally:
        other.kill()
        other.wait()
    assert WorkerLoads(path).slot == 0  # freed by the other process's death


def test_over_share_compares_with_the_least_loaded_other_worker(tmp_path: Path) -> None:
    path = tmp_path / "web.load"
    busy, idle = _loads(path), WorkerLoads(path)
    for _ in range(MARGIN - 1):
        busy.started()
    assert not busy.over_share()
    busy.started()
    assert busy.over_share() and not idle.over_share()
    idle.started()
    assert not busy.over_share()
    busy.finished()
    assert busy.counts() == [MARGIN - 1, 1]


def test_a_fresh_file_forgets_the_counts_of_an_earlier_run(tmp_path: Path) -> None:
    path = tmp_path / "web.load"
    old = _loads(path)
    old.started()
    old.close()
    create_loads(path, 3)
    assert WorkerLoads(path).counts() == [0, 0, 0]


def test_a_worker_over_its_share_answers_with_connection_close(tmp_path: Path) -> None:
    path = tmp_path / "web.load"
    mine, other = _loads(path), WorkerLoads(path)
    inner = FastAPI()

    @inner.get("/ping")
    def ping() -> dict[str, int]:
        return {"in_flight": mine.in_flight}

    client = TestClient(SpreadConnections(inner, mine))
    balanced = client.get("/ping")
    assert balanced.json() == {"in_flight": 1} and "connection" not in balanced.headers
    for _ in range(MARGIN - 1):
        mine.started()  # requests still running on this worker
    loaded = client.get("/ping")
    assert loaded.headers["connection"] == "close"
    other.started()
    other.started()
    assert "connection" not in client.get("/ping").headers
    assert mine.in_flight == MARGIN - 1  # every finished request left the count


def test_only_an_app_of_several_workers_spreads(tmp_path: Path, web_engine: Engine) -> None:
    def build(workers: int) -> FastAPI:
        settings = Settings(data_dir=tmp_path / "data", web_port=8123, web_workers=workers,
                            web_session_secret="spread-test-secret")
        return create_app(settings, service=FakeService(web_engine, tmp_path / "spool.jsonl"), engine=web_engine,
                          embedder=FakeEmbedder())

    create_loads(loads_path(tmp_path / "data", 8123), 2)
    assert not any(m.cls is SpreadConnections for m in build(1).user_middleware)
    assert any(m.cls is SpreadConnections for m in build(2).user_middleware)


def test_questions_are_answered_on_a_few_threads_per_core_of_the_workers_share() -> None:
    from handlers.web.state import ASK_THREADS_PER_CORE, MIN_ASK_THREADS, ask_threads

    assert ask_threads(1, cores=8) == 8 * ASK_THREADS_PER_CORE
    assert ask_threads(2, cores=8) == 4 * ASK_THREADS_PER_CORE
    assert ask_threads(2, cores=2) == ask_threads(4, cores=2) == MIN_ASK_THREADS


def test_no_more_questions_than_the_cap_run_at_once(tmp_path: Path, web_engine: Engine) -> None:
    import threading
    import time

    from bot.answer import Answer, Asker

    running, most = 0, 0
    lock = threading.Lock()

    class Slow(FakeService):
        def ask(self, question: str, asker: Asker) -> Answer:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1
            return super().ask(question, asker)

    settings = Settings(data_dir=tmp_path / "data", web_session_secret="spread-test-secret", rate_limit_per_minute=1000)
    app = create_app(settings, service=Slow(web_engine, tmp_path / "spool.jsonl"), engine=web_engine,
                     embedder=FakeEmbedder())
    app.state.web.ask_threads.total_tokens = 2
    with TestClient(app) as client:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(6) as pool:
            codes = list(pool.map(lambda i: client.post("/api/ask", json={"question": f"问题{i}"}).status_code, range(6)))
    assert codes == [200] * 6 and most == 2
