"""`data check` and `data load`: the county's school data CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.settings import Settings
from knowledge.schooldata.loaded import files_digest, record_digest
from knowledge.schooldata.loader import FILES, load_into_db, load_rows


def run_data(engine: Engine, data_dir: Path, action: str, out: TextIO, err: TextIO) -> int:
    if action == "load":
        with Session(engine) as session:
            result = load_into_db(session, data_dir)
            if not result.failed_files:
                record_digest(session, files_digest(data_dir, FILES))
    else:
        result = load_rows(data_dir)
    for error in result.errors:
        print(f"错误 error: {error}", file=err)
    for warning in getattr(result, "warnings", []):
        print(f"注意 warning: {warning}", file=err)
    counts = ", ".join(f"{name} {count}" for name, count in result.counts().items())
    verb = "loaded" if action == "load" and not result.failed_files else "valid rows"
    print(f"{verb}: {counts}", file=out)
    return 1 if result.errors else 0


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app.runtime import open_engine

    return run_data(open_engine(settings), settings.school_data_dir, args.data_command or "check", out, err)
