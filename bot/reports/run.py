"""`python -m bot report [--since 7d] [--format table|csv|xlsx|json] [--out FILE]`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO, Any, TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.reports.build import build_report
from bot.reports.periods import parse_duration
from bot.reports.render import FORMATS, render
from retrieval.embedders import Embedder


def run_report(
    engine: Engine,
    embedder: Embedder | None,
    since_text: str = "7d",
    fmt: str = "table",
    out: str | Path | IO[Any] | None = None,
    *,
    err: TextIO | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Build and render the report; returns the exit code (2 on bad arguments)."""
    err = err or sys.stderr
    try:
        since = parse_duration(since_text)
        if fmt not in FORMATS:
            raise ValueError(f"--format wants one of {', '.join(FORMATS)} (got {fmt!r})")
    except ValueError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if out is None and fmt == "xlsx" and sys.stdout.isatty():
        out = Path(f"report-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}.xlsx")  # never spill a workbook onto a terminal
        print(f"writing {out}", file=err)
    with Session(engine) as session:
        report = build_report(session, embedder, since, now)
    render(report, fmt, sys.stdout if out is None else out)
    return 0
