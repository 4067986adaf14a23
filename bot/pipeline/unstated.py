"""Unstated: the question asks for a thing (a day, an amount, a count, an address …) that the chosen sources do not state.

Then the related rule is not the answer: the assistant says that the plan and the school data do not state it, shows
the rule it found, and gives the bureau's contact (outcome `decline`). Two steps: before choices are offered (no
section offered states it either) and after the answer's opening is chosen (neither its lead nor a text about the
question states it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from bot.pipeline.asked import Ask, AskedThings
from bot.pipeline.clarify import SectionLabels, choices_from
from bot.pipeline.compose import short_citation
from bot.pipeline.context import AnswerContext
from bot.pipeline.lookup_slots import LookupWords, read_slots
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.relevance import content_terms, shares_content
from bot.texts import AssistantTexts
from retrieval.expand import Expander
from retrieval.lexical import BM25Index
from retrieval.text import fold, sentences
from retrieval.units import SectionRef

DeclineText = Callable[[AnswerContext, str], str]  # Retrieve.decline_text: the opening given, then the bureau's contact
NEAR = 3  # policy sections of the ranking read beside the cited ones
NEAR_COVER = 0.5  # share of the question's content weight a sentence of such a section must carry


class StatedReader:
    """Whether the texts an answer would stand on state a thing of the kind asked, about what is asked."""

    def __init__(self, things: AskedThings, lexical: BM25Index, expander: Expander) -> None:
        self.things = things
        self.lexical = lexical
        self.expander = expander
        rules = PolarityRules.load()
        self.function_chars = rules.function_chars
        self.generic = rules.generic
        self.unknown_weight = rules.unknown_weight

    def stated(self, ctx: AnswerContext, ask: Ask, lead: str, texts: Iterable[str], sections: Iterable[SectionRef],
               near: Iterable[SectionRef] = ()) -> bool:
        """The lead states it, or a text about the question does: a data record or a sentence of a cited section that
        shares one of its content words, or a sentence of a section ranked near the top that carries much of the
        question (大班额哪年消除: 到2020年…大班额全面消除 in 二, beside the notice that is cited)."""
        if lead and self.things.states(ask, fold(lead)):
            return True
        candidates = [fold(t) for t in texts if t] + [s for section in sections for s in _sentences(section)]
        others = [s for section in near for s in _sentences(section)]
        if ask.term:  # the term is what the text must use: no other word of the question need stand beside it
            return any(self.things.states(ask, text) for text in [*candidates, *others])
        terms = self.terms(ctx, ask.about)
        table = {k: self.expander.table[k] for k in self.expander.hits(ctx.folded)}  # 外地娃 speaks of 随迁子女
        cover, part = ask.thing.cover, (self.terms(ctx, ask.asking_part) if ask.thing.cover else terms) or terms
        about = [t for t in candidates if not terms or (shares_content(t, terms, table) and _coverage(t, part, table) >= cover)]
        about += [t for t in others if terms and _coverage(t, terms, table) >= NEAR_COVER and _coverage(t, part, table) >= cover]
        return any(self.things.states(ask, text) for text in about)

    def terms(self, ctx: AnswerContext, text: str = "") -> dict[str, float]:
        """The question's content words; a word the sources never use (残疾证, 鉴定) weighs `unknown_weight`, so that
        a text leaving it out carries less of the question."""
        names = [*ctx.entities.townships, *(m.matched_text for m in ctx.entities.schools), *(m.matched_text for m in ctx.entities.places)]
        return content_terms(text or ctx.folded, self._weight, self.function_chars, self.generic, names)

    def _weight(self, term: str) -> float:
        return self.lexical.idf(term) or self.unknown_weight


def _coverage(text: str, terms: dict[str, float], table: dict[str, tuple[str, ...]]) -> float:
    """Share of the terms' weight the text carries (a term counts when a synonym of a word holding it stands there)."""
    carried = sum(w for t, w in terms.items() if shares_content(text, {t: w}, table))
    return carried / (sum(terms.values()) or 1.0)


def opening(texts: AssistantTexts, ask: Ask, rule: str = "", where: str = "", data: bool = False) -> str:
    """没有写{thing}…, then the related rule (or data record) and where it stands."""
    replies = texts.replies
    text = replies("unstated", thing=ask.label)
    if rule and where:
        text += "\n" + replies("unstated_data" if data else "unstated_related", rule=rule.rstrip("。"), where=where)
    return text


class DeclineUnstated:
    """After the opening is chosen: decline when neither it nor a text about the question states the thing asked."""

    def __init__(self, texts: AssistantTexts, reader: StatedReader, decline_text: DeclineText) -> None:
        self.texts = texts
        self.reader = reader
        self.decline_text = decline_text
        self.lookup_words = LookupWords.load()

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.done or ctx.picked is not None or not (ctx.lead or ctx.facts or ctx.sources):
            return None
        ask = self.reader.things.read(ctx.folded)
        if ask is None:
            return None
        # the plan's lead was chosen for the question's own words, and so was a look-up's about a child's schooling
        # (孩子几岁能上一年级); another record's lead may come from a loose word (教师资格的材料 → the enrolment papers)
        trusted = ctx.lead_from == "plan" or (ctx.lookup is not None and read_slots(ctx.folded, self.lookup_words).schooling)
        lead, records = (ctx.lead, []) if trusted else ("", [ctx.lead])
        if self.reader.stated(ctx, ask, lead, [*records, *(fact.text for fact in ctx.facts)], _cited(ctx), _near(ctx)):
            return None
        rule, where = self._related(ctx)
        if not where:
            ctx.sources = []
        ctx.unstated = ask.thing.name
        text = opening(self.texts, ask, rule, where, data=ctx.lead_from != "plan")
        ctx.finish(self.decline_text(ctx, text), answered=False, kind="decline")
        return None

    def _related(self, ctx: AnswerContext) -> tuple[str, str]:
        """The rule the answer would have opened with, and where it stands; ("", "") when it is not about the question."""
        lead = ctx.lead[len(ctx.direct):] if ctx.direct and ctx.lead.startswith(ctx.direct) else ctx.lead
        if not lead:
            return "", ""
        if ctx.lead_from == "plan" and ctx.sources:
            return lead, short_citation(ctx.sources[0].citation)
        terms = self.reader.terms(ctx)
        if terms and not shares_content(fold(lead), terms):
            return "", ""
        label = next((fact.label for fact in ctx.facts if fact.lead or fact.explicit), "") or (ctx.facts[0].label if ctx.facts else "")
        return lead, label


class DeclineUnstatedChoices:
    """Before choices are offered: decline when no section that would be offered states the thing asked (an address,
    a person's name: the plan holds none)."""

    def __init__(self, texts: AssistantTexts, reader: StatedReader, decline_text: DeclineText) -> None:
        self.texts = texts
        self.reader = reader
        self.decline_text = decline_text
        self.labels = SectionLabels.load()

    def __call__(self, ctx: AnswerContext) -> None:
        result = ctx.retrieval
        if ctx.done or ctx.picked is not None or result is None or result.decision != "clarify":
            return None
        if any(fact.explicit for fact in ctx.facts):
            return None  # the data answers: no choices are offered
        ask = self.reader.things.read(ctx.folded)
        if ask is None:
            return None
        offered = {(c.doc_id, c.section_id) for c in choices_from(result.hits, self.labels)}
        sections = [hit.section for hit in result.hits if (hit.section.doc_id, hit.section.section_id) in offered]
        if len(offered) < 2 or self.reader.stated(ctx, ask, "", [], sections):
            return None
        ctx.sources = []
        ctx.unstated = ask.thing.name
        ctx.finish(self.decline_text(ctx, opening(self.texts, ask)), answered=False, kind="decline")
        return None


@lru_cache(maxsize=256)
def _folded_sentences(text: str) -> tuple[str, ...]:
    return tuple(fold(s) for s in sentences(text))


def _sentences(section: SectionRef) -> tuple[str, ...]:
    """A section's sentences, folded (once per section text: the same sections are read for many questions)."""
    return _folded_sentences(section.text or section.heading)


def _cited(ctx: AnswerContext) -> list[SectionRef]:
    if ctx.retrieval is None:
        return []
    cited = {(s.doc_id, s.section_id) for s in ctx.sources}
    return [hit.section for hit in ctx.retrieval.hits if (hit.section.doc_id, hit.section.section_id) in cited]


def _near(ctx: AnswerContext) -> list[SectionRef]:
    """The first NEAR policy sections of the ranking that are not cited."""
    if ctx.retrieval is None:
        return []
    cited = {(s.doc_id, s.section_id) for s in ctx.sources}
    policy = [hit.section for hit in ctx.retrieval.hits if hit.section.kind == "policy"][:NEAR]
    return [s for s in policy if (s.doc_id, s.section_id) not in cited]
