"""Toneless pinyin of Chinese characters, and the sounds people mix up, for matching misspelt place names."""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

_LOOSE_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_LOOSE_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@cache
def _char_table() -> dict[str, str]:
    """pypinyin's own single-character table (code point -> tone-marked readings, the usual one first),
    read as data: importing pypinyin itself loads its 2.5 MB phrase dictionary (a quarter of a second of a
    one-question command) that single characters never use. The same readings as
    `pypinyin.pinyin(ch, Style.NORMAL)`, checked for every character in tests/knowledge/schooldata."""
    spec = find_spec("pypinyin")  # locates the installed package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _toneless(reading: str) -> str:
    """pypinyin's Style.NORMAL: tone marks dropped, ü written v, ê kept."""
    reading = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "\u00ea")
    return "".join(ch for ch in reading if not unicodedata.combining(ch))


def _char_readings(ch: str) -> list[str]:
    found = _char_table().get(str(ord(ch)))
    return [_toneless(r) for r in found.split(",")] if found else []


@lru_cache(maxsize=16384)
def readings(ch: str) -> frozenset[str]:
    """All toneless pinyin readings of one character (empty for non-Chinese)."""
    if not is_cjk(ch):
        return frozenset()
    return frozenset(r for r in _char_readings(ch) if r.isascii() and r.isalpha())


@lru_cache(maxsize=16384)
def primary_reading(ch: str) -> str:
    """The usual toneless reading of a character (the character itself if not Chinese)."""
    if not is_cjk(ch):
        return ch
    found = _char_readings(ch)
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
