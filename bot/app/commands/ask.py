"""`ask`: one question, or a batch as JSON lines, answered on the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from bot.answer import Asker
from bot.batch import run_batch, write_json_line
from bot.service import AssistantService
from bot.settings import Settings


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


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app.runtime import build_runtime

    runtime = build_runtime(settings, show_progress=True)
    if not args.question and args.batch is None:
        print("请给出问题，例如：python -m bot ask \"随迁子女入学要带什么材料？\"", file=err)
        return 2
    return run_ask(runtime.core, args.question, args.json, args.batch, out)
