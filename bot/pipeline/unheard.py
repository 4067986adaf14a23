"""Unheard words: the words of what a question asks permission for, or of a rumour it asks about, that no source uses.

老师轮岗期间能不能在县城自己办补课班: the rotation clause answers many questions about rotating teachers, but none of
the plan's texts or the school data ever speaks of a 补课班, so it cannot say whether one may be run. A word is unheard
when it is a content word (jieba's part of speech, `bot/data/asked_things.yaml` `unheard`), none of its two-character
pieces occurs in the indexed sources (idf 0) and the synonym table does not know it (念书 speaks of 上学)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.redact_names import NameTagger
from bot.texts import load_yaml
from retrieval.expand import Expander

MIN_CHARS = 2


@dataclass(frozen=True)
class UnheardRules:
    tags: tuple[str, ...]  # parts of speech of the words that may be unheard (nouns, place names): what is spoken of
    ordinary: tuple[str, ...]  # words of everyday asking that say nothing of what is asked (事儿, 办法)
    loose: str  # characters of a piece cut across words (免不, 着用, 拿来): such a piece is no word of the question

    @classmethod
    def load(cls, name: str = "asked_things.yaml") -> UnheardRules:
        raw = load_yaml(name).get("unheard") or {}
        assert isinstance(raw, dict)
        return cls(tuple(str(t) for t in raw.get("tags") or ()), tuple(str(w) for w in raw.get("ordinary") or ()),
                   str(raw.get("loose") or ""))


class UnheardWords:
    def __init__(self, idf: Callable[[str], float], expander: Expander, rules: UnheardRules | None = None,
                 spelled: Callable[[str], list[str]] | None = None) -> None:
        self.idf = idf
        self.spelled = spelled or (lambda text: [])  # a mistyped domain word (五白兆 → 五百兆) is heard
        self.expander = expander
        self.rules = rules or UnheardRules.load()
        self.tagger = NameTagger()  # jieba's tagger, loaded on first use (shared with the name rules)
        self.known = {word for key, values in expander.table.items() for word in (key, *values)}

    def _misspelt(self, word: str) -> bool:
        """A domain word mistyped as a whole (白兆 → 百兆), not a piece of one sounding alike (补课班 → 步课)."""
        return any(len(spelt) == len(word) for spelt in self.spelled(word))

    def __call__(self, text: str, verb_first: bool = False) -> list[str]:
        """The content words of the text that no source uses; with `verb_first`, not its first word (村里能出面不:
        出面, tagged a noun, is what is to be done: whether one may do it is the rule's to say)."""
        found = []
        for number, part in enumerate(re.findall(r"[\u4e00-\u9fff]+", text)):
            for index, (word, tag) in enumerate(self.tagger.tagged(part)):
                if verb_first and number == 0 and index == 0:
                    continue
                if len(word) < MIN_CHARS or tag not in self.rules.tags or word in self.rules.ordinary:
                    continue
                if any(ch in self.rules.loose for ch in word):
                    continue
                if any(word in known or known in word for known in self.known if len(known) >= MIN_CHARS):
                    continue
                if all(not self.idf(word[i : i + 2]) for i in range(len(word) - 1)) and not self._misspelt(word):
                    found.append(word)
        return found
