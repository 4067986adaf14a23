"""Tables of the policy documents and their sections (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DocumentBase(SQLModel):
    doc_id: str = Field(primary_key=True, max_length=120)
    title: str = ""
    issuer: str = ""
    number: str = ""
    issued: str = ""  # ISO date the document was signed
    published: str = ""  # ISO date it was published
    recipients: str = ""
    status: str = "现行有效"  # 现行有效 (in force) / 已废止 (superseded)
    source_path: str = ""
    content_hash: str = Field(default="", max_length=64)
    script: str = "simplified"  # the original script: simplified / traditional


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
