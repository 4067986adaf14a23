"""The optional LLM rewrite, against an OpenAI-compatible stub on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.assistant import Assistant
from bot.pipeline.rewrite import LLMRewrite, load_prompt, make_chat_model
from bot.texts import AssistantTexts


class Stub:
    def __init__(self) -> None:
        self.reply = ""
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict[str, object]] = []


@pytest.fixture
def stub() -> Iterator[tuple[Stub, str]]:
    state = Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            time.sleep(state.delay)
            payload = {
                "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": state.reply}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
            data = json.dumps(payload).encode() if state.status == 200 else b'{"error": {"message": "boom"}}'
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return None

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            return None  # the client gave up (a timeout test): nothing to report

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def make(assistant: Assistant, texts: AssistantTexts, url: str, timeout: float = 5.0) -> Assistant:
    model = make_chat_model(url, "qwen-test", "", timeout)
    rewriter = LLMRewrite(model, boilerplate=list(texts.replies.texts.values()))
    return Assistant(assistant.retriever, texts, assistant.directory, rewriter=rewriter)


QUESTION = "县城老师每年要去乡下交流轮岗多少？"


def test_a_faithful_rewrite_is_used(assistant: Assistant, texts: AssistantTexts, stub: tuple[Stub, str]) -> None:
    state, url = stub
    state.reply = "每学年至少有10%的符合条件的县城老师要去乡村学校交流，其中骨干教师不少于20%。"
    answer = make(assistant, texts, url).answer(QUESTION)
    assert answer.text.startswith("每学年至少有10%")
    assert "来源：" in answer.text and "三（四）11." in answer.text  # the citation line is kept
    assert "rewritten by the LLM" in answer.notes
    system = state.requests[0]["messages"][0]  # type: ignore[index]
    assert system["content"] == load_prompt()  # type: ignore[index]


def test_an_invented_number_makes_the_extract_stand(assistant: Assistant, texts: AssistantTexts, stub: tuple[Stub, str]) -> None:
    state, url = stub
    state.reply = "每年有30%的老师要下乡。"
    answer = make(assistant, texts, url).answer(QUESTION)
    assert "30%" not in answer.text and "10%" in answer.text
    assert "llm rewrite rejected by the check" in answer.notes


@pytest.mark.parametrize(("status", "delay"), [(500, 0.0), (200, 2.0)])
def test_errors_and_timeouts_fall_back(assistant: Assistant, texts: AssistantTexts, stub: tuple[Stub, str], status: int, delay: float) -> None:
    state, url = stub
    state.status, state.delay, state.reply = status, delay, "随便说说。"
    answer = make(assistant, texts, url, timeout=0.5).answer(QUESTION)
    assert "根据《实施方案》" in answer.text and "10%" in answer.text
    assert answer.answered
