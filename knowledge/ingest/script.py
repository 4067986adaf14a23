"""Script folding (Traditional -> Simplified) with converters built once per process use."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    return _converter("s2tw").convert(text) if text else text


def fold(text: str, *, drop_spaces: bool = False) -> str:
    """The one text fold for matching: NFKC (half-width letters and digits), Simplified script, lower
    case; with ``drop_spaces``, whitespace removed before the script conversion."""
    text = unicodedata.normalize("NFKC", text or "")
    if drop_spaces:
        text = _WHITESPACE.sub("", text)
    return to_simplified(text).lower()
