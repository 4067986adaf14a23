"""Answer first: pick the one plain sentence an answer opens with — an explicit data fact's lead or the plan clause
that carries the question's key terms — and a yes/no opener only where the polarity rule reads it with certainty."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.pipeline.asserted import GAP, asserted_figures, question_weights, trim_unbound
from bot.pipeline.context import AnswerContext, DataFact
from bot.pipeline.lead import FIGURE, LEAD_CHARS, Lead, choose_lead, drop_parens, fact_lead, simplify
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.question_type import DEFAULT_RESTATE_PENALTY, QuestionTypes
from bot.pipeline.relevance import content_terms, shares_content
from retrieval.expand import Expander
from retrieval.lexical import BM25Index, query_tokens
from retrieval.text import char_tokens, fold
from retrieval.units import SectionRef

# question types whose answer is a datum (an amount, papers, a date, a phone, a school): a data record that holds
# such a datum is more specific than a plan clause that does not
DATUM_TYPES = ("amount", "materials", "when", "contact", "school")
LIST_TYPES = ("materials",)
# look-ups whose record is the answer itself once the question's slots named it: the plan speaks of such things in general
SLOT_KINDS = ("school_fact", "service", "contact")  # the answer is the record's list itself, not one part of it
# look-ups that name a desk to call: they answer "who to call / where to ask", not what a rule says
CONTACT_KINDS = ("contact",)
CONTACT_TYPES = ("contact",)
ACTOR_TYPES = ("who",)  # asked for the actor: the clause whose subject does the thing names it
SUBSIDY_TYPES = ("amount", "free")  # what a subsidy record's amount answers by itself
PAPERS_KINDS = ("materials",)  # look-ups whose record is a list of papers to bring
PAPERS_TYPES = ("materials", "how_apply", "other")  # the questions such a list may answer (娃上学要啥 is "other")
# kinds of question about what a rule says (who does it, why, can it change, what follows, by what measure, what it
# means): a record's datum answers them only when it carries more of the question than the plan's clause
PLAN_TYPES = ("who", "recipient", "why", "change", "consequence", "basis", "meaning")
# a service desk found by a word of a question that asks neither where to go nor how (学校有没有给看心理的, 留守娃有人管没):
# it leads only when it carries more of the question than the plan's clause
SERVICE_KINDS = ("service",)
OPEN_TYPES = ("may", "other")
# …but a place, a body or someone to turn to is what is asked (有能咨询心理的地方吗, 有人管吗): the service answers
SERVICE_ASKED = re.compile(r"(地方|机构|部门|中心|服务站|单位|有人|谁能|谁可以|找谁|where can|who can)")
DATE = re.compile(r"\d+\s*(年|月|日|号)|学期|学年|开学|截止")
SAME_UNIT = {"天": "天|日", "日": "日|天"}
ASKED_UNIT = re.compile(r"(?:多少|几)(个月|日|天|周|年|人|元|所|名|倍|%)")  # 多少日内, 几个月: the unit of the figure asked
MIN_PART = 4  # characters a part of a two-part question needs to be one
MIN_PART_COVERAGE = 0.5  # share of the second part's terms its clause must carry to join the lead
SAMPLE = "（示例数据）"
FEE_FORMS = ("charge", "pay")
DOCUMENT_FIELD_CUES = {"主送": ("发给", "发到", "送给", "下发"), "状态": ("有效", "失效", "作废", "还管用"), "发布日期": ("公布", "网上")}
DOCUMENT_NOTE = "文件名称："  # the first field of a document's own note (retrieval/corpus.py document_note)


# what a question asks sits next to its question word: 遵循什么原则, 要达到什么样的运行环境, 结果报给谁, 有啥责任
_FOCUS = re.compile(r"(?:什么样的?|什么|啥|哪些|哪几|哪种|何种|哪个|哪类)(?:的)?([^\W\d_把给让被能要可不也都就才来去和与及或吗呢呀啊吧了]{1,4})|([\u4e00-\u9fff]{2,3})(?:谁|哪里|哪儿)")
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


def _coverage(text: str, weights: dict[str, float]) -> float:
    tokens = set(char_tokens(fold(text)))
    return sum(w for t, w in weights.items() if t in tokens) / (sum(weights.values()) or 1.0)


@dataclass(frozen=True)
class Opening:
    text: str  # the whole first sentence, opener included
    opener: str  # 可以。/ 不会。 … or ""
    source: str  # "data" or "plan"


class AnswerFirst:
    def __init__(self, types: QuestionTypes, polarity: PolarityRules, expander: Expander, lexical: BM25Index,
                 spelled: Callable[[str], list[str]] | None = None) -> None:
        self.types = types
        self.polarity = polarity
        self.expander = expander
        self.lexical = lexical
        self.spelled = spelled  # the domain words a question's pinyin or homophone typos spell (retrieval's folder)

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
        ctx.qtype = self.types.classify(ctx.reading)
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
        weights = question_weights(ctx.folded, self.lexical.idf)
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
        document = self._document_lead(ctx)
        data = self._data_lead(ctx)
        plan = self._plan_lead(ctx)
        if document is not None:
            # the note's fields, unless the plan's own clause (the notice's text) carries more of what is asked
            weights = self._untitled_weights(ctx)
            if plan is None or _coverage(document.text, weights) >= _coverage(plan.text, weights):
                return document
        if data is not None and (plan is None or self._data_is_more_specific(ctx, plan, data)):
            return data
        return plan

    # -- the document itself --------------------------------------------------------------------------
    def _document_lead(self, ctx: AnswerContext) -> Opening | None:
        """哪个单位印发的？文号是多少？: the fields of the document's own note that the question asks, its title's words
        set aside (they say which document, not what is asked of it); a date field for a when-question."""
        note = self._note(ctx)
        if note is None:
            return None
        fields = [part for part in note.text.split("；") if part and not part.startswith(DOCUMENT_NOTE)]
        weights = self._untitled_weights(ctx)
        asked = [f for f in fields if _coverage(f.split("：", 1)[0], weights) > 0 or (ctx.qtype == "when" and "日期" in f)
                 or any(cue in ctx.folded for cue in DOCUMENT_FIELD_CUES.get(f.split("（", 1)[0].split("：", 1)[0], ()))]
        if not asked:
            return None
        return Opening(simplify("；".join(drop_parens(f) for f in asked[:3])), "", "data")

    @staticmethod
    def _note(ctx: AnswerContext) -> DataFact | None:
        return next((f for f in ctx.facts if not f.explicit and f.text.startswith(DOCUMENT_NOTE)), None)

    def _untitled_weights(self, ctx: AnswerContext) -> dict[str, float]:
        """The question's terms without the document's title: they say which document, not what is asked of it."""
        note = self._note(ctx)
        title = set(char_tokens(fold(note.text.split("；", 1)[0]))) if note is not None else set()
        return {t: w for t, w in question_weights(ctx.folded, self.lexical.idf).items() if t not in title}

    # -- data ----------------------------------------------------------------------------------------
    def _data_lead(self, ctx: AnswerContext) -> Opening | None:
        facts = [f for f in ctx.facts if f.explicit] or [f for f in ctx.facts if self._holds_datum(ctx.qtype, f.text)]
        if not facts:
            return None
        weights = self._weights(ctx.folded)
        if facts[0].lead:
            facts = facts[:1]  # a look-up's own lead answers every slot asked (both levels, both amounts)
        leads = list(dict.fromkeys(self._fact_lead(f, weights, ctx.qtype).rstrip("。") for f in facts[:2]))
        text = "；".join(lead for lead in leads if lead)
        if not text:
            return None
        mark = "" if all(f.verified for f in facts[:2]) or SAMPLE in text else SAMPLE
        opener = self._data_opener(ctx, facts[0])
        return Opening(f"{opener}{text}{mark}。", opener, "data")

    def _data_opener(self, ctx: AnswerContext, fact: DataFact) -> str:
        """A yes/no question answered by a structured field (DataFact.polarity): the form's own word opens."""
        form = self.polarity.form_of(ctx.folded, data=True)
        if form is None or not fact.polarity or not fact.lead:
            return ""
        if (fact.predicate == "fee") != (form.name in FEE_FORMS):
            return ""  # a fee's absence answers only 收不收 / 要交钱吗; a fee form is answered only by a fee field
        return form.yes if fact.polarity == "yes" else form.no

    def _fact_lead(self, fact: DataFact, weights: dict[str, float], qtype: str) -> str:
        """The record's own lead (look-ups set it); else the part of the record that carries the question's terms
        (申请：… for a how-to question); else its first part."""
        own = fact.lead
        if own:
            return fact_lead(fact.text, own)
        if qtype in LIST_TYPES:
            return fact_lead(fact.text)
        part = choose_lead(fact.text.split("\n", 1)[0], weights, self.lexical.idf, self.types.cues(qtype))
        return simplify(drop_parens(part.text)) if part is not None else fact_lead(fact.text)

    def _holds_datum(self, qtype: str, text: str) -> bool:
        if qtype not in DATUM_TYPES:
            return False
        if qtype == "amount":
            return bool(re.search(r"\d+(\.\d+)?\s*(元|%|人)", text))
        if qtype == "when":
            return bool(DATE.search(text))  # a date or term, not 每年 in an amount
        return any(cue in text for cue in self.types.cues(qtype))

    def _data_is_more_specific(self, ctx: AnswerContext, plan: Opening, data: Opening) -> bool:
        if plan.opener:
            return False  # a yes/no question answered with certainty by the plan's clause: that answer leads
        numbers = re.findall(r"\d+", ctx.folded)
        if any(n in plan.text and n not in data.text for n in numbers):
            return False  # the question's own figure (不足100人, 10%) is in the plan's clause, not in the record
        unit = ASKED_UNIT.search(ctx.folded)
        units = SAME_UNIT.get(unit.group(1), unit.group(1)) if unit else ""
        if unit and re.search(rf"\d+\s*(?:{units})", plan.text) and not re.search(rf"\d+\s*(?:{units})", data.text):
            return False  # 开学后多少日内: the plan's clause holds a figure in the unit asked, the record none
        if ctx.qtype == "amount" and not re.search(r"\d", data.text):
            return self._covers_more(ctx, data, plan)  # "how much" and a record without a figure: it has no more to say
        if ctx.qtype in PLAN_TYPES:
            return self._covers_more(ctx, data, plan)  # who, why, can it change…: what a rule says, not a record's datum
        if ctx.entities.zone is not None and any(f.explicit for f in ctx.facts):
            return True  # a place's schools, from its 划片
        # a desk to call beside a question that asks something else (哪七长, 学校该做啥, 合理不) does not lead by
        # itself: the clause that carries more of the question's terms leads, the desk follows
        kind = ctx.lookup.kind if ctx.lookup is not None else ""
        service_open = kind in SERVICE_KINDS and ctx.qtype in OPEN_TYPES and not SERVICE_ASKED.search(ctx.folded)
        desk_only = (kind in CONTACT_KINDS and ctx.qtype not in CONTACT_TYPES) or service_open
        if ctx.lookup is not None and not desk_only and any(f.explicit and f.lead for f in ctx.facts) and (
                ctx.lookup.kind in SLOT_KINDS or (ctx.lookup.kind == "subsidy" and self._asks_subsidy(ctx, data))):
            return True  # the look-up read the question's slots (a school's own fact, a service or contact asked for) and answered them
        if any(f.explicit for f in ctx.facts) and ctx.qtype in DATUM_TYPES and self._speaks_of_question(ctx, data):
            return True  # asked for by name: the materials, the dates, a contact, an amount
        if self._holds_datum(ctx.qtype, plan.text) and not self._holds_datum(ctx.qtype, data.text):
            return False
        if ctx.lookup is not None and ctx.lookup.kind in PAPERS_KINDS and ctx.qtype not in PAPERS_TYPES:
            return False  # 县城是不是划片招生，乡下户口能去不: the papers to bring follow the plan's rule, they do not answer it
        return self._covers_more(ctx, data, plan)

    def _covers_more(self, ctx: AnswerContext, data: Opening, plan: Opening) -> bool:
        """The one that carries more of the question's own terms answers it more exactly; a tie: the plan speaks."""
        weights = question_weights(ctx.reading, self.lexical.idf)
        return _coverage(data.text, weights) > _coverage(plan.text, weights)

    @staticmethod
    def _asks_subsidy(ctx: AnswerContext, data: Opening) -> bool:
        """A subsidy record answers by itself a question about its amount or its fee (its own yes/no field); a
        question naming a school or township asks for its pupils' amount; a question about who is covered or what the plan says (哪四类, 城乡都一样吗, 以后会提高不) goes to the coverage test."""
        if data.opener:
            return True
        # 七营中学住校有补助吗: that school's pupils' amount; a township by its own name (城里 alone names no one's school)
        named = bool(ctx.entities.schools) or any(t[:2] in ctx.folded for t in ctx.entities.townships)
        return (ctx.qtype in SUBSIDY_TYPES or named) and bool(re.search(r"\d+元", data.text))

    def _speaks_of_question(self, ctx: AnswerContext, data: Opening) -> bool:
        """The record (with its heading) holds one of the question's content terms: 招生日程 does not answer
        县城大班额啥时候能没了, though both are about a date."""
        names = [*ctx.entities.townships, *(m.matched_text for m in ctx.entities.schools), *(m.matched_text for m in ctx.entities.places)]
        terms = content_terms(ctx.reading, self.lexical.idf, self.polarity.function_chars, self.polarity.generic, names)
        table = {k: self.expander.table[k] for k in self.expander.hits(ctx.folded)}
        return not terms or shares_content(fold(f"{ctx.fact_intro}{data.text}"), terms, table)

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
        earlier = self._earlier_section(ctx, section)
        if earlier is not None:
            older = self._section_lead(ctx, earlier[1], weights)
            if older is not None and self._older_says_more(older, lead, {t: w * self.lexical.idf(t) for t, w in weights.items()}):
                index, section, lead = earlier[0], earlier[1], older
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
                return Opening(f"{lead.text.rstrip('。')}；{second.text}", "", "plan")
        return Opening(lead.text, "", "plan")

    def _section_lead(self, ctx: AnswerContext, section: SectionRef, weights: dict[str, float]) -> Lead | None:
        return self._choose(section.text or section.heading, weights, ctx.qtype, ctx.folded)

    def _choose(self, text: str, weights: dict[str, float], qtype: str, question: str = "") -> Lead | None:
        """The clause answering the kind of thing asked: its cues (不得 for "can it change", the actor for "who",
        the purpose for "why") weigh beside the question's own terms."""
        kind = self.types.get(qtype)
        return choose_lead(text, weights, self.lexical.idf, kind.cues if kind else (), needs_figure=qtype == "amount",
                           early=qtype == "meaning", cue_bonus=kind.cue_bonus if kind else 0.0,
                           purpose=bool(kind and kind.purpose), actor=qtype in ACTOR_TYPES, question=question,
                           condition=bool(kind and kind.condition),
                           restate_penalty=kind.restate_penalty if kind else DEFAULT_RESTATE_PENALTY,
                           cue_missing_penalty=kind.cue_missing_penalty if kind else 0.0)

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
        return _coverage(older.text, weights) > MORE_OF_THE_QUESTION * _coverage(newer.text, weights)

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
        second = self._choose(section.text or section.heading, weights, self.types.classify(parts[1]), parts[1])
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

