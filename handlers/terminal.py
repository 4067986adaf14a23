"""The terminal chat: the same core as every other channel, with history, a spinner and colour."""

from __future__ import annotations

import contextlib
import sys
from typing import TextIO

from bot.answer import Asker
from bot.service import AssistantService

WELCOME = "海原县义务教育政策助手 · 输入问题后回车；“/好” 或 “/差 原因” 评价上一条回答；“/退出” 或 Ctrl-D 结束。"
EXIT_WORDS = {"/退出", "/exit", "/quit", "exit", "quit", "退出"}


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
        if answer.choices:
            numbered = "  ".join(f"{n}. {choice.label}" for n, choice in enumerate(answer.choices, start=1))
            console.print(f"可选（输入序号或名称）：{numbered}", markup=False)
        console.print("")
    return 0
