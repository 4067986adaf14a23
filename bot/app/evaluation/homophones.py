"""Homophones typed or heard: what a question set loses when characters of its questions are replaced by others read
the same (补助 → 补主, 轮岗 → 论岗), the errors of pinyin input and of speech-to-text (families hold the mic button in
WeChat). Each question gets `n` replacements at seeded random places; a replacement is another character of the
indexed texts with the same toneless reading. The clean and the changed questions are scored the same way
(`families.score`), so the difference is what the typo and homophone folding (retrieval/phonetic.py) does not undo."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TextIO

from bot.app.evaluation.dataset import EVAL_DIR, Question, load_questions
from bot.app.evaluation.families import Respond, score, sha256
from knowledge.schooldata.sounds import is_cjk, primary_reading

SETS = ("holdout.jsonl", "events_dev.jsonl")  # own sets: one in the plan's words, one in families' everyday words
COUNTS = (1, 2)  # characters replaced per question
SEED = 20261201
DRAWS = 3  # seeded draws per count, averaged: one draw of 1–2 characters in 100–200 questions moves by a few questions

Pool = dict[str, tuple[str, ...]]  # toneless reading -> the characters read so, sorted


def homophone_pool(texts: Iterable[str]) -> Pool:
    """The characters of `texts`, grouped by their usual toneless reading (readings of one character are left out)."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for ch in text:
            if is_cjk(ch):
                reading = primary_reading(ch)
                if reading:
                    grouped[reading].add(ch)
    return {reading: tuple(sorted(chars)) for reading, chars in grouped.items() if len(chars) > 1}


def corrupt(question: str, pool: Pool, rng: random.Random, n: int) -> str:
    """`question` with `n` of its Chinese characters (fewer when fewer have a homophone) replaced by a homophone."""
    chars = list(question)
    places = [i for i, ch in enumerate(chars) if is_cjk(ch) and primary_reading(ch) in pool]
    for i in rng.sample(places, min(n, len(places))):
        others = [ch for ch in pool[primary_reading(chars[i])] if ch != chars[i]]
        chars[i] = rng.choice(others)
    return "".join(chars)


def robustness(respond: Respond, items: Sequence[Question], pool: Pool, counts: Sequence[int] = COUNTS,
               seed: int = SEED) -> dict[str, float]:
    """top-1, answerable declined and out of scope declined, clean and with each count of homophones (the mean of
    `DRAWS` draws)."""
    scored = [q for q in items if q.answerable or q.kind == "oos"]
    clean = score(respond, scored)
    figures = {"top1_clean": clean["top1"], "declined_clean": clean["answerable_declined"], "oos_declined_clean": clean["oos_declined"]}
    for n in counts:
        draws = []
        for draw in range(DRAWS):
            rng = random.Random(seed + 100 * n + draw)
            draws.append(score(respond, [replace(q, question=corrupt(q.question, pool, rng, n)) for q in scored]))
        figures[f"top1_{n}"] = sum(d["top1"] for d in draws) / DRAWS
        figures[f"declined_{n}"] = sum(d["answerable_declined"] for d in draws) / DRAWS
        figures[f"oos_declined_{n}"] = sum(d["oos_declined"] for d in draws) / DRAWS
    figures["n"] = clean["n"]
    return figures


def homophone_figures(respond: Respond, pool: Pool) -> dict[str, dict[str, float]]:
    return {name: robustness(respond, load_questions(EVAL_DIR / name), pool) for name in SETS if (EVAL_DIR / name).exists()}


def print_homophones(figures: dict[str, dict[str, float]], out: TextIO) -> None:
    print(f"\nHomophones typed or heard (own sets; {', '.join(str(n) for n in COUNTS)} characters per question replaced by "
          f"a character read the same; mean of {DRAWS} seeded draws from {SEED}):", file=out)
    for name, f in figures.items():
        cells = "   ".join(f"{n}: top-1 {f[f'top1_{n}']:.3f} declined {f[f'declined_{n}']:.3f} out of scope declined "
                           f"{f[f'oos_declined_{n}']:.3f}" for n in COUNTS)
        print(f"  {name:20} clean: top-1 {f['top1_clean']:.3f} declined {f['declined_clean']:.3f} out of scope declined "
              f"{f['oos_declined_clean']:.3f}   {cells}   ({f['n']:.0f} answerable; sha256 {sha256(EVAL_DIR / name)[:12]}…)", file=out)
