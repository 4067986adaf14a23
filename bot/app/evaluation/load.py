"""`bench` load run: the web app in a subprocess on loopback, 20 concurrent clients, half the questions repeated;
throughput, latency percentiles and query-log rows against answers sent, for SQLite and PostgreSQL, with and
without a database outage (a loopback TCP proxy in front of PostgreSQL, stopped and restarted mid-run)."""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.app.evaluation.metrics import percentile
from bot.app.evaluation.tcp_proxy import TcpProxy
from bot.settings import Settings

if TYPE_CHECKING:
    import httpx

CLIENTS = 20
TOTAL = 400  # questions per run: half asked once, half drawn from 20 popular ones
HOT = 20
OUTAGE_SECONDS = 3.0
RUN_BOUND_SECONDS = 240.0  # one run never lasts longer than this
START_BOUND_SECONDS = 300.0
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
WORKERS = max(1, min(4, os.cpu_count() or 1))  # `web --workers N` with one worker per core (2 on the bench machine)


def question_mix(questions: list[str], total: int = TOTAL, hot: int = HOT, seed: int = 12) -> list[str]:
    """`total` questions, shuffled: half distinct (each asked once), half repeats of `hot` popular ones."""
    distinct = list(dict.fromkeys(q for q in questions if q.strip()))
    popular, rest = distinct[:hot], distinct[hot:]
    once = [rest[i % len(rest)] for i in range(total - total // 2)] if rest else []
    repeats = [popular[i % len(popular)] for i in range(total // 2)] if popular else []
    mix = once + repeats
    random.Random(seed).shuffle(mix)
    return mix


@dataclass
class Driven:
    latencies: list[float] = field(default_factory=list)  # ms, answered requests
    query_ids: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    outage: str = ""

    @property
    def answers(self) -> int:
        return len(self.query_ids)


async def drive(base_url: str, mix: list[str], clients: int = CLIENTS, proxy: TcpProxy | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> Driven:
    """Send `mix` with `clients` concurrent clients, each its own visitor: its own AsyncClient, so its own cookie
    jar (the `hy_visitor` cookie the first answer sets) and its own keep-alive connection; the clients take the
    next question from one shared queue. With `proxy`, stop it once 30 % are answered and restart it
    OUTAGE_SECONDS later. `transport`: for tests (an in-process app instead of the network)."""
    import httpx

    result = Driven()
    pending = iter(mix)
    done = asyncio.Event()

    async def client_loop() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base_url, timeout=60.0, limits=limits, transport=transport) as client:
            for question in pending:
                started = time.perf_counter()
                try:
                    response = await client.post("/api/ask", json={"question": question})
                    if response.status_code == 200 and response.json().get("query_id"):
                        result.latencies.append((time.perf_counter() - started) * 1000)
                        result.query_ids.append(str(response.json()["query_id"]))
                    else:
                        key = f"HTTP {response.status_code}"
                        result.errors[key] = result.errors.get(key, 0) + 1
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1

    async def outage() -> None:
        assert proxy is not None
        while len(result.query_ids) < len(mix) * 0.3 and not done.is_set():
            await asyncio.sleep(0.05)
        if done.is_set():
            return
        await proxy.stop()
        cut, before = time.perf_counter(), len(result.query_ids)  # counted at the cut, not once it is over
        await asyncio.sleep(OUTAGE_SECONDS)
        await proxy.start()
        result.outage = f"database cut for {time.perf_counter() - cut:.1f} s after {before} answers"

    started = time.perf_counter()
    cutter = asyncio.create_task(outage()) if proxy is not None else None
    try:
        await asyncio.wait_for(asyncio.gather(*(client_loop() for _ in range(clients))), RUN_BOUND_SECONDS)
    except TimeoutError:
        result.errors["run bound reached"] = 1
    result.seconds = time.perf_counter() - started
    done.set()
    if cutter is not None:
        await cutter
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def web_server(env: dict[str, str], log_path: Path, warmed: list[int] | None = None) -> Iterator[str]:
    """`python -m bot web` on a free loopback port; yields its base URL once it answers a question."""
    import httpx

    port = free_port()
    env = {**env, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port)}
    with log_path.open("ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "web"], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_BOUND_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the web app exited ({process.returncode}); see {log_path}")
            try:
                # warm-up, outside the mix: builds the service and loads the encoder
                if httpx.post(f"{base}/api/ask", json={"question": "义务教育阶段有哪些资助政策"}, timeout=120).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the web app did not answer within {START_BOUND_SECONDS:.0f} s; see {log_path}")
            time.sleep(0.5)
        extra = _warm_every_worker(base, max(1, int(env.get("WEB_WORKERS", "1") or 1)))
        if warmed is not None:
            warmed.append(1 + extra)  # logged questions that are not part of the measured mix
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# each holds 学生, one of the redaction's name cues: the question's redaction then needs jieba's tagger, which a
# worker loads in a background thread at start-up (about 1 s of CPU), so the worker has loaded it before the mix
WARM_UP = ("寄宿学生生活补助标准是多少", "随迁子女学生入学要带什么材料", "留守学生有人管吗", "学生资助怎么申请")


def _warm_every_worker(base: str, workers: int) -> int:
    """Each worker builds its service on its first question and loads the name tagger in the background: send a
    few at once so that every worker has answered, tagger loaded, before the measured mix (outside it, like the
    first warm-up question)."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def ask(question: str) -> None:
        with suppress(httpx.HTTPError):
            httpx.post(f"{base}/api/ask", json={"question": question}, timeout=120)

    with ThreadPoolExecutor(max_workers=4 * workers) as pool:
        list(pool.map(ask, [WARM_UP[i % len(WARM_UP)] for i in range(4 * workers)]))
    return 4 * workers


def count_log_rows(database_url: str, query_ids: list[str], warm_up: int = 1) -> tuple[int, int]:
    """(answers whose query id has a row, rows beyond one per answer sent) in a database that held only this run
    and its `warm_up` questions."""
    from sqlalchemy import text

    from bot.db import make_engine

    engine = make_engine(database_url)
    wanted = set(query_ids)
    try:
        with engine.connect() as connection:
            ids = [str(row[0]) for row in connection.execute(text("SELECT id FROM queries"))]
    finally:
        engine.dispose()
    found = wanted & set(ids)
    return len(found), max(len(ids) - len(found) - warm_up, 0)


def replay_spool(database_url: str, spool: Path) -> int:
    """What the server left spooled goes in now (as the next start-up would do); returns the count."""
    from bot.db import make_engine
    from bot.querylog import QueryLog

    if not spool.exists():
        return 0
    engine = make_engine(database_url)
    try:
        return QueryLog(engine, spool, "replay-only-never-keys-a-user", "bench").replay()
    finally:
        engine.dispose()


@contextmanager
def scratch_postgres(url: str) -> Iterator[str | None]:
    """A new database on the PostgreSQL server of `url` for one run, dropped afterwards; None when absent."""
    import psycopg

    from bot.db import normalise_url

    base = url.split("?", 1)[0]
    name = f"haiyuan_bench_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True, connect_timeout=3)
    except psycopg.Error:
        yield None
        return
    try:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        yield normalise_url(base.rsplit("/", 1)[0] + "/" + name)
    finally:
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        finally:
            admin.close()


def _line(label: str, driven: Driven, rows: tuple[int, int], spooled: int, out: TextIO) -> None:
    found, extra = rows
    lost = driven.answers - found
    rate = driven.answers / driven.seconds if driven.seconds else 0.0
    errors = ", ".join(f"{k} x{v}" for k, v in driven.errors.items()) or "no errors"
    lat = driven.latencies or [0.0]
    print(
        f"  {label:42} {rate:6.1f} answers/s   p50 {percentile(lat, 50):6.0f} ms   p95 {percentile(lat, 95):6.0f} ms"
        f"   p99 {percentile(lat, 99):6.0f} ms   log rows {found}/{driven.answers} answers: {lost} lost, {extra} duplicated"
        f" ({errors}{'; ' + str(spooled) + ' replayed from the spool after the run' if spooled else ''})",
        file=out,
    )
    if driven.outage:
        print(f"  {'':42} {driven.outage}", file=out)


def _env(settings: Settings, data_dir: Path, chroma_dir: Path, cache_size: int) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DATABASE_URL", "CHROMA_HOST", "USER_KEY_SECRET", "WEB_SESSION_SECRET", "TELEGRAM_BOT_TOKEN"):
        env.pop(key, None)
    env.update({
        "DATA_DIR": str(data_dir), "CHROMA_DIR": str(chroma_dir), "EMBEDDER": settings.embedder,
        "EMBEDDER_MODEL_PATH": settings.embedder_model_path, "EMBEDDING_CACHE_SIZE": str(cache_size),
        "RATE_LIMIT_PER_MINUTE": "1000000", "LOG_LEVEL": "WARNING",
    })
    return env


def _one_run(label: str, env: dict[str, str], database_url: str, data_dir: Path, mix: list[str], out: TextIO,
             proxy_target: tuple[str, int] | None = None) -> None:
    async def body(base: str, proxy: TcpProxy | None) -> Driven:
        return await drive(base, mix, CLIENTS, proxy)

    async def with_proxy() -> None:
        assert proxy_target is not None
        proxy = TcpProxy(*proxy_target)
        port = await proxy.start()
        served_url = _with_port(database_url, port)
        run_env = {**env, "DATABASE_URL": served_url}
        loop = asyncio.get_running_loop()
        # the server starts in a thread: its warm-up must not block the proxy that carries its database
        server = web_server(run_env, data_dir / "web.log", warmed)
        base = await loop.run_in_executor(None, server.__enter__)
        try:
            driven = await body(base, proxy)
        finally:
            await loop.run_in_executor(None, server.__exit__, None, None, None)
            await proxy.stop()
        results.append(driven)

    results: list[Driven] = []
    warmed: list[int] = []  # questions the server answered before the mix (logged too)
    if proxy_target is None:
        with web_server({**env, "DATABASE_URL": database_url}, data_dir / "web.log", warmed) as base:
            results.append(asyncio.run(body(base, None)))
    else:
        asyncio.run(with_proxy())
    driven = results[0]
    spooled = replay_spool(database_url, Settings(data_dir=data_dir).spool_path)
    _line(label, driven, count_log_rows(database_url, driven.query_ids, sum(warmed) or 1), spooled, out)


def _with_port(url: str, port: int) -> str:
    head, _, tail = url.partition("@")
    _, _, database = tail.partition("/")
    return f"{head}@127.0.0.1:{port}/{database}"


def run_load(settings: Settings, out: TextIO, questions: list[str], chroma_dir: Path | None = None,
             postgres_url: str = DEFAULT_POSTGRES) -> None:
    """The load run; `chroma_dir`: an index already built for the seed (else one is built first)."""
    mix = question_mix(questions)
    print(f"\nLoad run: web app (uvicorn) in a subprocess on loopback, EMBEDDER={settings.embedder}; {CLIENTS} concurrent"
          f" clients, each its own visitor (own cookie and keep-alive connection; its questions, unrelated to each"
          f" other, asked one after another in one conversation), taking the next of {len(mix)} shuffled questions"
          f" ({len(set(mix))} distinct; half are repeats of {HOT} popular ones):", file=out)
    with tempfile.TemporaryDirectory(prefix="haiyuan-load-") as tmp:
        root = Path(tmp)
        if chroma_dir is None:
            index_env = _env(settings, root / "index", root / "index" / "chroma", 0)
            subprocess.run([sys.executable, "-m", "bot", "ingest"], env=index_env, check=True, capture_output=True)
            chroma_dir = root / "index" / "chroma"
        size = settings.embedding_cache_size or 2048
        sqlite_runs = (("SQLite, query-vector cache off (baseline)", 0, 1), ("SQLite, query-vector cache on", size, 1),
                       (f"SQLite, cache on, {WORKERS} workers", size, WORKERS))
        for label, cache, workers in sqlite_runs:
            data = root / f"sqlite-{cache}-{workers}"
            data.mkdir()
            env = {**_env(settings, data, chroma_dir, cache), "WEB_WORKERS": str(workers)}
            _one_run(label, env, f"sqlite:///{data / 'assistant.db'}", data, mix, out)
        postgres_runs = (("PostgreSQL, cache on", False, 1), (f"PostgreSQL, cache on, {WORKERS} workers", False, WORKERS),
                         ("PostgreSQL, cache on, outage mid-run", True, 1))
        for label, outage, workers in postgres_runs:
            with scratch_postgres(postgres_url) as url:
                if url is None:
                    print(f"  {label:42} skipped: no PostgreSQL at {postgres_url.split('@')[-1]}", file=out)
                    continue
                data = root / f"pg-{int(outage)}-{workers}"
                data.mkdir()
                env = {**_env(settings, data, chroma_dir, size), "WEB_WORKERS": str(workers)}
                env.update({"USER_KEY_SECRET": secrets.token_urlsafe(32), "WEB_SESSION_SECRET": secrets.token_urlsafe(32)})
                target = _host_port(url) if outage else None
                _one_run(label, env, url, data, mix, out, proxy_target=target)
    print("  targets: >= 50 answers/s at 20 concurrent clients, p95 <= 1 s; 0 lost, 0 duplicated log rows", file=out)


def _host_port(url: str) -> tuple[str, int]:
    host_port = url.partition("@")[2].partition("/")[0]
    host, _, port = host_port.partition(":")
    return host, int(port or 5432)
