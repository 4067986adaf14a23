"""Store processed documents: replace a changed version, skip an unchanged one (content hash)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlmodel import Session, delete, select

from knowledge.ingest.document import ProcessedDocument, doc_id_for, file_digest, process_file
from knowledge.ingest.formats import SUPPORTED, UnreadableDocument
from knowledge.models import Document, Section

Outcome = Literal["added", "replaced", "unchanged"]


def save_document(session: Session, processed: ProcessedDocument) -> Outcome:
    new = processed.document
    old = session.get(Document, new.doc_id)
    if old is not None and old.content_hash == new.content_hash:
        return "unchanged"
    if old is not None:
        session.exec(delete(Section).where(Section.doc_id == new.doc_id))  # type: ignore[call-overload,arg-type]
        session.delete(old)
        session.flush()
    session.add(Document.model_validate(new.model_dump()))
    session.flush()
    for section in processed.sections:
        session.add(Section.model_validate(section.model_dump()))
    session.commit()
    return "replaced" if old is not None else "added"


def list_documents(session: Session) -> list[Document]:
    return list(session.exec(select(Document).order_by(Document.doc_id)))


def list_sections(session: Session, doc_id: str | None = None) -> list[Section]:
    query = select(Section).order_by(Section.doc_id, Section.position)  # type: ignore[arg-type]
    if doc_id is not None:
        query = query.where(Section.doc_id == doc_id)
    return list(session.exec(query))


@dataclass
class IngestReport:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(outcome != "unchanged" for outcome in self.outcomes.values())


def discover(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith((".", "README")) and p.suffix.lower() in SUPPORTED
            )
        else:
            found.append(path)
    return found


def ingest_paths(session: Session, paths: Iterable[Path]) -> IngestReport:
    report = IngestReport()
    for path in discover(paths):
        try:
            existing = session.get(Document, doc_id_for(path))
            if existing is not None and path.is_file() and existing.content_hash == file_digest(path):
                report.outcomes[existing.doc_id] = "unchanged"
                continue
            processed = process_file(path)
        except UnreadableDocument as exc:
            report.errors.append(str(exc))
            continue
        except OSError as exc:
            report.errors.append(f"{path}: cannot be read ({exc})")
            continue
        report.outcomes[processed.document.doc_id] = save_document(session, processed)
    return report
