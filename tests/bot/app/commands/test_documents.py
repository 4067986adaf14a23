"""`documents …` and `staff …` in process: the lifecycle from the command line, with exact JSON."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from upload_files import NOTICE_TXT, blank_pdf

from bot.app.cli import main

ROOT = Path(__file__).resolve().parents[4]
SAMPLE = ROOT / "knowledge" / "documents" / "010_sample_notice_2026.txt"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    shutil.copy(SAMPLE, shipped)
    shutil.copy(SAMPLE.with_name("010_sample_notice_2026.meta.yaml"), shipped)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(shipped))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "documents-cli-user-key-0123456789")
    return tmp_path


def run(*argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _listing() -> list[dict[str, object]]:
    code, out, _ = run("documents", "list", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)["documents"]
    return rows


def test_lifecycle_from_the_command_line(cli_env: Path) -> None:
    assert run("ingest")[0] == 0
    upload = cli_env / "通知.txt"
    upload.write_text(NOTICE_TXT, encoding="utf-8")
    code, out, _ = run("documents", "add", str(upload), "--by", "马老师")
    assert code == 0
    doc_id = re.match(r"(upload-[0-9a-f]{12})  草稿", out).group(1)  # type: ignore[union-attr]
    assert "       1  一、第一件事" in out and "       2  二、第二件事" in out
    assert "简称“通知”太笼统" in out

    assert run("documents", "edit", doc_id, "--short-title", "测试通知", "--issued", "2026-06-02")[0] == 0
    code, out, _ = run("documents", "publish", doc_id, "--by", "马老师")
    assert code == 0 and f"{doc_id}: 已发布（现行有效）" in out and "index:" in out
    rows = {row["doc_id"]: row for row in _listing()}
    added_at = rows[doc_id].pop("added_at")
    assert isinstance(added_at, str) and added_at.startswith("20")
    assert rows[doc_id] == {
        "doc_id": doc_id, "title": "海原县教育体育局关于做好测试工作的通知", "short_title": "测试通知",
        "number": "海教体发〔2026〕9号", "issuer": "海原县教育体育局", "issued": "2026-06-02", "status": "现行有效",
        "origin": "upload", "effective_from": "", "superseded_by": "", "sections": 3, "added_by": "马老师",
    }
    assert rows["010_sample_notice_2026"]["status"] == "现行有效" and rows["010_sample_notice_2026"]["added_by"] == ""

    code, out, _ = run("documents", "supersede", doc_id, "--replaces", "010_sample_notice_2026", "--from", "2026-09-01")
    assert code == 0 and f"{doc_id} 自 2026-09-01 起替代 010_sample_notice_2026（已被替代）" in out
    code, out, _ = run("knowledge", "show", "--json")
    statuses = {doc["doc_id"]: doc["status"] for doc in json.loads(out)["documents"]}
    assert statuses == {"010_sample_notice_2026": "已被替代", doc_id: "现行有效"}

    assert run("documents", "withdraw", doc_id)[1].startswith(f"{doc_id}: 已废止")
    code, _, err = run("documents", "withdraw", doc_id)
    assert code == 1 and "只有现行有效或已被替代的文件可以废止" in err
    assert run("documents", "delete", doc_id)[0] == 0
    assert [row["doc_id"] for row in _listing()] == ["010_sample_notice_2026"]
    assert run("ingest")[1].startswith("010_sample_notice_2026: 未变化，跳过")  # the supersession stands


def test_a_bad_upload_stores_nothing(cli_env: Path) -> None:
    scanned = cli_env / "扫描件.pdf"
    scanned.write_bytes(blank_pdf(2))
    code, out, err = run("documents", "add", str(scanned))
    assert code == 1 and out == ""
    assert "没有文字层" in err
    assert _listing() == []
    uploads = cli_env / "data" / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_deleted_shipped_file_is_pruned_by_ingest(cli_env: Path) -> None:
    run("ingest")
    (cli_env / "shipped" / SAMPLE.name).unlink()
    code, out, _ = run("ingest")
    assert code == 0
    assert "010_sample_notice_2026: 文件已不在知识目录，已从数据库和索引中移除 (removed)" in out
    assert _listing() == []


def test_staff_accounts(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("staff", "add", "马老师", "--password-stdin", stdin="长城长城12345\n", monkeypatch=monkeypatch)
    assert (code, out) == (0, "马老师: 账号已添加\n")
    code, _, err = run("staff", "add", "李科长", "--password-stdin", stdin="short\n", monkeypatch=monkeypatch)
    assert code == 1 and "密码至少 8 位" in err
    assert run("staff", "list")[1].startswith("马老师  20")
    assert run("staff", "remove", "马老师")[1] == "马老师: 账号已删除\n"
    code, _, err = run("staff", "remove", "马老师")
    assert code == 1 and "没有账号 马老师" in err
