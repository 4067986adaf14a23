"""Tables of the shared state: conversation context and rate-limit events (Base / Create / table split).

Keys are pseudonymous (HMAC user keys); texts are redacted before they get here. Times are wall-clock
epoch seconds, so that every worker and machine compares them alike.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class ConversationStateBase(SQLModel):
    user_key: str = Field(primary_key=True, max_length=64)  # HMAC of channel + user id
    turns: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON [{"turn": {...}, "saved_at": t}]
    expires_at: float = Field(default=0.0, index=True)  # epoch seconds; the row is gone after this


class ConversationStateCreate(ConversationStateBase):
    pass


class ConversationState(ConversationStateBase, table=True):
    __tablename__ = "conversation_state"
    updated_at: float = Field(default=0.0)


class RateEventBase(SQLModel):
    scope: str = Field(max_length=40)  # e.g. web-ask-visitor, telegram-ask
    key: str = Field(max_length=64)  # HMAC of the counted key (a visitor, an address, a user)
    at: float  # epoch seconds


class RateEventCreate(RateEventBase):
    pass


class RateEvent(RateEventBase, table=True):
    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_scope_key_at", "scope", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
