"""Approved answers written by staff, and the history of every change (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationInfo, field_validator
from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

ACTIVE = "active"
RETRACTED = "retracted"
STATUSES = (ACTIVE, RETRACTED)

CREATED = "created"
EDITED = "edited"
RETRACTED_ACTION = "retracted"

MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 4000
MAX_CITATION_CHARS = 300
MAX_ACTOR_CHARS = 80


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _text(value: object, limit: int, name: str, required: bool) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValueError(f"{name} 不能为空")
    if len(text) > limit:
        raise ValueError(f"{name} 不能超过 {limit} 个字")
    return text


class ApprovedAnswerBase(SQLModel):
    question: str = Field(sa_column=Column(Text, nullable=False))  # the canonical question
    answer: str = Field(sa_column=Column(Text, nullable=False))
    citation: str = Field(default="", max_length=MAX_CITATION_CHARS)  # 《…实施方案》三（五）18.
    doc_id: str | None = Field(default=None, max_length=120)
    section_id: str | None = Field(default=None, max_length=64)


class ApprovedAnswerCreate(ApprovedAnswerBase):
    @field_validator("question", mode="before")
    @classmethod
    def _question(cls, value: object) -> str:
        return _text(value, MAX_QUESTION_CHARS, "问题", True)

    @field_validator("answer", mode="before")
    @classmethod
    def _answer(cls, value: object) -> str:
        return _text(value, MAX_ANSWER_CHARS, "答案", True)

    @field_validator("citation", mode="before")
    @classmethod
    def _citation(cls, value: object) -> str:
        return _text(value, MAX_CITATION_CHARS, "出处", False)

    @field_validator("doc_id", "section_id", mode="before")
    @classmethod
    def _ref(cls, value: object, info: ValidationInfo) -> str | None:
        text = str(value or "").strip()
        return text[: 64 if info.field_name == "section_id" else 120] or None


class ApprovedAnswerUpdate(ApprovedAnswerCreate):
    """The full new text of an edited answer (the same rules as Create)."""


class ApprovedAnswer(ApprovedAnswerBase, table=True):
    __tablename__ = "approved_answers"
    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=ACTIVE, max_length=20, index=True)
    created_by: str = Field(default="staff", max_length=MAX_ACTOR_CHARS)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="staff", max_length=MAX_ACTOR_CHARS)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)


class ApprovedAnswerHistory(SQLModel, table=True):
    """One row per change: who did what when, with a snapshot of the text after the change."""

    __tablename__ = "approved_answer_history"
    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="approved_answers.id", index=True)
    action: str = Field(max_length=20)  # created / edited / retracted
    actor: str = Field(default="staff", max_length=MAX_ACTOR_CHARS)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    question: str = Field(default="", sa_column=Column(Text, nullable=False))
    answer: str = Field(default="", sa_column=Column(Text, nullable=False))
    citation: str = Field(default="", max_length=MAX_CITATION_CHARS)
    status: str = Field(default=ACTIVE, max_length=20)
