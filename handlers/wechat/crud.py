"""Database operations of the WeChat channel. Every function takes the session first and commits its writes."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from handlers.wechat.models import (
    WechatAnswerPage,
    WechatAnswerPageCreate,
    WechatMessage,
    WechatMessageCreate,
    WechatUserState,
    WecomCursor,
    utcnow,
)


def claim_message(session: Session, data: WechatMessageCreate, now: dt.datetime | None = None) -> bool:
    """Insert the message as PENDING; False when its key is already there (a retry, or another worker's)."""
    now = now or utcnow()
    session.add(WechatMessage.model_validate(data, update={"created_at": now, "updated_at": now}))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def get_message(session: Session, key: str) -> WechatMessage | None:
    session.expire_all()
    return session.get(WechatMessage, key)


def move_message(session: Session, key: str, sources: Iterable[str], target: str, reply: str | None = None) -> bool:
    """Compare-and-set: move the message from one of `sources` to `target` (and store `reply`); True if it moved."""
    values: dict[str, object] = {"status": target, "updated_at": utcnow()}
    if reply is not None:
        values["reply"] = reply
    statement = (
        update(WechatMessage)
        .where(col(WechatMessage.key) == key, col(WechatMessage.status).in_(list(sources)))
        .values(**values)
    )
    moved = session.execute(statement).rowcount  # type: ignore[attr-defined]
    session.commit()
    return bool(moved)


def purge_messages(session: Session, older_than: dt.datetime) -> int:
    """Forget messages (and their replies) received before `older_than`."""
    gone = session.execute(delete(WechatMessage).where(col(WechatMessage.created_at) < older_than)).rowcount  # type: ignore[attr-defined]
    session.commit()
    return int(gone or 0)


def get_state(session: Session, user_key: str) -> WechatUserState:
    """The user's state (a fresh, unsaved one when there is none)."""
    session.expire_all()
    return session.get(WechatUserState, user_key) or WechatUserState(user_key=user_key)


def save_state(session: Session, state: WechatUserState) -> WechatUserState:
    state.updated_at = utcnow()
    merged = session.merge(state)
    session.commit()
    return merged


def state_choices(state: WechatUserState) -> list[tuple[str, str]]:
    try:
        return [(str(label), str(reply)) for label, reply in json.loads(state.choices or "[]")]
    except (ValueError, TypeError):
        return []


def create_answer_page(session: Session, data: WechatAnswerPageCreate) -> WechatAnswerPage:
    page = WechatAnswerPage.model_validate(data, update={"id": secrets.token_urlsafe(16)})
    session.add(page)
    session.commit()
    session.refresh(page)
    return page


def get_answer_page(session: Session, page_id: str) -> WechatAnswerPage | None:
    return session.get(WechatAnswerPage, page_id)


def page_sources(page: WechatAnswerPage) -> list[dict[str, str]]:
    try:
        return [{"citation": str(s.get("citation", "")), "quote": str(s.get("quote", ""))} for s in json.loads(page.sources)]
    except (ValueError, TypeError, AttributeError):
        return []


def get_cursor(session: Session, open_kfid: str) -> str:
    session.expire_all()
    row = session.get(WecomCursor, open_kfid)
    return row.cursor if row else ""


def set_cursor(session: Session, open_kfid: str, cursor: str) -> None:
    session.merge(WecomCursor(open_kfid=open_kfid, cursor=cursor, updated_at=utcnow()))
    session.commit()
