"""Signatures, safe-mode (AES) encryption and reply XML of the WeChat callbacks, over wechatpy."""

from __future__ import annotations

import time

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature
from wechatpy.work import parse_message as parse_work_message
from wechatpy.work.crypto import WeChatCrypto as WorkCrypto
from wechatpy.work.exceptions import InvalidCorpIdException

MAX_BODY_BYTES = 64 * 1024
_BAD = (InvalidSignatureException, InvalidAppIdException, InvalidCorpIdException, ValueError, KeyError, TypeError)


class Forged(Exception):
    """The request does not carry a valid signature (or cannot be decrypted with our key): answer 403."""


def cdata_safe(text: str) -> str:
    """Split every `]]>` across two CDATA sections, so that the text cannot end its CDATA early."""
    return (text or "").replace("]]>", "]]]]><![CDATA[>")


def signature_ok(token: str, signature: str, timestamp: str, nonce: str) -> bool:
    """sha1 over the sorted token, timestamp and nonce (the `signature` of every callback)."""
    if not (token and signature and timestamp and nonce):
        return False
    try:
        check_signature(token, signature, timestamp, nonce)
    except InvalidSignatureException:
        return False
    return True


class OfficialAccountEnvelope:
    """Verifies, decrypts and encrypts the Official Account's callbacks (plain or safe mode)."""

    def __init__(self, token: str, aes_key: str = "", app_id: str = "") -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    @property
    def safe_mode(self) -> bool:
        return self.crypto is not None

    def open(self, body: bytes, params: dict[str, str]) -> BaseMessage:
        """The message of a POST; raises Forged unless every signature holds."""
        if len(body) > MAX_BODY_BYTES:
            raise Forged("body too large")
        if not signature_ok(self.token, params.get("signature", ""), params.get("timestamp", ""),
                            params.get("nonce", "")):
            raise Forged("signature")
        xml = body.decode("utf-8", errors="replace")
        if self.crypto is not None:
            if params.get("encrypt_type", "") != "aes" or not params.get("msg_signature"):
                raise Forged("safe mode needs an encrypted message")
            try:
                xml = self.crypto.decrypt_message(xml, params["msg_signature"], params["timestamp"], params["nonce"])
            except _BAD as exc:
                raise Forged("msg_signature") from exc
            except Exception as exc:  # malformed XML or base64
                raise Forged("undecryptable") from exc
        try:
            return parse_message(xml)
        except Exception as exc:
            raise Forged("unparsable") from exc

    def seal(self, message: BaseMessage, content: str, params: dict[str, str]) -> str:
        """A passive text reply to `message` (encrypted in safe mode)."""
        reply = TextReply(source=cdata_safe(message.target), target=cdata_safe(message.source),
                          content=cdata_safe(content), time=int(time.time())).render()
        if self.crypto is None:
            return reply
        return str(self.crypto.encrypt_message(reply, params.get("nonce", ""), params.get("timestamp") or None))


class WecomEnvelope:
    """Verifies and decrypts WeCom's callbacks (always encrypted)."""

    def __init__(self, token: str, aes_key: str, corp_id: str) -> None:
        self.crypto = WorkCrypto(token, aes_key, corp_id)

    def echo(self, params: dict[str, str]) -> str:
        """The decrypted echostr of the URL check; raises Forged."""
        try:
            return str(self.crypto.check_signature(params.get("msg_signature", ""), params.get("timestamp", ""),
                                                   params.get("nonce", ""), params.get("echostr", "")))
        except Exception as exc:
            raise Forged("echostr") from exc

    def open(self, body: bytes, params: dict[str, str]) -> BaseMessage:
        if len(body) > MAX_BODY_BYTES:
            raise Forged("body too large")
        try:
            xml = self.crypto.decrypt_message(body.decode("utf-8", errors="replace"), params.get("msg_signature", ""),
                                              params.get("timestamp", ""), params.get("nonce", ""))
            return parse_work_message(xml)
        except Exception as exc:
            raise Forged("msg_signature") from exc
