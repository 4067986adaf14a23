"""Negative units: typical education questions that no source answers (knowledge/out_of_scope_bank.yaml).

They are never retrieved, ranked or quoted. They give the in-scope decision two signals that generalise to
near-domain questions the own evaluation sets never asked (中考分数线, 幼儿园报名, 招教考试…):
- `oos_dense_margin`: the best cosine of a negative question minus the best cosine of a positive unit (a
  question-bank question or a section's own unit), both against the same query vector;
- `oos_lexical_share`: in one BM25 index over the positive bank questions and the negatives, the best
  negative score's share of the best negative + best positive score.
A negative clearly above every positive means "this is the kind of question the plan does not answer".
A negative that names a place outside the county (兰州的初中对口划片咋查) counts only for a question that names one
too (the file's `outside_places`): without its place it is an in-scope question (初中 划片), and it would push a
bare keyword question out of scope.
The vectors are embedded once and kept beside the index (a small .npy keyed by the embedder and the texts).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.ingest.script import fold
from knowledge.yamlload import safe_load
from retrieval.embedders import Embedder
from retrieval.lexical import BM25Index, cached_bm25, query_tokens
from retrieval.vector_cache import cosine_scores

logger = logging.getLogger(__name__)


def default_path() -> Path:
    return Path(__file__).resolve().parents[1] / "knowledge" / "out_of_scope_bank.yaml"


def load_negatives(path: Path | None = None) -> list[str]:
    """Every question of every topic, folded (t2s); an absent file means no negatives."""
    path = path or default_path()
    if not path.exists():
        return []
    raw = safe_load(path.read_text(encoding="utf-8")) or {}
    questions: list[str] = []
    for topic in raw.get("topics") or []:
        questions.extend(fold(str(q)) for q in topic.get("questions") or [] if str(q).strip())
    return questions


@dataclass(frozen=True)
class OutsidePlaces:
    """Words naming a place outside the county (银川, 兰州, 外省 …), and the county's own places that hold one of
    them (西安镇 is in Haiyuan), folded."""

    words: tuple[str, ...] = ()
    inside_alike: tuple[str, ...] = ()

    def named_in(self, text: str) -> bool:
        lowered = text.lower()
        for own in self.inside_alike:
            lowered = lowered.replace(own, " ")
        return any(place in lowered for place in self.words)


def load_outside_places(path: Path | None = None) -> OutsidePlaces:
    """The bank's `outside_places` and `inside_alike`; none when the file gives none."""
    path = path or default_path()
    if not path.exists():
        return OutsidePlaces()
    raw = safe_load(path.read_text(encoding="utf-8")) or {}

    def words(key: str) -> tuple[str, ...]:
        return tuple(fold(str(word)).lower() for word in raw.get(key) or [] if str(word).strip())

    return OutsidePlaces(words("outside_places"), tuple(sorted(words("inside_alike"), key=len, reverse=True)))


@dataclass
class NegativeIndex:
    texts: list[str]
    vectors: np.ndarray  # (n, dim), unit rows
    lexical: BM25Index  # over the positive bank questions, then the negatives
    positives: int  # how many leading rows of `lexical` are positive bank questions
    places: OutsidePlaces = OutsidePlaces()
    placed: np.ndarray | None = None  # (n,) bool: the negative names a place outside the county

    @classmethod
    def build(cls, negatives: Sequence[str], positive_bank: Sequence[str], embedder: Embedder, cache_dir: Path | None = None,
              places: OutsidePlaces | None = None) -> NegativeIndex | None:
        if not negatives:
            return None
        texts = list(negatives)
        vectors = _cached_vectors(texts, embedder, cache_dir)
        places = places or OutsidePlaces()
        placed = np.array([places.named_in(text) for text in texts], dtype=bool)
        return cls(texts, vectors, cached_bm25(list(positive_bank) + texts, cache_dir, "negatives"), len(positive_bank),
                   places, placed)

    def signals(self, query_vector: np.ndarray | None, weighted_tokens: dict[str, float], positive_top: float,
                folded: str = "") -> tuple[float, float]:
        """(dense margin, lexical share); (0, 0) when there is nothing to compare. The negatives naming a place
        outside the county count only when the question names one too."""
        keep = np.ones(len(self.texts), dtype=bool)
        if self.placed is not None and not self.places.named_in(folded):
            keep = ~self.placed
        margin = 0.0
        if query_vector is not None and keep.any():
            margin = float(cosine_scores(self.vectors, query_vector)[keep].max()) - positive_top
        scores = self.lexical.scores(weighted_tokens)
        pos = float(scores[: self.positives].max()) if self.positives else 0.0
        negative_scores = scores[self.positives :][keep]
        neg = float(negative_scores.max()) if len(negative_scores) else 0.0
        share = neg / (neg + pos) if neg + pos > 0 else 0.0
        return margin, share


def _cached_vectors(texts: list[str], embedder: Embedder, cache_dir: Path | None) -> np.ndarray:
    digest = hashlib.sha256("\n".join([embedder.name, *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"out-of-scope-{digest}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return np.asarray(vectors, dtype=np.float32)
        except (OSError, ValueError):
            pass
    vectors = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        except OSError as exc:
            logger.warning("out-of-scope vectors not cached (%s)", exc)
    return vectors


def load_positive_questions(path: Path | None = None) -> list[str]:
    """Every question of the question bank (knowledge/question_bank.yaml), folded: those of the plan's sections and
    those of the school-data kinds (what the look-ups answer) alike."""
    path = path or Path(__file__).resolve().parents[1] / "knowledge" / "question_bank.yaml"
    if not path.exists():
        return []
    raw = safe_load(path.read_text(encoding="utf-8")) or {}
    return [fold(str(q)) for entry in raw.get("entries") or [] for q in entry.get("questions") or [] if str(q).strip()]


class LexicalNegatives:
    """The lexical half of the out-of-scope signal, without an embedder: one BM25 index over positive texts (what
    is answered) and then the negatives; `share` is the best negative score's share of best negative + best positive.
    Cheap (a few hundred short texts), so a step before retrieval (the look-ups) can ask it."""

    def __init__(self, positives: Sequence[str], negatives: Sequence[str]) -> None:
        self.positives = len(positives)
        self.index = BM25Index([*positives, *negatives])
        self.has_negatives = bool(negatives)

    @classmethod
    def load(cls) -> LexicalNegatives | None:
        """From the two banks (built once per process: every assistant of a process shares it)."""
        return _lexical_negatives()

    def share(self, folded: str) -> float:
        scores = self.index.scores(query_tokens(folded, ()))
        pos = float(scores[: self.positives].max()) if self.positives else 0.0
        neg = float(scores[self.positives :].max()) if len(scores) > self.positives else 0.0
        return neg / (neg + pos) if neg + pos > 0 else 0.0


@lru_cache(maxsize=1)
def _lexical_negatives() -> LexicalNegatives | None:
    negatives = load_negatives()
    return LexicalNegatives(load_positive_questions(), negatives) if negatives else None
