"""The runtime against a real Chroma server (`chroma run`, started here on a loopback port) and PostgreSQL
together: ingest, answer, re-ingest a changed document.

Skipped when PostgreSQL or the `chroma` command is absent, unless the CI environment variable is set: then it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from bot.answer import Asker
from bot.db import make_engine
from bot.settings import Settings

PG_URL = os.environ.get("QUERYLOG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

pytestmark = pytest.mark.postgres

FIRST = (
    "海原县学生资助实施办法\n\n一、资助对象\n\n家庭经济困难的义务教育阶段寄宿生。\n\n"
    "二、资助标准\n\n寄宿生生活补助每生每年一千元，按学期发放。\n\n三、申请时间\n\n每年九月开学后两周内向学校提出申请。\n"
)
CHANGED = (  # 二 changed, 三 removed
    "海原县学生资助实施办法\n\n一、资助对象\n\n家庭经济困难的义务教育阶段寄宿生。\n\n"
    "二、资助标准\n\n寄宿生生活补助每生每年一千五百元，按学期发放。\n"
)


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available")


def _chroma_command() -> str:
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        _missing("the `chroma` command (from the installed chromadb)")
    return str(found)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    import httpx

    command = _chroma_command()
    port = _free_port()
    log = (tmp_path / "chroma.log").open("wb")
    process = subprocess.Popen(
        [command, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=log, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (tmp_path / "chroma.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "chroma run did not come up within 90 s"
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error:
        _missing("PostgreSQL at 127.0.0.1:5432")
    schema = f"chroma_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[arg-type]
    engine = make_engine(PG_URL, connect_args={"connect_timeout": 3, "options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')  # type: ignore[arg-type]


def test_ingest_answer_and_reingest_a_changed_document(chroma_server: int, pg_engine: Engine, tmp_path: Path) -> None:
    import chromadb

    from bot.app.runtime import build_runtime

    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "aid.md"
    doc.write_text(FIRST, encoding="utf-8")
    collection = f"t{uuid.uuid4().hex[:8]}"
    settings = Settings(
        data_dir=tmp_path / "d", knowledge_dir=docs, embedder="fake", database_url=PG_URL,
        chroma_host="127.0.0.1", chroma_port=chroma_server, chroma_collection=collection,
        user_key_secret=SecretStr("chroma-test-secret-0123456789"),
        web_session_secret=SecretStr("chroma-test-session-0123456789"),
    )
    asker = Asker("web", "visitor")
    server = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)

    def stored_sections() -> set[str]:
        (name,) = [c.name for c in server.list_collections() if c.name.startswith(collection)]
        got = server.get_collection(name).get(include=["metadatas"])
        return {str(m["section_id"]) for m in got["metadatas"] or [] if m and m.get("doc_id") == "aid"}

    first = build_runtime(settings, show_progress=False, engine=pg_engine)
    assert first.database_ok
    assert stored_sections() == {"1", "2", "3"}  # embedded into the server's collection
    answer = first.core.ask("寄宿生生活补助标准是多少", asker)
    assert answer.answered and answer.sources[0].section_id == "2"
    assert "每生每年一千元" in answer.text
    when = first.core.ask("资助申请时间是什么时候", asker)
    assert when.answered and when.sources[0].section_id == "3" and "九月" in when.text

    doc.write_text(CHANGED, encoding="utf-8")
    second = build_runtime(settings, show_progress=False, engine=pg_engine)  # start-up re-ingests what changed
    assert stored_sections() == {"1", "2"}  # the removed section left the server's collection
    changed = second.core.ask("寄宿生生活补助标准是多少", asker)
    assert changed.answered and changed.sources[0].section_id == "2"
    assert "每生每年一千五百元" in changed.text and "每生每年一千元" not in changed.text
    gone = second.core.ask("资助申请时间是什么时候", asker)
    assert "九月" not in gone.text and all(s.section_id != "3" for s in gone.sources if s.doc_id == "aid")

    third = build_runtime(settings, show_progress=False, engine=pg_engine)  # unchanged: from the vector sidecar
    assert type(third.retriever.vectors).__name__ == "MatrixVectors"
    again = third.core.ask("寄宿生生活补助标准是多少", asker)
    assert again.text == changed.text
