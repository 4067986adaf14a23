"""Typos, homophones, pinyin and digit codes fold onto the domain's own words (built from the seed itself)."""

from __future__ import annotations

import pytest

from knowledge.ingest.script import fold
from retrieval.lexical import BM25Index
from retrieval.phonetic import PhoneticFolder, reading
from tests.bot.conftest import SEED


@pytest.fixture(scope="module")
def folder() -> PhoneticFolder:
    text = fold(SEED.read_text(encoding="utf-8"))
    return PhoneticFolder.build([text], BM25Index([text]).known)


def test_reading_joins_toneless_syllables() -> None:
    assert reading("补助") == "buzhu"


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("住校一年给多少钱补主", "补助"),  # a one-character typo
        ("交流论岗咋弄", "交流轮岗"),
        ("既宿生有补助吗", "寄宿"),  # both characters misspelt, same sound
        ("liangmian yibu 是啥意思", "两免一补"),  # toneless pinyin
        ("jiujin ruxue", "就近入学"),
        ("2免1补", "两免一补"),  # digits for numerals
        ("开会老讲4统一", "四统一"),
    ],
)
def test_unknown_spellings_add_the_domain_word(folder: PhoneticFolder, question: str, word: str) -> None:
    assert word in folder.expansions(fold(question))


def test_only_the_longest_word_is_added(folder: PhoneticFolder) -> None:
    assert folder.expansions(fold("交流论岗")) == ["交流轮岗"]


@pytest.mark.parametrize("question", ["娃上学要带啥材料", "今天天气咋样", "what is the weather"])
def test_correct_or_unrelated_text_adds_nothing(folder: PhoneticFolder, question: str) -> None:
    assert folder.expansions(fold(question)) == []


def test_an_empty_folder_adds_nothing() -> None:
    assert PhoneticFolder.empty().expansions("补主") == []
