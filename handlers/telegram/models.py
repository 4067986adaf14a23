"""Telegram channel table: what an answer's buttons need, keyed by the short ref in their callback data."""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

MAX_REF = 32


class TelegramButtonsBase(SQLModel):
    # JSON {"query_id", "kind", "sources": [...], "related": [...], "choices": [...]}: the core's
    # redacted query id, citations and quotes of the policy, suggested questions; never a user id
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class TelegramButtonsCreate(TelegramButtonsBase):
    ref: str = Field(max_length=MAX_REF)


class TelegramButtons(TelegramButtonsBase, table=True):
    __tablename__ = "telegram_buttons"
    ref: str = Field(primary_key=True, max_length=MAX_REF)
    created_at: float = Field(default=0.0, index=True)  # epoch seconds; purged after BUTTON_RETENTION_DAYS
