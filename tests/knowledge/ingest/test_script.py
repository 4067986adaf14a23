"""The one text fold: NFKC, Simplified script, lower case, optionally without whitespace; one converter."""

from __future__ import annotations

import pytest

from knowledge.ingest import script
from knowledge.ingest.script import fold, to_simplified


def test_fold_makes_traditional_full_width_text_simplified_ascii_lower_case() -> None:
    assert fold("關橋鄉 ＡＢＣ１２３") == "关桥乡 abc123"


def test_fold_can_drop_whitespace_including_ideographic_spaces() -> None:
    assert fold("關橋鄉\u3000脫場村 \t\n", drop_spaces=True) == "关桥乡脱场村"
    assert fold("", drop_spaces=True) == ""


def test_retrieval_and_approved_answers_use_the_same_fold() -> None:
    from bot.approved import matcher
    from retrieval import text

    assert text.fold is fold
    assert matcher.fold is fold


def test_the_converter_is_built_once_and_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    script._converter.cache_clear()
    built: list[str] = []
    real = script.opencc.OpenCC

    def counting(config: str) -> object:
        built.append(config)
        return real(config)

    monkeypatch.setattr(script.opencc, "OpenCC", counting)
    assert built == []
    for _ in range(3):
        assert to_simplified("隨遷子女") == "随迁子女"
        assert fold("轉學") == "转学"
    assert built == ["t2s"]
    script._converter.cache_clear()
