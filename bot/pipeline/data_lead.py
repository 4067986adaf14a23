"""The data lead: a look-up record's own sentence (an amount, the papers, a date, a desk, a school) and the test of
whether it answers the question more exactly than the plan's clause (then it leads, and the plan's clause follows)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.pipeline.asked import AskedThings
from bot.pipeline.asserted import question_weights
from bot.pipeline.context import AnswerContext, DataFact
from bot.pipeline.lead import Opening, choose_lead, coverage, drop_parens, fact_lead, simplify
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.question_type import QuestionTypes
from bot.pipeline.relevance import content_terms, shares_content
from retrieval.expand import Expander
from retrieval.lexical import BM25Index
from retrieval.text import fold

# question types whose answer is a datum (an amount, papers, a date, a phone, a school): a data record that holds
# such a datum is more specific than a plan clause that does not
DATUM_TYPES = ("amount", "materials", "when", "contact", "school")
LIST_TYPES = ("materials",)
# look-ups whose record is the answer itself once the question's slots named it: the plan speaks of such things in general
SLOT_KINDS = ("school_fact", "service", "contact")  # the answer is the record's list itself, not one part of it
# look-ups that name a desk to call: they answer "who to call / where to ask", not what a rule says
CONTACT_KINDS = ("contact",)
CONTACT_TYPES = ("contact",)
SUBSIDY_TYPES = ("amount", "free")  # what a subsidy record's amount answers by itself
# look-ups whose record answers only some kinds of question, and those kinds: a list of papers to bring (娃上学要啥 is
# "other"), the enrolment calendar's dates (报名 alone is "other"); before any other kind, the plan's rule leads
ANSWERS_ONLY = {"materials": ("materials", "how_apply", "other"), "calendar": ("when", "how_apply", "materials", "other")}
# kinds of question about what a rule says (who does it, why, can it change, what follows, by what measure, what it
# means): a record's datum answers them only when it carries more of the question than the plan's clause
PLAN_TYPES = ("who", "recipient", "why", "change", "consequence", "basis", "meaning", "rule")
# a service desk found by a word of a question that asks neither where to go nor how (学校有没有给看心理的, 留守娃有人管没):
# it leads only when it carries more of the question than the plan's clause
SERVICE_KINDS = ("service",)
OPEN_TYPES = ("may", "other")
SERVICE_ASKED = re.compile(r"(地方|机构|部门|中心|服务站|单位|有人|谁能|谁可以|找谁|where can|who can)")
# what a record must hold to answer "who to call / where to go" by itself: a number, a desk, an address (学校 in
# 向就读学校提出申请 is not one)
CONTACT_DATUM = re.compile(r"\d{3,4}-?\d{3,8}|电话|热线|办公室|地址|窗口|中心")
DATE = re.compile(r"\d+\s*(年|月|日|号)|学期|学年|开学|截止")
SAME_UNIT = {"天": "天|日", "日": "日|天"}
ASKED_UNIT = re.compile(r"(?:多少|几)(个月|日|天|周|年|人|元|所|名|倍|%)")  # 多少日内, 几个月: the unit of the figure asked
# "how long / within how many days" (多长时间内办理, 多久): a clause holding a period (开学后30日内) answers it, a record's
# calendar dates do not
DURATION_ASKED = re.compile(r"多长时间|多久|多少(?:个工作日|日|天|周|个月)(?:内|以内|之内)|how long|how many days|within how")
DURATION = re.compile(r"\d+\s*(?:个工作日|个月|日|天|周|年)(?:内|以内|之内)")
SAMPLE = "（示例数据）"
# the look-ups whose records hold each datum asked: the papers to bring do not say which school (娃该去哪念), a
# subsidy's row no desk to call (a number asked with 多少, 电话是多少, is a desk's)
DATUM_KINDS = {"amount": ("subsidy", "school_fact", "contact", "service"), "materials": ("materials",), "when": ("calendar", "school_fact"),
               "contact": ("contact", "service", "school_fact"), "school": ("zone", "school_fact")}
# whether there is such aid at all (住校有补助没, 有没有补助): the record that exists answers, with its amount; the
# aid must be what is asked about (学校有没有给娃打电话的地方 asks about a phone)
EXISTS_ASKED = re.compile(r"有没有|有无|有(?:啥|什么|哪些)?[^，,。？?有]{0,6}(?:没|吗|么|不)[？?]?$|is there|are there")
AID_NAMED = re.compile(r"补助|补贴|资助|助学金|救助|生活费|allowance|subsid")
FEE_FORMS = ("charge", "pay")
# a record's how_to_apply says whether one must apply (要不要申请), not whether this asker may (不住校能不能申请)
APPLY_FORMS = ("must",)


class DataLead:
    def __init__(self, types: QuestionTypes, polarity: PolarityRules, expander: Expander, lexical: BM25Index,
                 weights: Callable[[str], dict[str, float]], things: AskedThings | None = None) -> None:
        self.types = types
        self.polarity = polarity
        self.expander = expander
        self.lexical = lexical
        self.weights = weights  # the question's terms with their expansions and the words its pinyin spells
        self.things = things or AskedThings.load()  # what a question asks for (an age, a day, an amount) and how a text states it

    # -- data ----------------------------------------------------------------------------------------
    def __call__(self, ctx: AnswerContext) -> Opening | None:
        facts = [f for f in ctx.facts if f.explicit] or [f for f in ctx.facts if self._holds_datum(ctx.qtype, f.text)]
        if not facts:
            return None
        weights = self.weights(ctx.folded)
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
        if fact.predicate == "apply" and form.name not in APPLY_FORMS:
            return ""
        # a school's field (住校) opens only when the form asks of it
        if fact.predicate in self.polarity.predicate_names and self.polarity.predicate_asked(ctx.folded, data=True) != fact.predicate:
            return ""
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

    def _states_datum(self, qtype: str, text: str) -> bool:
        """The record holds the kind of datum asked: a desk or number for "who to call" (a subsidy's amount found by
        住校 does not answer 住校娃能打电话不); other kinds are judged as before (a phone number answers 电话是多少, asked as an amount)."""
        return bool(CONTACT_DATUM.search(text)) if qtype in CONTACT_TYPES else True

    def is_more_specific(self, ctx: AnswerContext, plan: Opening, data: Opening) -> bool:
        if plan.opener:
            return False  # a yes/no question answered with certainty by the plan's clause: that answer leads
        numbers = re.findall(r"\d+", ctx.folded)
        if any(n in plan.text and n not in data.text for n in numbers):
            return False  # the question's own figure (不足100人, 10%) is in the plan's clause, not in the record
        unit = ASKED_UNIT.search(ctx.folded)
        units = SAME_UNIT.get(unit.group(1), unit.group(1)) if unit else ""
        if unit and re.search(rf"\d+\s*(?:{units})", plan.text) and not re.search(rf"\d+\s*(?:{units})", data.text):
            return False  # 开学后多少日内: the plan's clause holds a figure in the unit asked, the record none
        if DURATION_ASKED.search(ctx.folded) and DURATION.search(plan.text) and not DURATION.search(data.text):
            return False  # 多长时间内办理: the plan's clause holds the period, the record only dates
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
        holds_kind = ctx.lookup is None or ctx.lookup.kind in DATUM_KINDS.get(ctx.qtype, ())
        if (any(f.explicit for f in ctx.facts) and ctx.qtype in DATUM_TYPES and holds_kind
                and self._states_datum(ctx.qtype, data.text) and self._speaks_of_question(ctx, data)):
            return True  # asked for by name: the materials, the dates, a contact, an amount
        if self._holds_datum(ctx.qtype, plan.text) and not self._holds_datum(ctx.qtype, data.text):
            return False
        if ctx.lookup is not None and ctx.qtype not in ANSWERS_ONLY.get(ctx.lookup.kind, (ctx.qtype,)):
            return False  # 乡下户口能去县城不, 户口没迁能在这边报名吗, 多少天不来算辍学: papers and dates do not say whether, or how many
        ask = self.things.read(ctx.asking or ctx.folded) if any(f.explicit for f in ctx.facts) else None
        if ask is not None:
            in_data, in_plan = self.things.states(ask, fold(data.text)), self.things.states(ask, fold(plan.text))
            if in_data != in_plan:
                return in_data  # 孩子几岁能上一年级: the record states the age asked (年满6周岁), the clause none
        return self._covers_more(ctx, data, plan)

    def _covers_more(self, ctx: AnswerContext, data: Opening, plan: Opening) -> bool:
        """The one that carries more of the question's own terms answers it more exactly; a tie: the plan speaks."""
        weights = question_weights(ctx.reading, self.lexical.idf)
        # the plan's clause speaks under its item's heading (完善控辍保学机制): the topic the heading names is said too
        heading = next((s.heading for s in ctx.sources if s.kind == "policy" and s.heading), "")
        return coverage(data.text, weights) > coverage(f"{heading}{plan.text}", weights)

    @staticmethod
    def _asks_subsidy(ctx: AnswerContext, data: Opening) -> bool:
        """A subsidy record answers by itself a question about its amount or its fee (its own yes/no field); a
        question naming a school or township asks for its pupils' amount; a question about who is covered or what the plan says (哪四类, 城乡都一样吗, 以后会提高不) goes to the coverage test."""
        if data.opener:
            return True
        # 七营中学住校有补助吗: that school's pupils' amount; a township by its own name (城里 alone names no one's school)
        named = bool(ctx.entities.schools) or any(t[:2] in ctx.folded for t in ctx.entities.townships)
        exists = bool(EXISTS_ASKED.search(ctx.folded) and AID_NAMED.search(ctx.folded))
        asked = ctx.qtype in SUBSIDY_TYPES or named or exists
        return asked and bool(re.search(r"\d+元", data.text))

    def _speaks_of_question(self, ctx: AnswerContext, data: Opening) -> bool:
        """The record (with its heading) holds one of the question's content terms: 招生日程 does not answer
        县城大班额啥时候能没了, though both are about a date."""
        names = [*ctx.entities.townships, *(m.matched_text for m in ctx.entities.schools), *(m.matched_text for m in ctx.entities.places)]
        terms = content_terms(ctx.reading, self.lexical.idf, self.polarity.function_chars, self.polarity.generic, names)
        table = {k: self.expander.table[k] for k in self.expander.hits(ctx.folded)}
        return not terms or shares_content(fold(f"{ctx.fact_intro}{data.text}"), terms, table)
