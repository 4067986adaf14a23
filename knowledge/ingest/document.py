"""Turn one file into a document record and its sections (pure: no database)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.ingest.clean import clean_lines
from knowledge.ingest.formats import read_text
from knowledge.ingest.repairs import repair_lines
from knowledge.ingest.script import to_simplified
from knowledge.ingest.structure import parse_document
from knowledge.models import DocumentCreate, SectionCreate


@dataclass
class ProcessedDocument:
    document: DocumentCreate
    sections: list[SectionCreate]


def doc_id_for(path: Path) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", path.stem).strip("-") or "document"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(date_text: str) -> str:
    match = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", date_text)
    return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}" if match else ""


META_FIELDS = ("title", "short_title", "number", "issuer", "issued", "published", "recipients", "status")
GENRES = ("实施方案", "实施意见", "实施细则", "办法", "意见", "规定", "细则", "条例", "规划", "决定", "通知", "方案", "公告", "通告", "指南", "章程")


def short_title_for(title: str) -> str:
    """A short name to cite by when the metadata gives none: the document's genre (…实施方案 → 实施方案)."""
    plain = re.sub(r"[（(].*?[）)]$", "", title.strip())
    return next((genre for genre in GENRES if plain.endswith(genre)), plain[-12:])


def sidecar(path: Path) -> Path:
    """`plan.txt` may carry `plan.meta.yaml`: metadata the text cannot tell, such as 已废止 (superseded)."""
    return path.with_name(f"{path.stem}.meta.yaml")


def file_digest(path: Path) -> str:
    data = path.read_bytes()
    meta = sidecar(path)
    return content_hash(data + (meta.read_bytes() if meta.exists() else b""))


def process_file(path: Path) -> ProcessedDocument:
    raw = read_text(path)
    processed = process_text(raw, doc_id=doc_id_for(path), source_path=str(path), digest=file_digest(path))
    meta = sidecar(path)
    if meta.exists():
        from knowledge.yamlload import safe_load

        values = safe_load(meta.read_text(encoding="utf-8")) or {}
        updates: dict[str, object] = {key: str(values[key]) for key in META_FIELDS if key in values and values[key] is not None}
        if "verified" in values:
            updates["verified"] = bool(values["verified"])
        processed.document = processed.document.model_copy(update=updates)
    if not processed.document.short_title:
        processed.document.short_title = short_title_for(processed.document.title)
    return processed


def process_text(raw: str, doc_id: str, source_path: str = "", digest: str = "") -> ProcessedDocument:
    cleaned = clean_lines(raw)
    lines, repairs = repair_lines(cleaned.lines)
    parsed = parse_document(lines)
    traditional = to_simplified(parsed.text) != parsed.text
    document = DocumentCreate(
        doc_id=doc_id,
        title=to_simplified(parsed.title),
        issuer=to_simplified(parsed.issuer or cleaned.meta.get("source", "") or cleaned.meta.get("author", "")),
        number=to_simplified(parsed.number),
        issued=parsed.signed,
        published=_iso(cleaned.meta.get("published", "")),
        recipients=to_simplified(parsed.recipients),
        source_path=source_path,
        content_hash=digest or content_hash(raw.encode("utf-8")),
        script="traditional" if traditional else "simplified",
        repairs=[repair.as_dict() for repair in repairs],
    )
    sections = [
        SectionCreate(
            doc_id=doc_id,
            section_id=section.section_id,
            parent_id=section.parent_id,
            position=position,
            level=section.level,
            kind=section.kind,
            number=to_simplified(section.number),
            heading=section.heading,
            heading_s=to_simplified(section.heading),
            text=section.text,
            text_s=to_simplified(section.text),
            start=section.start,
            end=section.end,
            path=section.path,
            path_s=[to_simplified(p) for p in section.path],
        )
        for position, section in enumerate(parsed.sections)
    ]
    return ProcessedDocument(document=document, sections=sections)
