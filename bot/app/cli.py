"""`python -m bot`: the argument parser and the dispatch to one command module per group; nothing built at import."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="海原县义务教育政策助手 Haiyuan compulsory-education policy assistant")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="ingest policy documents (default: every document under knowledge/) and rebuild the index")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (.txt .md .html .docx .pdf)")

    knowledge = sub.add_parser("knowledge", help="inspect the ingested documents")
    ksub = knowledge.add_subparsers(dest="knowledge_command", metavar="ACTION")
    show = ksub.add_parser("show", help="list documents and sections")
    show.add_argument("--json", action="store_true", help="print JSON")

    data = sub.add_parser("data", help="the county's school data (knowledge/data/)")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION")
    dsub.add_parser("load", help="validate and load the CSV files into the database")
    dsub.add_parser("check", help="validate only; print file:line errors")

    ask = sub.add_parser("ask", help="ask one question (or a batch) and print the answer")
    ask.add_argument("question", nargs="?", default="", help="the question, e.g. 随迁子女入学要带什么材料？")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--batch", metavar="FILE", help="one question a line (plain text or {\"id\", \"question\"}); - for stdin")

    sub.add_parser("chat", help="interactive terminal chat")
    sub.add_parser("run", help="the main job: Telegram if TELEGRAM_BOT_TOKEN is set, else the terminal chat")
    sub.add_parser("telegram", help="run the Telegram bot (long polling, or a webhook if TELEGRAM_WEBHOOK_URL is set)")
    web = sub.add_parser("web", help="run the web chat and the staff pages on WEB_HOST:WEB_PORT")
    web.add_argument("--workers", type=int, default=None,
                     help="worker processes (default WEB_WORKERS, 1); above 1 conversations and limits are shared in the database")

    report = sub.add_parser("report", help="staff report: volume, answered share, feedback, question groups, queue")
    report.add_argument("--since", default="7d", help="e.g. 7d, 30d, 12h")
    report.add_argument("--format", default="table", choices=["table", "csv", "xlsx", "json"])
    report.add_argument("--out", "-o", type=Path, default=None, help="file to write (default: stdout)")

    logs = sub.add_parser("logs", help="the query log")
    lsub = logs.add_subparsers(dest="logs_command", metavar="ACTION")
    export = lsub.add_parser("export", help="export questions with their feedback")
    export.add_argument("--since", default="30d")
    export.add_argument("--format", default="jsonl", choices=["jsonl", "csv"])
    purge = lsub.add_parser("purge", help="delete old questions and their feedback")
    purge.add_argument("--older-than", default="365d")

    evaluation = sub.add_parser("eval", help="evaluate retrieval and answers on the question set, beside the baselines")
    evaluation.add_argument("--fit-scope", action="store_true", help="re-fit the learned ranker, the in-scope model and the clarify boundaries on the own sets (5-fold CV) and save them")
    evaluation.add_argument("--own-only", action="store_true", help="only the own sets, every fitted part cross-validated (no held-out file is read); with --fit-scope, re-fit and save first")
    evaluation.add_argument("--write-baseline", action="store_true", help="save the figures as the committed baseline")
    evaluation.add_argument("--questions", type=Path, default=None)
    evaluation.add_argument("--multidoc-only", action="store_true",
                            help="only the multi-document figures (plan + sample notice), fast")
    evaluation.add_argument("--lookups-only", type=Path, default=None, metavar="FILE",
                            help="only score the school-data look-ups on FILE (lookups_dev.jsonl format), with every miss")
    evaluation.add_argument("--set", type=Path, default=None, metavar="FILE",
                            help="only score FILE (an own set, families format) by outcome, with every miss; a held-out file is refused")
    bench = sub.add_parser("bench", help="latency, build time, cold start and memory benchmarks")
    bench.add_argument("--sizes", default="200,1000", help="generated corpus sizes, comma-separated (0 = none)")
    bench.add_argument("--load-only", action="store_true", help="only the load run (web app, 20 concurrent clients)")
    bench.add_argument("--no-load", action="store_true", help="skip the load run")
    bench.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test",
                       help="PostgreSQL server for the load run (a scratch database is created and dropped there)")

    sub.add_parser("migrate", help="bring the database schema up to date")

    from bot.app.commands.documents import add_parsers

    add_parsers(sub)

    wechat = sub.add_parser("wechat", help="the WeChat Official Account")
    wsub = wechat.add_subparsers(dest="wechat_command", metavar="ACTION")
    wsub.add_parser("menu", help="create the custom menu from handlers/wechat/menu.yaml")
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 0
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "chromadb", "jieba", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    if args.command in {"ask", "chat", "run", "telegram", "web", "logs", "eval", "bench"}:
        from bot.appsecrets import SecretError, with_resolved_secrets

        try:
            settings = with_resolved_secrets(settings)
        except SecretError as exc:
            print(f"错误 error: {exc}", file=err)
            return 2
    if args.command == "migrate":
        from bot.app.runtime import open_engine

        open_engine(settings)
        print("schema up to date", file=out)
        return 0
    if args.command in {"ingest", "knowledge"}:
        from bot.app.commands.knowledge import run

        if args.command == "knowledge" and args.knowledge_command != "show":
            parser.parse_args(["knowledge", "--help"])
        return run(settings, args, out, err)
    if args.command == "data":
        from bot.app.commands.data import run

        return run(settings, args, out, err)
    if args.command == "ask":
        from bot.app.commands.ask import run

        return run(settings, args, out, err)
    if args.command in {"chat", "run", "telegram", "web"}:
        from bot.app.commands.channels import run

        return run(settings, args, out, err)
    if args.command == "documents":
        from bot.app.commands.documents import run

        return run(settings, args, out, err)
    if args.command in {"report", "logs", "staff"}:
        from bot.app.commands.staff import run

        return run(settings, args, out, err)
    if args.command == "wechat":
        from handlers.wechat.menu import run_menu

        if args.wechat_command != "menu":
            parser.parse_args(["wechat", "--help"])
        return run_menu(settings, out, err)
    if args.command in {"eval", "bench"}:
        from bot.app.commands.measure import run

        return run(settings, args, out, err)
    parser.print_help(err)
    return 2
