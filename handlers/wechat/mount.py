"""Adds the WeChat routes to the web app and builds the channels once, from the app's service and engine."""

from __future__ import annotations

import threading

from fastapi import FastAPI, Request

from bot.ratelimit import RateLimiter
from bot.settings import Settings
from handlers.web.state import web_state
from handlers.wechat import kf, oa, page
from handlers.wechat.client import OfficialAccountClient, WecomClient
from handlers.wechat.conversation import Conversation
from handlers.wechat.delivery import Delivery
from handlers.wechat.envelope import OfficialAccountEnvelope, WecomEnvelope
from handlers.wechat.texts import WechatTexts


class WechatChannels:
    """The app's WeChat channels (app.state.wechat): built on first use, thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.texts = WechatTexts.load()
        self.limiter: RateLimiter | None = None  # the web app's (shared by every worker when it is)
        self._oa: oa.OfficialAccount | None = None
        self._kf: kf.CustomerService | None = None
        self._lock = threading.Lock()

    def _conversation(self, request: Request, channel: str) -> Conversation:
        state = web_state(request)
        if self.limiter is None:
            self.limiter = state.limiter("wechat-ask", max(1, self.settings.rate_limit_per_minute), 60.0)
        return Conversation(channel, state.get_service(), state.get_engine(), self.settings, self.texts, self.limiter)

    def official_account(self, request: Request) -> oa.OfficialAccount:
        with self._lock:
            if self._oa is None:
                s = self.settings
                envelope = OfficialAccountEnvelope(s.wechat_token.get_secret_value(), s.wechat_aes_key.get_secret_value(),
                                                   s.wechat_app_id)
                conversation = self._conversation(request, oa.CHANNEL)
                delivery = Delivery(oa.CHANNEL, conversation.engine, s.wechat_reply_budget_seconds)
                self._oa = oa.OfficialAccount(envelope, conversation, delivery, OfficialAccountClient.from_settings(s))
            return self._oa

    def customer_service(self, request: Request) -> kf.CustomerService:
        with self._lock:
            if self._kf is None:
                s = self.settings
                envelope = WecomEnvelope(s.wecom_token.get_secret_value(), s.wecom_aes_key.get_secret_value(),
                                         s.wecom_corp_id)
                conversation = self._conversation(request, kf.CHANNEL)
                delivery = Delivery(kf.CHANNEL, conversation.engine, s.wechat_reply_budget_seconds)
                self._kf = kf.CustomerService(envelope, conversation, delivery, WecomClient.from_settings(s),
                                              s.wecom_open_kfid)
            return self._kf

    def close(self) -> None:
        for channel in (self._oa, self._kf):
            if channel is not None:
                channel.delivery.close()


def wechat_enabled(settings: Settings) -> bool:
    return bool(settings.wechat_token.get_secret_value() or settings.wecom_corp_id)


def mount_wechat(app: FastAPI, settings: Settings) -> WechatChannels:
    """Serve /wechat/oa (WECHAT_TOKEN set), /wechat/kf (WECOM_CORP_ID set) and the answer pages /a/<id>."""
    channels = WechatChannels(settings)
    app.state.wechat = channels
    if settings.wechat_token.get_secret_value():
        app.include_router(oa.router)
    if settings.wecom_corp_id:
        app.include_router(kf.router)
    app.include_router(page.router)
    return channels
