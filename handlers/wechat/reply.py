"""Shapes an Answer into one WeChat text: the answer first, numbered choices, a short citation, a link when cut."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer import Answer
from handlers.wechat.envelope import cdata_safe
from handlers.wechat.texts import WechatTexts

HARD_LIMIT = 2048  # bytes of UTF-8; reports put passive-reply failures at 2,047 bytes
TARGET = 1800
MAX_CITATIONS = 2
CITATION_CHARS = 40
SENTENCE_ENDS = "。！？!?；;\n"
CLOSERS = "”’」』）)》】\"'"
FEEDBACK_KINDS = {"answer", "approved", "decline"}


def size(text: str) -> int:
    """Bytes the text takes in the reply XML (after `]]>` escaping)."""
    return len(cdata_safe(text).encode("utf-8"))


def short_citation(citation: str) -> str:
    """《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18. → 《…实施方案》三（五）18."""
    text = " ".join((citation or "").split())
    if text.startswith("《") and "》" in text:
        title, rest = text[1:].split("》", 1)
        if len(title) > 8:
            title = "…" + title[-4:]
        text = f"《{title}》{rest}"
    return text if len(text) <= CITATION_CHARS else text[: CITATION_CHARS - 1] + "…"


def citations(answer: Answer) -> list[str]:
    seen: list[str] = []
    for source in answer.sources:
        label = short_citation(source.citation or source.heading)
        if label and label not in seen:
            seen.append(label)
        if len(seen) == MAX_CITATIONS:
            break
    return seen


def cut_at_sentence(text: str, budget: int) -> str:
    """The longest prefix ending at a sentence end whose size fits `budget` (a hard cut if no sentence fits)."""
    best = ""
    for i, ch in enumerate(text):
        if (ch in SENTENCE_ENDS and (i + 1 == len(text) or text[i + 1] not in CLOSERS)) or (ch in CLOSERS and i and text[i - 1] in SENTENCE_ENDS):
            prefix = text[: i + 1]
            if size(prefix) > budget:
                break
            best = prefix
    if best.strip():
        return best.rstrip()
    out = ""
    for ch in text:
        if size(out + ch) > budget:
            break
        out += ch
    return out


def tail_lines(answer: Answer, texts: WechatTexts) -> list[str]:
    lines: list[str] = []
    if answer.choices:
        lines.append(texts.choose_prompt)
        lines += [texts.choice_line.format(number=n, label=c.label) for n, c in enumerate(answer.choices, 1)]
    cited = citations(answer)
    if cited:
        lines.append(texts.sources_line.format(citations="；".join(cited)))
    if answer.query_id and answer.kind in FEEDBACK_KINDS and not answer.choices:
        lines.append(texts.feedback_hint)
    return lines


def shape(answer: Answer, texts: WechatTexts, link: Callable[[], str], *, prefix: str = "",
          target: int = TARGET) -> str:
    """The reply text, within `target` bytes; `link()` makes the full-answer URL ("" = none) only when needed."""
    head = (prefix + "\n" if prefix else "") + answer.text.strip()
    tail = "\n".join(tail_lines(answer, texts))
    whole = head + ("\n\n" + tail if tail else "")
    if size(whole) <= target:
        return whole
    url = link()
    note = texts.full_answer.format(url=url) if url else texts.truncated
    ending = "\n" + note + ("\n\n" + tail if tail else "")
    if size(ending) > target // 2:  # an absurd tail: keep the answer readable, drop the tail
        ending = "\n" + note
    body = cut_at_sentence(head, target - size(ending))
    return body + ending


def fit(text: str, limit: int = HARD_LIMIT) -> str:
    """A last guard for canned texts: never more than `limit` bytes."""
    return text if size(text) <= limit else cut_at_sentence(text, limit)
