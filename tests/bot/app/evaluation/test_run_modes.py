"""The eval modes that print an own set's misses refuse the held-out sets before anything is built (CLI in-process)."""

from __future__ import annotations

import io

import pytest

from bot.app.cli import main
from bot.app.evaluation.dataset import EVAL_DIR, HELD_OUT


@pytest.mark.parametrize("flag", ["--set", "--lookups-only"])
@pytest.mark.parametrize("name", HELD_OUT)
def test_the_miss_printing_modes_refuse_a_held_out_set(flag: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_runtime(*args: object, **kwargs: object) -> None:
        raise AssertionError("a runtime was built for a held-out set")

    monkeypatch.setattr("bot.app.runtime.build_runtime", no_runtime)
    out = io.StringIO()
    with pytest.raises(SystemExit, match="held out"):
        main(["eval", flag, str(EVAL_DIR / name)], out=out, err=io.StringIO())
    assert out.getvalue() == ""
