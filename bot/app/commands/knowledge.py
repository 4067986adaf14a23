"""`ingest` and `knowledge show`: the policy documents on the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.settings import Settings
from knowledge.ingest.store import ingest_paths, list_documents, list_sections

LABELS = {"added": "新增", "replaced": "已更新（替换旧版本）", "unchanged": "未变化，跳过",
          "withheld": "工作人员已删除，不再导入", "removed": "文件已不在知识目录，已从数据库和索引中移除"}


def run_ingest(engine: Engine, paths: list[Path], out: TextIO, err: TextIO, shipped_dir: Path | None = None) -> int:
    with Session(engine) as session:
        report = ingest_paths(session, paths, shipped_dir=shipped_dir)
    for doc_id, outcome in report.outcomes.items():
        label = LABELS[outcome]
        print(f"{doc_id}: {label} ({outcome})", file=out)
    for error in report.errors:
        print(f"错误 error: {error} — skipped", file=err)
    if not report.outcomes and not report.errors:
        print("没有找到文档 no documents found", file=err)
        return 1
    return 0 if report.outcomes else 1


def knowledge_payload(engine: Engine) -> dict[str, object]:
    with Session(engine) as session:
        documents = list_documents(session)
        payload = []
        for doc in documents:
            sections = list_sections(session, doc.doc_id)
            payload.append(
                {
                    "doc_id": doc.doc_id,
                    "title": doc.title,
                    "number": doc.number,
                    "issued": doc.issued,
                    "status": doc.status,
                    "repairs": doc.repairs,
                    "sections": [
                        {
                            "section_id": s.section_id,
                            "number": s.number,
                            "heading": s.heading_s,
                            "path": s.path_s,
                            "text": s.text_s,
                        }
                        for s in sections
                    ],
                }
            )
    return {"documents": payload}


def run_knowledge_show(engine: Engine, as_json: bool, out: TextIO) -> int:
    payload = knowledge_payload(engine)
    if as_json:
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    for doc in payload["documents"]:  # type: ignore[union-attr,attr-defined]
        print(f"《{doc['title']}》 {doc['number']} 成文 {doc['issued']} {doc['status']}  [{doc['doc_id']}]", file=out)
        for repair in doc["repairs"]:
            print(f"  修复 repair (line {repair['line']}): {repair['before']} → {repair['after']}", file=out)
        for section in doc["sections"]:
            indent = "  " * (len(section["path"]) + 1)
            print(f"{indent}{section['section_id']:>8}  {section['heading'][:40]}  ({len(section['text'])} 字)", file=out)
    return 0


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app.runtime import open_engine, sync_index

    engine = open_engine(settings)
    if args.command == "knowledge":
        return run_knowledge_show(engine, args.json, out)
    code = run_ingest(engine, args.paths or [settings.knowledge_dir], out, err, shipped_dir=settings.knowledge_dir)
    added, removed, total = sync_index(settings, engine)
    print(f"index: {added} unit(s) embedded, {removed} removed, {total} in all", file=out)
    return code
