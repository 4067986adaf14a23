"""Look-ups other than zones: a school's own facts, subsidies by row, enrollment materials and dates, services and contacts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.pipeline.context import DataFact
from bot.pipeline.lookup_slots import Slots
from bot.pipeline.lookup_zone import Outcome, school_id
from bot.texts import Replies

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory
    from knowledge.schooldata.models import EnrollmentItemPublic, SchoolPublic, ServicePublic, SubsidyPublic

YES_NO_FACTS = ("boarding", "care_room", "counseling_room", "family_phone")


def row_names(directory: Directory) -> dict[str, str]:
    """What each subsidy, enrollment and service row is called (its name, category, item or topics), by record id:
    a question sharing a two-character word with these names the row itself, not only a loose word around it."""
    names = {f"subsidies:{row.subsidy_id}": f"{row.name}{row.category}" for row in directory.subsidies()}
    names.update({f"enrollment:{row.item_id}": row.item for row in directory.enrollment()})
    names.update({f"services:{row.service_id}": f"{row.name}{''.join(row.topic_list)}" for row in directory.services()})
    return names


def _label(rows: list[SubsidyPublic] | list[EnrollmentItemPublic] | list[ServicePublic]) -> str:
    return rows[0].source_label


_FUNCTION_CHARS = set("的了吗啥么呢有是要娃我你他她在上么什怎咋哪多少几能会不没还都就也给")


def name_bigrams(text: str) -> set[str]:
    """Two-character words of the Chinese text, leaving out those with a function character."""
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if all("\u4e00" <= ch <= "\u9fff" and ch not in _FUNCTION_CHARS for ch in text[i : i + 2])
    }


def _for_one_level(row: SubsidyPublic) -> bool:
    """A row of 小学 or 初中 only (by its level or its name), not one for every school (小规模学校…)."""
    return row.level in ("小学", "初中") or row.name.endswith(("（小学）", "（初中）"))


def _base_name(name: str) -> str:
    """家庭经济困难寄宿生生活费补助（小学） -> 家庭经济困难寄宿生生活费补助."""
    return name.split("（")[0] if name.endswith("）") else name


_NO_APPLICATION = re.compile(r"无需(\S{0,4}?)申请")
_APPLICATION = re.compile(r"提出申请|提交")
_FREE = re.compile(r"免除|免费|不得收取")
_EVERYONE = "全县"
_APPLICANT = {"个人": ("个人", "自己", "本人"), "家长": ("家长",), "学校": ("学校",)}


def apply_polarity(how_to_apply: list[str], question: str) -> str:
    """Must one apply? From the records' how_to_apply field: 无需申请 → no (无需个人申请 only when the question asks
    about that applicant); 向…提出申请 / 提交 → yes; anything else (一般无需, 核定) or records that differ → ""."""
    found = set()
    for text in how_to_apply:
        absent = _NO_APPLICATION.search(text)
        if absent and "一般" not in text[: absent.start()]:
            before = text[max(0, absent.start() - 2) : absent.start()]
            who = absent.group(1) or (before if before in _APPLICANT else "")  # 家长无需申请 / 无需个人申请
            found.add("no" if not who or any(w in question for w in _APPLICANT.get(who, (who,))) else "")
        elif _APPLICATION.search(text):
            found.add("yes")
        else:
            found.add("")
    return found.pop() if len(found) == 1 else ""


class FactLookups:
    def __init__(self, replies: Replies, directory: Directory) -> None:
        self.replies = replies
        self.directory = directory

    # ------------------------------------------------------------------ a school's own facts

    def school(self, school: SchoolPublic, slots: Slots) -> Outcome:
        r = self.replies
        asked = [fact for fact in slots.facts if fact in YES_NO_FACTS]
        leads = []
        for fact in asked:
            value = bool(getattr(school, fact))
            leads.append(r(f"fact_{'yes' if value else 'no'}_{fact}", school=school.name))
        described = [fact for fact in slots.facts if fact in ("address", "grades", "level", "township")]
        contact_only = not asked and "contact" in slots.facts and not described
        if "grades" in slots.facts or "level" in slots.facts:
            leads.append(r("fact_grades", school=school.name, level=school.level, grades=school.grades))
        if "township" in slots.facts:
            leads.append(r("fact_township", school=school.name, township=school.township))
        if "address" in slots.facts:
            leads.append(r("fact_address", school=school.name, address=school.address))
        if "contact" in slots.facts or not (asked or described):
            leads.append(r("fact_contact", school=school.name, contact=school.contact))
        yes, no = r("mark_yes"), r("mark_no")
        line = r(
            "school_line",
            name=school.name,
            level=school.level,
            grades=school.grades,
            boarding=yes if school.boarding else no,
            care_room=yes if school.care_room else no,
            counseling_room=yes if school.counseling_room else no,
            family_phone=yes if school.family_phone else no,
            contact=school.contact,
            address=school.address,
        )
        ids = [school_id(school)]
        # one yes/no field asked, and nothing else: the field itself answers yes or no
        polarity = ("yes" if getattr(school, asked[0]) else "no") if len(asked) == 1 and len(leads) == 1 else ""
        data = DataFact(line, school.source_label, school.verified, explicit=True, lead="；".join(leads), record_ids=ids,
                        polarity=polarity, predicate=asked[0] if polarity else "")
        return Outcome("contact" if contact_only else "school_fact", [data], record_ids=ids)

    # ------------------------------------------------------------------ subsidies

    def subsidies_described(self, folded: str, slots: Slots) -> list[tuple[str, ...]]:
        """Subsidy rows a question describes without naming (困难家庭的娃上学有啥补助): of the compulsory-school
        rows, or of the levels it names (高中, 幼儿园…), those whose name, category and eligibility share the
        most two-character words with it (at least two), as ``match`` words."""
        words = name_bigrams(folded)
        levels = set(slots.subsidy_levels) or {"小学", "初中"}
        scored = []
        for row in self.directory.subsidies():
            if row.level not in levels:
                continue
            score = len(words & name_bigrams(f"{row.name}{row.category}{row.eligibility}"))
            scored.append((score, row.name))
        best = max((score for score, _ in scored), default=0)
        if best < 2:
            return []
        return [(name,) for score, name in scored if score == best]

    def subsidies(self, slots: Slots) -> Outcome | None:
        r = self.replies
        rows: list[SubsidyPublic] = []
        for match in slots.subsidies:
            for row in self.directory.subsidies():
                text = f"{row.name}{row.category}"
                if any(word in text for word in match) and row not in rows:
                    rows.append(row)
        if not rows:
            return None
        compulsory = [row for row in rows if row.level in ("小学", "初中", "学校")]
        if compulsory and not slots.subsidy_levels:
            rows = compulsory  # 免多少: the compulsory-school rows, not 高中 rows that share the word
        if slots.subsidy_levels:  # 高中 / 幼儿园 / 老师 / 经费 named: that level's rows (and 小学/初中 if named too)
            named = {*slots.subsidy_levels, *slots.levels}
            rows = [row for row in rows if row.level in named]  # 老师住校有补助没: no pupil's aid answers a teacher
            if not rows:
                return None
        wanted = [level for level in slots.levels if level in ("小学", "初中")]
        if wanted:
            leveled = [row for row in rows if row.level in wanted or any(f"（{w}）" in row.name for w in wanted)
                       or not _for_one_level(row)]
            rows = leveled or rows
        if not any("100人" in word or "一百人" in word for match in slots.subsidies for word in match):
            rows = [row for row in rows if "按100人" not in row.name] or rows
        groups: dict[str, list[SubsidyPublic]] = {}
        for row in rows:
            groups.setdefault(_base_name(row.name), []).append(row)
        leads = []
        for base, members in groups.items():
            if slots.asks_apply or slots.asks_when:  # 申请：…按学期发放 says how and when
                hows = list(dict.fromkeys(row.how_to_apply for row in members if row.how_to_apply))
                leads.append(r("subsidy_apply", name=base, how="；".join(hows)))
            if slots.asks_amount or not (slots.asks_apply or slots.asks_when):
                leads.append(r("subsidy_amount", name=base, amounts="，".join(dict.fromkeys(row.amount for row in members))))
        ids = [f"subsidies:{row.subsidy_id}" for row in rows]
        # must one apply (asked so)? else: is there a fee for what the records name (免除学杂费，学校不得收取 → no)
        if slots.asks_apply and not slots.asks_amount:
            predicate, polarity = "apply", apply_polarity([row.how_to_apply for row in rows], slots.question)
        else:
            # only a record for every pupil at that level (全县…在校生) is certain for whoever asks; 四类 students are not all
            predicate, polarity = "fee", "no" if all(_FREE.search(row.amount) and row.eligibility.startswith(_EVERYONE) for row in rows) else ""
        facts = [
            DataFact(
                r(
                    "subsidy_line",
                    name=row.name,
                    amount=row.amount,
                    eligibility=row.eligibility,
                    how_to_apply=row.how_to_apply,
                    basis=row.basis,
                ),
                row.source_label,
                row.verified,
                explicit=True,
                lead="；".join(leads) if index == 0 else "",
                record_ids=[f"subsidies:{row.subsidy_id}"],
                polarity=polarity if index == 0 else "",
                predicate=predicate,
            )
            for index, row in enumerate(rows)
        ]
        return Outcome("subsidy", facts, record_ids=ids)

    # ------------------------------------------------------------------ enrollment

    def _enrollment_rows(self, slots: Slots, kind: str) -> list[EnrollmentItemPublic]:
        rows = self.directory.enrollment(audience=slots.audience, kind=kind, stage=slots.stage)
        if not rows:
            rows = self.directory.enrollment(audience=slots.audience, kind=kind)
        if not rows and kind == "日程":
            rows = self.directory.enrollment(kind=kind, stage=slots.stage)
        return rows

    def materials(self, slots: Slots) -> Outcome | None:
        r = self.replies
        rows = self._enrollment_rows(slots, "材料")
        if not rows:
            return None
        named = [row for row in rows if any(_names_item(item, row.item) for item in slots.items)]
        if not named and slots.items:  # e.g. 房产证 is in the detail of 住房证明
            named = [row for row in self.directory.enrollment(kind="材料") if any(_names_item(i, row.item) for i in slots.items)]
            named = [row for row in named if row.audience == slots.audience] or named[:1]
        if slots.asks_materials and not slots.not_yet:
            named = []  # the whole list was asked for; a document named on the way does not narrow it
        if named:
            rows_used = list(dict.fromkeys([*named, *(rows if slots.asks_materials else [])]))
            leads = []
            for row in named:
                clauses = [c for c in row.detail.replace("；", "。").split("。") if c]
                pick = [c for c in clauses if slots.not_yet and ("尚未" in c or "还没" in c or "未办" in c)]
                leads.append(pick[0] if pick else r("material_item", item=row.item, detail=row.detail))
            lead = "；".join(leads)
        else:
            rows_used = rows
            items = "、".join(dict.fromkeys(row.item for row in rows))
            lead = r("materials_lead", audience=slots.audience if slots.audience != "转学" else "", stage=slots.stage, items=items)
        text = "；".join(r("material_line", item=row.item, detail=row.detail) if row.detail else row.item for row in rows_used)
        ids = [f"enrollment:{row.item_id}" for row in rows_used]
        fact = DataFact(
            f"{slots.audience}：{text}", _label(rows_used), all(row.verified for row in rows_used), explicit=True, lead=lead, record_ids=ids
        )
        return Outcome("materials", [fact], record_ids=ids)

    def calendar(self, slots: Slots) -> Outcome | None:
        r = self.replies
        if slots.asks_age and not slots.calendar_items:
            rows = [row for row in self.directory.enrollment(kind="材料") if "周岁" in row.detail]
            if rows:
                row = rows[0]
                clause = next(c for c in row.detail.split("；") if "周岁" in c)
                ids = [f"enrollment:{row.item_id}"]
                fact = DataFact(r("material_item", item=row.item, detail=row.detail), row.source_label, row.verified,
                                explicit=True, lead=clause, record_ids=ids)
                return Outcome("calendar", [fact], record_ids=ids)
        rows = self._enrollment_rows(slots, "日程")
        if not rows:
            return None
        named = [row for row in rows if row.item in slots.calendar_items]
        used = named or rows
        text = "；".join(r("calendar_item", item=row.item, detail=row.detail) for row in used)
        ids = [f"enrollment:{row.item_id}" for row in used]
        fact = DataFact(text, _label(used), all(row.verified for row in used), explicit=True, lead=text if named else "", record_ids=ids)
        return Outcome("calendar", [fact], record_ids=ids)

    # ------------------------------------------------------------------ services and contacts

    def services(self, slots: Slots, township: str | None, contact: bool) -> Outcome | None:
        r = self.replies
        rows: list[ServicePublic] = []
        for topic in slots.topics:
            matching = [row for row in self.directory.services(township=township) if topic in row.topic_list]
            local = [row for row in matching if township and row.township == township]
            county = [row for row in matching if not row.township]
            chosen = (local or county)[:1] if contact else (local[:1] + county[:1])
            rows.extend(row for row in chosen if row not in rows)
        if not rows:
            return None
        leads = []
        for row in rows:
            where = f"（{row.township}）" if row.township else ""
            if contact:
                topic = next((t for t in slots.topics if t in row.topic_list), row.kind)
                leads.append(r("contact_lead", topic=topic, name=f"{row.name}{where}", contact=row.contact))
            else:
                leads.append(r("service_lead", name=row.name, where=where, description=row.description, contact=row.contact))
        ids = [f"services:{row.service_id}" for row in rows]
        # a service asked for by its place or as a contact answers first; else it supports the policy text
        explicit = contact or bool(township) or slots.asks_service
        facts = [
            DataFact(
                r("service_line", name=row.name, where=f"（{row.township}）" if row.township else "",
                  description=row.description, contact=row.contact, hours=row.hours,
                  run_by=r("service_run_by", provider=row.provider) if row.provider and row.provider not in row.name else ""),
                row.source_label,
                row.verified,
                explicit=explicit,
                lead="；".join(leads) if index == 0 and explicit else "",
                record_ids=[f"services:{row.service_id}"],
            )
            for index, row in enumerate(rows)
        ]
        return Outcome("contact" if contact else "service", facts, record_ids=ids)


def _names_item(named: str, item: str) -> bool:
    """A paper named in the question names a row's item when one contains the other, paper by paper: an item of
    two papers (户口簿或居住证, the transfer's) is named by either (居住证 names it as it names 居住证或居住登记凭证)."""
    return any(a in b or b in a for a in named.split("或") for b in item.split("或"))
