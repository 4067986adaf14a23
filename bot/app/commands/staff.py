"""`report`, `logs export|purge` and `staff add|remove|list`: the staff's reads, the query log's upkeep and the
personal staff accounts on the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from typing import TextIO

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.querylog import QueryLog
from bot.settings import Settings
from bot.staff import crud as staff_crud
from bot.staff.models import StaffAccountCreate


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "staff":
        from bot.app.runtime import open_engine

        return run_staff(open_engine(settings), args, sys.stdin, out, err)
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


def read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin or not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 password: ")
    if first != getpass.getpass("再输一次 again: "):
        raise ValueError("两次输入的密码不一致")
    return first


def run_staff(engine: Engine, args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    with Session(engine) as session:
        if args.staff_command == "add":
            try:
                data = StaffAccountCreate(name=args.name, password=read_password(args.password_stdin, stdin))
            except ValidationError as exc:
                print("错误 error: " + "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()), file=err)
                return 1
            except ValueError as exc:
                print(f"错误 error: {exc}", file=err)
                return 1
            account, created = staff_crud.add_account(session, data)
            print(f"{account.name}: {'账号已添加' if created else '密码已更新'}", file=out)
            return 0
        if args.staff_command == "remove":
            if staff_crud.remove_account(session, args.name):
                print(f"{args.name}: 账号已删除", file=out)
                return 0
            print(f"错误 error: 没有账号 {args.name}", file=err)
            return 1
        for account in staff_crud.list_accounts(session):
            print(f"{account.name}  {account.created_at:%Y-%m-%d}", file=out)
        return 0
