"""Read the slots of a look-up question: levels, grade, school facts, subsidy, enrollment item, contact topic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.texts import load_yaml

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_AGE = re.compile(r"[\d一二三四五六七八九]\s*岁")
_GRADE = re.compile(r"([一二三四五六七八九1-9])\s*年级|初\s*([一二三123])|grade\s*([1-9])")
_FIRST_YEAR = re.compile(r"(?<![二三四五六七八九十])一年级|初一|七年级|grade\s*1(?!\d)|first grade")
# a grade finished (念完六年级, 五年级读完了, 六年级毕业): the child goes on to the next one
_DONE = "念完|读完|上完|学完|毕业|结束"
_GRADE_DONE = re.compile(rf"(?:{_DONE})了?\s*([一二三四五六七八1-8])\s*年级|([一二三四五六七八1-8])\s*年级\s*(?:就要|快|马上|已经|都)?(?:{_DONE})")
# a grade gone on to (三年级的娃下学期升四年级): that grade, whatever grade is named before it
_GRADE_NEXT = re.compile(r"(?:升|升到|升入|升上|进入|要上|就要上|马上上|快上|下学期上|明年上|秋季上|秋天上)\s*([一二三四五六七八九1-9])\s*年级")
# primary school finished: the junior school is asked, whatever 小学 says
_PRIMARY_DONE = re.compile(rf"小学\s*(?:就要|快|马上|已经|都)?(?:{_DONE})|(?:{_DONE})了?小学|finish(?:ed|ing)?primary")


@dataclass(frozen=True)
class LookupWords:
    """bot/data/lookups.yaml: the words each slot is read by."""

    levels: dict[str, tuple[str, ...]]
    asks_school: tuple[str, ...]
    school_future: tuple[str, ...]
    school_facts: dict[str, tuple[str, ...]]
    subsidies: tuple[tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]], ...]  # (match in the row, words, needs a cue, needs)
    asks_apply: tuple[str, ...]
    asks_when: tuple[str, ...]
    asks_amount: tuple[str, ...]
    audiences: dict[str, tuple[str, ...]]
    stages: dict[str, tuple[str, ...]]
    returning: tuple[str, ...]
    from_outside: tuple[str, ...]
    asks_materials: tuple[str, ...]
    asks_materials_question: tuple[str, ...]
    material_items: dict[str, tuple[str, ...]]
    items_not_when: dict[str, tuple[str, ...]]  # a paper named by an everyday word is not that paper in this company
    not_yet: tuple[str, ...]
    asks_dates: tuple[str, ...]
    calendar_items: dict[str, tuple[str, ...]]
    asks_age: tuple[str, ...]
    not_enrollment: tuple[str, ...]
    enrol_context: tuple[str, ...]
    topics: dict[str, tuple[str, ...]]
    weak_topics: dict[str, tuple[str, ...]]
    complaint_cues: tuple[str, ...]
    asks_contact: tuple[str, ...]
    asks_service: tuple[str, ...] = ()
    asks_turn_to: tuple[str, ...] = ()
    not_calendar: tuple[str, ...] = ()
    other_stages: tuple[str, ...] = ()
    asks_choice: tuple[str, ...] = ()
    not_public: tuple[str, ...] = ()
    asks_duty: tuple[str, ...] = ()
    other_papers: tuple[str, ...] = ()
    bring_words: tuple[str, ...] = ()
    paper_nouns: tuple[str, ...] = ()
    there_words: tuple[str, ...] = ()
    origin_cues: tuple[str, ...] = ()
    work_cues: tuple[str, ...] = ()
    origin_letters: tuple[str, ...] = ()
    asks_checklist: tuple[str, ...] = ()
    unlisted_papers: tuple[str, ...] = ()
    subsidy_other_levels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # how the look-up step weighs what it read (bot/pipeline/lookup.py)
    county_words: tuple[str, ...] = ()
    place_only_fillers: tuple[str, ...] = ()
    money_words: tuple[str, ...] = ()
    lives_at: tuple[str, ...] = ()
    origin_after: tuple[str, ...] = ()
    origin_before: tuple[str, ...] = ()
    level_tails: tuple[str, ...] = ()
    service_topics: tuple[str, ...] = ()
    contact_topics: tuple[str, ...] = ()
    auto_contact: tuple[str, ...] = ()
    calendar_steps: tuple[str, ...] = ()
    went_to: tuple[str, ...] = ()
    county_level: tuple[str, ...] = ()
    # a school named that the data does not hold (bot/pipeline/lookup_unknown_school.py)
    numbered_school_places: tuple[str, ...] = ()
    school_numerals: str = ""
    numbered_school_words: tuple[str, ...] = ()
    village_school_words: tuple[str, ...] = ()
    village_school_not_names: tuple[str, ...] = ()

    @classmethod
    def load(cls, name: str = "lookups.yaml") -> LookupWords:
        return _load(name)


@lru_cache(maxsize=2)
def _load(name: str) -> LookupWords:
    raw = load_yaml(name)

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(word).lower() for word in raw.get(key) or ())

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {str(k): tuple(str(w).lower() for w in v) for k, v in (raw.get(key) or {}).items()}

    return LookupWords(
        levels=table("levels"),
        asks_school=words("asks_school"),
        school_future=words("school_future"),
        asks_choice=words("asks_choice"),
        not_public=words("not_public"),
        school_facts=table("school_facts"),
        subsidies=tuple(
            (
                tuple(str(w) for w in entry["match"]),
                tuple(str(w).lower() for w in entry["words"]),
                bool(entry.get("cue", False)),
                tuple(str(w).lower() for w in entry.get("needs") or ()),
            )
            for entry in raw.get("subsidies") or ()
        ),
        asks_apply=words("asks_apply"),
        asks_when=words("asks_when"),
        asks_amount=words("asks_amount"),
        audiences=table("audiences"),
        stages=table("stages"),
        returning=words("returning"),
        from_outside=words("from_outside"),
        asks_materials=words("asks_materials"),
        asks_materials_question=words("asks_materials_question"),
        material_items=table("material_items"),
        items_not_when=table("items_not_when"),
        not_yet=words("not_yet"),
        asks_dates=words("asks_dates"),
        calendar_items=table("calendar_items"),
        asks_age=words("asks_age"),
        not_enrollment=words("not_enrollment"),
        enrol_context=words("enrol_context"),
        topics=table("topics"),
        weak_topics=table("weak_topics"),
        complaint_cues=words("complaint_cues"),
        asks_contact=words("asks_contact"),
        asks_service=words("asks_service"),
        asks_turn_to=words("asks_turn_to"),
        not_calendar=words("not_calendar"),
        other_stages=words("other_stages"),
        asks_duty=words("asks_duty"),
        other_papers=words("other_papers"),
        bring_words=words("bring_words"),
        paper_nouns=words("paper_nouns"),
        asks_checklist=words("asks_checklist"),
        unlisted_papers=words("unlisted_papers"),
        there_words=words("there_words"),
        origin_cues=words("origin_cues"),
        work_cues=words("work_cues"),
        origin_letters=words("origin_letters"),
        subsidy_other_levels=table("subsidy_other_levels"),
        county_words=words("county_words"),
        place_only_fillers=words("place_only_fillers"),
        money_words=words("money_words"),
        lives_at=words("lives_at"),
        origin_after=words("origin_after"),
        origin_before=words("origin_before"),
        level_tails=words("level_tails"),
        service_topics=words("service_topics"),
        contact_topics=words("contact_topics"),
        auto_contact=words("auto_contact"),
        calendar_steps=words("calendar_steps"),
        went_to=words("went_to"),
        numbered_school_places=words("numbered_school_places"),
        school_numerals=str(raw.get("school_numerals") or ""),
        numbered_school_words=words("numbered_school_words"),
        village_school_words=words("village_school_words"),
        village_school_not_names=words("village_school_not_names"),
        county_level=words("county_level"),
    )


@lru_cache(maxsize=1024)
def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of the words, longest first (so that 七营镇 is tried before 七营)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True) if word)


def _pattern(word: str) -> re.Pattern[str]:
    if word.startswith("re:"):
        return re.compile(word[3:])
    return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")  # English words only as whole words


def says_any(text: str, words: tuple[str, ...]) -> bool:
    """Any of the words in the text (the slot reader's own test, for the steps that read its word lists)."""
    return _any(text, words)


def _any(text: str, words: tuple[str, ...]) -> bool:
    """Any of the words in the text ("re:…" is a regular expression; age is not found in village)."""
    plain, patterns = _matcher(words)
    return any(word in text for word in plain) or any(pattern.search(text) for pattern in patterns)


@lru_cache(maxsize=4096)
def _matcher(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """A word list once compiled: its Chinese words as they are, its English words and expressions as one pattern
    (read for every question and every slot: compiling them per call costs more than the rest of the look-up)."""
    plain = tuple(word for word in words if not (word.isascii() or word.startswith("re:")))
    patterns = [_pattern(word) for word in words if word.isascii() or word.startswith("re:")]
    if len(patterns) > 1:
        try:
            return plain, (re.compile("|".join(f"(?:{p.pattern})" for p in patterns)),)
        except re.error:  # an expression that cannot stand beside the others (a group name twice): each alone
            pass
    return plain, tuple(patterns)


@dataclass
class Slots:
    """What one question asks, read from its folded text (school and place names masked out)."""

    levels: list[str] = field(default_factory=list)  # 小学 / 初中, in the order asked; [] = not said
    grade: int | None = None
    grades: list[int] = field(default_factory=list)  # several children's grades (老大念初二，老二上二年级); else []
    asks_school: bool = False
    school_future: bool = False  # whether a school will be closed or merged: the plan answers, not a 划片 row
    asks_choice: bool = False  # whether the family may choose the school (择校): the rule answers, not a 划片
    facts: list[str] = field(default_factory=list)  # schools.csv columns asked
    subsidies: list[tuple[str, ...]] = field(default_factory=list)  # `match` words of each subsidy asked
    subsidy_cue_needed: bool = True  # every subsidy named needs a money cue (住校 may be about boarding)
    asks_apply: bool = False
    asks_when: bool = False  # when the aid is paid or applied for
    asks_amount: bool = False
    audience: str = "本地户籍"
    stage: str = "小学一年级"
    asks_materials: bool = False
    materials_question: bool = False  # the list is asked for (带啥), not only named (手续)
    items: list[str] = field(default_factory=list)  # enrollment items named (住房证明, 居住证…)
    not_yet: bool = False
    asks_dates: bool = False
    calendar_items: list[str] = field(default_factory=list)
    asks_age: bool = False
    age_stated_only: bool = False  # the child's age is told (今年十四岁), not asked (几岁能上学)
    asks_bring: bool = False  # whether to bring a paper is asked (要带, 带不带)
    enrollment: bool = True  # False: an adult's exam or job, not a child's enrolment
    enrol_context: bool = False  # the question is about a child's schooling
    schooling: bool = False  # …said by a schooling word itself (上学, 报名, 一年级), not only by 要带
    topics: list[str] = field(default_factory=list)
    asks_contact: bool = False
    subsidy_levels: list[str] = field(default_factory=list)  # 高中 / 学前 / 教师 / 学校 named (subsidies.csv level)
    asks_service: bool = False  # help or a place to turn to is asked for (有没有地方…, 能不能派人…)
    asks_turn_to: bool = False  # a place or someone to turn to (有没有…的地方, 有人管吗)
    timetable: bool = False  # the day's or term's timetable is asked (几点上课, 放暑假), not enrolment dates
    asks_duty: bool = False  # what someone must do or whether a rule holds (村干部管不管辍学): the plan, not a phone
    question: str = ""  # the folded question the slots were read from

    @property
    def both_levels(self) -> bool:
        return not self.levels or len(self.levels) > 1


def grade_of(text: str) -> int | None:
    """The grade the child goes to: a grade gone on to (升四年级) before one finished (念完五年级), before any named."""
    going = _GRADE_NEXT.search(text)
    if going:
        return _CN.get(going[1]) or int(going[1])
    done = _GRADE_DONE.search(text)
    if done:
        number = done[1] or done[2]
        return (_CN.get(number) or int(number)) + 1
    match = _GRADE.search(text)
    if not match:
        return None
    if match[1]:
        return _CN.get(match[1]) or int(match[1])
    if match[2]:
        return 6 + (_CN.get(match[2]) or int(match[2]))
    return int(match[3])


def _grades_named(text: str) -> list[int]:
    found: list[int] = []
    for match in _GRADE.finditer(text):
        if match[1]:
            grade = _CN.get(match[1]) or int(match[1])
        elif match[2]:
            grade = 6 + (_CN.get(match[2]) or int(match[2]))
        else:
            grade = int(match[3])
        if grade not in found:
            found.append(grade)
    return found


def grades_of(text: str) -> list[int]:
    """Every grade named for different children (大的上四年级，小的上一年级), in the order written; [] when
    fewer than two distinct grades are named or one grade is gone on to from another (三年级升四年级)."""
    if _GRADE_NEXT.search(text) or _GRADE_DONE.search(text):
        return []
    found = _grades_named(text)
    return found if len(found) > 1 else []


def read_slots(text: str, words: LookupWords) -> Slots:
    """``text``: the question folded (Simplified, lower case), with school names masked (#)."""
    slots = Slots(question=text)
    leveled = text.replace("高中", "##")  # 高中学费 holds 中学: senior high is not the junior level
    positions = {level: min((leveled.find(w) for w in ws if w in leveled), default=-1) for level, ws in words.levels.items()}
    slots.levels = [level for level, at in sorted(positions.items(), key=lambda item: item[1]) if at >= 0]
    slots.grade = grade_of(text)
    slots.grades = grades_of(text)
    if slots.grade is not None and (_GRADE_DONE.search(text) or _GRADE_NEXT.search(text)):  # the grade gone on to sets the level
        slots.levels = ["小学" if slots.grade <= 6 else "初中"]
    if _PRIMARY_DONE.search(text.replace(" ", "")):
        younger = [g for g in _grades_named(text) if g < 6]  # 大的小学毕业，小的上三年级: another child's grade
        slots.levels = ["初中", "小学"] if younger else ["初中"]
        slots.grades = [7, younger[0]] if younger else []
        slots.grade = slots.grade if slots.grade is not None and slots.grade >= 7 else None
    if slots.grade is not None and not slots.levels:
        slots.levels = ["小学" if slots.grade <= 6 else "初中"]
    slots.asks_choice = _any(text, words.asks_choice)
    slots.school_future = _any(text, words.school_future)
    slots.asks_school = _any(text, words.asks_school) and not slots.asks_choice and not slots.school_future
    slots.facts = [name for name, ws in words.school_facts.items() if _any(text, ws)]
    if "contact" in slots.facts and "family_phone" in slots.facts:  # 亲情电话 holds 电话: the school's own phone only if asked apart
        rest = text
        for word in sorted(words.school_facts["family_phone"], key=len, reverse=True):
            rest = rest.replace(word, "#") if not word.startswith("re:") else rest
        if not _any(rest, words.school_facts["contact"]):
            slots.facts.remove("contact")
    # a private school named (私立学校收学费吗): the subsidy rows are the public schools' aid, none is read
    named = [] if _any(text, words.not_public) else [
        (match, cue) for match, ws, cue, needs in words.subsidies if _any(text, ws) and (not needs or _any(text, needs))]
    slots.subsidies = [match for match, _ in named]
    slots.subsidy_cue_needed = all(cue for _, cue in named)
    slots.asks_apply = _any(text, words.asks_apply)
    slots.asks_when = _any(text, words.asks_when)
    slots.asks_amount = _any(text, words.asks_amount)
    audiences = [a for a, ws in words.audiences.items() if _any(text, ws)]
    slots.stage = next((s for s, ws in words.stages.items() if _any(text, ws)), "小学一年级")
    if len(audiences) > 1 and "转学" in audiences and _FIRST_YEAR.search(text):
        audiences.remove("转学")  # 外省来的娃插班上一年级: a first-year entry, not a transfer
    slots.audience = audiences[0] if audiences else "本地户籍"
    if slots.audience == "随迁子女" and _any(text, words.returning):
        migrant = tuple(w for w in words.audiences.get("随迁子女", ()) if w not in words.from_outside)
        if not _any(text, migrant):
            slots.audience = "本地户籍"  # 从外县回来上初中: a child of the county coming back (县外回流)
    if slots.audience == "转学":
        slots.stage = "转学"
    elif slots.grade is not None and slots.grade >= 7 and not any(_any(text, ws) for ws in words.stages.values()):
        slots.stage = "初中一年级"  # grade 7 / 七年级 named, no stage word
    slots.asks_materials = _any(text, words.asks_materials)
    slots.materials_question = _any(text, words.asks_materials_question)
    slots.items = [item for item, ws in words.material_items.items()
                   if _any(text, ws) and not _any(text, words.items_not_when.get(item, ()))]
    slots.not_yet = _any(text, words.not_yet)
    slots.asks_dates = _any(text, words.asks_dates)
    slots.calendar_items = [item for item, ws in words.calendar_items.items() if _any(text, ws)]
    asked_age = _any(text, words.asks_age)
    slots.asks_age = asked_age or bool(_AGE.search(text))
    slots.age_stated_only = slots.asks_age and not asked_age
    schooling = _any(text, words.enrol_context)
    slots.schooling = schooling
    slots.enrollment = not _any(text, words.not_enrollment) and (schooling or not _any(text, words.other_papers))
    if slots.enrollment and not slots.levels and slots.stage == "小学一年级" and _any(text, words.other_stages):
        slots.enrollment = False  # 幼儿园几号报名, 高中要带啥: the data's papers and dates are a compulsory school's
    papers = slots.enrollment and _any(text, words.paper_nouns)
    slots.asks_bring = _any(text, words.bring_words)
    slots.enrol_context = schooling or papers or slots.asks_bring
    checklist = _any(text, words.asks_checklist)  # 就这些吗, 光带户口本行不行: the whole list
    if checklist or (not slots.items and _any(text, words.unlisted_papers)):  # 准生证要不要: the list answers
        slots.asks_materials = slots.materials_question = True
    if checklist and slots.items and slots.enrollment:
        slots.enrol_context = True  # 户口本 出生证 打针本 就这些吗: the papers named are the child's
    slots.asks_contact = _any(text, words.asks_contact)
    slots.asks_service = _any(text, words.asks_service)
    slots.asks_turn_to = _any(text, words.asks_turn_to)
    slots.timetable = _any(text, words.not_calendar)
    slots.asks_duty = _any(text, words.asks_duty)
    slots.subsidy_levels = [level for level, ws in words.subsidy_other_levels.items() if _any(text, ws)]
    cue = slots.asks_contact or _any(text, words.complaint_cues)
    slots.topics = [topic for topic, ws in words.topics.items() if _any(text, ws)]
    for topic, ws in words.weak_topics.items():
        if cue and topic not in slots.topics and _any(text, ws):
            slots.topics.append(topic)
    return slots
