"""`python -m bot`: the command line. Each subcommand builds what it needs in main(), nothing at import."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

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
    sub.add_parser("web", help="run the web chat and the staff pages on WEB_HOST:WEB_PORT")

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
    evaluation.add_argument("--fit-scope", action="store_true", help="re-fit the in-scope model and save it")
    evaluation.add_argument("--write-baseline", action="store_true", help="save the figures as the committed baseline")
    evaluation.add_argument("--questions", type=Path, default=None)
    bench = sub.add_parser("bench", help="latency, build time, cold start and memory benchmarks")
    bench.add_argument("--sizes", default="200,1000", help="generated corpus sizes, comma-separated (0 = none)")

    sub.add_parser("migrate", help="bring the database schema up to date")
    from bot.documents_commands import add_parsers

    add_parsers(sub)
    return parser


def _engine(settings: Settings):
    from bot.db import make_engine, migrate

    settings.ensure_dirs()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return engine


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

    if args.command == "migrate":
        _engine(settings)
        print("schema up to date", file=out)
        return 0
    if args.command == "ingest":
        from bot.knowledge_commands import run_ingest

        engine = _engine(settings)
        code = run_ingest(engine, args.paths or [settings.knowledge_dir], out, err, shipped_dir=settings.knowledge_dir)
        from bot.runtime import sync_index

        added, removed, total = sync_index(settings, engine)
        print(f"index: {added} unit(s) embedded, {removed} removed, {total} in all", file=out)
        return code
    if args.command == "knowledge":
        from bot.knowledge_commands import run_knowledge_show

        if args.knowledge_command != "show":
            parser.parse_args(["knowledge", "--help"])
        return run_knowledge_show(_engine(settings), args.json, out)
    if args.command in {"documents", "staff"}:
        return _documents(settings, args, out, err)
    if args.command == "data":
        from bot.data_commands import run_data

        return run_data(_engine(settings), settings.school_data_dir, args.data_command or "check", out, err)
    if args.command in {"ask", "chat", "run"}:
        from bot.runtime import build_runtime

        if args.command == "run" and settings.telegram_bot_token.get_secret_value():
            return _telegram(settings)
        runtime = build_runtime(settings, show_progress=True)
        if args.command == "ask":
            from bot.ask_commands import run_ask

            if not args.question and args.batch is None:
                print("请给出问题，例如：python -m bot ask \"随迁子女入学要带什么材料？\"", file=err)
                return 2
            return run_ask(runtime.core, args.question, args.json, args.batch, out)
        from handlers.terminal import run_chat

        return run_chat(runtime.core, out=out)
    if args.command == "telegram":
        return _telegram(settings)
    if args.command == "web":
        return _web(settings)
    if args.command == "report":
        return _report(settings, args, out, err)
    if args.command == "logs":
        return _logs(settings, args, out, err)
    if args.command == "eval":
        from bot.evaluation.run import run_eval

        return run_eval(settings, out, fit_scope=args.fit_scope, write_baseline=args.write_baseline, questions=args.questions)
    if args.command == "bench":
        from bot.evaluation.bench import run_bench

        sizes = tuple(int(n) for n in args.sizes.split(",") if n.strip() and int(n) > 0)
        return run_bench(settings, out, sizes)
    parser.print_help(err)
    return 2


def _documents(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.documents_commands import run_documents, run_staff

    engine = _engine(settings)
    if args.command == "staff":
        return run_staff(engine, args, sys.stdin, out, err)

    def sync() -> str:
        from bot.runtime import sync_index

        added, removed, total = sync_index(settings, engine)
        return f"index: {added} unit(s) embedded, {removed} removed, {total} in all"

    return run_documents(engine, args, settings.upload_dir, settings.upload_max_mb * 1024 * 1024, sync, out, err)


def parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([dhw]?)\s*", text or "")
    if not match:
        raise ValueError(f"bad duration {text!r}: use e.g. 7d, 12h, 2w")
    value, unit = int(match[1]), match[2] or "d"
    return {"d": timedelta(days=value), "h": timedelta(hours=value), "w": timedelta(weeks=value)}[unit]


def _querylog(settings: Settings):
    from bot import __version__
    from bot.querylog import QueryLog

    return QueryLog(_engine(settings), settings.spool_path, settings.user_key_secret, __version__)


def _logs(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.logs_command == "export":
            since = datetime.now(UTC) - parse_duration(args.since)
            count = _querylog(settings).export(since, args.format, out)
            print(f"exported {count} question(s)", file=err)
            return 0
        if args.logs_command == "purge":
            count = _querylog(settings).purge(parse_duration(args.older_than))
            print(f"purged {count} question(s) older than {args.older_than}", file=out)
            return 0
    except ValueError as exc:
        print(f"错误 error: {exc}", file=err)
        return 2
    print("usage: python -m bot logs {export,purge}", file=err)
    return 2


def _telegram(settings: Settings) -> int:
    from bot.runtime import build_runtime
    from bot.staff_reports import QueryLogReports
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
    from bot.runtime import build_runtime
    from handlers.web.app import run

    run(settings, service_factory=lambda s, engine, embedder: build_runtime(s, True, embedder, engine).core)
    return 0


def _report(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.reports import run_report
    from retrieval.embedders import make_embedder

    embedder = make_embedder(settings.embedder, settings.embedder_model_path)
    return run_report(_engine(settings), embedder, args.since, args.format, args.out or (None if args.format == "xlsx" else out), err=err)
