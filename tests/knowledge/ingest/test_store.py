"""Re-ingestion replaces a changed document and skips an unchanged one; bad files are named and skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import Session

from knowledge.ingest.store import ingest_paths, list_documents, list_sections
from tests.conftest import SEED


def test_changed_and_unchanged(engine, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "plan.txt"
    shutil.copy(SEED, doc)
    with Session(engine) as session:
        assert ingest_paths(session, [folder]).outcomes == {"plan": "added"}
        assert ingest_paths(session, [folder]).outcomes == {"plan": "unchanged"}
        before = len(list_sections(session, "plan"))
        text = doc.read_text(encoding="utf-8").replace("總數的10%", "總數的15%")
        doc.write_text(text.replace("掃一掃", "五、附則\n本方案自印發之日起施行。\n掃一掃"), encoding="utf-8")
        assert ingest_paths(session, [folder]).outcomes == {"plan": "replaced"}
        sections = list_sections(session, "plan")
        assert len(sections) == before + 1
        assert sections[-1].heading_s == "五、附则"
        assert "总数的15%" in next(s for s in sections if s.section_id == "3.4.11").text_s
        assert len(list_documents(session)) == 1


def test_bad_files_are_named_and_skipped(engine, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage" * 10)
    (folder / "broken.docx").write_bytes(b"not a zip file")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    with Session(engine) as session:
        report = ingest_paths(session, [folder, tmp_path / "missing.txt", tmp_path / "sheet.xlsx"])
    assert report.outcomes == {"good": "added"}
    names = sorted(error.split(":")[0].rsplit("/", 1)[-1] for error in report.errors)
    assert names == ["binary.txt", "broken.docx", "broken.pdf", "empty.md", "missing.txt", "sheet.xlsx"]


def test_html_docx_and_markdown(engine, tmp_path: Path) -> None:
    import docx

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.html").write_text(
        "<html><body><nav>首页 新闻</nav><h1>甲县招生办法</h1><p>一、总则</p><p>本办法适用于全县。</p></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    for line in ["乙县资助办法", "一、对象", "家庭经济困难学生。"]:
        document.add_paragraph(line)
    document.save(str(folder / "b.docx"))
    (folder / "c.md").write_text("丙县关爱方案\n\n一、目标\n\n关爱留守儿童。\n", encoding="utf-8")
    with Session(engine) as session:
        report = ingest_paths(session, [folder])
        assert report.errors == []
        titles = {d.doc_id: d.title for d in list_documents(session)}
        assert titles == {"a": "甲县招生办法", "b": "乙县资助办法", "c": "丙县关爱方案"}
        assert list_sections(session, "b")[0].text_s == "家庭经济困难学生。"


def test_a_metadata_sidecar_marks_a_document_superseded(engine, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "plan.txt")
    with Session(engine) as session:
        ingest_paths(session, [folder])
        assert list_documents(session)[0].status == "现行有效"
        (folder / "plan.meta.yaml").write_text("status: 已废止\n", encoding="utf-8")
        assert ingest_paths(session, [folder]).outcomes == {"plan": "replaced"}
        assert list_documents(session)[0].status == "已废止"
