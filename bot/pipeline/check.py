"""Check: every number, percentage, date and phone in the answer must appear in a cited source or a data
record. A line that fails is dropped; the answer never carries a number its sources do not."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.pipeline.context import AnswerContext

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(text)


def allowed_numbers(allowed: str) -> set[str]:
    digits_only = re.sub(r"[^\d.]+", " ", allowed)
    return set(digits_only.split()) | set(numbers_in(allowed))


def unsupported_numbers(text: str, allowed: str, numbers: set[str] | None = None) -> list[str]:
    """`numbers`: `allowed_numbers(allowed)`, when the caller reads many texts against the same allowed text."""
    known = allowed_numbers(allowed) if numbers is None else numbers
    return [n for n in numbers_in(text) if n not in known and n not in allowed]


def allowed_text(ctx: AnswerContext, extra: Iterable[str] = ()) -> str:
    parts: list[str] = [*extra]
    if ctx.retrieval is not None:
        by_key = {hit.section.key: hit.section for hit in ctx.retrieval.hits}
        for source in ctx.sources:
            section = by_key.get(f"{source.doc_id}#{source.section_id}")
            if section is not None:
                parts.extend([section.text, section.outline, section.heading, *section.path])
            parts.append(source.citation)
    parts.extend(fact.text for fact in ctx.facts)
    parts.extend(fact.label for fact in ctx.facts)
    parts.extend(ctx.notes)
    # the choices offered are section labels and headings (or places from the data): a figure in one (2026年秋季…)
    # is the source's own, and dropping its line would leave the numbering ①②④
    parts.extend(text for choice in ctx.choices for text in (choice.label, choice.heading or ""))
    return "\n".join(parts)


def filter_unsupported(text: str, allowed: str) -> tuple[str, list[str]]:
    kept: list[str] = []
    dropped: list[str] = []
    numbers = allowed_numbers(allowed)
    for line in text.split("\n"):
        pieces = re.split(r"(?<=[。；！？])", line)
        good = [p for p in pieces if not unsupported_numbers(p, allowed, numbers)]
        dropped.extend(p for p in pieces if unsupported_numbers(p, allowed, numbers))
        if good or not line:
            kept.append("".join(good))
    return "\n".join(kept).strip(), dropped


class Check:
    def __init__(self, boilerplate: Iterable[str] = ()) -> None:
        self.boilerplate = list(boilerplate)

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.answer is None or ctx.answer.kind == "approved":  # staff-approved text is itself the source
            return None
        allowed = allowed_text(ctx, self.boilerplate)
        text, dropped = filter_unsupported(ctx.answer.text, allowed)
        if dropped:
            ctx.answer.notes.append(f"dropped {len(dropped)} unsupported sentence(s)")
            ctx.answer.text = text
        return None
