"""The terminal chat: the same core as every other channel, with history, a spinner and colour."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.answer import Asker, Choice
from bot.service import AssistantService

WELCOME = "海原县义务教育政策助手 · 输入问题后回车；“/好” 或 “/差 原因” 评价上一条回答；“/退出” 或 Ctrl-D 结束。"
PICK_HINT = "（输入序号选择，例如 1）"
_MARKS = "①②③④⑤⑥⑦⑧⑨"
EXIT_WORDS = {"/退出", "/exit", "/quit", "exit", "quit", "退出"}


def numbered_choices(choices: Sequence[Choice]) -> str:
    """① 关桥乡  ② 七营镇 …: the number typed next picks one (the core resolves it)."""
    return "  ".join(f"{_MARKS[i]} {choice.label}" for i, choice in enumerate(choices[: len(_MARKS)]))


def run_chat(service: AssistantService, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    from rich.console import Console

    stdin = stdin or sys.stdin
    console = Console(file=out or sys.stdout, highlight=False)
    interactive = stdin.isatty() and console.is_terminal
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history with the arrow keys)
    console.print(f"[bold green]{WELCOME}[/]" if interactive else WELCOME)
    asker = Asker(channel="terminal", user_id="terminal-user", chat_type="private")
    last_query = ""
    while True:
        try:
            line = input("您的问题> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        question = line.strip()
        if question in EXIT_WORDS:
            break
        if question.startswith(("/好", "/差")):
            if last_query:
                service.feedback(last_query, question.startswith("/好"), question[2:].strip())
                console.print("谢谢您的评价。")
            continue
        if interactive:
            with console.status("正在查找资料…", spinner="dots"):
                answer = service.ask(question, asker)
        else:
            answer = service.ask(question, asker)
        last_query = answer.query_id
        style = "cyan" if answer.answered else "yellow"
        console.print(answer.text, style=style if interactive else None, markup=False)
        if answer.choices and answer.outcome == "clarify":
            if "①" not in answer.text:  # the core's text may already number them
                console.print(numbered_choices(answer.choices), markup=False)
            console.print(PICK_HINT, markup=False)
        console.print("")
    return 0
