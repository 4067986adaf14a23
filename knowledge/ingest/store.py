"""Store processed documents: replace a changed version, skip an unchanged one (content hash)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlmodel import Session, delete, select

from knowledge.ingest.document import ProcessedDocument, doc_id_for, file_digest, process_file
from knowledge.ingest.formats import SUPPORTED, UnreadableDocument
from knowledge.models import (
    DRAFT,
    SHIPPED,
    SUPERSEDED,
    UPLOADED,
    WITHDRAWN,
    Document,
    Section,
    ShippedDecision,
)

Outcome = Literal["added", "replaced", "unchanged", "withheld", "removed"]
DECISION_STATUS = {"withdraw": WITHDRAWN, "supersede": SUPERSEDED}


def save_document(session: Session, processed: ProcessedDocument, commit: bool = True) -> Outcome:
    new = processed.document
    old = session.get(Document, new.doc_id)
    if old is not None and old.content_hash == new.content_hash:
        return "unchanged"
    if old is not None:
        remove_document(session, new.doc_id, commit=False)
    session.add(Document.model_validate(new.model_dump()))
    session.flush()
    for section in processed.sections:
        session.add(Section.model_validate(section.model_dump()))
    if commit:
        session.commit()
    return "replaced" if old is not None else "added"


def remove_document(session: Session, doc_id: str, commit: bool = True) -> bool:
    """The document and its sections leave the database (the index follows at its next sync)."""
    doc = session.get(Document, doc_id)
    if doc is None:
        return False
    session.exec(delete(Section).where(Section.doc_id == doc_id))  # type: ignore[call-overload,arg-type]
    session.delete(doc)
    session.flush()
    if commit:
        session.commit()
    return True


def list_documents(session: Session, include_drafts: bool = True) -> list[Document]:
    query = select(Document).order_by(Document.doc_id)
    if not include_drafts:
        query = query.where(Document.status != DRAFT)
    return list(session.exec(query))


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


def _under(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def ingest_paths(session: Session, paths: Iterable[Path], shipped_dir: Path | None = None) -> IngestReport:
    """Add or replace what changed. Files under `shipped_dir` (KNOWLEDGE_DIR) ship with the project: a staff
    decision kept by their content hash (withdrawn, superseded, deleted) stands; a shipped document whose file
    is gone is removed when `shipped_dir` itself is ingested. Other paths are kept like uploads."""
    report = IngestReport()
    paths = list(paths)
    found = discover(paths)
    for path in found:
        try:
            digest = file_digest(path)
            existing = session.get(Document, doc_id_for(path))
            if existing is not None and existing.content_hash == digest:
                report.outcomes[existing.doc_id] = "unchanged"
                continue
            decision = session.get(ShippedDecision, digest)
            if decision is not None and decision.decision == "delete":
                report.outcomes[decision.doc_id] = "withheld"
                continue
            processed = process_file(path)
        except UnreadableDocument as exc:
            report.errors.append(str(exc))
            continue
        except OSError as exc:
            report.errors.append(f"{path}: cannot be read ({exc})")
            continue
        origin = SHIPPED if _under(path, shipped_dir) else UPLOADED
        updates: dict[str, object] = {"origin": origin}
        if decision is not None:
            updates.update(status=DECISION_STATUS.get(decision.decision, WITHDRAWN), superseded_by=decision.superseded_by)
        processed.document = processed.document.model_copy(update=updates)
        report.outcomes[processed.document.doc_id] = save_document(session, processed)
    if shipped_dir is not None and any(p.resolve() == shipped_dir.resolve() for p in paths):
        present = {doc_id_for(path) for path in found}
        for doc in list_documents(session):
            if doc.origin == SHIPPED and doc.doc_id not in present:
                remove_document(session, doc.doc_id)
                report.outcomes[doc.doc_id] = "removed"
    return report

