"""The document lifecycle in the core: drafts, edits, publish, supersede, withdraw, delete; audit trail, index
version, staff decisions about shipped files kept by content hash, and `ingest` pruning only KNOWLEDGE_DIR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from upload_files import NOTICE_TXT, docx_bytes

from bot.documents import lifecycle
from bot.documents.lifecycle import LifecycleError
from bot.index_version import current_version
from knowledge.ingest.store import ingest_paths, list_documents, list_sections
from knowledge.ingest.upload import UploadRejected
from retrieval.corpus import load_section_refs

ROOT = Path(__file__).resolve().parents[3]
NOTICE = ROOT / "knowledge" / "documents" / "010_sample_notice_2026.txt"


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(NOTICE, folder / NOTICE.name)
    shutil.copy(NOTICE.with_name("010_sample_notice_2026.meta.yaml"), folder)
    return folder


def _draft(session: Session, tmp_path: Path, text: str = NOTICE_TXT, name: str = "测试通知.txt") -> str:
    return lifecycle.add_draft(session, tmp_path / "uploads", name, text.encode("utf-8"), "马老师").document.doc_id


def _statuses(session: Session) -> dict[str, str]:
    return {doc.doc_id: doc.status for doc in list_documents(session)}


def test_upload_becomes_a_draft_with_outline_that_does_not_answer(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        preview = lifecycle.add_draft(session, tmp_path / "uploads", "测试通知.txt", NOTICE_TXT.encode(), "马老师")
        doc = preview.document
        assert (doc.status, doc.origin, doc.added_by, doc.number, doc.issued) == ("草稿", "upload", "马老师", "海教体发〔2026〕9号", "2026-06-01")
        assert [s.section_id for s in preview.sections] == ["notice", "1", "2"]
        assert [a.action for a in preview.actions] == ["upload"]
        assert load_section_refs(session) == []  # a draft is never indexed
        assert current_version(session) == 0
        with pytest.raises(UploadRejected, match="已经上传过"):
            _draft(session, tmp_path)


def test_preview_warns_about_missing_structure_and_duplicates(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        first = _draft(session, tmp_path)
        flat = lifecycle.add_draft(session, tmp_path / "uploads", "flat.docx", docx_bytes(["一段没有编号的文字。"]), "马老师")
        assert any("没有识别出条目结构" in w for w in flat.warnings)
        again = _draft(session, tmp_path, NOTICE_TXT.replace("10日内", "15日内"), "改过的.txt")
        warnings = lifecycle.preview(session, again).warnings
        assert any("可能与已有文件重复" in w and first in w and "文号相同" in w for w in warnings)


def test_publish_supersede_withdraw_delete_are_recorded_and_bump_the_version(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        old = _draft(session, tmp_path)
        lifecycle.edit_metadata(session, old, "马老师", short_title="《测试通知》", issued="2026年6月1日")
        assert current_version(session) == 0  # editing a draft changes nothing that answers
        lifecycle.publish(session, old, "马老师")
        assert current_version(session) == 1 and _statuses(session)[old] == "现行有效"
        refs = load_section_refs(session)
        assert {r.short_title for r in refs} == {"测试通知"} and all(r.status == "现行有效" for r in refs)
        new = _draft(session, tmp_path, NOTICE_TXT.replace("12%", "13%"), "更正.txt")
        lifecycle.supersede(session, new, old, "李科长", "2026-06-15")
        assert _statuses(session) == {old: "已被替代", new: "现行有效"}
        assert session.get(type(lifecycle.preview(session, old).document), old).superseded_by == new  # type: ignore[union-attr]
        with pytest.raises(LifecycleError, match="只有草稿可以发布"):
            lifecycle.publish(session, new, "马老师")
        lifecycle.withdraw(session, new, "李科长")
        assert _statuses(session)[new] == "已废止"
        lifecycle.delete(session, new, "李科长")
        assert new not in _statuses(session) and list_sections(session, new) == []
        trail = [(a.doc_id, a.action, a.actor) for a in lifecycle.history(session)]
        assert trail == [
            (old, "upload", "马老师"), (old, "edit", "马老师"), (old, "publish", "马老师"), (new, "upload", "马老师"),
            (new, "publish", "李科长"), (old, "supersede", "李科长"), (new, "supersede", "李科长"),
            (new, "withdraw", "李科长"), (new, "delete", "李科长"),
        ]
        assert current_version(session) == 4
        assert not (tmp_path / "uploads" / f"{new}.txt").exists()


def test_bad_dates_and_states_are_refused(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        doc = _draft(session, tmp_path)
        with pytest.raises(LifecycleError, match="看不懂"):
            lifecycle.edit_metadata(session, doc, "x", issued="去年")
        with pytest.raises(LifecycleError, match="只有现行有效或已被替代"):
            lifecycle.withdraw(session, doc, "x")
        with pytest.raises(LifecycleError, match="没有编号为 nope"):
            lifecycle.publish(session, "nope", "x")


def test_reingesting_an_unchanged_file_is_a_no_op(engine: Engine, shipped: Path) -> None:
    with Session(engine) as session:
        assert ingest_paths(session, [shipped], shipped_dir=shipped).outcomes == {"010_sample_notice_2026": "added"}
        before = session.get(type(list_documents(session)[0]), "010_sample_notice_2026").ingested_at  # type: ignore[union-attr]
        assert ingest_paths(session, [shipped], shipped_dir=shipped).outcomes == {"010_sample_notice_2026": "unchanged"}
        assert list_documents(session)[0].ingested_at == before


def test_a_deleted_file_leaves_with_ingest_but_uploads_stay(engine: Engine, shipped: Path, tmp_path: Path) -> None:
    with Session(engine) as session:
        ingest_paths(session, [shipped], shipped_dir=shipped)
        upload = _draft(session, tmp_path)
        lifecycle.publish(session, upload, "马老师")
        (shipped / NOTICE.name).unlink()
        report = ingest_paths(session, [shipped], shipped_dir=shipped)
        assert report.outcomes == {"010_sample_notice_2026": "removed"}
        assert set(_statuses(session)) == {upload}
        assert list_sections(session, "010_sample_notice_2026") == []


def test_ingest_of_another_path_prunes_nothing(engine: Engine, shipped: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "extra.txt").write_text(NOTICE_TXT, encoding="utf-8")
    with Session(engine) as session:
        ingest_paths(session, [shipped], shipped_dir=shipped)
        report = ingest_paths(session, [other / "extra.txt"], shipped_dir=shipped)
        assert report.outcomes == {"extra": "added"}
        assert _statuses(session) == {"010_sample_notice_2026": "现行有效", "extra": "现行有效"}
        assert list_documents(session)[1].origin == "upload"


@pytest.mark.parametrize(("action", "status"), [("withdraw", "已废止"), ("delete", None)])
def test_staff_decisions_about_shipped_files_survive_start_up(engine: Engine, shipped: Path, tmp_path: Path,
                                                              action: str, status: str | None) -> None:
    with Session(engine) as session:
        ingest_paths(session, [shipped], shipped_dir=shipped)
        getattr(lifecycle, action)(session, "010_sample_notice_2026", "马老师")
        report = ingest_paths(session, [shipped], shipped_dir=shipped)  # what start-up does
        assert report.outcomes == {"010_sample_notice_2026": "unchanged" if status else "withheld"}
        assert _statuses(session).get("010_sample_notice_2026") == status
        if status:  # even if the row went, the decision brings it back withdrawn, not in force
            from knowledge.ingest.store import remove_document

            remove_document(session, "010_sample_notice_2026")
            ingest_paths(session, [shipped], shipped_dir=shipped)
            assert _statuses(session)["010_sample_notice_2026"] == status


def test_a_superseded_shipped_file_stays_superseded(engine: Engine, shipped: Path, tmp_path: Path) -> None:
    with Session(engine) as session:
        ingest_paths(session, [shipped], shipped_dir=shipped)
        new = _draft(session, tmp_path)
        lifecycle.supersede(session, new, "010_sample_notice_2026", "马老师")
        from knowledge.ingest.store import remove_document

        remove_document(session, "010_sample_notice_2026")
        ingest_paths(session, [shipped], shipped_dir=shipped)
        doc = list_documents(session)[0]
        assert (doc.doc_id, doc.status, doc.superseded_by) == ("010_sample_notice_2026", "已被替代", new)
