"""Find ID, phone and bank-card numbers as people type them: spaced, dotted, in Chinese numerals.

A "digit run" is a stretch of digits (ASCII, or 〇零一二三四五六七八九 幺 两) with single separators
(space . - ·) between them, optionally led by + / 00 and closed by an ID check letter X. The run is
normalised to plain digits and classified by length; the original span is what gets replaced.
Chinese-numeral runs count only when long enough to be a number (so 三年级 or 一二三 stay text).
"""

from __future__ import annotations

import re
from collections.abc import Callable

CHINESE_DIGITS = {"〇": "0", "零": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
                  "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_DIGIT = "[0-9" + "".join(CHINESE_DIGITS) + "]"
_SEP = r"[ .\-·\u3000]"
RUN = re.compile(rf"\+?(?<![0-9]){_DIGIT}(?:{_SEP}?{_DIGIT})*(?:{_SEP}?[Xx](?![A-Za-z]))?(?![0-9])")
MIN_CHINESE_DIGITS = 7  # a run of Chinese numerals shorter than this is ordinary text


def normalise(run: str) -> str:
    """The digits of a run, separators dropped, Chinese numerals as ASCII ("X" kept)."""
    return "".join(CHINESE_DIGITS.get(ch, ch) for ch in run if ch.isdigit() or ch in CHINESE_DIGITS or ch in "Xx+").upper()


def classify(digits: str) -> str:
    """"id_number" / "mobile" / "bank_card", or "" for any other number."""
    plus = digits.startswith("+")
    digits = digits.lstrip("+")
    if digits.endswith("X"):
        return "id_number" if len(digits) == 18 and digits[:-1].isdigit() and not plus else ""
    for prefix in ("0086", "86"):
        if (plus or prefix == "0086" or len(digits) == 13) and digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    if len(digits) == 11 and re.fullmatch(r"1[3-9]\d{9}", digits):
        return "mobile"
    if plus:
        return ""
    if len(digits) in (15, 18):
        return "id_number"
    if 16 <= len(digits) <= 19:
        return "bank_card"
    return ""


def replace_numbers(text: str, placeholder: Callable[[str], str]) -> tuple[str, list[str]]:
    """Replace every classified digit run by `placeholder(kind)`; (new text, kinds in order)."""
    found: list[str] = []

    def _sub(match: re.Match[str]) -> str:
        run = match.group()
        chinese = sum(1 for ch in run if ch in CHINESE_DIGITS)
        if chinese and chinese < MIN_CHINESE_DIGITS:
            return run
        kind = classify(normalise(run))
        if not kind:
            return run
        found.append(kind)
        return placeholder(kind)

    return RUN.sub(_sub, text), found
