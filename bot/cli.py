"""`python -m bot`: the command line. Each subcommand builds what it needs in main(), nothing at import."""

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

    sub.add_parser("migrate", help="bring the database schema up to date")
    return parser


def _engine(settings: Settings):  # noqa: ANN202
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

        return run_ingest(_engine(settings), args.paths or [settings.knowledge_dir], out, err)
    if args.command == "knowledge":
        from bot.knowledge_commands import run_knowledge_show

        if args.knowledge_command != "show":
            parser.parse_args(["knowledge", "--help"])
        return run_knowledge_show(_engine(settings), args.json, out)
    if args.command == "data":
        from bot.data_commands import run_data

        return run_data(_engine(settings), settings.school_data_dir, args.data_command or "check", out, err)
    parser.print_help(err)
    return 2
