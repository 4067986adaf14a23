"""`report` and `logs export|purge`: the staff's reads and the query log's upkeep on the command line."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TextIO

from bot.querylog import QueryLog
from bot.settings import Settings


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "report":
        return _report(settings, args, out, err)
    return _logs(settings, args, out, err)


def _querylog(settings: Settings) -> QueryLog:
    from bot import __version__
    from bot.app.runtime import open_engine

    querylog = QueryLog(open_engine(settings), settings.spool_path, settings.user_key_secret, __version__)
    querylog.replay()  # purge and export see the spooled records too
    return querylog


def _logs(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.reports.export import export
    from bot.reports.periods import parse_duration

    try:
        if args.logs_command == "export":
            since = datetime.now(UTC) - parse_duration(args.since)
            count = export(_querylog(settings).engine, since, args.format, out)
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


def _report(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app.runtime import open_engine
    from bot.reports import run_report
    from retrieval.embedders import make_embedder

    embedder = make_embedder(settings.embedder, settings.embedder_model_path)
    return run_report(open_engine(settings), embedder, args.since, args.format, args.out or (None if args.format == "xlsx" else out), err=err)
