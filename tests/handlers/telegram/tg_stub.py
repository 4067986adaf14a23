"""Test helpers (a uniquely named module, imported as `tg_stub`): a Bot API stub on 127.0.0.1,
fakes of the core, and a harness that drives the REAL PTB Application against the stub.

No network: the stub is an `http.server` in a thread; PTB polls it with getUpdates (long poll)
and sends its replies to it. Every request is recorded (form or multipart fields, decoded).
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.answer import Answer, Asker, Choice, Source
from bot.service import SourceText, Topic

BOT_ID = 555000111
TOKEN = f"{BOT_ID}:AAH-test-token-do-not-log"
BOT_USERNAME = "HaiyuanEduBot"
USER_ID = 700123456  # an ordinary user; must never show up in logs nor in what the core stores
STAFF_ID = 700999888
GROUP_ID = -1001234567890

BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "海原教育助手",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


# -- the Bot API stub -----------------------------------------------------------------------------


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def markup(self) -> dict[str, Any] | None:
        raw = self.params.get("reply_markup")
        return json.loads(raw) if raw else None

    def callback_data(self) -> list[str]:
        markup = self.markup() or {}
        return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b]

    def button_texts(self) -> list[str]:
        markup = self.markup() or {}
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if content_type.startswith("multipart/form-data"):
        raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                files[name] = (filename, payload)
            else:
                params[name] = payload.decode("utf-8")
    elif body:
        for key, values in urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
            params[key] = values[-1]
    return params, files


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # PTB dropping a long-poll connection on shutdown is expected


class BotApiStub:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        self.failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._message_id = 5000
        self._update_id = 100
        self.server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, name="bot-api-stub", daemon=True
        )

    # test side
    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def push(self, update: dict[str, Any]) -> int:
        with self.cond:
            self._update_id += 1
            update = {"update_id": self._update_id, **update}
            self.updates.append(update)
            self.cond.notify_all()
            return self._update_id

    def fail(self, method: str, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        with self.cond:
            self.failures.setdefault(method, []).append((status, body))

    def next_message_id(self) -> int:
        with self.cond:
            self._message_id += 1
            return self._message_id

    # server side
    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        chat_type = "private" if chat_id > 0 else "supergroup"
        message_id = int(params["message_id"]) if "message_id" in params else self.next_message_id()
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": BOT_USER,
            **extra,
        }

    def answer(self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> tuple[int, Any]:
        with self.cond:
            queue = self.failures.get(method)
            if queue:
                status, body = queue.pop(0)
                self.calls.append(Call(method, params, status, files))
                return status, body
            if method != "getUpdates":
                self.calls.append(Call(method, params, 200, files))
        if method == "getMe":
            return 200, BOT_USER
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            timeout = min(float(params.get("timeout") or 0), 1.0)
            with self.cond:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                self.cond.wait_for(lambda: bool(self.updates), timeout=timeout)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                return 200, list(self.updates)
        if method == "sendMessage":
            return 200, self._message(params, text=params.get("text", ""))
        if method == "sendDocument":
            name = files["document"][0] if "document" in files else "file"
            document = {"file_id": "doc-1", "file_unique_id": "doc-u1", "file_name": name}
            return 200, self._message(params, document=document)
        if method in ("editMessageReplyMarkup", "editMessageText"):
            return 200, self._message(params, text="…")
        if method in ("answerCallbackQuery", "sendChatAction", "setMyCommands", "deleteWebhook", "close", "logOut"):
            return 200, True
        return 404, {"ok": False, "error_code": 404, "description": f"Not Found: method {method}"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms delayed-ACK stalls

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                prefix = f"/bot{stub.token}/"
                if not self.path.startswith(prefix):
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                method = self.path[len(prefix) :].split("?")[0]
                params, files = _parse_body(self.headers.get("Content-Type", ""), body)
                status, result = stub.answer(method, params, files)
                self._reply(status, {"ok": True, "result": result} if status == 200 else result)

            do_GET = do_POST

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


# -- fakes of the core ------------------------------------------------------------------------

CITATION = "《海原县义务教育实施方案》三（五）18. 改革随迁子女就学机制"
SECTION_TEXT = "进城务工人员随迁子女凭居住证入学，由教育局统筹安排到公办学校就读。"
LONG_SENTENCE = "第{i}条：随迁子女入学需要<b>居住证</b>和户口簿等材料，学校按规定接收。"

TOPICS = [
    Topic("zone", "入学划片", "按户籍和居住地划片入学。", ["关桥乡新庄村的孩子上哪所小学？", "划片范围在哪里查？"]),
    Topic("migrant", "随迁子女", "随迁子女凭居住证入学。", ["外地打工回来的孩子怎么上学？"]),
    Topic("subsidy", "资助补助", "家庭经济困难学生可享受生活补助。", ["寄宿生补助多少钱？"]),
    Topic("care", "留守儿童", "建立留守儿童关爱档案。", ["留守儿童有哪些关爱措施？"]),
    Topic("dropout", "控辍保学", "落实控辍保学责任。", ["孩子不想上学怎么办？"]),
    Topic("teacher", "教师政策", "乡村教师享受生活补助。", ["乡村教师有哪些补助？"]),
]


class FakeService:
    """Deterministic AssistantService: records what it is given (questions, askers, feedback)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Asker]] = []
        self.feedbacks: list[tuple[str, bool, str]] = []
        self.source_requests: list[tuple[str, str]] = []
        self.closed = False
        self.approved_changes = 0
        self._n = 0
        self._lock = threading.Lock()

    def ask(self, question: str, asker: Asker) -> Answer:
        with self._lock:
            self._n += 1
            query_id = f"{self._n:016x}"
            self.asked.append((question, asker))
        if "出错" in question:
            raise RuntimeError("core failure")
        if "划片" in question:
            return Answer(
                question=question,
                text="请问您家在哪个乡镇？",
                answered=False,
                kind="clarify",
                choices=[Choice("关桥乡", "关桥乡新庄村"), Choice("海城镇", "海城镇")],
                query_id=query_id,
            )
        if "长" in question:
            text = "".join(LONG_SENTENCE.format(i=i) for i in range(300))
            return Answer(question=question, text=text, answered=True, query_id=query_id)
        sources = [
            Source("doc1", "s18", "改革随迁子女就学机制", ["三", "（五）"], SECTION_TEXT, 0.9, CITATION),
            Source("doc1", "s19", "完善资助体系", ["三", "（六）"], "资助。", 0.8, "《海原县义务教育实施方案》三（六）19. 完善资助体系"),
            Source("doc1", "s20", "第三个来源", ["三"], "第三。", 0.7, "《方案》第三"),
        ]
        return Answer(
            question=question,
            text=f"关于「{question}」：随迁子女凭<b>居住证</b>入学 & 就近安排。",
            answered=True,
            sources=sources,
            related=["随迁子女需要哪些材料？", "随迁子女可以在海原参加中考吗？"],
            query_id=query_id,
        )

    def feedback(self, query_id: str, helpful: bool, reason: str = "") -> None:
        with self._lock:
            self.feedbacks.append((query_id, helpful, reason))

    def source_text(self, doc_id: str, section_id: str) -> SourceText | None:
        self.source_requests.append((doc_id, section_id))
        if section_id == "s18":
            return SourceText(CITATION, "改革随迁子女就学机制", SECTION_TEXT)
        return None

    def topics(self) -> list[Topic]:
        return list(TOPICS)

    def approved_changed(self) -> None:
        self.approved_changes += 1

    def close(self) -> None:
        self.closed = True


class FakeReports:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def stats(self, days: int) -> dict[str, Any]:
        self.calls.append(("stats", (days,)))
        total = 3 if days == 1 else 40
        return {
            "total": total,
            "answered": total - 1,
            "answered_share": (total - 1) / total,
            "helpful": 2 * days,
            "unhelpful": days,
            "reasons": {"答非所问": 2} if days > 1 else {},
        }

    def top_groups(self, days: int, limit: int) -> list[tuple[str, int, list[str]]]:
        self.calls.append(("top_groups", (days, limit)))
        return [("随迁子女入学", 12, ["随迁子女怎么入学？", "外地孩子上学要什么材料？"]), ("寄宿生补助", 5, [])]

    def unanswered(self, limit: int) -> list[dict[str, Any]]:
        self.calls.append(("unanswered", (limit,)))
        return [
            {"question": "校车几点发车？", "reason": "", "answered": False, "created_at": "2025-03-01T08:00:00"},
            {"question": "补助什么时候发？", "reason": "信息过时", "answered": True, "created_at": "2025-03-02T09:30:00"},
        ]

    def export_csv(self, days: int) -> bytes:
        self.calls.append(("export_csv", (days,)))
        return "id,question,answer\n1,随迁子女怎么入学？,凭居住证\n".encode()


# -- the harness --------------------------------------------------------------------------------


async def _not_stoppable() -> None:
    raise RuntimeError("this harness was not started by the start_bot fixture")


class Harness:
    def __init__(self, stub: BotApiStub, app: Any, service: FakeService, reports: FakeReports) -> None:
        self.stub = stub
        self.app = app
        self.service = service
        self.reports = reports
        self.built: list[str] = []
        self.stop: Callable[[], Awaitable[None]] = _not_stoppable
        self._message_id = 100

    # pushing updates
    def _next_id(self) -> int:
        self._message_id += 1
        return self._message_id

    def message(
        self,
        text: str | None = None,
        *,
        user_id: int = USER_ID,
        chat_id: int | None = None,
        chat_type: str = "private",
        edited: bool = False,
        message_id: int | None = None,
        reply_to_bot: bool = False,
        **extra: Any,
    ) -> int:
        chat_id = user_id if chat_id is None else chat_id
        message_id = message_id or self._next_id()
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "海原家长群"
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "家长", "username": "parent_zhang"},
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": 7,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": "上一条回答",
            }
        if edited:
            message["edit_date"] = int(time.time())
        self.stub.push({"edited_message" if edited else "message": message})
        return message_id

    def tap(self, data: str, *, message_id: int = 42, user_id: int = USER_ID, chat_id: int | None = None) -> None:
        chat_id = user_id if chat_id is None else chat_id
        self.stub.push(
            {
                "callback_query": {
                    "id": f"cq{self._next_id()}",
                    "from": {"id": user_id, "is_bot": False, "first_name": "家长"},
                    "chat_instance": "ci-1",
                    "data": data,
                    "message": {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                        "from": BOT_USER,
                        "text": "回答",
                    },
                }
            }
        )

    # looking at what the bot sent
    def calls(self, method: str, since: int = 0, ok_only: bool = True) -> list[Call]:
        with self.stub.cond:
            calls = list(self.stub.calls[since:])
        return [c for c in calls if c.method == method and (c.status == 200 or not ok_only)]

    def mark(self) -> int:
        with self.stub.cond:
            return len(self.stub.calls)

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda c: True,
        count: int = 1,
        since: int = 0,
        timeout: float = 5.0,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls(method, since) if predicate(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                with self.stub.cond:
                    sent = [(c.method, c.status, c.text[:40]) for c in self.stub.calls]
                raise AssertionError(f"timed out waiting for {count} {method}; got {len(found)}; calls: {sent}")
            await asyncio.sleep(0.01)

    async def ask_and_wait(self, text: str, **kwargs: Any) -> Call:
        since = self.mark()
        self.message(text, **kwargs)
        [call] = await self.wait_for("sendMessage", lambda c: c.markup() is not None, since=since)
        return call

    async def idle(self, settle: float = 0.15) -> None:
        """Let in-flight updates finish: wait until the stub has no queued updates, then a moment."""
        deadline = time.monotonic() + 5
        while self.stub.updates and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await asyncio.sleep(settle)
