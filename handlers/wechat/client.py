"""wechatpy clients whose API host (access token included) comes from the settings, with a timeout on every call."""

from __future__ import annotations

import time
from typing import Any

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.work import WeChatClient as WorkClient

from bot.settings import Settings

NOT_VERIFIED = 48001  # the account may not use this API (customer-service messages need a verified account)


def _base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class _TokenWithTimeout:
    """Replaces wechatpy's `_fetch_access_token`, which has no timeout."""

    _http: requests.Session
    timeout: float | None
    session: Any
    access_token_key: str

    def _fetch_access_token(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        res = self._http.get(url=url, params=params, timeout=self.timeout)
        try:
            res.raise_for_status()
        except requests.RequestException as exc:
            raise WeChatClientException(errcode=None, errmsg=None, client=self, request=exc.request,
                                        response=exc.response) from exc
        result = res.json()
        if result.get("errcode", 0) != 0:
            raise WeChatClientException(result["errcode"], result.get("errmsg", ""), client=self,
                                        request=res.request, response=res)
        expires_in = int(result.get("expires_in", 7200))
        self.session.set(self.access_token_key, result["access_token"], expires_in)
        self.expires_at = int(time.time()) + expires_in  # type: ignore[attr-defined]
        return result


class OfficialAccountClient(_TokenWithTimeout, WeChatClient):
    """The Official Account API client (customer-service messages, menu) on WECHAT_API_BASE_URL."""

    def __init__(self, app_id: str, secret: str, base_url: str, timeout: float) -> None:
        super().__init__(app_id, secret, timeout=timeout)
        self.API_BASE_URL = _base(base_url)

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(
            self.API_BASE_URL + "token",
            {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> OfficialAccountClient:
        return cls(settings.wechat_app_id, settings.wechat_app_secret.get_secret_value(),
                   settings.wechat_api_base_url, settings.wechat_api_timeout_seconds)


class WecomClient(_TokenWithTimeout, WorkClient):
    """The WeCom API client (微信客服 sync_msg / send_msg) on WECOM_API_BASE_URL."""

    def __init__(self, corp_id: str, secret: str, base_url: str, timeout: float) -> None:
        super().__init__(corp_id, secret, timeout=timeout)
        self.API_BASE_URL = _base(base_url)

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(self.API_BASE_URL + "gettoken",
                                        {"corpid": self.corp_id, "corpsecret": self.secret})

    def sync_msg(self, token: str, cursor: str, open_kfid: str, limit: int = 1000) -> dict[str, Any]:
        """kf/sync_msg with open_kfid (wechatpy's own `kf.sync_msg` does not pass it)."""
        data: dict[str, Any] = {"token": token, "cursor": cursor, "limit": limit}
        if open_kfid:
            data["open_kfid"] = open_kfid
        return self.post("kf/sync_msg", data=data)  # type: ignore[no-any-return]

    @classmethod
    def from_settings(cls, settings: Settings) -> WecomClient:
        return cls(settings.wecom_corp_id, settings.wecom_secret.get_secret_value(),
                   settings.wecom_api_base_url, settings.wechat_api_timeout_seconds)


def error_code(exc: BaseException) -> int | None:
    code = getattr(exc, "errcode", None)
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None
