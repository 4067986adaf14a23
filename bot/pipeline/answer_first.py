"""Answer first: pick the one plain sentence an answer opens with — an explicit data fact's lead or the plan clause
that carries the question's key terms — and a yes/no opener only where the polarity rule reads it with certainty."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.pipeline.asked import AskedThings
from bot.pipeline.asserted import GAP, asserted_figures, question_weights, trim_unbound
from bot.pipeline.citation import cited_document
from bot.pipeline.compose import inline_citation
from bot.pipeline.context import AnswerContext, DataFact
from bot.pipeline.data_lead import DataLead
from bot.pipeline.earlier_rule import EarlierRule
from bot.pipeline.lead import FIGURE, LEAD_CHARS, Lead, Opening, choose_lead, coverage, drop_parens, simplify
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.question_type import DEFAULT_RESTATE_PENALTY, QuestionTypes
from retrieval.expand import Expander
from retrieval.lexical import BM25Index, query_tokens
from retrieval.text import char_tokens, fold
from retrieval.units import SectionRef

ACTOR_TYPES = ("who",)  # asked for the actor: the clause whose subject does the thing names it
# …but a place, a body or someone to turn to is what is asked (有能咨询心理的地方吗, 有人管吗): the service answers
MIN_PART = 4  # characters a part of a two-part question needs to be one
MIN_PART_COVERAGE = 0.5  # share of the second part's terms its clause must carry to join the lead
DOCUMENT_FIELD_CUES = {"主送": ("发给", "发到", "送给", "下发"), "状态": ("有效", "失效", "作废", "还管用"), "发布日期": ("公布", "网上")}
DOCUMENT_NOTE = "文件名称："  # the first field of a document's own note (retrieval/corpus.py document_note)


# what a question asks sits next to its question word: 遵循什么原则, 要达到什么样的运行环境, 结果报给谁, 有啥责任
_FOCUS = re.compile(r"(?:什么样的?|什么|啥|哪些|哪几|哪种|何种|哪个|哪类)(?:的)?([^\W\d_把给让被能要可不也都就才来去和与及或吗呢呀啊吧了]{1,4})|([\u4e00-\u9fff]{2,3})(?:谁|哪里|哪儿|管不管|负不负责|有没有责任)")
FOCUS_BOOST = 2.0
MORE_OF_THE_QUESTION = 1.1  # an older document's clause leads over the newer one's only with this much more coverage


# what a question already has (两免一补之外…, 除了工资…): its terms say what is not asked
_KNOWN = re.compile(r"除了([^，,。？?\s]{1,12}?)(?:以外|之外|外)?(?=还|，|,|\s)|([^，,。？?\s]{2,4})(?:之外|以外)(?=还)")


def without_known(folded: str, weights: dict[str, float]) -> dict[str, float]:
    """The question's terms without those of what it says it already has: "beyond X, what else" is not about X."""
    known: set[str] = set()
    for found in _KNOWN.finditer(folded):
        known.update(char_tokens(found.group(1) or found.group(2) or ""))
    kept = {t: w for t, w in weights.items() if t not in known}
    return kept or weights


def focus_weights(folded: str, weights: dict[str, float]) -> dict[str, float]:
    """The question's terms, the ones its question word asks about weighted up: a clause that states the thing
    asked (原则, 运行环境, 报给…) leads rather than the one repeating the question's setting."""
    focus: set[str] = set()
    for found in _FOCUS.finditer(folded):
        span = found.group(1) or found.group(2) or ""
        focus.update(t for t in char_tokens(span) if len(t) > 1)  # words, not single characters (办法 is not 办学)
    if not focus:
        return weights
    return {t: w * FOCUS_BOOST if t in focus else w for t, w in weights.items()}


# a question word or ending: a comma-part holding one asks something of its own (…还有啥补贴，有没有宿舍住)
_ASKS = re.compile(r"[吗么呢]|(?<!不)不$|没$|有没有|是不是|能不能|要不要|会不会|可不可以|多少|几[个年月天]|啥|什么|哪|谁|咋|怎么|如何")


def question_parts(folded: str) -> list[str]:
    """The parts a question asks: its sentences (…报给谁？规划能改不？), else its last comma-part and what comes before
    it when both ask something of their own (除了工资还有啥补贴，有没有宿舍住)."""
    parts = [part for part in re.split(r"[？?]", folded) if len(part.strip()) >= MIN_PART]
    if len(parts) != 1:
        return parts
    pieces = [piece for piece in re.split(r"[，,；;]|\s+", parts[0]) if piece.strip()]
    if len(pieces) < 2 or len(pieces[-1]) < MIN_PART:
        return parts
    head = "，".join(pieces[:-1])
    if _ASKS.search(pieces[-1]) and any(_ASKS.search(piece) for piece in pieces[:-1]):
        return [head, pieces[-1]]
    return parts


Clauses = tuple[re.Pattern[str], ...]


class AnswerFirst:
    def __init__(self, types: QuestionTypes, polarity: PolarityRules, expander: Expander, lexical: BM25Index,
                 spelled: Callable[[str], list[str]] | None = None, things: AskedThings | None = None,
                 named: frozenset[str] = frozenset()) -> None:
        self.types = types
        self.polarity = polarity
        self.expander = expander
        self.lexical = lexical
        self.named = named  # what the sources name in quotation marks: a cue inside one is no cue (亲情电话)
        self.spelled = spelled  # the domain words a question's pinyin or homophone typos spell (retrieval's folder)
        self.data_lead = DataLead(types, polarity, expander, lexical, self._weights, things)
        self.earlier_rule = EarlierRule.load()
        self.rule_markers = [m for m in (polarity.no, polarity.yes) if m is not None]
        self._predicates_asked: dict[str, tuple[Clauses, Clauses]] = {}  # question -> (asked, others)

    def _expansions(self, folded: str) -> list[str]:
        """The synonym table's expansions, then the words the question's pinyin or typos spell: a pinyin question
        (sanliang pingtai shi sha) shares no character with any clause, but the words it spells do."""
        found = self.expander.expansions(folded)
        if self.spelled is not None:
            found += [word for word in self.spelled(folded) if word not in found]
        return found

    def _weights(self, folded: str) -> dict[str, float]:
        return query_tokens(folded, self._expansions(folded))

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.done:
            return None
        ctx.qtype = self.types.classify(ctx.asked, self.named)
        opening = self.opening(ctx)
        if opening is not None:
            ctx.lead = opening.text
            ctx.lead_from = opening.source
            ctx.direct = opening.opener
        self._unbind_figures(ctx)
        return None

    def _unbind_figures(self, ctx: AnswerContext) -> None:
        """A figure the question asserts is repeated only where the source binds it to what is asked."""
        figures = asserted_figures(ctx.folded)
        if not figures:
            return
        # the question's words and the plan's words for them (不到100人 asks of the plan's 不足100人)
        weights = question_weights(" ".join([ctx.folded, *self._expansions(ctx.folded)]), self.lexical.idf)
        if ctx.lead and ctx.lead_from == "plan":
            lead = trim_unbound(ctx.lead, figures, ctx.folded, weights)
            if lead != ctx.lead:  # the lead's own clause about something else goes; a lead left empty goes too
                lead = simplify(lead.replace(GAP, "，").strip("，"))
                ctx.lead, ctx.direct = (lead, ctx.direct) if len(lead) > 1 else ("", "")
        for index, quote in enumerate(ctx.quotes):
            trimmed = trim_unbound(quote, figures, ctx.folded, weights)
            if trimmed != quote:
                ctx.quotes[index] = trimmed
                ctx.sources[index] = replace(ctx.sources[index], quote=trimmed)

    def opening(self, ctx: AnswerContext) -> Opening | None:
        fields = self._asked_fields(ctx)
        data = self.data_lead(ctx)
        plan = self._plan_lead(ctx)
        if fields:
            # the note's fields, unless the plan's own clause (the notice's text) carries more of what is asked; a
            # field is measured with its label (发文单位（印发机关、落款）: what 哪个机关印发 asks), which the lead drops
            weights = self._untitled_weights(ctx)
            if plan is None or coverage("；".join(fields), weights) >= coverage(plan.text, weights):
                return Opening(simplify("；".join(drop_parens(f) for f in fields)), "", "data")
        if data is not None and (plan is None or self.data_lead.is_more_specific(ctx, plan, data)):
            return data
        return plan

    # -- the document itself --------------------------------------------------------------------------
    def _asked_fields(self, ctx: AnswerContext) -> list[str]:
        """哪个单位印发的？文号是多少？: the fields of the document's own note that the question asks (at most three,
        labels kept), its title's words set aside (they say which document, not what is asked of it); a date field
        for a when-question."""
        note = self._note(ctx)
        if note is None:
            return []
        fields = [part for part in note.text.split("；") if part and not part.startswith(DOCUMENT_NOTE)]
        weights = self._untitled_weights(ctx)
        asked = [f for f in fields if coverage(f.split("：", 1)[0], weights) > 0 or (ctx.qtype == "when" and "日期" in f)
                 or any(cue in ctx.folded for cue in DOCUMENT_FIELD_CUES.get(f.split("（", 1)[0].split("：", 1)[0], ()))]
        return asked[:3]

    @staticmethod
    def _note(ctx: AnswerContext) -> DataFact | None:
        return next((f for f in ctx.facts if not f.explicit and f.text.startswith(DOCUMENT_NOTE)), None)

    def _untitled_weights(self, ctx: AnswerContext) -> dict[str, float]:
        """The question's terms without the document's title: they say which document, not what is asked of it."""
        note = self._note(ctx)
        title = set(char_tokens(fold(note.text.split("；", 1)[0]))) if note is not None else set()
        # the synonym table's words too: an English question (which body issued…) names the field by them
        asked = "，".join([ctx.folded, *self.expander.expansions(ctx.folded)])
        return {t: w for t, w in question_weights(asked, self.lexical.idf).items() if t not in title}

    # -- plan ----------------------------------------------------------------------------------------
    def _plan_lead(self, ctx: AnswerContext) -> Opening | None:
        section = self._top_section(ctx)
        if section is None or not ctx.quotes:
            return None
        hits = self.expander.hits(ctx.folded)
        # the whole section is read (a sentence the quote left out may state it); the quote then shows that sentence
        opener = self.polarity.read(
            ctx.folded, section.text or ctx.quotes[0], self.lexical.idf, fold(section.heading), {k: self.expander.table[k] for k in hits}
        )
        if opener is not None:
            self._show(ctx, section, opener.sentence)
            return Opening(f"{opener.word}{simplify(opener.clause)}", opener.word, "plan")
        weights = without_known(ctx.folded, focus_weights(ctx.folded, self._weights(ctx.folded)))
        lead = self._section_lead(ctx, section, weights)
        if lead is None:
            return None
        index = 0
        mark = ""  # the older clause answering a question about the earlier rule says so
        earlier = self._earlier_section(ctx, section)
        if earlier is not None:
            older = self._section_lead(ctx, earlier[1], weights)
            asked_earlier = older is not None and self.earlier_rule.asked(ctx.folded, earlier[1], section)
            if older is not None and (asked_earlier or self._older_says_more(older, lead, {t: w * self.lexical.idf(t) for t, w in weights.items()})):
                index, section, lead = earlier[0], earlier[1], older
                if asked_earlier:
                    mark = self.earlier_rule.opening(cited_document(inline_citation(ctx.sources[index].citation)))
        self._show(ctx, section, lead.sentence, index)
        # a question asking two things: the second part's clause, from the same section or else from the older
        # document's section on the same point (…同等条件下优先；健全校长教师交流轮岗机制)
        places = [(index, section)] + ([earlier] if earlier is not None and index == 0 else [])
        for place, where in places:
            second = self._second_part_lead(ctx, where, lead.text)
            if second is not None and where is not section and re.search(r"\d", second.text):
                continue  # an older figure is what the newer document restates
            if second is not None:
                self._show(ctx, where, second.sentence, place)
                return Opening(f"{mark}{lead.text.rstrip('。')}；{second.text}", "", "plan")
        return Opening(f"{mark}{lead.text}", "", "plan")

    def _section_lead(self, ctx: AnswerContext, section: SectionRef, weights: dict[str, float]) -> Lead | None:
        if section.outline:  # a heading with no text of its own (corpus.with_outline): the list of its sub-sections
            weighted = {t: w * self.lexical.idf(t) for t, w in weights.items()}
            share = coverage(section.outline, weighted)
            return Lead(section.outline, section.outline, share) if share > 0 else None
        return self._choose(section.text or section.heading, weights, ctx.qtype, ctx.folded, self._pointed(ctx, section))

    @staticmethod
    def _pointed(ctx: AnswerContext, section: SectionRef) -> str:
        """The opening words of this section's sentence that the nearest bank question was written for, if any."""
        points_at = ctx.retrieval.points_at if ctx.retrieval is not None else None
        return points_at[1] if points_at is not None and points_at[0] == section.key else ""

    def _choose(self, text: str, weights: dict[str, float], qtype: str, question: str = "", pointed: str = "") -> Lead | None:
        """The clause answering the kind of thing asked: its cues (不得 for "can it change", the actor for "who",
        the purpose for "why") weigh beside the question's own terms."""
        kind = self.types.get(qtype)
        asked, others = self._predicates(question)
        return choose_lead(text, weights, self.lexical.idf, kind.cues if kind else (), needs_figure=qtype == "amount",
                           early=qtype == "meaning", cue_bonus=kind.cue_bonus if kind else 0.0,
                           purpose=bool(kind and kind.purpose), actor=qtype in ACTOR_TYPES, question=question,
                           condition=bool(kind and kind.condition),
                           restate_penalty=kind.restate_penalty if kind else DEFAULT_RESTATE_PENALTY,
                           cue_missing_penalty=kind.cue_missing_penalty if kind else 0.0,
                           asked_predicates=asked, other_predicates=others, rule_markers=self.rule_markers, pointed=pointed)

    def _predicates(self, question: str) -> tuple[Clauses, Clauses]:
        """For a yes/no question: the clauses of the predicates it asks about, and those of every other predicate
        (a rule on another predicate does not lead); read once per question, not per section tried."""
        found = self._predicates_asked.get(question)
        if found is None:
            yes_no = bool(question) and self.polarity.form_of(question) is not None
            asked = [p for p in self.polarity.predicates if p.ask.search(question)] if yes_no else []
            others = tuple(p.clause for p in self.polarity.predicates if p not in asked) if asked else ()
            if len(self._predicates_asked) > 256:
                self._predicates_asked.clear()
            found = self._predicates_asked[question] = (tuple(p.clause for p in asked), others)
        return found

    def _earlier_section(self, ctx: AnswerContext, newer: SectionRef) -> tuple[int, SectionRef] | None:
        """The older document's section on the same point, shown after the newer one that leads (此前的规定)."""
        if ctx.retrieval is None or len(ctx.sources) < 2 or len(ctx.quotes) < 2:
            return None
        for index, source in enumerate(ctx.sources[1:], start=1):
            if source.kind != "policy" or source.doc_id == newer.doc_id:
                continue
            for hit in ctx.retrieval.hits:
                section = hit.section
                if section.doc_id == source.doc_id and section.section_id == source.section_id:
                    older = bool(section.issued and newer.issued and section.issued < newer.issued)
                    return (index, section) if older else None
        return None

    @staticmethod
    def _older_says_more(older: Lead, newer: Lead, weights: dict[str, float]) -> bool:
        """The newer document restates some of the older one's points; a point it leaves alone (the principle, the
        county's way of working) is still answered by the older clause. That clause leads only when it carries
        clearly more of what is asked and holds no figure: figures are what a newer notice restates."""
        if FIGURE.search(older.text) or re.search(r"\d", older.text):
            return False
        return coverage(older.text, weights) > MORE_OF_THE_QUESTION * coverage(newer.text, weights)

    def _second_part_lead(self, ctx: AnswerContext, section: SectionRef, first: str) -> Lead | None:
        """A question asking two things (…由哪些部门评估？评估结果报给谁？): the second part's own clause joins the
        lead when it is another clause and both fit in the first lines."""
        parts = question_parts(ctx.folded)
        if len(parts) != 2:
            return None
        # the synonym table only: words spelled from homophones would count against the part's coverage; the
        # part's question words (是不是, 要不要) neither
        weights = focus_weights(parts[1], query_tokens(parts[1], self.expander.expansions(parts[1])))
        weights = {t: w for t, w in weights.items() if not all(ch in self.polarity.function_chars for ch in t)}
        second = self._choose(section.text or section.heading, weights, self.types.classify(parts[1], self.named), parts[1])
        if second is None or second.coverage < MIN_PART_COVERAGE:
            return None
        said, new = first.rstrip("。"), second.text.rstrip("。")
        if new in said or said in new or len(said) + len(new) > LEAD_CHARS:
            return None
        return second

    @staticmethod
    def _show(ctx: AnswerContext, section: SectionRef, sentence: str, index: int = 0) -> None:
        """The quote shows the sentence the opening comes from, in the section's order."""
        quote = ctx.quotes[index]
        if sentence in quote:
            return
        before = section.text.find(sentence) < section.text.find(quote[:20])
        ctx.quotes[index] = f"{sentence}……{quote}" if before else f"{quote}……{sentence}"
        ctx.sources[index] = replace(ctx.sources[index], quote=ctx.quotes[index])

    def _top_section(self, ctx: AnswerContext) -> SectionRef | None:
        if ctx.retrieval is None or not ctx.sources:
            return None
        first = ctx.sources[0]
        for hit in ctx.retrieval.hits:
            if hit.section.doc_id == first.doc_id and hit.section.section_id == first.section_id:
                return hit.section
        return None

