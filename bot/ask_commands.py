"""`ask` (one question, or a batch as JSON lines) and `chat` (the terminal chat) on the command line."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from bot.answer import Asker
from bot.batch import run_batch, write_json_line
from bot.service import AssistantService


def answer_payload(service: AssistantService, question: str, asker: Asker, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = service.ask(question, asker)
    payload = {**(extra or {}), **answer.as_dict()}
    return payload


def run_ask(service: AssistantService, question: str | None, as_json: bool, batch: str | None, out: TextIO, stdin: TextIO | None = None) -> int:
    asker = Asker(channel="cli", user_id="", chat_type="cli")
    if batch is not None:
        run_batch(service.ask, batch, stdin or sys.stdin, out, asker)
        return 0
    payload = answer_payload(service, question or "", asker)
    if as_json:
        write_json_line(out, payload)
    else:
        out.write(payload["answer"] + "\n")
    return 0
