"""Toneless pinyin of Chinese characters, and the sounds people mix up, for matching misspelt place names."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

_LOOSE_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_LOOSE_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=16384)
def readings(ch: str) -> frozenset[str]:
    """All toneless pinyin readings of one character (empty for non-Chinese)."""
    if not is_cjk(ch):
        return frozenset()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    return frozenset(r for r in found if r.isascii() and r.isalpha())


@lru_cache(maxsize=16384)
def primary_reading(ch: str) -> str:
    """The usual toneless reading of a character (the character itself if not Chinese)."""
    if not is_cjk(ch):
        return ch
    found = pinyin(ch, style=Style.NORMAL)[0]
    return found[0] if found else ch


@lru_cache(maxsize=16384)
def text_reading(ch: str) -> frozenset[str]:
    """The usual reading of a character as typed by the family (a set, to compare with a name's
    readings). A name's character may be read any of its ways (堡 bao/bu/pu), but the text's is
    taken as its common one, so that rare readings (方 = wang) do not make false homophones."""
    if not readings(ch):
        return frozenset()
    return frozenset({primary_reading(ch)})


@lru_cache(maxsize=4096)
def loose(reading: str) -> str:
    """Fold the sounds people commonly mix up (zh/z, n/l, f/h, -ng/-n) for near-homophones."""
    for full, short in _LOOSE_INITIALS:
        if reading.startswith(full):
            reading = short + reading[len(full) :]
            break
    for full, short in _LOOSE_FINALS:
        if reading.endswith(full):
            reading = reading[: -len(full)] + short
            break
    return reading


def pinyin_key(text: str) -> str:
    """The text's usual readings, space-separated (for fuzzy comparison of two names)."""
    return " ".join(primary_reading(ch) for ch in text)
