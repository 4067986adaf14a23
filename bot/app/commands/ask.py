"""`ask`: one question, or a batch as JSON lines, answered on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

from bot.answer import Asker
from bot.service import AssistantService
from bot.settings import Settings


def answer_payload(service: AssistantService, question: str, asker: Asker, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = service.ask(question, asker)
    payload = {**(extra or {}), **answer.as_dict()}
    return payload


def _batch_lines(source: str, stdin: TextIO) -> list[tuple[dict[str, Any], str]]:
    """One question a line: plain text, or {"id", "question"}. A malformed line is reported, not fatal."""
    items: list[tuple[dict[str, Any], str]] = []
    handle = nullcontext(stdin) if source == "-" else Path(source).open(encoding="utf-8", errors="replace")  # noqa: SIM115
    with handle as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if not line.lstrip().startswith("{"):
                items.append(({}, line))
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                items.append(({"id": f"line-{number}", "error": "malformed JSON line"}, ""))
                continue
            question = item.get("question") if isinstance(item, dict) else None
            extra = {"id": item["id"]} if isinstance(item, dict) and "id" in item else {}
            items.append((extra, question if isinstance(question, str) else ""))
    return items


def run_ask(service: AssistantService, question: str | None, as_json: bool, batch: str | None, out: TextIO, stdin: TextIO | None = None) -> int:
    asker = Asker(channel="cli", user_id="", chat_type="cli")
    if batch is not None:
        for extra, text in _batch_lines(batch, stdin or sys.stdin):
            if "error" in extra:
                out.write(json.dumps(extra, ensure_ascii=False) + "\n")
                continue
            out.write(json.dumps(answer_payload(service, text, asker, extra), ensure_ascii=False) + "\n")
            out.flush()
        return 0
    payload = answer_payload(service, question or "", asker)
    if as_json:
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
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
