"""Shared by the `ask --json` look-up tests: one batch run over a dict of questions."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from bot.app.cli import main

AskBatch = Callable[[dict[str, str]], dict[str, dict[str, Any]]]


def _ask_batch(questions: dict[str, str]) -> dict[str, dict[str, Any]]:
    """One `ask --json --batch -` run over every question (the runtime is built once), rows by id."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EMBEDDER", "fake")
    mp.setenv("USER_KEY_SECRET", "lookup-tests-secret-0123456789")
    lines = "".join(json.dumps({"id": key, "question": q}, ensure_ascii=False) + "\n" for key, q in questions.items())
    mp.setattr("sys.stdin", io.StringIO(lines))
    out, err = io.StringIO(), io.StringIO()
    try:
        assert main(["ask", "--json", "--batch", "-"], out=out, err=err) == 0
    finally:
        mp.undo()
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="session")
def ask_batch() -> AskBatch:
    return _ask_batch


def first_line(row: dict[str, Any]) -> str:
    """The answer's opening sentence: what a family reads first."""
    return str(row["answer"]).split("\n", 1)[0]
