"""The Official Account (公众号) callback at /wechat/oa: verify, decrypt, route by message kind, reply."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from wechatpy.messages import BaseMessage

from handlers.wechat.client import NOT_VERIFIED, OfficialAccountClient, error_code
from handlers.wechat.conversation import Conversation, Outcome
from handlers.wechat.delivery import Delivery
from handlers.wechat.envelope import Forged, OfficialAccountEnvelope, signature_ok
from handlers.wechat.menu import TOPIC_PREFIX

logger = logging.getLogger(__name__)
router = APIRouter()

CHANNEL = "wechat-oa"
TEXT_KINDS = {"text"}
MEDIA_KINDS = {"image", "video", "shortvideo", "location", "link", "file"}


class OfficialAccount:
    """Answers the Official Account's messages and events (the channel `wechat-oa`)."""

    def __init__(self, envelope: OfficialAccountEnvelope, conversation: Conversation, delivery: Delivery,
                 client: OfficialAccountClient) -> None:
        self.envelope = envelope
        self.conversation = conversation
        self.delivery = delivery
        self.client = client

    def message_key(self, message: BaseMessage) -> str:
        if message.type == "event":
            return f"{CHANNEL}:e:{self.conversation.key(message.source)}:{message.time}"
        return f"{CHANNEL}:m:{message.id}"

    def outcome(self, message: BaseMessage) -> Outcome | None:
        """What to say to one message or event (None: `success`, nothing to say)."""
        kind = message.type
        if kind in TEXT_KINDS:
            return self.conversation.answer_text(message.source, message.content or "")
        if kind == "voice":
            heard = (message.recognition or "").strip()
            if heard:
                return self.conversation.answer_text(message.source, heard, heard=heard)
            return Outcome(self.conversation.texts.please_type)
        if kind in MEDIA_KINDS:
            return Outcome(self.conversation.texts.please_type)
        if kind == "event":
            event = getattr(message, "event", "")
            if event in {"subscribe", "subscribe_scan"}:
                return Outcome(self.conversation.welcome())
            if event == "click":
                key = message.key or ""
                if key.startswith(TOPIC_PREFIX):
                    return Outcome(self.conversation.topic(key[len(TOPIC_PREFIX):]))
            return None
        return Outcome(self.conversation.texts.please_type)

    def handle(self, message: BaseMessage) -> str | None:
        """The passive reply text, or None for `success`."""
        openid = message.source

        def work() -> Outcome | None:
            return self.outcome(message)

        def send(outcome: Outcome) -> None:
            self.client.message.send_text(openid, outcome.text)

        def undelivered(outcome: Outcome, exc: BaseException) -> None:
            url = self.conversation.remember_undelivered(openid, outcome)
            code = error_code(exc)
            reason = "account not verified for customer-service messages" if code == NOT_VERIFIED else type(exc).__name__
            logger.warning("%s: late answer not sent (%s, error %s); %s", CHANNEL, reason, code,
                           "the user gets a link with the next reply" if url else "no PUBLIC_BASE_URL for a link")

        return self.delivery.reply(self.message_key(message), work, send, undelivered)


def _params(request: Request) -> dict[str, str]:
    return {key: value for key, value in request.query_params.items()}


def _channel(request: Request) -> OfficialAccount:
    return request.app.state.wechat.official_account(request)  # type: ignore[no-any-return]


@router.get("/wechat/oa")
async def verify(request: Request) -> Response:
    params = _params(request)
    token = request.app.state.wechat.settings.wechat_token.get_secret_value()
    if not signature_ok(token, params.get("signature", ""), params.get("timestamp", ""), params.get("nonce", "")):
        return PlainTextResponse("forbidden", status_code=403)
    return PlainTextResponse(params.get("echostr", ""))


@router.post("/wechat/oa")
async def receive(request: Request) -> Response:
    channel = await run_in_threadpool(_channel, request)
    params = _params(request)
    body = await request.body()
    try:
        message = channel.envelope.open(body, params)
    except Forged:
        return PlainTextResponse("forbidden", status_code=403)
    text = await run_in_threadpool(channel.handle, message)
    if text is None:
        return PlainTextResponse("success")
    xml = channel.envelope.seal(message, text, params)
    return Response(xml, media_type="application/xml")
