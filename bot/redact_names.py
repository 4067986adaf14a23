"""Person names that no cue phrase introduces: jieba's `nr` tags and romanised names (Ma Xiaolong).

Both tools are loaded lazily, the first time a text needs them: jieba's dictionary (~0.65 s) only when
a name cue or a surname-like pattern is present, pypinyin only when two capitalised Latin words are.
Place and domain words are exempt: `Exemptions` marks their spans in the text and knows their pinyin,
so 李旺镇, 黄坪 or "liangmian yibu" are never taken for names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cached_property

_CJK = "\u4e00-\u9fff"
PLACE_SUFFIXES = "镇乡村堡坪湾沟塬岔庄寨营路街巷区县市"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = "(?:iang|iong|uang|ang|eng|ing|ong|uan|uai|ian|iao|ua|uo|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ui|ue|ve|er|a|o|e|i|u|v)"
SYLLABLES = re.compile(f"(?:{_INITIAL}{_FINAL}){{1,3}}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


class Exemptions:
    """Gazetteer and domain words: their spans in a text are never names; their pinyin is never a name."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w.strip() for w in words if len(w.strip()) >= 2}, key=len, reverse=True)

    @cached_property
    def _regex(self) -> re.Pattern[str] | None:
        """Compiled when a text first has a name candidate (a one-question command mostly has none)."""
        return re.compile("|".join(map(re.escape, self.words))) if self.words else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._regex is None:
            return []
        spans = []
        for start in range(len(text)):  # overlapping: 李旺镇 inside 李旺镇中学 still counts
            match = self._regex.match(text, start)
            if match:
                spans.append((start, match.end()))
        return spans

    @cached_property
    def pinyin(self) -> frozenset[str]:
        """Each word's pinyin joined ("liangmianyibu") and every two-syllable window ("liangmian", "yibu"),
        in every reading of its characters (北咀: beiju, beizui)."""
        from itertools import pairwise, product

        from pypinyin import Style, pinyin

        tokens: set[str] = set()
        for word in self.words:
            readings = [[r for r in options if r.isascii() and r.isalpha()][:3] for options in
                        pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")]
            readings = [r for r in readings if r]
            combos = 1
            for options in readings:
                combos *= len(options)
            for syllables in product(*readings) if combos <= 16 else [tuple(r[0] for r in readings)]:
                tokens.add("".join(syllables))
                tokens.update(a + b for a, b in pairwise(syllables))
        return frozenset(tokens)


def overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


class NameTagger:
    """jieba's part-of-speech tagger, loaded on first use."""

    @cached_property
    def _posseg(self):  # type: ignore[no-untyped-def]
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.posseg.dt.initialize()
        return jieba.posseg

    @property
    def loaded(self) -> bool:
        return "_posseg" in self.__dict__

    def warm(self) -> None:
        """Load the tagger now (long-running channels call this in a background thread at start-up, so the first
        question with a name cue does not wait for jieba's dictionary)."""
        _ = self._posseg

    def word_tag(self, word: str) -> str | None:
        """The dictionary tag of `word` (None when it is not a dictionary word)."""
        tag = self._posseg.dt.word_tag_tab.get(word)
        return str(tag) if tag is not None else None

    def person_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the tokens tagged as person names (nr, nrfg, nrt)."""
        spans, pos = [], 0
        for pair in self._posseg.cut(text):
            word, flag = pair.word, pair.flag
            if flag.startswith("nr"):
                spans.append((pos, pos + len(word)))
            pos += len(word)
        return spans


def looks_like_place(text: str, start: int, end: int) -> bool:
    """The token ends with, or is followed by, a place suffix (李旺镇, 张湾村, 杨堡村)."""
    return text[end - 1] in PLACE_SUFFIXES or (end < len(text) and text[end] in PLACE_SUFFIXES)


class RomanNames:
    """Two or three capitalised Latin words: a pinyin surname, then a one-to-three-syllable given name."""

    def __init__(self, surnames: Iterable[str], exemptions: Exemptions) -> None:
        self._surname_chars = list(surnames)
        self._exemptions = exemptions

    @cached_property
    def surnames(self) -> frozenset[str]:
        from pypinyin import lazy_pinyin

        return frozenset("".join(lazy_pinyin(s)) for s in self._surname_chars)

    def warm(self) -> None:
        _ = self.surnames, self._exemptions.pinyin

    @staticmethod
    def candidates_present(text: str) -> bool:
        return re.search(r"[A-Z][a-zA-Z]*\s+[A-Z][a-zA-Z]+", text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.candidates_present(text):
            return []
        words = list(_LATIN_WORD.finditer(text))
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(words) - 1:
            span = self._name_at(text, words, i)
            if span is None:
                i += 1
                continue
            found.append(span[:2])
            i = span[2]
        return found

    def _name_at(self, text: str, words: list[re.Match[str]], i: int) -> tuple[int, int, int] | None:
        first = words[i]
        if not _capitalised(first.group()) or first.group().lower() not in self.surnames:
            return None
        given: list[re.Match[str]] = []
        for nxt in words[i + 1 : i + 3]:
            prev_end = (given[-1] if given else first).end()
            if text[prev_end : nxt.start()] not in (" ", "  ", "\u3000") or not _capitalised(nxt.group()):
                break
            if not SYLLABLES.fullmatch(nxt.group().lower()):
                break
            given.append(nxt)
        if not given or len("".join(g.group() for g in given)) > 12:
            return None
        exempt = self._exemptions.pinyin
        tokens = [first.group().lower()] + [g.group().lower() for g in given]
        joined = "".join(tokens)
        if any(t in exempt for t in tokens[1:]) or joined in exempt or "".join(tokens[1:]) in exempt:
            return None
        return first.start(), given[-1].end(), i + 1 + len(given)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (word[1:].islower() or word.isupper() or len(word) == 1)


def cjk_run(text: str, start: int, limit: int = 4) -> str:
    match = re.match(f"[{_CJK}]{{1,{limit}}}", text[start:])
    return match.group() if match else ""
