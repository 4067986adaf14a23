"""The document lifecycle in the core: a draft from an upload (parsed, not indexed), metadata edits, publish,
supersede, withdraw and delete. Every action is recorded with who and when, and bumps the index version
when what answers changes. Functions take a session; nothing here knows a channel."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from bot.documents.models import (
    DELETED,
    EDITED,
    PUBLISHED,
    SUPERSEDED,
    UPLOADED,
    WITHDRAWN,
    DocumentAction,
)
from bot.index_version import bump_version
from knowledge.ingest.document import process_file
from knowledge.ingest.formats import UnreadableDocument
from knowledge.ingest.store import list_documents, list_sections, remove_document, save_document
from knowledge.ingest.upload import MAX_UPLOAD_BYTES, UploadRejected, check_upload
from knowledge.models import DRAFT, IN_FORCE, SHIPPED, Document, Section, ShippedDecision
from knowledge.models import SUPERSEDED as STATUS_SUPERSEDED
from knowledge.models import UPLOADED as ORIGIN_UPLOAD
from knowledge.models import WITHDRAWN as STATUS_WITHDRAWN

EDITABLE = ("title", "short_title", "number", "issued")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBERED_KINDS = {"chapter", "section", "article", "cn", "paren_cn", "arabic", "paren_arabic", "circled"}


class LifecycleError(Exception):
    """An action that cannot be done in the document's state; str(exc) is a Chinese message."""


@dataclass
class Preview:
    """What staff see before publishing: the outline, repairs, metadata found, warnings."""

    document: Document
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)
    actions: list[DocumentAction] = field(default_factory=list)


def record(session: Session, doc_id: str, action: str, actor: str, **detail: object) -> None:
    session.add(DocumentAction(doc_id=doc_id, action=action, actor=(actor or "cli")[:80], detail=dict(detail)))


def _get(session: Session, doc_id: str) -> Document:
    doc = session.get(Document, doc_id.strip())
    if doc is None:
        raise LifecycleError(f"没有编号为 {doc_id} 的文件。")
    return doc


def _iso_date(text: str) -> str:
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?", text)
    if not match:
        raise LifecycleError(f"日期“{text}”看不懂，请写成 2026-05-20 或 2026年5月20日。")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError as exc:
        raise LifecycleError(f"日期“{text}”不存在。") from exc


def add_draft(session: Session, upload_dir: Path, filename: str, data: bytes, actor: str,
              max_bytes: int = MAX_UPLOAD_BYTES) -> Preview:
    """Check and parse an upload into a draft (草稿): stored with its sections, not answering, not indexed.
    A refused upload stores nothing (UploadRejected)."""
    checked = check_upload(filename, data, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    doc_id = f"upload-{digest[:12]}"
    existing = session.get(Document, doc_id)
    if existing is not None:
        raise UploadRejected(f"这个文件已经上传过：{existing.title or existing.doc_id}（编号 {doc_id}，{existing.status}）。")
    upload_dir.mkdir(parents=True, exist_ok=True)
    path = upload_dir / f"{doc_id}{checked.suffix}"
    path.write_bytes(data)
    try:
        processed = process_file(path)
    except UnreadableDocument as exc:
        path.unlink(missing_ok=True)
        raise UploadRejected(f"文件无法解析：{str(exc).split(': ', 1)[-1]}") from exc
    processed.document = processed.document.model_copy(
        update={"doc_id": doc_id, "status": DRAFT, "origin": ORIGIN_UPLOAD, "added_by": actor, "source_path": str(path)}
    )
    for section in processed.sections:
        section.doc_id = doc_id
    try:
        save_document(session, processed, commit=False)
        record(session, doc_id, UPLOADED, actor, filename=Path(filename).name[:200], warnings=checked.warnings)
        session.commit()
    except Exception:
        session.rollback()
        path.unlink(missing_ok=True)
        raise
    return preview(session, doc_id)


def preview(session: Session, doc_id: str) -> Preview:
    doc = _get(session, doc_id)
    sections = list_sections(session, doc.doc_id)
    actions = list(session.exec(select(DocumentAction).where(DocumentAction.doc_id == doc.doc_id)
                                .order_by(DocumentAction.at)))  # type: ignore[arg-type]
    warnings: list[str] = []
    for action in actions:
        if action.action == UPLOADED:
            warnings.extend(str(w) for w in action.detail.get("warnings", []))
    if not any(s.kind in NUMBERED_KINDS for s in sections):
        warnings.append("没有识别出条目结构（一、（一）1. 等编号），整篇将作为一段引用。请检查文件格式。")
    if not doc.title:
        warnings.append("没有找到文件标题，请在“修改信息”中填写。")
    if doc.short_title in {"通知", "方案", "意见", "办法", "规定", "公告", "通告"}:
        warnings.append(f"简称“{doc.short_title}”太笼统，回答里无法区分文件，请在“修改信息”中填写简称（如“招生入学通知”）。")
    if not doc.issued:
        warnings.append("没有找到成文日期，请在“修改信息”中填写（多份文件同时有效时，回答会注明日期）。")
    for other in list_documents(session):
        if other.doc_id == doc.doc_id:
            continue
        if other.content_hash and other.content_hash == doc.content_hash:
            same = "内容完全相同"
        elif doc.number and other.number == doc.number:
            same = f"文号相同（{doc.number}）"
        elif doc.title and other.title == doc.title:
            same = "标题相同"
        else:
            continue
        warnings.append(f"可能与已有文件重复：{other.title or other.doc_id}（编号 {other.doc_id}，{other.status}），{same}。")
    return Preview(doc, sections, warnings, actions)


def edit_metadata(session: Session, doc_id: str, actor: str, **values: str | None) -> Document:
    doc = _get(session, doc_id)
    changes: dict[str, list[str]] = {}
    for name in EDITABLE:
        value = values.get(name)
        if value is None:
            continue
        value = value.strip()
        if name == "issued" and value:
            value = _iso_date(value)
        if name in {"title", "short_title"}:
            value = value.strip("《》 ")
        if len(value) > 200:
            raise LifecycleError("内容太长（不超过 200 字）。")
        if getattr(doc, name) != value:
            changes[name] = [getattr(doc, name), value]
            setattr(doc, name, value)
    if not changes:
        return doc
    session.add(doc)
    record(session, doc.doc_id, EDITED, actor, changes=changes)
    if doc.status != DRAFT:
        bump_version(session, f"edit {doc.doc_id}")
    session.commit()
    session.refresh(doc)
    return doc


def publish(session: Session, doc_id: str, actor: str) -> Document:
    doc = _get(session, doc_id)
    if doc.status != DRAFT:
        raise LifecycleError(f"只有草稿可以发布；这份文件的状态是“{doc.status}”。")
    if not list_sections(session, doc.doc_id):
        raise LifecycleError("这份文件没有可引用的正文，不能发布。")
    doc.status = IN_FORCE
    session.add(doc)
    record(session, doc.doc_id, PUBLISHED, actor)
    bump_version(session, f"publish {doc.doc_id}")
    session.commit()
    session.refresh(doc)
    return doc


def _decide(session: Session, doc: Document, decision: str, actor: str, superseded_by: str = "") -> None:
    """A shipped file keeps the decision by its content hash: start-up and `ingest` never bring it back."""
    if doc.origin != SHIPPED or not doc.content_hash:
        return
    row = session.get(ShippedDecision, doc.content_hash) or ShippedDecision(content_hash=doc.content_hash, doc_id=doc.doc_id,
                                                                           decision=decision)
    row.decision, row.superseded_by, row.actor = decision, superseded_by, actor[:80]
    session.add(row)


def supersede(session: Session, new_id: str, old_id: str, actor: str, from_date: str = "") -> tuple[Document, Document]:
    """`new_id` replaces `old_id` from a date (default: today). A draft is published on the way."""
    new, old = _get(session, new_id), _get(session, old_id)
    if new.doc_id == old.doc_id:
        raise LifecycleError("文件不能替代它自己。")
    if new.status not in {DRAFT, IN_FORCE}:
        raise LifecycleError(f"新文件的状态是“{new.status}”，不能用来替代其他文件。")
    if old.status != IN_FORCE:
        raise LifecycleError(f"被替代的文件必须是现行有效的；它的状态是“{old.status}”。")
    when = _iso_date(from_date) if from_date else dt.date.today().isoformat()
    if new.status == DRAFT:
        new.status = IN_FORCE
        record(session, new.doc_id, PUBLISHED, actor)
    new.effective_from = when
    old.status, old.superseded_by = STATUS_SUPERSEDED, new.doc_id
    session.add(new)
    session.add(old)
    _decide(session, old, "supersede", actor, new.doc_id)
    record(session, old.doc_id, SUPERSEDED, actor, replaced_by=new.doc_id, effective_from=when)
    record(session, new.doc_id, SUPERSEDED, actor, replaces=old.doc_id, effective_from=when)
    bump_version(session, f"supersede {old.doc_id}")
    session.commit()
    session.refresh(new)
    session.refresh(old)
    return new, old


def withdraw(session: Session, doc_id: str, actor: str) -> Document:
    doc = _get(session, doc_id)
    if doc.status not in {IN_FORCE, STATUS_SUPERSEDED}:
        raise LifecycleError(f"只有现行有效或已被替代的文件可以废止；这份文件的状态是“{doc.status}”。")
    doc.status = STATUS_WITHDRAWN
    session.add(doc)
    _decide(session, doc, "withdraw", actor)
    record(session, doc.doc_id, WITHDRAWN, actor)
    bump_version(session, f"withdraw {doc.doc_id}")
    session.commit()
    session.refresh(doc)
    return doc


def delete(session: Session, doc_id: str, actor: str) -> str:
    """Gone from the database (and, at the next index sync, from the index); the audit trail stays."""
    doc = _get(session, doc_id)
    title, status, origin, source = doc.title, doc.status, doc.origin, doc.source_path
    _decide(session, doc, "delete", actor)
    remove_document(session, doc.doc_id, commit=False)
    record(session, doc_id, DELETED, actor, title=title, status=status)
    if status != DRAFT:
        bump_version(session, f"delete {doc_id}")
    session.commit()
    if origin == ORIGIN_UPLOAD and source:
        Path(source).unlink(missing_ok=True)
    return title


def history(session: Session, doc_id: str | None = None) -> list[DocumentAction]:
    query = select(DocumentAction).order_by(DocumentAction.at)  # type: ignore[arg-type]
    if doc_id is not None:
        query = query.where(DocumentAction.doc_id == doc_id)
    return list(session.exec(query))


def added_by(session: Session) -> dict[str, DocumentAction]:
    """Who added each document and when: its upload action (shipped files have none)."""
    rows = session.exec(select(DocumentAction).where(DocumentAction.action == UPLOADED))
    return {row.doc_id: row for row in rows}


def document_rows(session: Session) -> list[dict[str, object]]:
    """Every document for the list page and `documents list --json`: metadata, status, sections, who added it."""
    added = added_by(session)
    rows = []
    for doc in list_documents(session):
        upload = added.get(doc.doc_id)
        rows.append({
            "doc_id": doc.doc_id, "title": doc.title, "short_title": doc.short_title, "number": doc.number,
            "issuer": doc.issuer, "issued": doc.issued, "status": doc.status, "origin": doc.origin,
            "effective_from": doc.effective_from, "superseded_by": doc.superseded_by,
            "sections": len(list_sections(session, doc.doc_id)),
            "added_by": upload.actor if upload else "", "added_at": upload.at.isoformat() if upload else "",
        })
    return rows
