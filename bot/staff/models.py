"""The staff accounts table (Base / Create / table split)."""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator
from sqlmodel import Field, SQLModel

NAME_MAX = 40
PASSWORD_MIN = 8


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StaffAccountBase(SQLModel):
    name: str = Field(primary_key=True, max_length=NAME_MAX)


class StaffAccountCreate(StaffAccountBase):
    password: str

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str:
        text = "".join(ch for ch in str(value or "") if ch.isprintable() and ch not in "<>").strip()
        if not text:
            raise ValueError("账号名不能为空")
        if len(text) > NAME_MAX:
            raise ValueError(f"账号名不能超过 {NAME_MAX} 个字")
        return text

    @field_validator("password")
    @classmethod
    def _password(cls, value: str) -> str:
        if len(value) < PASSWORD_MIN:
            raise ValueError(f"密码至少 {PASSWORD_MIN} 位")
        return value


class StaffAccount(StaffAccountBase, table=True):
    __tablename__ = "staff_accounts"
    password_hash: str = Field(max_length=200)  # scrypt$n$r$p$salt$hash (hex)
    created_at: dt.datetime = Field(default_factory=utcnow)
