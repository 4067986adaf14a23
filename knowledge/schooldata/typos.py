"""Typo distance between a typed place name and a real one, the threshold, and its measurement on generated pairs.

``typo_score(typed, name)`` is 1 − (weighted edit distance / length of the real name), where a
substitution by a homophone (same toneless pinyin) costs 0.1, by a near-homophone (zh/z, n/l,
-ng/-n…) 0.25, by any other character 1, and a dropped or extra character 0.5. A typed name is
taken as a typo of a real name only when the score reaches ``TYPO_THRESHOLD``; the threshold was
picked with ``pick_threshold`` on pairs generated from the data (``typo_pairs``):

* positives: each real name with one character replaced by a common homophone, or one character
  dropped (names of three characters or more);
* negatives: every pair of distinct real names, and each real name with one character replaced by
  a common character that does not sound alike (桃园 for 菜园: another village, not a typo).

``python -m knowledge.schooldata.typos`` prints the measured precision and recall.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.schooldata.sounds import readings, text_reading

TYPO_THRESHOLD = 0.8  # measured: see pick_threshold and the test of this module
HOMOPHONE_COST = 0.1
NEAR_HOMOPHONE_COST = 0.25
INDEL_COST = 0.5

_LOOSE_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_LOOSE_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=16384)
def toneless(ch: str) -> frozenset[str]:
    """Every toneless reading of a character (empty for anything but a Chinese character)."""
    if not _cjk(ch):
        return frozenset()
    return readings(ch)  # pypinyin's table read as data (sounds.py): no phrase dictionary to load


@lru_cache(maxsize=16384)
def usual_reading(ch: str) -> frozenset[str]:
    """The usual reading of a typed character: a name's character may be read any of its ways
    (堡 bao/bu/pu), but what the family typed is taken at its common reading, so that rare
    readings (园 = wan, 桃 = zhao) make no false homophones."""
    if not _cjk(ch):
        return frozenset()
    return text_reading(ch)


MAX_SPELLINGS = 16


def spellings(text: str, usual: bool = False, limit: int = MAX_SPELLINGS) -> list[str]:
    """The ways ``text`` is spelled in toneless pinyin without spaces (堡子 -> baozi, buzi, puzi…), at most ``limit``,
    in a stable order: every reading of each character (a name may be read any of its ways), or with ``usual`` only
    its usual one (what a family types). The one spelling helper of place names, school names and look-up words.
    A character without a reading stands for itself when every reading is taken, and leaves the text unspelt
    (``[]``) when only the usual one is."""
    read = usual_reading if usual else toneless
    options = [sorted(read(ch)) or ([] if usual else [ch]) for ch in text]
    if not all(options):
        return []
    return ["".join(combo) for combo in itertools.islice(itertools.product(*options), limit)]


@lru_cache(maxsize=4096)
def _loose(reading: str) -> str:
    for full, short in _LOOSE_INITIALS:
        if reading.startswith(full):
            reading = short + reading[len(full) :]
            break
    for full, short in _LOOSE_FINALS:
        if reading.endswith(full):
            return reading[: -len(full)] + short
    return reading


@lru_cache(maxsize=65536)
def substitution_cost(typed: str, real: str) -> float:
    """0 for the same character, 0.1 for a homophone, 0.25 for a near-homophone, else 1."""
    if typed == real:
        return 0.0
    a, b = usual_reading(typed), toneless(real)
    if a & b:
        return HOMOPHONE_COST
    if {_loose(r) for r in a} & {_loose(r) for r in b}:
        return NEAR_HOMOPHONE_COST
    return 1.0


def typo_score(typed: str, name: str) -> float:
    """1.0 for the same name, down to 0 (see the module docstring); both without 村/社区."""
    if not typed or not name:
        return 0.0
    previous = [i * INDEL_COST for i in range(len(name) + 1)]
    for i, a in enumerate(typed, start=1):
        current = [i * INDEL_COST]
        for j, b in enumerate(name, start=1):
            current.append(
                min(previous[j] + INDEL_COST, current[j - 1] + INDEL_COST, previous[j - 1] + substitution_cost(a, b))
            )
        previous = current
    return max(0.0, 1.0 - previous[-1] / len(name))


def is_typo_of(typed: str, name: str, threshold: float = TYPO_THRESHOLD) -> bool:
    return typed != name and typo_score(typed, name) >= threshold


# --------------------------------------------------------------------------- measurement


@lru_cache(maxsize=1)
def common_characters() -> tuple[str, ...]:
    """The 3,755 level-1 characters of GB2312 (the most common ones), in GB2312 order."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                ch = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.append(ch)
    return tuple(chars)


@lru_cache(maxsize=1)
def _common_by_reading() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for ch in common_characters():
        for reading in usual_reading(ch):
            table[reading].append(ch)
    return {reading: tuple(chars) for reading, chars in table.items()}


@dataclass(frozen=True)
class Pair:
    typed: str
    name: str
    positive: bool  # a typo of name (True) or another name (False)
    how: str  # homophone / deletion / other-name / other-character


def typo_pairs(names: Iterable[str], per_position: int = 2) -> list[Pair]:
    """Typo pairs generated from real names (see the module docstring); deterministic."""
    names = sorted({name for name in names if len(name) >= 2})
    real = set(names)
    by_reading = _common_by_reading()
    common = common_characters()
    pairs: list[Pair] = []
    for name in names:
        for index, ch in enumerate(name):
            sound_alike = sorted(
                {c for r in toneless(ch) for c in by_reading.get(r, ()) if c != ch and usual_reading(c) & toneless(ch)},
                key=common.index,
            )
            for other in sound_alike[:per_position]:
                typed = name[:index] + other + name[index + 1 :]
                if typed not in real:
                    pairs.append(Pair(typed, name, True, "homophone"))
            step = 997 * (index + 1) + sum(map(ord, name))
            unlike = [c for c in common[step % len(common) :] + common if substitution_cost(c, ch) == 1.0]
            typed = name[:index] + unlike[0] + name[index + 1 :]
            if typed not in real:
                pairs.append(Pair(typed, name, False, "other-character"))
            if len(name) >= 3:
                pairs.append(Pair(name[:index] + name[index + 1 :], name, True, "deletion"))
    for a, b in itertools.permutations(names, 2):
        # pairs with no character alike score 0 whatever the threshold: left out to save time
        if abs(len(a) - len(b)) <= 1 and any(substitution_cost(x, y) < 1 for x in a for y in b):
            pairs.append(Pair(a, b, False, "other-name"))
    return pairs


@dataclass(frozen=True)
class Measure:
    threshold: float
    precision: float
    recall: float
    positives: int
    negatives: int
    false_positives: tuple[Pair, ...]

    def line(self) -> str:
        return (
            f"typo threshold {self.threshold:.2f}: precision {self.precision:.3f}, recall {self.recall:.3f}"
            f" ({self.positives} typo pairs, {self.negatives} negative pairs)"
        )


def measure(pairs: Sequence[Pair], threshold: float = TYPO_THRESHOLD) -> Measure:
    scored = [(pair, typo_score(pair.typed, pair.name) >= threshold) for pair in pairs]
    true_pos = sum(1 for pair, hit in scored if hit and pair.positive)
    predicted = sum(1 for _, hit in scored if hit)
    positives = sum(1 for pair in pairs if pair.positive)
    return Measure(
        threshold,
        true_pos / predicted if predicted else 1.0,
        true_pos / positives if positives else 1.0,
        positives,
        len(pairs) - positives,
        tuple(pair for pair, hit in scored if hit and not pair.positive),
    )


def pick_threshold(pairs: Sequence[Pair]) -> Measure:
    """The threshold (0.50–0.95, steps of 0.05) with the best F1 of precision and recall; on a tie
    the higher one (fewer guesses)."""

    def f1(result: Measure) -> float:
        total = result.precision + result.recall
        return 2 * result.precision * result.recall / total if total else 0.0

    results = [measure(pairs, step / 20) for step in range(10, 20)]
    return max(results, key=lambda result: (round(f1(result), 6), result.threshold))


def main() -> int:
    from knowledge.schooldata.gazetteer import load_gazetteer
    from knowledge.schooldata.loader import load_rows

    gazetteer = load_gazetteer()
    names = {gazetteer.split_place(zone.place)[0] for zone in load_rows(_data_dir()).zones}
    pairs = typo_pairs(names)
    print(measure(pairs).line())
    best = pick_threshold(pairs)
    print(f"picked: {best.line()}")
    return 0


def _data_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[1] / "data")


if __name__ == "__main__":
    raise SystemExit(main())
