"""Clarify: in the domain but unsure which section answers: offer the likeliest 2–4 sections as choices.

Also honours a pick: when the question came from a choice that names a section, that section answers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources

from bot.answer import Choice
from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts
from knowledge.yamlload import safe_load
from retrieval.hybrid import Hit
from retrieval.units import SectionRef, heading_words

MAX_CHOICES = 4
MIN_SHARE = 0.08  # a section offered holds at least this share of the first one's probability
_MARKS = "①②③④⑤⑥⑦⑧⑨"


@dataclass(frozen=True)
class SectionLabels:
    """Short plain labels of sections (retrieval/data/section_labels.yaml), else the heading without its number."""

    labels: dict[tuple[str, str], str]

    @classmethod
    def load(cls) -> SectionLabels:
        text = resources.files("retrieval.data").joinpath("section_labels.yaml").read_text(encoding="utf-8")
        raw = safe_load(text) or {}
        return cls({(str(doc), str(sid)): str(label) for doc, items in raw.items() for sid, label in (items or {}).items()})

    def label(self, section: SectionRef) -> str:
        """The staff's label; a document's notice without one (its heading is the whole title) by the document's short
        title, as answers cite it; else the heading without its number."""
        label = self.labels.get((section.doc_id, section.section_id))
        if label:
            return label
        if section.section_id == "notice" and section.short_title:
            return f"《{section.short_title}》的发文信息"
        return heading_words(section.heading)


def section_choice(section: SectionRef, label: str) -> Choice:
    return Choice(
        label=label,
        reply=f"{label}是怎么规定的",
        doc_id=section.doc_id,
        section_id=section.section_id,
        heading=section.heading,
        path=list(section.path),
    )


def choices_from(hits: list[Hit], labels: SectionLabels) -> list[Choice]:
    policy = [hit for hit in hits if hit.section.kind == "policy"]
    if not policy:
        return []
    top = policy[0].score
    chosen = [hit for hit in policy[:MAX_CHOICES] if hit.score >= MIN_SHARE * top]
    return [section_choice(hit.section, labels.label(hit.section)) for hit in chosen]


def numbered(choices: list[Choice]) -> str:
    return "\n".join(f"{_MARKS[i]} {choice.label}" for i, choice in enumerate(choices))


class Clarify:
    """After retrieval: a picked section answers; an unsure match asks back with choices."""

    def __init__(self, texts: AssistantTexts, labels: SectionLabels | None = None) -> None:
        self.texts = texts
        self.labels = labels or SectionLabels.load()

    def __call__(self, ctx: AnswerContext) -> None:
        result = ctx.retrieval
        if result is None:
            return None
        picked = ctx.picked
        if picked is not None and picked.section_id:
            first = [h for h in result.hits if h.section.doc_id == picked.doc_id and h.section.section_id == picked.section_id]
            rest = [h for h in result.hits if h not in first]
            if first:
                ctx.retrieval = replace(result, hits=first + rest, in_scope=True, decision="answer")
            return None
        if result.decision != "clarify" or any(fact.explicit for fact in ctx.facts):
            return None
        choices = choices_from(result.hits, self.labels)
        if len(choices) < 2:
            return None  # one likely section: answer it
        replies = self.texts.replies
        ctx.choices = choices
        text = f"{replies('clarify_topic')}\n{numbered(choices)}\n{replies('clarify_pick')}"
        ctx.finish(text, answered=False, kind="clarify")
        return None
