"""Test helpers: the WeChat server as documented (signatures, safe-mode AES written independently of wechatpy
with `cryptography`), and a stub of the WeChat / WeCom APIs on 127.0.0.1 (a threaded http.server)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN = "wx-test-token"
APP_ID = "wx1234567890abcdef"
APP_SECRET = "wx-secret-never-logged"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters
ACCOUNT = "gh_0123456789ab"
OPENID = "oABCD1234openid-never-stored"
CORP_ID = "ww0123456789abcdef"
WECOM_TOKEN = "wecom-test-token"
WECOM_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
OPEN_KFID = "wkAbCdEf0123456789"
EXTERNAL_USER = "wmExternalUser-never-stored"


# -- the WeChat server, as its documentation describes it -----------------------------------------


def sha1_sorted(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _key(aes_key: str) -> bytes:
    return base64.b64decode(aes_key + "=")


def encrypt(plain: str, aes_key: str, receiver_id: str) -> str:
    """random(16) + length(4, big-endian) + message + receiver id, PKCS#7 to 32, AES-256-CBC, iv = key[:16]."""
    key = _key(aes_key)
    body = plain.encode("utf-8")
    data = os.urandom(16) + struct.pack(">I", len(body)) + body + receiver_id.encode("utf-8")
    pad = 32 - len(data) % 32
    data += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")


def decrypt(encrypted: str, aes_key: str) -> tuple[str, str]:
    """(message, receiver id) of an Encrypt field."""
    key = _key(aes_key)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    data = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    pad = data[-1]
    assert 1 <= pad <= 32 and data[-pad:] == bytes([pad]) * pad, "bad PKCS#7 padding"
    data = data[:-pad]
    length = struct.unpack(">I", data[16:20])[0]
    return data[20:20 + length].decode("utf-8"), data[20 + length:].decode("utf-8")


def text_xml(content: str, msg_id: int, openid: str = OPENID, created: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")


def message_xml(kind: str, msg_id: int, extra: str = "", openid: str = OPENID) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{extra}"
            f"<MsgId>{msg_id}</MsgId></xml>")


def event_xml(event: str, key: str = "", created: int = 1700000000, openid: str = OPENID) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>")


@dataclass
class Server:
    """Plays WeChat's side of the Official Account callback (plain or safe mode)."""

    client: Any  # a TestClient
    token: str = TOKEN
    aes_key: str = ""
    app_id: str = APP_ID
    path: str = "/wechat/oa"

    def params(self, encrypt_body: str = "") -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), str(int.from_bytes(os.urandom(4), "big"))
        params = {"signature": sha1_sorted(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        if encrypt_body:
            params.update(openid=OPENID, encrypt_type="aes",
                          msg_signature=sha1_sorted(self.token, timestamp, nonce, encrypt_body))
        return params

    def post(self, xml: str, params: dict[str, str] | None = None) -> Any:
        if not self.aes_key:
            return self.client.post(self.path, params=params or self.params(), content=xml.encode("utf-8"),
                                    headers={"content-type": "text/xml"})
        encrypted = encrypt(xml, self.aes_key, self.app_id)
        body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        return self.client.post(self.path, params=params or self.params(encrypted), content=body.encode("utf-8"),
                                headers={"content-type": "text/xml"})

    def reply(self, response: Any) -> dict[str, str]:
        """The fields of a passive reply (decrypted and its signature checked in safe mode)."""
        assert response.status_code == 200, response.text
        assert response.text.startswith("<xml>"), response.text[:300]
        root = ET.fromstring(response.text)
        if self.aes_key:
            encrypted = root.findtext("Encrypt") or ""
            assert root.findtext("MsgSignature") == sha1_sorted(
                self.token, root.findtext("TimeStamp") or "", root.findtext("Nonce") or "", encrypted)
            plain, receiver = decrypt(encrypted, self.aes_key)
            assert receiver == self.app_id
            root = ET.fromstring(plain)
        return {child.tag: child.text or "" for child in root}


# -- the API stub ---------------------------------------------------------------------------------


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class ApiStub:
    """WeChat's and WeCom's APIs on 127.0.0.1; every call recorded; replies chosen per path."""

    calls: list[Call] = field(default_factory=list)
    replies: dict[str, Callable[[Call], dict[str, Any]]] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._event = threading.Condition(self._lock)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                call = Call(method, url.path, dict(urllib.parse.parse_qsl(url.query)),
                            json.loads(raw) if raw else {})
                payload = stub.answer(call)
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/"

    def answer(self, call: Call) -> dict[str, Any]:
        route = call.path.removeprefix("/cgi-bin/")
        if route in self.replies:
            payload = self.replies[route](call)
        elif route in {"token", "gettoken"}:
            payload = {"access_token": "ACCESS-TOKEN", "expires_in": 7200}
        else:
            payload = {"errcode": 0, "errmsg": "ok"}
        with self._event:
            self.calls.append(call)
            self._event.notify_all()
        return payload

    def to(self, route: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path == "/cgi-bin/" + route]

    def wait_for(self, route: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._event:
            while len([c for c in self.calls if c.path == "/cgi-bin/" + route]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {count} call(s) to {route}: {[c.path for c in self.calls]}")
                self._event.wait(left)
        return self.to(route)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

