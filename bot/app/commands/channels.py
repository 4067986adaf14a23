"""`chat`, `run`, `telegram`, `web`: build the runtime once and hand the core to a channel."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from bot.settings import Settings


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "web":
        return _web(settings)
    if args.command == "telegram" or (args.command == "run" and settings.telegram_bot_token.get_secret_value()):
        return _telegram(settings)
    from bot.app.runtime import build_runtime
    from handlers.terminal import run_chat

    runtime = build_runtime(settings, show_progress=True)
    return run_chat(runtime.core, out=out)


def _telegram(settings: Settings) -> int:
    from bot.app.runtime import build_runtime
    from bot.reports.staff import QueryLogReports
    from handlers.telegram.app import run

    built: dict[str, Any] = {}

    def runtime(s: Settings) -> Any:  # built once, in PTB's post_init, shared by both factories
        if "runtime" not in built:
            built["runtime"] = build_runtime(s, show_progress=True)
        return built["runtime"]

    def reports(s: Settings) -> QueryLogReports:
        rt = runtime(s)
        return QueryLogReports(rt.querylog, rt.engine, rt.embedder)

    run(settings, lambda s: runtime(s).core, reports)
    return 0


def _web(settings: Settings) -> int:
    from bot.app.runtime import build_runtime
    from handlers.web.app import run

    run(settings, service_factory=lambda s, engine, embedder: build_runtime(s, True, embedder, engine).core)
    return 0
