"""Chinese numerals and the heading markers of official documents."""

from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
CN_NUM = "零〇一二两三四五六七八九十百"


def cn_to_int(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105; None if not a numeral."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        else:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
    return total + current


def int_to_cn(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value - 10] if value > 10 else "")
    if value < 100:
        tens, ones = divmod(value, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    return str(value)


# marker kind -> pattern on a Simplified, width-normalised line.  Group 1 is the numeral.
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第([{CN_NUM}\d]+)章")),
    ("part", re.compile(rf"^第([{CN_NUM}\d]+)节")),
    ("article", re.compile(rf"^第([{CN_NUM}\d]+)条")),
    ("cn", re.compile(rf"^([{CN_NUM}]+)、")),
    ("paren_cn", re.compile(rf"^（([{CN_NUM}]+)）")),
    ("arabic", re.compile(r"^(\d{1,3})[\.．、](?!\d)")),
    ("paren_arabic", re.compile(r"^（(\d{1,3})）")),
    ("circled", re.compile(r"^([①-⑳])")),
]


def numeral_value(kind: str, numeral: str) -> int | None:
    if kind == "circled":
        return ord(numeral) - ord("①") + 1
    if numeral.isdigit():
        return int(numeral)
    return cn_to_int(numeral)


def match_marker(simplified_line: str) -> tuple[str, str, int | None] | None:
    """(kind, marker text as written, numeral value) for a heading line, else None."""
    for kind, pattern in MARKERS:
        match = pattern.match(simplified_line)
        if match:
            return kind, match.group(0), numeral_value(kind, match.group(1))
    return None
