"""WeCom 微信客服 at /wechat/kf: on `kf_msg_or_event`, pull the messages with sync_msg and answer each once."""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from handlers.wechat import crud
from handlers.wechat.client import WecomClient, error_code
from handlers.wechat.conversation import Conversation, Outcome
from handlers.wechat.delivery import Delivery
from handlers.wechat.envelope import Forged, WecomEnvelope

logger = logging.getLogger(__name__)
router = APIRouter()

CHANNEL = "wechat-kf"
FROM_CUSTOMER = 3  # sync_msg `origin`: 3 = the WeChat user, 4 = system event, 5 = a servicer
MAX_PAGES = 20
ANY_ACCOUNT = "*"


class CustomerService:
    """Answers 微信客服 messages (the channel `wechat-kf`); the cursor of each account is kept in the database."""

    def __init__(self, envelope: WecomEnvelope, conversation: Conversation, delivery: Delivery,
                 client: WecomClient, open_kfid: str = "") -> None:
        self.envelope = envelope
        self.conversation = conversation
        self.delivery = delivery
        self.client = client
        self.open_kfid = open_kfid
        self._lock = threading.Lock()

    def on_event(self, message: Any) -> None:
        """Schedule a pull for a `kf_msg_or_event` callback (returns at once)."""
        data = getattr(message, "_data", {}) or {}
        if message.type != "event" or str(data.get("Event", "")).lower() != "kf_msg_or_event":
            return
        token = str(data.get("Token", ""))
        account = str(data.get("OpenKfId", "")) or self.open_kfid
        if self.open_kfid and account != self.open_kfid:
            return
        self.delivery.executor.submit(self.pull, token, account)

    def pull(self, token: str, account: str) -> int:
        """Pull every new message of `account` and answer the customers' ones; how many were answered."""
        answered = 0
        with self._lock:
            cursor_name = account or ANY_ACCOUNT
            with Session(self.conversation.engine) as session:
                cursor = crud.get_cursor(session, cursor_name)
            for _ in range(MAX_PAGES):
                try:
                    page = self.client.sync_msg(token, cursor, account)
                except Exception as exc:
                    logger.warning("%s: sync_msg failed (error %s)", CHANNEL, error_code(exc))
                    break
                for item in page.get("msg_list") or []:
                    answered += self._answer(item)
                cursor = str(page.get("next_cursor") or cursor)
                with Session(self.conversation.engine) as session:
                    crud.set_cursor(session, cursor_name, cursor)
                if not page.get("has_more"):
                    break
        return answered

    def _answer(self, item: dict[str, Any]) -> int:
        msgid = str(item.get("msgid", ""))
        if not msgid or item.get("origin") != FROM_CUSTOMER:
            return 0
        user = str(item.get("external_userid", ""))
        account = str(item.get("open_kfid", "")) or self.open_kfid
        if not user or (self.open_kfid and account != self.open_kfid):
            return 0

        def work() -> Outcome | None:
            if item.get("msgtype") == "text":
                return self.conversation.answer_text(user, str((item.get("text") or {}).get("content", "")))
            if item.get("msgtype") == "event":
                return None
            return Outcome(self.conversation.texts.please_type)

        def send(outcome: Outcome) -> None:
            self.client.kf_message.send_text(user, account, outcome.text)

        def undelivered(outcome: Outcome, exc: BaseException) -> None:
            logger.warning("%s: answer not sent (error %s)", CHANNEL, error_code(exc))

        return int(self.delivery.answer_later(f"{CHANNEL}:m:{msgid}", work, send, undelivered))


def _params(request: Request) -> dict[str, str]:
    return {key: value for key, value in request.query_params.items()}


def _channel(request: Request) -> CustomerService:
    return request.app.state.wechat.customer_service(request)  # type: ignore[no-any-return]


@router.get("/wechat/kf")
async def verify(request: Request) -> Response:
    channel = await run_in_threadpool(_channel, request)
    try:
        return PlainTextResponse(channel.envelope.echo(_params(request)))
    except Forged:
        return PlainTextResponse("forbidden", status_code=403)


@router.post("/wechat/kf")
async def receive(request: Request) -> Response:
    channel = await run_in_threadpool(_channel, request)
    body = await request.body()
    try:
        message = channel.envelope.open(body, _params(request))
    except Forged:
        return PlainTextResponse("forbidden", status_code=403)
    channel.on_event(message)
    return PlainTextResponse("success")
