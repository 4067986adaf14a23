"""The look-up step: read every slot of the question and answer each from the county's school data.

Zones (划片, every level and grade asked; ambiguous places asked back with the townships named;
unknown places asked back; places outside the county declined with their own bureau), a school's
own facts, subsidies by row, enrollment materials and dates, services and contacts by topic. Each
fact carries a ``lead`` sentence and the ids of the rows used; ``ctx.lookup`` records the look-up.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.answer import LookupInfo
from bot.pipeline.asserted import asserted_figures
from bot.pipeline.context import AnswerContext
from bot.pipeline.framing import Framing
from bot.pipeline.lookup_facts import FactLookups, name_bigrams, row_names
from bot.pipeline.lookup_place_roles import PlaceRoles
from bot.pipeline.lookup_slots import LookupWords, Slots, read_slots, says_any
from bot.pipeline.lookup_unknown_school import UnknownSchools
from bot.pipeline.lookup_zone import Outcome, ZoneLookup, school_id
from bot.texts import AssistantTexts, Replies, load_yaml
from retrieval.out_of_scope import LexicalNegatives

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory
    from knowledge.schooldata.place_lookup import PlaceResolution
    from knowledge.schooldata.records import SchoolMatch

_INTROS = {"subsidy": "subsidy_intro", "materials": "materials_intro", "calendar": "calendar_intro",
           "service": "services_intro", "contact": "services_intro"}
# a look-up on a loose word yields when the best out-of-scope question takes at least this share of the lexical score
YIELD_SHARE = 0.6


class LookUp:
    """The pipeline step; without school data it does nothing."""

    def __init__(self, texts: AssistantTexts, directory: Directory | None, framing: Framing | None = None) -> None:
        self.texts = texts
        self.directory = directory
        self.words = LookupWords.load()
        self.framing = framing or Framing.load()  # which clauses of a long message ask, and whether it asks at all
        self._roles = PlaceRoles(self.words, self.framing)
        replies = Replies({str(k): str(v) for k, v in load_yaml("lookup_replies.yaml").items()})
        self._zones = ZoneLookup(replies, directory) if directory is not None else None
        self._facts = FactLookups(replies, directory) if directory is not None else None
        self._names = row_names(directory) if directory is not None else {}
        self._unknown_schools = UnknownSchools(directory, self.words, replies) if directory is not None else None

    def __call__(self, ctx: AnswerContext) -> None:
        if self.directory is None or self._zones is None or self._facts is None:
            return None
        schools = self._schools(ctx)
        place = self._completed(ctx, self.directory.resolve_place(ctx.question))
        # only the place the resolver stands by is remembered for follow-ups (never a rejected typo guess)
        ctx.entities.places = [m for m in ctx.entities.places if place.status == "found" and m.zone in place.zones]
        masked = ctx.folded
        for match in schools:  # the school's level word stays: 北咀村小学初中各去哪 asks both levels
            tail = next((t for t in self.words.level_tails if match.matched_text.endswith(t)), "")
            masked = masked.replace(match.matched_text, "#" * (len(match.matched_text) - len(tail)) + tail)
        gloss = ctx.gloss  # English and pinyin words read as the Chinese ones they stand for
        slots = read_slots(f"{masked} {gloss}" if gloss else masked, self.words)
        if ctx.asking:  # 俺担心学校哪天就没了……县上是咋打算的？: a date told in the story is not asked
            slots.asks_dates = says_any(ctx.asked, self.words.asks_dates)
        outside_name = place.name if place.status == "outside_county" else ""
        if place.status == "outside_county" and self._roles.origin_only(ctx.folded, place.name, ctx.entities.townships):
            place = replace(place, status=None, name="")  # 从银川转学回来: where the child comes from, not where the family lives
        if (place.outside is not None and place.status != "outside_county" and slots.audience == "本地户籍"
                and not says_any(ctx.folded, self.words.returning)  # 从内蒙古打工回来的: back home, the county's own
                and (self._roles.comes_from(ctx.folded, outside_name or place.outside.name)
                     or self._roles.from_in_letters(ctx.folded, outside_name))):
            slots.audience = "随迁子女"  # 我们是原州区的户口，搬到县城: a family from outside enrols as 随迁子女
        unknown = self._unknown_school(ctx, slots, schools)
        outcomes = [unknown] if unknown is not None else self._yielding(ctx.folded, slots, self._outcomes(ctx, slots, place, schools), gloss)
        if outcomes:
            self._zone_check(ctx, outcomes, place, schools)
            self._apply(ctx, outcomes)
        return None

    def _unknown_school(self, ctx: AnswerContext, slots: Slots, schools: list[SchoolMatch]) -> Outcome | None:
        """海原八小能住校不: a school's own facts or contact asked of a numbered school the data does not hold."""
        if schools or self._unknown_schools is None or not (slots.facts or slots.asks_contact) or slots.asks_school:
            return None
        name = self._unknown_schools.find(ctx.folded)
        return self._unknown_schools.outcome(name) if name else None

    def _yielding(self, folded: str, slots: Slots, outcomes: list[Outcome], gloss: str = "") -> list[Outcome]:
        """Drop the look-ups read off a loose word (学费, 残疾, 多久: no row the question names) when the question is much
        closer to an out-of-scope question than to any answered one (县城私立幼儿园学费, 残疾证在哪办, 多久查一次视力):
        retrieval and the scope model then decide. Zones, schools and asked-back places are named, and always kept."""
        loose = [outcome for outcome in outcomes if not self._firm(f"{folded} {gloss}", slots, outcome)]
        if not loose:
            return outcomes
        negatives = LexicalNegatives.load()  # built on the first loose look-up (once per process), not at start-up
        if negatives is None or negatives.share(folded) < YIELD_SHARE:
            return outcomes
        return [outcome for outcome in outcomes if outcome not in loose]

    def _firm(self, folded: str, slots: Slots, outcome: Outcome) -> bool:
        """The question names a row the look-up used (shares a two-character word with its name, item or topics), or
        asks for the enrolment papers or dates of a child's schooling said in so many words (娃上学要带啥)."""
        if outcome.final_text or outcome.kind == "zone":
            return True
        if outcome.kind in ("materials", "calendar") and slots.schooling:
            return True
        names = [self._names.get(record) for record in outcome.record_ids]
        if not names or any(name is None for name in names):
            return True  # a school or a zone: named in the question by its own matcher
        words = name_bigrams(folded)
        return any(words & name_bigrams(name) for name in names if name)

    @staticmethod
    def _zone_check(ctx: AnswerContext, outcomes: list[Outcome], place: PlaceResolution, schools: list[SchoolMatch]) -> None:
        """对口的是海原五中吗: one school named against the 划片 of a place named with its township (never a place
        whose township is left open: two 新庄村) — the zone record itself says yes or no."""
        first = outcomes[0]
        if first.kind != "zone" or not first.facts or place.status != "found" or not ctx.entities.townships:
            return
        named = {school_id(match.school) for match in schools}
        outside = ctx.folded
        for match in schools:
            outside = outside.replace(match.matched_text, " ")
        if len(named) != 1 or not any(township in outside for township in ctx.entities.townships):
            return  # the township must be named for the place itself, not inside the school's name
        fact = first.facts[0]
        fact.polarity = "yes" if named <= set(fact.record_ids) else "no"
        fact.predicate = "zone"

    def _completed(self, ctx: AnswerContext, place: PlaceResolution) -> PlaceResolution:
        """"七营镇" typed after "我没有找到这个地方…请告诉我是哪个乡镇的": the township completes the last question."""
        assert self.directory is not None
        last = ctx.conversation.last
        if place.status is not None or not place.township or last is None or last.intent != "zone" or last.place:
            return place
        if len(ctx.folded) > len(place.township) + 4:
            return place
        combined = self.directory.resolve_place(f"{place.township}{last.question}")
        if combined.status is None:
            return place
        ctx.question = f"{place.township}{last.question}"
        ctx.folded = ctx.question.lower()
        return combined

    def _schools(self, ctx: AnswerContext) -> list[SchoolMatch]:
        assert self.directory is not None
        exact = list(ctx.entities.schools)
        typo = self.directory.match_school_typo(ctx.question)
        # a typo spanning an exact short name (罗三小学 holds 三小) is the school meant
        if typo and all(any(t.start <= e.start and e.end <= t.end and t.end - t.start > e.end - e.start for t in typo) for e in exact):
            return typo
        return exact or typo

    # ------------------------------------------------------------------ which look-ups

    def _outcomes(
        self, ctx: AnswerContext, slots: Slots, place: PlaceResolution, schools: list[SchoolMatch]
    ) -> list[Outcome]:
        assert self._zones is not None and self._facts is not None and self.directory is not None
        outcomes: list[Outcome] = []
        if not slots.subsidies and "资助" in slots.topics and not slots.asks_contact and not schools:
            slots.subsidies = self._facts.subsidies_described(ctx.folded, slots)  # described, not named
            slots.subsidy_cue_needed = False
        enrolment = slots.enrollment and (slots.enrol_context or ctx.intent in {"migrant", "zone"})
        # an amount the asker states (听说初中寄宿生一年补1250块，是真的吗) asks about the amount as much as 多少 does
        stated = any(figure.endswith("元") for figure in asserted_figures(ctx.folded))
        money = ctx.intent == "subsidy" or slots.asks_amount or slots.asks_apply or stated
        money_named = any(word in ctx.folded for word in self.words.money_words)  # 钱, 补…
        subsidy = bool(slots.subsidies) and (money or not slots.subsidy_cue_needed)
        if (subsidy and schools and slots.facts and slots.subsidy_cue_needed and "资助" not in slots.topics
                and not money_named):
            subsidy = False  # 一小能住校吗: the school's boarding is asked, not the boarding subsidy (补多少钱 asks it)
        # the papers are asked for a child's enrolment (要带啥 alone may be for 身份证, 低保…)
        materials = slots.enrollment and not subsidy and (
            (slots.asks_materials and enrolment) or (bool(slots.items) and (enrolment or slots.not_yet))
        )
        # whom to call, or a place to turn to (县上有没有专门问资助政策的地方), or a case answered with whom to call unasked
        auto = self.words.auto_contact
        contact_topics = [t for t in slots.topics if t in self.words.contact_topics
                          and (slots.asks_contact or slots.asks_turn_to or (t in auto and not slots.asks_duty))]
        if subsidy and slots.asks_contact and "资助" in contact_topics and not (slots.asks_amount or slots.asks_apply):
            subsidy = False  # 两免一补的事找哪个单位问: whom to ask, not the amounts
        # 邻居家娃十四岁就不念了，找谁 / 到岁数了没上学，向谁反映: the age told, whom to call asked
        age_asked = slots.asks_age and not ((slots.age_stated_only or slots.asks_contact) and contact_topics)
        # a step whose row tells what happens at it (报名材料审核有问题咋通知), named as typed: that row, without a date word
        step_named = any(word in ctx.folded for word in self.words.calendar_steps)
        calendar = slots.enrollment and not slots.timetable and (
            (enrolment and (slots.asks_dates or age_asked or step_named)) or (slots.asks_dates and bool(slots.calendar_items))
        )
        if calendar and slots.subsidies and not (slots.calendar_items or step_named):
            calendar = False  # 寄宿生补助哪天打到卡上: the day a subsidy is paid is no step of enrolment
        if calendar and materials and slots.items and slots.asks_bring and not (slots.asks_dates or step_named):
            calendar = False  # 今年满六岁了，出生证要带吗: the age is told beside a paper asked to bring, no date is asked
        service_topics = [t for t in slots.topics if t in self.words.service_topics]
        school_fact = bool(schools) and (bool(slots.facts) or slots.asks_contact)
        if school_fact and service_topics and slots.asks_turn_to and any(word in ctx.folded for word in self.words.county_level):
            school_fact = False  # 我是三中的班主任，县里有没有心理方面可以求助的地方: the county's service, not the school's room
        if (school_fact and subsidy and ("资助" in slots.topics or money_named) and slots.facts == ["boarding"]
                and not slots.asks_contact):
            school_fact = False  # 七营中学住校有补助吗: the boarding subsidy is asked, not whether it boards
        services_asked = bool(contact_topics) or (bool(service_topics) and not slots.asks_school)
        other = subsidy or materials or calendar or school_fact or services_asked
        if (place.status == "outside_county" and services_asked and not (subsidy or materials or calendar or school_fact or slots.asks_school)
                and not self._roles.went_there(ctx.folded, place.name)):
            # 同心县留守儿童关爱站电话: the county's offices are not theirs to call
            kind = "contact" if contact_topics else "service"
            return [self._zones.outside_enrolment(place, kind, reply="decline_outside_services")]

        # a grade told with the papers asked for (转到海原上三年级，要准备哪些材料) is the child's, not a 划片 question
        # a grade or a family's place told with a question of another kind (县城一年级一个班最多多少人, 孙女在郑旗念五年级……
        # 是照着啥大会定的) asks that question, not the 划片: only a message that asks nothing else, or names its village, asks it
        told_only = place.status == "found" or not self.framing.asks.search(ctx.folded)
        zone_asked = slots.asks_school or (slots.grade is not None and not slots.asks_choice and not slots.school_future
                                           and not (materials and slots.materials_question) and told_only)
        if not zone_asked and not other and slots.levels and (place.status is not None or place.township) and not slots.school_future:
            zone_asked = ctx.entities.personal and told_only  # 我们家在李旺，娃上小学: where the family's child goes is asked
        if place.status == "unknown" and not other and self._roles.only_a_place(ctx, place.name):
            zone_asked = True  # 七营镇五里村的娃: a place and nothing else asks its 划片, found or not
        elsewhere = self._roles.asked_elsewhere(ctx, place)
        if elsewhere:
            zone_asked = False  # the place and the grade told introduce the asker; the question asks of something else
        own_facts = [fact for fact in slots.facts if fact not in ("address", "township")]  # 在哪上初中 asks a 划片
        if (place.status == "outside_county" and own_facts and not schools and not zone_asked
                and not (subsidy or materials or calendar)):
            # 吉强镇中学能住校不: a school of a place outside the county, whose facts the county's data does not hold
            return [self._zones.outside_enrolment(place, "school_fact", reply="decline_outside")]
        if place.status == "unknown" and other and not zone_asked and self._roles.named_as_home(ctx, place):
            # 俺是贾塘乡公园村的，娃上一年级要带啥 / 红羊乡杨柳村的娃住校补多少: the family's place is not in the data, so
            # the county's papers, dates and amounts may not be theirs: asked back like a 划片 question, never answered
            outcome = self._zones(place, slots)
            if outcome is not None and outcome.final_text:
                kinds = [(school_fact, "school_fact"), (subsidy, "subsidy"), (materials, "materials"), (calendar, "calendar"),
                         (bool(contact_topics), "contact"), (services_asked, "service")]
                return [replace(outcome, kind=next(kind for flag, kind in kinds if flag))]
        if place.status == "unknown" and not (zone_asked or slots.enrol_context):
            place = replace(place, status=None, name="", near=())  # no child's schooling asked of the name: the plan answers
        if (place.status == "outside_county" and (materials or calendar) and not zone_asked
                and self._roles.schooled_there(ctx.folded, place.name)):
            return [self._zones.outside_enrolment(place, "materials" if materials else "calendar")]
        if place.status in {"found", "ambiguous", "unknown", "outside_county"} and (zone_asked or not other):
            if place.status == "found" or zone_asked or ctx.entities.personal or ctx.intent == "zone" or slots.enrol_context:
                outcome = None if elsewhere else self._zones(place, slots)
                if outcome is not None:
                    if outcome.final_text:
                        return [outcome]
                    outcomes.append(outcome)
        elif place.status is None and place.township and zone_asked and not other:
            outcome = self._zones(place, slots)
            if outcome is not None:
                return [outcome]
        elif place.status is None and not other:
            last = ctx.conversation.last
            if ctx.followup and last is not None and last.place:
                zone = self.directory.zone_for(last.place, township=last.township)
                if zone is not None:
                    outcomes.append(self._zones.found(zone, slots))
            elif zone_asked and ctx.entities.personal and (ctx.intent == "zone" or slots.asks_school):
                return [Outcome("zone", final_text=self._zones.replies("clarify_need_place_any"), final_kind="clarify")]

        if school_fact:
            outcomes.append(self._facts.school(schools[0].school, slots))
        if subsidy:
            found = self._facts.subsidies(slots)
            outcomes.extend([found] if found else [])
        enrolment_kinds = [(materials, self._facts.materials), (calendar, self._facts.calendar)]
        if calendar and not slots.materials_question:  # 手续什么时间办: a date is asked, the papers only named
            enrolment_kinds.reverse()
        for asked, lookup in enrolment_kinds:
            found = lookup(slots) if asked else None
            outcomes.extend([found] if found else [])
        township = place.township or (ctx.entities.townships[0] if ctx.entities.townships else None)
        if contact_topics:
            topic_slots = Slots(topics=contact_topics)
            found = self._facts.services(topic_slots, township, contact=True)
            outcomes.extend([found] if found else [])
        if service_topics and not school_fact:
            asks = slots.asks_contact
            found = self._facts.services(Slots(topics=service_topics, asks_service=slots.asks_service), township, contact=asks)
            outcomes.extend([found] if found else [])
        return outcomes

    # ------------------------------------------------------------------ into the context

    def _apply(self, ctx: AnswerContext, outcomes: list[Outcome]) -> None:
        first = outcomes[0]
        ids = list(dict.fromkeys(record for outcome in outcomes for record in outcome.record_ids))
        status = next((o.place_status for o in outcomes if o.kind == "zone" or o.place_status), None)
        ctx.lookup = LookupInfo(first.kind, status, tuple(ids))
        if first.final_text:
            ctx.intent = "zone"
            ctx.choices = list(first.choices)
            answered = False
            ctx.facts.extend(first.facts)  # a contact the text names: the number check finds it in its record
            ctx.finish(first.final_text, answered=answered, kind=first.final_kind)
            return
        for outcome in outcomes:
            if outcome.zone is not None:
                ctx.intent = "zone"
                ctx.entities.zone = outcome.zone
                ctx.search_query = f"{ctx.search_query} 划片就近入学"
        facts = [fact for outcome in outcomes for fact in outcome.facts]
        known = {fact.text for fact in ctx.facts}
        ctx.facts[:0] = [fact for fact in facts if fact.text not in known]
        intro = _INTROS.get(first.kind)
        if intro and first.kind != "zone":
            ctx.fact_intro = ctx.fact_intro or self.texts.replies(intro)
        else:
            ctx.fact_intro = ""
