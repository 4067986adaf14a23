"""`documents …` on the command line: the same lifecycle verbs as the staff pages (文件管理)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.settings import Settings

if TYPE_CHECKING:  # the parser is built for every command; the lifecycle is imported only when a document verb runs
    from sqlalchemy.engine import Engine

    from bot.documents.lifecycle import Preview

SyncIndex = Callable[[], str]  # brings the vector index up to date; returns a line to print


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    docs = sub.add_parser("documents", help="documents: list, add (draft), edit, publish, supersede, withdraw, delete")
    dsub = docs.add_subparsers(dest="documents_command", metavar="ACTION")
    listing = dsub.add_parser("list", help="every document with its status")
    listing.add_argument("--json", action="store_true")
    add = dsub.add_parser("add", help="parse a file into a draft (草稿, not answering yet); prints its id and outline")
    add.add_argument("file", type=Path)
    edit = dsub.add_parser("edit", help="edit what the parser could not find")
    edit.add_argument("id")
    edit.add_argument("--title")
    edit.add_argument("--short-title", dest="short_title")
    edit.add_argument("--number")
    edit.add_argument("--issued", help="the date it was signed, e.g. 2026-05-20")
    for verb, text in (("publish", "publish a draft: it answers from now on"), ("withdraw", "withdraw (已废止): no longer cited"),
                       ("delete", "delete from the database and the index")):
        dsub.add_parser(verb, help=text).add_argument("id")
    supersede = dsub.add_parser("supersede", help="NEW_ID replaces OLD_ID (from a date, default today)")
    supersede.add_argument("new_id")
    supersede.add_argument("--replaces", required=True, metavar="OLD_ID")
    supersede.add_argument("--from", dest="from_date", default="", metavar="DATE")
    for parser in dsub.choices.values():
        if parser is not listing:
            parser.add_argument("--by", default="cli", help="who does it (recorded)")

    staff = sub.add_parser("staff", help="personal staff accounts for the staff pages")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    staff_add = ssub.add_parser("add", help="add an account (or set a new password); asks for the password")
    staff_add.add_argument("name")
    staff_add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    ssub.add_parser("remove", help="remove an account").add_argument("name")
    ssub.add_parser("list", help="list the accounts")


def outline(preview: Preview, out: TextIO) -> None:
    doc = preview.document
    print(f"{doc.doc_id}  {doc.status}  《{doc.title or '（无标题）'}》 {doc.number} 成文 {doc.issued or '—'}", file=out)
    for section in preview.sections:
        indent = "  " * (len(section.path_s) + 1)
        print(f"{indent}{section.section_id:>8}  {section.heading_s[:40]}", file=out)
    for repair in doc.repairs:
        print(f"  修复 repair (line {repair['line']}): {repair['before']} → {repair['after']}", file=out)
    for warning in preview.warnings:
        print(f"  注意 warning: {warning}", file=out)


def run_documents(engine: Engine, args: argparse.Namespace, upload_dir: Path, max_bytes: int, sync: SyncIndex,
                  out: TextIO, err: TextIO) -> int:
    from sqlmodel import Session

    from bot.documents import lifecycle
    from bot.documents.lifecycle import LifecycleError
    from knowledge.ingest.upload import UploadRejected

    command = args.documents_command
    try:
        with Session(engine) as session:
            if command == "list" or command is None:
                rows = lifecycle.document_rows(session)
                if getattr(args, "json", False):
                    json.dump({"documents": rows}, out, ensure_ascii=False, indent=2)
                    out.write("\n")
                    return 0
                for row in rows:
                    print(f"{row['doc_id']:24} {row['status']:5} 《{row['short_title'] or row['title']}》 {row['number']} "
                          f"{row['issued']}  {row['sections']} 节  {row['added_by'] or '随项目发布'}", file=out)
                return 0
            if command == "add":
                path: Path = args.file
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    print(f"错误 error: 读不到文件 {path}（{exc.strerror or exc}）", file=err)
                    return 1
                outline(lifecycle.add_draft(session, upload_dir, path.name, data, args.by, max_bytes), out)
                print("草稿已保存，尚未发布：python -m bot documents publish ID", file=out)
                return 0
            if command == "edit":
                doc = lifecycle.edit_metadata(session, args.id, args.by, title=args.title, short_title=args.short_title,
                                              number=args.number, issued=args.issued)
                print(f"{doc.doc_id}: 《{doc.title}》 简称《{doc.short_title}》 {doc.number} 成文 {doc.issued}", file=out)
                return 0
            if command == "publish":
                doc = lifecycle.publish(session, args.id, args.by)
                print(f"{doc.doc_id}: 已发布（{doc.status}）", file=out)
            elif command == "supersede":
                new, old = lifecycle.supersede(session, args.new_id, args.replaces, args.by, args.from_date)
                print(f"{new.doc_id} 自 {new.effective_from} 起替代 {old.doc_id}（{old.status}）", file=out)
            elif command == "withdraw":
                doc = lifecycle.withdraw(session, args.id, args.by)
                print(f"{doc.doc_id}: {doc.status}，不再被引用", file=out)
            elif command == "delete":
                title = lifecycle.delete(session, args.id, args.by)
                print(f"{args.id}: 已删除《{title}》", file=out)
            else:
                print(f"unknown action {command}", file=err)
                return 2
    except (LifecycleError, UploadRejected) as exc:
        print(f"错误 error: {exc}", file=err)
        return 1
    print(sync(), file=out)
    return 0


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app.runtime import open_engine, sync_index

    engine = open_engine(settings)

    def sync() -> str:
        added, removed, total = sync_index(settings, engine)
        return f"index: {added} unit(s) embedded, {removed} removed, {total} in all"

    return run_documents(engine, args, settings.upload_dir, settings.upload_max_mb * 1024 * 1024, sync, out, err)
