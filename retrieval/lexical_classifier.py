"""A section classifier over the question's words: softmax regression on tf-idf of characters and bigrams.

The same examples as the vector classifier (the question bank's questions and the sections' own units, each an
example of its policy section), read as the lexical side reads a question: its characters and bigrams with the
expansions (synonyms, homophones, pinyin) the question carries. BM25 scores every unit alike; the classifier
learns which words tell one section from the others (随迁 points at one section wherever it stands, 学校 at none).
Its probability for a candidate is a signal of the learned ranker.

Fitted in numpy and scipy.sparse (Adam, about 2 s for two thousand units on two cores) and kept beside the vector
sidecar, keyed by the examples' texts, their sections and the synonym table."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from retrieval.section_classifier import fit_softmax, one_hot, save_replacing, softmax_rows

FORMAT = 1
TEMPERATURE = 5.0
STEPS = 400
RATE = 0.05
L2 = 1e-4
Tokens = Callable[[str], dict[str, float]]  # a text's weighted tokens, as the lexical side reads a question


@dataclass(frozen=True)
class LexicalSectionClassifier:
    keys: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (vocabulary, classes)
    bias: np.ndarray

    @classmethod
    def fit(cls, examples: Sequence[dict[str, float]], keys: Sequence[str]) -> LexicalSectionClassifier:
        vocabulary: dict[str, int] = {}
        for tokens in examples:
            for token in tokens:
                vocabulary.setdefault(token, len(vocabulary))
        df = np.zeros(len(vocabulary))
        for tokens in examples:
            df[[vocabulary[t] for t in tokens]] += 1
        idf = (np.log((1 + len(examples)) / (1 + df)) + 1).astype(np.float32)
        rows, cols, values = [], [], []
        for i, tokens in enumerate(examples):
            index, value = _row(tokens, vocabulary, idf)
            rows += [i] * len(index)
            cols += index
            values += value.tolist()
        x = sp.csr_matrix((values, (rows, cols)), shape=(len(examples), len(vocabulary)), dtype=np.float32)
        classes = tuple(sorted(set(keys)))
        weights, bias = fit_softmax(x, one_hot(keys, classes), TEMPERATURE, STEPS, RATE, L2)
        return cls(classes, vocabulary, idf, weights, bias)

    def probabilities(self, tokens: dict[str, float]) -> dict[str, float]:
        """Each section's probability for a question read as these weighted tokens."""
        index, value = _row(tokens, self.vocabulary, self.idf)
        logits = self.bias + (TEMPERATURE * (value @ self.weights[index]) if index else 0.0)
        return dict(zip(self.keys, softmax_rows(np.asarray(logits, dtype=np.float32)[None, :])[0].tolist(), strict=True))


def _row(tokens: dict[str, float], vocabulary: dict[str, int], idf: np.ndarray) -> tuple[list[int], np.ndarray]:
    """The known tokens' columns and their tf-idf values, the row scaled to unit length."""
    known = [(vocabulary[t], w) for t, w in tokens.items() if t in vocabulary]
    index = [i for i, _ in known]
    value = np.array([w for _, w in known], dtype=np.float32) * idf[index] if known else np.zeros(0, dtype=np.float32)
    norm = float(np.linalg.norm(value))
    return index, value / norm if norm else value


def _key(texts: Sequence[str], keys: Sequence[str], salt: str) -> str:
    digest = hashlib.sha256(f"lexical classifier {FORMAT} {STEPS} {RATE} {L2} {TEMPERATURE}\n{salt}\n".encode("utf-8", "surrogatepass"))
    for text, key in zip(texts, keys, strict=True):
        digest.update(f"{key}\x00{text}\x00".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cached_lexical_classifier(directory: Path, texts: Sequence[str], keys: Sequence[str], tokens: Tokens, salt: str = "") -> LexicalSectionClassifier | None:
    """The classifier for exactly these examples: read from `directory` when fitted before, else fitted and written.
    `salt` names what else shapes the tokens (the synonym table). None when there is nothing to tell apart."""
    if len(set(keys)) < 2:
        return None
    key = _key(texts, keys, salt)
    path = directory / f"lexclassifier-{key[:24]}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) == key:
                words = [str(w) for w in data["vocabulary"]]
                return LexicalSectionClassifier(tuple(str(k) for k in data["keys"]), {w: i for i, w in enumerate(words)}, data["idf"],
                                                data["weights"], data["bias"])
    except (OSError, ValueError, KeyError):
        pass
    classifier = LexicalSectionClassifier.fit([tokens(text) for text in texts], keys)
    words = sorted(classifier.vocabulary, key=classifier.vocabulary.__getitem__)
    save_replacing(path, "lexclassifier-*.npz", key=np.array(key), keys=np.array(classifier.keys), vocabulary=np.array(words), idf=classifier.idf,
                   weights=classifier.weights, bias=classifier.bias)
    return classifier
