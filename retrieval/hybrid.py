"""Hybrid search: BM25 (characters + bigrams, after t2s) fused with dense vectors by reciprocal rank,
collapsed to one hit per section, with a calibrated in-scope decision."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Protocol

import numpy as np

from retrieval.embedders import Embedder
from retrieval.expand import Expander
from retrieval.hit import Hit
from retrieval.in_force import RELEVANT, arrange, visible
from retrieval.lexical import BM25Index, query_tokens
from retrieval.lexical_classifier import LexicalSectionClassifier
from retrieval.out_of_scope import NegativeIndex
from retrieval.phonetic import PhoneticFolder
from retrieval.question_bank import is_bank_unit
from retrieval.ranker import LinearRanker, softmax
from retrieval.same_point import SamePoints, states_a_point
from retrieval.scope import ScopeFeatures, ScopeModel
from retrieval.section_classifier import SectionClassifier
from retrieval.signals import Candidates, SectionLayout, candidate_signals, section_words
from retrieval.text import char_tokens, fold
from retrieval.units import Unit
from retrieval.vector_cache import cosine_scores, held_vectors

NAMED = re.compile(r"“([^“”]{2,12})”")  # a thing the sources name in quotation marks


class VectorSearch(Protocol):
    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]: ...


@dataclass
class RetrievalResult:
    query: str
    hits: list[Hit]
    in_scope: bool
    confidence: float
    features: ScopeFeatures | None = None
    expansions: list[str] = field(default_factory=list)
    candidates: Candidates | None = None  # the learned ranker's input (for fitting and the eval)
    decision: str = ""  # answer / clarify / decline (the scope model's three-way boundaries)
    # the nearest question-bank question (dense), when it was written for one sentence: (section key, its opening words)
    points_at: tuple[str, str] | None = None


@dataclass(frozen=True)
class HybridConfig:
    rrf_k: int = 20
    lexical_weight: float = 1.0
    dense_weight: float = 0.5
    candidates: int = 40
    use_lexical: bool = True
    use_dense: bool = True
    expand: bool = True
    # "learned": the fitted ranker over all signals (question bank included), when one is fitted for the embedder;
    # "score": normalised BM25 + weighted normalised cosine; "rrf": reciprocal rank (both ignore the question bank)
    fusion: str = "learned"
    # the encoder's cost grows with the input (about 1 ms a Chinese character on 2 cores): the dense
    # side sees at most this many characters (the end of a long question, where the ask usually is);
    # the lexical side always sees the whole question
    dense_max_chars: int = 28
    dense_max_chars_latin: int = 120


class HybridRetriever:
    def __init__(
        self,
        units: Sequence[Unit],
        embedder: Embedder,
        vectors: VectorSearch,
        expander: Expander | None = None,
        scope: ScopeModel | None = None,
        config: HybridConfig | None = None,
        phonetic: PhoneticFolder | None = None,
        ranker: LinearRanker | None = None,
        negatives: NegativeIndex | None = None,
        lexical: BM25Index | None = None,
    ) -> None:
        self.units = list(units)
        self.embedder = embedder
        self.vectors = vectors
        self.expander = expander or Expander.empty()
        self.scope = scope or ScopeModel.default(embedder.name)
        self.config = config or HybridConfig()
        self.phonetic = phonetic or PhoneticFolder.empty()
        self.ranker = ranker
        self.negatives = negatives  # out-of-scope questions: signals for the in-scope decision only
        # set by the composition root, fitted on the units (retrieval/section_classifier.py, lexical_classifier.py)
        self.classifier: SectionClassifier | None = None
        self.lexical_classifier: LexicalSectionClassifier | None = None
        self._by_id = {unit.unit_id: i for i, unit in enumerate(self.units)}
        self._keys = [unit.section.key for unit in self.units]
        self._is_bank = np.array([is_bank_unit(unit) for unit in self.units], dtype=bool)
        # units of documents not in force (drafts, withdrawn, superseded): hidden unless the question names them
        self._not_in_force = [i for i, unit in enumerate(self.units) if not visible(unit.section, "")]
        self._bank_count = int(self._is_bank.sum())
        self._layout = SectionLayout.of([unit.section for unit in self.units], self._keys, self._is_bank)
        self.lexical = lexical or BM25Index([unit.text for unit in self.units])  # given: loaded from a cache
        self._section_words = {unit.section.key: section_words(unit.section) for unit in self.units if not is_bank_unit(unit)}
        self.same_points = self._same_points()
        self._rows_key: tuple[int, int] | None = None
        self._rows: tuple[np.ndarray, np.ndarray] | None = None

    @cached_property
    def source_words(self) -> BM25Index:
        """The lexical index of the sources' own units (sections, windows, data records), the question bank left out:
        the answer's steps weigh a question's terms by how rare they are in what can be quoted."""
        return BM25Index([unit.text for unit in self.units if not is_bank_unit(unit)])

    @cached_property
    def named_terms(self) -> frozenset[str]:
        """What the sources name in quotation marks (“亲情电话”, “县管校聘”, “3+5+20”), folded: things, not cues."""
        texts = [unit.section.text for unit in self.units if unit.section.kind == "policy" and not is_bank_unit(unit)]
        return frozenset(fold(term) for text in dict.fromkeys(texts) for term in NAMED.findall(text))

    def _same_points(self) -> SamePoints:
        """Which units of different documents speak on the same point, from their own vectors and words."""
        if len({unit.section.doc_id for unit in self.units if unit.section.kind == "policy" and not is_bank_unit(unit)}) < 2:
            return SamePoints.empty()
        held = held_vectors(self.vectors)
        rows = {unit_id: i for i, unit_id in enumerate(held[0])} if held else {}
        wanted = [unit for unit in self.units if states_a_point(unit)]
        missing = [unit for unit in wanted if unit.unit_id not in rows]
        fresh = self.embedder.embed_passages([unit.embed_text for unit in missing]) if missing else np.zeros((0, 1))
        extra = {unit.unit_id: i for i, unit in enumerate(missing)}
        picked = [held[1][rows[u.unit_id]] if held and u.unit_id in rows else fresh[extra[u.unit_id]] for u in wanted]
        matrix = np.vstack(picked) if picked else np.zeros((0, 1), dtype=np.float32)
        return SamePoints.build(self.units, wanted, matrix, self.lexical.idf)

    def _dense_ranking(self, query_vector: np.ndarray, k: int, hidden: set[int]) -> list[tuple[int, float]]:
        """(unit index, cosine) of the k nearest vectors, best first, hidden units left out. Vectors held in memory
        are ranked with array operations: k spans nearly every unit (the bank's), and a loop over them in Python cost
        more than the ranking itself."""
        rows = self._vector_rows()
        if rows is None:
            return [(self._by_id[unit_id], similarity) for unit_id, similarity in self.vectors.search(query_vector, k)
                    if unit_id in self._by_id and self._by_id[unit_id] not in hidden]
        matrix, units = rows
        scores = cosine_scores(matrix, query_vector)
        order = np.argsort(-scores)[:k]  # as `matrix_search` orders them
        found = units[order]
        keep = found >= 0
        if hidden:
            keep &= ~np.isin(found, list(hidden))
        return list(zip(found[keep].tolist(), scores[order][keep].tolist(), strict=True))

    def _expansions(self, folded: str) -> list[str]:
        expansions = self.expander.expansions(folded)
        return expansions + [e for e in self.phonetic.expansions(folded) if e not in expansions]

    def weighted_tokens(self, text: str) -> dict[str, float]:
        """A text's tokens as the lexical side weighs a question's: its own, and its expansions' at less weight."""
        folded = fold(text)
        return query_tokens(folded, self._expansions(folded))

    def _vector_rows(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The in-memory matrix of an exact vector search, with each row's unit index (-1: a vector of no unit here)."""
        ids, matrix = getattr(self.vectors, "ids", None), getattr(self.vectors, "matrix", None)
        if ids is None or not isinstance(matrix, np.ndarray):
            return None
        key = (id(matrix), len(ids))
        if self._rows_key != key:
            self._rows = (matrix, np.array([self._by_id.get(unit_id, -1) for unit_id in ids], dtype=np.int64))
            self._rows_key = key
        return self._rows

    def _hidden(self, folded: str) -> set[int]:
        """The units no search may return for this question: drafts never; withdrawn or superseded documents
        only when the question names them."""
        return {i for i in self._not_in_force if not visible(self.units[i].section, folded)}

    def dense_text(self, query: str) -> str:
        """The exact text the dense side embeds for this query (with the default configuration): other
        users of the query vector (the approved-answer matcher) embed the same text, so that one encoder
        call, held by the query-vector cache, serves both."""
        return dense_text(query, self.expander, self.config)

    def search(self, query: str, k: int = 5, config: HybridConfig | None = None) -> RetrievalResult:
        cfg = config or self.config
        folded = fold(query)
        expansions = self._expansions(folded) if cfg.expand else []
        weighted = query_tokens(folded, expansions)
        all_lexical = self.lexical.scores(weighted) if cfg.use_lexical else np.zeros(len(self.units))
        hidden = self._hidden(folded)  # visibility comes before any ranking, in every path
        all_lexical[list(hidden)] = 0.0
        lexical_scores = np.where(self._is_bank, 0, all_lexical)  # the hand fusion ignores the question bank
        lexical_order = [int(i) for i in np.argsort(-lexical_scores)[: cfg.candidates] if lexical_scores[i] > 0]
        all_dense: list[tuple[int, float]] = []
        query_vector: np.ndarray | None = None
        if cfg.use_dense and self.units:
            dense_query = _dense_input(folded, expansions, cfg)
            query_vector = self.embedder.embed_query(dense_query)
            # the question bank's many short units must not crowd the sections' own units out of the list
            all_dense = self._dense_ranking(query_vector, 3 * cfg.candidates + self._bank_count, hidden)
        dense = list(islice(((i, sim) for i, sim in all_dense if not self._is_bank[i]), cfg.candidates))
        negative = self._negative_signals(query_vector, weighted, all_dense, folded)
        if cfg.fusion == "learned" and self.ranker is not None:
            classified = (self.classifier.probabilities(query_vector) if self.classifier is not None and query_vector is not None else {},
                          self.lexical_classifier.probabilities(weighted) if self.lexical_classifier is not None else {})
            return self._learned(query, folded, expansions, weighted, all_lexical, all_dense, lexical_scores, lexical_order, dense, k, cfg, negative,
                                 classified)

        fused: dict[int, float] = {}
        lexical_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        dense_sim: dict[int, float] = {}
        top_lexical = float(lexical_scores[lexical_order[0]]) if lexical_order else 1.0
        sims = np.array([similarity for _, similarity in dense], dtype=np.float32)
        sim_hi = float(sims.max()) if len(sims) else 1.0
        sim_lo = float(sims.min()) if len(sims) else 0.0
        for rank, index in enumerate(lexical_order):
            lexical_rank[index] = rank
            part = float(lexical_scores[index]) / top_lexical if cfg.fusion == "score" else 1 / (cfg.rrf_k + rank + 1)
            fused[index] = fused.get(index, 0.0) + cfg.lexical_weight * part
        for rank, (index, similarity) in enumerate(dense):
            dense_rank[index] = rank
            dense_sim[index] = similarity
            if cfg.fusion == "score":
                part = (similarity - sim_lo) / (sim_hi - sim_lo) if sim_hi > sim_lo else 1.0
            else:
                part = 1 / (cfg.rrf_k + rank + 1)
            fused[index] = fused.get(index, 0.0) + cfg.dense_weight * part

        best: dict[str, tuple[float, int]] = {}
        section_sim: dict[str, float] = {}
        for index, similarity in dense_sim.items():
            key = self._keys[index]
            section_sim[key] = max(section_sim.get(key, similarity), similarity)
        for index, score in fused.items():
            key = self._keys[index]
            if key not in best or score > best[key][0]:
                best[key] = (score, index)
        ranked = sorted(best.values(), key=lambda pair: -pair[0])
        section_lex_rank = _section_ranks(self._keys, lexical_order)
        section_dense_rank = _section_ranks(self._keys, [i for i, _ in dense])
        hits = [
            Hit(
                section=self.units[index].section,
                score=score,
                unit_text=self.units[index].text,
                lexical_rank=section_lex_rank.get(self.units[index].section.key),
                dense_rank=section_dense_rank.get(self.units[index].section.key),
                dense_score=section_sim.get(self._keys[index], 0.0),
                unit_id=self.units[index].unit_id,
            )
            for score, index in ranked[: max(k, 8, RELEVANT)]
        ]
        hits = arrange(hits, folded, self.same_points)  # a newer document in force restates the point: it leads
        # the in-scope decision looks at the policy text only: school-data records are looked up, not judged
        policy = [h for h in hits if h.section.kind == "policy"]
        features = self._features(
            folded,
            weighted,
            policy,
            [(i, sim) for i, sim in dense if self.units[i].section.kind == "policy"],
            lexical_scores,
            [i for i in lexical_order if self.units[i].section.kind == "policy"],
            negative=negative,
        )
        probability = self.scope.probability(features)
        decision = self.scope.decide(probability, features)
        return RetrievalResult(query, hits[:k], decision != "decline", probability, features, expansions, None, decision)

    def _learned(
        self,
        query: str,
        folded: str,
        expansions: list[str],
        weighted: dict[str, float],
        all_lexical: np.ndarray,
        all_dense: list[tuple[int, float]],
        lexical_scores: np.ndarray,
        lexical_order: list[int],
        dense: list[tuple[int, float]],
        k: int,
        cfg: HybridConfig,
        negative: tuple[float, float] = (0.0, 0.0),
        classified: tuple[dict[str, float], dict[str, float]] = ({}, {}),
    ) -> RetrievalResult:
        assert self.ranker is not None
        found = candidate_signals(folded, expansions, self._layout, self._keys, self._is_bank, all_lexical, all_dense, self.lexical, cfg.candidates,
                                  self._section_words, classified)
        probabilities = softmax(self.ranker.scores(found.features))
        order = [int(i) for i in np.argsort(-probabilities)]
        section_lex_rank = _section_ranks(self._keys, lexical_order)
        section_dense_rank = _section_ranks(self._keys, [i for i, _ in dense])
        hits = [
            Hit(
                section=found.sections[i],
                score=float(probabilities[i]),
                unit_text=self.units[found.best_unit[i]].text,
                lexical_rank=section_lex_rank.get(found.sections[i].key),
                dense_rank=section_dense_rank.get(found.sections[i].key),
                dense_score=found.dense_top[i],
                unit_id=self.units[found.best_unit[i]].unit_id,
            )
            for i in order[: max(k, 8, RELEVANT)]
        ]
        policy = [h for h in hits if h.section.kind == "policy"]
        features = self._features(
            folded,
            weighted,
            policy,
            [(i, sim) for i, sim in dense if self.units[i].section.kind == "policy"],
            lexical_scores,
            [i for i in lexical_order if self.units[i].section.kind == "policy"],
            policy_share=sum(h.score for h in policy[:1]),
            bank_top=next((sim for i, sim in all_dense if self._is_bank[i]), 0.0),  # best first: the first is the top
            negative=negative,
        )
        probability = self.scope.probability(features)
        decision = self.scope.decide(probability, features)
        hits = arrange(hits, folded, self.same_points)  # a newer document in force restates the point: it leads
        nearest = next((self.units[i] for i, _ in all_dense if self._is_bank[i]), None)
        points_at = (nearest.section.key, nearest.points_at) if nearest is not None and nearest.points_at else None
        return RetrievalResult(query, hits[:k], decision != "decline", probability, features, expansions, found, decision, points_at)

    def _features(
        self,
        folded: str,
        weighted: dict[str, float],
        hits: list[Hit],
        dense: list[tuple[int, float]],
        lexical_scores: np.ndarray,
        lexical_order: list[int],
        policy_share: float | None = None,
        bank_top: float = 0.0,
        negative: tuple[float, float] = (0.0, 0.0),
    ) -> ScopeFeatures:
        own_tokens = set(char_tokens(folded))
        bigrams = [t for t in own_tokens if len(t) == 2 and not t.isascii()]
        known = [t for t in bigrams if self.lexical.known(t)]
        bigram_coverage = len(known) / len(bigrams) if bigrams else 0.0
        top_text = fold(hits[0].unit_text) if hits else ""
        informative = [t for t in bigrams if self.lexical.idf(t) > 0 or not self.lexical.known(t)]
        total_idf = sum(self.lexical.idf(t) or 4.0 for t in informative)
        matched_idf = sum(self.lexical.idf(t) for t in informative if t in top_text)
        dense_top = dense[0][1] if dense else 0.0
        dense_gap = dense_top - dense[min(9, len(dense) - 1)][1] if dense else 0.0
        agree = bool(hits) and hits[0].lexical_rank == 0 and hits[0].dense_rank == 0
        latin = sum(ch.isascii() and ch.isalpha() for ch in folded) / max(len(folded), 1)
        return ScopeFeatures(
            dense_top=dense_top,
            dense_gap=dense_gap,
            bigram_coverage=bigram_coverage,
            matched_idf_share=matched_idf / total_idf if total_idf else 0.0,
            lexical_top=math.log1p(float(lexical_scores[lexical_order[0]])) if lexical_order else 0.0,
            agree=agree,
            latin_share=latin,
            english_coverage=self.expander.english_coverage(folded),
            synonym_hits=float(min(len(self.expander.hits(folded)), 5)),
            top_share=policy_share if policy_share is not None else 1.0,
            bank_top=bank_top,
            oos_dense_margin=negative[0],
            oos_lexical_share=negative[1],
        )

    def _negative_signals(self, query_vector: np.ndarray | None, weighted: dict[str, float], all_dense: list[tuple[int, float]],
                          folded: str = "") -> tuple[float, float]:
        """How far the nearest out-of-scope question lies above the nearest positive unit (dense, lexical)."""
        if self.negatives is None:
            return 0.0, 0.0
        positive_top = all_dense[0][1] if all_dense else 0.0  # best first
        return self.negatives.signals(query_vector, weighted, positive_top, folded)


def dense_text(query: str, expander: Expander, config: HybridConfig) -> str:
    """What the dense side embeds for `query` under `config`."""
    folded = fold(query)
    return _dense_input(folded, expander.expansions(folded) if config.expand else [], config)


def _dense_input(folded: str, expansions: list[str], cfg: HybridConfig) -> str:
    latin = sum(ch.isascii() and ch.isalpha() for ch in folded) > len(folded) / 2
    limit = cfg.dense_max_chars_latin if latin else cfg.dense_max_chars
    text = folded if len(folded) <= limit else folded[-limit:]
    extra = " ".join(expansions[:4])
    return f"{text} {extra}" if extra and len(text) + len(extra) <= limit else text


def _section_ranks(keys: Sequence[str], order: Sequence[int]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for index in order:
        key = keys[index]
        if key not in ranks:
            ranks[key] = len(ranks)
    return ranks
