"""An answer as people read it: short citations, a plain name for the school data, one sample mark, phone links.

`parts(text, documents)` cuts an answer into plain-data pieces that a channel renders without parsing text:
  {"t": "…"}                                    plain text
  {"t": "《实施方案》", "title": "《海原县…》"}    a cited document, shortened; the full title one tap away
  {"t": "0955-5012345", "tel": "09555012345"}   a phone number (a tel: link that never breaks)
The text itself is never HTML: channels escape (or use textContent) as for any text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.schooldata.models import SOURCE_PREFIX
from knowledge.yamlload import safe_load

DATA_FILE = Path(__file__).resolve().parent / "data" / "short_titles.yaml"
_TITLE = re.compile(r"《([^《》\n]{1,80})》")
_FILES = re.compile(re.escape(SOURCE_PREFIX) + r"\s*[A-Za-z_]+\.csv(?:[、,，]\s*[A-Za-z_]+\.csv)*")
_SAMPLE = re.compile(r"（示例数据(?:[，,][^）\n]{0,30})?）")
_PHONE = re.compile(
    r"(?<![\d-])(?:0\d{2,3}[-－ ]?\d{7,8}|1[3-9]\d{9}|400[- ]?\d{3}[- ]?\d{4})(?!\d)"
)


@dataclass(frozen=True)
class DocTitle:
    title: str  # the full title, without 《》
    issued: str = ""  # ISO date
    number: str = ""  # 海政发〔2019〕82号
    short: str = ""  # a short title given by the document itself (if any)


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    return dict(safe_load(DATA_FILE.read_text(encoding="utf-8")))


def short_title(title: str) -> str:
    """《实施方案》 for the county plan: the data file's mapping, else the title's last genre word when long."""
    data = _settings()
    mapped = data["titles"].get(title)
    if mapped:
        return str(mapped)
    if len(title) <= int(data["long_title_chars"]):
        return title
    for genre in data["genres"]:
        if title.endswith(genre):
            return str(genre)
    return title


def _date(issued: str) -> str:
    match = re.match(r"(\d{4})-(\d{2})", issued or "")
    return f"{match.group(1)}年{int(match.group(2))}月" if match else ""


def tidy(text: str) -> str:
    """The school data's file names said plainly, and the sample-data mark once (the first, in full)."""
    data = _settings()
    text = _FILES.sub(str(data["school_data"]), text)
    seen = False

    def once(match: re.Match[str]) -> str:
        nonlocal seen
        if seen:
            return ""
        seen = True
        return str(data["sample_mark"])

    kept = []
    for line in text.split("\n"):
        shown = _SAMPLE.sub(once, line).rstrip()
        if shown or not line.strip():  # a line that held only a repeated mark goes
            kept.append(shown)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _cite(title: str, documents: Sequence[DocTitle]) -> dict[str, str]:
    doc = next((d for d in documents if d.title == title), None)
    short = (doc.short if doc and doc.short else "") or short_title(title)
    in_force = len(documents) > 1
    shown = f"《{short}》" + (f"（{_date(doc.issued)}）" if in_force and doc and _date(doc.issued) else "")
    full = f"《{title}》" + (f"（{doc.number}）" if doc and doc.number else "")
    if shown == f"《{title}》":
        return {"t": shown}
    return {"t": shown, "title": full}


def _phones(text: str) -> list[dict[str, str]]:
    pieces: list[dict[str, str]] = []
    last = 0
    for match in _PHONE.finditer(text):
        if match.start() > last:
            pieces.append({"t": text[last : match.start()]})
        pieces.append({"t": match.group(0), "tel": re.sub(r"\D", "", match.group(0))})
        last = match.end()
    if last < len(text):
        pieces.append({"t": text[last:]})
    return pieces


def parts(text: str, documents: Sequence[DocTitle] = ()) -> list[dict[str, str]]:
    """The answer `text` tidied and cut into plain text, short citations and phone numbers."""
    text = tidy(text or "")
    pieces: list[dict[str, str]] = []
    last = 0
    for match in _TITLE.finditer(text):
        pieces.extend(_phones(text[last : match.start()]))
        pieces.append(_cite(match.group(1), documents))
        last = match.end()
    pieces.extend(_phones(text[last:]))
    merged: list[dict[str, str]] = []
    for piece in pieces:  # neighbouring plain pieces joined
        if merged and len(piece) == 1 and len(merged[-1]) == 1:
            merged[-1] = {"t": merged[-1]["t"] + piece["t"]}
        else:
            merged.append(piece)
    return merged


def plain(pieces: Sequence[dict[str, str]]) -> str:
    """The pieces as one line of text (the short form), e.g. for a source's label."""
    return "".join(piece["t"] for piece in pieces)


def documents_in_force(session: Any) -> list[DocTitle]:
    """Titles, dates and numbers of the documents in force (status 现行有效), from the documents table."""
    from sqlmodel import select

    from knowledge.models import Document

    rows = session.exec(select(Document)).all()
    return [
        DocTitle(title=d.title, issued=d.issued, number=d.number, short=str(getattr(d, "short_title", "") or ""))
        for d in rows
        if d.title and d.status == "现行有效"
    ]
