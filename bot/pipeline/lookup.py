"""Look up the county's school data: zones (划片), subsidies, enrollment materials and dates, services."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from bot.answer import Choice
from bot.pipeline.context import AnswerContext, DataFact
from bot.texts import AssistantTexts
from retrieval.text import char_tokens, fold

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory
    from knowledge.schooldata.models import EnrollmentItemPublic, ServicePublic, SubsidyPublic
    from knowledge.schooldata.records import PlaceMatch, ZoneAssignment

_ASKS_SCHOOL = re.compile(r"(哪个学校|哪所学校|上哪|去哪|哪个小学|哪个初中|哪个中学|哪个学|对口|分到哪|划到哪|划片到|which school|上啥学校|念哪)")
_ASKS_MATERIALS = re.compile(r"(材料|带什么|带啥|手续|准备什么|准备啥|证件|需要什么|要什么|要啥|documents|papers)")
_ASKS_DATES = re.compile(r"(什么时候|啥时候|几号|几月|日程|报名时间|入学时间|哪天|截止|when)")
# exams, jobs and papers for adults: not a child's school enrolment, whatever words they share
_NOT_ENROLMENT = re.compile(r"(考试|高考|中考|资格证|招聘|研究生|考研|驾照|公务员|事业单位|居住证在哪|办居住证|大学)")
_ASKS_CONTACT = re.compile(r"(电话|联系|找谁|咨询|哪里问|去哪问|号码|在哪办公|contact|phone)")
_ENROLMENT_CONTEXT = re.compile(r"(上学|入学|报名|一年级|初一|小学|初中|念书|读书|转学|转回|转到|插班|开学|随迁|enrol|school)")
_TRANSFER = re.compile(r"(转学|转回|转到|转过来|转走|transfer)")
_DISABLED = re.compile(r"(残疾|残障|特教|送教|随班就读|disab)")
_COMPLAINT = re.compile(r"(投诉|举报|乱收费|反映问题|complain)")
_BUREAU = re.compile(r"(教育局|教体局|教育体育局|找谁问|答不上|bureau)")
_SERVICE_KINDS = {"care": ["留守儿童关爱", "心理健康"], "dropout": ["控辍保学", "送教上门"], "subsidy": ["资助咨询"],
                  "zone": ["入学咨询"], "migrant": ["入学咨询"]}


def _mark(record: SubsidyPublic | ServicePublic | EnrollmentItemPublic) -> bool:
    return record.verified


class LookUp:
    """The pipeline step; without school data it does nothing."""

    def __init__(self, texts: AssistantTexts, directory: Directory | None) -> None:
        self.texts = texts
        self.directory = directory
        self._lookups = _Lookups(texts, directory) if directory is not None else None

    def __call__(self, ctx: AnswerContext) -> None:
        if self._lookups is not None:
            self._lookups(ctx)
        return None


class _Lookups:
    """The look-ups of one question against the school data."""

    def __init__(self, texts: AssistantTexts, directory: Directory) -> None:
        self.texts = texts
        self.directory = directory

    def __call__(self, ctx: AnswerContext) -> None:
        folded = ctx.folded
        if self._zone(ctx, folded):
            return None
        if ctx.intent == "subsidy":
            self._subsidies(ctx, folded)
        if (_ENROLMENT_CONTEXT.search(folded) or ctx.intent in {"migrant", "zone"}) and not _NOT_ENROLMENT.search(folded):
            self._enrollment(ctx, folded)
        if ctx.intent in {"care", "dropout"} or (_ASKS_CONTACT.search(folded) and ctx.intent in _SERVICE_KINDS):
            self._services(ctx, folded)
        self._contacts(ctx, folded)
        return None

    # -- zones -----------------------------------------------------------------------------------
    def _zone(self, ctx: AnswerContext, folded: str) -> bool:
        replies = self.texts.replies
        places: list[PlaceMatch] = list(ctx.entities.places)
        last = ctx.conversation.last
        if not places and ctx.followup and last is not None and last.place:
            zone = self.directory.zone_for(last.place, township=last.township)
            if zone is not None:
                self._zone_facts(ctx, zone)
                return False
        wants = ctx.intent == "zone" and (ctx.entities.personal or bool(_ASKS_SCHOOL.search(folded)))
        if not places:
            if wants and _ASKS_SCHOOL.search(folded) and ctx.entities.personal:
                ctx.choices = [Choice(t, t) for t in ctx.entities.townships[:1]]
                ctx.finish(replies("clarify_need_place"), answered=False, kind="clarify")
                return True
            return False
        if not (wants or ctx.intent == "zone" or ctx.entities.personal):
            return False
        mentioned = [p for p in places if p.township_mentioned]
        candidates = mentioned or [p for p in places if not p.township_conflict] or places
        best = candidates[0]
        same = [p for p in candidates if p.zone.place == best.zone.place or p.ambiguous]
        towns = list(dict.fromkeys(p.township for p in same))
        if len(towns) > 1 and not mentioned:
            ctx.intent = "zone"
            ctx.choices = [Choice(town, f"{town}{best.place}") for town in towns[:6]]
            ctx.finish(replies("clarify_place", place=best.place), answered=False, kind="clarify")
            return True
        zone = self.directory.zone_for(best)
        if zone is None:
            return False
        ctx.intent = "zone"
        self._zone_facts(ctx, zone)
        return False

    def _zone_facts(self, ctx: AnswerContext, zone: ZoneAssignment) -> None:
        replies = self.texts.replies
        level = ctx.entities.level
        lines = [replies("zone_answer", township=zone.township, place=zone.place)]
        for key, school in (("zone_primary", zone.primary), ("zone_junior", zone.junior)):
            if (level == "初中" and key == "zone_primary") or (level == "小学" and key == "zone_junior"):
                continue
            boarding = replies("zone_boarding_yes") if school.boarding else replies("zone_boarding_no")
            lines.append(replies(key, name=school.name, boarding=boarding, contact=school.contact))
        ctx.facts.insert(0, DataFact("\n".join(lines), zone.source_label, zone.verified, explicit=True))
        ctx.fact_intro = ""
        ctx.search_query = f"{ctx.search_query} 划片就近入学"
        ctx.entities.zone = zone

    # -- subsidies ---------------------------------------------------------------------------------
    def _subsidies(self, ctx: AnswerContext, folded: str) -> None:
        wanted = set(t for t in char_tokens(folded) if len(t) == 2)
        level = ctx.entities.level
        rows = self.directory.subsidies()
        bags = [set(char_tokens(fold(f"{row.name} {row.category} {row.unit} {row.eligibility}"))) for row in rows]
        rarity = {t: math.log(1 + len(rows) / (1 + sum(t in bag for bag in bags))) for t in wanted}
        scored = []
        for row, haystack in zip(rows, bags, strict=True):
            if level and row.level != level:
                continue
            shared = wanted & haystack
            score = sum(rarity[t] for t in shared)
            if len(shared) >= 2:
                scored.append((score, row))
        scored.sort(key=lambda pair: -pair[0])
        if not scored:
            return
        top = scored[0][0]
        for _, row in [pair for pair in scored if pair[0] >= top * 0.75][:4]:
            text = f"{row.name}：{row.amount}；对象：{row.eligibility}；申请：{row.how_to_apply}；依据：{row.basis}"
            ctx.facts.append(DataFact(text, row.source_label, _mark(row)))
        ctx.fact_intro = ctx.fact_intro or self.texts.replies("subsidy_intro")

    # -- enrollment materials and dates ------------------------------------------------------------
    def _enrollment(self, ctx: AnswerContext, folded: str) -> None:
        last = ctx.conversation.last
        migrant = ctx.intent == "migrant" or (ctx.followup and last is not None and last.intent == "migrant")
        if _TRANSFER.search(folded):
            audience = "转学"
        elif _DISABLED.search(folded):
            audience = "残疾儿童"
        else:
            audience = "随迁子女" if migrant else "本地户籍"
        asks = bool(_ASKS_MATERIALS.search(folded))
        if asks or (migrant and not _ASKS_DATES.search(folded) and "入学" in folded):
            rows = list({row.item: row for row in self.directory.enrollment(audience=audience, kind="材料")}.values())
            if rows:
                text = "；".join(f"{row.item}（{row.detail}）" if row.detail else row.item for row in rows)
                ctx.facts.append(DataFact(f"{audience}：{text}", rows[0].source_label, all(_mark(r) for r in rows), explicit=asks))
                ctx.fact_intro = ctx.fact_intro or self.texts.replies("materials_intro")
        if _ASKS_DATES.search(folded):
            rows = [r for r in self.directory.enrollment(kind="日程") if r.audience == audience] or self.directory.enrollment(kind="日程")
            if rows:
                text = "；".join(f"{row.item}：{row.detail}" for row in rows)
                ctx.facts.append(DataFact(text, rows[0].source_label, all(_mark(r) for r in rows), explicit=True))
                ctx.fact_intro = ctx.fact_intro or self.texts.replies("calendar_intro")

    # -- services ----------------------------------------------------------------------------------
    def _services(self, ctx: AnswerContext, folded: str) -> None:
        township = ctx.entities.townships[0] if ctx.entities.townships else None
        rows: list[ServicePublic] = []
        for kind in _SERVICE_KINDS.get(ctx.intent, []):
            rows.extend(self.directory.services(kind=kind, township=township)[:2])
        self._add_services(ctx, rows[:3], explicit=bool(_ASKS_CONTACT.search(folded)))

    def _add_services(self, ctx: AnswerContext, rows: list[ServicePublic], explicit: bool) -> None:
        known = {fact.text for fact in ctx.facts}
        for row in rows:
            where = f"（{row.township}）" if row.township else ""
            text = f"{row.name}{where}：{row.description}；联系电话 {row.contact}；{row.hours}"
            if text not in known:
                ctx.facts.append(DataFact(text, row.source_label, _mark(row), explicit=explicit))
        if rows:
            ctx.fact_intro = ctx.fact_intro or self.texts.replies("services_intro")

    # -- contacts asked for by name --------------------------------------------------------------
    def _contacts(self, ctx: AnswerContext, folded: str) -> None:
        if _COMPLAINT.search(folded):
            self._add_services(ctx, self.directory.services(kind="投诉")[:1], explicit=True)
        elif _ASKS_CONTACT.search(folded) and _BUREAU.search(folded):
            bureau = self.directory.bureau_contact()
            self._add_services(ctx, [bureau] if bureau is not None else [], explicit=True)
