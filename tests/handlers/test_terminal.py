"""The terminal chat numbers a clarification's choices; the number typed next is answered (real core, fake embedder)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.answer import Choice
from bot.app.runtime import build_runtime
from bot.settings import Settings
from handlers.terminal import PICK_HINT, numbered_choices, run_chat


def test_choices_are_numbered() -> None:
    assert numbered_choices([Choice("七营镇", "七营镇高崖村"), Choice("高崖乡", "高崖乡高崖村")]) == "① 七营镇  ② 高崖乡"


def test_a_typed_number_picks_the_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "terminal-test-secret-0123456789")
    runtime = build_runtime(Settings(), show_progress=False)
    out = io.StringIO()
    assert run_chat(runtime.core, stdin=io.StringIO("俺家在高崖村，娃上几年级去哪个学校\n2\n"), out=out) == 0
    shown = out.getvalue()
    assert "① 七营镇  ② 高崖乡" in shown and PICK_HINT in shown
    after = shown.split(PICK_HINT, 1)[1]
    zone = runtime.directory.zone_for("高崖村", township="高崖乡")
    assert zone is not None
    assert zone.primary.name in after  # the second township's school, answered
