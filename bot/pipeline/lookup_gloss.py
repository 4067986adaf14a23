"""Chinese look-up words for the Latin-letter parts of a question and for words typed by sound (报道 for 报到), so that the slots (read in Chinese, lookups.yaml)
are read the same from "When is registration for first grade?" or "yinianji baoming shi shenme shihou" as from
一年级报名是什么时候. English phrases come from bot/data/lookup_gloss.yaml; pinyin is matched against the toneless
readings of the look-up vocabulary itself (every Chinese word of lookups.yaml, plus the gloss file's pinyin_words)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from bot.texts import load_yaml

_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
MIN_PINYIN_KEY = 4  # letters: two syllables at least (shenme, baoming), never one (shi, ma)
MAX_PINYIN_KEY = 28
MAX_VARIANTS = 8
MAX_SOUND_WORD = 4
PARTICLES = frozenset("吗呢吧啊呀嘛的了么")


def vocabulary(raw: object) -> set[str]:
    """Every plain Chinese word of 2–8 characters in a loaded YAML tree (patterns "re:…" are skipped)."""
    found: set[str] = set()
    if isinstance(raw, dict):
        for value in raw.values():
            found |= vocabulary(value)
    elif isinstance(raw, list):
        for value in raw:
            found |= vocabulary(value)
    elif isinstance(raw, str) and _CJK_WORD.match(raw):
        found.add(raw)
    return found


class Gloss:
    def __init__(self, english: dict[str, list[str]], words: Iterable[str], two_char_sounds: Iterable[str] = ()) -> None:
        self._english = [(self._english_pattern(key), tuple(values)) for key, values in
                         sorted(english.items(), key=lambda item: -len(item[0]))]
        self._words = sorted(set(words))
        self._vocabulary = frozenset(self._words)
        self._two_char_sounds = frozenset(two_char_sounds)

    @classmethod
    def load(cls) -> Gloss:
        raw = load_yaml("lookup_gloss.yaml")
        english = {str(k).lower(): [str(v) for v in vs] for k, vs in (raw.get("english") or {}).items()}
        words = vocabulary(load_yaml("lookups.yaml")) | {str(w) for w in raw.get("pinyin_words") or ()}
        return cls(english, words, [str(w) for w in raw.get("two_char_sounds") or ()])

    @staticmethod
    def _english_pattern(key: str) -> re.Pattern[str]:
        if key.startswith("re:"):  # a word read so only in some company ("when" asks a date unless it joins a clause)
            return re.compile(key[3:])
        stem = key.endswith("*")
        body = r"\s+".join(re.escape(part) for part in key.rstrip("*").split())
        return re.compile(rf"(?<![a-z]){body}{'[a-z]*' if stem else ''}(?![a-z])")

    @cached_property
    def _pinyin(self) -> dict[str, str]:
        """Toneless pinyin (usual readings, no spaces) -> word; built on the first Latin-letter question."""
        from knowledge.schooldata.typos import spellings

        keys: dict[str, str] = {}
        for word in self._words:
            for key in spellings(word, usual=True, limit=MAX_VARIANTS):
                if MIN_PINYIN_KEY <= len(key) <= MAX_PINYIN_KEY:
                    keys.setdefault(key, word)
        return keys

    @cached_property
    def _sounds(self) -> dict[str, list[str]]:
        """The usual reading of each vocabulary word (报到 -> bao dao) -> the words read so."""
        from knowledge.schooldata.typos import usual_reading

        table: dict[str, list[str]] = {}
        for word in self._words:
            readings = [min(usual_reading(ch), default="") for ch in word]
            if all(readings) and len(word) <= MAX_SOUND_WORD:
                table.setdefault(" ".join(readings), []).append(word)
        return table

    def sound_alikes(self, folded: str) -> list[str]:
        """Vocabulary words typed with a character of the same sound (报道 -> 报到, 报明 -> 报名, 居住正 -> 居住证): at least
        half of the word's characters typed right (a two-character word: its first), the rest homophones."""
        from knowledge.schooldata.typos import usual_reading

        found: list[str] = []
        vocabulary = self._vocabulary
        for run in re.findall(r"[\u4e00-\u9fff]+", folded):
            readings = [min(usual_reading(ch), default="") for ch in run]
            for size in range(2, MAX_SOUND_WORD + 1):
                for start in range(len(run) - size + 1):
                    typed = run[start : start + size]
                    if any(ch in PARTICLES for ch in typed) or typed in vocabulary:
                        continue  # 学籍号吗 is not 号码; 亲情电话, a word typed right, is no typo of its variant 亲青电话
                    for word in self._sounds.get(" ".join(readings[start : start + size]), ()):
                        same = sum(a == b for a, b in zip(word, typed, strict=True))
                        # a two-character word only from the file's short list, its first character typed right: 报道 ->
                        # 报到, but 几十 is not 几时, 教室 not 教师, 配套学校 not 逃学
                        two = size > 2 or (word in self._two_char_sounds and word[0] == typed[0])
                        if word != typed and word not in folded and 2 * same >= size and two and word not in found:
                            found.append(word)
        return found

    def __call__(self, folded: str) -> str:
        """The Chinese words the question's Latin-letter words, and its words typed by sound, stand for, space-separated
        ("" when there are none)."""
        found = self.sound_alikes(folded)
        if not re.search(r"[a-z]{2}", folded):
            return " ".join(found)
        rest = folded
        for pattern, values in self._english:
            if pattern.search(rest):
                rest = pattern.sub(" ", rest)
                found.extend(v for v in values if v not in found)
        for run in self._pinyin_runs(rest):
            found.extend(w for w in self._pinyin_words(run) if w not in found)
        return " ".join(found)

    @staticmethod
    def _pinyin_runs(text: str) -> list[str]:
        """Runs of consecutive words that all split into pinyin syllables, joined (English words break a run)."""
        from knowledge.schooldata.pinyin_places import english_words, pinyin_syllable_count

        runs: list[str] = []
        current = ""
        english = english_words()
        for match in re.finditer(r"[a-z]+|[^a-z\s]+", text):
            word = match[0]
            if word.isascii() and word.isalpha() and word not in english and pinyin_syllable_count(word):
                current += word
                continue
            if current:
                runs.append(current)
            current = ""
        if current:
            runs.append(current)
        return runs

    def _pinyin_words(self, letters: str) -> list[str]:
        """Vocabulary words spelled in ``letters`` (a run of Latin words joined), longest match first, left to right."""
        keys, found, at = self._pinyin, [], 0
        while at < len(letters):
            for end in range(min(len(letters), at + MAX_PINYIN_KEY), at + MIN_PINYIN_KEY - 1, -1):
                word = keys.get(letters[at:end])
                if word is not None:
                    found.append(word)
                    at = end
                    break
            else:
                at += 1
        return found
