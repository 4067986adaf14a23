"""Certain repairs of scrape damage, each recorded with what, where and why."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from knowledge.ingest.numerals import CN_NUM, cn_to_int, int_to_cn
from knowledge.ingest.script import to_simplified


@dataclass(frozen=True)
class Repair:
    kind: str
    line: int  # 1-based line number among the cleaned lines
    before: str
    after: str
    why: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# Issuer abbreviation ending in 发/發 etc., then year and serial with the brackets or 号 lost.
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,5}?[發发辦办函字])(?P<open>[〔\[［(（]?)(?P<year>(?:19|20)\d{2})"
    r"(?P<close>[〕\]］)）]?)(?P<serial>\d{1,4})(?P<hao>[號号]?)(?![\d年月日])"
)
_DATE_LINE = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
_ORPHAN_GROUP_HEADING = re.compile(r"^）(?=[\u4e00-\u9fff])")
_PAREN_CN = re.compile(rf"^（([{CN_NUM}]+)）")


def repair_lines(lines: list[str]) -> tuple[list[str], list[Repair]]:
    traditional = any(to_simplified(line) != line for line in lines)
    hao = "號" if traditional else "号"
    repairs: list[Repair] = []
    out: list[str] = []
    last_group_numeral: int | None = None
    for index, line in enumerate(lines, start=1):
        line = _repair_doc_numbers(line, hao, index, repairs)
        line = _repair_date_line(line, index, repairs)
        line, last_group_numeral = _repair_group_heading(line, last_group_numeral, index, repairs)
        line = _repair_edge_brackets(line, index, repairs)
        out.append(line)
    return out, repairs


def _repair_doc_numbers(line: str, hao: str, index: int, repairs: list[Repair]) -> str:
    def fix(match: re.Match[str]) -> str:
        whole = match.group(0)
        if match.group("open") in "〔[［" and match.group("close") and match.group("hao") and match.group("open"):
            return whole  # intact
        if match.group("open") in "(（" and match.group("close"):
            return whole  # a parenthesised year, not a damaged number
        fixed = f"{match.group('prefix')}〔{match.group('year')}〕{match.group('serial')}{hao}"
        if fixed != whole:
            repairs.append(
                Repair(
                    "document-number",
                    index,
                    whole,
                    fixed,
                    "发文字号 is issuer + 〔year〕 + serial + 号; the scrape dropped the brackets or 号, "
                    "and the four-digit year before the serial makes the split certain",
                )
            )
        return fixed

    return _DOC_NUMBER.sub(fix, line)


def _repair_date_line(line: str, index: int, repairs: list[Repair]) -> str:
    match = _DATE_LINE.match(line)
    if not match:
        return line
    year, rest = int(match.group(1)), match.group(2)
    readings = set()
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2 or (month.startswith("0") and len(month) == 1):
            continue
        try:
            readings.add(dt.date(year, int(month), int(day)))
        except ValueError:
            continue
    if len(readings) != 1:
        return line  # ambiguous (e.g. 2019111): leave it as it is
    date = readings.pop()
    fixed = f"{date.year}年{date.month}月{date.day}日"
    repairs.append(
        Repair("date", index, line, fixed, "a line of bare digits in the signature block; only one "
               "split into month and day is a valid date")
    )
    return fixed


def _repair_group_heading(
    line: str, last: int | None, index: int, repairs: list[Repair]
) -> tuple[str, int | None]:
    simplified = to_simplified(line)
    found = _PAREN_CN.match(simplified)
    if found:
        return line, cn_to_int(found.group(1))
    if last is not None and _ORPHAN_GROUP_HEADING.match(line) and "。" not in line[:60]:
        numeral = last + 1
        fixed = f"（{int_to_cn(numeral)}）{line[1:]}"
        repairs.append(
            Repair("group-heading", index, line, fixed, f"a group heading that lost its opening bracket "
                   f"and numeral; it follows （{int_to_cn(last)}）, so it is （{int_to_cn(numeral)}）")
        )
        return fixed, numeral
    return line, last


def _repair_edge_brackets(line: str, index: int, repairs: list[Repair]) -> str:
    fixed = line
    for open_, close in (("《", "》"), ("（", "）")):
        if fixed.count(open_) == fixed.count(close) - 1 and fixed.find(close) < (
            fixed.find(open_) if open_ in fixed else len(fixed)
        ) and not fixed.startswith(close):
            fixed = open_ + fixed
        elif fixed.count(open_) - 1 == fixed.count(close) and fixed.rfind(open_) > fixed.rfind(close):
            tail = fixed[fixed.rfind(open_) :]
            if "。" not in tail and len(tail) <= 20 and fixed.startswith(open_):
                fixed = fixed + close
    if fixed != line:
        repairs.append(
            Repair("bracket", index, line, fixed, "an unbalanced bracket at the edge of a line: the scrape "
                   "cut its partner")
        )
    return fixed
