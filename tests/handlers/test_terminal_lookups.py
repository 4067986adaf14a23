"""The terminal chat (real core, fake embedder): numbered choices, answered by typing a number or a name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.runtime import build_runtime
from bot.settings import Settings
from handlers.terminal import run_chat


def test_clarifying_question_answered_by_number_and_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "terminal-typed-choice")
    runtime = build_runtime(Settings(), show_progress=False)
    stdin = io.StringIO("张湾村的娃上哪个学校\n1\n张湾村的娃上初中去哪\n西安镇\n")
    out = io.StringIO()
    assert run_chat(runtime.core, stdin=stdin, out=out) == 0
    text = out.getvalue()
    assert text.count("① 关桥乡") == 2 and text.count("② 西安镇") == 2  # the numbered choices, asked twice
    assert "关桥乡张湾村对口的学校：小学是关桥乡中心小学，初中是关桥乡中学" in text
    assert "西安镇张湾村上初中对口西安镇中学" in text
