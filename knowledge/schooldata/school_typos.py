"""Schools named with a typo (园和小学 for 园河小学): names ending in 小学/中学/教学点/学校 scored with the place typo threshold."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from knowledge.schooldata.typos import TYPO_THRESHOLD, typo_score

_SCHOOL_TAIL = re.compile(r"(中心小学|中心校|九年一贯制学校|九年一贯制|教学点|小学|中学)")
_STOP = set("在是的我俺咱你他们去到了个这那哪啥什么里跟与或说问娃，。、；：！？,.;:!? #")


class SchoolTypos:
    """Matches a misspelt school name against the directory's school aliases (folded)."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        # alias -> (stem before the tail, tail, ids); only aliases with a school-type tail
        self._entries: list[tuple[str, str, tuple[str, ...]]] = []
        for alias, ids in aliases.items():
            tail = _SCHOOL_TAIL.search(alias)
            if tail and tail.end() == len(alias) and tail.start() >= 2:
                self._entries.append((alias[: tail.start()], tail.group(), tuple(ids)))

    def match(self, folded: str) -> list[tuple[tuple[str, ...], int, int, float]]:
        """(school ids, start, end, score) for each misspelt school name in ``folded``, best score only."""
        found: list[tuple[tuple[str, ...], int, int, float]] = []
        for hit in _SCHOOL_TAIL.finditer(folded):
            before = ""
            for ch in reversed(folded[: hit.start()]):
                if ch in _STOP or not ("\u4e00" <= ch <= "\u9fff"):
                    break
                before = ch + before
            if len(before) < 2:
                continue
            best, ids = 0.0, tuple[str, ...]()
            for stem, tail, entry_ids in self._entries:
                if tail != hit.group() or abs(len(stem) - len(before)) > 3:
                    continue
                typed = before[-len(stem) :] if len(before) >= len(stem) else before
                shared = 0  # a shared township prefix (西安镇…) says nothing about the typo: score the rest
                while shared < min(len(typed), len(stem)) and typed[shared] == stem[shared]:
                    shared += 1
                shared = max(0, min(shared, len(stem) - 2, len(typed) - 2))
                score = typo_score(typed[shared:], stem[shared:])
                if score >= TYPO_THRESHOLD and score > best and typed != stem:
                    best, ids = score, entry_ids
            if ids:
                start = hit.start() - min(len(before), max(len(s) for s, _, i in self._entries if i == ids))
                found.append((ids, start, hit.end(), best))
        return found
