"""WeChat channel tables: message de-duplication, per-user state, answer pages, WeCom cursors (Base/Create/table)."""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator
from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

# message states: the first attempt claims a key as PENDING; the answer makes it READY (a request may still
# reply it passively) unless a request already gave up waiting (DEFERRED: the worker sends it through the API).
PENDING = "pending"
READY = "ready"
REPLIED = "replied"
DEFERRED = "deferred"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
DONE = "done"  # nothing to send (events answered `success`, WeCom messages not addressed to us)

MAX_KEY = 160
MAX_QUERY_ID = 32
PAGE_ID_CHARS = 32


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class WechatMessageBase(SQLModel):
    key: str = Field(primary_key=True, max_length=MAX_KEY)  # "wechat-oa:m:<MsgId>", "wechat-oa:e:<user key>:<CreateTime>"
    channel: str = Field(max_length=20)  # wechat-oa / wechat-kf


class WechatMessageCreate(WechatMessageBase):
    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not value or len(value) > MAX_KEY:
            raise ValueError("message key must hold 1 to 160 characters")
        return value


class WechatMessage(WechatMessageBase, table=True):
    """One inbound message or event, so that WeChat's retries are answered once."""

    __tablename__ = "wechat_messages"
    status: str = Field(default=PENDING, max_length=20)
    reply: str = Field(default="", sa_column=Column(Text, nullable=False))  # kept until purged (a day)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class WechatUserStateBase(SQLModel):
    user_key: str = Field(primary_key=True, max_length=64)  # HMAC of channel + OpenID, never the OpenID
    choices: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON [[label, reply], ...]
    last_query_id: str = Field(default="", max_length=MAX_QUERY_ID)  # what 有用 / 没用 refers to
    pending_link: str = Field(default="", max_length=300)  # an answer the API could not deliver


class WechatUserState(WechatUserStateBase, table=True):
    __tablename__ = "wechat_user_state"
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)


class WechatAnswerPageBase(SQLModel):
    query_id: str = Field(default="", max_length=MAX_QUERY_ID, index=True)
    question: str = Field(default="", sa_column=Column(Text, nullable=False))  # redacted
    answer: str = Field(default="", sa_column=Column(Text, nullable=False))
    sources: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON [{citation, quote}]


class WechatAnswerPageCreate(WechatAnswerPageBase):
    pass


class WechatAnswerPage(WechatAnswerPageBase, table=True):
    """The full text of one answer behind an unguessable id: PUBLIC_BASE_URL/a/<id>."""

    __tablename__ = "answer_pages"
    id: str = Field(primary_key=True, max_length=PAGE_ID_CHARS)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class WecomCursor(SQLModel, table=True):
    """The next_cursor of WeCom's sync_msg, per customer-service account."""

    __tablename__ = "wecom_cursors"
    open_kfid: str = Field(primary_key=True, max_length=64)
    cursor: str = Field(default="", max_length=128)
    updated_at: dt.datetime = Field(default_factory=utcnow)
