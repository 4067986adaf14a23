"""Tables of the document lifecycle: the audit trail and staff decisions about shipped files (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

UPLOADED = "upload"
EDITED = "edit"
PUBLISHED = "publish"
SUPERSEDED = "supersede"
WITHDRAWN = "withdraw"
DELETED = "delete"
ACTION_LABELS = {UPLOADED: "上传（草稿）", EDITED: "修改信息", PUBLISHED: "发布", SUPERSEDED: "替代",
                 WITHDRAWN: "废止", DELETED: "删除"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DocumentActionBase(SQLModel):
    doc_id: str = Field(index=True, max_length=120)
    action: str = Field(max_length=20)  # one of ACTION_LABELS
    actor: str = Field(max_length=80)  # the staff account (or `cli`)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DocumentActionCreate(DocumentActionBase):
    pass


class DocumentAction(DocumentActionBase, table=True):
    __tablename__ = "document_actions"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
