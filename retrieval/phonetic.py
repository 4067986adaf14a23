"""Fold typos, homophones, toneless pinyin and digit codes in a question onto the domain's own words.

The vocabulary is read from the indexed text itself (frequent n-grams of the sections and of the question bank):
a question's n-gram that the index does not know but that sounds like a domain word (补主 → 补助, 论岗 → 轮岗,
既宿 → 寄宿) adds that word as an expansion; a run of pinyin (liangmian yibu) adds the words it spells;
digits written for numerals (2免1补, 4统一) add the numeral form when the corpus uses it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.schooldata.sounds import is_cjk, primary_reading

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z]+")
_DIGITS = {"1": "一", "2": "两", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
_NUMERALS = set("一两二三四五六七八九")
_DIGIT_NEAR_CJK = re.compile(r"(?<![\d.])[1-9](?![\d.%])")
MIN_PINYIN_LETTERS = 5  # shorter spellings collide with ordinary syllables
MAX_WORD = 4


def reading(word: str) -> str:
    """Toneless pinyin of a word, syllables joined: 补助 -> buzhu."""
    return "".join(primary_reading(ch) for ch in word)


@dataclass(frozen=True)
class PhoneticFolder:
    sounds: dict[str, str]  # joined toneless pinyin -> the domain word most often written with it
    words: frozenset[str]
    known: Callable[[str], bool]  # is this token in the index?
    numerals: frozenset[str] = frozenset()  # n-grams of the texts that hold a Chinese numeral (四统一, 七长)
    spelled: dict[str, str] | None = None  # as `sounds`, over every n-gram (typed pinyin spells a whole word exactly)

    @classmethod
    def build(cls, texts: Iterable[str], known: Callable[[str], bool], min_count: int = 2) -> PhoneticFolder:
        """The domain vocabulary: the 2–4-grams of the indexed texts seen at least `min_count` times (every word
        a segmenter would find is among them, and the most frequent writing of a sound wins)."""
        counts: Counter[str] = Counter()
        for text in texts:
            for run in _CJK_RUN.findall(text):
                for size in range(2, MAX_WORD + 1):
                    counts.update(run[i : i + size] for i in range(len(run) - size + 1))
        words = {w for w, n in counts.items() if n >= min_count}
        sounds: dict[str, str] = {}
        for word in sorted(words, key=lambda w: (-counts[w], w)):
            sounds.setdefault(reading(word), word)
        numerals = frozenset(w for w in counts if any(ch in _NUMERALS for ch in w))
        spelled = dict(sounds)
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            spelled.setdefault(reading(word), word)
        return cls(sounds, frozenset(words), known, numerals, spelled)

    @classmethod
    def empty(cls) -> PhoneticFolder:
        return cls({}, frozenset(), lambda _token: True)

    def expansions(self, folded: str) -> list[str]:
        if not self.sounds:
            return []
        found = [*self._homophones(folded), *self._pinyin(folded), *self._digits(folded)]
        added: list[str] = []
        for word in found:  # the longest words only: 交流轮岗, not also 流轮 and 轮岗
            if word not in folded and word not in added and not any(word in other and word != other for other in found):
                added.append(word)
        return added

    def _homophones(self, folded: str) -> list[str]:
        """An n-gram the index never saw, read aloud, equals a domain word: that word."""
        found: list[str] = []
        for run in _CJK_RUN.findall(folded):
            for size in range(MAX_WORD, 1, -1):
                for i in range(len(run) - size + 1):
                    gram = run[i : i + size]
                    if gram in self.words or (size == 2 and self.known(gram)):
                        continue
                    word = self.sounds.get(reading(gram))
                    if word is not None and len(word) == size and _shares_a_character(word, gram):
                        found.append(word)
        return found

    def _pinyin(self, folded: str) -> list[str]:
        """Consecutive pinyin words that spell a domain word exactly (jiujin ruxue -> 就近入学)."""
        words = _LATIN_WORD.findall(folded)
        found: list[str] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                key = "".join(words[i:j])
                word = (self.spelled or self.sounds).get(key) if len(key) >= MIN_PINYIN_LETTERS else None
                if word is not None:
                    found.append(word)
                    i = j - 1
                    break
            i += 1
        return found

    def _digits(self, folded: str) -> list[str]:
        """Digits written for numerals next to Chinese (2免1补, 4统一, 7长): the numeral form the corpus uses."""
        if not any(ch.isdigit() for ch in folded) or not any(is_cjk(ch) for ch in folded):
            return []
        variants = {_DIGIT_NEAR_CJK.sub(lambda m: _DIGITS[m.group()], folded)}
        variants.add(_DIGIT_NEAR_CJK.sub(lambda m: "二" if m.group() == "2" else _DIGITS[m.group()], folded))
        found: list[str] = []
        for variant in variants:
            for run in _CJK_RUN.findall(variant):
                for size in range(MAX_WORD, 1, -1):
                    for k in range(len(run) - size + 1):
                        gram = run[k : k + size]
                        if gram in self.numerals and gram not in folded:
                            found.append(gram)
        return found


def _shares_a_character(word: str, gram: str) -> bool:
    """A two-character word may be misspelt in both characters (既宿 ~ 寄宿); a longer one keeps one of them."""
    return len(word) == 2 or any(a == b for a, b in zip(word, gram, strict=True))
