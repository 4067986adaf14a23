"""Pure helpers: splitting long replies, callback data, inline keyboards. No I/O."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.answer import Answer, Choice, Source
from bot.service import Topic
from handlers.telegram.texts import Texts

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096
MAX_CALLBACK_DATA = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64 bytes
MAX_SOURCES = 2
MAX_RELATED = 2
MAX_CHOICES = 8

SENTENCE_ENDS = "。！？!?\n"
CLOSERS = "”’」』）)》〉】\"'"
SOFT_BREAKS = "；;，,、：: "


# -- lengths and splitting ----------------------------------------------------------------------


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def html_len(plain: str) -> int:
    return tg_len(html.escape(plain, quote=False))


def sentences(text: str) -> list[str]:
    """Cut after 。！？ (and closing quotes right after them) and after each newline; nothing is lost."""
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] in SENTENCE_ENDS:
            j = i + 1
            if text[i] != "\n":
                while j < n and (text[j] in SENTENCE_ENDS.replace("\n", "") or text[j] in CLOSERS):
                    j += 1
            out.append(text[start:j])
            start = i = j
        else:
            i += 1
    if start < n:
        out.append(text[start:])
    return out


def _hard_split(piece: str, limit: int) -> list[str]:
    """A single sentence longer than `limit`: cut after a comma-like mark if there is one, else anywhere."""
    out: list[str] = []
    while html_len(piece) > limit:
        cut = 0
        size = 0
        best = 0
        for k, ch in enumerate(piece):
            size += html_len(ch)
            if size > limit:
                break
            cut = k + 1
            if ch in SOFT_BREAKS:
                best = k + 1
        cut = best or cut or 1
        out.append(piece[:cut])
        piece = piece[cut:]
    if piece:
        out.append(piece)
    return out


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split PLAIN text into parts whose HTML-escaped form fits in `limit`, at sentence boundaries.

    Escape each part afterwards (`html.escape`); parts are stripped of surrounding blank space.
    """
    if limit < 16:
        raise ValueError("limit too small")
    parts: list[str] = []
    current = ""
    size = 0
    for sentence in sentences(text):
        for piece in _hard_split(sentence, limit) if html_len(sentence) > limit else [sentence]:
            piece_size = html_len(piece)
            if current and size + piece_size > limit:
                parts.append(current)
                current, size = "", 0
            current += piece
            size += piece_size
    if current:
        parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def has_words(text: str) -> bool:
    """True when the text holds at least one letter or digit (so not only emoji, punctuation, space)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- callback data ------------------------------------------------------------------------------


def callback_data(*parts: object) -> str:
    """`kind:arg:...`: short ids only (never question text); at most 64 bytes, as Telegram requires."""
    data = ":".join(str(part) for part in parts)
    size = len(data.encode("utf-8"))
    if size > MAX_CALLBACK_DATA:
        raise ValueError(f"callback_data of {size} bytes exceeds {MAX_CALLBACK_DATA}")
    return data


def keyboard_callback_data(markup: InlineKeyboardMarkup | None) -> list[str]:
    if markup is None:
        return []
    return [
        str(button.callback_data)
        for row in markup.inline_keyboard
        for button in row
        if button.callback_data is not None
    ]


def check_markup(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    for data in keyboard_callback_data(markup):
        assert len(data.encode("utf-8")) <= MAX_CALLBACK_DATA, "callback_data over 64 bytes"
    return markup


# -- keyboards ----------------------------------------------------------------------------------


def citable(sources: Iterable[Source]) -> list[Source]:
    """Sources that have a section to show, de-duplicated, at most MAX_SOURCES."""
    seen: set[tuple[str, str]] = set()
    out: list[Source] = []
    for source in sources:
        key = (source.doc_id, source.section_id)
        if not source.doc_id or not source.section_id or key in seen:
            continue
        seen.add(key)
        out.append(source)
        if len(out) == MAX_SOURCES:
            break
    return out


def _two_per_row(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]


def topics_keyboard(topics: Sequence[Topic]) -> InlineKeyboardMarkup | None:
    buttons = []
    for topic in topics:
        try:
            buttons.append(InlineKeyboardButton(topic.label, callback_data=callback_data("topic", topic.key)))
        except ValueError:
            continue  # a key too long for callback data: leave the button out
    return check_markup(InlineKeyboardMarkup(_two_per_row(buttons))) if buttons else None


def examples_keyboard(topic: Topic) -> InlineKeyboardMarkup | None:
    rows = []
    for n, example in enumerate(topic.examples[:6]):
        try:
            data = callback_data("ex", topic.key, n)
        except ValueError:
            break
        rows.append([InlineKeyboardButton(shorten(example, 40), callback_data=data)])
    return check_markup(InlineKeyboardMarkup(rows)) if rows else None


def wants_feedback(answer_kind: str) -> bool:
    return answer_kind not in ("clarify", "chitchat", "refusal")


def answer_keyboard(
    texts: Texts,
    ref: str,
    kind: str,
    sources: Sequence[Source],
    related: Sequence[str],
    choices: Sequence[Choice],
    feedback_done: bool = False,
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer; `ref` is the short id the answer is cached under."""
    b = texts.buttons
    rows: list[list[InlineKeyboardButton]] = []
    if kind == "clarify" and choices:
        picks = [
            InlineKeyboardButton(shorten(choice.label, 30), callback_data=callback_data("pick", n, ref))
            for n, choice in enumerate(choices[:MAX_CHOICES])
        ]
        rows.extend(_two_per_row(picks))
    if wants_feedback(kind):
        if feedback_done:
            rows.append([InlineKeyboardButton(b["thanks"], callback_data="noop")])
        else:
            rows.append(
                [
                    InlineKeyboardButton(b["helpful"], callback_data=callback_data("fb", 1, ref)),
                    InlineKeyboardButton(b["unhelpful"], callback_data=callback_data("fb", 0, ref)),
                ]
            )
    shown = citable(sources)
    for n, source in enumerate(shown):
        label = b["source"]
        if len(shown) > 1:
            label = f"{label}：{shorten(source.heading or source.citation or str(n + 1), 16)}"
        rows.append([InlineKeyboardButton(label, callback_data=callback_data("src", n, ref))])
    for n, question in enumerate(list(related)[:MAX_RELATED]):
        label = b["related_prefix"] + shorten(question, 30)
        rows.append([InlineKeyboardButton(label, callback_data=callback_data("rel", n, ref))])
    return check_markup(InlineKeyboardMarkup(rows)) if rows else None


def reasons_keyboard(texts: Texts, ref: str) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(reason, callback_data=callback_data("why", code, ref))]
        for code, reason in texts.reasons.items()
    ]
    return check_markup(InlineKeyboardMarkup(rows))  # type: ignore[return-value]


def answer_plain_text(texts: Texts, answer: Answer, asked: str = "") -> str:
    """The reply as plain text: optional echo of a tapped question, the answer, its citations."""
    lines = []
    if asked:
        lines.append(f"{texts.asked_prefix}{asked}")
        lines.append("")
    lines.append((answer.text or "").strip())
    citations = []
    for source in answer.sources:
        citation = (source.citation or "").strip()
        if citation and citation not in citations and citation not in (answer.text or ""):
            citations.append(citation)
    if citations and answer.kind not in ("clarify", "chitchat", "refusal"):
        lines.append("")
        lines.append(texts.sources_line + "；".join(citations[:3]))
    return "\n".join(lines)
