"""Tables of the query log (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_query_id() -> str:
    return uuid.uuid4().hex[:16]


class QueryBase(SQLModel):
    channel: str = Field(default="cli", max_length=20, index=True)
    user_key: str = Field(default="", max_length=64, index=True)  # HMAC of the channel's user id
    chat_type: str = Field(default="private", max_length=20)
    question: str = Field(default="", sa_column=Column(Text, nullable=False))  # redacted
    script: str = Field(default="simplified", max_length=20)
    intent: str = Field(default="", max_length=40, index=True)
    answered: bool = True
    answer: str = Field(default="", sa_column=Column(Text, nullable=False))
    latency_ms: float = 0.0
    version: str = Field(default="", max_length=40)
    status: str = Field(default="new", max_length=20)  # new / reviewed
    previous_id: str = Field(default="", max_length=32)  # the same user's turn before (follow-ups), "" if none


class QueryCreate(QueryBase):
    id: str = Field(default_factory=new_query_id)
    created_at: dt.datetime = Field(default_factory=utcnow)
    sources: list[dict[str, Any]] = []


class QueryRecord(QueryBase, table=True):
    __tablename__ = "queries"
    id: str = Field(default_factory=new_query_id, primary_key=True, max_length=32)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class FeedbackBase(SQLModel):
    query_id: str = Field(foreign_key="queries.id", index=True, max_length=32)
    helpful: bool
    reason: str = Field(default="", max_length=200)


class FeedbackCreate(FeedbackBase):
    id: str = Field(default_factory=new_query_id)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Feedback(FeedbackBase, table=True):
    __tablename__ = "feedback"
    id: str = Field(default_factory=new_query_id, primary_key=True, max_length=32)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
