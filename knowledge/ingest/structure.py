"""Parse the structure of a Chinese official document into a tree of sections.

General rules, not tuned to one file: heading markers (第X章 / 第X节 / 第X条 / 一、 / （一） / 1. /
（1） / ①) nest in the order in which their kinds first appear; a kind seen again closes the deeper
ones.  A notice (…的通知) wrapped around the document becomes metadata plus a `notice` section; text
before the first heading is the `preamble`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.ingest.numerals import match_marker
from knowledge.ingest.script import to_simplified

DOC_TYPES = "方案|办法|意见|规定|细则|条例|规划|决定|制度|标准|纲要|计划|规则|通知|公告|通告|指南|章程"
_TITLE_END = re.compile(rf"({DOC_TYPES})$")
_NOTICE_TITLE = re.compile(r"(关于|关於)?.*的通知$")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\d{1,4}号")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ORG_END = re.compile(r"(人民政府|委员会|办公室|办公厅|局|厅|部|委|中心|街道办事处|管委会)$")
_SENTENCE_PUNCT = re.compile("[，。；：！？]")


@dataclass
class ParsedSection:
    section_id: str
    kind: str
    number: str
    heading: str  # original script, number included
    text: str  # original script, heading line's remainder plus following paragraphs
    start: int
    end: int
    parent_id: str | None
    level: int
    path: list[str] = field(default_factory=list)  # ancestors' headings (original script)
    numeral: int | None = None


@dataclass
class ParsedDocument:
    title: str = ""
    issuer: str = ""
    number: str = ""
    signed: str = ""  # ISO date
    recipients: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    text: str = ""


def _iso(date_text: str) -> str:
    match = _DATE.search(date_text)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_title_line(simplified: str) -> bool:
    if simplified[:1] in "（(《【" or simplified[-1:] in "）)》】":
        return False
    return 0 < len(simplified) <= 40 and not _SENTENCE_PUNCT.search(simplified) and match_marker(simplified) is None


def _find_title(simp: list[str], start: int) -> tuple[int, int] | None:
    """A run of 1–3 short unpunctuated lines at `start` that together end in a document type."""
    for length in (1, 2, 3):
        run = simp[start : start + length]
        if len(run) < length or not all(_is_title_line(line) for line in run):
            return None
        if _TITLE_END.search("".join(run)):
            return start, start + length
    return None


def parse_document(lines: list[str]) -> ParsedDocument:
    doc = ParsedDocument()
    lines = list(lines)  # a standalone notice's signature is taken off the end
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    doc.text = "\n".join(lines)
    simp = [to_simplified(line) for line in lines]

    body_start = 0
    notice_index = next((i for i, s in enumerate(simp[:12]) if _NOTICE_TITLE.search(s) and len(s) < 120), None)
    if notice_index is not None:
        body_start = _parse_notice(doc, lines, simp, offsets, notice_index)
    title = None
    for i in range(body_start, min(body_start + 6, len(simp))):
        title = _find_title(simp, i)
        if title:
            break
        if match_marker(simp[i]):
            break
    if title:
        doc.title = "".join(lines[title[0] : title[1]])
        body_start = title[1]
    elif not doc.title and lines:
        doc.title = lines[0] if _is_title_line(simp[0]) else ""
        body_start = max(body_start, 1 if doc.title else 0)
    _parse_body(doc, lines, simp, offsets, body_start)
    return doc


def _parse_notice(doc: ParsedDocument, lines: list[str], simp: list[str], offsets: list[int], at: int) -> int:
    """Read the notice wrapper; return the index of the first line after it."""
    end = at + 1
    signature_seen = False
    for i in range(at + 1, len(simp)):
        s = simp[i]
        if _NUMBER.search(s) and not doc.number and len(s) < 30:
            doc.number = _NUMBER.search(s).group(0)  # type: ignore[union-attr]
        elif s.endswith("：") and s.startswith("各") and not doc.recipients:
            doc.recipients = s.rstrip("：")
        elif _ORG_END.search(s) and len(s) <= 20 and not _SENTENCE_PUNCT.search(s):
            doc.issuer = doc.issuer or s
            signature_seen = True
        elif signature_seen and _DATE.fullmatch(s.strip("（）")):
            doc.signed = _iso(s)
        elif signature_seen and _find_title(simp, i):
            end = i
            break
        elif not signature_seen and i > at + 1 and match_marker(s):  # a notice whose own body is numbered
            end = i
            doc.title = doc.title or lines[at]
            _trailing_signature(doc, lines, simp)
            break
        end = i + 1
    notice_lines = [line for line in lines[at:end]]
    doc.sections.append(
        ParsedSection(
            section_id="notice",
            kind="notice",
            number="",
            heading=lines[at],
            text="\n".join(notice_lines[1:]),
            start=offsets[at],
            end=offsets[end - 1] + len(lines[end - 1]) if end > at else offsets[at],
            parent_id=None,
            level=0,
        )
    )
    return end


def _trailing_signature(doc: ParsedDocument, lines: list[str], simp: list[str]) -> None:
    """A standalone notice ends with its issuer and date: read them and take them off the last section."""
    for i in range(len(simp) - 1, max(len(simp) - 4, 0), -1):
        s = simp[i].strip()
        if _DATE.fullmatch(s.strip("（）")) and not doc.signed:
            doc.signed = _iso(s)
        elif _ORG_END.search(s) and len(s) <= 20 and not _SENTENCE_PUNCT.search(s):
            doc.issuer = doc.issuer or s
        elif s:
            break
        del lines[i]
        del simp[i]


def _split_heading(line: str, simplified: str, kind: str, marker: str) -> tuple[str, str]:
    """Heading text (number included) and the rest of the line as body text."""
    if kind == "article":
        rest = line[len(marker) :].lstrip(" 　")
        return line[: len(marker)], rest
    stop = simplified.find("。")
    if 0 < stop <= 80:
        return line[:stop], line[stop + 1 :]
    if len(simplified) <= 60:
        return line, ""
    comma = simplified.find("，")
    if 0 < comma <= 40:
        return line[:comma], line[comma + 1 :]
    return line[: len(marker)], line[len(marker) :]


def _parse_body(doc: ParsedDocument, lines: list[str], simp: list[str], offsets: list[int], start: int) -> None:
    kind_order: list[str] = []
    stack: list[ParsedSection] = []
    preamble: list[int] = []
    parents: dict[int, ParsedSection | None] = {}
    body: list[tuple[ParsedSection, list[str]]] = []

    for i in range(start, len(lines)):
        found = match_marker(simp[i])
        if not found:
            if stack:
                body[-1][1].append(lines[i])
                for open_section in stack:
                    open_section.end = offsets[i] + len(lines[i])
            else:
                preamble.append(i)
            continue
        kind, marker, numeral = found
        if kind not in kind_order:
            kind_order.append(kind)
        level = kind_order.index(kind)
        while stack and kind_order.index(stack[-1].kind) >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        heading, rest = _split_heading(lines[i], simp[i], kind, marker)
        section = ParsedSection(
            section_id="",
            kind=kind,
            number=lines[i][: len(marker)],
            heading=heading,
            text="",
            start=offsets[i],
            end=offsets[i] + len(lines[i]),
            parent_id=None,
            level=len(stack) + 1,
            path=[*(parent.path if parent else []), *([parent.heading] if parent else [])],
            numeral=numeral,
        )
        parents[id(section)] = parent
        for ancestor in stack:
            ancestor.end = section.end
        stack.append(section)
        body.append((section, [rest] if rest else []))

    if preamble:
        first, last = preamble[0], preamble[-1]
        doc.sections.append(
            ParsedSection(
                section_id="preamble",
                kind="preamble",
                number="",
                heading="前言",
                text="\n".join(lines[j] for j in preamble),
                start=offsets[first],
                end=offsets[last] + len(lines[last]),
                parent_id=None,
                level=0,
            )
        )
    for section, parts in body:
        section.text = "\n".join(part for part in parts if part)
    _assign_ids([section for section, _ in body], parents)
    doc.sections.extend(section for section, _ in body)


def _assign_ids(sections: list[ParsedSection], parents: dict[int, ParsedSection | None]) -> None:
    """Id = parent's id + own numeral; where sibling numerals repeat or are missing (a damaged or
    misnumbered source), the siblings are numbered by position instead."""
    siblings: dict[int, list[ParsedSection]] = {}
    for section in sections:
        parent = parents[id(section)]
        siblings.setdefault(id(parent) if parent else 0, []).append(section)
    for section in sections:  # document order: parents get their ids before their children
        parent = parents[id(section)]
        group = siblings[id(parent) if parent else 0]
        numerals = [s.numeral for s in group]
        unique = None not in numerals and len(set(numerals)) == len(numerals)
        own = str(section.numeral) if unique else str(group.index(section) + 1)
        section.parent_id = parent.section_id if parent else None
        section.section_id = f"{parent.section_id}.{own}" if parent else own
