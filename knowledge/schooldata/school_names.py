"""``SchoolNames``: the schools named in a question — by full name, the county's short forms (海原五中, 五中,
海原5中, "No. 4 Middle School"), a township's school (七营初中, 七营小学, 甘盐池学校), a bureau alias from
gazetteer.yaml, toneless pinyin (qiying zhongxue), or with a small typo. Built once beside the directory."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from knowledge.schooldata.gazetteer import Gazetteer
from knowledge.schooldata.models import SchoolPublic
from knowledge.schooldata.records import SchoolMatch
from knowledge.schooldata.school_typos import SchoolTypos
from knowledge.schooldata.typos import spellings

_CN_DIGITS = "零一二三四五六七八九"
_ARABIC_SCHOOL = re.compile(r"(?<!\d)([1-9])(?=[小中])")
# "No. 4 Middle School" / "number 2 primary school" (spaces already dropped by the fold)
_ENGLISH_SCHOOL = re.compile(r"(?:no\.?|number|#)([1-9])(middle|junior(?:middle|high)?|primary|elementary)school")
# English school words spelled as the pinyin of the Chinese ones (Qiying middle school -> qiyingzhongxue), so that the
# pinyin aliases find the school; the text's spaces are already dropped by the fold
_ENGLISH_TAILS = (("centralprimaryschool", "zhongxinxiaoxue"), ("nine-yearschool", "jiunianyiguanzhixuexiao"),
                  ("nineyearschool", "jiunianyiguanzhixuexiao"), ("teachingpoint", "jiaoxuedian"),
                  ("juniorhighschool", "zhongxue"), ("middleschool", "zhongxue"), ("juniorschool", "zhongxue"),
                  ("primaryschool", "xiaoxue"), ("elementaryschool", "xiaoxue"), ("township", ""), ("town", ""))
_ENGLISH_TAIL = re.compile("|".join(re.escape(english) for english, _ in _ENGLISH_TAILS))
_SCHOOL_TAILS = ("中心小学", "九年一贯制学校", "教学点", "小学", "中学", "初中", "学校")
# a county school's number form (海原六小, 县五中) ends in 小 / 中 alone: spelled in pinyin too (haiyuan liuxiao)
_NUMBERED_TAIL = re.compile(r"[一二三四五六七八九十][小中]$")
_MAX_PINYIN_VARIANTS = 16

Span = tuple[list[str], int, int, bool]  # (school ids, start, end, is a short alias such as 五中)


class SchoolNames:
    def __init__(self, schools: Sequence[SchoolPublic], gazetteer: Gazetteer, fold: Callable[[str], str]) -> None:
        self._schools = tuple(schools)
        self._by_id: Mapping[str, SchoolPublic] = {school.school_id: school for school in self._schools}
        self._gazetteer = gazetteer
        self._fold = fold
        self._county_school = re.compile(rf"{re.escape(gazetteer.county)}第([一二三四五六七八九十]+)(小|中)学")
        self._short_school_re = re.compile(
            rf"(?<![{gazetteer.short_school_not_after}\d])([一二三四五六七八九十])(小|中)"
            rf"(?![{gazetteer.short_school_not_before}])"
        )
        self._aliases: dict[str, list[str]] = defaultdict(list)
        for school in self._schools:
            for alias in self._aliases_for(school):
                if school.school_id not in self._aliases[alias]:
                    self._aliases[alias].append(school.school_id)
        self._alias_order = sorted(self._aliases, key=len, reverse=True)
        self._short: dict[str, list[str]] = defaultdict(list)  # 五中 -> [HY-Z5]
        for school in self._schools:
            match = self._county_school.fullmatch(fold(school.name))
            if match and len(match[1]) == 1:
                self._short[match[1] + match[2]].append(school.school_id)
        self._typos = SchoolTypos(self._aliases)
        self._pinyin = self._pinyin_aliases()
        self._pinyin_order = sorted(self._pinyin, key=len, reverse=True)

    # ------------------------------------------------------------------ public

    def match(self, text: str) -> list[SchoolMatch]:
        """Schools named in the text: 海原县第五中学 / 海原五中 / 五中 / 海原5中 / 关桥中学 / 方堡小学."""
        folded = self._fold(text)
        matches: dict[str, SchoolMatch] = {}
        for ids, start, end, short in self.spans(folded):
            for school_id in ids:
                if school_id in matches:
                    continue
                confidence = (0.9 if short else 1.0) * (1.0 if len(ids) == 1 else 0.7)  # 0.7: a shared alias
                matches[school_id] = SchoolMatch(self._by_id[school_id], folded[start:end], start, end, round(confidence, 3))
        return sorted(matches.values(), key=lambda m: (m.start, -m.confidence))

    def match_typo(self, text: str) -> list[SchoolMatch]:
        """Schools named with a small typo (only when no school is named exactly)."""
        folded = self._fold(text)
        return [
            SchoolMatch(self._by_id[ids[0]], folded[start:end], start, end, round(score, 3), exact=False)
            for ids, start, end, score in self._typos.match(folded)
            if len(ids) == 1
        ]

    def spans(self, folded: str) -> list[Span]:
        """(school ids, start, end, is_short_alias) found in ``folded`` (digits already normalised)."""
        text = _ARABIC_SCHOOL.sub(lambda m: _CN_DIGITS[int(m[1])], folded)
        found: list[Span] = []
        for alias in self._alias_order:
            start = text.find(alias)
            while start != -1:
                end = start + len(alias)
                if not any(s < end and start < e for _, s, e, _ in found):
                    found.append((self._aliases[alias], start, end, False))
                start = text.find(alias, start + 1)
        for match in _ENGLISH_SCHOOL.finditer(text):
            kind = "小" if match[2] in {"primary", "elementary"} else "中"
            ids = self._short.get(_CN_DIGITS[int(match[1])] + kind)
            if ids and not any(s < match.end() and match.start() < e for _, s, e, _ in found):
                found.append((ids, match.start(), match.end(), False))
        for run in re.finditer(r"[a-z'-]{6,}", text):  # pinyin: qiyingzhongxue (spaces dropped by the fold)
            letters, origin = _pinyin_of_english(run[0])
            for key in self._pinyin_order:
                start = letters.find(key)
                if start != -1:
                    at, end = run.start() + origin[start], run.start() + origin[start + len(key) - 1] + 1
                    if not any(s < end and at < e for _, s, e, _ in found):
                        found.append((self._pinyin[key], at, end, False))
        for match in self._short_school_re.finditer(text):
            ids = self._short.get(match[1] + match[2])
            if ids and not any(s < match.end() and match.start() < e for _, s, e, _ in found):
                found.append((ids, match.start(), match.end(), True))
        return sorted(found, key=lambda item: item[1])

    # ------------------------------------------------------------------ building

    def _aliases_for(self, school: SchoolPublic) -> set[str]:
        county, short = self._gazetteer.county, self._gazetteer.county_short
        name = self._fold(school.name)
        aliases = {name, name.removeprefix(county)}
        match = self._county_school.fullmatch(name)
        if match:
            number, kind = match[1], match[2]
            aliases |= {
                f"{short}{number}{kind}",
                f"{county}{number}{kind}",
                f"县{number}{kind}",
                f"第{number}{kind}学",
            }
        town = self._fold(school.township)
        stem = self._gazetteer.township_stem(town)
        for prefix in (town, stem):
            if name.startswith(prefix) and len(name) > len(prefix):
                rest = name[len(prefix) :]
                aliases |= {stem + rest, town + rest}
                if rest == "中心小学":
                    aliases |= {stem + "中心校", town + "中心校", stem + "中心学校", town + "中心学校"}
                elif rest.endswith("九年一贯制学校"):
                    aliases |= {stem + "九年一贯制", town + "九年一贯制"}
                elif rest not in {"中学", "小学"} and len(rest) >= 4:
                    aliases.add(rest)  # 方堡小学, 王湾教学点
                if rest == "中学" and school.level == "初中":
                    aliases.add(stem + "初中")  # 七营初中 (七营镇初中 may be "七营镇, 初中…")
                elif rest == "中心小学":
                    aliases.add(stem + "小学")  # 七营小学
                break
        if [s.school_id for s in self._schools if s.township == school.township] == [school.school_id]:
            aliases |= {stem + "学校", town + "学校"}  # 甘盐池学校: the township's only school
        aliases |= {self._fold(alias) for alias in self._gazetteer.school_aliases.get(school.school_id, ())}
        return {alias for alias in aliases if len(alias) >= 3}

    def _pinyin_aliases(self) -> dict[str, list[str]]:
        """Toneless pinyin (no spaces, every reading) of each school alias that ends in a school word -> ids."""
        found: dict[str, list[str]] = defaultdict(list)
        for alias, ids in self._aliases.items():
            if not (alias.endswith(_SCHOOL_TAILS) or _NUMBERED_TAIL.search(alias)) or not all("\u4e00" <= ch <= "\u9fff" for ch in alias):
                continue
            for key in spellings(alias, limit=_MAX_PINYIN_VARIANTS):
                found[key].extend(i for i in ids if i not in found[key])
        return found


def _pinyin_of_english(letters: str) -> tuple[str, list[int]]:
    """``letters`` with English school words spelled in pinyin (middleschool -> zhongxue, town dropped), and for
    each character of the result the index of the character it comes from (a span maps back onto ``letters``)."""
    out: list[str] = []
    origin: list[int] = []
    at = 0
    tails = dict(_ENGLISH_TAILS)
    for match in _ENGLISH_TAIL.finditer(letters):
        out.extend(letters[at:match.start()])
        origin.extend(range(at, match.start()))
        replacement = tails[match[0]]
        out.extend(replacement)
        origin.extend([match.start()] * (len(replacement) - 1) + [match.end() - 1] if replacement else [])
        at = match.end()
    out.extend(letters[at:])
    origin.extend(range(at, len(letters)))
    kept = [(ch, index) for ch, index in zip(out, origin, strict=True) if ch not in "'-"]  # xi'an -> xian
    return "".join(ch for ch, _ in kept), [index for _, index in kept]
