"""The thing a question asks for (an amount of money, a count, a day, an address, a person's name, a way to apply, what
a term means …) and whether a text states such a thing, from the patterns of `bot/data/asked_things.yaml`.

A near-domain question the sources do not answer is usually answered by a loosely related clause: the day teachers are
paid by the 绩效工资 clause, the number of papers a title needs by the 职称 clause. What gives it away is the kind of
thing asked (a day, a count of papers) and that the clause states no such thing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.texts import load_yaml

MAX_GAP = 2  # characters that may lie between those of an asked fee (学费 ~ 学杂费)
WINDOW = 6  # characters before a subject's head word where the rest of the subject may stand
RUMOUR = "rumour"
MEANING = "meaning"
COUNT = "count"
CLASSIFIERS = ("个", "项", "类")  # general measure words: what they count is the noun after them
_CALENDAR_YEAR = re.compile(r"(19|20)\d\d\s*(学?年)$")
NOUN_GAP = 4  # characters after 个 where the noun counted must stand
CHANGE = "change"  # 以后会不会改成…: what the rule is to become must stand in the text
WHICH = "which"  # 哪家银行, 哪几个村: the text must name one of the kind asked
KINDS = "KINDS"  # where a `named` pattern takes the words of the kind asked


@dataclass(frozen=True)
class Thing:
    name: str
    label: str
    asks: tuple[re.Pattern[str], ...]
    evidence: tuple[re.Pattern[str], ...]
    units: dict[str, tuple[str, ...]]  # a count's unit → the units a text may state it in (人 ~ 名)
    subject: re.Pattern[str] | None = None
    waived: tuple[re.Pattern[str], ...] = ()
    rule_of_amount: tuple[re.Pattern[str], ...] = ()  # how an amount is set (按…标准), for an amount whose subject is named
    conditions: tuple[str, ...] = ()  # who a waiver may be limited to (四类, 低保 …)
    schools: tuple[tuple[str, ...], ...] = ()  # kinds of school a waiver may be limited to (私立/民办, 高中 …)
    pays: tuple[re.Pattern[str], ...] = ()  # the question asks what one pays
    received: tuple[re.Pattern[str], ...] = ()  # the text gives an amount one receives
    provided: tuple[re.Pattern[str], ...] = ()  # …or says the thing is provided, so that amount is what it costs
    shares_answer: tuple[str, ...] = ()  # units of a count that a share (10%) answers
    tally: tuple[re.Pattern[str], ...] = ()  # how many there are (有几个, 一共多少): a share does not say that
    heads: dict[str, tuple[str, ...]] | None = None  # a subject's head word → the words a text may name it by
    cover: float = 0.0  # share of the asking part's content weight a text (other than the plan's lead) must carry
    filler: tuple[str, ...] = ()  # words around a question that are not what it is about
    strip: tuple[str, ...] = ()  # words around a term asked about that are not part of it (这个, 政策 …)
    common: tuple[str, ...] = ()  # words of a term too common to show that a text uses it
    indefinite: tuple[re.Pattern[str], ...] = ()  # another question word, beside which 几 means "a few"
    named: str = ""  # a name of one of a kind (李旺镇, XX银行), KINDS standing for the kind's words
    heard_from: tuple[re.Pattern[str], ...] = ()  # who says what a rumour checks (听说, 娃说): the claim follows


@dataclass(frozen=True)
class Ask:
    """What one question asks for."""

    thing: Thing
    unit: str = ""  # the unit of a count (篇, 节, 人 …)
    noun: str = ""  # what a count counts, after its unit (几个年级 → 年级)
    subject: str = ""  # what an amount of money is of (学费, 工资 …)
    term: str = ""  # the term whose meaning is asked
    figures: tuple[str, ...] = ()  # numbers a rumour states (涨五百 → 500)
    question: str = ""  # the folded question
    tally: bool = False  # a count of what there is (有几个老师), not of what a rule asks for (每年交流几个人)
    span: tuple[int, int] = (0, 0)  # where the question says what kind of thing it asks (多少钱, 几号, 是啥意思 …)

    @property
    def about(self) -> str:
        """What the thing is asked about: the term whose meaning is asked, else the question without the words that
        ask for the kind of thing (几号, 多少钱 are not what a source must speak of)."""
        if self.term:
            return self.term
        start, end = self.span
        return f"{self.question[:start]} {self.question[end:]}"

    @property
    def asking_part(self) -> str:
        """The part of the question (between commas, spaces or sentence ends) that asks for the thing, without the
        words that ask for its kind and without filler (麻烦问一下，留守儿童住校咋申请 → 留守儿童住校)."""
        start, end = self.span
        head = re.split(r"[，,。；;？?！!\s]", self.question[:start])[-1]
        tail = re.split(r"[，,。；;？?！!\s]", self.question[end:])[0]
        part = f"{head} {tail}"
        for word in self.thing.filler:
            part = part.replace(word, " ")
        return part

    @property
    def label(self) -> str:
        return self.thing.label


def _compile(patterns: Iterable[object]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(p), re.I) for p in patterns)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _map(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in _list(value))


def _thing(name: str, rule: dict[str, object]) -> Thing:
    subject = rule.get("subject")
    return Thing(
        name=name,
        label=str(rule.get("label") or ""),
        asks=_compile(_list(rule.get("asks"))),
        evidence=_compile(_list(rule.get("evidence"))),
        units={unit: _strs(alike) for unit, alike in _map(rule.get("units")).items()},
        subject=re.compile(str(subject)) if subject else None,
        waived=_compile(_list(rule.get("waived"))),
        rule_of_amount=_compile(_list(rule.get("rule_of_amount"))),
        conditions=_strs(rule.get("conditions")),
        schools=tuple(_strs(kind) for kind in _list(rule.get("schools"))),
        pays=_compile(_list(rule.get("pays"))),
        received=_compile(_list(rule.get("received"))),
        provided=_compile(_list(rule.get("provided"))),
        shares_answer=_strs(rule.get("shares_answer")),
        tally=_compile(_list(rule.get("tally"))),
        heads={head: _strs(alike) for head, alike in _map(rule.get("heads")).items()},
        cover=float(str(rule.get("cover") or 0.0)),
        filler=_strs(rule.get("filler")),
        strip=_strs(rule.get("strip")),
        common=_strs(rule.get("common")),
        indefinite=_compile(_list(rule.get("indefinite"))),
        named=str(rule.get("named") or ""),
        heard_from=_compile(_list(rule.get("heard_from"))),
    )


@dataclass(frozen=True)
class AskedThings:
    things: tuple[Thing, ...]
    unless: tuple[re.Pattern[str], ...]
    number: str

    @classmethod
    def load(cls, name: str = "asked_things.yaml") -> AskedThings:
        return cls.from_dict(load_yaml(name))

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> AskedThings:
        things = tuple(_thing(str(name), _map(rule)) for name, rule in _map(raw.get("things")).items())
        return cls(things, _compile(_list(raw.get("unless"))), str(raw.get("number") or r"\d+"))

    def claim(self, folded: str) -> str:
        """What a rumour question says was heard (see `claim_of`)."""
        rumour = next((thing for thing in self.things if thing.name == RUMOUR), None)
        return claim_of(folded, rumour.heard_from if rumour else ())

    def read(self, folded: str) -> Ask | None:
        """The thing the question asks for, or None (no such thing, or the question asks whether a rule exists)."""
        if any(p.search(folded) for p in self.unless):
            return None
        for thing in self.things:
            for pattern in thing.asks:
                found = pattern.search(folded)
                if found is None:
                    continue
                groups = found.groupdict()
                rest = folded[: found.start()] + " " + folded[found.end() :]
                if found.group(0).startswith("几") and any(p.search(rest) for p in thing.indefinite):
                    continue
                if thing.name in (MEANING, CHANGE):
                    term = self._term(thing, groups.get("term") or "")
                    if term or thing.name == MEANING:
                        return Ask(thing, term=term, question=folded, span=found.span()) if term else None
                    continue
                if thing.name == RUMOUR:
                    figures = tuple(stated_numbers(claim_of(folded, thing.heard_from)))
                    if figures:
                        return Ask(thing, figures=figures, question=folded, span=found.span())
                    continue  # a rumour without a figure may still ask for a change (听说要改成…)
                subject = thing.subject.search(folded) if thing.subject is not None else None
                tally = any(p.search(folded) for p in thing.tally)
                return Ask(thing, unit=groups.get("unit") or "", noun=groups.get("noun") or "",
                           subject=subject.group(1) if subject else "", question=folded, span=found.span(), tally=tally)
        return None

    @staticmethod
    def _term(thing: Thing, term: str) -> str:
        """The term asked about, without the words around it (这个, 方案里说的 …): 三通两平台中的三通 → 三通."""
        term = re.sub(r"[“”\"'‘’《》「」]", "", term).strip()
        term = re.split(r"的|中|里", term)[-1] if re.search(r"[的中里].{2,}$", term) else term
        changed = True
        while changed and term:
            changed = False
            for word in thing.strip:
                if term.startswith(word) and len(term) > len(word):
                    term, changed = term[len(word):].strip(), True
                if term.endswith(word) and len(term) > len(word):
                    term, changed = term[: -len(word)].strip(), True
        return term if len(term) >= 2 else ""

    def states(self, ask: Ask, text: str) -> bool:
        """Whether the text states a thing of the kind asked (about the subject asked, for an amount of money)."""
        thing = ask.thing
        if thing.name == MEANING:
            return _uses_term(text, ask.term, thing.common)
        if thing.name == CHANGE:
            return _carries_term(text, ask.term, thing.common)
        if thing.name == RUMOUR:
            return all(_holds_figure(text, figure) for figure in ask.figures)
        if thing.name == WHICH:
            kinds = "|".join(map(re.escape, thing.units.get(ask.noun, (ask.noun,))))
            return bool(re.search(thing.named.replace(KINDS, kinds), text))
        if thing.name == COUNT and ask.unit:
            units = (*thing.units.get(ask.unit, (ask.unit,)), *([ask.noun] if len(ask.noun) == 2 else []))
            if ask.unit in thing.shares_answer and not ask.tally and re.search(r"\d+(\.\d+)?\s*%", text):
                return True
            for found in re.finditer(rf"{self.number}\s*(?:{'|'.join(map(re.escape, units))})", text):
                if found.group(0).endswith(CLASSIFIERS) and len(ask.noun) == 2 and ask.noun not in text[found.end() : found.end() + NOUN_GAP]:
                    continue  # 三个优先发展 counts no teachers: a bare 个 counts what follows it
                if _CALENDAR_YEAR.match(found.group(0)):
                    continue  # 2026年 is a year of the calendar, not a count of years (住满几年)
                return True
            return False
        if ask.subject and not _names(text, ask.subject, thing.heads or {}):
            return False  # a figure about something else (助学金 beside 学费)
        if any(p.search(text) for p in thing.evidence):
            return not self._receives_for_pay(ask, text)
        if ask.subject and any(p.search(text) for p in thing.rule_of_amount):
            return True
        if not ask.subject.endswith("费") or not any(p.search(text) for p in thing.waived):
            return False
        # a waiver for some (四类 students, 低保 families) or for some schools does not say what everyone else pays
        if any(c in text and c not in ask.question for c in thing.conditions):
            return False
        return all(any(w in text for w in kind) for kind in thing.schools if any(w in ask.question for w in kind))

    @staticmethod
    def _receives_for_pay(ask: Ask, text: str) -> bool:
        """The question asks what one pays and the text's amount is one received (高中学费 ← 助学金2000元)."""
        thing = ask.thing
        pays = any(p.search(ask.question) for p in thing.pays)
        if not pays or any(p.search(ask.subject) for p in thing.received) or any(p.search(text) for p in thing.provided):
            return False
        return any(p.search(text) for p in thing.received)


def _names(text: str, subject: str, heads: dict[str, tuple[str, ...]]) -> bool:
    """The text names the subject: a fee by its characters in order, at most MAX_GAP apart (学费 in 学杂费); another
    by its head word or one alike, with half of the characters before the head close before it (老师补贴 in
    乡村教师生活补助)."""
    head = next((h for h in heads if subject.endswith(h)), "")
    if not head:
        gap = f".{{0,{MAX_GAP}}}"
        return re.search(gap.join(map(re.escape, subject)), text) is not None
    before = set(subject[: -len(head)])
    for word in heads[head]:
        for found in re.finditer(re.escape(word), text):
            window = text[max(0, found.start() - WINDOW) : found.start()]
            if 2 * sum(ch in window for ch in before) >= len(before):
                return True
    return False


_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CHINESE_NUMBER = re.compile(r"[一二两三四五六七八九十][零一二两三四五六七八九十百千万]+")


def chinese_number(text: str) -> int | None:
    """五百 → 500, 六十五 → 65, 一千二 is not read (None): plain Chinese numerals only."""
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            total, section, digit = (total + section + digit) * 10000, 0, 0
        elif ch in _UNITS:
            section += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            return None
    return total + section + digit


def claim_of(folded: str, heard_from: Iterable[re.Pattern[str]]) -> str:
    """What a rumour question says was heard: the text after the first one who says it (`heard_from`), else the whole
    question; what comes before tells the asker's own situation (一个班快七十个娃了，听说要分班: 70 was not heard)."""
    found = [m for p in heard_from if (m := p.search(folded)) is not None]
    return folded[min(found, key=lambda m: m.start()).end():] if found else folded


def stated_numbers(folded: str) -> list[str]:
    """The numbers a question states, in digits (涨500, 65岁 → 500, 65; 五百 → 500); one-character numerals
    (一所, 两个) are not figures."""
    found = [m.group(0) for m in re.finditer(r"\d+(?:\.\d+)?", folded)]
    for m in _CHINESE_NUMBER.finditer(folded):
        value = chinese_number(m.group(0))
        if value is not None:
            found.append(str(value))
    return list(dict.fromkeys(found))


def _holds_figure(text: str, number: str) -> bool:
    """The number stands in the text whole, in digits or in Chinese numerals."""
    if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text):
        return True
    return any(str(chinese_number(m.group(0))) == number for m in _CHINESE_NUMBER.finditer(text))


def _uses_term(text: str, term: str, common: Iterable[str] = ()) -> bool:
    """The text uses the term: its runs of figures whole (3+5+20, but not 5+2 inside it), else one of its
    two-character words that is not a common one (a typo such as 画片招生 keeps 招生); a term in Latin letters (pinyin)
    is not judged here."""
    runs = re.findall(r"[0-9][0-9+＋.]*", term)
    letters = re.sub(r"[^a-z]", "", term.lower())
    for word in common:
        term = term.replace(word, " ")
    chinese = re.sub(r"[^\u4e00-\u9fff]", "", term)
    if letters and not chinese and not runs:
        return True
    if runs:  # a term of figures (3+5+20, 3 5 20) is judged by its figures
        return all(re.search(rf"(?<!\d){re.escape(run)}(?!\d)", text) is not None for run in runs)
    grams = _word_pairs(term)
    return not grams or any(gram in text for gram in grams)


def _carries_term(text: str, term: str, common: Iterable[str] = ()) -> bool:
    """The text carries at least half of the term's two-character words (寄宿制 in 寄宿制学校; not 直接发钱 for a
    text that has only 直接): what a rule is to become must be said, not one loose word of it."""
    for word in common:
        term = term.replace(word, " ")
    grams = _word_pairs(term)
    return not grams or 2 * sum(gram in text for gram in grams) >= len(grams)


def _word_pairs(term: str) -> set[str]:
    """The two-character words of the term's runs of Chinese characters."""
    return {part[i : i + 2] for part in re.findall(r"[\u4e00-\u9fff]+", term) for i in range(len(part) - 1)}
