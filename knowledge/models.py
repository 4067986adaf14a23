"""Tables of the policy documents and their sections (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


DRAFT = "草稿"  # parsed from an upload, not yet answering
IN_FORCE = "现行有效"
SUPERSEDED = "已被替代"  # replaced by a newer document (superseded_by)
WITHDRAWN = "已废止"
STATUSES = (DRAFT, IN_FORCE, SUPERSEDED, WITHDRAWN)
SHIPPED = "shipped"  # a file under KNOWLEDGE_DIR
UPLOADED = "upload"  # added by staff (web page or `documents add`)


class DocumentBase(SQLModel):
    doc_id: str = Field(primary_key=True, max_length=120)
    title: str = ""
    issuer: str = ""
    number: str = ""
    issued: str = ""  # ISO date the document was signed
    published: str = ""  # ISO date it was published
    recipients: str = ""
    status: str = IN_FORCE  # one of STATUSES
    source_path: str = ""
    content_hash: str = Field(default="", max_length=64)
    script: str = "simplified"  # the original script: simplified / traditional
    short_title: str = ""  # how answers name it, e.g. 实施方案 (cited 《实施方案》)
    origin: str = SHIPPED  # shipped / upload
    verified: bool = True  # false for a sample document
    added_by: str = ""  # the staff account that uploaded it ("" for a shipped file)
    effective_from: str = ""  # ISO date from which it replaces the document it supersedes
    superseded_by: str = ""  # doc_id of the document that replaced it


class DocumentCreate(DocumentBase):
    repairs: list[dict[str, Any]] = []


class Document(DocumentBase, table=True):
    __tablename__ = "documents"
    repairs: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ingested_at: dt.datetime = Field(default_factory=_utcnow)


class SectionBase(SQLModel):
    doc_id: str = Field(foreign_key="documents.doc_id", index=True, max_length=120)
    section_id: str = Field(max_length=64)
    parent_id: str | None = None
    position: int = 0
    level: int = 0
    kind: str = ""
    number: str = ""
    heading: str = ""  # original script
    heading_s: str = ""  # Simplified
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    text_s: str = Field(default="", sa_column=Column(Text, nullable=False))
    start: int = 0
    end: int = 0


class SectionCreate(SectionBase):
    path: list[str] = []
    path_s: list[str] = []


class Section(SectionBase, table=True):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("doc_id", "section_id"),)
    id: int | None = Field(default=None, primary_key=True)
    path: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    path_s: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ShippedDecisionBase(SQLModel):
    """What staff decided about a file shipped in KNOWLEDGE_DIR, kept by its content hash so that
    start-up and `ingest` never bring it back (withdrawn, superseded or deleted)."""

    content_hash: str = Field(primary_key=True, max_length=64)
    doc_id: str = Field(max_length=120)
    decision: str = Field(max_length=20)  # withdraw / supersede / delete
    superseded_by: str = Field(default="", max_length=120)
    actor: str = Field(default="", max_length=80)


class ShippedDecisionCreate(ShippedDecisionBase):
    pass


class ShippedDecision(ShippedDecisionBase, table=True):
    __tablename__ = "shipped_decisions"
    at: dt.datetime = Field(default_factory=_utcnow)
