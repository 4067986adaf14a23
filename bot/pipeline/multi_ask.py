"""One answer for a message of several asks, each answered on its own (bot/pipeline/asks.py cuts the message).

The answer opens with one line per ask, in the order asked — the plain lead of each answered ask, or that the
sources do not answer it — then each answered ask's source and quote. Only when no ask is answered is the whole
message answered as one question (the caller's fallback), so a clarification or a decline reads as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, AskOutcome, Source
from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts
from knowledge.ingest.script import to_traditional

MARKS = "①②③④⑤⑥"


def answered_any(runs: Sequence[AnswerContext], confidence: float) -> bool:
    """Whether an ask is answered from the plan with the scope model's confidence on the ask alone at least
    `confidence` (asks/yaml part_confidence): only then is the message answered ask by ask."""
    return any(_answered(ctx) and ctx.retrieval is not None and ctx.retrieval.confidence >= confidence
               and any(source.kind == "policy" for source in ctx.sources) for ctx in runs)


def _answered(ctx: AnswerContext) -> bool:
    return ctx.answer is not None and ctx.answer.outcome == "answer"


def refused(runs: Sequence[AnswerContext]) -> AnswerContext | None:
    """An ask the guard refuses (another person's data, forgery, evading 控辍保学) refuses the whole message."""
    return next((ctx for ctx in runs if ctx.answer is not None and ctx.answer.outcome == "refuse"), None)


def _lead_and_rest(text: str) -> tuple[str, str]:
    lead, _, rest = text.strip().partition("\n")
    return lead.strip(), rest.strip()


def _same_answer(runs: Sequence[AnswerContext]) -> list[AnswerContext]:
    """The answered asks, one per first source: two wordings of one ask (能转吗？要啥条件能转？) are answered once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for ctx in runs:
        if not _answered(ctx):
            kept.append(ctx)
            continue
        assert ctx.answer is not None
        first = ctx.answer.sources[0] if ctx.answer.sources else None
        key = (first.doc_id, first.section_id) if first is not None else ("", ctx.answer.text)
        if key in seen:
            continue
        seen.add(key)
        kept.append(ctx)
    return kept


def merge(question: str, runs: Sequence[AnswerContext], texts: AssistantTexts) -> AnswerContext:
    """The answer to the whole message from its asks' runs (at least one answered)."""
    asks = [_outcome(ctx) for ctx in runs]
    runs = _same_answer(runs)
    answered = [ctx for ctx in runs if _answered(ctx)]
    first = answered[0]
    assert first.answer is not None
    if len(runs) == 1:
        return first
    script = first.answer.script

    def say(text: str) -> str:
        return to_traditional(text) if script == "traditional" else text

    heads, details, contact = [say(texts.replies("multi_intro", count=len(runs)))], [], ""
    for mark, ctx in zip(MARKS, runs, strict=False):  # at most max_parts (4) asks
        answer = ctx.answer
        assert answer is not None
        if answer.outcome == "answer":
            lead, rest = _lead_and_rest(answer.text)
            heads.append(f"{mark}{lead}")
            if rest:
                details.append(f"{mark}{rest}")
        elif answer.outcome == "clarify" and answer.choices:
            labels = "；".join(choice.label for choice in answer.choices[:3])
            heads.append(mark + say(texts.replies("multi_unsure", labels=labels)))
        else:
            heads.append(mark + say(texts.replies("multi_unfound")))
            contact = contact or _contact_line(answer.text)
    parts = ["\n".join(heads), *details]
    if contact:
        parts.append(contact)
    sources = _sources(answered)
    notes = list(dict.fromkeys(note for ctx in answered for note in (ctx.answer.notes if ctx.answer else [])))
    merged = Answer(question=question, text="\n\n".join(parts), answered=True, intent=first.answer.intent,
                    sources=sources, script=script, kind=first.answer.kind, notes=notes, lookup=first.answer.lookup,
                    asks=asks)
    return replace(first, answer=merged, sources=[s for s in sources if s.kind != "data"],
                   data_sources=[s for s in sources if s.kind == "data"])


def _outcome(ctx: AnswerContext) -> AskOutcome:
    answer = ctx.answer
    assert answer is not None
    first = answer.sources[0] if answer.outcome == "answer" and answer.sources else None
    return AskOutcome(ctx.raw, answer.outcome, first.doc_id if first else None, first.section_id if first else None)


def _sources(answered: Sequence[AnswerContext]) -> list[Source]:
    seen: set[tuple[str, str, str]] = set()
    sources = []
    for ctx in answered:
        for source in ctx.answer.sources if ctx.answer else []:
            key = (source.doc_id, source.section_id, source.kind)
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources


def _contact_line(decline_text: str) -> str:
    """The bureau's contact from a declined ask's answer (its last line), said once for the whole message."""
    lines = [line.strip() for line in decline_text.strip().splitlines() if line.strip()]
    return lines[-1] if len(lines) > 1 else ""
